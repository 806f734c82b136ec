#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chronoline/error.hpp"
#include "chronoline/io.hpp"

namespace chronoline {

namespace {

// Closes a descriptor on every way out.
struct Descriptor {
    int fd = -1;
    explicit Descriptor(int f) : fd(f) {}
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;
    ~Descriptor() {
        if (fd >= 0) ::close(fd);
    }
};

// A size for a message in MiB, to a tenth rounded up (a file just over the limit must not read
// as the limit itself), or in bytes below one MiB.
std::string mebibytes(std::uintmax_t bytes) {
    if (bytes < (1u << 20)) return std::to_string(bytes) + " bytes";
    const std::uintmax_t tenths = (bytes * 10 + (1u << 20) - 1) >> 20;
    return std::to_string(tenths / 10) + (tenths % 10 ? "." + std::to_string(tenths % 10) : "") + " MiB";
}

// The bytes of an open descriptor into `buffer`: a regular file in one read of its fstat size,
// anything else (a pipe, a device, standard input) in chunks to its end. Over `max_bytes` is
// refused either way.
void read_descriptor(int fd, std::string& buffer, std::size_t max_bytes) {
    struct stat st {};
    const bool stat_failed = ::fstat(fd, &st) != 0;
    // Offsets are 32-bit and a document is held whole in memory: refuse what cannot be an article.
    const std::uintmax_t limit = std::min(max_bytes, kMaxInputLimit);
    const bool regular = !stat_failed && S_ISREG(st.st_mode);
    const auto size = static_cast<std::uintmax_t>(st.st_size);
    if (stat_failed || S_ISDIR(st.st_mode) || (regular && size > limit)) {
        buffer.clear();
        if (stat_failed) throw input_error("read error");
        if (S_ISDIR(st.st_mode)) throw input_error("is a directory");
        throw input_error("too large (" + mebibytes(size) + "; the limit is " + mebibytes(limit) + ")");
    }
    // A regular file is read in one call of its size (plus one to see the end); pipes and
    // devices, or a file that grows meanwhile, in chunks until the end.
    std::size_t want = regular ? static_cast<std::size_t>(size) + 1 : 1 << 16;
    std::size_t have = 0;
    for (;;) {
        if (buffer.size() < have + want) buffer.resize(have + want);
        const ssize_t n = ::read(fd, buffer.data() + have, want);
        if (n < 0) {
            if (errno == EINTR) continue;
            buffer.clear();
            throw input_error("read error");
        }
        if (n == 0) break;
        have += static_cast<std::size_t>(n);
        // A pipe, a device or a growing file has no size to refuse up front: the limit holds
        // for what is read ("/dev/zero" or an endless pipe would take all memory).
        if (have > limit) {
            buffer.clear();
            throw input_error("too large (more than " + mebibytes(limit) + "; the limit is " +
                              mebibytes(limit) + ")");
        }
        // All that fstat announced, and a short read: the end, without a read to confirm it
        // (files that report no size, as in /proc, are read to a read of 0).
        if (regular && size != 0 && have == size && static_cast<std::size_t>(n) < want) break;
        if (static_cast<std::size_t>(n) < want && regular) {
            // Most likely the end; one more read confirms it without growing the buffer.
            want = buffer.size() - have;
            if (want == 0) want = 1 << 16;
            continue;
        }
        want = std::max<std::size_t>(want, 1 << 16);
    }
    buffer.resize(have);
}

}  // namespace

void read_file_into(const std::filesystem::path& path, std::string& buffer, std::size_t max_bytes) {
    // One open, one fstat and (for a regular file) one read: a batch reads thousands of short
    // files, so the syscalls are most of the cost. The buffer is not cleared first: the bytes it
    // holds are room the read overwrites, where growing a cleared string would first fill it
    // with zeros (a batch would zero all its input once more).
    const Descriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (file.fd < 0) {
        buffer.clear();
        const int err = errno;
        std::error_code ec;
        if (std::filesystem::is_directory(path, ec)) throw input_error("is a directory");
        throw input_error(std::string("cannot open: ") + std::strerror(err));
    }
    read_descriptor(file.fd, buffer, max_bytes);
}

void read_standard_input_into(std::string& buffer, std::size_t max_bytes) {
    read_descriptor(STDIN_FILENO, buffer, max_bytes);
}

std::string read_file(const std::filesystem::path& path, std::size_t max_bytes) {
    std::string content;
    read_file_into(path, content, max_bytes);
    return content;
}

bool looks_binary(std::string_view content) {
    // A NUL byte anywhere is binary; so are many control characters early on. Text files that
    // carry a few stray controls (old wire stories do) stay text. (inspect_input_bytes judges
    // it, in the same pass as its other tests.)
    return inspect_input_bytes(content).binary;
}

InputBytes inspect_input_bytes(std::string_view content) {
    // The binary test, a test for bytes of 0x80 and above, and the blank test in one pass: a batch
    // checks every input so, and these used to be three passes over each file. Sixteen bytes at
    // a time in GCC's portable vector types (g++ and clang turn them into the target's SIMD, or
    // into plain code where there is none); the tail byte by byte.
    InputBytes result;
    result.blank = content.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos;
    using Bytes = unsigned char __attribute__((vector_size(16)));
    const auto* p = reinterpret_cast<const unsigned char*>(content.data());
    const std::size_t n = content.size();
    {
        // The usual input has no byte below 0x20 but TAB, LF, VT, FF, CR: then there is no NUL
        // and no control to count, and one cheaper pass (64 bytes a step) decides. Otherwise
        // the exact count below.
        Bytes high{}, low{};
        std::size_t i = 0;
        for (; i + 64 <= n; i += 64) {
            Bytes c[4];
            std::memcpy(c, p + i, 64);
            high |= c[0] | c[1] | c[2] | c[3];
            for (const Bytes& b : c) low |= (Bytes)((b < 9) | ((b > 13) & (b < 0x20)));
        }
        unsigned char any_high = 0, any_low = 0;
        for (int k = 0; k < 16; ++k) {
            any_high |= high[k];
            any_low |= low[k];
        }
        for (; i < n; ++i) {
            any_high |= p[i];
            any_low |= p[i] < 9 || (p[i] > 13 && p[i] < 0x20);
        }
        if (any_low == 0) {
            result.binary = false;
            result.ascii = (any_high & 0x80) == 0;
            return result;
        }
    }
    const std::size_t head = std::min<std::size_t>(n, 1 << 16);  // where controls count
    auto is_control = [](unsigned char c) {
        return c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v';
    };
    Bytes high{};    // every byte or-ed: a high bit means a byte of 0x80 or above
    Bytes zero{};    // 0xFF in a lane that saw a NUL
    Bytes counts{};  // controls per lane, flushed into `control` before a lane can overflow
    std::size_t control = 0;
    std::size_t i = 0;
    auto flush = [&] {
        for (int k = 0; k < 16; ++k) control += counts[k];
        counts = Bytes{};
    };
    for (int blocks = 0; i + 16 <= head; i += 16) {
        Bytes c;
        std::memcpy(&c, p + i, 16);
        high |= c;
        zero |= (Bytes)(c == 0);
        // Controls: below 0x20 except TAB, LF, VT, FF, CR (9 to 13). A true lane compares as -1.
        counts -= (Bytes)((c < 9) | ((c > 13) & (c < 0x20)));
        if (++blocks == 255) {
            flush();
            blocks = 0;
        }
    }
    flush();
    for (; i + 16 <= n; i += 16) {
        Bytes c;
        std::memcpy(&c, p + i, 16);
        high |= c;
        zero |= (Bytes)(c == 0);
    }
    unsigned char any_high = 0;
    bool nul = false;
    for (int k = 0; k < 16; ++k) {
        any_high |= high[k];
        nul |= zero[k] != 0;
    }
    for (; i < n; ++i) {
        any_high |= p[i];
        nul |= p[i] == 0;
        if (i < head) control += is_control(p[i]);
    }
    result.binary = nul || (control > 8 && control * 100 > head);
    result.ascii = (any_high & 0x80) == 0;
    return result;
}

namespace {

std::optional<FileId> file_id_at(int dir, const char* name) {
    struct stat st {};
    if (::fstatat(dir, name, &st, 0) != 0) return std::nullopt;
    return FileId{static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino)};
}

// Writes `content` to `target` (relative to the folder `dir`, or a path with AT_FDCWD)
// atomically: a temporary beside it, then a rename. With `may_replace`, an existing target is
// replaced only when it accepts the target's identity; then the rename refuses to replace
// anything (RENAME_NOREPLACE), so that the usual new target costs no stat. Returns false (and
// leaves nothing behind) when the target exists and may not be replaced. `shown` names the
// target in messages.
bool write_atomically_at(int dir, const std::string& target, const std::string& shown, std::string_view content,
                         const std::function<bool(const FileId&)>* may_replace, long pid) {
    // A temporary name beside the target (so the final rename stays on one file system): the
    // target's folder, '.', its file name, made unique by the process id and, should a stale one
    // exist, an attempt counter: O_EXCL refuses to reuse a name. Built as one string, not with
    // path operations: a batch writes thousands of files.
    const auto slash = target.rfind('/');
    const std::size_t name_at = slash == std::string::npos ? 0 : slash + 1;
    std::string tmp;
    tmp.reserve(target.size() + 32);
    if (name_at == 0 && dir == AT_FDCWD) tmp += "./";
    tmp.append(target, 0, name_at).append(1, '.').append(target, name_at, std::string::npos).append(".tmp-");
    tmp += std::to_string(pid);
    tmp += '-';
    const std::size_t stem = tmp.size();
    auto refused = [&] {
        if (may_replace == nullptr) return false;
        const auto id = file_id_at(dir, target.c_str());
        return id && !(*may_replace)(*id);
    };
    int fd = -1;
    for (int attempt = 0; fd < 0 && attempt < 100; ++attempt) {
        tmp.resize(stem);
        tmp += std::to_string(attempt);
        fd = ::openat(dir, tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST) break;
    }
    if (fd < 0) {
        const int err = errno;
        // A target that may not be replaced is refused as such, whether or not the folder
        // takes new files.
        if (refused()) return false;
        throw output_error("cannot write " + shown + ": " + std::strerror(err));
    }
    // One write (a loop only should the kernel take less). No fsync: the rename already
    // guarantees readers never see a half-written file, and a per-file fsync would cost more
    // than the whole pipeline on a batch of short articles.
    std::size_t done = 0;
    int err = 0;
    while (done < content.size()) {
        const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            err = n < 0 ? errno : EIO;
            break;
        }
        done += static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0 && err == 0) err = errno;
    if (err != 0) {
        ::unlinkat(dir, tmp.c_str(), 0);
        if (refused()) return false;
        throw output_error("cannot write " + shown + ": " + std::strerror(err));
    }
    int renamed = -1;
#ifdef RENAME_NOREPLACE
    if (may_replace != nullptr) {
        // Fails with EEXIST when there is a file to judge (EINVAL or ENOSYS: a file system or
        // kernel without the flag); whatever the failure, the check and the plain rename below
        // then decide, and report as before.
        renamed = ::renameat2(dir, tmp.c_str(), dir, target.c_str(), RENAME_NOREPLACE);
    }
#endif
    if (renamed != 0) {
        if (refused()) {
            ::unlinkat(dir, tmp.c_str(), 0);
            return false;
        }
        if (::renameat(dir, tmp.c_str(), dir, target.c_str()) != 0) {
            const std::error_code ec(errno, std::generic_category());
            ::unlinkat(dir, tmp.c_str(), 0);
            throw output_error("cannot write " + shown + ": " + ec.message());
        }
    }
    return true;
}

}  // namespace

