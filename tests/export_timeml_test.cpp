// TimeML output: well-formed, <TEXT> content byte for byte the document text, and read back by
// chronoline::read_timeml to the same annotations; spans that would break the XML are dropped
// and counted; the gold corpora survive a read -> write -> read round trip.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include <pugixml.hpp>

#include "chronoline/io.hpp"
#include "export_support.hpp"

namespace chronoline::test {
namespace {

std::string write(const Document& doc, TimemlStats* stats = nullptr) {
    std::ostringstream out;
    const TimemlStats s = write_timeml_counted(doc, out);
    if (stats) *stats = s;
    return out.str();
}

void collect_text(const pugi::xml_node& node, std::string& text) {
    for (pugi::xml_node child : node.children()) {
        if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) text += child.value();
        else if (child.type() == pugi::node_element) collect_text(child, text);
    }
}

// The character content of <TEXT>, parsed with pugixml (XML rules: references resolved, CR LF
// normalized).
std::string parsed_text(const std::string& xml) {
    pugi::xml_document d;
    const auto r = d.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata, pugi::encoding_utf8);
    REQUIRE_MESSAGE(r, r.description());
    REQUIRE(std::string_view(d.document_element().name()) == "TimeML");
    const pugi::xml_node text = d.document_element().child("TEXT");
    REQUIRE(text);
    std::string content;
    collect_text(text, content);
    return content;
}

// Same annotations, compared by id (read_timeml orders events by position).
void check_same_annotations(const Document& expected, const Document& actual) {
    REQUIRE(actual.timexes.size() == expected.timexes.size());
    for (std::size_t i = 0; i < expected.timexes.size(); ++i) {
        const Timex& a = expected.timexes[i];
        const auto it = std::find_if(actual.timexes.begin(), actual.timexes.end(),
                                     [&](const Timex& b) { return b.tid == a.tid; });
        REQUIRE_MESSAGE(it != actual.timexes.end(), a.tid);
        CHECK(it->span == a.span);
        CHECK(it->type == a.type);
        CHECK(it->value == a.value);
        CHECK(it->mod == a.mod);
        CHECK(it->quant == a.quant);
        CHECK(it->freq == a.freq);
        CHECK(it->temporal_function == a.temporal_function);
        CHECK(it->anchor_tid == a.anchor_tid);
    }
    REQUIRE(actual.events.size() == expected.events.size());
    for (const Event& a : expected.events) {
        const auto it = std::find_if(actual.events.begin(), actual.events.end(),
                                     [&](const Event& b) {
                                         // An EVENT without MAKEINSTANCE had no eiid: it gets a fresh one.
                                         return a.eiid.empty() ? b.eid == a.eid && b.span == a.span : b.eiid == a.eiid;
                                     });
        REQUIRE_MESSAGE(it != actual.events.end(), a.eid << " " << a.eiid);
        CHECK(it->span == a.span);
        CHECK(it->eid == a.eid);
        CHECK(it->event_class == a.event_class);
        CHECK(it->tense == a.tense);
        CHECK(it->aspect == a.aspect);
        CHECK(it->polarity == a.polarity);
        CHECK(it->modality == a.modality);
        CHECK(it->pos == a.pos);
    }
    REQUIRE(actual.links.size() == expected.links.size());
    for (std::size_t i = 0; i < expected.links.size(); ++i) {
        CHECK(actual.links[i].lid == expected.links[i].lid);
        CHECK(actual.links[i].from == expected.links[i].from);
        CHECK(actual.links[i].to == expected.links[i].to);
        CHECK(actual.links[i].rel_type == expected.links[i].rel_type);
    }
}

}  // namespace

