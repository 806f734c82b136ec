// The seed article: every `required` row of putin-visit.expected.tsv comes out with its type and
// value, on a span overlapping the expected one (rows are matched in text order).
#include <doctest/doctest.h>


#include "chronoline/io.hpp"
#include "chronoline/timex.hpp"
#include "test_support.hpp"
#include "timex_expectations.hpp"

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

    const int required = test::check_expected_timexes(doc, *shared / "seed" / "putin-visit.expected.tsv");
    CHECK(required > 0);
}
