// The timeline as XML of our own schema (docs/timeline.xsd), built as a pugixml DOM and
// serialized raw: the layout (two-space indentation, one element per line, an event's snippet on
// its line) is the white space text nodes put in here, attributes come in a fixed order, and ids
// derive from positions and document ids only.
#include <charconv>
#include <cmath>
#include <ostream>
#include <string>
#include <vector>

#include "chronoline/export.hpp"
#include "export/export_util.hpp"

namespace chronoline {
namespace {

using export_detail::CharOffsets;
using export_detail::XmlBuilder;

void number_attr(pugi::xml_node node, const char* name, std::uint64_t value) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, value);
    XmlBuilder::plain_attr(node, name, std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)));
}

// A double in the shortest form that reads back the same, as export_detail::append_number.
void double_attr(pugi::xml_node node, const char* name, double value) {
    char buf[32];
    std::size_t size = 1;
    buf[0] = '0';
    if (std::isfinite(value)) size = static_cast<std::size_t>(std::to_chars(buf, buf + sizeof buf, value).ptr - buf);
    XmlBuilder::plain_attr(node, name, std::string_view(buf, size));
}

// `child` appended to `parent` on a line of its own, indented by `indent` ("\n" + spaces).
pugi::xml_node line_element(pugi::xml_node parent, const char* name, std::string_view indent) {
    XmlBuilder::trusted_text(parent, indent);
    return XmlBuilder::element(parent, name);
}

void time_element(XmlBuilder& b, pugi::xml_node parent, const Document& doc, const Timex& t, const CharOffsets& chars,
                  std::string_view indent, bool explain) {
    const pugi::xml_node time = line_element(parent, "time", indent);
    b.attr(time, "tid", t.tid);
    b.attr(time, "type", t.type);
    b.attr(time, "value", t.value);
    if (!t.mod.empty()) b.attr(time, "mod", t.mod);
    if (!t.quant.empty()) b.attr(time, "quant", t.quant);
    if (!t.freq.empty()) b.attr(time, "freq", t.freq);
    number_attr(time, "begin", chars.at(t.span.begin));
    number_attr(time, "end", chars.at(t.span.end));
    if (explain) {
        if (!t.anchor_tid.empty()) b.attr(time, "anchor", t.anchor_tid);
        b.attr(time, "rule", t.rule);
        b.attr(time, "explanation", t.explanation);
    }
    b.text(time, export_detail::span_text(doc, t.span));
}

void event_element(XmlBuilder& b, pugi::xml_node parent, const Document& doc, const Event& e, const CharOffsets& chars,
                   std::string_view indent) {
    const pugi::xml_node event = line_element(parent, "event", indent);
    b.attr(event, "eid", e.eid);
    b.attr(event, "eiid", e.eiid);
    b.attr(event, "text", export_detail::span_text(doc, e.span));
    b.attr(event, "class", e.event_class);
    b.attr(event, "tense", e.tense);
    b.attr(event, "aspect", e.aspect);
    b.attr(event, "polarity", e.polarity);
    if (!e.modality.empty()) b.attr(event, "modality", e.modality);
    b.attr(event, "pos", e.pos);
    number_attr(event, "sentence", e.sentence);
    number_attr(event, "begin", chars.at(e.span.begin));
    number_attr(event, "end", chars.at(e.span.end));
    b.text(XmlBuilder::element(event, "snippet"), export_detail::event_snippet(doc, e));
}

void link_element(XmlBuilder& b, pugi::xml_node parent, const TLink& l, const std::string* reason) {
    const pugi::xml_node link = line_element(parent, "link", "\n    ");
    if (!l.lid.empty()) b.attr(link, "lid", l.lid);
    b.attr(link, "from", l.from);
    b.attr(link, "to", l.to);
    b.attr(link, "relType", l.rel_type);
    if (!l.rule.empty()) b.attr(link, "rule", l.rule);
    double_attr(link, "confidence", l.confidence);
    if (reason) b.attr(link, "reason", *reason);
}

}  // namespace

void write_timeline_xml(const Document& doc, const Timeline& timeline, std::ostream& stream,
                        const ExportOptions& options) {
    const CharOffsets chars(doc.text);
    pugi::xml_document xml;
    XmlBuilder b;
    const pugi::xml_node decl = xml.append_child(pugi::node_declaration);
    XmlBuilder::plain_attr(decl, "version", "1.0");
    XmlBuilder::plain_attr(decl, "encoding", "UTF-8");
    const pugi::xml_node root = line_element(xml, "timeline", "\n");
    XmlBuilder::trusted_text(xml, "\n");
    XmlBuilder::plain_attr(root, "version", "1");
    b.attr(root, "document", doc.name);
    b.attr(root, "dct", export_detail::dct_value(doc));
    if (!doc.title.empty()) b.text(line_element(root, "title", "\n  "), doc.title);

    const pugi::xml_node entries = line_element(root, "entries", "\n  ");
    std::size_t entry_number = 0;
    for (const TimelineEntry& entry : timeline.entries) {
        const pugi::xml_node element = line_element(entries, "entry", "\n    ");
        b.attr(element, "id", export_detail::numbered_id("d", ++entry_number));
        number_attr(element, "rank", entry.rank);
        if (!entry.value.empty()) b.attr(element, "value", entry.value);
        if (entry.value.empty() && !entry.after.empty()) b.attr(element, "after", entry.after);
        if (entry.value.empty() && !entry.before.empty()) b.attr(element, "before", entry.before);
        b.attr(element, "label", export_detail::entry_label(entry));
        for (const std::size_t ti : entry.timexes)
            if (ti < doc.timexes.size()) time_element(b, element, doc, doc.timexes[ti], chars, "\n      ", false);
        for (const std::size_t ei : entry.events)
            if (ei < doc.events.size()) event_element(b, element, doc, doc.events[ei], chars, "\n      ");
        XmlBuilder::trusted_text(element, "\n    ");
    }
    XmlBuilder::trusted_text(entries, "\n  ");

    const pugi::xml_node unordered = line_element(root, "unordered", "\n  ");
    for (const std::size_t ei : timeline.unordered)
        if (ei < doc.events.size()) event_element(b, unordered, doc, doc.events[ei], chars, "\n    ");
    XmlBuilder::trusted_text(unordered, "\n  ");

    const pugi::xml_node times = line_element(root, "times", "\n  ");
    for (const Timex& t : doc.timexes) time_element(b, times, doc, t, chars, "\n    ", options.explain);
    XmlBuilder::trusted_text(times, "\n  ");

    const pugi::xml_node links = line_element(root, "links", "\n  ");
    for (const TLink& l : timeline.reduced_links) link_element(b, links, l, nullptr);
    XmlBuilder::trusted_text(links, "\n  ");

    if (options.explain) {
        const pugi::xml_node rejected = line_element(root, "rejected", "\n  ");
        for (const RejectedLink& r : timeline.rejected) link_element(b, rejected, r.link, &r.reason);
        XmlBuilder::trusted_text(rejected, "\n  ");
    }
    XmlBuilder::trusted_text(root, "\n");

    std::string out;
    out.reserve(4096 + doc.events.size() * 400 + doc.timexes.size() * 200);
    export_detail::save_xml(xml, out);
    stream.write(out.data(), static_cast<std::streamsize>(out.size()));
}

}  // namespace chronoline
