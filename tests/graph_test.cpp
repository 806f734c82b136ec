#include <doctest/doctest.h>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/topological_sort.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <tuple>
#include <string>
#include <vector>

#include "chronoline/document.hpp"
#include "chronoline/error.hpp"
#include "chronoline/graph.hpp"
#include "timeline_checks.hpp"

using namespace chronoline;

namespace {

TLink link(std::string from, std::string rel, std::string to, double confidence = 1.0) {
    TLink l;
    l.from = std::move(from);
    l.to = std::move(to);
    l.rel_type = std::move(rel);
    l.confidence = confidence;
    return l;
}

const std::chrono::year_month_day kDct = parse_date("2018-07-19", "test");

std::string rel_of_values(std::string_view a, std::string_view b) {
    const auto ia = interval_of_value(a, kDct), ib = interval_of_value(b, kDct);
    REQUIRE(ia);
    REQUIRE(ib);
    return relation_of_intervals(*ia, *ib);
}

}  // namespace

TEST_CASE("time values become stretches of time with exact relations") {
    CHECK(rel_of_values("2018-07-16", "2018-07-19") == "BEFORE");
    CHECK(rel_of_values("2018-07-18", "2018-07-19") == "BEFORE");  // adjacent days: closed stretches
    CHECK(rel_of_values("2018-07", "2018-07-19") == "INCLUDES");
    CHECK(rel_of_values("2018-07-19", "2018-07") == "IS_INCLUDED");
    CHECK(rel_of_values("2018", "2018-01") == "BEGUN_BY");
    CHECK(rel_of_values("2018-Q3", "2018-07-19") == "INCLUDES");
    CHECK(rel_of_values("2018-FA", "2018-07-19") == "AFTER");
    CHECK(rel_of_values("2018-SU", "2018-07-19") == "INCLUDES");
    CHECK(rel_of_values("2018-W29", "2018-07-19") == "INCLUDES");   // Mon 16 – Sun 22 July
    CHECK(rel_of_values("2018-W29", "2018-07-15") == "AFTER");
    CHECK(rel_of_values("2018-W29-WE", "2018-07-21") == "BEGUN_BY");
    CHECK(rel_of_values("201", "2016") == "INCLUDES");
    CHECK(rel_of_values("20", "1999") == "AFTER");
    CHECK(rel_of_values("2018-07-19T14:30", "2018-07-19") == "IS_INCLUDED");
    CHECK(rel_of_values("2018-07-19TMO", "2018-07-19TEV") == "BEFORE");
    CHECK(rel_of_values("PRESENT_REF", "2018-07-19") == "SIMULTANEOUS");
    CHECK(rel_of_values("PAST_REF", "2018-07-19") == "BEFORE");
    CHECK(rel_of_values("FUTURE_REF", "2018-07-19") == "AFTER");
    CHECK_FALSE(interval_of_value("XXXX-07-16", kDct));
    CHECK_FALSE(interval_of_value("P2D", kDct));
    CHECK_FALSE(interval_of_value("2018-02-30", kDct));
    CHECK_FALSE(interval_of_value("", kDct));
}

TEST_CASE("time values are labelled as a reader says them") {
    const std::vector<std::pair<std::string, std::string>> cases{
        {"2018-07-16", "Monday, July 16, 2018"},
        {"2016-02-29", "Monday, February 29, 2016"},
        {"2018-07-16T14:30", "Monday, July 16, 2018, 14:30"},
        {"2018-07-16T09", "Monday, July 16, 2018, 09:00"},
        {"2018-07-16T14:30:05", "Monday, July 16, 2018, 14:30:05"},
        {"2018-07-16TEV", "Monday, July 16, 2018, evening"},
        {"2018-07", "July 2018"},
        {"2018", "2018"},
        {"2018-SP", "spring 2018"},
        {"2018-FA", "fall 2018"},
        {"2018-WI", "winter 2018\xE2\x80\x93" "19"},
        {"1999-WI", "winter 1999\xE2\x80\x93" "00"},
        {"2018-Q3", "Q3 2018"},
        {"2018-H2", "the second half of 2018"},
        {"2018-W29", "the week of Monday, July 16, 2018"},
        {"2018-W29-WE", "the weekend of Saturday, July 21, 2018"},
        {"2018-W29-3", "Wednesday, July 18, 2018"},
        {"2020-W53", "the week of Monday, December 28, 2020"},
        {"199", "the 1990s"},
        {"18", "the 19th century"},
        {"20", "the 21st century"},
        {"10", "the 11th century"},
        {"PRESENT_REF", "now"},
        {"PAST_REF", "the past"},
        {"FUTURE_REF", "the future"},
        // Not readable as a time: returned as it is.
        {"P2D", "P2D"},
        {"XXXX-07-16", "XXXX-07-16"},
        {"2018-02-30", "2018-02-30"},
        {"2018-13", "2018-13"},
        {"2018-07-16T25:00", "2018-07-16T25:00"},
        {"2018-W60", "2018-W60"},
        {"", ""},
    };
    for (const auto& [value, label] : cases) {
        CAPTURE(value);
        CHECK(label_of_value(value) == label);
    }
}

