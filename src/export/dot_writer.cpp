// Graphviz DOT: left to right, one cluster per timeline entry (its date node and its events), an
// "unordered" cluster, and as edges the order relations of the reduced graph only. Node ids are
// the document's own (eiid, tid) so that they are stable; every id and label is quoted.
#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "chronoline/export.hpp"
#include "export/export_util.hpp"

namespace chronoline {
namespace {

using export_detail::append_dot_string;
using export_detail::collapse_space;
using export_detail::span_text;

void quoted(std::string& out, std::string_view s) {
    out += '"';
    append_dot_string(out, s);
    out += '"';
}

std::string event_node_id(const Event& e, std::size_t index) {
    return e.eiid.empty() ? export_detail::numbered_id("event", index + 1) : e.eiid;
}

// An order edge normalized to point forward in time; nothing for relations that do not order.
struct OrderEdge {
    std::string from;
    std::string to;
    std::string rel;  // BEFORE or IBEFORE
    friend bool operator<(const OrderEdge& a, const OrderEdge& b) {
        return std::tie(a.from, a.to, a.rel) < std::tie(b.from, b.to, b.rel);
    }
};
std::optional<OrderEdge> order_edge(const TLink& l) {
    if (l.rel_type == "BEFORE" || l.rel_type == "IBEFORE") return OrderEdge{l.from, l.to, l.rel_type};
    if (l.rel_type == "AFTER") return OrderEdge{l.to, l.from, "BEFORE"};
    if (l.rel_type == "IAFTER") return OrderEdge{l.to, l.from, "IBEFORE"};
    return std::nullopt;
}

}  // namespace

void write_dot(const Document& doc, const Timeline& timeline, std::ostream& stream, const ExportOptions& options) {
    std::string out;
    out.reserve(4096 + doc.events.size() * 300);
    const std::string dct = export_detail::dct_value(doc);

    // Which node each document id names, and where (cluster index, or none) it is declared.
    std::unordered_map<std::string, std::size_t> event_by_id;
    for (std::size_t i = 0; i < doc.events.size(); ++i) event_by_id.emplace(event_node_id(doc.events[i], i), i);
    std::unordered_map<std::string, std::size_t> timex_by_id;
    for (std::size_t i = 0; i < doc.timexes.size(); ++i)
        if (!doc.timexes[i].tid.empty()) timex_by_id.emplace(doc.timexes[i].tid, i);

    std::vector<OrderEdge> edges;
    {
        std::set<OrderEdge> seen;
        for (const TLink& l : timeline.reduced_links)
            if (auto e = order_edge(l); e && seen.insert(*e).second) edges.push_back(*e);
    }
    std::set<std::string> edge_ends;
    for (const auto& e : edges) {
        edge_ends.insert(e.from);
        edge_ends.insert(e.to);
    }

    std::set<std::string> declared;
    auto declare_event = [&](std::size_t index, const char* indent) {
        const Event& e = doc.events[index];
        const std::string id = event_node_id(e, index);
        if (!declared.insert(id).second) return;
        out += indent;
        quoted(out, id);
        std::string label = collapse_space(span_text(doc, e.span)) + '\n' + e.eid;
        if (options.explain) label += ' ' + e.event_class + ' ' + e.tense;
        out += " [label=";
        quoted(out, label);
        out += ", tooltip=";
        quoted(out, export_detail::event_snippet(doc, e));
        out += "];\n";
    };
    auto declare_time = [&](const std::string& id, const char* indent) {
        if (!declared.insert(id).second) return;
        out += indent;
        quoted(out, id);
        std::string label;
        if (id == "t0") label = "DCT\n" + dct;
        else if (auto it = timex_by_id.find(id); it != timex_by_id.end())
            label = collapse_space(span_text(doc, doc.timexes[it->second].span)) + '\n' + doc.timexes[it->second].value;
        else label = id;
        out += " [shape=note, style=\"\", label=";
        quoted(out, label);
        out += "];\n";
    };

    out += "digraph timeline {\n  graph [rankdir=LR, fontname=\"Helvetica\", labelloc=t, label=";
    quoted(out, (doc.name.empty() ? std::string("timeline") : doc.name) + (dct.empty() ? "" : " (DCT " + dct + ")"));
    out += "];\n  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=10];\n"
           "  edge [fontname=\"Helvetica\", fontsize=9];\n";

    // Times that are edge ends go into the cluster of the entry naming them (the DCT into the
    // entry whose value is the DCT's).
    std::map<std::size_t, std::vector<std::string>> times_in_entry;
    {
        std::set<std::string> placed;
        for (std::size_t k = 0; k < timeline.entries.size(); ++k) {
            const TimelineEntry& entry = timeline.entries[k];
            for (const std::size_t ti : entry.timexes) {
                if (ti >= doc.timexes.size()) continue;
                const std::string& tid = doc.timexes[ti].tid;
                if (edge_ends.count(tid) != 0 && placed.insert(tid).second) times_in_entry[k].push_back(tid);
            }
            if (!dct.empty() && entry.value == dct && edge_ends.count("t0") != 0 && placed.insert("t0").second)
                times_in_entry[k].push_back("t0");
        }
    }

    for (std::size_t k = 0; k < timeline.entries.size(); ++k) {
        const TimelineEntry& entry = timeline.entries[k];
        const std::string entry_id = export_detail::numbered_id("d", k + 1);
        out += "\n  subgraph ";
        quoted(out, "cluster_" + entry_id);
        out += " {\n    style=\"rounded,filled\"; color=\"#888888\"; fillcolor=\"#f5f5f5\"; label=\"\";\n    ";
        quoted(out, entry_id);
        out += " [shape=plaintext, style=\"\", label=";
        const std::string anchor = export_detail::entry_anchor(entry);
        const std::string label = export_detail::entry_label(entry);
        quoted(out, label == anchor ? anchor : anchor + '\n' + label);
        out += "];\n";
        if (auto it = times_in_entry.find(k); it != times_in_entry.end())
            for (const auto& tid : it->second) declare_time(tid, "    ");
        for (const std::size_t ei : entry.events)
            if (ei < doc.events.size()) declare_event(ei, "    ");
        out += "  }\n";
    }
    if (!timeline.unordered.empty()) {
        out += "\n  subgraph \"cluster_unordered\" {\n    style=dashed; color=\"#888888\"; label=\"unordered\";\n";
        for (const std::size_t ei : timeline.unordered)
            if (ei < doc.events.size()) declare_event(ei, "    ");
        out += "  }\n";
    }
    // Edge ends not in any cluster.
    bool loose_header = false;
    for (const auto& id : edge_ends) {
        if (declared.count(id) != 0) continue;
        if (!loose_header) out += '\n';
        loose_header = true;
        if (auto it = event_by_id.find(id); it != event_by_id.end()) declare_event(it->second, "  ");
        else declare_time(id, "  ");
    }

    // Layout only: the date nodes in timeline order, so clusters line up left to right even
    // where no link orders their events. Invisible; not links of the graph.
    bool spine_header = false;
    std::size_t group_first = 0, previous_group_first = 0;
    bool have_previous = false;
    for (std::size_t k = 0; k < timeline.entries.size(); ++k) {
        if (k > 0 && timeline.entries[k].rank != timeline.entries[group_first].rank) {
            previous_group_first = group_first;
            group_first = k;
            have_previous = true;
        }
        if (!have_previous) continue;
        if (!spine_header) out += "\n  // layout only (invisible): entries in timeline order\n";
        spine_header = true;
        out += "  ";
        quoted(out, export_detail::numbered_id("d", previous_group_first + 1));
        out += " -> ";
        quoted(out, export_detail::numbered_id("d", k + 1));
        out += " [style=invis];\n";
    }

    // The relation is an external label (xlabel), placed after the layout: a label proper is a
    // node of its own in dot's ranking, and with edges between clusters Graphviz (2.43, Debian
    // 12) then fails with "trouble in init_rank" on about one te3-silver document in 200.
    if (!edges.empty()) out += "\n  // order: the transitive reduction of the graph\n";
    for (const auto& e : edges) {
        out += "  ";
        quoted(out, e.from);
        out += " -> ";
        quoted(out, e.to);
        out += " [xlabel=";
        quoted(out, e.rel);
        out += "];\n";
    }
    out += "}\n";
    stream.write(out.data(), static_cast<std::streamsize>(out.size()));
}

}  // namespace chronoline
