// The default, human-readable format: one line per date or interval, earliest first, with its
// events and the sentences that support them; the unordered events; the time expressions. Under
// --explain also each time's rule and resolution, the links of the reduced graph and the
// rejected links with their reasons. Layout in docs/formats.md.
#include <ostream>
#include <string>
#include <vector>

#include "chronoline/export.hpp"
#include "export/export_util.hpp"

namespace chronoline {
namespace {

using export_detail::collapse_space;
using export_detail::span_text;

void event_lines(std::string& out, const Document& doc, const std::vector<std::size_t>& events, bool explain) {
    // Events of one sentence share its snippet line.
    std::size_t i = 0;
    while (i < events.size()) {
        if (events[i] >= doc.events.size()) {
            ++i;
            continue;
        }
        const std::string snippet = export_detail::event_snippet(doc, doc.events[events[i]]);
        std::string line = "      ";
        bool first = true;
        std::size_t j = i;
        for (; j < events.size(); ++j) {
            if (events[j] >= doc.events.size()) continue;
            const Event& e = doc.events[events[j]];
            if (j != i && export_detail::event_snippet(doc, e) != snippet) break;
            if (!first) line += ", ";
            first = false;
            line += collapse_space(span_text(doc, e.span));
            line += " [";
            line += collapse_space(e.eid);
            if (explain) {
                line += ' ';
                line += collapse_space(e.event_class);
                line += ' ';
                line += collapse_space(e.tense);
                if (e.aspect != "NONE" && !e.aspect.empty()) line += ' ' + collapse_space(e.aspect);
                if (e.polarity == "NEG") line += " NEG";
                if (!e.modality.empty()) line += " modality=" + collapse_space(e.modality);
            }
            line += ']';
        }
        out += line;
        out += '\n';
        if (!snippet.empty()) {
            out += "        \"";
            out += snippet;
            out += "\"\n";
        }
        i = j;
    }
}

void link_line(std::string& out, const TLink& l, bool with_rule) {
    out += "  ";
    if (!l.lid.empty()) {
        out += collapse_space(l.lid);
        out += ' ';
    }
    out += collapse_space(l.from);
    out += ' ';
    out += collapse_space(l.rel_type);
    out += ' ';
    out += collapse_space(l.to);
    if (with_rule) {
        out += "  (";
        out += l.rule.empty() ? std::string("no rule") : collapse_space(l.rule);
        out += ", confidence ";
        export_detail::append_number(out, l.confidence);
        out += ')';
    }
}

}  // namespace

void write_text(const Document& doc, const Timeline& timeline, std::ostream& stream, const ExportOptions& options) {
    std::string out;
    out.reserve(4096 + doc.events.size() * 200);
    out += "Timeline of ";
    out += doc.name.empty() ? std::string("the document") : collapse_space(doc.name);
    out += '\n';
    if (!doc.title.empty()) out += "Title: " + collapse_space(doc.title) + '\n';
    out += "Document date (DCT): ";
    const std::string dct = export_detail::dct_value(doc);
    out += dct.empty() ? std::string("unknown") : collapse_space(dct);
    out += "\n\n";

    out += "Timeline (earliest first; entries with the same #rank are not ordered against each other):\n";
    if (timeline.entries.empty()) out += "  (no dated events)\n";
    for (const TimelineEntry& entry : timeline.entries) {
        out += '#';
        export_detail::append_uint(out, entry.rank + 1);
        out += "  ";
        const std::string anchor = collapse_space(export_detail::entry_anchor(entry));
        const std::string label = export_detail::entry_label(entry);
        out += anchor;
        if (label != anchor) out += "  (" + label + ')';
        out += '\n';
        if (!entry.timexes.empty()) {
            out += "      named by: ";
            bool first = true;
            for (const std::size_t ti : entry.timexes) {
                if (ti >= doc.timexes.size()) continue;
                if (!first) out += ", ";
                first = false;
                out += '"';
                out += collapse_space(span_text(doc, doc.timexes[ti].span));
                out += "\" [";
                out += collapse_space(doc.timexes[ti].tid);
                out += ']';
            }
            out += '\n';
        }
        event_lines(out, doc, entry.events, options.explain);
    }

    out += "\nUnordered events (neither anchored nor ordered):\n";
    if (timeline.unordered.empty()) out += "  (none)\n";
    else event_lines(out, doc, timeline.unordered, options.explain);

    out += "\nTime expressions:\n";
    if (doc.timexes.empty()) out += "  (none)\n";
    for (const Timex& t : doc.timexes) {
        out += "  ";
        out += collapse_space(t.tid);
        out += "  \"";
        out += collapse_space(span_text(doc, t.span));
        out += "\"  ";
        out += collapse_space(t.type);
        out += "  ";
        out += t.value.empty() ? std::string("(no value)") : collapse_space(t.value);
        if (!t.mod.empty()) out += "  mod=" + collapse_space(t.mod);
        if (!t.quant.empty()) out += "  quant=" + collapse_space(t.quant);
        if (!t.freq.empty()) out += "  freq=" + collapse_space(t.freq);
        out += '\n';
        if (options.explain) {
            out += "      rule: ";
            out += t.rule.empty() ? std::string("(none)") : collapse_space(t.rule);
            if (!t.explanation.empty()) out += "; " + collapse_space(t.explanation);
            if (!t.anchor_tid.empty()) out += "; anchor " + collapse_space(t.anchor_tid);
            out += '\n';
        }
    }

    if (options.explain) {
        out += "\nLinks of the reduced graph:\n";
        if (timeline.reduced_links.empty()) out += "  (none)\n";
        for (const TLink& l : timeline.reduced_links) {
            link_line(out, l, true);
            out += '\n';
        }
        out += "\nRejected links (would contradict the graph):\n";
        if (timeline.rejected.empty()) out += "  (none)\n";
        for (const RejectedLink& r : timeline.rejected) {
            link_line(out, r.link, true);
            out += ": ";
            out += collapse_space(r.reason);
            out += '\n';
        }
    }
    stream.write(out.data(), static_cast<std::streamsize>(out.size()));
}

}  // namespace chronoline
