// Unit tests of the time-expression stage: resources, resolution details, robustness, datelines.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

#include "chronoline/error.hpp"
#include "chronoline/timex.hpp"
#include "test_support.hpp"
#include "timex/resolver.hpp"

using namespace chronoline;

namespace {

Document tagged(const TimexTagger& tagger, const std::string& text, const char* dct) {
    Document doc;
    doc.text = text;
    doc.dct = parse_date(dct, "test DCT");
    doc.dct_value = format_date(doc.dct);
    doc.analysis = analyze_text(doc.text);
    tagger.tag(doc);
    return doc;
}


// A copy of resources/en/timex in a temporary folder, with one file replaced.
std::filesystem::path resources_with(const std::string& file, const std::string& content) {
    const auto dir = std::filesystem::temp_directory_path() / ("chronoline-timex-test-" + file);
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir / "en" / "timex");
    for (const auto& e : std::filesystem::directory_iterator(test::resources_dir() / "en" / "timex"))
        std::filesystem::copy_file(e.path(), dir / "en" / "timex" / e.path().filename());
    std::ofstream(dir / "en" / "timex" / file) << content;
    return dir;
}

}  // namespace

TEST_CASE("timex resources: a missing or malformed file is a resource_error naming file and line") {
    CHECK_THROWS_AS(TimexTagger::load(std::filesystem::temp_directory_path() / "no-such-chronoline-dir"), resource_error);
    // `file` replaced by `content` must be refused with a message holding `where` (and `also`).
    auto refused = [](const std::string& file, const std::string& content, const std::string& where,
                      const std::string& also = "") {
        const auto dir = resources_with(file, content);
        CAPTURE(content);
        try {
            TimexTagger::load(dir);
            FAIL("a malformed " << file << " was accepted");
        } catch (const resource_error& e) {
            CHECK(std::string(e.what()).find(where) != std::string::npos);
            CHECK(std::string(e.what()).find(also) != std::string::npos);
        }
        std::filesystem::remove_all(dir);
    };
    refused("rules.txt", "# FORMAT: test\nbroken rule without arrow\n", "rules.txt:2");
    refused("rules.txt", "# FORMAT: test\nx: @nosuchclass -> kind=calendar\n", "rules.txt");
    refused("lexicon.tsv", "# FORMAT: test\nmonday\tweekday\tweekdy=1\n", "lexicon.tsv:2");
    refused("tense_suffixes.tsv", "# FORMAT: test\ned\tpast\tmin=5\ning\tsoon\t-\n", "tense_suffixes.tsv:3");
    refused("number_words.tsv",
            "# FORMAT: test\nhalf_and\tand\narticle\ta\nhalf\thalf\nordinal_suffix\tst nd rd th\n"
            "decade_suffix\ts\nam_suffix\tam a\npm_suffix\tpm postmeridiem\n",
            "number_words.tsv:8");  // a suffix of more than 4 letters
    refused("number_words.tsv", "# FORMAT: test\nhalf_and\tand\narticle\ta\n", "number_words.tsv:", "'half'");
    refused("tense_suffixes.tsv", "ed\tpast\t-\n", "tense_suffixes.tsv");  // no FORMAT header
    refused("holidays.tsv", "# FORMAT: test\nEASTER\teaster\t0\nX\t13:1:1\t0\n", "holidays.tsv:3");
    refused("holidays.tsv", "# FORMAT: test\nX\t11:4:0\t0\n", "holidays.tsv:2");
    refused("holidays.tsv", "# FORMAT: test\nX\tY\t1\nY\teaster\t0\n", "holidays.tsv:2");  // base below
    refused("holidays.tsv", "# FORMAT: test\nX\teaster\t0\nX\teaster\t1\n", "holidays.tsv:3", "twice");
    refused("game_words.txt", "# FORMAT: test\nscored\nfree throw\n", "game_words.txt:3", "one word");
    refused("game_words.txt", "scored\n", "game_words.txt");  // no FORMAT header
}

TEST_CASE("timex: every holiday a rule or lexicon row names is a row of holidays.tsv, and dated right") {
    const auto dir = test::resources_dir() / "en" / "timex";
    const auto table = timex::HolidayTable::load(dir / "holidays.tsv");
    std::size_t named = 0;
    for (const char* file : {"rules.txt", "lexicon.tsv"}) {
        std::istringstream lines(test::slurp(dir / file));
        for (std::string line; std::getline(lines, line);) {
            if (line.starts_with('#')) continue;
            for (auto at = line.find("holiday="); at != std::string::npos; at = line.find("holiday=", at + 1)) {
                const auto end = line.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ", at + 8);
                const std::string name = line.substr(at + 8, end - at - 8);
                CAPTURE(name);
                CHECK(table.date_of(name, 2020).has_value());
                ++named;
            }
        }
    }
    CHECK(named >= 10);
    namespace bg = boost::gregorian;
    CHECK(*table.date_of("EASTER", 2019) == bg::date(2019, 4, 21));
    CHECK(*table.date_of("GOODFRIDAY", 2019) == bg::date(2019, 4, 19));
    CHECK(*table.date_of("THANKSGIVING", 2018) == bg::date(2018, 11, 22));
    CHECK(*table.date_of("CYBERMONDAY", 2018) == bg::date(2018, 11, 26));
    CHECK(*table.date_of("MEMORIAL", 2018) == bg::date(2018, 5, 28));  // the last Monday of May
    CHECK(*table.date_of("ELECTION", 2020) == bg::date(2020, 11, 3));
    CHECK_FALSE(table.date_of("NOSUCHDAY", 2020).has_value());
}

