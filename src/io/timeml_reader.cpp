#include <algorithm>
#include <unordered_map>

#include <pugixml.hpp>

#include "chronoline/error.hpp"
#include "chronoline/io.hpp"

namespace chronoline {
namespace {

std::string_view skip_space(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\r' || s.front() == '\t' ||
                          static_cast<unsigned char>(s.front()) == 0xEF || static_cast<unsigned char>(s.front()) == 0xBB ||
                          static_cast<unsigned char>(s.front()) == 0xBF))
        s.remove_prefix(1);
    return s;
}

struct TextCollector {
    std::string text;
    std::vector<Timex> timexes;
    std::vector<Event> events;

    void walk(const pugi::xml_node& node) {
        if (const char* lead = node.value(); *lead) text += lead;  // its leading text (kParseOptions)
        for (pugi::xml_node child : node.children()) {
            if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
                text += child.value();
            } else if (child.type() == pugi::node_element) {
                const auto begin = static_cast<std::uint32_t>(text.size());
                walk(child);
                const Span span{begin, static_cast<std::uint32_t>(text.size())};
                const std::string_view name = child.name();
                if (name == "TIMEX3") {
                    Timex t;
                    t.span = span;
                    t.tid = child.attribute("tid").value();
                    t.type = child.attribute("type").value();
                    t.value = child.attribute("value").value();
                    t.mod = child.attribute("mod").value();
                    t.quant = child.attribute("quant").value();
                    t.freq = child.attribute("freq").value();
                    t.temporal_function = std::string_view(child.attribute("temporalFunction").value()) == "true";
                    t.anchor_tid = child.attribute("anchorTimeID").value();
                    timexes.push_back(std::move(t));
                } else if (name == "EVENT") {
                    Event e;
                    e.span = span;
                    e.eid = child.attribute("eid").value();
                    e.event_class = child.attribute("class").value();
                    events.push_back(std::move(e));
                }
            }
        }
    }
};

}  // namespace

bool looks_like_timeml(std::string_view content) {
    std::string_view s = skip_space(content);
    if (!s.starts_with("<")) return false;
    const auto head = content.substr(0, 4096);
    return head.find("<TimeML") != std::string_view::npos || content.find("<TEXT>") != std::string_view::npos ||
           content.find("<TEXT ") != std::string_view::npos;
}

namespace {

// parse_embed_pcdata: an element's leading text is its value, not a child node of its own (one
// node fewer for every TIMEX3 and EVENT; the walks below read the value first). The same errors at
// the same offsets as without it.
constexpr unsigned kParseOptions = pugi::parse_default | pugi::parse_ws_pcdata | pugi::parse_embed_pcdata;

void throw_if_broken(const pugi::xml_parse_result& result) {
    if (!result) {
        throw input_error(std::string("broken XML: ") + result.description() + " at byte " +
                          std::to_string(result.offset));
    }
}

pugi::xml_node find_text_node(const pugi::xml_document& xml) {
    pugi::xml_node text_node = xml.document_element().child("TEXT");
    if (!text_node) text_node = xml.find_node([](pugi::xml_node n) { return std::string_view(n.name()) == "TEXT"; });
    if (!text_node) throw input_error("TimeML without a <TEXT> element");
    return text_node;
}

// The DCT (and its TIMEX3 value) from <DCT><TIMEX3 value=…>, or `date` when given.
void read_dct(const pugi::xml_document& xml, std::optional<std::chrono::year_month_day> date, Document& doc) {
    if (date) {
        doc.dct = *date;
    } else {
        pugi::xml_node dct_timex = xml.document_element().child("DCT").child("TIMEX3");
        if (!dct_timex) {
            dct_timex = xml.find_node([](pugi::xml_node n) {
                return std::string_view(n.name()) == "TIMEX3" &&
                       std::string_view(n.attribute("functionInDocument").value()) == "CREATION_TIME";
            });
        }
        if (!dct_timex) throw date_error("TimeML without a document creation time (<DCT><TIMEX3 value=…>); give --date");
        doc.dct = parse_date(dct_timex.attribute("value").value(), "DCT value");
    }
    doc.dct_value = format_date(doc.dct);
}

// The character content of `node` with every tag dropped, appended to `text`.
void append_text_content(const pugi::xml_node& node, std::string& text) {
    if (const char* lead = node.value(); *lead) text += lead;  // its leading text (kParseOptions)
    for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
        const auto type = child.type();
        if (type == pugi::node_pcdata || type == pugi::node_cdata) text += child.value();
        else if (type == pugi::node_element) append_text_content(child, text);
    }
}

}  // namespace

