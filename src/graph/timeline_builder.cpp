// Reads the timeline off the consistent graph. Exact facts go in first: the order of every time
// point that a TIMEX3 value fixes (a sorted chain over the values, so linear after sorting);
// then the document's links by confidence. Each event's start gets the latest time point known
// to be at or before it, its end the earliest one known to be at or after it (one pass each way
// over the topological order); those bounds give its anchor.
#include <algorithm>
#include <cstring>
#include <limits>
#include <tuple>

#include <boost/iterator/function_output_iterator.hpp>
#include <boost/graph/depth_first_search.hpp>
#include <boost/graph/topological_sort.hpp>
#include <boost/property_map/property_map.hpp>

#include "chronoline/error.hpp"
#include "chronoline/graph.hpp"
#include "graph/successor_graph.hpp"

namespace chronoline {
namespace {

constexpr std::int64_t kNoLow = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kNoHigh = std::numeric_limits<std::int64_t>::max();

// s == lit, compared in place (the standard comparison calls memcmp: dearer for a few bytes).
template <std::size_t N>
bool is(std::string_view s, const char (&lit)[N]) {
    return s.size() == N - 1 && std::memcmp(s.data(), lit, N - 1) == 0;
}

// Modifiers under which the real time still lies inside the value's interval.
bool containment_safe(const std::string& mod) {
    return mod.empty() || is(mod, "START") || is(mod, "MID") || is(mod, "END");
}

struct AnchoredTime {
    std::size_t entity;      // graph entity
    std::string_view value;  // (of the document)
    TimeInterval interval;
    int timex;               // index into doc.timexes, -1 for the DCT
};

// a == b for entity ids ("t12", "ei345"): a few bytes, compared as words in place (the
// standard comparison calls memcmp, dearer than the comparison; it runs for both ends of every
// link). Only bytes inside both strings are read.
bool same_id(std::string_view a, std::string_view b) {
    const std::size_t n = a.size();
    if (n != b.size()) return false;
    const char* p = a.data();
    const char* q = b.data();
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        std::uint64_t x, y;
        std::memcpy(&x, p + i, 8);
        std::memcpy(&y, q + i, 8);
        if (x != y) return false;
    }
    if (n - i >= 4) {  // two overlapping words cover the rest
        std::uint32_t x0, y0, x1, y1;
        std::memcpy(&x0, p + i, 4);
        std::memcpy(&y0, q + i, 4);
        std::memcpy(&x1, p + n - 4, 4);
        std::memcpy(&y1, q + n - 4, 4);
        return x0 == y0 && x1 == y1;
    }
    for (; i < n; ++i)
        if (p[i] != q[i]) return false;
    return true;
}

// A link end that is not where its index says: by name (out of line: links of the link stage
// never come here).
[[gnu::noinline]] std::uint32_t entity_by_name(TemporalGraph& graph, const std::string& name) {
    return static_cast<std::uint32_t>(graph.entity(name));
}

// The label of an entry with only bounds, each said as a reader says it. A vague reference
// is "a time in the past / future" as a bound, and what lies after a time in the future (or
// before one in the past) is simply in the future (in the past).
std::string bounds_label(const std::string& after, const std::string& before) {
    auto bound = [](const std::string& v) {
        return v == "PAST_REF" ? std::string("a time in the past") : v == "FUTURE_REF" ? std::string("a time in the future") : label_of_value(v);
    };
    if (!after.empty() && !before.empty()) return "between " + bound(after) + " and " + bound(before);
    if (!after.empty()) return after == "FUTURE_REF" ? "in the future" : "after " + bound(after);
    return before == "PAST_REF" ? "in the past" : "before " + bound(before);
}

// The order of every finite point the values fix: sorted, then each point tied to the next
// (equal, or strictly before). Returned as point constraints (x, y, strict).
struct PointOrder {
    std::uint32_t x, y;
    bool strict;
};
void value_chain(const std::vector<AnchoredTime>& times, std::vector<std::pair<std::int64_t, std::uint32_t>>& points,
                 std::vector<PointOrder>& chain) {
    // Stretches are closed (see relation_of_intervals): an end at v lies just before a start
    // at v, so each end is keyed at 2v-1 and each start at 2v.
    points.clear();
    for (const auto& t : times) {
        const auto e = static_cast<std::uint32_t>(t.entity);
        if (t.interval.begin != TimeInterval::kUnboundedBegin) points.emplace_back(2 * t.interval.begin, 2 * e);
        if (t.interval.end != TimeInterval::kUnboundedEnd) points.emplace_back(2 * t.interval.end - 1, 2 * e + 1);
    }
    std::sort(points.begin(), points.end());
    chain.clear();
    for (std::size_t i = 1; i < points.size(); ++i) {
        const auto [pv, pp] = points[i - 1];
        const auto [v, p] = points[i];
        chain.push_back({pp, p, pv != v});
        if (pv == v) chain.push_back({p, pp, false});
    }
}

// Each component's bounds: the latest time point known to be at or before it and the earliest
// known to be at or after it.
struct Bounds {
    std::int64_t low = kNoLow, high = kNoHigh;
    int low_from = -1, high_from = -1;  // index into times
};

struct Placed {
    std::string_view value, after, before, spans;
    std::uint32_t value_id = 0, after_id = 0, before_id = 0, spans_id = 0;  // ranks of the four (0 = none)
    std::int64_t low, high;  // what the anchor says of the event: within [low, high]
    std::size_t event;
    std::int64_t shown_at;   // where a reader expects the anchor: the end of its value, else
                             // the start of `before`, else the end of `after`
    [[nodiscard]] auto key() const { return std::make_tuple(value_id, after_id, before_id, spans_id); }
};

struct Group {
    std::size_t first, last;  // range of `placed`
    std::int64_t low, high;
};

// The vertices of a directed acyclic graph (successors of v: succ[succ_start[v] ..
// succ_start[v + 1]]) in the order Boost.Graph's topological_sort gives them: the order a
// depth-first search finishes them, the roots tried in order, a reverse topological order.
// (The search starts from the adaptor's extra root, which tries the vertices in that order and
// finishes last: it is left out of `out`.) A cycle, which the graph never lets in, is an
// internal error.
void finish_order(const std::vector<std::uint32_t>& succ_start, const std::vector<std::uint32_t>& succ,
                  std::vector<boost::default_color_type>& colors, std::vector<std::size_t>& out) {
    const graph_detail::SuccessorGraph g{&succ_start, &succ};
    const std::uint32_t root = g.root();
    colors.assign(num_vertices(g), boost::white_color);
    out.resize(root);
    std::size_t written = 0;
    auto keep = boost::make_function_output_iterator([&](std::uint32_t v) {
        if (v != root) out[written++] = v;
    });
    // Boost's topological_sort is a depth_first_search with its topo_sort_visitor, which
    // colours every vertex white, searches from the root, then passes over every vertex again
    // for those left white. The root reaches them all and the colours are white already, so
    // the search from the root alone (depth_first_visit) gives the same order without the two
    // passes.
    try {
        boost::depth_first_visit(g, root, boost::topo_sort_visitor<decltype(keep)>(keep),
                                 boost::make_iterator_property_map(colors.begin(),
                                                                   boost::typed_identity_property_map<std::uint32_t>()));
    } catch (const boost::not_a_dag&) {
        throw error("internal error: the graph's component order has a cycle");
    }
}

}  // namespace