TEST_CASE("relTypes invert") {
    CHECK(inverse_rel_type("BEFORE") == "AFTER");
    CHECK(inverse_rel_type("IS_INCLUDED") == "INCLUDES");
    CHECK(inverse_rel_type("ENDED_BY") == "ENDS");
    CHECK(inverse_rel_type("IDENTITY") == "IDENTITY");
    CHECK(is_known_rel_type("DURING"));
    CHECK_FALSE(is_known_rel_type("VAGUE"));
}

TEST_CASE("closure answers 'is A before B' and an inconsistent link is rejected with its reason") {
    TemporalGraph g;
    CHECK_FALSE(g.add(link("a", "BEFORE", "b")));
    CHECK_FALSE(g.add(link("b", "BEFORE", "c")));
    const auto reason = g.add(link("c", "BEFORE", "a"));
    REQUIRE(reason);
    CHECK(reason->find("start(a)") != std::string::npos);
    CHECK(g.links().size() == 2);
    {
        const PointClosure closure(g);
        const auto a = *g.find_entity("a"), c = *g.find_entity("c");
        CHECK(closure.entails(a, "BEFORE", c));
        CHECK(closure.entails(c, "AFTER", a));
        CHECK_FALSE(closure.entails(c, "BEFORE", a));
        CHECK(closure.relation(a, c) == "BEFORE");
    }
    // Consistent additions still go in after a rejection.
    CHECK_FALSE(g.add(link("c", "AFTER", "a")));
    CHECK(g.add(link("a", "SIMULTANEOUS", "c")));
    CHECK(g.add(link("x", "FOO", "y")));  // unknown relType
}

TEST_CASE("equal points merge, and a strict order inside them is refused") {
    TemporalGraph g;
    CHECK_FALSE(g.add(link("a", "SIMULTANEOUS", "b")));
    CHECK_FALSE(g.add(link("b", "IDENTITY", "c")));
    CHECK(g.add(link("a", "BEFORE", "c")));
    CHECK(g.add(link("c", "INCLUDES", "x")) == std::nullopt);
    CHECK(g.add(link("x", "AFTER", "a")));  // x lies within a = c
    const PointClosure closure(g);
    CHECK(closure.relation(*g.find_entity("a"), *g.find_entity("c")) == "SIMULTANEOUS");
    CHECK(closure.entails(*g.find_entity("x"), "IS_INCLUDED", *g.find_entity("b")));
}

