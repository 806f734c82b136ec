// TimeML 1.2.1 output in the shape of the TempEval-3 corpora (TimeBank/AQUAINT TBAQ-cleaned):
// the evaluation toolkit reads tags with regular expressions, so every TIMEX3/EVENT tag is
// written on one line with the corpus attribute order, and MAKEINSTANCE/TLINK one per line.
// Built as a pugixml DOM (the text pieces between tags as character data, the layout as explicit
// "\n" text nodes) and serialized raw through pugixml's escaping into one buffer.
#include <algorithm>
#include <array>
#include <cstring>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "chronoline/export.hpp"
#include "export/export_util.hpp"

namespace chronoline {
namespace {

using export_detail::ElementCache;
using export_detail::XmlBuilder;

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

bool span_is_usable(std::string_view text, const Span& span) {
    if (span.begin >= span.end || span.end > text.size()) return false;
    if (is_continuation(static_cast<unsigned char>(text[span.begin]))) return false;
    if (span.end < text.size() && is_continuation(static_cast<unsigned char>(text[span.end]))) return false;
    return true;
}

// The four kinds of TimeML ids and their prefixes.
enum IdKind { tid, eid, eiid, lid };

// An id of the usual shape, prefix + a number in canonical decimal (no leading zero, at most 7
// digits): its kind and number. Read once per id, then every table asks it; an id has at most
// one kind ("e1" is an eid, "ei1" an eiid).
struct IdNumber {
    int kind = -1;  // -1: not of the usual shape
    std::uint32_t n = 0;
};

IdNumber parse_id(std::string_view id) {
    const char* p = id.data();
    const std::size_t size = id.size();
    if (size < 2) return {};
    int kind = -1;
    std::size_t skip = 1;
    switch (p[0]) {
        case 't': kind = tid; break;
        case 'l': kind = lid; break;
        case 'e':
            kind = p[1] == 'i' ? eiid : eid;
            skip = p[1] == 'i' ? 2 : 1;
            break;
        default: return {};
    }
    const std::size_t digits = size - skip;
    if (digits == 0 || digits > 7 || (digits > 1 && p[skip] == '0')) return {};
    std::uint32_t n = 0;
    for (std::size_t k = skip; k < size; ++k) {
        const auto d = static_cast<std::uint32_t>(static_cast<unsigned char>(p[k]) - '0');
        if (d > 9) return {};
        n = n * 10 + d;
    }
    return {kind, n};
}

// The ids of one kind in one document: which are taken, and by which entity. Ids of the usual
// shape live in a vector indexed by their number; this runs for every TIMEX3, EVENT, instance
// and TLINK of a batch, so it avoids hashing strings. Fresh ids ("<prefix><n>" not taken) are
// registered as such and never resolve. Every call gives the id with its parse_id.
class IdTable {
public:
    static constexpr std::uint32_t npos = 0xFFFFFFFF;

    // `expected`: about how many ids there will be; numbers far above it go to the hash map, so
    // that an id like "e100000" does not cost a large table.
    IdTable(IdKind kind, std::string_view prefix, std::size_t expected)
        : kind_(kind), prefix_(prefix),
          max_number_(static_cast<std::uint32_t>(std::min<std::size_t>(8 * expected + 1024, 1u << 20))) {
        // Room for the usual ids ("e1" … "e<expected>") at once, not grown a doubling at a time.
        by_number_.assign(expected + 2, kFree);
    }