TEST_SUITE("export-timeml") {
    TEST_CASE("TEXT is the document text byte for byte and read_timeml gets every annotation back") {
        for (const Fixture& f : all_fixtures()) {
            CAPTURE(f.name);
            TimemlStats stats;
            const std::string xml = write(f.doc, &stats);
            CHECK(parsed_text(xml) == f.doc.text);
            CHECK(stats.dropped_timexes == 0);
            CHECK(stats.dropped_events == 0);
            CHECK(stats.dropped_links == 0);
            CHECK(stats.timexes_written == f.doc.timexes.size());
            CHECK(stats.events_written == f.doc.events.size());
            CHECK(stats.links_written == f.doc.links.size());
            const Document back = read_timeml(xml, f.name);
            CHECK(back.text == f.doc.text);
            CHECK(back.dct_value == f.doc.dct_value);
            CHECK(back.title == f.doc.title);
            check_same_annotations(f.doc, back);
        }
    }

    TEST_CASE("the layout follows the TempEval-3 corpora: one tag per element, one element per line") {
        const Fixture f = summit_fixture();
        const std::string xml = write(f.doc);
        CHECK(xml.starts_with("<?xml version=\"1.0\"?>\n<TimeML xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                              "xsi:noNamespaceSchemaLocation=\"http://timeml.org/timeMLdocs/TimeML_1.2.1.xsd\">"));
        CHECK(xml.find("<DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"2018-07-19\" temporalFunction=\"false\" "
                       "functionInDocument=\"CREATION_TIME\">") != std::string::npos);
        std::istringstream lines(xml);
        std::size_t instances = 0, tlinks = 0;
        for (std::string line; std::getline(lines, line);) {
            // A start tag never spans lines (the toolkit reads tags with regular expressions).
            for (std::size_t p = line.find('<'); p != std::string::npos; p = line.find('<', p + 1))
                CHECK_MESSAGE(line.find('>', p) != std::string::npos, line);
            if (line.starts_with("<MAKEINSTANCE ")) {
                ++instances;
                CHECK(line.ends_with("\"/>"));
                CHECK(line.find(" eventID=\"") < line.find(" eiid=\""));
            }
            if (line.starts_with("<TLINK ")) {
                ++tlinks;
                CHECK(line.ends_with("\"/>"));
                CHECK(line.find(" lid=\"") < line.find(" relType=\""));
            }
        }
        CHECK(instances == f.doc.events.size());
        CHECK(tlinks == f.doc.links.size());
        // TIMEX3 attributes in the corpus order.
        const auto t = xml.find("<TIMEX3 tid=\"t2\"");
        REQUIRE(t != std::string::npos);
        const std::string expected_tag =
            "<TIMEX3 tid=\"t2\" type=\"DATE\" value=\"2018-07-16\" temporalFunction=\"true\" "
            "functionInDocument=\"NONE\" anchorTimeID=\"t0\">Monday</TIMEX3>";
        CHECK(xml.compare(t, expected_tag.size(), expected_tag) == 0);
    }

    TEST_CASE("spans that would break the XML are dropped and counted, and nesting of a TIMEX3 and an EVENT is kept") {
        FixtureBuilder b("spans.txt", "Talks ended early on Monday \xC3\xA9t\xC3\xA9 afternoon in Geneva.\n", "2018-07-19");
        b.timex("t1", "Monday \xC3\xA9t\xC3\xA9 afternoon", 0, "TIME", "2018-07-16TAF");      // kept
        b.event("e1", "afternoon in", 0, "OCCURRENCE", "NONE", 0);                            // crosses t1: dropped
        b.event("e2", "afternoon", 0, "OCCURRENCE", "NONE", 0);                               // inside t1: kept
        b.timex("t2", "Monday", 0, "DATE", "2018-07-16");                                     // TIMEX3 in TIMEX3: dropped
        b.event("e3", "Talks", 0, "OCCURRENCE", "NONE", 0, "NOUN");                           // kept
        b.event("e4", "Talks", 0, "OCCURRENCE", "NONE", 0, "NOUN").eid = "e99";               // same span again: dropped
        Event& split = b.event("e5", "\xC3\xA9t\xC3\xA9", 0, "STATE", "NONE", 0);             // starts inside a character
        split.span.begin += 1;
        Event& empty = b.event("e6", "ended", 0, "OCCURRENCE", "PAST", 0);                    // empty span
        empty.span.end = empty.span.begin;
        Event& outside = b.event("e7", "Geneva", 0, "OCCURRENCE", "NONE", 0);                 // beyond the text
        outside.span = Span{500, 505};
        b.link("l1", "ei2", "IS_INCLUDED", "t1", "r", 1.0);   // kept
        b.link("l2", "ei1", "BEFORE", "ei2", "r", 1.0);       // names a dropped event
        b.link("l3", "ei3", "BEFORE", "t2", "r", 1.0);        // names a dropped time
        b.link("l4", "ei3", "BEFORE", "nowhere", "r", 1.0);   // names nothing
        b.link("l5", "ei3", "BEFORE", "t0", "r", 1.0);        // the DCT: kept

        TimemlStats stats;
        const std::string xml = write(b.doc, &stats);
        CHECK(parsed_text(xml) == b.doc.text);
        CHECK(stats.timexes_written == 1);
        CHECK(stats.dropped_timexes == 1);
        CHECK(stats.events_written == 2);
        CHECK(stats.dropped_events == 5);
        CHECK(stats.links_written == 2);
        CHECK(stats.dropped_links == 3);
        CHECK(xml.find("<TIMEX3 tid=\"t1\" type=\"TIME\" value=\"2018-07-16TAF\" temporalFunction=\"false\" "
                       "functionInDocument=\"NONE\">Monday \xC3\xA9t\xC3\xA9 <EVENT eid=\"e2\" class=\"OCCURRENCE\">"
                       "afternoon</EVENT></TIMEX3>") != std::string::npos);

        const Document back = read_timeml(xml, "spans.tml");
        REQUIRE(back.timexes.size() == 1);
        CHECK(back.timexes[0].tid == "t1");
        REQUIRE(back.events.size() == 2);
        CHECK(back.events[0].eid == "e3");
        CHECK(back.events[1].eid == "e2");
        REQUIRE(back.links.size() == 2);
        CHECK(back.links[0].lid == "l1");
        CHECK(back.links[1].to == "t0");
    }

    TEST_CASE("missing or clashing ids get fresh unique ones, and instances of one EVENT share its tag") {
        FixtureBuilder b("ids.txt", "They met and met again.", "2018-07-19");
        b.timex("t0", "again", 0, "SET", "P1W");                              // may not take the DCT's id
        b.event("e1", "met", 0, "OCCURRENCE", "PAST", 0);
        b.event("e1", "met", 0, "OCCURRENCE", "PAST", 0).eiid = "ei7";       // second instance of e1
        b.event("e1", "met", 1, "OCCURRENCE", "PAST", 0).eiid = "";          // e1 again, other span, no eiid
        b.doc.timexes[0].quant = "EVERY";
        b.doc.timexes[0].freq = "1X";
        b.link("", "ei1", "BEFORE", "ei7", "r", 1.0);
        b.link("", "t0", "INCLUDES", "ei1", "r", 1.0);

        const std::string xml = write(b.doc);
        const Document back = read_timeml(xml, "ids.tml");
        REQUIRE(back.timexes.size() == 1);
        CHECK(back.timexes[0].tid == "t1");
        CHECK(back.timexes[0].quant == "EVERY");
        CHECK(back.timexes[0].freq == "1X");
        REQUIRE(back.events.size() == 3);
        std::map<std::string, std::string> eid_of;
        for (const Event& e : back.events) eid_of[e.eiid] = e.eid;
        CHECK(eid_of.size() == 3);
        CHECK(eid_of["ei1"] == "e1");
        CHECK(eid_of["ei7"] == "e1");
        CHECK(xml.find("<EVENT eid=\"e1\"") == xml.rfind("<EVENT eid=\"e1\""));  // one tag for both instances
        REQUIRE(back.links.size() == 2);
        CHECK(back.links[0].lid != back.links[1].lid);
        CHECK(back.links[1].from == "t0");
    }

    TEST_CASE("control characters XML cannot carry become spaces, and CR survives as a reference") {
        FixtureBuilder b("ctl.txt", std::string("Line one\r\nbell\x07 here \xEF\xBF\xBF end.\n"), "2018-07-19");
        b.event("e1", "bell", 0, "OCCURRENCE", "NONE", 0);
        const std::string xml = write(b.doc);
        std::string expected = b.doc.text;
        expected[expected.find('\x07')] = ' ';
        expected.replace(expected.find("\xEF\xBF\xBF"), 3, "\xEF\xBF\xBD");
        CHECK(parsed_text(xml) == expected);
        CHECK(xml.find("&#13;\n") != std::string::npos);
        if (program_available("xmllint")) {
            TempFile file("ctl.tml", xml);
            std::string output;
            CHECK_MESSAGE(run_command("xmllint --noout '" + file.path().string() + "'", file.sibling("out"), output) == 0,
                          output);
        }
    }

    TEST_CASE("assign_timeml replaces what the string held with write_timeml's output, byte for byte") {
        const auto shared = shared_dir();
        if (!shared) {
            MESSAGE("skipped: ../shared (or $CHRONOLINE_SHARED) is absent");
            return;
        }
        std::vector<std::filesystem::path> paths;
        for (const auto& entry : std::filesystem::directory_iterator(*shared / "corpus" / "timebank"))
            if (entry.path().extension() == ".tml") paths.push_back(entry.path());
        std::sort(paths.begin(), paths.end());
        REQUIRE(paths.size() > 20);
        paths.resize(20);
        // One string through documents of every size, as a batch reuses it; it starts out holding
        // more than any output, then less.
        for (const std::size_t start : {std::size_t{1} << 20, std::size_t{3}}) {
            std::string reused(start, 'x');
            for (const auto& path : paths) {
                CAPTURE(path.string());
                const Document gold = read_timeml(slurp(path), path.filename().string());
                TimemlStats expected_stats;
                const std::string expected = write(gold, &expected_stats);
                const TimemlStats stats = assign_timeml(gold, reused);
                CHECK(reused == expected);
                CHECK(stats.links_written == expected_stats.links_written);
                CHECK(stats.events_written == expected_stats.events_written);
                std::string appended = "prefix";
                append_timeml(gold, appended);
                CHECK(appended == "prefix" + expected);
            }
        }
    }

    TEST_CASE("gold corpora: read -> write -> read gives the same text and annotations") {
        const auto shared = shared_dir();
        if (!shared) {
            MESSAGE("skipped: ../shared (or $CHRONOLINE_SHARED) is absent");
            return;
        }
        std::size_t files = 0;
        TimemlStats total;
        for (const char* corpus : {"timebank", "aquaint"}) {
            const auto dir = *shared / "corpus" / corpus;
            if (!std::filesystem::is_directory(dir)) continue;
            std::vector<std::filesystem::path> paths;
            for (const auto& entry : std::filesystem::directory_iterator(dir))
                if (entry.path().extension() == ".tml") paths.push_back(entry.path());
            std::sort(paths.begin(), paths.end());
            for (const auto& path : paths) {
                CAPTURE(path.string());
                const Document gold = read_timeml(slurp(path), path.filename().string());
                TimemlStats stats;
                const std::string xml = write(gold, &stats);
                total.dropped_timexes += stats.dropped_timexes;
                total.dropped_events += stats.dropped_events;
                total.dropped_links += stats.dropped_links;
                const Document back = read_timeml(xml, path.filename().string());
                CHECK(back.text == gold.text);
                CHECK(parsed_text(xml) == gold.text);
                if (stats.dropped_timexes == 0 && stats.dropped_events == 0 && stats.dropped_links == 0)
                    check_same_annotations(gold, back);
                ++files;
            }
        }
        if (files == 0) {
            MESSAGE("skipped: no gold .tml files under ../shared/corpus");
            return;
        }
        MESSAGE(files << " gold files; dropped timexes " << total.dropped_timexes << ", events " << total.dropped_events
                      << ", links " << total.dropped_links);
        // The gold annotations nest properly: nothing may be dropped.
        CHECK(total.dropped_timexes == 0);
        CHECK(total.dropped_events == 0);
    }
}

}  // namespace chronoline::test