TEST_CASE("a date named in every sentence of a huge document does not make each insertion search the whole graph") {
    // Each sentence: a time equal to the previous sentence's (they all merge into one component
    // with ever more edges) and two events within it, one before the other. Every insertion that
    // merges a time searches that hub; without the document's search budget each would look at
    // up to 16,384 edges (2.5e8 in all here, 5,000 a link), with it 2.7e7 (560 a link, nearly
    // all of it the budget of 256 a point).
    TemporalGraph g;
    constexpr int kSentences = 12000;
    std::size_t refused = 0, links = 0;
    for (int i = 0; i < kSentences; ++i) {
        const std::string t = "t" + std::to_string(i), a = "a" + std::to_string(i), b = "b" + std::to_string(i);
        std::vector<TLink> sentence{link(a, "IS_INCLUDED", t), link(b, "IS_INCLUDED", t), link(a, "BEFORE", b)};
        if (i > 0) sentence.push_back(link(t, "SIMULTANEOUS", "t" + std::to_string(i - 1)));
        for (const TLink& l : sentence) {
            ++links;
            if (g.add(l)) ++refused;
        }
    }
    CAPTURE(g.search_edges());
    CHECK(g.search_edges() < 2000 * links);
    // Nothing here contradicts anything: what a bounded search cannot place is left out, and
    // what went in is consistent (the closure agrees with the hidden order).
    CHECK(refused < links / 4);
    const PointClosure closure(g);
    const std::uint32_t first = *g.find_entity("a0"), last = *g.find_entity("b11999");
    CHECK(closure.relation(first, *g.find_entity("b0")) == "BEFORE");
    CHECK(closure.relation(*g.find_entity("t0"), *g.find_entity("t1")) == "SIMULTANEOUS");
    CHECK(closure.relation(first, last) != "AFTER");
}

TEST_CASE("a link goes in whole or not at all") {
    TemporalGraph g;
    CHECK_FALSE(g.add(link("x", "INCLUDES", "y")));
    // ENDS: end(x) = end(y) (consistent) and start(y) < start(x) (contradicts INCLUDES).
    CHECK(g.add(link("x", "ENDS", "y")));
    const PointClosure closure(g);
    CHECK(closure.relation(*g.find_entity("x"), *g.find_entity("y")) == "INCLUDES");
}

TEST_CASE("random links true of a hidden order are all accepted, and the closure only says true things") {
    std::mt19937 rng(7);
    const int n = 60;
    std::vector<std::pair<int, int>> truth;  // closed stretches on integer time
    for (int i = 0; i < n; ++i) {
        const int a = static_cast<int>(rng() % 40), len = 1 + static_cast<int>(rng() % 6);
        truth.emplace_back(a, a + len);
    }
    auto name = [](int i) { return "e" + std::to_string(i); };
    TemporalGraph g;
    int added = 0;
    for (int k = 0; k < 400; ++k) {
        const int i = static_cast<int>(rng() % n), j = static_cast<int>(rng() % n);
        if (i == j) continue;
        const auto [as, ae] = truth[static_cast<std::size_t>(i)];
        const auto [bs, be] = truth[static_cast<std::size_t>(j)];
        std::string rel;
        if (ae < bs) rel = "BEFORE";
        else if (be < as) rel = "AFTER";
        else if (as == bs && ae == be) rel = "SIMULTANEOUS";
        else if (as <= bs && be <= ae) rel = "INCLUDES";
        else if (bs <= as && ae <= be) rel = "IS_INCLUDED";
        else continue;
        CHECK_FALSE(g.add(link(name(i), rel, name(j))));
        ++added;
    }
    CHECK(added > 100);
    const PointClosure closure(g);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
            const auto a = g.find_entity(name(i)), b = g.find_entity(name(j));
            if (!a || !b || i == j) continue;
            if (closure.entails(*a, "BEFORE", *b)) CHECK(truth[static_cast<std::size_t>(i)].second < truth[static_cast<std::size_t>(j)].first);
            if (closure.entails(*a, "INCLUDES", *b)) {
                CHECK(truth[static_cast<std::size_t>(i)].first <= truth[static_cast<std::size_t>(j)].first);
                CHECK(truth[static_cast<std::size_t>(j)].second <= truth[static_cast<std::size_t>(i)].second);
            }
        }
    // Every false BEFORE that contradicts an entailed AFTER is refused.
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
            const auto a = g.find_entity(name(i)), b = g.find_entity(name(j));
            if (a && b && i != j && closure.entails(*a, "AFTER", *b)) {
                TemporalGraph copy = g;
                CHECK(copy.add(link(name(i), "BEFORE", name(j))));
            }
        }
}