    // Gives `id` to entity `index`; false when the id is empty or taken.
    bool claim(std::string_view id, IdNumber parsed, std::uint32_t index) {
        if (id.empty()) return false;
        if (const auto n = number_of(parsed)) {
            if (*n >= by_number_.size()) by_number_.resize(std::max<std::size_t>(*n + 1, by_number_.size() * 2), kFree);
            if (by_number_[*n] != kFree) return false;
            by_number_[*n] = index;
            return true;
        }
        return others_.emplace(std::string(id), index).second;
    }
    // A new id no entity has; it does not resolve with find().
    std::string fresh() {
        for (;;) {
            const std::uint32_t n = next_++;
            std::string id = prefix_;
            export_detail::append_uint(id, n);
            if (n < max_number_) {
                if (n < by_number_.size() && by_number_[n] != kFree) continue;
                if (n >= by_number_.size()) by_number_.resize(std::max<std::size_t>(n + 1, by_number_.size() * 2), kFree);
                by_number_[n] = kFresh;
                return id;
            }
            if (others_.emplace(id, kFresh).second) return id;
        }
    }
    // Whether any entity (or a fresh id) has `id`.
    [[nodiscard]] bool taken(std::string_view id, IdNumber parsed) const {
        if (const auto n = number_of(parsed)) return *n < by_number_.size() && by_number_[*n] != kFree;
        return !others_.empty() && others_.count(std::string(id)) != 0;
    }
    // Whether an id outside the numbered vector is taken or fresh here.
    [[nodiscard]] bool has_others() const { return !others_.empty(); }
    // The entity that claimed `id`, or npos.
    [[nodiscard]] std::uint32_t find(std::string_view id, IdNumber parsed) const {
        if (const auto n = number_of(parsed)) {
            if (*n >= by_number_.size() || by_number_[*n] == kFree || by_number_[*n] == kFresh) return npos;
            return by_number_[*n];
        }
        if (others_.empty()) return npos;
        const auto it = others_.find(std::string(id));
        return it == others_.end() || it->second == kFresh ? npos : it->second;
    }

private:
    static constexpr std::uint32_t kFree = 0xFFFFFFFF;
    static constexpr std::uint32_t kFresh = 0xFFFFFFFE;

    // n when the id is of this table's usual shape and its number is small.
    [[nodiscard]] std::optional<std::uint32_t> number_of(IdNumber parsed) const {
        if (parsed.kind != kind_ || parsed.n >= max_number_) return std::nullopt;
        return parsed.n;
    }

    IdKind kind_;
    std::string prefix_;
    std::uint32_t max_number_;
    std::vector<std::uint32_t> by_number_;
    std::unordered_map<std::string, std::uint32_t> others_;
    std::uint32_t next_ = 1;
};

// TimeML ids (tid, eid, eiid, lid) are XML IDs: unique across all kinds in a document. One table
// per kind keeps lookups cheap; claims and fresh ids check the other kinds too.
class IdRegistry {
public:
    using Kind = IdKind;
    explicit IdRegistry(const Document& doc)
        : tables_{IdTable(tid, "t", doc.timexes.size()), IdTable(eid, "e", doc.events.size()),
                  IdTable(eiid, "ei", doc.events.size()), IdTable(lid, "l", doc.links.size())} {}