std::optional<FileId> file_id(const std::filesystem::path& path) { return file_id_at(AT_FDCWD, path.c_str()); }

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
    write_atomically_at(AT_FDCWD, path.native(), path.native(), content, nullptr, ::getpid());
}

bool write_file_atomically_unless(const std::filesystem::path& path, std::string_view content,
                                  const std::function<bool(const FileId&)>& may_replace) {
    return write_atomically_at(AT_FDCWD, path.native(), path.native(), content, &may_replace, ::getpid());
}

OutputFolder::OutputFolder(const std::filesystem::path& dir) : path_(dir), pid_(::getpid()) {
    // O_PATH: the folder is only named through, never read (it may be unreadable).
    fd_ = ::open(dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
}

OutputFolder::~OutputFolder() {
    if (fd_ >= 0) ::close(fd_);
}

bool OutputFolder::write(const std::string& name, std::string_view content, const std::string& shown,
                         const std::function<bool(const FileId&)>& may_replace) {
    // A plain file name goes relative to the open folder; anything else (or a folder that
    // could not be opened) by its path.
    if (fd_ >= 0 && !name.empty() && name != "." && name != ".." && name.find('/') == std::string::npos)
        return write_atomically_at(fd_, name, shown, content, &may_replace, pid_);
    return write_atomically_at(AT_FDCWD, (path_ / name).native(), shown, content, &may_replace, ::getpid());
}

}  // namespace chronoline