TEST_CASE("timex: rule names are unique and every timex names its rule and explains itself") {
    const auto tagger = TimexTagger::load(test::resources_dir());
    const auto names = tagger.rule_names();
    CHECK(names.size() > 100);
    const auto doc = tagged(tagger, "He said Tuesday that the plant will reopen in the fall.", "2018-07-19");
    REQUIRE(doc.timexes.size() == 2);
    for (const auto& t : doc.timexes) {
        CHECK(std::find(names.begin(), names.end(), t.rule) != names.end());
        CHECK(t.explanation.find("anchor=") != std::string::npos);
    }
    CHECK(doc.timexes[0].tid == "t1");
    CHECK(doc.timexes[1].tid == "t2");
}

TEST_CASE("timex: bare weekdays follow the clause's tense") {
    const auto tagger = TimexTagger::load(test::resources_dir());
    // 2018-07-19 is a Thursday.
    auto past = tagged(tagger, "The minister said Tuesday that talks had failed.", "2018-07-19");
    REQUIRE(past.timexes.size() == 1);
    CHECK(past.timexes[0].value == "2018-07-17");
    auto future = tagged(tagger, "The minister will travel to Oslo on Tuesday.", "2018-07-19");
    REQUIRE(future.timexes.size() == 1);
    CHECK(future.timexes[0].value == "2018-07-24");
    auto same_day = tagged(tagger, "Sanders said Thursday that talks were underway.", "2018-07-19");
    REQUIRE(same_day.timexes.size() == 1);
    CHECK(same_day.timexes[0].value == "2018-07-19");
}

namespace {
// Tags `text` with the given events (word -> tense) standing in for the events stage.
Document tagged_with_events(const TimexTagger& tagger, const std::string& text, const char* dct,
                            const std::vector<std::pair<std::string, std::string>>& events,
                            const std::string& first_class = "OCCURRENCE") {
    Document doc;
    doc.text = text;
    doc.dct = parse_date(dct, "test DCT");
    doc.dct_value = format_date(doc.dct);
    doc.analysis = analyze_text(doc.text);
    for (const auto& [word, tense] : events) {
        Event e;
        const auto at = static_cast<std::uint32_t>(text.find(word));
        REQUIRE(at != static_cast<std::uint32_t>(std::string::npos));
        e.span = {at, static_cast<std::uint32_t>(at + word.size())};
        e.tense = tense;
        e.event_class = doc.events.empty() ? first_class : "OCCURRENCE";
        e.sentence = 0;
        doc.events.push_back(e);
    }
    tagger.resolve(doc, tagger.extract(doc));
    return doc;
}
}  // namespace

TEST_CASE("timex: the events' tenses date a yearless month or day") {
    const auto tagger = TimexTagger::load(test::resources_dir());
    // An infinitive between a past verb and the month: what was agreed lies after the telling.
    auto agreed = tagged_with_events(tagger, "The bank announced an agreement to acquire the lender in January.",
                                     "2019-11-02", {{"announced", "PAST"}, {"acquire", "INFINITIVE"}}, "REPORTING");
    REQUIRE(agreed.timexes.size() == 1);
    CHECK(agreed.timexes[0].value == "2020-01");
    // Not after a verb that is no saying or deciding: the month dates that verb.
    auto given = tagged_with_events(tagger, "Hamas was given the mandate to form a government in March.", "2019-11-02",
                                    {{"given", "PAST"}, {"form", "INFINITIVE"}});
    REQUIRE(given.timexes.size() == 1);
    CHECK(given.timexes[0].value == "2019-03");
    // Without the infinitive the past verb dates it behind the DCT.
    auto closed = tagged_with_events(tagger, "The bank closed the lender in January.", "2019-11-02", {{"closed", "PAST"}});
    REQUIRE(closed.timexes.size() == 1);
    CHECK(closed.timexes[0].value == "2019-01");
    // A predicate adjective after "will be" is future, though the events stage leaves it untensed.
    auto payable = tagged_with_events(tagger, "The dividend will be payable Jan. 3, the company said.", "2019-11-02",
                                      {{"payable", "NONE"}, {"said", "PAST"}});
    REQUIRE(payable.timexes.size() == 1);
    CHECK(payable.timexes[0].value == "2020-01-03");
}

