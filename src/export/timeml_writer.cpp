// TimeML 1.2.1 output in the shape of the TempEval-3 corpora (TimeBank/AQUAINT TBAQ-cleaned):
// the evaluation toolkit reads tags with regular expressions, so every TIMEX3/EVENT tag is
// written on one line with the corpus attribute order, and MAKEINSTANCE/TLINK one per line.
// This is on the batch hot path: no DOM, the tags are inserted while the text is copied into
// one buffer that goes to the stream in a single write.
#include <algorithm>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "chronoline/export.hpp"
#include "export/export_util.hpp"

namespace chronoline {
namespace {

using export_detail::append_xml_attr;
using export_detail::append_xml_text;

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

bool span_is_usable(std::string_view text, const Span& span) {
    if (span.begin >= span.end || span.end > text.size()) return false;
    if (is_continuation(static_cast<unsigned char>(text[span.begin]))) return false;
    if (span.end < text.size() && is_continuation(static_cast<unsigned char>(text[span.end]))) return false;
    return true;
}

// Fresh ids "<prefix><n>" that no entity of the document already uses.
class IdMaker {
public:
    explicit IdMaker(std::string prefix) : prefix_(std::move(prefix)) {}
    bool claim(const std::string& id) { return !id.empty() && used_.insert(id).second; }
    std::string fresh() {
        for (;;) {
            std::string id = prefix_ + std::to_string(next_++);
            if (used_.insert(id).second) return id;
        }
    }

private:
    std::string prefix_;
    std::unordered_set<std::string> used_;
    std::size_t next_ = 1;
};

struct Tag {
    Span span;
    bool timex = false;
    std::size_t index = 0;  // into doc.timexes, or into doc.events of the tag's first instance
    std::string id;         // tid or eid as written
    bool kept = false;
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

void attr(std::string& out, std::string_view name, std::string_view value) {
    out += ' ';
    out += name;
    out += "=\"";
    append_xml_attr(out, value);
    out += '"';
}

}  // namespace

TimemlStats write_timeml_counted(const Document& doc, std::ostream& out, const ExportOptions&) {
    TimemlStats stats;
    const std::string_view text = doc.text;

    // --- ids: keep the document's own, unique ones; give the others fresh ids ---------------
    IdMaker tids("t"), eids("e"), eiids("ei");
    tids.claim("t0");  // the DCT
    std::vector<Tag> tags;
    tags.reserve(doc.timexes.size() + doc.events.size());
    std::unordered_map<std::string, std::string> tid_out;  // document tid -> written tid
    for (std::size_t i = 0; i < doc.timexes.size(); ++i) {
        const Timex& t = doc.timexes[i];
        Tag tag{t.span, true, i, t.tid, false};
        if (!tids.claim(t.tid)) tag.id.clear();
        tags.push_back(std::move(tag));
    }
    for (auto& tag : tags)
        if (tag.id.empty()) tag.id = tids.fresh();
    for (const auto& tag : tags)
        if (!doc.timexes[tag.index].tid.empty() && doc.timexes[tag.index].tid != "t0")
            tid_out.emplace(doc.timexes[tag.index].tid, tag.id);

    // Several instances of one EVENT (same eid and span, as read_timeml returns them) share one
    // tag; an eid reused for a different span gets a fresh eid.
    std::vector<std::size_t> tag_of_event(doc.events.size());
    std::vector<std::string> eiid_of_event(doc.events.size());
    {
        std::unordered_map<std::string, std::size_t> tag_by_eid;
        std::vector<std::size_t> unnamed;
        for (std::size_t i = 0; i < doc.events.size(); ++i) {
            const Event& e = doc.events[i];
            if (!e.eid.empty()) {
                if (auto it = tag_by_eid.find(e.eid); it != tag_by_eid.end() && tags[it->second].span == e.span) {
                    tag_of_event[i] = it->second;
                    continue;
                }
            }
            Tag tag{e.span, false, i, e.eid, false};
            if (!eids.claim(e.eid)) tag.id.clear();
            else tag_by_eid.emplace(e.eid, tags.size());
            tag_of_event[i] = tags.size();
            tags.push_back(std::move(tag));
        }
        for (auto& tag : tags)
            if (!tag.timex && tag.id.empty()) tag.id = eids.fresh();
        for (std::size_t i = 0; i < doc.events.size(); ++i)
            if (eiids.claim(doc.events[i].eiid)) eiid_of_event[i] = doc.events[i].eiid;
        for (std::size_t i = 0; i < doc.events.size(); ++i)
            if (eiid_of_event[i].empty()) eiid_of_event[i] = eiids.fresh();
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
    std::string buf;
    buf.reserve(text.size() + 160 * (doc.timexes.size() + doc.events.size()) + 110 * doc.links.size() + 1024);
    buf += "<?xml version=\"1.0\" ?>\n"
           "<TimeML xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
           "xsi:noNamespaceSchemaLocation=\"http://timeml.org/timeMLdocs/TimeML_1.2.1.xsd\">\n\n<DOCID>";
    append_xml_text(buf, doc_id(doc.name));
    buf += "</DOCID>\n\n";
    const std::string dct = export_detail::dct_value(doc);
    if (!dct.empty()) {
        buf += "<DCT><TIMEX3 tid=\"t0\" type=\"DATE\"";
        attr(buf, "value", dct);
        buf += " temporalFunction=\"false\" functionInDocument=\"CREATION_TIME\">";
        append_xml_text(buf, dct);
        buf += "</TIMEX3></DCT>\n\n";
    }
    if (!doc.title.empty()) {
        buf += "<TITLE>";
        append_xml_text(buf, doc.title);
        buf += "</TITLE>\n\n";
    }

    // --- <TEXT>: the text, tags inserted while copying ------------------------------------------
    std::unordered_set<std::string> written_tids{"t0"};
    for (const std::size_t i : kept)
        if (tags[i].timex) written_tids.insert(tags[i].id);
    buf += "<TEXT>";
    std::size_t pos = 0;
    std::vector<std::size_t> open;
    auto close_until = [&](std::size_t limit) {
        while (!open.empty() && tags[open.back()].span.end <= limit) {
            const Tag& t = tags[open.back()];
            append_xml_text(buf, text.substr(pos, t.span.end - pos));
            pos = t.span.end;
            buf += t.timex ? "</TIMEX3>" : "</EVENT>";
            open.pop_back();
        }
    };
    for (const std::size_t i : kept) {
        const Tag& tag = tags[i];
        close_until(tag.span.begin);
        append_xml_text(buf, text.substr(pos, tag.span.begin - pos));
        pos = tag.span.begin;
        if (tag.timex) {
            const Timex& t = doc.timexes[tag.index];
            buf += "<TIMEX3";
            attr(buf, "tid", tag.id);
            attr(buf, "type", t.type);
            attr(buf, "value", t.value);
            if (!t.mod.empty()) attr(buf, "mod", t.mod);
            buf += t.temporal_function ? " temporalFunction=\"true\"" : " temporalFunction=\"false\"";
            buf += " functionInDocument=\"NONE\"";
            if (!t.anchor_tid.empty()) {
                // Name the anchor only when it is in the output.
                std::string anchor = t.anchor_tid == "t0" ? std::string("t0") : std::string();
                if (anchor.empty())
                    if (auto it = tid_out.find(t.anchor_tid); it != tid_out.end()) anchor = it->second;
                if (!anchor.empty() && written_tids.count(anchor) != 0) attr(buf, "anchorTimeID", anchor);
            }
            if (!t.quant.empty()) attr(buf, "quant", t.quant);
            if (!t.freq.empty()) attr(buf, "freq", t.freq);
            buf += '>';
            ++stats.timexes_written;
        } else {
            const Event& e = doc.events[tag.index];
            buf += "<EVENT";
            attr(buf, "eid", tag.id);
            // TimeML requires a class; OCCURRENCE is its most frequent one.
            attr(buf, "class", e.event_class.empty() ? std::string_view("OCCURRENCE") : std::string_view(e.event_class));
            buf += '>';
        }
        open.push_back(i);
    }
    close_until(text.size());
    append_xml_text(buf, text.substr(pos));
    buf += "</TEXT>\n\n";
    for (const Tag& tag : tags)
        if (tag.timex && !tag.kept) ++stats.dropped_timexes;

    // --- MAKEINSTANCE, one per event instance --------------------------------------------------
    std::unordered_map<std::string, std::string> eiid_out;  // document eiid -> written eiid
    std::unordered_set<std::string> written_eiids;
    for (std::size_t i = 0; i < doc.events.size(); ++i) {
        const Event& e = doc.events[i];
        const Tag& tag = tags[tag_of_event[i]];
        if (!tag.kept) {
            ++stats.dropped_events;
            continue;
        }
        buf += "<MAKEINSTANCE";
        attr(buf, "eventID", tag.id);
        attr(buf, "eiid", eiid_of_event[i]);
        attr(buf, "tense", e.tense.empty() ? std::string_view("NONE") : std::string_view(e.tense));
        attr(buf, "aspect", e.aspect.empty() ? std::string_view("NONE") : std::string_view(e.aspect));
        attr(buf, "polarity", e.polarity.empty() ? std::string_view("POS") : std::string_view(e.polarity));
        attr(buf, "pos", e.pos.empty() ? std::string_view("UNKNOWN") : std::string_view(e.pos));
        if (!e.modality.empty()) attr(buf, "modality", e.modality);
        buf += " />\n";
        if (!e.eiid.empty()) eiid_out.emplace(e.eiid, eiid_of_event[i]);
        written_eiids.insert(eiid_of_event[i]);
        ++stats.events_written;
    }
    if (stats.events_written != 0) buf += '\n';

    // --- TLINK -----------------------------------------------------------------------------------
    struct End {
        std::string id;
        bool event = false;
    };
    auto resolve = [&](const std::string& id) -> std::optional<End> {
        if (auto it = eiid_out.find(id); it != eiid_out.end() && written_eiids.count(it->second) != 0)
            return End{it->second, true};
        if (id == "t0") return dct.empty() ? std::nullopt : std::optional<End>(End{"t0", false});
        if (auto it = tid_out.find(id); it != tid_out.end() && written_tids.count(it->second) != 0)
            return End{it->second, false};
        return std::nullopt;
    };
    IdMaker lids("l");
    for (const TLink& l : doc.links) lids.claim(l.lid);
    std::unordered_set<std::string> written_lids;
    for (const TLink& l : doc.links) {
        const auto from = resolve(l.from);
        const auto to = resolve(l.to);
        if (!from || !to || l.rel_type.empty()) {
            ++stats.dropped_links;
            continue;
        }
        std::string lid = l.lid;
        if (lid.empty() || !written_lids.insert(lid).second) {
            lid = lids.fresh();
            written_lids.insert(lid);
        }
        buf += "<TLINK";
        attr(buf, "lid", lid);
        attr(buf, "relType", l.rel_type);
        attr(buf, from->event ? "eventInstanceID" : "timeID", from->id);
        attr(buf, to->event ? "relatedToEventInstance" : "relatedToTime", to->id);
        buf += " />\n";
        ++stats.links_written;
    }
    if (stats.links_written != 0) buf += '\n';
    buf += "</TimeML>\n";
    out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
    return stats;
}

void write_timeml(const Document& doc, std::ostream& out, const ExportOptions& options) {
    (void)write_timeml_counted(doc, out, options);
}

}  // namespace chronoline
