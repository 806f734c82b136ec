// The project's sample articles (samples/*.txt): dated by their dateline, run through the whole
// pipeline as `chronoline timeline` does, every `required` row of <name>.expected.tsv comes out
// with its type and value on a span overlapping the expected one (rows are in text order).
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "chronoline/io.hpp"
#include "chronoline/pipeline.hpp"
#include "test_support.hpp"

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

        std::ifstream in(expected);
        REQUIRE(in);
        std::string line;
        std::size_t search_from = 0;
        while (std::getline(in, line)) {
            if (line.empty() || line[0] == '#') continue;
            std::vector<std::string> cols;
            std::stringstream ss(line);
            for (std::string c; std::getline(ss, c, '\t');) cols.push_back(c);
            REQUIRE(cols.size() == 4);
            const auto begin = doc.text.find(cols[0], search_from);
            REQUIRE_MESSAGE(begin != std::string::npos, "'" << cols[0] << "' not in the text (rows in text order)");
            search_from = begin + cols[0].size();
            if (cols[3] != "required") continue;
            ++checked;
            const Span want{static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(begin + cols[0].size())};
            const Timex* found = nullptr;
            for (const auto& t : doc.timexes)
                if (t.span.overlaps(want) && !found) found = &t;
            INFO("expected '" << cols[0] << "' " << cols[1] << " " << cols[2]);
            REQUIRE(found != nullptr);
            CHECK(found->type == cols[1]);
            CHECK(found->value == cols[2]);
        }
    }
    CHECK(checked > 0);
}
