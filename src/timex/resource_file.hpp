// Reading the time-expression stage's resource files (resources/en/timex/): lines of
// TAB-separated columns, '#' comments, a '# FORMAT:' header; every error names file and line.
#pragma once
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace chronoline::timex {

// Throws resource_error "<file>:<line>: <why>".
[[noreturn]] void fail(const std::filesystem::path& file, int line, const std::string& why);

std::vector<std::string_view> split(std::string_view s, char sep);
std::string_view trim(std::string_view s);  // spaces, tabs, carriage returns

// Calls row(text, line) for each line that is neither blank nor a comment, trimmed. Throws
// resource_error "<file>: cannot read <what>" when the file cannot be read, and
// "<file>:1: missing '# FORMAT:' header" when no line starts with it. Returns the number of
// lines read.
int for_each_row(const std::filesystem::path& file, std::string_view what,
                  const std::function<void(std::string_view text, int line)>& row);

}  // namespace chronoline::timex