    bool claim(Kind kind, std::string_view id, std::uint32_t index) {
        if (id.empty()) return false;
        const IdNumber parsed = parse_id(id);
        if (taken_elsewhere(kind, id, parsed)) return false;
        return tables_[kind].claim(id, parsed, index);
    }
    std::string fresh(Kind kind) {
        for (;;) {
            std::string id = tables_[kind].fresh();
            if (!taken_elsewhere(kind, id, parse_id(id))) return id;
        }
    }
    [[nodiscard]] std::uint32_t find(Kind kind, std::string_view id) const { return find(kind, id, parse_id(id)); }
    // find() for an id already read with parse_id.
    [[nodiscard]] std::uint32_t find(Kind kind, std::string_view id, IdNumber parsed) const {
        return tables_[kind].find(id, parsed);
    }

private:
    [[nodiscard]] bool taken_elsewhere(Kind kind, std::string_view id, IdNumber parsed) const {
        // Another table holds an id of the usual shape only when it is of that table's kind;
        // any other id only in its hash map, which is nearly always empty.
        for (int k = tid; k <= lid; ++k)
            if (k != kind && (k == parsed.kind || tables_[k].has_others()) && tables_[k].taken(id, parsed)) return true;
        return false;
    }
    IdTable tables_[4];
};

struct Tag {
    Span span;
    bool timex = false;
    std::size_t index = 0;  // into doc.timexes, or into doc.events of the tag's first instance
    std::string id;         // tid or eid as written
    bool kept = false;
};


using namespace export_detail::timeml_values;

using Vocabulary = export_detail::TimemlVocabulary;

// The names and fixed strings of the output, as XmlBuilder prototypes (see export_util.hpp): the
// attribute names (Prototypes reads them back in this order), then the closed value sets.
const std::string& prototype_text() {
    static const std::string text = [] {
        std::string t =
            "<_ tid=\"\" type=\"\" value=\"\" mod=\"\" anchorTimeID=\"\" quant=\"\" freq=\"\" eid=\"\" class=\"\""
            " eventID=\"\" eiid=\"\" tense=\"\" aspect=\"\" polarity=\"\" pos=\"\" modality=\"\" lid=\"\" relType=\"\""
            " eventInstanceID=\"\" timeID=\"\" relatedToEventInstance=\"\" relatedToTime=\"\""
            " temporalFunction=\"true\" temporalFunction=\"false\" functionInDocument=\"NONE\"";
        Vocabulary v;
        v.each([&](const auto& choices) { choices.append_prototypes(t); });
        t += "><TIMEX3/><EVENT/><MAKEINSTANCE/><TLINK/></_>";
        return t;
    }();
    return text;
}

// Handles on the prototypes, found once per document.
struct Prototypes {
    explicit Prototypes(pugi::xml_node p)
        : root(p), timex3(p.child("TIMEX3")), event(p.child("EVENT")), instance(p.child("MAKEINSTANCE")),
          tlink(p.child("TLINK")) {
        pugi::xml_attribute a = p.first_attribute();
        for (pugi::xml_attribute* slot :
             {&tid, &type, &value, &mod, &anchor, &quant, &freq, &eid, &event_class, &event_id, &eiid, &tense, &aspect,
              &polarity, &pos, &modality, &lid, &rel_type, &event_instance, &time_id, &related_event, &related_time,
              &temporal_true, &temporal_false, &function_none}) {
            *slot = a;
            a = a.next_attribute();
        }
        vocabulary.each([&](auto& choices) { a = choices.bind(a); });
    }
    pugi::xml_node root;
    pugi::xml_attribute tid, type, value, mod, anchor, quant, freq, eid, event_class, event_id, eiid, tense, aspect,
        polarity, pos, modality, lid, rel_type, event_instance, time_id, related_event, related_time, function_none,
        temporal_true, temporal_false;
    pugi::xml_node timex3, event, instance, tlink;
    Vocabulary vocabulary;
};

std::string doc_id(std::string_view name) {
    if (const auto slash = name.find_last_of("/\\"); slash != std::string_view::npos) name.remove_prefix(slash + 1);
    for (std::string_view ext : {".tml", ".TML", ".txt", ".xml"})
        if (name.size() > ext.size() && name.ends_with(ext)) {
            name.remove_suffix(ext.size());
            break;
        }
    return std::string(name);
}

// The TimeML of `doc` written into `out` from byte `at` on (what `out` held there is replaced).
TimemlStats timeml_at(const Document& doc, std::string& out, std::size_t at) {
    out.resize(std::min(at, out.size()));
    TimemlStats stats;
    const std::string_view text = doc.text;

    // --- ids: keep the document's own, unique ones; give the others fresh ids ---------------
    constexpr std::uint32_t kDct = 0xFFFFFFF0;
    IdRegistry ids(doc);
    ids.claim(IdKind::tid, "t0", kDct);  // the DCT's
    std::vector<Tag> tags;
    tags.reserve(doc.timexes.size() + doc.events.size());
    for (std::size_t i = 0; i < doc.timexes.size(); ++i) {
        const Timex& t = doc.timexes[i];
        tags.push_back(Tag{t.span, true, i, {}, false});
        if (ids.claim(IdKind::tid, t.tid, static_cast<std::uint32_t>(i))) tags.back().id = t.tid;
    }
    for (auto& tag : tags)
        if (tag.id.empty()) tag.id = ids.fresh(IdKind::tid);

    // Several instances of one EVENT (same eid and span, as read_timeml returns them) share one
    // tag; an eid reused for a different span gets a fresh eid.
    std::vector<std::uint32_t> tag_of_event(doc.events.size());
    std::vector<std::string> eiid_of_event(doc.events.size());
    for (std::size_t i = 0; i < doc.events.size(); ++i) {
        const Event& e = doc.events[i];
        if (const auto owner = ids.find(IdKind::eid, e.eid); owner != IdTable::npos && tags[owner].span == e.span) {
            tag_of_event[i] = owner;
            continue;
        }
        tag_of_event[i] = static_cast<std::uint32_t>(tags.size());
        tags.push_back(Tag{e.span, false, i, {}, false});
        if (ids.claim(IdKind::eid, e.eid, static_cast<std::uint32_t>(tags.size() - 1))) tags.back().id = e.eid;
    }
    for (auto& tag : tags)
        if (!tag.timex && tag.id.empty()) tag.id = ids.fresh(IdKind::eid);
    for (std::size_t i = 0; i < doc.events.size(); ++i)
        if (ids.claim(IdKind::eiid, doc.events[i].eiid, static_cast<std::uint32_t>(i))) eiid_of_event[i] = doc.events[i].eiid;
    for (std::size_t i = 0; i < doc.events.size(); ++i)
        if (eiid_of_event[i].empty()) eiid_of_event[i] = ids.fresh(IdKind::eiid);
    // The tids, eids and eiids as written, made XML characters here once: each is written once
    // or more (an eiid also by every TLINK naming it), then as it is.
    {
        std::string scratch;
        auto clean = [&](std::string& id) {
            const std::string_view v = export_detail::xml_chars_fast(id, scratch);
            if (v.data() != id.data()) id.assign(v);
        };
        for (Tag& tag : tags) clean(tag.id);
        for (std::string& id : eiid_of_event) clean(id);
    }

    // --- spans: keep those that nest properly; drop one that crosses a kept tag --------------
    std::vector<std::size_t> order(tags.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const Tag& x = tags[a];
        const Tag& y = tags[b];
        if (x.span.begin != y.span.begin) return x.span.begin < y.span.begin;
        if (x.span.end != y.span.end) return x.span.end > y.span.end;  // outer first
        if (x.timex != y.timex) return x.timex;                          // TIMEX3 outside EVENT
        return a < b;
    });
    std::vector<std::size_t> kept;
    kept.reserve(order.size());
    {
        std::vector<std::size_t> open;
        for (const std::size_t i : order) {
            Tag& tag = tags[i];
            if (!span_is_usable(text, tag.span)) continue;
            while (!open.empty() && tags[open.back()].span.end <= tag.span.begin) open.pop_back();
            // Crossing an open tag breaks the XML; a TIMEX3 in a TIMEX3 (or EVENT in EVENT) is
            // not TimeML and confuses the evaluation toolkit.
            const bool crosses = !open.empty() && tag.span.end > tags[open.back()].span.end;
            const bool same_kind_inside =
                std::any_of(open.begin(), open.end(), [&](std::size_t o) { return tags[o].timex == tag.timex; });
            if (crosses || same_kind_inside) continue;
            tag.kept = true;
            open.push_back(i);
            kept.push_back(i);
        }
    }