TEST_CASE("the reduction drops what the other links entail, and temporal_closure adds it back") {
    TemporalGraph g;
    g.add(link("a", "BEFORE", "b"));
    g.add(link("b", "BEFORE", "c"));
    g.add(link("a", "BEFORE", "c"));
    g.add(link("c", "AFTER", "b"));  // says again what b BEFORE c said
    const auto reduced = g.reduced_links();
    REQUIRE(reduced.size() == 2);
    CHECK(reduced[0].from == "a");
    CHECK(reduced[0].to == "b");
    CHECK(reduced[1].from == "b");

    const auto closure = temporal_closure({link("a", "BEFORE", "b"), link("b", "INCLUDES", "c")});
    const bool has_ac = std::any_of(closure.begin(), closure.end(), [](const TLink& l) {
        return l.from == "a" && l.to == "c" && l.rel_type == "BEFORE";
    });
    CHECK(has_ac);
}

namespace {

// A document dated kDct with DATE times (tid, value) and `events` events ei1…, no text.
Document dated_document(const std::vector<std::pair<std::string, std::string>>& times, int events) {
    Document doc;
    doc.name = "hand-built";
    doc.dct = kDct;
    doc.dct_value = "2018-07-19";
    for (const auto& [tid, value] : times) {
        Timex t;
        t.tid = tid;
        t.type = "DATE";
        t.value = value;
        t.span = {static_cast<std::uint32_t>(doc.timexes.size() * 10), static_cast<std::uint32_t>(doc.timexes.size() * 10 + 5)};
        doc.timexes.push_back(std::move(t));
    }
    for (int i = 1; i <= events; ++i) {
        Event e;
        e.eid = "e" + std::to_string(i);
        e.eiid = "ei" + std::to_string(i);
        e.span = {static_cast<std::uint32_t>(100 + i * 10), static_cast<std::uint32_t>(105 + i * 10)};
        doc.events.push_back(std::move(e));
    }
    return doc;
}

Document seed_like_document() {
    Document doc;
    doc.name = "hand-built";
    doc.dct = kDct;
    doc.dct_value = "2018-07-19";
    auto timex = [&](std::string tid, std::string value) {
        Timex t;
        t.tid = std::move(tid);
        t.type = "DATE";
        t.value = std::move(value);
        t.span = {static_cast<std::uint32_t>(doc.timexes.size() * 10), static_cast<std::uint32_t>(doc.timexes.size() * 10 + 5)};
        doc.timexes.push_back(std::move(t));
    };
    timex("t1", "2018-07-16");
    timex("t2", "2018-07-17");
    timex("t3", "2018-FA");
    timex("t4", "2016");
    timex("t5", "P2D");  // a duration anchors nothing
    for (int i = 1; i <= 8; ++i) {
        Event e;
        e.eid = "e" + std::to_string(i);
        e.eiid = "ei" + std::to_string(i);
        e.span = {static_cast<std::uint32_t>(100 + i * 10), static_cast<std::uint32_t>(105 + i * 10)};
        doc.events.push_back(std::move(e));
    }
    doc.links = {
        link("ei1", "IS_INCLUDED", "t4", 0.9),  // 2016
        link("ei2", "IS_INCLUDED", "t1", 0.9),  // Monday
        link("ei3", "IS_INCLUDED", "t2", 0.9),  // Tuesday
        link("ei4", "IS_INCLUDED", "t0", 0.9),  // Thursday (DCT)
        link("ei5", "IS_INCLUDED", "t3", 0.9),  // the fall
        link("ei6", "AFTER", "t1", 0.8),        // after Monday …
        link("ei6", "BEFORE", "t0", 0.8),       // … before Thursday
        link("ei8", "BEFORE", "ei7", 0.7),      // ordered, but against nothing anchored
        link("ei2", "AFTER", "t0", 0.5),        // contradicts "Monday" (less confident)
    };
    return doc;
}

}  // namespace