TEST_CASE("timex: a verb after the expression across a comma gives way to the verb before it") {
    const auto tagger = TimexTagger::load(test::resources_dir());
    // The opening is Friday's; "tries" belongs to the main clause after the relative one.
    auto opened = tagged_with_events(tagger, "The company, which opened the mall on Friday, tries to sell it.", "2018-07-19",
                                     {{"opened", "PAST"}, {"tries", "PRESENT"}});
    REQUIRE(opened.timexes.size() == 1);
    CHECK(opened.timexes[0].value == "2018-07-13");
    // A quote's telling after a comma does not date what the quote plans.
    auto deal = tagged_with_events(tagger, "We will have a deal in March, he said.", "2018-11-22",
                                   {{"have", "FUTURE"}, {"said", "PAST"}});
    REQUIRE(deal.timexes.size() == 1);
    CHECK(deal.timexes[0].value == "2019-03");
    // With no verb before it, the verb after still decides.
    auto fronted = tagged_with_events(tagger, "On Friday, officials closed the road.", "2018-07-19", {{"closed", "PAST"}});
    REQUIRE(fronted.timexes.size() == 1);
    CHECK(fronted.timexes[0].value == "2018-07-13");
}

TEST_CASE("timex: anaphora resolve against the narrative, not the DCT") {
    const auto tagger = TimexTagger::load(test::resources_dir());
    const auto doc = tagged(tagger, "The treaty was signed on March 3, 1995. Two days later, parliament ratified it. "
                                    "The following year, the border opened.", "2021-06-01");
    REQUIRE(doc.timexes.size() == 3);
    CHECK(doc.timexes[1].value == "1995-03-05");
    CHECK(doc.timexes[1].anchor_tid == "t1");
    CHECK(doc.timexes[2].value == "1996");
}

TEST_CASE("timex: a history whose DCT is a retrieval date reads yearless dates from the narrative") {
    const auto tagger = TimexTagger::load(test::resources_dir());
    const auto doc = tagged(tagger, "The town was founded in 1854. By 1880 it had a railway. In 1902 a fire "
                                    "destroyed the centre. In March, the council voted to rebuild.", "2023-01-10");
    REQUIRE(doc.timexes.size() == 4);
    CHECK(doc.timexes[3].value == "1902-03");
    // A future clause speaks from the DCT, even there.
    const auto ahead = tagged(tagger, "The town was founded in 1854. By 1880 it had a railway. In 1902 a fire "
                                      "destroyed the centre. The museum will reopen on June 13.", "2023-01-10");
    REQUIRE(ahead.timexes.size() == 4);
    CHECK(ahead.timexes[3].value == "2023-06-13");
    // "... years ago" speaks from the DCT: not a history.
    const auto news = tagged(tagger, "The team won the cup in 1998, 2002 and 2010, four years ago. "
                                     "In March, it lost the final.", "2014-11-10");
    REQUIRE(news.timexes.size() == 5);
    CHECK(news.timexes[4].value == "2014-03");
}

TEST_CASE("timex: impossible dates are rejected, junk never crashes") {
    const auto tagger = TimexTagger::load(test::resources_dir());
    CHECK(tagged(tagger, "The vote is on February 30, 2019.", "2019-01-10").timexes.empty());
    CHECK(tagged(tagger, "Filed 2019-13-45 and 02/31/2019.", "2019-01-10").timexes.empty());
    std::string junk;
    for (int i = 0; i < 4000; ++i) junk += static_cast<char>(" 0123456789-/:.,'aMmyYsS\n"[(i * 7919) % 25]);
    CHECK_NOTHROW(tagged(tagger, junk, "2019-01-10"));
    CHECK_NOTHROW(tagged(tagger, "", "2019-01-10"));
    CHECK_NOTHROW(tagged(tagger, "the the the of of in 1999 2000s 99s 31st 0:00 24:99 a.m. p.m.", "2019-01-10"));
}

TEST_CASE("timex: find_dateline takes the first full date of a dateline") {
    const auto tagger = TimexTagger::load(test::resources_dir());
    auto d1 = tagger.find_dateline("Talks resume\n\nWASHINGTON, July 19, 2018 \xE2\x80\x94 The president said...");
    REQUIRE(d1);
    CHECK(format_date(*d1) == "2018-07-19");
    auto d2 = tagger.find_dateline("Local news\nPublished 07/19/2018 10:02 AM\nThe council met.");
    REQUIRE(d2);
    CHECK(format_date(*d2) == "2018-07-19");
    auto d3 = tagger.find_dateline("2018-07-19\nMarkets rallied.");
    REQUIRE(d3);
    CHECK(format_date(*d3) == "2018-07-19");
    auto d4 = tagger.find_dateline("Posted: Thu, 19 Jul 2018 14:02:11 GMT\nThe council met.");
    REQUIRE(d4);
    CHECK(format_date(*d4) == "2018-07-19");
    CHECK_FALSE(tagger.find_dateline("No date here.\nJust text about Tuesday and March.\n"));
    std::string late(5000, 'x');
    CHECK_FALSE(tagger.find_dateline("a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n" + late + "\nJuly 19, 2018"));
}