std::vector<std::size_t> depth_first_finish_order(const std::vector<std::uint32_t>& succ_start,
                                                  const std::vector<std::uint32_t>& succ) {
    std::vector<boost::default_color_type> colors;
    std::vector<std::size_t> out;
    if (!succ_start.empty()) finish_order(succ_start, succ, colors, out);
    return out;
}

// Every buffer of a build, kept for the next one.
struct TimelineBuilder::Workspace {
    TemporalGraph graph;
    std::vector<std::string_view> ids;
    std::vector<std::uint32_t> entity_of, components, reduced, value_rank, by_value;
    std::vector<AnchoredTime> times;
    std::vector<std::size_t> event_entity, order, slot, reverse_topo, rank, shown;
    std::vector<std::pair<std::int64_t, std::uint32_t>> chain_points;
    std::vector<PointOrder> chain;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> chain_pairs, link_ends;
    std::vector<int> time_of_entity;
    std::vector<std::uint32_t> succ_start, succ;
    std::vector<boost::default_color_type> colors;  // Boost's depth-first search's marks
    std::vector<Bounds> bounds;
    std::vector<Placed> placed;
    std::vector<Group> groups;
};

TimelineBuilder::TimelineBuilder() : workspace_(std::make_unique<Workspace>()) {}
TimelineBuilder::~TimelineBuilder() = default;
TimelineBuilder::TimelineBuilder(TimelineBuilder&&) noexcept = default;
TimelineBuilder& TimelineBuilder::operator=(TimelineBuilder&&) noexcept = default;