TEST_CASE("the timeline anchors events, bounds them, orders entries and leaves the rest unordered") {
    const Document doc = seed_like_document();
    const Timeline tl = build_timeline(doc);
    CHECK(tl.dct_value == "2018-07-19");
    REQUIRE(tl.rejected.size() == 1);
    CHECK(tl.rejected[0].link.from == "ei2");
    CHECK_FALSE(tl.rejected[0].reason.empty());

    std::vector<std::string> order;
    for (const auto& e : tl.entries)
        for (std::size_t i : e.events) order.push_back(doc.events[i].eiid + "@" + (e.value.empty() ? e.after + "/" + e.before : e.value));
    const std::vector<std::string> expected{"ei1@2016", "ei2@2018-07-16", "ei3@2018-07-17",
                                            "ei6@2018-07-16/2018-07-19", "ei4@2018-07-19", "ei5@2018-FA"};
    CHECK(order == expected);
    // Ranks: one step per date here (2016, Mon, Tue, after Mon/before Thu, Thu, fall).
    std::vector<std::size_t> ranks;
    for (const auto& e : tl.entries) ranks.push_back(e.rank);
    CHECK(ranks == std::vector<std::size_t>{0, 1, 2, 2, 3, 4});
    const auto& monday = tl.entries[1];
    REQUIRE(monday.timexes.size() == 1);
    CHECK(doc.timexes[monday.timexes[0]].tid == "t1");
    CHECK(tl.entries[3].label == "between Monday, July 16, 2018 and Thursday, July 19, 2018");
    CHECK(tl.entries[1].label == "Monday, July 16, 2018");

    std::vector<std::string> unordered;
    for (std::size_t i : tl.unordered) unordered.push_back(doc.events[i].eiid);
    CHECK(unordered == std::vector<std::string>{"ei7", "ei8"});
    CHECK_FALSE(tl.reduced_links.empty());

    // Deterministic and stable.
    const Timeline again = build_timeline(doc);
    REQUIRE(again.entries.size() == tl.entries.size());
    for (std::size_t i = 0; i < tl.entries.size(); ++i) {
        CHECK(again.entries[i].events == tl.entries[i].events);
        CHECK(again.entries[i].value == tl.entries[i].value);
        CHECK(again.entries[i].rank == tl.entries[i].rank);
    }
}

TEST_CASE("an event known to span a time, and bounded on one side at most, gets a 'spanning' entry, shown after that time's own") {
    Document doc = seed_like_document();
    Event owns;
    owns.eid = "e9";
    owns.eiid = "ei9";
    owns.span = {300, 304};
    doc.events.push_back(owns);
    Event season;  // spans the fall and the DCT: the longer of the two is named
    season.eid = "e10";
    season.eiid = "ei10";
    season.span = {310, 316};
    doc.events.push_back(season);
    doc.links.push_back(link("ei9", "INCLUDES", "t0", 0.9));   // "the company owns three plants"
    doc.links.push_back(link("ei10", "INCLUDES", "t0", 0.9));
    doc.links.push_back(link("ei10", "INCLUDES", "t3", 0.9));
    doc.links.push_back(link("ei7", "BEGUN_BY", "t1", 0.6));  // bounded: not a 'spanning' entry
    Event expect;  // after 2016 and spanning the DCT: the span says more than "after 2016"
    expect.eid = "e11";
    expect.eiid = "ei11";
    expect.span = {320, 326};
    doc.events.push_back(expect);
    doc.links.push_back(link("ei11", "AFTER", "t4", 0.9));
    doc.links.push_back(link("ei11", "INCLUDES", "t0", 0.9));
    const Timeline tl = build_timeline(doc);
    std::vector<std::string> order;
    for (const auto& e : tl.entries)
        for (std::size_t i : e.events)
            order.push_back(doc.events[i].eiid + "@" + (!e.spans.empty() ? "~" + e.spans : !e.value.empty() ? e.value : e.after + "/" + e.before));
    CAPTURE(order);
    const auto at = [&](const std::string& item) { return std::find(order.begin(), order.end(), item) - order.begin(); };
    REQUIRE(at("ei9@~2018-07-19") < static_cast<long>(order.size()));
    CHECK(at("ei4@2018-07-19") + 1 == at("ei9@~2018-07-19"));  // just after the DCT's own entry
    CHECK(at("ei10@~2018-FA") < static_cast<long>(order.size()));
    CHECK(at("ei11@~2018-07-19") < static_cast<long>(order.size()));
    for (const auto& e : tl.entries) {
        if (e.spans.empty()) continue;
        CHECK(e.value.empty());
        CHECK(e.after.empty());
        CHECK(e.before.empty());
        CHECK(e.label == "spanning " + label_of_value(e.spans));
    }
    for (std::size_t i : tl.unordered) CHECK(doc.events[i].eiid != "ei9");
}

