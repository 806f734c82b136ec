// Reading inputs: plain text (with a dateline or an explicit date) and TimeML files.
#pragma once
#include <compare>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "chronoline/document.hpp"

namespace chronoline {

// True when `content` looks like TimeML (an XML document whose root is <TimeML>, or which has
// a <TEXT> element), judged by content, not by file name.
bool looks_like_timeml(std::string_view content);

// Parses a TimeML document. The text is the character content of <TEXT> with every tag dropped;
// the gold TIMEX3/EVENT/MAKEINSTANCE/TLINK annotations, when present, are returned in the
// document's timexes/events/links with spans into that text (tids, eids and eiids as written).
// The DCT comes from <DCT><TIMEX3 value=…>, unless `date` is given. Throws input_error (broken
// XML, no <TEXT>, invalid UTF-8) or date_error (no usable DCT).
Document read_timeml(std::string_view content, std::string name,
                     std::optional<std::chrono::year_month_day> date = std::nullopt);

// What a timeline run needs of a TimeML file: name, DCT, title and the text of <TEXT> exactly as
// read_timeml gives them, without the gold annotations (which Pipeline::run would drop anyway).
// Checks and errors are read_timeml's, message for message; `doc`'s buffers are reused (on an
// error, `doc` is left unspecified).
void read_timeml_text(std::string_view content, std::string name, std::optional<std::chrono::year_month_day> date,
                      Document& doc);

// read_timeml_text for a batch: parses `content` in place (leaving it unspecified: the parse
// writes into it) instead of a copy, and skips the UTF-8 check when `known_utf8` (the caller has
// checked, e.g. with InputBytes::ascii). Same results, same errors.
void read_timeml_text_in_place(std::string& content, std::string name,
                               std::optional<std::chrono::year_month_day> date, Document& doc,
                               bool known_utf8 = false);

// What every input is judged on before it is parsed, in one pass over its bytes: blank (white
// space only: "empty input"), binary (a NUL byte anywhere, or more than 8 control characters
// making over 1 % of the first 64 KiB), and all ASCII (so valid UTF-8, and
// check_utf8 has nothing to find).
struct InputBytes {
    bool blank = false;
    bool binary = false;
    bool ascii = false;
};
InputBytes inspect_input_bytes(std::string_view content);

// Makes a document of plain text dated `date`. Throws input_error on invalid UTF-8, binary data or
// an empty text. (A text without a date goes through Pipeline::load_input, which finds its
// dateline with the time-expression grammar.)
Document read_plain_text(std::string_view content, std::string name,
                         std::chrono::year_month_day date);

// True when `content` is not text: inspect_input_bytes(content).binary.
bool looks_binary(std::string_view content);

// The largest input read by default. A document is held whole in memory and each stage keeps
// its own view of it: a timeline needs about 100 bytes of memory per byte of text (a 4 MB
// document: 0.4 GB and about a second), so a file far beyond any article is refused up front
// rather than taking the machine's memory. A caller may allow more, up to kMaxInputLimit (the
// offsets are 32-bit).
inline constexpr std::size_t kDefaultMaxInputBytes = std::size_t{8} << 20;
inline constexpr std::size_t kMaxInputLimit = std::size_t{2048} << 20;

// Reads a whole file; throws input_error naming it when it cannot or when it holds more than
// `max_bytes`.
std::string read_file(const std::filesystem::path& path, std::size_t max_bytes = kDefaultMaxInputBytes);
// read_file into `buffer`, reusing its capacity (a batch reads thousands of files); same errors.
void read_file_into(const std::filesystem::path& path, std::string& buffer,
                    std::size_t max_bytes = kDefaultMaxInputBytes);
// The same for standard input (a pipe, a file, a terminal), with the same limit and errors.
void read_standard_input_into(std::string& buffer, std::size_t max_bytes = kDefaultMaxInputBytes);

// Writes `content` to `path` atomically: a temporary file in the same folder, then a rename.
// Throws output_error.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

// The identity of an existing file (device and inode numbers, symbolic links followed): two
// paths name one file when their identities are equal.
struct FileId {
    std::uint64_t device = 0;
    std::uint64_t inode = 0;
    auto operator<=>(const FileId&) const = default;
};
std::optional<FileId> file_id(const std::filesystem::path& path);

// write_file_atomically, except that a file already at `path` is replaced only when
// `may_replace` accepts its identity: otherwise nothing is written (nor left behind) and the
// result is false. The check costs nothing when there is no such file.
bool write_file_atomically_unless(const std::filesystem::path& path, std::string_view content,
                                  const std::function<bool(const FileId&)>& may_replace);

// The folder a batch writes into, opened once: each output is written atomically by name,
// relative to it (no path walk per file), as write_file_atomically_unless does.
class OutputFolder {
public:
    explicit OutputFolder(const std::filesystem::path& dir);
    ~OutputFolder();
    OutputFolder(const OutputFolder&) = delete;
    OutputFolder& operator=(const OutputFolder&) = delete;

    // Writes `dir/name`; `shown` names it in messages. Throws output_error.
    bool write(const std::string& name, std::string_view content, const std::string& shown,
               const std::function<bool(const FileId&)>& may_replace);

private:
    std::filesystem::path path_;
    long pid_;  // names the temporaries (asked once, not per file)
    int fd_ = -1;
};

}  // namespace chronoline
