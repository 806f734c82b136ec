// The seed article: every `required` row of putin-visit.expected.tsv comes out with its type and
// value, on a span overlapping the expected one (rows are matched in text order).
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "chronoline/io.hpp"
#include "chronoline/timex.hpp"
#include "test_support.hpp"

using namespace chronoline;

TEST_CASE("seed article putin-visit: every required time expression with its type and value") {
    const auto shared = test::shared_dir();
    if (!shared || !std::filesystem::exists(*shared / "seed" / "putin-visit.txt")) {
        MESSAGE("skipped: ../shared/seed (or $CHRONOLINE_SHARED) is absent");
        return;
    }
    const auto tagger = TimexTagger::load(test::resources_dir());
    Document doc = read_plain_text(read_file(*shared / "seed" / "putin-visit.txt"), "putin-visit.txt",
                                   parse_date("2018-07-19", "seed DCT"));
    doc.analysis = analyze_text(doc.text);
    tagger.tag(doc);

    std::ifstream in(*shared / "seed" / "putin-visit.expected.tsv");
    REQUIRE(in);
    std::string line;
    std::size_t search_from = 0;  // expected rows are in text order
    int required = 0;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> cols;
        std::stringstream ss(line);
        for (std::string c; std::getline(ss, c, '\t');) cols.push_back(c);
        REQUIRE(cols.size() == 4);
        const auto begin = doc.text.find(cols[0], search_from);
        REQUIRE_MESSAGE(begin != std::string::npos, "'" << cols[0] << "' not in the seed text");
        search_from = begin + cols[0].size();
        if (cols[3] != "required") continue;
        ++required;
        const Span want{static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(begin + cols[0].size())};
        const Timex* found = nullptr;
        for (const auto& t : doc.timexes)
            if (t.span.overlaps(want)) found = &t;
        INFO("expected '" << cols[0] << "' " << cols[1] << " " << cols[2]);
        REQUIRE(found != nullptr);
        CHECK(found->type == cols[1]);
        CHECK(found->value == cols[2]);
    }
    CHECK(required > 0);
}
