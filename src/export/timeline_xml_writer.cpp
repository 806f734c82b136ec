// The timeline as XML of our own schema (docs/timeline.xsd), built as a pugixml DOM and
// serialized raw: the layout (two-space indentation, one element per line, an event's snippet on
// its line) is the white space text nodes put in here, attributes come in a fixed order, and ids
// derive from positions and document ids only.
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "chronoline/export.hpp"
#include "export/export_util.hpp"

namespace chronoline {
namespace {

using export_detail::CharOffsets;
using export_detail::XmlBuilder;

using export_detail::AttributeChoices;

// The names and the closed-set values of the output, as XmlBuilder prototypes (see
// export_util.hpp): attribute and element names are shared by every copy instead of copied.
// Names reads the attributes back in this order.
const std::string& prototype_text();

struct Names {
    explicit Names(pugi::xml_node p)
        : root(p), time(p.child("time")), event(p.child("event")), snippet(p.child("snippet")), link(p.child("link")),
          entry(p.child("entry")) {
        pugi::xml_attribute a = p.first_attribute();
        for (pugi::xml_attribute* slot : {&tid, &type, &value, &mod, &quant, &freq, &begin, &end, &anchor, &rule,
                                          &explanation, &eid, &eiid, &text, &event_class, &tense, &aspect, &polarity,
                                          &modality, &pos, &sentence, &lid, &from, &to, &rel_type, &confidence, &reason,
                                          &id, &rank, &after, &before, &spans, &label}) {
            *slot = a;
            a = a.next_attribute();
        }
        vocab.each([&](auto& choices) { a = choices.bind(a); });
    }
    pugi::xml_node root, time, event, snippet, link, entry;
    pugi::xml_attribute tid, type, value, mod, quant, freq, begin, end, anchor, rule, explanation, eid, eiid, text,
        event_class, tense, aspect, polarity, modality, pos, sentence, lid, from, to, rel_type, confidence, reason, id,
        rank, after, before, spans, label;
    export_detail::TimemlVocabulary vocab;
};

const std::string& prototype_text() {
    static const std::string text = [] {
        std::string t =
            "<_ tid=\"\" type=\"\" value=\"\" mod=\"\" quant=\"\" freq=\"\" begin=\"\" end=\"\" anchor=\"\" rule=\"\""
            " explanation=\"\" eid=\"\" eiid=\"\" text=\"\" class=\"\" tense=\"\" aspect=\"\" polarity=\"\" modality=\"\""
            " pos=\"\" sentence=\"\" lid=\"\" from=\"\" to=\"\" relType=\"\" confidence=\"\" reason=\"\" id=\"\" rank=\"\""
            " after=\"\" before=\"\" spans=\"\" label=\"\"";
        export_detail::TimemlVocabulary().each([&](const auto& choices) { choices.append_prototypes(t); });
        t += "><time/><event/><snippet/><link/><entry/></_>";
        return t;
    }();
    return text;
}

// An attribute of a closed value set: the prototype when `value` is in the set, else written as
// text.
template <std::size_t N>
void choice_attr(XmlBuilder& b, pugi::xml_node node, const AttributeChoices<N>& choices, pugi::xml_attribute name,
                 std::string_view value) {
    if (const std::size_t k = choices.find(value); k != choices.npos) XmlBuilder::fixed_attr(node, choices[k]);
    else b.attr(node, name, value);
}

void number_attr(pugi::xml_node node, pugi::xml_attribute name, std::uint64_t value) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, value);
    node.append_copy(name).set_value(buf, static_cast<std::size_t>(r.ptr - buf));
}

// Doubles in the shortest form that reads back the same, as export_detail::append_number. The
// rules' confidences (0.9, 0.95, …) come back link after link, and std::to_chars of a double costs
// some 500 instructions: the last few values are kept with their text.
class DoubleTexts {
public:
    void set(pugi::xml_attribute attribute, double value) {
        const std::string_view text = of(value);
        attribute.set_value(text.data(), text.size());
    }

private:
    struct Entry {
        std::uint64_t bits = 0;
        std::uint8_t size = 0;  // 0: empty
        char text[31];
    };
    std::string_view of(double value) {
        std::uint64_t bits;
        std::memcpy(&bits, &value, sizeof bits);
        for (const Entry& e : entries_)
            if (e.size != 0 && e.bits == bits) return {e.text, e.size};
        Entry& e = entries_[next_];
        next_ = (next_ + 1) % entries_.size();
        e.bits = bits;
        e.text[0] = '0';
        e.size = 1;
        if (std::isfinite(value))
            e.size = static_cast<std::uint8_t>(std::to_chars(e.text, e.text + sizeof e.text, value).ptr - e.text);
        return {e.text, e.size};
    }
    std::array<Entry, 8> entries_{};
    std::size_t next_ = 0;
};