Timeline build_timeline(const Document& doc) { return build_timeline(doc, TimelineOptions{}); }

Timeline build_timeline(const Document& doc, const TimelineOptions& options) {
    return TimelineBuilder().build(doc, options);
}

Timeline TimelineBuilder::build(const Document& doc, const TimelineOptions& options) {
    if (!workspace_) workspace_ = std::make_unique<Workspace>();  // (a moved-from builder)
    Workspace& w = *workspace_;
    Timeline timeline;
    timeline.dct_value = doc.dct_value;
    TemporalGraph& graph = w.graph;
    graph.clear();
    graph.reserve(1 + doc.timexes.size() + doc.events.size(), doc.links.size());

    // The entities: the DCT, the times, the events (in that order; all at once).
    std::vector<std::string_view>& ids = w.ids;
    ids.clear();
    ids.reserve(1 + doc.timexes.size() + doc.events.size());
    ids.emplace_back("t0");
    for (const Timex& t : doc.timexes) ids.emplace_back(t.tid);
    for (const Event& e : doc.events) ids.emplace_back(e.eiid);
    std::vector<std::uint32_t>& entity_of = w.entity_of;
    graph.entities(ids, entity_of);

    std::vector<AnchoredTime>& times = w.times;
    times.clear();
    const std::size_t dct_entity = entity_of[0];
    if (auto iv = interval_of_value(doc.dct_value, doc.dct))
        times.push_back({dct_entity, doc.dct_value, *iv, -1});
    for (std::size_t i = 0; i < doc.timexes.size(); ++i) {
        const Timex& t = doc.timexes[i];
        const std::size_t e = entity_of[1 + i];
        if ((is(t.type, "DATE") || is(t.type, "TIME")) && containment_safe(t.mod))
            if (auto iv = interval_of_value(t.value, doc.dct)) times.push_back({e, t.value, *iv, static_cast<int>(i)});
    }
    std::vector<std::size_t>& event_entity = w.event_entity;
    event_entity.resize(doc.events.size());
    for (std::size_t i = 0; i < doc.events.size(); ++i) event_entity[i] = entity_of[1 + doc.timexes.size() + i];
    value_chain(times, w.chain_points, w.chain);
    const std::vector<PointOrder>& chain = w.chain;
    std::vector<std::pair<std::uint32_t, std::uint32_t>>& chain_pairs = w.chain_pairs;
    chain_pairs.clear();
    for (const auto& c : chain) chain_pairs.emplace_back(c.x, c.y);
    // Each link's entities: the index the link stage gave it when it names the same entity
    // (TLink::from_entity), else by name (an entity unknown so far is created, in link order).
    std::vector<std::pair<std::uint32_t, std::uint32_t>>& link_ends = w.link_ends;
    link_ends.clear();
    link_ends.reserve(doc.links.size());
    auto end_of = [&](const std::string& name, std::uint32_t index) {
        if (index < ids.size() && same_id(ids[index], name)) [[likely]]
            return entity_of[index];
        return entity_by_name(graph, name);
    };
    for (const TLink& l : doc.links) {
        const std::uint32_t from = end_of(l.from, l.from_entity);
        link_ends.emplace_back(from, end_of(l.to, l.to_entity));
    }
    graph.plan_ends(doc.links, link_ends, chain_pairs);
    for (const auto& c : chain) graph.add_point_order(c.x, c.y, c.strict);

    std::vector<std::size_t>& order = w.order;
    order.resize(doc.links.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    auto more_confident = [&](std::size_t a, std::size_t b) { return doc.links[a].confidence > doc.links[b].confidence; };
    // (the link stage hands them over in this order already)
    if (!std::is_sorted(order.begin(), order.end(), more_confident)) std::stable_sort(order.begin(), order.end(), more_confident);
    // A link between two times that says what their values say is already in the graph (the
    // chain above): adding it would change nothing, and the reduction would drop it again.
    std::vector<int>& time_of_entity = w.time_of_entity;
    time_of_entity.assign(graph.entity_count(), -1);
    for (std::size_t k = 0; k < times.size(); ++k) time_of_entity[times[k].entity] = static_cast<int>(k);
    auto said_by_values = [&](const TLink& l, std::uint32_t a, std::uint32_t b) {
        if (a >= time_of_entity.size() || b >= time_of_entity.size()) return false;
        const int ta = time_of_entity[a], tb = time_of_entity[b];
        if (ta < 0 || tb < 0 || ta == tb) return false;
        const TimeInterval& ia = times[static_cast<std::size_t>(ta)].interval;
        const TimeInterval& ib = times[static_cast<std::size_t>(tb)].interval;
        // (the chain leaves out open sides: PAST_REF has no start in it)
        for (const TimeInterval* iv : {&ia, &ib})
            if (iv->begin == TimeInterval::kUnboundedBegin || iv->end == TimeInterval::kUnboundedEnd) return false;
        return relation_of_intervals(ia, ib) == l.rel_type;
    };
    for (std::size_t i : order) {
        const TLink& l = doc.links[i];
        const auto [a, b] = link_ends[i];
        if (said_by_values(l, a, b)) continue;
        if (auto reason = graph.add_tagged(l, a, b, static_cast<std::uint32_t>(i)))
            timeline.rejected.push_back({l, std::move(*reason)});
    }
    if (options.reduced_links) {
        std::vector<std::uint32_t>& reduced = w.reduced;
        graph.reduced_tags(reduced);
        timeline.reduced_links.reserve(reduced.size());
        for (std::uint32_t i : reduced) timeline.reduced_links.push_back(doc.links[i]);
    }

    // Components in the order of their positions, which the incremental repairs keep
    // topological. The passes below read a topological order off a depth-first search of the
    // condensed graph (components in that order as roots, each one's edges in list order):
    // the order Boost.Graph's topological_sort gives for the same graph (a test compares them),
    // which fixes how equal bounds break ties. Each component's successors are gathered once
    // (as positions in `components`), for the search and both passes.
    std::vector<std::uint32_t>& components = w.components;
    graph.components_in_order(components);
    std::vector<std::size_t>& slot = w.slot;
    slot.assign(2 * graph.entity_count(), 0);
    for (std::size_t i = 0; i < components.size(); ++i) slot[components[i]] = i;
    std::vector<std::uint32_t>& succ_start = w.succ_start;
    std::vector<std::uint32_t>& succ = w.succ;
    succ_start.resize(components.size() + 1);
    succ.clear();
    succ.reserve(components.size() + 2 * doc.links.size());
    for (std::size_t i = 0; i < components.size(); ++i) {
        succ_start[i] = static_cast<std::uint32_t>(succ.size());
        for (const auto& e : graph.out_edges(components[i])) {
            const std::size_t j = slot[graph.component(e.to)];
            if (j != i) succ.push_back(static_cast<std::uint32_t>(j));
        }
    }
    succ_start[components.size()] = static_cast<std::uint32_t>(succ.size());
    std::vector<std::size_t>& reverse_topo = w.reverse_topo;
    finish_order(succ_start, succ, w.colors, reverse_topo);

    // Each component's bounds: the latest time point known to be at or before it (forward
    // pass) and the earliest known to be at or after it (backward pass).
    std::vector<Bounds>& bounds = w.bounds;
    bounds.assign(components.size(), Bounds{});
    for (std::size_t k = 0; k < times.size(); ++k) {
        const auto e = static_cast<std::uint32_t>(times[k].entity);
        for (int side = 0; side < 2; ++side) {
            const std::int64_t v = side == 0 ? times[k].interval.begin : times[k].interval.end;
            if (v == TimeInterval::kUnboundedBegin || v == TimeInterval::kUnboundedEnd) continue;
            const std::size_t c = slot[graph.component(2 * e + side)];
            Bounds& b = bounds[c];
            if (v > b.low) b.low = v, b.low_from = static_cast<int>(k);
            if (v < b.high) b.high = v, b.high_from = static_cast<int>(k);
        }
    }
    for (auto it = reverse_topo.rbegin(); it != reverse_topo.rend(); ++it) {
        const std::size_t i = *it;
        for (std::uint32_t k = succ_start[i]; k < succ_start[i + 1]; ++k) {
            const std::size_t j = succ[k];
            if (bounds[i].low > bounds[j].low) bounds[j].low = bounds[i].low, bounds[j].low_from = bounds[i].low_from;
        }
    }
    for (const std::size_t i : reverse_topo)
        for (std::uint32_t k = succ_start[i]; k < succ_start[i + 1]; ++k) {
            const std::size_t j = succ[k];
            if (bounds[j].high < bounds[i].high) bounds[i].high = bounds[j].high, bounds[i].high_from = bounds[j].high_from;
        }

    // Each event's anchor: the smallest time among those that bound it which contains all it
    // may span (its value), else the bounds themselves (after, before).
    // Values are compared by their rank among the document's distinct values (0 = none), which
    // orders them as the strings do, without comparing strings.
    std::vector<std::uint32_t>& value_rank = w.value_rank;
    value_rank.assign(times.size(), 0);
    {
        std::vector<std::uint32_t>& by_value = w.by_value;
        by_value.resize(times.size());
        for (std::uint32_t k = 0; k < by_value.size(); ++k) by_value[k] = k;
        std::sort(by_value.begin(), by_value.end(),
                  [&](std::uint32_t a, std::uint32_t b) { return times[a].value < times[b].value; });
        std::uint32_t rank = 0;
        for (std::size_t k = 0; k < by_value.size(); ++k) {
            if (k == 0 || times[by_value[k]].value != times[by_value[k - 1]].value) ++rank;
            value_rank[by_value[k]] = rank;
        }
    }
    std::vector<Placed>& placed = w.placed;
    placed.clear();
    placed.reserve(doc.events.size());
    timeline.unordered.reserve(doc.events.size());  // (a third of all events: growing it cost more)
    auto length = [](const TimeInterval& iv) { return static_cast<double>(iv.end) - static_cast<double>(iv.begin); };
    for (std::size_t i = 0; i < doc.events.size(); ++i) {
        const auto e = static_cast<std::uint32_t>(event_entity[i]);
        const std::size_t cs = slot[graph.component(2 * e)], ce = slot[graph.component(2 * e + 1)];
        const std::int64_t lo = bounds[cs].low, hi = bounds[ce].high;
        // The event may hold a time within it (a present state includes the DCT): the earliest
        // time point after its start and the latest before its end, when one time lies wholly
        // between them (the longer of the two that give those points).
        const Bounds& in_start = bounds[cs];
        const Bounds& in_end = bounds[ce];
        int spanned = -1;
        if (in_start.high != kNoHigh && in_end.low != kNoLow) {
            for (int from : {in_start.high_from, in_end.low_from}) {
                if (from < 0) continue;
                const TimeInterval& iv = times[static_cast<std::size_t>(from)].interval;
                if (in_start.high <= iv.begin && iv.end <= in_end.low &&
                    (spanned < 0 || length(iv) > length(times[static_cast<std::size_t>(spanned)].interval)))
                    spanned = from;
            }
        }
        auto place_spanning = [&] {
            const AnchoredTime& t = times[static_cast<std::size_t>(spanned)];
            placed.push_back(
                {{}, {}, {}, t.value, 0, 0, 0, value_rank[static_cast<std::size_t>(spanned)], lo, hi, i, t.interval.end});
        };
        if (lo == kNoLow && hi == kNoHigh) {
            if (spanned < 0) timeline.unordered.push_back(i);
            else place_spanning();
            continue;
        }
        const AnchoredTime* best = nullptr;
        for (int from : {bounds[cs].low_from, bounds[ce].high_from}) {
            if (from < 0) continue;
            const AnchoredTime& t = times[static_cast<std::size_t>(from)];
            if (lo != kNoLow && hi != kNoHigh && t.interval.begin <= lo && hi <= t.interval.end &&
                (!best || length(t.interval) < length(best->interval)))
                best = &t;
        }
        if (best) {
            placed.push_back({best->value, {}, {}, {}, value_rank[static_cast<std::size_t>(best - times.data())], 0, 0, 0,
                              best->interval.begin, best->interval.end, i, best->interval.end});
        } else if (spanned >= 0 && (lo == kNoLow || hi == kNoHigh)) {
            // Known to span a time but bounded on one side only: "spanning <the DCT>" says more
            // than "after 2017" (Few expect …: a present state that began at some time).
            place_spanning();
        } else {
            Placed p{{}, {}, {}, {}, 0, 0, 0, 0, lo, hi, i, kNoHigh};
            if (bounds[cs].low_from >= 0) {
                const AnchoredTime& t = times[static_cast<std::size_t>(bounds[cs].low_from)];
                p.after = t.value;
                p.after_id = value_rank[static_cast<std::size_t>(bounds[cs].low_from)];
                p.shown_at = t.interval.end;
            }
            if (bounds[ce].high_from >= 0) {
                const AnchoredTime& t = times[static_cast<std::size_t>(bounds[ce].high_from)];
                p.before = t.value;
                p.before_id = value_rank[static_cast<std::size_t>(bounds[ce].high_from)];
                p.shown_at = t.interval.begin;
            }
            placed.push_back(p);
        }
    }
    // One entry per distinct anchor (the same value, or the same bounds), its events in text
    // order; an entry's span covers all its events.
    std::sort(placed.begin(), placed.end(), [](const Placed& a, const Placed& b) {
        const auto ka = a.key(), kb = b.key();
        return ka != kb ? ka < kb : a.event < b.event;
    });
    std::vector<Group>& groups = w.groups;
    groups.clear();
    groups.reserve(placed.size());
    for (std::size_t k = 0; k < placed.size(); ++k) {
        if (groups.empty() || placed[k].key() != placed[groups.back().first].key()) {
            groups.push_back({k, k + 1, placed[k].low, placed[k].high});
            continue;
        }
        Group& g = groups.back();
        g.last = k + 1;
        g.low = std::min(g.low, placed[k].low);
        g.high = std::max(g.high, placed[k].high);
    }
    // Rank: the longest chain of entries each known to end before the next starts. In order of
    // their ends (an open end last, by start), those that end before an entry starts come first.
    std::sort(groups.begin(), groups.end(), [&](const Group& a, const Group& b) {
        return std::tie(a.high, a.low, a.first) < std::tie(b.high, b.low, b.first);
    });
    std::vector<std::size_t>& rank = w.rank;
    rank.assign(groups.size(), 0);
    for (std::size_t b = 0; b < groups.size(); ++b)
        for (std::size_t a = 0; a < b; ++a)
            if (groups[a].high != kNoHigh && groups[b].low != kNoLow && groups[a].high <= groups[b].low)
                rank[b] = std::max(rank[b], rank[a] + 1);
    // Shown earliest first, where the labels place them: at the end of a value, at the start of
    // a "before" bound, at the end of an "after" one, at the end of a spanned time; at one
    // place, dates first, then what spans them, then what is before the next, then what is only
    // after (so "before X" comes just before X, "spanning X" and "after X" just after it).
    std::vector<std::size_t>& shown = w.shown;
    shown.resize(groups.size());
    for (std::size_t k = 0; k < shown.size(); ++k) shown[k] = k;
    auto display_key = [&](std::size_t k) {
        const Placed& p = placed[groups[k].first];
        const int kind = !p.value.empty() ? 0 : !p.spans.empty() ? 1 : !p.before.empty() ? 2 : 3;
        return std::make_tuple(p.shown_at, kind, groups[k].low, p.value_id, p.after_id, p.before_id, p.spans_id);
    };
    std::sort(shown.begin(), shown.end(), [&](std::size_t a, std::size_t b) { return display_key(a) < display_key(b); });
    timeline.entries.reserve(shown.size());
    for (std::size_t b : shown) {
        const Group& g = groups[b];
        const Placed& head = placed[g.first];
        TimelineEntry entry;
        entry.value = head.value;
        entry.after = head.after;
        entry.before = head.before;
        entry.spans = head.spans;
        entry.label = !entry.value.empty() ? label_of_value(entry.value)
                      : !entry.spans.empty() ? "spanning " + label_of_value(entry.spans)
                                             : bounds_label(entry.after, entry.before);
        entry.events.reserve(g.last - g.first);
        for (std::size_t k = g.first; k < g.last; ++k) entry.events.push_back(placed[k].event);  // (sorted so)
        if (head.value_id != 0)
            for (std::size_t k = 0; k < times.size(); ++k)
                if (times[k].timex >= 0 && value_rank[k] == head.value_id)
                    entry.timexes.push_back(static_cast<std::size_t>(times[k].timex));
        entry.rank = rank[b];
        timeline.entries.push_back(std::move(entry));
    }
    return timeline;
}

std::vector<TLink> temporal_closure(const std::vector<TLink>& links) {
    TemporalGraph graph;
    const auto ends = graph.plan(links);
    for (std::size_t i = 0; i < links.size(); ++i) graph.add(links[i], ends[i].first, ends[i].second);
    const PointClosure closure(graph);
    std::vector<TLink> out;
    for (std::size_t a = 0; a < graph.entity_count(); ++a)
        for (std::size_t b = a + 1; b < graph.entity_count(); ++b) {
            std::string rel = closure.relation(a, b);
            if (rel.empty()) continue;
            TLink l;
            l.lid = std::to_string(out.size() + 1);
            l.lid.insert(0, 1, 'c');
            l.from = graph.entity_name(a);
            l.to = graph.entity_name(b);
            l.rel_type = std::move(rel);
            l.rule = "closure";
            out.push_back(std::move(l));
        }
    return out;
}

}  // namespace chronoline
