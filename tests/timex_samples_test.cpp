// The project's sample articles (samples/*.txt): dated by their dateline, run through the whole
// pipeline as `chronoline timeline` does, every `required` row of <name>.expected.tsv comes out
// with its type and value on a span overlapping the expected one (rows are in text order).
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "chronoline/io.hpp"
#include "chronoline/pipeline.hpp"
#include "test_support.hpp"
#include "timex_expectations.hpp"

using namespace chronoline;
namespace fs = std::filesystem;

TEST_CASE("sample articles: every required time expression with its type and value") {
    const fs::path dir = test::source_dir() / "samples";
    std::vector<fs::path> articles;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".txt") articles.push_back(e.path());
    std::sort(articles.begin(), articles.end());
    REQUIRE(articles.size() >= 3);
    const auto pipeline = Pipeline::load(test::resources_dir());
    int checked = 0;
    for (const auto& article : articles) {
        const fs::path expected = dir / (article.stem().string() + ".expected.tsv");
        if (!fs::exists(expected)) continue;
        CAPTURE(article.filename().string());
        const std::string text = read_file(article);
        const auto dateline = pipeline.timex().find_dateline(text);
        REQUIRE_MESSAGE(dateline.has_value(), "no dateline found");
        Document doc = read_plain_text(text, article.filename().string(), *dateline);
        pipeline.run(doc);

        checked += test::check_expected_timexes(doc, expected);
    }
    CHECK(checked > 0);
}
