#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

#include <unistd.h>

#include "chronoline/error.hpp"
#include "chronoline/io.hpp"

namespace chronoline {

std::string read_file(const std::filesystem::path& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw input_error("is a directory");
    // Offsets are 32-bit and a document is held whole in memory: refuse what cannot be an article.
    constexpr std::uintmax_t kMaxInput = 256u << 20;
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > kMaxInput)
        throw input_error("too large (" + std::to_string(size >> 20) + " MiB; the limit is 256 MiB)");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw input_error(std::string("cannot open: ") + std::strerror(errno));
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw input_error("read error");
    return content;
}

bool looks_binary(std::string_view content) {
    // A NUL byte anywhere is binary; so are many control characters early on. Text files that
    // carry a few stray controls (old wire stories do) stay text.
    if (std::memchr(content.data(), 0, content.size()) != nullptr) return true;
    const std::string_view head = content.substr(0, 1 << 16);
    std::size_t control = 0;
    for (unsigned char c : head)
        control += c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v';
    return control > 8 && control * 100 > head.size();
}

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
    namespace fs = std::filesystem;
    const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
    // A temporary name beside the target (so the final rename stays on one file system), made
    // unique by the process id and, should a stale one exist, an attempt counter: O_EXCL refuses
    // to reuse a name.
    std::FILE* f = nullptr;
    fs::path tmp;
    for (int attempt = 0; !f && attempt < 100; ++attempt) {
        std::string name = path.filename().string();
        name.insert(0, 1, '.');
        name.append(".tmp-").append(std::to_string(::getpid())).append("-").append(std::to_string(attempt));
        tmp = dir / name;
        f = std::fopen(tmp.c_str(), "wbx");
        if (!f && errno != EEXIST) break;
    }
    if (!f) throw output_error("cannot write " + path.string() + ": " + std::strerror(errno));
    {
        // No fsync: the rename already guarantees readers never see a half-written file, and a
        // per-file fsync would cost more than the whole pipeline on a batch of short articles.
        const bool ok = std::fwrite(content.data(), 1, content.size(), f) == content.size() && std::fflush(f) == 0;
        const int err = errno;
        if (std::fclose(f) != 0 || !ok) {
            std::error_code ec;
            fs::remove(tmp, ec);
            throw output_error("cannot write " + path.string() + ": " + std::strerror(ok ? errno : err));
        }
    }
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) {
        std::error_code ignore;
        fs::remove(tmp, ignore);
        throw output_error("cannot write " + path.string() + ": " + ec.message());
    }
}

}  // namespace chronoline