Document read_timeml(std::string_view content, std::string name, std::optional<std::chrono::year_month_day> date) {
    check_utf8(content);
    pugi::xml_document xml;
    throw_if_broken(xml.load_buffer(content.data(), content.size(), kParseOptions, pugi::encoding_utf8));
    pugi::xml_node root = xml.document_element();
    const pugi::xml_node text_node = find_text_node(xml);

    Document doc;
    doc.name = std::move(name);
    TextCollector collector;
    collector.walk(text_node);
    doc.text = std::move(collector.text);
    doc.title = root.child("TITLE").text().get();
    read_dct(xml, date, doc);

    // Gold annotations, when the file carries them. The DCT's own TIMEX3 is not among them: it
    // lies outside <TEXT>.
    doc.timexes = std::move(collector.timexes);
    std::unordered_map<std::string, std::size_t> event_by_eid;
    for (std::size_t i = 0; i < collector.events.size(); ++i) event_by_eid[collector.events[i].eid] = i;
    std::vector<bool> instanced(collector.events.size(), false);
    for (pugi::xml_node mi : root.children("MAKEINSTANCE")) {
        auto it = event_by_eid.find(mi.attribute("eventID").value());
        if (it == event_by_eid.end()) continue;
        Event e = collector.events[it->second];
        if (instanced[it->second]) {
            // TimeML allows several instances of one event; we keep each as its own entry.
            e = collector.events[it->second];
        }
        instanced[it->second] = true;
        e.eiid = mi.attribute("eiid").value();
        if (auto a = mi.attribute("tense")) e.tense = a.value();
        if (auto a = mi.attribute("aspect")) e.aspect = a.value();
        if (auto a = mi.attribute("polarity")) e.polarity = a.value();
        if (auto a = mi.attribute("modality")) e.modality = a.value();
        if (auto a = mi.attribute("pos")) e.pos = a.value();
        doc.events.push_back(std::move(e));
    }
    for (std::size_t i = 0; i < collector.events.size(); ++i)
        if (!instanced[i]) doc.events.push_back(collector.events[i]);
    std::stable_sort(doc.events.begin(), doc.events.end(),
                     [](const Event& a, const Event& b) { return a.span.begin < b.span.begin; });

    for (pugi::xml_node tl : root.children("TLINK")) {
        TLink l;
        l.lid = tl.attribute("lid").value();
        l.from = tl.attribute("eventInstanceID") ? tl.attribute("eventInstanceID").value() : tl.attribute("timeID").value();
        l.to = tl.attribute("relatedToEventInstance") ? tl.attribute("relatedToEventInstance").value()
                                                      : tl.attribute("relatedToTime").value();
        l.rel_type = tl.attribute("relType").value();
        l.rule = "gold";
        if (!l.from.empty() && !l.to.empty() && !l.rel_type.empty()) doc.links.push_back(std::move(l));
    }
    return doc;
}

namespace {

// The part of read_timeml_text after the parse.
void collect_text(const pugi::xml_document& xml, std::optional<std::chrono::year_month_day> date,
                  Document& doc) {
    const pugi::xml_node text_node = find_text_node(xml);
    doc.text.clear();
    append_text_content(text_node, doc.text);
    doc.title = xml.document_element().child("TITLE").text().get();
    read_dct(xml, date, doc);
}

void clear_for_text(Document& doc) {
    doc.analysis.lower.clear();
    doc.analysis.tokens.clear();
    doc.analysis.sentences.clear();
    doc.timexes.clear();
    doc.events.clear();
    doc.links.clear();
}

}  // namespace

void read_timeml_text(std::string_view content, std::string name, std::optional<std::chrono::year_month_day> date,
                      Document& doc) {
    check_utf8(content);
    doc.name = std::move(name);
    clear_for_text(doc);
    // The same parse as read_timeml (same options, on a copy), so the same errors at the same
    // offsets; only the gold annotations, which a timeline run replaces, are not collected.
    pugi::xml_document xml;
    throw_if_broken(xml.load_buffer(content.data(), content.size(), kParseOptions, pugi::encoding_utf8));
    collect_text(xml, date, doc);
}

void read_timeml_text_in_place(std::string& content, std::string name, std::optional<std::chrono::year_month_day> date,
                               Document& doc, bool known_utf8) {
    if (!known_utf8) check_utf8(content);
    doc.name = std::move(name);
    clear_for_text(doc);
    // load_buffer parses a copy of the bytes with a NUL after them; here pugixml parses our
    // own buffer in place, given with its terminating NUL (which std::string always has, and
    // which pugixml only ever overwrites with NUL), so it sees the very same bytes: the same
    // document, the same errors at the same offsets, without copying the file.
    pugi::xml_document xml;
    throw_if_broken(xml.load_buffer_inplace(content.data(), content.size() + 1, kParseOptions, pugi::encoding_utf8));
    collect_text(xml, date, doc);
}

Document read_plain_text(std::string_view content, std::string name, std::chrono::year_month_day date) {
    if (skip_space(content).empty()) throw input_error("empty input");
    if (looks_binary(content)) throw input_error("binary data, not text");
    check_utf8(content);
    Document doc;
    doc.name = std::move(name);
    doc.text.assign(content);
    if (!date.ok()) throw date_error("impossible date");
    doc.dct = date;
    doc.dct_value = format_date(date);
    return doc;
}

}  // namespace chronoline
