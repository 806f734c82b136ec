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

}  // namespace

TEST_SUITE("export-golden") {
    TEST_CASE("every format matches its golden file byte for byte") {
        const auto golden_dir = source_dir() / "tests" / "golden";
        for (const Fixture& f : all_fixtures()) {
            for (const GoldenCase& c : kCases) {
                const auto path = golden_dir / (f.name + "." + c.extension);
                CAPTURE(path.string());
                check_golden(path, render(c.format, f, c.explain));
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
