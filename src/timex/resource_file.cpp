#include "timex/resource_file.hpp"

#include <fstream>

#include "chronoline/error.hpp"

namespace chronoline::timex {

void fail(const std::filesystem::path& file, int line, const std::string& why) {
    throw resource_error(file.string() + ":" + std::to_string(line) + ": " + why);
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (true) {
        auto pos = s.find(sep, start);
        out.push_back(s.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
        if (pos == std::string_view::npos) break;
        start = pos + 1;
    }
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

int for_each_row(const std::filesystem::path& file, std::string_view what,
                  const std::function<void(std::string_view, int)>& row) {
    std::ifstream in(file);
    if (!in) throw resource_error(file.string() + ": cannot read " + std::string(what));
    std::string line;
    int n = 0;
    bool header = false;
    while (std::getline(in, line)) {
        ++n;
        const std::string_view l = trim(line);
        if (l.starts_with("# FORMAT:")) header = true;
        if (l.empty() || l[0] == '#') continue;
        row(l, n);
    }
    if (!header) fail(file, 1, "missing '# FORMAT:' header");
    return n;
}

}  // namespace chronoline::timex