TEST_CASE("bounds are labelled as a reader says them, a vague reference as a time in the past or future") {
    Document doc = dated_document({{"t1", "PAST_REF"}, {"t2", "FUTURE_REF"}, {"t3", "2018-09"}}, 4);
    doc.links = {link("ei1", "BEFORE", "t1", 0.9), link("ei2", "AFTER", "t2", 0.9), link("ei3", "AFTER", "t1", 0.9),
                 link("ei3", "BEFORE", "t3", 0.9), link("ei4", "AFTER", "t3", 0.9)};
    const Timeline tl = build_timeline(doc);
    std::map<std::string, std::string> label_of;
    for (const auto& e : tl.entries)
        for (std::size_t i : e.events) label_of[doc.events[i].eiid] = e.label;
    CHECK(label_of["ei1"] == "in the past");
    CHECK(label_of["ei2"] == "in the future");
    CHECK(label_of["ei3"] == "between a time in the past and September 2018");
    CHECK(label_of["ei4"] == "after September 2018");
}

TEST_CASE("without the reduction the timeline is the same but for reduced_links") {
    const Document doc = seed_like_document();
    const Timeline full = build_timeline(doc);
    const Timeline lean = build_timeline(doc, TimelineOptions{false});
    REQUIRE_FALSE(full.reduced_links.empty());
    CHECK(lean.reduced_links.empty());
    test::check_same_timeline_but_reduction(lean, full);
}

TEST_CASE("one entry per anchor: the same value named twice, the same bounds, and ranks follow the anchors") {
    Document doc = dated_document({{"t1", "2018-07-16"}, {"t2", "2018-07-16"}, {"t3", "2016"}}, 6);
    // ei6 and ei5 come first: an entry lists its events in text order whatever the links' order.
    doc.links = {link("ei6", "BEFORE", "t0", 0.9),      link("ei2", "IS_INCLUDED", "t2", 0.9),
                 link("ei1", "IS_INCLUDED", "t1", 0.9), link("ei3", "BEFORE", "t0", 0.9),
                 link("ei4", "IS_INCLUDED", "t0", 0.9), link("ei5", "IS_INCLUDED", "t3", 0.9)};
    const Timeline tl = build_timeline(doc);
    std::vector<std::string> shown;
    for (const auto& e : tl.entries) {
        std::string events;
        for (std::size_t i : e.events) events += doc.events[i].eiid + " ";
        shown.push_back(e.label + ": " + events + "#" + std::to_string(e.rank));
    }
    // "before 2018-07-19" is not known to follow 2016 or Monday: rank 0 with them, yet shown
    // where its bound puts it, just before the DCT's day.
    const std::vector<std::string> expected{"2016: ei5 #0", "Monday, July 16, 2018: ei1 ei2 #1",
                                            "before Thursday, July 19, 2018: ei3 ei6 #0",
                                            "Thursday, July 19, 2018: ei4 #2"};
    CHECK(shown == expected);
    REQUIRE(tl.entries.size() == 4);
    CHECK(tl.entries[1].timexes == std::vector<std::size_t>{0, 1});
}

TEST_CASE("a document without times or events yields a valid empty timeline") {
    Document doc;
    doc.dct = kDct;
    doc.dct_value = "2018-07-19";
    const Timeline tl = build_timeline(doc);
    CHECK(tl.dct_value == "2018-07-19");
    CHECK(tl.entries.empty());
    CHECK(tl.unordered.empty());
    CHECK(tl.rejected.empty());
    CHECK(temporal_closure({}).empty());
}

