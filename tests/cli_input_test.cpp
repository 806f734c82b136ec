// The command line's contract on bad input: one line on stderr naming the file and the problem,
// a non-zero exit, no half-written output, and the rest of the batch still processed.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "test_support.hpp"

using namespace chronoline::test;
namespace fs = std::filesystem;

namespace {

std::size_t line_count(const std::string& s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')); }

const char* kGoodText = "Officials said Tuesday that the talks would resume in the fall.\n";

}  // namespace

TEST_CASE("each kind of bad input gets one line naming the file, and the batch goes on") {
    const auto dir = scratch_dir("bad-input");
    spit(dir / "good.txt", kGoodText);
    spit(dir / "bad-utf8.txt", "Officials said \xC3\x28 Tuesday.\n");
    spit(dir / "binary.txt", std::string("\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0", 20));
    spit(dir / "broken.tml", "<?xml version=\"1.0\"?>\n<TimeML><DCT><TIMEX3 tid=\"t0\" value=\"2018-07-19\" "
                             "functionInDocument=\"CREATION_TIME\">x</TIMEX3></DCT><TEXT>Talks <EVENT>began</TEXT>");
    spit(dir / "notext.tml", "<?xml version=\"1.0\"?>\n<TimeML><DCT><TIMEX3 tid=\"t0\" value=\"2018-07-19\" "
                             "functionInDocument=\"CREATION_TIME\">x</TIMEX3></DCT></TimeML>");
    spit(dir / "empty.txt", "");
    const auto out = dir / "out";
    const std::vector<std::string> bad = {"bad-utf8.txt", "binary.txt", "broken.tml", "notext.tml", "empty.txt",
                                          "missing.txt"};
    std::string args = "timeline --date 2018-07-19 --format timeml --out-dir '" + out.string() + "'";
    for (const auto& name : bad) args += " '" + (dir / name).string() + "'";
    args += " '" + (dir / "good.txt").string() + "'";
    const auto r = run_cli(args);
    CHECK(r.exit_code == 1);
    CHECK(line_count(r.err) == bad.size());
    for (const auto& name : bad) {
        CAPTURE(name);
        CHECK(r.err.find(name) != std::string::npos);
        CHECK_FALSE(fs::exists(out / name));
    }
    CHECK(r.err.find("invalid UTF-8") != std::string::npos);
    CHECK(r.err.find("binary") != std::string::npos);
    CHECK(r.err.find("broken XML") != std::string::npos);
    CHECK(r.err.find("<TEXT>") != std::string::npos);
    CHECK(r.err.find("empty") != std::string::npos);
    CHECK(fs::exists(out / "good.txt"));
    // No temporary file is left behind.
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(out)) ++files;
    CHECK(files == 1);
}

TEST_CASE("a missing or impossible date is a usage error, exit 2") {
    const auto dir = scratch_dir("dates");
    spit(dir / "nodate.txt", kGoodText);
    auto r = run_cli("timeline '" + (dir / "nodate.txt").string() + "'");
    CHECK(r.exit_code == 2);
    CHECK(line_count(r.err) == 1);
    CHECK(r.err.find("nodate.txt") != std::string::npos);
    CHECK(r.err.find("--date") != std::string::npos);

    r = run_cli("timeline --date 2018-02-30 '" + (dir / "nodate.txt").string() + "'");
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("impossible date") != std::string::npos);
    r = run_cli("timeline --date yesterday '" + (dir / "nodate.txt").string() + "'");
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
}

