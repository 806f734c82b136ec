// The event-order measure against MATRES (MatresEval), on a hand-made case.
#include <doctest/doctest.h>

#include <string>

#include "chronoline/error.hpp"
#include "chronoline/eval.hpp"
#include "chronoline/text.hpp"

using namespace chronoline;

namespace {

Event event_at(const std::string& text, const std::string& word, const char* eiid) {
    Event e;
    const auto at = static_cast<std::uint32_t>(text.find(word));
    e.span = {at, at + static_cast<std::uint32_t>(word.size())};
    e.eiid = eiid;
    e.eid = std::string("e") + (eiid + 2);
    e.pos = "VERB";
    e.tense = "PAST";
    return e;
}

TLink link(const char* from, const char* to, const char* rel) {
    TLink l;
    l.from = from;
    l.to = to;
    l.rel_type = rel;
    return l;
}

}  // namespace

TEST_CASE("MATRES pairs are read by eiid and bad lines are refused") {
    MatresCorpus corpus;
    read_matres("DOC1\tfell\trose\t1\t2\tBEFORE\nDOC1\trose\tsaid\t2\t3\tVAGUE\r\nDOC2\ta\tb\t7\t9\tEQUAL\n", corpus);
    REQUIRE(corpus.size() == 2);
    REQUIRE(corpus["DOC1"].size() == 2);
    CHECK(corpus["DOC1"][0].eiid1 == "ei1");
    CHECK(corpus["DOC1"][0].eiid2 == "ei2");
    CHECK(corpus["DOC1"][1].relation == "VAGUE");
    CHECK(corpus["DOC2"][0].eiid2 == "ei9");
    CHECK_THROWS_AS(read_matres("D\ta\tb\t1\t2\tOVERLAP\n", corpus), input_error);
    CHECK_THROWS_AS(read_matres("D\ta\tb\tx\t2\tBEFORE\n", corpus), input_error);
    CHECK_THROWS_AS(read_matres("D\ta\tb\t1\t2\n", corpus), input_error);
    // The line is named; the file is the caller's to name (the CLI puts it first).
    CHECK_THROWS_WITH_AS(read_matres("D\ta\tb\t1\t2\tBEFORE\nD\ta\tb\t1\t2\n", corpus),
                         "line 2: expected 6 tab-separated fields", input_error);
}

TEST_CASE("the MATRES measure reads start-point order off the system's closure, per sentence distance") {
    Document gold;
    gold.text = "Prices fell and traders sold. Then banks rose. Officials met. Nobody came.";
    gold.analysis = analyze_text(gold.text);
    REQUIRE(gold.analysis.sentences.size() == 4);
    gold.events = {event_at(gold.text, "fell", "ei1"), event_at(gold.text, "sold", "ei2"),
                   event_at(gold.text, "rose", "ei3"), event_at(gold.text, "met", "ei4"),
                   event_at(gold.text, "came", "ei5")};
    // The system: the same events but "came" (not found), renamed, with offsets from its own
    // tagging; fell BEFORE sold, sold BEFORE rose (so fell BEFORE rose by closure), met
    // INCLUDES rose (no start-point order: NONE), ei4 and ei1 unrelated.
    Document system = gold;
    system.events.pop_back();
    for (std::size_t i = 0; i < system.events.size(); ++i) system.events[i].eiid = "ei" + std::to_string(11 + i);
    system.links = {link("ei11", "ei12", "BEFORE"), link("ei12", "ei13", "BEFORE"), link("ei14", "ei13", "INCLUDES")};
    const std::vector<MatresPair> pairs = {
        {"ei1", "ei2", "BEFORE"},  // same sentence, right
        {"ei2", "ei3", "AFTER"},   // adjacent, wrong (system BEFORE)
        {"ei1", "ei3", "VAGUE"},   // adjacent, system BEFORE: a wrong answer
        {"ei3", "ei4", "BEFORE"},  // adjacent, system NONE: missed
        {"ei4", "ei5", "BEFORE"},  // adjacent, ei5 not found: left out
    };
    MatresEval m;
    m.add(pairs, gold, system);
    const auto& same = m.by_distance[0];
    const auto& adjacent = m.by_distance[1];
    CHECK(same.pairs == 1);
    CHECK(same.found == 1);
    CHECK(same.prf().precision == doctest::Approx(1.0));
    CHECK(same.prf().recall == doctest::Approx(1.0));
    CHECK(adjacent.pairs == 4);
    CHECK(adjacent.found == 3);
    // System answers BEFORE twice (both wrong), NONE once; MATRES orders two of the three.
    CHECK(adjacent.system_of(0) == 2);
    CHECK(adjacent.system_of(3) == 1);
    CHECK(adjacent.gold_of(3) == 1);
    CHECK(adjacent.prf().precision == doctest::Approx(0.0));
    CHECK(adjacent.prf().recall == doctest::Approx(0.0));
    const auto all = m.all();
    CHECK(all.found == 4);
    CHECK(all.prf().precision == doctest::Approx(1.0 / 3.0));
    CHECK(all.prf().recall == doctest::Approx(1.0 / 3.0));

    // With the right order of sold and rose, and met SIMULTANEOUS with rose (EQUAL: wrong).
    system.links = {link("ei11", "ei12", "BEFORE"), link("ei13", "ei12", "BEFORE"), link("ei14", "ei13", "SIMULTANEOUS")};
    MatresEval m2;
    m2.add(pairs, gold, system);
    CHECK(m2.by_distance[1].confusion[1][1] == 1);  // AFTER found AFTER
    CHECK(m2.by_distance[1].confusion[0][2] == 1);  // BEFORE answered EQUAL
    CHECK(m2.by_distance[1].confusion[3][3] == 1);  // VAGUE, and the closure fixes nothing
    CHECK(m2.by_distance[1].prf().precision == doctest::Approx(0.5));
    CHECK(m2.by_distance[1].prf().recall == doctest::Approx(0.5));
}