// `child` appended to `parent` on a line of its own, indented by `indent` ("\n" + spaces).
pugi::xml_node line_element(pugi::xml_node parent, const char* name, std::string_view indent) {
    XmlBuilder::trusted_text(parent, indent);
    return XmlBuilder::element(parent, name);
}
// The same with a prototype element.
pugi::xml_node line_element(pugi::xml_node parent, pugi::xml_node proto, std::string_view indent) {
    XmlBuilder::trusted_text(parent, indent);
    return XmlBuilder::element(parent, proto);
}

void time_element(XmlBuilder& b, const Names& n, pugi::xml_node parent, const Document& doc, const Timex& t,
                  const CharOffsets& chars, std::string_view indent, bool explain) {
    const pugi::xml_node time = line_element(parent, n.time, indent);
    b.attr(time, n.tid, t.tid);
    choice_attr(b, time, n.vocab.timex_type, n.type, t.type);
    b.attr(time, n.value, t.value);
    if (!t.mod.empty()) b.attr(time, n.mod, t.mod);
    if (!t.quant.empty()) b.attr(time, n.quant, t.quant);
    if (!t.freq.empty()) b.attr(time, n.freq, t.freq);
    const std::uint64_t begin = chars.at(t.span.begin);
    number_attr(time, n.begin, begin);
    number_attr(time, n.end, chars.after(t.span.begin, begin, t.span.end));
    if (explain) {
        if (!t.anchor_tid.empty()) b.attr(time, n.anchor, t.anchor_tid);
        b.attr(time, n.rule, t.rule);
        b.attr(time, n.explanation, t.explanation);
    }
    b.text(time, export_detail::span_text(doc, t.span));
}

// The events' snippets, cleaned for XML: an event whose snippet is its whole sentence shares it
// with the other events of that sentence (made once per sentence, not once per event).
class Snippets {
public:
    explicit Snippets(const Document& doc) : doc_(doc), by_sentence_(doc.analysis.sentences.size()) {}
    std::string_view of(const Event& e) {
        if (export_detail::snippet_is_whole_sentence(doc_, e)) {
            std::optional<std::string>& s = by_sentence_[e.sentence];
            if (!s) s = clean(export_detail::event_snippet(doc_, e));
            return *s;
        }
        one_ = clean(export_detail::event_snippet(doc_, e));
        return one_;
    }

private:
    std::string clean(std::string s) {
        const std::string_view v = export_detail::xml_chars(s, scratch_);
        if (v.data() != s.data()) s.assign(v);
        return s;
    }
    const Document& doc_;
    std::vector<std::optional<std::string>> by_sentence_;
    std::string one_;
    std::string scratch_;
};

void event_element(XmlBuilder& b, const Names& n, pugi::xml_node parent, const Document& doc, const Event& e,
                   const CharOffsets& chars, std::string_view indent, Snippets& snippets) {
    const pugi::xml_node event = line_element(parent, n.event, indent);
    b.attr(event, n.eid, e.eid);
    b.attr(event, n.eiid, e.eiid);
    b.attr(event, n.text, export_detail::span_text(doc, e.span));
    choice_attr(b, event, n.vocab.event_class, n.event_class, e.event_class);
    choice_attr(b, event, n.vocab.tense, n.tense, e.tense);
    choice_attr(b, event, n.vocab.aspect, n.aspect, e.aspect);
    choice_attr(b, event, n.vocab.polarity, n.polarity, e.polarity);
    if (!e.modality.empty()) b.attr(event, n.modality, e.modality);
    choice_attr(b, event, n.vocab.pos, n.pos, e.pos);
    number_attr(event, n.sentence, e.sentence);
    const std::uint64_t begin = chars.at(e.span.begin);
    number_attr(event, n.begin, begin);
    number_attr(event, n.end, chars.after(e.span.begin, begin, e.span.end));
    XmlBuilder::trusted_text(XmlBuilder::element(event, n.snippet), snippets.of(e));
}

// A <link> model per relType and whether the link has a lid and a rule, its attributes in place
// (their values set in each copy): a document has few such combinations and many links of each.
class LinkElements {
public:
    LinkElements() : models_(export_detail::timeml_values::kRelTypes.size() * 4) {}
    // The model for `l`, or an empty node when its relType is outside the set.
    pugi::xml_node model(const Names& n, const TLink& l) {
        const std::size_t k = n.vocab.rel_type.find(l.rel_type);
        if (k == n.vocab.rel_type.npos) return {};
        const bool lid = !l.lid.empty();
        const bool rule = !l.rule.empty();
        return models_.get((k * 2 + (lid ? 1 : 0)) * 2 + (rule ? 1 : 0), [&] {
            const pugi::xml_node m = XmlBuilder::element(n.root, n.link);
            if (lid) XmlBuilder::fixed_attr(m, n.lid);
            XmlBuilder::fixed_attr(m, n.from);
            XmlBuilder::fixed_attr(m, n.to);
            XmlBuilder::fixed_attr(m, n.vocab.rel_type[k]);
            if (rule) XmlBuilder::fixed_attr(m, n.rule);
            XmlBuilder::fixed_attr(m, n.confidence);
            return m;
        });
    }

private:
    export_detail::ElementCache models_;
};