namespace {

// Consistency by brute force: points 2e (start) and 2e+1 (end), edges (x, y, strict); the
// constraints are consistent iff no strict edge lies on a cycle.
struct BruteForce {
    std::map<std::string, int> ids;
    std::vector<std::tuple<int, int, bool>> edges;
    int entity(const std::string& name) {
        auto [it, fresh] = ids.emplace(name, static_cast<int>(ids.size()));
        if (fresh) edges.emplace_back(2 * it->second, 2 * it->second + 1, true);
        return it->second;
    }
    bool add(const TLink& l) {
        const int a = entity(l.from), b = entity(l.to);
        const int as = 2 * a, ae = 2 * a + 1, bs = 2 * b, be = 2 * b + 1;
        auto e = edges;
        auto lt = [&](int x, int y) { e.emplace_back(x, y, true); };
        auto le = [&](int x, int y) { e.emplace_back(x, y, false); };
        auto eq = [&](int x, int y) { le(x, y), le(y, x); };
        const std::string& r = l.rel_type;
        if (r == "BEFORE") lt(ae, bs);
        else if (r == "AFTER") lt(be, as);
        else if (r == "IBEFORE") eq(ae, bs);
        else if (r == "IAFTER") eq(be, as);
        else if (r == "BEGINS") eq(as, bs), lt(ae, be);
        else if (r == "BEGUN_BY") eq(as, bs), lt(be, ae);
        else if (r == "ENDS") eq(ae, be), lt(bs, as);
        else if (r == "ENDED_BY") eq(ae, be), lt(as, bs);
        else if (r == "INCLUDES") le(as, bs), le(be, ae);
        else if (r == "IS_INCLUDED") le(bs, as), le(ae, be);
        else eq(as, bs), eq(ae, be);
        const int n = 2 * static_cast<int>(ids.size());
        std::vector<std::vector<char>> reach(static_cast<std::size_t>(n), std::vector<char>(static_cast<std::size_t>(n), 0));
        for (int i = 0; i < n; ++i) reach[static_cast<std::size_t>(i)][static_cast<std::size_t>(i)] = 1;
        for (auto [x, y, s] : e) reach[static_cast<std::size_t>(x)][static_cast<std::size_t>(y)] = 1;
        for (int k = 0; k < n; ++k)
            for (int i = 0; i < n; ++i)
                if (reach[static_cast<std::size_t>(i)][static_cast<std::size_t>(k)])
                    for (int j = 0; j < n; ++j)
                        if (reach[static_cast<std::size_t>(k)][static_cast<std::size_t>(j)]) reach[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)] = 1;
        for (auto [x, y, s] : e)
            if (s && reach[static_cast<std::size_t>(y)][static_cast<std::size_t>(x)]) return false;
        edges = std::move(e);
        return true;
    }
};

}  // namespace

TEST_CASE("the incremental graph accepts exactly what brute force finds consistent, and its reduction entails the rest") {
    const std::vector<std::string> rels{"BEFORE", "AFTER",    "IBEFORE",  "IAFTER",   "BEGINS",      "BEGUN_BY",
                                        "ENDS",   "ENDED_BY", "INCLUDES", "IS_INCLUDED", "SIMULTANEOUS"};
    std::mt19937 rng(11);
    for (int iter = 0; iter < 2000; ++iter) {
        const int entities = 2 + static_cast<int>(rng() % (iter % 2 ? 4 : 10));
        const int count = 1 + static_cast<int>(rng() % (iter % 2 ? 7 : 25));
        std::vector<TLink> links;
        for (int i = 0; i < count; ++i) {
            const int a = static_cast<int>(rng() % static_cast<unsigned>(entities));
            const int b = static_cast<int>(rng() % static_cast<unsigned>(entities));
            if (a != b) links.push_back(link("e" + std::to_string(a), rels[rng() % rels.size()], "e" + std::to_string(b)));
        }
        TemporalGraph g;
        if (iter % 3 == 0) g.plan(links);
        BruteForce brute;
        for (const TLink& l : links) {
            const bool accepted = !g.add(l).has_value();
            REQUIRE(accepted == brute.add(l));
        }
        TemporalGraph reduced;
        for (const TLink& l : g.reduced_links()) REQUIRE_FALSE(reduced.add(l));
        const PointClosure closure(reduced);
        for (const TLink& l : g.links()) {
            const auto a = reduced.find_entity(l.from), b = reduced.find_entity(l.to);
            REQUIRE(a);
            REQUIRE(b);
            CHECK(closure.entails(*a, l.rel_type, *b));
        }
    }
}

