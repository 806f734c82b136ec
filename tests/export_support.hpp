// Helpers for the exporter tests: rendering a fixture in a format, golden-file comparison, running
// external checkers (xmllint, dot) on a temporary file, and a strict JSON syntax check.
#pragma once
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include <unistd.h>

#include "chronoline/export.hpp"
#include "export_fixtures.hpp"
#include "test_support.hpp"

namespace chronoline::test {

inline std::string render(std::string_view format, const Fixture& f, bool explain = false) {
    std::ostringstream out;
    if (!write_export(format, f.doc, f.timeline, out, ExportOptions{explain}))
        throw std::logic_error("unknown format " + std::string(format));
    return out.str();
}

inline bool program_available(const std::string& name) {
    return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

// A file in a fresh temporary folder, removed with it.
class TempFile {
public:
    TempFile(std::string_view file_name, std::string_view content) {
        static int counter = 0;
        dir_ = std::filesystem::temp_directory_path() /
               ("chronoline-export-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
        std::filesystem::create_directories(dir_);
        path_ = dir_ / std::string(file_name);
        std::ofstream(path_, std::ios::binary).write(content.data(), static_cast<std::streamsize>(content.size()));
    }
    ~TempFile() {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }
    [[nodiscard]] std::filesystem::path sibling(std::string_view name) const { return dir_ / std::string(name); }

private:
    std::filesystem::path dir_;
    std::filesystem::path path_;
};

// Runs a shell command; returns its exit status and (in `output`) what it printed.
inline int run_command(const std::string& command, const std::filesystem::path& output_file, std::string& output) {
    const int status = std::system((command + " >" + output_file.string() + " 2>&1").c_str());
    output = slurp(output_file);
    return status;
}

// Strict JSON (RFC 8259) syntax check, for exports that have no parser in the project.
class JsonChecker {
public:
    explicit JsonChecker(std::string_view s) : s_(s) {}
    bool valid() {
        space();
        if (!value()) return false;
        space();
        return i_ == s_.size();
    }
    [[nodiscard]] std::size_t position() const { return i_; }

private:
    bool value() {
        if (i_ >= s_.size()) return false;
        switch (s_[i_]) {
            case '{': return object();
            case '[': return array();
            case '"': return string();
            case 't': return literal("true");
            case 'f': return literal("false");
            case 'n': return literal("null");
            default: return number();
        }
    }
    bool object() {
        ++i_;
        space();
        if (peek('}')) return ++i_, true;
        for (;;) {
            space();
            if (!peek('"') || !string()) return false;
            space();
            if (!peek(':')) return false;
            ++i_;
            space();
            if (!value()) return false;
            space();
            if (peek('}')) return ++i_, true;
            if (!peek(',')) return false;
            ++i_;
        }
    }
    bool array() {
        ++i_;
        space();
        if (peek(']')) return ++i_, true;
        for (;;) {
            space();
            if (!value()) return false;
            space();
            if (peek(']')) return ++i_, true;
            if (!peek(',')) return false;
            ++i_;
        }
    }
    bool string() {
        ++i_;
        while (i_ < s_.size()) {
            const auto c = static_cast<unsigned char>(s_[i_]);
            if (c == '"') return ++i_, true;
            if (c < 0x20) return false;
            if (c == '\\') {
                if (++i_ >= s_.size()) return false;
                const char e = s_[i_];
                if (e == 'u') {
                    for (int k = 0; k < 4; ++k)
                        if (++i_ >= s_.size() || !std::isxdigit(static_cast<unsigned char>(s_[i_]))) return false;
                } else if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) {
                    return false;
                }
            }
            ++i_;
        }
        return false;
    }
    bool number() {
        const std::size_t start = i_;
        if (peek('-')) ++i_;
        if (peek('0')) ++i_;
        else if (!digits()) return false;
        if (peek('.')) {
            ++i_;
            if (!digits()) return false;
        }
        if (peek('e') || peek('E')) {
            ++i_;
            if (peek('+') || peek('-')) ++i_;
            if (!digits()) return false;
        }
        return i_ > start;
    }
    bool digits() {
        const std::size_t start = i_;
        while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
        return i_ > start;
    }
    bool literal(std::string_view word) {
        if (s_.substr(i_, word.size()) != word) return false;
        i_ += word.size();
        return true;
    }
    void space() {
        while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\t' || s_[i_] == '\r')) ++i_;
    }
    bool peek(char c) const { return i_ < s_.size() && s_[i_] == c; }

    std::string_view s_;
    std::size_t i_ = 0;
};

// Golden files are rewritten instead of compared when CHRONOLINE_REGENERATE_GOLDEN=1.
inline bool regenerating() {
    const char* env = std::getenv("CHRONOLINE_REGENERATE_GOLDEN");
    return env && std::string_view(env) == "1";
}

// The first line where two texts differ, for a readable failure.
inline std::string first_difference(const std::string& expected, const std::string& actual) {
    std::size_t line = 1, start = 0;
    const std::size_t n = std::min(expected.size(), actual.size());
    for (std::size_t i = 0; i < n; ++i) {
        if (expected[i] != actual[i]) {
            auto end_of = [&](const std::string& s) {
                const auto e = s.find('\n', start);
                return s.substr(start, (e == std::string::npos ? s.size() : e) - start);
            };
            return "line " + std::to_string(line) + ":\n  expected: " + end_of(expected) + "\n  actual:   " + end_of(actual);
        }
        if (expected[i] == '\n') {
            ++line;
            start = i + 1;
        }
    }
    return "lengths differ: expected " + std::to_string(expected.size()) + " bytes, got " + std::to_string(actual.size());
}


// Compares `actual` with the golden file at `path` byte for byte (or rewrites it when regenerating).
inline void check_golden(const std::filesystem::path& path, const std::string& actual) {
    CAPTURE(path.string());
    if (regenerating()) {
        std::filesystem::create_directories(path.parent_path());
        std::ofstream(path, std::ios::binary).write(actual.data(), static_cast<std::streamsize>(actual.size()));
        MESSAGE("regenerated " << path.string());
        return;
    }
    REQUIRE_MESSAGE(std::filesystem::exists(path), "missing golden file; create it with CHRONOLINE_REGENERATE_GOLDEN=1");
    const std::string expected = slurp(path);
    CHECK_MESSAGE(actual == expected, first_difference(expected, actual));
}

}  // namespace chronoline::test