namespace chronoline::test {
namespace {

// A random document (fixed seed: the same every run) whose text is full of characters that need
// escaping and whose spans overlap, nest, repeat, start inside characters or leave the text.
Document random_document(std::mt19937& rng) {
    static const std::vector<std::string> pieces = {"a", "b", " ", "  ", "<", ">", "&", "\"", "'", "\r\n", "\n", "\t",
                                                    "\xC3\xA9", "\xE6\x97\xA5", "\xE2\x80\xA8", "]]>", "&amp;", "\x01", "."};
    auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
    Document doc;
    doc.name = "random.txt";
    const std::size_t length = 1 + pick(60);
    for (std::size_t i = 0; i < length; ++i) doc.text += pieces[pick(pieces.size())];
    doc.dct = std::chrono::year_month_day{std::chrono::year{2018}, std::chrono::July, std::chrono::day{19}};
    doc.dct_value = "2018-07-19";
    auto random_span = [&] {
        const auto a = static_cast<std::uint32_t>(pick(doc.text.size() + 3));
        return Span{a, static_cast<std::uint32_t>(a + pick(8))};
    };
    auto random_id = [&](const char* prefix) {
        const std::size_t kind = pick(10);
        if (kind == 0) return std::string();
        if (kind == 1) return std::string("x<\"&'") + std::to_string(pick(3));
        return prefix + std::to_string(pick(6));
    };
    for (std::size_t i = 0, n = pick(8); i < n; ++i) {
        Timex t;
        t.span = random_span();
        t.tid = random_id("t");
        t.type = "DATE";
        t.value = pick(2) ? "2018-07-1" + std::to_string(pick(10)) : "X\"<&>";
        if (pick(3) == 0) t.anchor_tid = random_id("t");
        doc.timexes.push_back(t);
    }
    for (std::size_t i = 0, n = pick(10); i < n; ++i) {
        Event e;
        e.span = random_span();
        e.eid = random_id("e");
        e.eiid = random_id("ei");
        e.event_class = pick(5) ? "OCCURRENCE" : "";
        if (pick(4) == 0) e.modality = "wo\"uld";
        doc.events.push_back(e);
    }
    for (std::size_t i = 0, n = pick(10); i < n; ++i)
        doc.links.push_back(TLink{random_id("l"), pick(2) ? random_id("ei") : random_id("t"),
                                  pick(2) ? random_id("ei") : random_id("t"), pick(6) ? "BEFORE" : "", "r", 1.0});
    return doc;
}

}  // namespace

TEST_SUITE("export-timeml") {
    TEST_CASE("random overlapping spans and hostile text never give broken TimeML") {
        std::mt19937 rng(20180719);
        for (int round = 0; round < 500; ++round) {
            const Document doc = random_document(rng);
            CAPTURE(round);
            CAPTURE(doc.text);
            TimemlStats stats;
            const std::string xml = write(doc, &stats);
            std::string expected = doc.text;
            std::replace(expected.begin(), expected.end(), '\x01', ' ');
            CHECK(parsed_text(xml) == expected);
            CHECK(stats.timexes_written + stats.dropped_timexes == doc.timexes.size());
            CHECK(stats.events_written + stats.dropped_events == doc.events.size());
            CHECK(stats.links_written + stats.dropped_links == doc.links.size());
            Document back;
            REQUIRE_NOTHROW(back = read_timeml(xml, "random.tml"));
            CHECK(back.text == expected);
            CHECK(back.timexes.size() == stats.timexes_written);
            CHECK(back.events.size() == stats.events_written);
            CHECK(back.links.size() == stats.links_written);
            std::set<std::string> ids;
            for (const Timex& t : back.timexes) CHECK(ids.insert(t.tid).second);
            for (const Event& e : back.events) CHECK(ids.insert(e.eiid).second);
            for (const TLink& l : back.links) CHECK(ids.insert(l.lid).second);
            CHECK(ids.count("t0") == 0);
        }
    }
}

}  // namespace chronoline::test