void link_element(XmlBuilder& b, const Names& n, pugi::xml_node parent, const TLink& l, const std::string* reason,
                  DoubleTexts& numbers, LinkElements& models) {
    pugi::xml_node link;
    if (const pugi::xml_node model = models.model(n, l)) {
        XmlBuilder::trusted_text(parent, "\n    ");
        link = parent.append_copy(model);
        pugi::xml_attribute a = link.first_attribute();
        if (!l.lid.empty()) {
            b.set(a, l.lid);
            a = a.next_attribute();
        }
        b.set(a, l.from);
        b.set(a = a.next_attribute(), l.to);
        a = a.next_attribute().next_attribute();  // past relType
        if (!l.rule.empty()) {
            b.set(a, l.rule);
            a = a.next_attribute();
        }
        numbers.set(a, l.confidence);
    } else {
        link = line_element(parent, n.link, "\n    ");
        if (!l.lid.empty()) b.attr(link, n.lid, l.lid);
        b.attr(link, n.from, l.from);
        b.attr(link, n.to, l.to);
        b.attr(link, n.rel_type, l.rel_type);
        if (!l.rule.empty()) b.attr(link, n.rule, l.rule);
        numbers.set(link.append_copy(n.confidence), l.confidence);
    }
    if (reason) b.attr(link, n.reason, *reason);
}

}  // namespace

void assign_timeline_xml(const Document& doc, const Timeline& timeline, std::string& out,
                         const ExportOptions& options) {
    const CharOffsets chars(doc.text);
    pugi::xml_document xml;
    XmlBuilder b;
    const Names n(b.load_prototypes(xml, prototype_text()));
    Snippets snippets(doc);
    DoubleTexts numbers;
    LinkElements link_models;
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
        const pugi::xml_node element = line_element(entries, n.entry, "\n    ");
        b.attr(element, n.id, export_detail::numbered_id("d", ++entry_number));
        number_attr(element, n.rank, entry.rank);
        if (!entry.value.empty()) b.attr(element, n.value, entry.value);
        if (entry.value.empty() && !entry.after.empty()) b.attr(element, n.after, entry.after);
        if (entry.value.empty() && !entry.before.empty()) b.attr(element, n.before, entry.before);
        if (entry.value.empty() && !entry.spans.empty()) b.attr(element, n.spans, entry.spans);
        b.attr(element, n.label, export_detail::entry_label(entry));
        for (const std::size_t ti : entry.timexes)
            if (ti < doc.timexes.size()) time_element(b, n, element, doc, doc.timexes[ti], chars, "\n      ", false);
        for (const std::size_t ei : entry.events)
            if (ei < doc.events.size())
                event_element(b, n, element, doc, doc.events[ei], chars, "\n      ", snippets);
        XmlBuilder::trusted_text(element, "\n    ");
    }
    XmlBuilder::trusted_text(entries, "\n  ");

    const pugi::xml_node unordered = line_element(root, "unordered", "\n  ");
    for (const std::size_t ei : timeline.unordered)
        if (ei < doc.events.size())
            event_element(b, n, unordered, doc, doc.events[ei], chars, "\n    ", snippets);
    XmlBuilder::trusted_text(unordered, "\n  ");

    const pugi::xml_node times = line_element(root, "times", "\n  ");
    for (const Timex& t : doc.timexes) time_element(b, n, times, doc, t, chars, "\n    ", options.explain);
    XmlBuilder::trusted_text(times, "\n  ");

    const pugi::xml_node links = line_element(root, "links", "\n  ");
    for (const TLink& l : timeline.reduced_links) link_element(b, n, links, l, nullptr, numbers, link_models);
    XmlBuilder::trusted_text(links, "\n  ");

    if (options.explain) {
        const pugi::xml_node rejected = line_element(root, "rejected", "\n  ");
        for (const RejectedLink& r : timeline.rejected) link_element(b, n, rejected, r.link, &r.reason, numbers, link_models);
        XmlBuilder::trusted_text(rejected, "\n  ");
    }
    XmlBuilder::trusted_text(root, "\n");

    out.clear();
    out.reserve(4096 + doc.events.size() * 400 + doc.timexes.size() * 200);
    export_detail::save_xml(xml, out, b.prototypes());
}

void write_timeline_xml(const Document& doc, const Timeline& timeline, std::ostream& stream,
                        const ExportOptions& options) {
    std::string out;
    assign_timeline_xml(doc, timeline, out, options);
    stream.write(out.data(), static_cast<std::streamsize>(out.size()));
}

}  // namespace chronoline