TEST_CASE("links added by tag decide and reduce as links added whole, and strict inclusion refuses what loose accepts") {
    const std::vector<std::string> rels{"BEFORE", "AFTER",    "IBEFORE",  "IAFTER",      "BEGINS",      "BEGUN_BY",
                                        "ENDS",   "ENDED_BY", "INCLUDES", "IS_INCLUDED", "SIMULTANEOUS", "DURING"};
    std::mt19937 rng(5);
    for (int iter = 0; iter < 500; ++iter) {
        const int entities = 2 + static_cast<int>(rng() % 8);
        std::vector<TLink> links;
        for (int i = 0; i < 1 + static_cast<int>(rng() % 20); ++i) {
            const int a = static_cast<int>(rng() % static_cast<unsigned>(entities));
            const int b = static_cast<int>(rng() % static_cast<unsigned>(entities));
            if (a != b) links.push_back(link("e" + std::to_string(a), rels[rng() % rels.size()], "e" + std::to_string(b)));
        }
        for (const bool strict : {false, true}) {
            TemporalGraph whole(strict), tagged(strict);
            const auto ends = tagged.plan(links);
            whole.plan(links);
            std::vector<std::uint32_t> accepted;
            for (std::uint32_t i = 0; i < links.size(); ++i) {
                const bool a = !whole.add(links[i]).has_value();
                const bool b = !tagged.add_tagged(links[i], ends[i].first, ends[i].second, i).has_value();
                REQUIRE(a == b);
                if (b) accepted.push_back(i);
            }
            CHECK(tagged.links().empty());  // nothing copied
            const auto reduced = whole.reduced_links();
            const auto tags = tagged.reduced_tags();
            REQUIRE(reduced.size() == tags.size());
            for (std::size_t k = 0; k < tags.size(); ++k) {
                CHECK(std::find(accepted.begin(), accepted.end(), tags[k]) != accepted.end());
                CHECK(links[tags[k]].from == reduced[k].from);
                CHECK(links[tags[k]].rel_type == reduced[k].rel_type);
                CHECK(links[tags[k]].to == reduced[k].to);
            }
        }
    }
    // Two intervals that start and end together: INCLUDES holds loosely, not strictly.
    for (const bool strict : {false, true}) {
        TemporalGraph g(strict);
        CHECK_FALSE(g.add(link("a", "SIMULTANEOUS", "b")));
        CHECK(g.add(link("a", "INCLUDES", "b")).has_value() == strict);
    }
}

TEST_CASE("the timeline's depth-first order is Boost.Graph's topological_sort order") {
    // The timeline breaks ties between equal bounds in this order, so it must stay the one
    // Boost gives: random graphs whose edges go forward in a hidden order, repeated edges and all.
    std::mt19937 rng(7);
    for (int round = 0; round < 300; ++round) {
        const std::uint32_t n = 1 + rng() % 40;
        std::vector<std::uint32_t> hidden(n);
        for (std::uint32_t v = 0; v < n; ++v) hidden[v] = v;
        std::shuffle(hidden.begin(), hidden.end(), rng);
        std::vector<std::vector<std::uint32_t>> lists(n);
        const std::uint32_t edges = rng() % (3 * n + 1);
        for (std::uint32_t k = 0; k < edges; ++k) {
            std::uint32_t a = rng() % n, b = rng() % n;
            if (a == b) continue;
            if (hidden[a] > hidden[b]) std::swap(a, b);
            lists[a].push_back(b);
        }
        std::vector<std::uint32_t> succ_start, succ;
        boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS> g(n);
        for (std::uint32_t v = 0; v < n; ++v) {
            succ_start.push_back(static_cast<std::uint32_t>(succ.size()));
            for (std::uint32_t t : lists[v]) {
                succ.push_back(t);
                boost::add_edge(v, t, g);
            }
        }
        succ_start.push_back(static_cast<std::uint32_t>(succ.size()));
        std::vector<std::size_t> expected;
        boost::topological_sort(g, std::back_inserter(expected));
        CHECK(depth_first_finish_order(succ_start, succ) == expected);
    }
    // A cycle is refused, as Boost's not_a_dag.
    CHECK_THROWS_AS(depth_first_finish_order({0, 1, 2}, {1, 0}), chronoline::error);
}
