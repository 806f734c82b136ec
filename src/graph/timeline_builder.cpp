// Reads the timeline off the consistent graph. Exact facts go in first: the order of every time
// point that a TIMEX3 value fixes (a sorted chain over the values, so linear after sorting);
// then the document's links by confidence. Each event's start gets the latest time point known
// to be at or before it, its end the earliest one known to be at or after it (one pass each way
// over the topological order); those bounds give its anchor.
#include <algorithm>
#include <limits>
#include <map>
#include <tuple>
#include <unordered_map>

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/topological_sort.hpp>

#include "chronoline/graph.hpp"

namespace chronoline {
namespace {

constexpr std::int64_t kNoLow = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kNoHigh = std::numeric_limits<std::int64_t>::max();

// Modifiers under which the real time still lies inside the value's interval.
bool containment_safe(const std::string& mod) {
    return mod.empty() || mod == "START" || mod == "MID" || mod == "END";
}

struct AnchoredTime {
    std::size_t entity;      // graph entity
    std::string value;
    TimeInterval interval;
    int timex;               // index into doc.timexes, -1 for the DCT
};

std::string bounds_label(const std::string& after, const std::string& before) {
    if (!after.empty() && !before.empty()) return "after " + after + ", before " + before;
    if (!after.empty()) return "after " + after;
    return "before " + before;
}

// The order of every finite point the values fix: sorted, then each point tied to the next
// (equal, or strictly before). Returned as point constraints (x, y, strict).
struct PointOrder {
    std::uint32_t x, y;
    bool strict;
};
std::vector<PointOrder> value_chain(const std::vector<AnchoredTime>& times) {
    // Stretches are closed (see relation_of_intervals): an end at v lies just before a start
    // at v, so each end is keyed at 2v-1 and each start at 2v.
    std::vector<std::pair<std::int64_t, std::uint32_t>> points;
    for (const auto& t : times) {
        const auto e = static_cast<std::uint32_t>(t.entity);
        if (t.interval.begin != TimeInterval::kUnboundedBegin) points.emplace_back(2 * t.interval.begin, 2 * e);
        if (t.interval.end != TimeInterval::kUnboundedEnd) points.emplace_back(2 * t.interval.end - 1, 2 * e + 1);
    }
    std::sort(points.begin(), points.end());
    std::vector<PointOrder> chain;
    for (std::size_t i = 1; i < points.size(); ++i) {
        const auto [pv, pp] = points[i - 1];
        const auto [v, p] = points[i];
        chain.push_back({pp, p, pv != v});
        if (pv == v) chain.push_back({p, pp, false});
    }
    return chain;
}

}  // namespace

Timeline build_timeline(const Document& doc) {
    Timeline timeline;
    timeline.dct_value = doc.dct_value;
    TemporalGraph graph;

    std::vector<AnchoredTime> times;
    const std::size_t dct_entity = graph.entity("t0");
    if (auto iv = interval_of_value(doc.dct_value, doc.dct))
        times.push_back({dct_entity, doc.dct_value, *iv, -1});
    for (std::size_t i = 0; i < doc.timexes.size(); ++i) {
        const Timex& t = doc.timexes[i];
        const std::size_t e = graph.entity(t.tid);
        if ((t.type == "DATE" || t.type == "TIME") && containment_safe(t.mod))
            if (auto iv = interval_of_value(t.value, doc.dct)) times.push_back({e, t.value, *iv, static_cast<int>(i)});
    }
    std::vector<std::size_t> event_entity(doc.events.size());
    for (std::size_t i = 0; i < doc.events.size(); ++i) event_entity[i] = graph.entity(doc.events[i].eiid);
    const auto chain = value_chain(times);
    std::vector<std::pair<std::uint32_t, std::uint32_t>> chain_pairs;
    for (const auto& c : chain) chain_pairs.emplace_back(c.x, c.y);
    const auto link_ends = graph.plan(doc.links, chain_pairs);
    for (const auto& c : chain) graph.add_point_order(c.x, c.y, c.strict);

    std::vector<std::size_t> order(doc.links.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return doc.links[a].confidence > doc.links[b].confidence;
    });
    for (std::size_t i : order) {
        const TLink& l = doc.links[i];
        if (auto reason = graph.add(l, link_ends[i].first, link_ends[i].second)) timeline.rejected.push_back({l, *reason});
    }
    timeline.reduced_links = graph.reduced_links();

    // Components in topological order, checked by Boost.Graph's topological sort of the
    // condensed graph (it throws not_a_dag if the incremental order were ever wrong).
    const auto components = graph.components_in_order();
    std::vector<std::size_t> slot(2 * graph.entity_count(), 0);
    for (std::size_t i = 0; i < components.size(); ++i) slot[components[i]] = i;
    std::vector<std::pair<std::size_t, std::size_t>> dag_edges;
    for (std::size_t i = 0; i < components.size(); ++i)
        for (const auto& e : graph.out_edges(components[i])) {
            const std::size_t j = slot[graph.component(e.to)];
            if (j != i) dag_edges.emplace_back(i, j);
        }
    using Dag = boost::compressed_sparse_row_graph<boost::directedS>;
    const Dag dag(boost::edges_are_unsorted_multi_pass, dag_edges.begin(), dag_edges.end(), components.size());
    std::vector<std::size_t> reverse_topo;
    reverse_topo.reserve(components.size());
    boost::topological_sort(dag, std::back_inserter(reverse_topo));

