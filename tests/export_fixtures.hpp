// Hand-made documents and timelines for the exporter tests. They are built here, not by the
// pipeline, so that the golden files pin the exporters alone and do not move when a tagger or
// the graph changes. The articles are made up for these tests.
#pragma once
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "chronoline/document.hpp"
#include "chronoline/timeline.hpp"

namespace chronoline::test {

// The byte span of the `occurrence`-th (0-based) `needle` in `text`; throws when absent so a
// typo in a fixture fails loudly.
inline Span find_span(std::string_view text, std::string_view needle, int occurrence = 0) {
    std::size_t pos = text.find(needle);
    for (int i = 0; i < occurrence && pos != std::string_view::npos; ++i) pos = text.find(needle, pos + 1);
    if (pos == std::string_view::npos) throw std::logic_error("fixture: '" + std::string(needle) + "' not in text");
    return Span{static_cast<std::uint32_t>(pos), static_cast<std::uint32_t>(pos + needle.size())};
}

struct FixtureBuilder {
    Document doc;

    FixtureBuilder(std::string name, std::string text, std::string dct) {
        doc.name = std::move(name);
        doc.text = std::move(text);
        doc.dct = parse_date(dct, "fixture DCT");
        doc.dct_value = std::move(dct);
    }
    // Sentences given as their exact text, in order.
    void sentences(const std::vector<std::string_view>& list) {
        std::size_t from = 0;
        for (auto s : list) {
            const auto pos = doc.text.find(s, from);
            if (pos == std::string::npos) throw std::logic_error("fixture: sentence not in text");
            Sentence sentence;
            sentence.span = Span{static_cast<std::uint32_t>(pos), static_cast<std::uint32_t>(pos + s.size())};
            doc.analysis.sentences.push_back(sentence);
            from = pos + s.size();
        }
    }
    Timex& timex(std::string tid, std::string_view surface, int occurrence, std::string type, std::string value) {
        Timex t;
        t.span = find_span(doc.text, surface, occurrence);
        t.tid = std::move(tid);
        t.type = std::move(type);
        t.value = std::move(value);
        doc.timexes.push_back(std::move(t));
        return doc.timexes.back();
    }
    Event& event(std::string eid, std::string_view surface, int occurrence, std::string cls, std::string tense,
                 std::uint32_t sentence, std::string pos = "VERB") {
        Event e;
        e.span = find_span(doc.text, surface, occurrence);
        e.eiid = "ei" + eid.substr(1);
        e.eid = std::move(eid);
        e.event_class = std::move(cls);
        e.tense = std::move(tense);
        e.sentence = sentence;
        e.pos = std::move(pos);
        doc.events.push_back(std::move(e));
        return doc.events.back();
    }
    void link(std::string lid, std::string from, std::string rel, std::string to, std::string rule, double confidence) {
        doc.links.push_back(TLink{std::move(lid), std::move(from), std::move(to), std::move(rel), std::move(rule), confidence});
    }
};

inline TLink make_link(std::string lid, std::string from, std::string rel, std::string to, std::string rule,
                       double confidence) {
    return TLink{std::move(lid), std::move(from), std::move(to), std::move(rel), std::move(rule), confidence};
}

inline TimelineEntry make_entry(std::string value, std::string after, std::string before, std::string label,
                                std::vector<std::size_t> events, std::vector<std::size_t> timexes, std::size_t rank) {
    TimelineEntry e;
    e.value = std::move(value);
    e.after = std::move(after);
    e.before = std::move(before);
    e.label = std::move(label);
    e.events = std::move(events);
    e.timexes = std::move(timexes);
    e.rank = rank;
    return e;
}

struct Fixture {
    std::string name;  // golden files are tests/golden/<name>.<ext>
    Document doc;
    Timeline timeline;
};

// A short made-up news article, DCT Thursday 2018-07-19: dated events on four days and in the
// fall, one event only bounded, two unordered, a reduced graph and one rejected link.
inline Fixture summit_fixture() {
    FixtureBuilder b("summit.txt",
                     "Leaders agree to meet again in the fall\n"
                     "\n"
                     "GENEVA - The two leaders met on Monday for two hours at their first summit, officials said Thursday.\n"
                     "\n"
                     "Negotiators had prepared the talks since 2016. On Tuesday, the foreign minister said the meeting "
                     "was useful, and on Wednesday his deputy denied any rift.\n"
                     "\n"
                     "A second summit will be held in the fall. Critics worry the talks could fail.\n",
                     "2018-07-19");
    b.doc.title = "Leaders agree to meet again";
    b.sentences({"Leaders agree to meet again in the fall",
                 "GENEVA - The two leaders met on Monday for two hours at their first summit, officials said Thursday.",
                 "Negotiators had prepared the talks since 2016.",
                 "On Tuesday, the foreign minister said the meeting was useful, and on Wednesday his deputy denied any rift.",
                 "A second summit will be held in the fall.", "Critics worry the talks could fail."});
    {
        auto& t = b.timex("t1", "the fall", 0, "DATE", "2018-FA");
        t.temporal_function = true;
        t.anchor_tid = "t0";
        t.rule = "season";
        t.explanation = "anchor=DCT 2018-07-19; the coming fall";
    }
    {
        auto& t = b.timex("t2", "Monday", 0, "DATE", "2018-07-16");
        t.temporal_function = true;
        t.anchor_tid = "t0";
        t.rule = "weekday";
        t.explanation = "anchor=DCT 2018-07-19; tense=PAST; most recent Monday";
    }
    {
        auto& t = b.timex("t3", "two hours", 0, "DURATION", "PT2H");
        t.rule = "duration";
        t.explanation = "number + unit";
    }
    {
        auto& t = b.timex("t4", "Thursday", 0, "DATE", "2018-07-19");
        t.temporal_function = true;
        t.anchor_tid = "t0";
        t.rule = "weekday";
        t.explanation = "anchor=DCT 2018-07-19; the DCT's own weekday";
    }
    {
        auto& t = b.timex("t5", "2016", 0, "DATE", "2016");
        t.rule = "year";
        t.explanation = "four-digit year";
    }
    {
        auto& t = b.timex("t6", "Tuesday", 0, "DATE", "2018-07-17");
        t.temporal_function = true;
        t.anchor_tid = "t0";
        t.rule = "weekday";
        t.explanation = "anchor=DCT 2018-07-19; tense=PAST; most recent Tuesday";
    }
    {
        auto& t = b.timex("t7", "Wednesday", 0, "DATE", "2018-07-18");
        t.temporal_function = true;
        t.anchor_tid = "t6";
        t.rule = "weekday";
        t.explanation = "anchor=t6 2018-07-17; the following Wednesday";
    }
    {
        auto& t = b.timex("t8", "the fall", 1, "DATE", "2018-FA");
        t.temporal_function = true;
        t.anchor_tid = "t0";
        t.mod = "";
        t.rule = "season";
        t.explanation = "anchor=DCT 2018-07-19; tense=FUTURE; the coming fall";
    }
    b.event("e1", "meet", 0, "OCCURRENCE", "INFINITIVE", 0);          // 0
    b.event("e2", "met", 0, "OCCURRENCE", "PAST", 1);                 // 1
    b.event("e3", "summit", 0, "OCCURRENCE", "NONE", 1, "NOUN");      // 2
    b.event("e4", "said", 0, "REPORTING", "PAST", 1);                 // 3
    b.event("e5", "prepared", 0, "OCCURRENCE", "PAST", 2).aspect = "PERFECTIVE";  // 4
    b.event("e6", "said", 1, "REPORTING", "PAST", 3);                 // 5
    b.event("e7", "meeting", 0, "OCCURRENCE", "NONE", 3, "NOUN");     // 6
    b.event("e8", "denied", 0, "REPORTING", "PAST", 3);               // 7
    b.event("e9", "summit", 1, "OCCURRENCE", "NONE", 4, "NOUN");      // 8
    b.event("e10", "held", 0, "OCCURRENCE", "FUTURE", 4);             // 9
    b.event("e11", "worry", 0, "I_STATE", "PRESENT", 5);              // 10
    {
        auto& e = b.event("e12", "fail", 0, "OCCURRENCE", "INFINITIVE", 5);  // 11
        e.modality = "could";
    }
    b.link("l1", "ei2", "IS_INCLUDED", "t2", "event-time: on", 0.95);
    b.link("l2", "t2", "BEFORE", "t0", "time-time", 1.0);
    b.link("l3", "ei5", "BEFORE", "ei2", "event-event: perfective", 0.7);
    b.link("l4", "ei6", "IS_INCLUDED", "t6", "event-time: on", 0.95);
    b.link("l5", "ei8", "IS_INCLUDED", "t7", "event-time: on", 0.95);
    b.link("l6", "ei4", "IS_INCLUDED", "t0", "event-DCT: reporting", 0.9);
    b.link("l7", "ei10", "IS_INCLUDED", "t8", "event-time: in", 0.95);
    b.link("l8", "ei3", "SIMULTANEOUS", "ei2", "event-event: same clause", 0.6);
    b.link("l9", "ei7", "AFTER", "ei8", "classifier", 0.35);
    b.link("l10", "ei11", "INCLUDES", "t0", "event-DCT: present state", 0.9);

    Fixture f{"summit", std::move(b.doc), {}};
    Timeline& tl = f.timeline;
    tl.dct_value = "2018-07-19";
    tl.entries.push_back(make_entry("", "2016", "2018-07-16", "between 2016 and Monday, July 16, 2018", {4}, {}, 0));
    tl.entries.push_back(make_entry("2018-07-16", "", "", "Monday, July 16, 2018", {1, 2}, {1}, 1));
    tl.entries.push_back(make_entry("2018-07-17", "", "", "Tuesday, July 17, 2018", {5, 6}, {5}, 2));
    tl.entries.push_back(make_entry("2018-07-18", "", "", "Wednesday, July 18, 2018", {7}, {6}, 3));
    tl.entries.push_back(make_entry("2018-07-19", "", "", "Thursday, July 19, 2018", {3}, {3}, 4));
    tl.entries.push_back(make_entry("", "", "", "spanning Thursday, July 19, 2018", {10}, {}, 0));
    tl.entries.back().spans = "2018-07-19";  // "worry": a present state, known only to span the DCT
    tl.entries.push_back(make_entry("2018-FA", "", "", "fall 2018", {8, 9}, {0, 7}, 5));
    tl.unordered = {0, 11};
    tl.reduced_links = {make_link("l3", "ei5", "BEFORE", "ei2", "event-event: perfective", 0.7),
                        make_link("l8", "ei3", "SIMULTANEOUS", "ei2", "event-event: same clause", 0.6),
                        make_link("", "ei2", "BEFORE", "ei6", "closure", 0.95),
                        make_link("", "ei8", "AFTER", "ei6", "closure", 0.95),
                        make_link("", "ei8", "BEFORE", "t0", "closure", 0.95),
                        make_link("", "t0", "BEFORE", "ei10", "closure", 0.95),
                        make_link("l1", "ei2", "IS_INCLUDED", "t2", "event-time: on", 0.95),
                        make_link("l10", "ei11", "INCLUDES", "t0", "event-DCT: present state", 0.9)};
    tl.rejected = {RejectedLink{make_link("l9", "ei7", "AFTER", "ei8", "classifier", 0.35),
                                "contradicts ei7 IS_INCLUDED 2018-07-17 BEFORE ei8 IS_INCLUDED 2018-07-18"}};
    return f;
}

// Text that needs escaping everywhere: quotes, <, &, >, a backslash, non-ASCII (accents, dashes,
// guillemets, CJK), a CR LF, a tab, a line break inside a sentence, U+2028, and a label and a
// rejection reason with quotes and a newline. Two entries share a rank; one entry has only an
// upper bound.
inline Fixture tricky_fixture() {
    FixtureBuilder b("tricky \"quotes\" & <angles>.txt",
                     "Caf\xC3\xA9 owners said \"prices < costs & taxes\" rose on Tuesday.\r\n"
                     "The mayor\xE2\x80\x99s office \xE2\x80\x94 \xC2\xABquoted\xC2\xBB \xE2\x80\x94 replied\n"
                     "that the \\fix\\ came on 3 July 2018.\tA sign read \xE6\x97\xA5\xE6\x9C\xAC & <b>more</b>\xE2\x80\xA8 soon.\n",
                     "2018-07-05");
    b.sentences({"Caf\xC3\xA9 owners said \"prices < costs & taxes\" rose on Tuesday.",
                 "The mayor\xE2\x80\x99s office \xE2\x80\x94 \xC2\xABquoted\xC2\xBB \xE2\x80\x94 replied\n"
                 "that the \\fix\\ came on 3 July 2018.",
                 "A sign read \xE6\x97\xA5\xE6\x9C\xAC & <b>more</b>\xE2\x80\xA8 soon."});
    {
        auto& t = b.timex("t1", "Tuesday", 0, "DATE", "2018-07-03");
        t.temporal_function = true;
        t.anchor_tid = "t0";
        t.rule = "weekday \"bare\"";
        t.explanation = "anchor=DCT; tense=PAST; <most recent> Tuesday & so on";
    }
    {
        auto& t = b.timex("t2", "3 July 2018", 0, "DATE", "2018-07-03");
        t.rule = "day month year";
    }
    {
        auto& t = b.timex("t3", "soon", 0, "DATE", "FUTURE_REF");
        t.mod = "APPROX";
        t.rule = "vague";
    }
    b.event("e1", "said", 0, "REPORTING", "PAST", 0);                          // 0
    b.event("e2", "rose", 0, "OCCURRENCE", "PAST", 0);                         // 1
    b.event("e3", "replied\nthat", 0, "REPORTING", "PAST", 1);                 // 2: spans a line break
    b.event("e4", "came", 0, "OCCURRENCE", "PAST", 1);                         // 3
    b.event("e5", "<b>more</b>", 0, "OCCURRENCE", "NONE", 2, "NOUN");          // 4: tags in the text
    b.event("e6", "\xC2\xABquoted\xC2\xBB", 0, "STATE", "NONE", 1, "ADJECTIVE");  // 5: non-ASCII
    b.link("l1", "ei2", "IS_INCLUDED", "t1", "event-time: on", 0.9);
    b.link("l2", "ei4", "IS_INCLUDED", "t2", "event-time: on", 0.9);
    b.link("l3", "ei1", "AFTER", "ei2", "reporting \"after\" <event>", 0.5);

    Fixture f{"tricky", std::move(b.doc), {}};
    Timeline& tl = f.timeline;
    tl.dct_value = "2018-07-05";
    tl.entries.push_back(make_entry("2018-07-03", "", "", "Tuesday \"3 July\" <2018> & \\ so\non", {1, 3}, {0, 1}, 0));
    tl.entries.push_back(make_entry("", "", "2018-07-05", "", {2}, {}, 0));
    tl.entries.push_back(make_entry("2018-07-05", "", "", "the DCT's day", {0}, {}, 1));
    tl.unordered = {4, 5};
    tl.reduced_links = {make_link("l3", "ei1", "AFTER", "ei2", "reporting \"after\" <event>", 0.5),
                        make_link("", "ei2", "IBEFORE", "ei3", "", 0.25)};
    tl.rejected = {RejectedLink{make_link("l9", "ei3", "BEFORE", "ei2", "r\xC3\xA8gle \"x\"", 0.1),
                                "cycle: ei2 IBEFORE ei3 < ei2\nline two & <more>"}};
    return f;
}

// An article with no time expression and no event: every format must still be a valid, empty
// timeline.
inline Fixture empty_fixture() {
    FixtureBuilder b("empty.txt", "Nothing to see here.\n", "2020-02-29");
    b.sentences({"Nothing to see here."});
    Fixture f{"empty", std::move(b.doc), {}};
    f.timeline.dct_value = "2020-02-29";
    return f;
}

inline std::vector<Fixture> all_fixtures() { return {summit_fixture(), tricky_fixture(), empty_fixture()}; }

}  // namespace chronoline::test