#include "test_support.hpp"

TEST_CASE("eval --matres prints event order per sentence distance, and a bad MATRES file is refused") {
    using namespace chronoline::test;
    const char* gold = R"(<?xml version="1.0" ?>
<TimeML>
<DOCID>matres-fixture</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2018-07-19" temporalFunction="false" functionInDocument="CREATION_TIME">2018-07-19</TIMEX3></DCT>
<TEXT>
Officials <EVENT eid="e1" class="REPORTING">said</EVENT> the talks had <EVENT eid="e2" class="OCCURRENCE">failed</EVENT>. Then the delegates <EVENT eid="e3" class="OCCURRENCE">left</EVENT>.
</TEXT>
<MAKEINSTANCE eventID="e1" eiid="ei1" tense="PAST" aspect="NONE" polarity="POS" pos="VERB"/>
<MAKEINSTANCE eventID="e2" eiid="ei2" tense="PAST" aspect="PERFECTIVE" polarity="POS" pos="VERB"/>
<MAKEINSTANCE eventID="e3" eiid="ei3" tense="PAST" aspect="NONE" polarity="POS" pos="VERB"/>
</TimeML>
)";
    const auto dir = scratch_dir("eval-matres");
    spit(dir / "fixture.tml", gold);
    spit(dir / "matres.txt", "fixture\tsaid\tfailed\t1\t2\tAFTER\nfixture\tsaid\tleft\t1\t3\tVAGUE\nother\ta\tb\t1\t2\tBEFORE\n");
    auto r = run_cli("eval --gold-entities --matres '" + (dir / "matres.txt").string() + "' '" + (dir / "fixture.tml").string() + "'");
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("event order against MATRES") != std::string::npos);
    const auto same = r.out.find("same sentence");
    const auto adjacent = r.out.find("adjacent sentences");
    REQUIRE(same != std::string::npos);
    REQUIRE(adjacent != std::string::npos);
    CHECK(r.out.find("pairs 1, events found 1", same) < adjacent);
    CHECK(r.out.find("pairs 1, events found 1", adjacent) != std::string::npos);
    r = run_cli("eval --json --gold-entities --matres '" + (dir / "matres.txt").string() + "' '" + dir.string() + "'");
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("\"matres\": {\"same_sentence\": {\"pairs\": 1, \"found\": 1") != std::string::npos);

    spit(dir / "bad.txt", "fixture\tsaid\tfailed\t1\t2\n");
    r = run_cli("eval --matres '" + (dir / "bad.txt").string() + "' '" + dir.string() + "'");
    CHECK(r.exit_code != 0);
    CHECK(r.err.find("bad.txt: line 1: ") != std::string::npos);
}

TEST_CASE("train adjacent needs MATRES pairs") {
    using namespace chronoline::test;
    const auto dir = scratch_dir("train-adjacent");
    spit(dir / "x.tml", "<TimeML><DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"2018-07-19\">x</TIMEX3></DCT><TEXT>It fell.</TEXT></TimeML>");
    const auto r = run_cli("train adjacent --out '" + (dir / "m").string() + "' '" + (dir / "x.tml").string() + "'");
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("--matres") != std::string::npos);
    CHECK(!std::filesystem::exists(dir / "m"));
}