    // --- header -------------------------------------------------------------------------------
    XmlBuilder b;
    pugi::xml_document xml;
    const Prototypes proto(b.load_prototypes(xml, prototype_text()));
    const Vocabulary& vocab = proto.vocabulary;
    ElementCache event_elements(kEventClasses.size());
    ElementCache instance_elements(kTenses.size() * kAspects.size() * kPolarities.size() * kPartsOfSpeech.size());
    ElementCache link_elements(kRelTypes.size() * 4);
    {
        pugi::xml_node decl = xml.append_child(pugi::node_declaration);
        XmlBuilder::plain_attr(decl, "version", "1.0");
        XmlBuilder::trusted_text(xml, "\n");
    }
    pugi::xml_node root = XmlBuilder::element(xml, "TimeML");
    XmlBuilder::trusted_text(xml, "\n");
    XmlBuilder::plain_attr(root, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
    XmlBuilder::plain_attr(root, "xsi:noNamespaceSchemaLocation", "http://timeml.org/timeMLdocs/TimeML_1.2.1.xsd");
    XmlBuilder::trusted_text(root, "\n\n");
    b.text(XmlBuilder::element(root, "DOCID"), doc_id(doc.name));
    XmlBuilder::trusted_text(root, "\n\n");
    const std::string dct = export_detail::dct_value(doc);
    if (!dct.empty()) {
        pugi::xml_node timex = XmlBuilder::element(XmlBuilder::element(root, "DCT"), "TIMEX3");
        XmlBuilder::plain_attr(timex, "tid", "t0");
        XmlBuilder::plain_attr(timex, "type", "DATE");
        b.attr(timex, "value", dct);
        XmlBuilder::plain_attr(timex, "temporalFunction", "false");
        XmlBuilder::plain_attr(timex, "functionInDocument", "CREATION_TIME");
        b.text(timex, dct);
        XmlBuilder::trusted_text(root, "\n\n");
    }
    if (!doc.title.empty()) {
        b.text(XmlBuilder::element(root, "TITLE"), doc.title);
        XmlBuilder::trusted_text(root, "\n\n");
    }

    // --- <TEXT>: the text between tags as character data, the tags as elements ------------------
    // A document tid -> the id written for it, when that time is in the output.
    auto written_tid = [&](std::string_view id, IdNumber parsed) -> std::optional<std::string_view> {
        const std::uint32_t owner = ids.find(IdKind::tid, id, parsed);
        if (owner == kDct) return dct.empty() ? std::nullopt : std::optional<std::string_view>("t0");
        if (owner == IdTable::npos || !tags[owner].kept) return std::nullopt;
        return std::string_view(tags[owner].id);
    };
    // The text is cleaned once, in the rare case it needs it (a checked text keeps its length).
    std::string clean_text;
    std::string_view body = text;
    bool clean_pieces = false;
    if (export_detail::xml_needs_cleaning(text)) {
        body = export_detail::xml_chars(text, clean_text);
        // Malformed UTF-8 changes the length: then every piece is cleaned on its own.
        if (body.size() != text.size()) {
            body = text;
            clean_pieces = true;
        }
    }
    auto put_text = [&](pugi::xml_node parent, std::size_t from, std::size_t to) {
        if (from >= to) return;
        if (clean_pieces) b.text(parent, body.substr(from, to - from));
        else XmlBuilder::trusted_text(parent, body.substr(from, to - from));
    };
    const pugi::xml_node text_node = XmlBuilder::element(root, "TEXT");
    std::size_t pos = 0;
    std::vector<std::pair<std::size_t, pugi::xml_node>> open;  // tag, its element
    auto parent = [&] { return open.empty() ? text_node : open.back().second; };
    auto close_until = [&](std::size_t limit) {
        while (!open.empty() && tags[open.back().first].span.end <= limit) {
            const Tag& t = tags[open.back().first];
            put_text(open.back().second, pos, t.span.end);
            pos = t.span.end;
            open.pop_back();
        }
    };
    for (const std::size_t i : kept) {
        const Tag& tag = tags[i];
        close_until(tag.span.begin);
        put_text(parent(), pos, tag.span.begin);
        pos = tag.span.begin;
        pugi::xml_node element;
        if (tag.timex) {
            const Timex& t = doc.timexes[tag.index];
            element = XmlBuilder::element(parent(), proto.timex3);
            XmlBuilder::trusted_attr(element, proto.tid, tag.id);
            if (const std::size_t k = vocab.timex_type.find(t.type); k != vocab.timex_type.npos)
                XmlBuilder::fixed_attr(element, vocab.timex_type[k]);
            else
                b.attr(element, proto.type, t.type);
            b.attr(element, proto.value, t.value);
            if (!t.mod.empty()) b.attr(element, proto.mod, t.mod);
            XmlBuilder::fixed_attr(element, t.temporal_function ? proto.temporal_true : proto.temporal_false);
            XmlBuilder::fixed_attr(element, proto.function_none);
            if (!t.anchor_tid.empty()) {
                // Name the anchor only when it is in the output.
                if (const auto anchor = written_tid(t.anchor_tid, parse_id(t.anchor_tid))) XmlBuilder::trusted_attr(element, proto.anchor, *anchor);
            }
            if (!t.quant.empty()) b.attr(element, proto.quant, t.quant);
            if (!t.freq.empty()) b.attr(element, proto.freq, t.freq);
            ++stats.timexes_written;
        } else {
            const Event& e = doc.events[tag.index];
            // TimeML requires a class; OCCURRENCE is its most frequent one.
            const std::string_view event_class =
                e.event_class.empty() ? std::string_view("OCCURRENCE") : std::string_view(e.event_class);
            if (const std::size_t k = vocab.event_class.find(event_class); k != vocab.event_class.npos) {
                const pugi::xml_node model = event_elements.get(k, [&] {
                    const pugi::xml_node m = XmlBuilder::element(proto.root, proto.event);
                    XmlBuilder::fixed_attr(m, proto.eid);  // its value set in each copy
                    XmlBuilder::fixed_attr(m, vocab.event_class[k]);
                    return m;
                });
                element = parent().append_copy(model);
                XmlBuilder::trusted_set(element.first_attribute(), tag.id);
            } else {
                element = XmlBuilder::element(parent(), proto.event);
                XmlBuilder::trusted_attr(element, proto.eid, tag.id);
                b.attr(element, proto.event_class, event_class);
            }
        }
        open.emplace_back(i, element);
    }
    close_until(text.size());
    put_text(text_node, pos, text.size());
    if (!text_node.first_child()) XmlBuilder::trusted_text(text_node, "");  // <TEXT></TEXT>, as with a text
    XmlBuilder::trusted_text(root, "\n\n");
    for (const Tag& tag : tags)
        if (tag.timex && !tag.kept) ++stats.dropped_timexes;

    // --- MAKEINSTANCE, one per event instance --------------------------------------------------
    for (std::size_t i = 0; i < doc.events.size(); ++i) {
        const Event& e = doc.events[i];
        const Tag& tag = tags[tag_of_event[i]];
        if (!tag.kept) {
            ++stats.dropped_events;
            continue;
        }
        const std::string_view tense = e.tense.empty() ? std::string_view("NONE") : std::string_view(e.tense);
        const std::string_view aspect = e.aspect.empty() ? std::string_view("NONE") : std::string_view(e.aspect);
        const std::string_view polarity = e.polarity.empty() ? std::string_view("POS") : std::string_view(e.polarity);
        const std::string_view pos = e.pos.empty() ? std::string_view("UNKNOWN") : std::string_view(e.pos);
        const std::size_t kt = vocab.tense.find(tense);
        const std::size_t ka = vocab.aspect.find(aspect);
        const std::size_t kp = vocab.polarity.find(polarity);
        const std::size_t ks = vocab.pos.find(pos);
        pugi::xml_node instance;
        if (kt != vocab.tense.npos && ka != vocab.aspect.npos && kp != vocab.polarity.npos && ks != vocab.pos.npos) {
            const std::size_t key = ((kt * kAspects.size() + ka) * kPolarities.size() + kp) * kPartsOfSpeech.size() + ks;
            const pugi::xml_node model = instance_elements.get(key, [&] {
                const pugi::xml_node m = XmlBuilder::element(proto.root, proto.instance);
                XmlBuilder::fixed_attr(m, proto.event_id);  // the ids set in each copy
                XmlBuilder::fixed_attr(m, proto.eiid);
                XmlBuilder::fixed_attr(m, vocab.tense[kt]);
                XmlBuilder::fixed_attr(m, vocab.aspect[ka]);
                XmlBuilder::fixed_attr(m, vocab.polarity[kp]);
                XmlBuilder::fixed_attr(m, vocab.pos[ks]);
                return m;
            });
            instance = root.append_copy(model);
            const pugi::xml_attribute event_id = instance.first_attribute();
            XmlBuilder::trusted_set(event_id, tag.id);
            XmlBuilder::trusted_set(event_id.next_attribute(), eiid_of_event[i]);
        } else {
            instance = XmlBuilder::element(root, proto.instance);
            XmlBuilder::trusted_attr(instance, proto.event_id, tag.id);
            XmlBuilder::trusted_attr(instance, proto.eiid, eiid_of_event[i]);
            b.attr(instance, proto.tense, tense);
            b.attr(instance, proto.aspect, aspect);
            b.attr(instance, proto.polarity, polarity);
            b.attr(instance, proto.pos, pos);
        }
        if (!e.modality.empty()) b.attr(instance, proto.modality, e.modality);
        XmlBuilder::trusted_text(root, "\n");
        ++stats.events_written;
    }
    if (stats.events_written != 0) XmlBuilder::trusted_text(root, "\n");

    // --- TLINK -----------------------------------------------------------------------------------
    struct End {
        std::string_view id;
        bool event = false;
    };
    auto resolve = [&](std::string_view id) -> std::optional<End> {
        const IdNumber parsed = parse_id(id);  // once for both kinds it may be
        if (const std::uint32_t i = ids.find(IdKind::eiid, id, parsed); i != IdTable::npos)
            return tags[tag_of_event[i]].kept ? std::optional<End>(End{eiid_of_event[i], true}) : std::nullopt;
        if (const auto tid = written_tid(id, parsed)) return End{*tid, false};
        return std::nullopt;
    };
    // Links keep their lid when it is theirs alone; the others get fresh ones.
    std::vector<bool> own_lid(doc.links.size());
    for (std::size_t i = 0; i < doc.links.size(); ++i) own_lid[i] = ids.claim(IdKind::lid, doc.links[i].lid, static_cast<std::uint32_t>(i));
    std::string fresh_lid;
    for (std::size_t i = 0; i < doc.links.size(); ++i) {
        const TLink& l = doc.links[i];
        const auto from = resolve(l.from);
        const auto to = resolve(l.to);
        if (!from || !to || l.rel_type.empty()) {
            ++stats.dropped_links;
            continue;
        }
        if (!own_lid[i]) fresh_lid = ids.fresh(IdKind::lid);
        const std::string_view lid = own_lid[i] ? std::string_view(l.lid) : std::string_view(fresh_lid);
        pugi::xml_node link;
        const pugi::xml_attribute from_name = from->event ? proto.event_instance : proto.time_id;
        const pugi::xml_attribute to_name = to->event ? proto.related_event : proto.related_time;
        if (const std::size_t k = vocab.rel_type.find(l.rel_type); k != vocab.rel_type.npos) {
            // One model per relType and kinds of the two ends.
            const std::size_t key = (k * 2 + (from->event ? 1 : 0)) * 2 + (to->event ? 1 : 0);
            const pugi::xml_node model = link_elements.get(key, [&] {
                const pugi::xml_node m = XmlBuilder::element(proto.root, proto.tlink);
                XmlBuilder::fixed_attr(m, proto.lid);  // the ids set in each copy
                XmlBuilder::fixed_attr(m, vocab.rel_type[k]);
                XmlBuilder::fixed_attr(m, from_name);
                XmlBuilder::fixed_attr(m, to_name);
                return m;
            });
            link = root.append_copy(model);
            const pugi::xml_attribute lid_attribute = link.first_attribute();
            b.set(lid_attribute, lid);
            const pugi::xml_attribute from_attribute = lid_attribute.next_attribute().next_attribute();
            XmlBuilder::trusted_set(from_attribute, from->id);
            XmlBuilder::trusted_set(from_attribute.next_attribute(), to->id);
        } else {
            link = XmlBuilder::element(root, proto.tlink);
            b.attr(link, proto.lid, lid);
            b.attr(link, proto.rel_type, l.rel_type);
            XmlBuilder::trusted_attr(link, from_name, from->id);
            XmlBuilder::trusted_attr(link, to_name, to->id);
        }
        XmlBuilder::trusted_text(root, "\n");
        ++stats.links_written;
    }
    if (stats.links_written != 0) XmlBuilder::trusted_text(root, "\n");
    out.reserve(out.size() + text.size() + 160 * (doc.timexes.size() + doc.events.size()) + 110 * doc.links.size() + 1024);
    export_detail::save_xml(xml, out, b.prototypes());
    return stats;
}

}  // namespace

TimemlStats append_timeml(const Document& doc, std::string& out, const ExportOptions&) {
    return timeml_at(doc, out, out.size());
}

TimemlStats assign_timeml(const Document& doc, std::string& out, const ExportOptions&) {
    return timeml_at(doc, out, 0);
}

TimemlStats write_timeml_counted(const Document& doc, std::ostream& out, const ExportOptions& options) {
    std::string buf;
    const TimemlStats stats = append_timeml(doc, buf, options);
    out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
    return stats;
}

void write_timeml(const Document& doc, std::ostream& out, const ExportOptions& options) {
    (void)write_timeml_counted(doc, out, options);
}

}  // namespace chronoline
