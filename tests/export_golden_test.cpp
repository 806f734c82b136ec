// Golden files: every format over every fixture, compared byte for byte with
// tests/golden/<fixture>.<ext>. To accept a deliberate change of output, regenerate them with
//   CHRONOLINE_REGENERATE_GOLDEN=1 build/tests/chronoline_tests -ts=export-golden
// and review the diff before committing (docs/formats.md).
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>

#include "export_support.hpp"

namespace chronoline::test {
namespace {

struct GoldenCase {
    const char* format;
    const char* extension;
    bool explain;
};
constexpr GoldenCase kCases[] = {
    {"text", "txt", false},       {"text", "explain.txt", true},  {"timeml", "tml", false},
    {"xml", "xml", false},        {"xml", "explain.xml", true},   {"dot", "dot", false},
    {"json", "json", false},      {"json", "explain.json", true}, {"timelinejs", "timelinejs.json", false},
};

bool regenerating() {
    const char* env = std::getenv("CHRONOLINE_REGENERATE_GOLDEN");
    return env && std::string_view(env) == "1";
}

// The first line where two texts differ, for a readable failure.
std::string first_difference(const std::string& expected, const std::string& actual) {
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

}  // namespace

TEST_SUITE("export-golden") {
    TEST_CASE("every format matches its golden file byte for byte") {
        const auto golden_dir = source_dir() / "tests" / "golden";
        for (const Fixture& f : all_fixtures()) {
            for (const GoldenCase& c : kCases) {
                const auto path = golden_dir / (f.name + "." + c.extension);
                CAPTURE(path.string());
                const std::string actual = render(c.format, f, c.explain);
                if (regenerating()) {
                    std::filesystem::create_directories(golden_dir);
                    std::ofstream(path, std::ios::binary).write(actual.data(), static_cast<std::streamsize>(actual.size()));
                    MESSAGE("regenerated " << path.string());
                    continue;
                }
                REQUIRE_MESSAGE(std::filesystem::exists(path),
                                "missing golden file; create it with CHRONOLINE_REGENERATE_GOLDEN=1");
                const std::string expected = slurp(path);
                CHECK_MESSAGE(actual == expected, first_difference(expected, actual));
            }
        }
    }

    TEST_CASE("output is deterministic: two separately built copies of a fixture give the same bytes") {
        const auto first = all_fixtures();
        const auto second = all_fixtures();
        for (std::size_t i = 0; i < first.size(); ++i)
            for (const GoldenCase& c : kCases) CHECK(render(c.format, first[i], c.explain) == render(c.format, second[i], c.explain));
    }
}

}  // namespace chronoline::test