TEST_CASE("outputs never replace an input and --output is written whole") {
    const auto dir = scratch_dir("overwrite");
    spit(dir / "a.txt", kGoodText);
    auto r = run_cli("timeline --date 2018-07-19 --out-dir '" + dir.string() + "' '" + (dir / "a.txt").string() + "'");
    CHECK(r.exit_code == 4);
    CHECK(slurp(dir / "a.txt") == kGoodText);

    r = run_cli("timeline --date 2018-07-19 --output '" + (dir / "a.txt").string() + "' '" + (dir / "a.txt").string() +
                "'");
    CHECK(r.exit_code == 4);
    CHECK(slurp(dir / "a.txt") == kGoodText);

    r = run_cli("timeline --date 2018-07-19 --output '" + (dir / "result.txt").string() + "' '" +
                (dir / "a.txt").string() + "'");
    CHECK(r.exit_code == 0);
    CHECK(fs::exists(dir / "result.txt"));

    // An input under another name (a hard link in the output folder) is refused too; an
    // existing output that is no input is replaced.
    fs::create_directories(dir / "out");
    fs::create_hard_link(dir / "a.txt", dir / "out" / "b.txt");
    spit(dir / "b.txt", kGoodText);
    spit(dir / "out" / "c.txt", "old output");
    spit(dir / "c.txt", kGoodText);
    r = run_cli("timeline --date 2018-07-19 --out-dir '" + (dir / "out").string() + "' '" + (dir / "a.txt").string() +
                "' '" + (dir / "b.txt").string() + "' '" + (dir / "c.txt").string() + "'");
    CHECK(r.exit_code == 4);
    CHECK(r.err.find("refusing to overwrite the input " + (dir / "out" / "b.txt").string()) != std::string::npos);
    CHECK(slurp(dir / "a.txt") == kGoodText);
    CHECK(slurp(dir / "out" / "b.txt") == kGoodText);
    CHECK(slurp(dir / "out" / "a.txt") != kGoodText);
    CHECK(slurp(dir / "out" / "c.txt") != "old output");
    std::size_t files = 0;
    for (const auto& e : fs::directory_iterator(dir / "out")) files += e.is_regular_file();
    CHECK(files == 3);  // a, b, c: no temporary left
}

TEST_CASE("standard input is an input like any other") {
    auto r = run_cli("timeline --date 2018-07-19 -", kGoodText);
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());
    r = run_cli("timeline --date 2018-07-19 -", "");
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("<stdin>") != std::string::npos);
}

TEST_CASE("--stages stops the pipeline after the stage it names") {
    auto count = [](const std::string& s, const std::string& what) {
        std::size_t n = 0;
        for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
        return n;
    };
    const auto timex = run_cli("timeline --stages timex --format timeml --date 2018-07-19 -", kGoodText);
    const auto events = run_cli("timeline --stages events --format timeml --date 2018-07-19 -", kGoodText);
    const auto all = run_cli("timeline --format timeml --date 2018-07-19 -", kGoodText);
    REQUIRE(timex.exit_code == 0);
    REQUIRE(events.exit_code == 0);
    REQUIRE(all.exit_code == 0);
    // "Tuesday" and "the fall" in every run; events from the second on; links only in the last.
    for (const auto* r : {&timex, &events, &all}) CHECK(count(r->out, "<TIMEX3 ") == 3);  // with the DCT
    CHECK(count(timex.out, "<EVENT ") == 0);
    CHECK(count(events.out, "<EVENT ") >= 2);
    CHECK(count(events.out, "<TLINK ") == 0);
    CHECK(count(all.out, "<TLINK ") > 0);
    // Without the events stage, the resolver's tense comes from its own clause heuristic: the
    // values stay the same on this plain past-tense report.
    CHECK(timex.out.find("value=\"2018-07-17\"") != std::string::npos);
    CHECK(all.out.find("value=\"2018-07-17\"") != std::string::npos);
    CHECK(run_cli("timeline --stages links --date 2018-07-19 -", kGoodText).exit_code == 2);
}

TEST_CASE("usage errors exit 2") {
    CHECK(run_cli("timeline --format pdf x.txt").exit_code == 2);
    CHECK(run_cli("frobnicate").exit_code == 2);
    CHECK(run_cli("timeline --date 2018-07-19 --format xml a.txt b.txt").exit_code == 2);
}

TEST_CASE("missing resources are exit 3") {
    const auto dir = scratch_dir("noresources");
    spit(dir / "a.txt", kGoodText);
    const auto r = run_cli("--resources '" + (dir / "nothing").string() + "' timeline --date 2018-07-19 '" +
                           (dir / "a.txt").string() + "'");
    CHECK(r.exit_code == 3);
    CHECK(line_count(r.err) == 1);
}
