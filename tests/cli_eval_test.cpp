// `chronoline eval` end to end on a gold file the test writes itself.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "test_support.hpp"

using namespace chronoline::test;

namespace {

const char* kGold = R"(<?xml version="1.0" ?>
<TimeML>
<DOCID>eval-fixture</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2018-07-19" temporalFunction="false" functionInDocument="CREATION_TIME">2018-07-19</TIMEX3></DCT>
<TEXT>
Officials <EVENT eid="e1" class="REPORTING">said</EVENT> <TIMEX3 tid="t1" type="DATE" value="2018-07-17">Tuesday</TIMEX3> that the talks would <EVENT eid="e2" class="ASPECTUAL">resume</EVENT> in <TIMEX3 tid="t2" type="DATE" value="2018-FA">the fall</TIMEX3>.
</TEXT>
<MAKEINSTANCE eventID="e1" eiid="ei1" tense="PAST" aspect="NONE" polarity="POS" pos="VERB"/>
<MAKEINSTANCE eventID="e2" eiid="ei2" tense="NONE" aspect="NONE" polarity="POS" pos="VERB" modality="would"/>
<TLINK lid="l1" relType="IS_INCLUDED" eventInstanceID="ei1" relatedToTime="t1"/>
<TLINK lid="l2" relType="IS_INCLUDED" eventInstanceID="ei2" relatedToTime="t2"/>
</TimeML>
)";

}  // namespace

TEST_CASE("eval scores a gold file: text and JSON agree, and a bad file is reported") {
    const auto dir = scratch_dir("eval");
    spit(dir / "fixture.tml", kGold);
    auto r = run_cli("eval '" + (dir / "fixture.tml").string() + "'");
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("documents: 1") != std::string::npos);
    CHECK(r.out.find("time expressions (gold 2, system 2)") != std::string::npos);
    CHECK(r.out.find("value                  P 1.0000  R 1.0000  F1 1.0000") != std::string::npos);
    CHECK(r.out.find("events (gold 2,") != std::string::npos);
    CHECK(r.out.find("temporal awareness") != std::string::npos);

    r = run_cli("eval --json '" + dir.string() + "'");
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("\"documents\": 1") != std::string::npos);
    CHECK(r.out.find("\"value\": {\"precision\": 1.0000, \"recall\": 1.0000, \"f1\": 1.0000}") != std::string::npos);

    spit(dir / "broken.tml", "<TimeML><TEXT>unclosed");
    r = run_cli("eval '" + dir.string() + "'");
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("broken.tml") != std::string::npos);
    CHECK(r.out.find("documents: 1") != std::string::npos);

    // When no file can be read there is no report at all, only the errors.
    r = run_cli("eval '" + (dir / "broken.tml").string() + "'");
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);

    r = run_cli("eval --gold-entities '" + (dir / "fixture.tml").string() + "'");
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("temporal links (gold entities)") != std::string::npos);
}

TEST_CASE("eval without gold files is a usage error") {
    const auto dir = scratch_dir("eval-empty");
    CHECK(run_cli("eval '" + dir.string() + "'").exit_code == 2);
}

#include "chronoline/io.hpp"

TEST_CASE("a TimeML input's gold tags are dropped and replaced, and its text comes out byte for byte") {
    const auto dir = scratch_dir("timeml-in");
    // A gold tag no system would write: it must not survive.
    std::string input = kGold;
    input.replace(input.find("the talks"), 9, "the <EVENT eid=\"e9\" class=\"PERCEPTION\">talks</EVENT>");
    spit(dir / "fixture.tml", input);
    const auto r = run_cli("timeline --format timeml '" + (dir / "fixture.tml").string() + "'");
    REQUIRE(r.exit_code == 0);
    const auto gold = chronoline::read_timeml(input, "gold");
    const auto ours = chronoline::read_timeml(r.out, "ours");
    CHECK(ours.text == gold.text);
    CHECK(ours.dct_value == "2018-07-19");
    REQUIRE(ours.timexes.size() == 2);
    CHECK(ours.timexes[0].value == "2018-07-17");
    CHECK(ours.timexes[1].value == "2018-FA");
    // The system's own ids and rules, not the gold file's attributes, are what comes out.
    CHECK(r.out.find("PERCEPTION") == std::string::npos);
    CHECK(r.out.find("eid=\"e9\"") == std::string::npos);
}
