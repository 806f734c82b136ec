// Issue 4's acceptance case: the seed article's timeline XML puts its main events in the order of
// ../shared/seed/putin-visit.timeline.txt, each anchored to that date.
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include <pugixml.hpp>

#include "test_support.hpp"

using namespace chronoline::test;

namespace {

// One main event of the seed: its text, a few words of its sentence that single it out, and the
// value of the time it must be anchored to (from putin-visit.timeline.txt).
struct ExpectedEvent {
    const char* text;
    const char* sentence_words;
    const char* value;
};

const std::vector<ExpectedEvent> kMainEvents = {
    {"interference", "interference in the 2016", "2016"},
    {"criticism", "widespread criticism on Monday", "2018-07-16"},
    {"misspoken", "had misspoken", "2018-07-17"},
    {"state", "had to again state", "2018-07-18"},
    {"said", "Sanders said Thursday", "2018-07-19"},
    {"indication", "indication earlier Thursday", "2018-07-19"},
    {"visit", "visit Washington, D.C. in the fall", "2018-FA"},
};

struct Placed {
    std::string value;
    long rank = -1;
};

}  // namespace

TEST_CASE("seed article: the timeline XML orders the main events as the seed says") {
    const auto shared = shared_dir();
    if (!shared) {
        MESSAGE("skipped: ../shared (or $CHRONOLINE_SHARED) is absent, so the seed article is not here");
        return;
    }
    const auto article = *shared / "seed" / "putin-visit.txt";
    const auto r = run_cli("timeline --format xml --date 2018-07-19 '" + article.string() + "'");
    REQUIRE(r.exit_code == 0);
    pugi::xml_document xml;
    REQUIRE(xml.load_string(r.out.c_str()));

    std::map<std::string, Placed> placed;  // by "text|sentence words"
    for (pugi::xml_node entry : xml.child("timeline").child("entries").children("entry")) {
        for (pugi::xml_node event : entry.children("event")) {
            const std::string text = event.attribute("text").value();
            const std::string snippet = event.child_value("snippet");
            for (const auto& e : kMainEvents) {
                if (text == e.text && snippet.find(e.sentence_words) != std::string::npos)
                    placed[std::string(e.text) + "|" + e.sentence_words] =
                        Placed{entry.attribute("value").value(), entry.attribute("rank").as_int(-1)};
            }
        }
    }
    long previous_rank = -1;
    std::string previous_value;
    for (const auto& e : kMainEvents) {
        const std::string text = e.text, words = e.sentence_words;
        CAPTURE(text);
        CAPTURE(words);
        const auto it = placed.find(std::string(e.text) + "|" + e.sentence_words);
        REQUIRE_MESSAGE(it != placed.end(), "the event is not anchored in any timeline entry");
        CHECK(it->second.value == e.value);
        // Later dates come at a strictly later rank; events of one date share a rank.
        if (previous_value == e.value) CHECK(it->second.rank == previous_rank);
        else CHECK(it->second.rank > previous_rank);
        previous_rank = it->second.rank;
        previous_value = e.value;
    }
}