    // Longest chain of strict edges before each component: its level in the partial order.
    std::vector<std::uint32_t> level(components.size(), 0);
    std::vector<std::int64_t> low(components.size(), kNoLow), high(components.size(), kNoHigh);
    std::vector<int> low_from(components.size(), -1), high_from(components.size(), -1);  // index into times
    for (std::size_t k = 0; k < times.size(); ++k) {
        const auto e = static_cast<std::uint32_t>(times[k].entity);
        for (int side = 0; side < 2; ++side) {
            const std::int64_t v = side == 0 ? times[k].interval.begin : times[k].interval.end;
            if (v == TimeInterval::kUnboundedBegin || v == TimeInterval::kUnboundedEnd) continue;
            const std::size_t c = slot[graph.component(2 * e + side)];
            if (v > low[c]) low[c] = v, low_from[c] = static_cast<int>(k);
            if (v < high[c]) high[c] = v, high_from[c] = static_cast<int>(k);
        }
    }
    for (auto it = reverse_topo.rbegin(); it != reverse_topo.rend(); ++it) {
        const std::size_t i = *it;
        for (const auto& e : graph.out_edges(components[i])) {
            const std::size_t j = slot[graph.component(e.to)];
            if (j == i) continue;
            level[j] = std::max(level[j], level[i] + (e.strict ? 1u : 0u));
            if (low[i] > low[j]) low[j] = low[i], low_from[j] = low_from[i];
        }
    }
    for (const std::size_t i : reverse_topo)
        for (const auto& e : graph.out_edges(components[i])) {
            const std::size_t j = slot[graph.component(e.to)];
            if (j != i && high[j] < high[i]) high[i] = high[j], high_from[i] = high_from[j];
        }

    // Group events by anchor and level.
    struct Key {
        std::int64_t high, low;
        std::uint32_t level;
        std::string value, after, before;
        auto tie() const { return std::tie(high, level, low, value, after, before); }
        bool operator<(const Key& o) const { return tie() < o.tie(); }
    };
    std::map<Key, std::vector<std::size_t>> groups;
    auto length = [](const TimeInterval& iv) { return static_cast<double>(iv.end) - static_cast<double>(iv.begin); };
    for (std::size_t i = 0; i < doc.events.size(); ++i) {
        const auto e = static_cast<std::uint32_t>(event_entity[i]);
        const std::size_t cs = slot[graph.component(2 * e)], ce = slot[graph.component(2 * e + 1)];
        const std::int64_t lo = low[cs], hi = high[ce];
        if (lo == kNoLow && hi == kNoHigh) {
            timeline.unordered.push_back(i);
            continue;
        }
        Key key{hi, lo, level[cs], {}, {}, {}};
        // The smallest time among those that bound it which contains all it may span.
        const AnchoredTime* best = nullptr;
        for (int from : {low_from[cs], high_from[ce]}) {
            if (from < 0) continue;
            const AnchoredTime& t = times[static_cast<std::size_t>(from)];
            if (lo != kNoLow && hi != kNoHigh && t.interval.begin <= lo && hi <= t.interval.end &&
                (!best || length(t.interval) < length(best->interval)))
                best = &t;
        }
        if (best) {
            key.value = best->value;
        } else {
            if (low_from[cs] >= 0) key.after = times[static_cast<std::size_t>(low_from[cs])].value;
            if (high_from[ce] >= 0) key.before = times[static_cast<std::size_t>(high_from[ce])].value;
        }
        groups[key].push_back(i);
    }
    std::unordered_map<std::string_view, std::vector<std::size_t>> timexes_by_value;
    for (const auto& t : times)
        if (t.timex >= 0) timexes_by_value[t.value].push_back(static_cast<std::size_t>(t.timex));
    // Rank: the longest chain of entries known to end before this one starts. Entries are
    // sorted by their end, so those ending by this one's start form a prefix of the list.
    std::vector<std::int64_t> ends;
    std::vector<std::size_t> prefix_max_rank;
    for (auto& [key, events] : groups) {
        TimelineEntry entry;
        entry.value = key.value;
        entry.after = key.after;
        entry.before = key.before;
        entry.label = key.value.empty() ? bounds_label(key.after, key.before) : key.value;
        entry.events = std::move(events);
        if (!key.value.empty())
            if (auto it = timexes_by_value.find(key.value); it != timexes_by_value.end()) entry.timexes = it->second;
        if (key.low != kNoLow) {
            const auto before = static_cast<std::size_t>(std::upper_bound(ends.begin(), ends.end(), key.low) - ends.begin());
            if (before > 0) entry.rank = prefix_max_rank[before - 1] + 1;
        }
        ends.push_back(key.high);
        prefix_max_rank.push_back(std::max(entry.rank, prefix_max_rank.empty() ? 0 : prefix_max_rank.back()));
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
