// The timeline as XML of our own schema (docs/timeline.xsd). Written by hand rather than through
// a DOM so that the escaping (and the layout, which the golden files pin) is ours: two-space
// indentation, attributes in a fixed order, ids derived from positions and document ids only.
#include <ostream>
#include <string>
#include <vector>

#include "chronoline/export.hpp"
#include "export/export_util.hpp"

namespace chronoline {
namespace {

using export_detail::append_uint;
using export_detail::append_xml_attr;
using export_detail::attr;
using export_detail::append_xml_text;
using export_detail::CharOffsets;

void attr(std::string& out, std::string_view name, std::uint64_t value) {
    out += ' ';
    out += name;
    out += "=\"";
    append_uint(out, value);
    out += '"';
}

void time_element(std::string& out, const Document& doc, const Timex& t, const CharOffsets& chars,
                  const char* indent, bool explain) {
    out += indent;
    out += "<time";
    attr(out, "tid", t.tid);
    attr(out, "type", t.type);
    attr(out, "value", t.value);
    if (!t.mod.empty()) attr(out, "mod", t.mod);
    if (!t.quant.empty()) attr(out, "quant", t.quant);
    if (!t.freq.empty()) attr(out, "freq", t.freq);
    attr(out, "begin", chars.at(t.span.begin));
    attr(out, "end", chars.at(t.span.end));
    if (explain) {
        if (!t.anchor_tid.empty()) attr(out, "anchor", t.anchor_tid);
        attr(out, "rule", t.rule);
        attr(out, "explanation", t.explanation);
    }
    out += '>';
    append_xml_text(out, export_detail::span_text(doc, t.span));
    out += "</time>\n";
}

void event_element(std::string& out, const Document& doc, const Event& e, const CharOffsets& chars,
                   const char* indent) {
    out += indent;
    out += "<event";
    attr(out, "eid", e.eid);
    attr(out, "eiid", e.eiid);
    attr(out, "text", export_detail::span_text(doc, e.span));
    attr(out, "class", e.event_class);
    attr(out, "tense", e.tense);
    attr(out, "aspect", e.aspect);
    attr(out, "polarity", e.polarity);
    if (!e.modality.empty()) attr(out, "modality", e.modality);
    attr(out, "pos", e.pos);
    attr(out, "sentence", e.sentence);
    attr(out, "begin", chars.at(e.span.begin));
    attr(out, "end", chars.at(e.span.end));
    out += '>';
    out += "<snippet>";
    append_xml_text(out, export_detail::event_snippet(doc, e));
    out += "</snippet></event>\n";
}

void link_element(std::string& out, const TLink& l, const std::string* reason) {
    out += "    <link";
    if (!l.lid.empty()) attr(out, "lid", l.lid);
    attr(out, "from", l.from);
    attr(out, "to", l.to);
    attr(out, "relType", l.rel_type);
    if (!l.rule.empty()) attr(out, "rule", l.rule);
    out += " confidence=\"";
    export_detail::append_number(out, l.confidence);
    out += '"';
    if (reason) attr(out, "reason", *reason);
    out += "/>\n";
}

}  // namespace

void write_timeline_xml(const Document& doc, const Timeline& timeline, std::ostream& stream,
                        const ExportOptions& options) {
    const CharOffsets chars(doc.text);
    std::string out;
    out.reserve(4096 + doc.events.size() * 400 + doc.timexes.size() * 200);
    out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<timeline version=\"1\"";
    attr(out, "document", doc.name);
    attr(out, "dct", export_detail::dct_value(doc));
    out += ">\n";
    if (!doc.title.empty()) {
        out += "  <title>";
        append_xml_text(out, doc.title);
        out += "</title>\n";
    }

    out += "  <entries>\n";
    std::size_t entry_number = 0;
    for (const TimelineEntry& entry : timeline.entries) {
        out += "    <entry";
        attr(out, "id", export_detail::numbered_id("d", ++entry_number));
        attr(out, "rank", entry.rank);
        if (!entry.value.empty()) attr(out, "value", entry.value);
        if (entry.value.empty() && !entry.after.empty()) attr(out, "after", entry.after);
        if (entry.value.empty() && !entry.before.empty()) attr(out, "before", entry.before);
        attr(out, "label", export_detail::entry_label(entry));
        out += ">\n";
        for (const std::size_t ti : entry.timexes)
            if (ti < doc.timexes.size()) time_element(out, doc, doc.timexes[ti], chars, "      ", false);
        for (const std::size_t ei : entry.events)
            if (ei < doc.events.size()) event_element(out, doc, doc.events[ei], chars, "      ");
        out += "    </entry>\n";
    }
    out += "  </entries>\n";

    out += "  <unordered>\n";
    for (const std::size_t ei : timeline.unordered)
        if (ei < doc.events.size()) event_element(out, doc, doc.events[ei], chars, "    ");
    out += "  </unordered>\n";

    out += "  <times>\n";
    for (const Timex& t : doc.timexes) time_element(out, doc, t, chars, "    ", options.explain);
    out += "  </times>\n";

    out += "  <links>\n";
    for (const TLink& l : timeline.reduced_links) link_element(out, l, nullptr);
    out += "  </links>\n";

    if (options.explain) {
        out += "  <rejected>\n";
        for (const RejectedLink& r : timeline.rejected) link_element(out, r.link, &r.reason);
        out += "  </rejected>\n";
    }
    out += "</timeline>\n";
    stream.write(out.data(), static_cast<std::streamsize>(out.size()));
}

}  // namespace chronoline
