// The timeline as JSON (our own layout, the same content as the timeline XML), and as TimelineJS3
// JSON (https://timeline.knightlab.com/docs/json-format.html). Hand-written, pretty-printed with
// two-space indentation, keys in a fixed order; every key is always present (null when empty) so
// consumers need no existence checks.
#include <chrono>
#include <cstdlib>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "chronoline/export.hpp"
#include "export/export_util.hpp"

namespace chronoline {
namespace {

using export_detail::append_json_quoted;
using export_detail::CharOffsets;
using export_detail::span_text;

// A small streaming writer: tracks nesting so that commas, line breaks and indentation come out
// right; an empty container is written as [] or {}.
class JsonWriter {
public:
    explicit JsonWriter(std::string& out) : out_(out) {}

    void begin_object() { open('{'); }
    void end_object() { close('}'); }
    void begin_array() { open('['); }
    void end_array() { close(']'); }
    void key(std::string_view k) {
        separate();
        append_json_quoted(out_, k);
        out_ += ": ";
        after_key_ = true;
    }
    void string(std::string_view s) {
        separate();
        append_json_quoted(out_, s);
    }
    void string_or_null(std::string_view s) {
        if (s.empty()) null();
        else string(s);
    }
    void null() {
        separate();
        out_ += "null";
    }
    void uint(std::uint64_t n) {
        separate();
        export_detail::append_uint(out_, n);
    }
    void number(double v) {
        separate();
        export_detail::append_number(out_, v);
    }
    // Shorthands for members.
    void member(std::string_view k, std::string_view v) { key(k); string(v); }
    void member_or_null(std::string_view k, std::string_view v) { key(k); string_or_null(v); }
    void member(std::string_view k, std::uint64_t v) { key(k); uint(v); }

private:
    void separate() {
        if (after_key_) {
            after_key_ = false;
            return;
        }
        if (!counts_.empty()) {
            if (counts_.back()++ != 0) out_ += ',';
            newline(counts_.size());
        }
    }
    void open(char c) {
        separate();
        out_ += c;
        counts_.push_back(0);
    }
    void close(char c) {
        const bool had_members = counts_.back() != 0;
        counts_.pop_back();
        if (had_members) newline(counts_.size());
        out_ += c;
        if (counts_.empty()) out_ += '\n';
    }
    void newline(std::size_t depth) {
        out_ += '\n';
        out_.append(depth * 2, ' ');
    }
    std::string& out_;
    std::vector<std::size_t> counts_;
    bool after_key_ = false;
};

void time_object(JsonWriter& w, const Document& doc, const Timex& t, const CharOffsets& chars, bool explain) {
    w.begin_object();
    w.member("tid", t.tid);
    w.member("type", t.type);
    w.member("value", t.value);
    w.member_or_null("mod", t.mod);
    w.member_or_null("quant", t.quant);
    w.member_or_null("freq", t.freq);
    w.member("text", span_text(doc, t.span));
    w.member("begin", chars.at(t.span.begin));
    w.member("end", chars.at(t.span.end));
    if (explain) {
        w.member_or_null("anchor", t.anchor_tid);
        w.member("rule", t.rule);
        w.member("explanation", t.explanation);
    }
    w.end_object();
}

void event_object(JsonWriter& w, const Document& doc, const Event& e, const CharOffsets& chars) {
    w.begin_object();
    w.member("eid", e.eid);
    w.member("eiid", e.eiid);
    w.member("text", span_text(doc, e.span));
    w.member("class", e.event_class);
    w.member("tense", e.tense);
    w.member("aspect", e.aspect);
    w.member("polarity", e.polarity);
    w.member_or_null("modality", e.modality);
    w.member("pos", e.pos);
    w.member("sentence", e.sentence);
    w.member("begin", chars.at(e.span.begin));
    w.member("end", chars.at(e.span.end));
    w.member("snippet", export_detail::event_snippet(doc, e));
    w.end_object();
}

void link_object(JsonWriter& w, const TLink& l, const std::string* reason) {
    w.begin_object();
    w.member_or_null("lid", l.lid);
    w.member("from", l.from);
    w.member("to", l.to);
    w.member("relType", l.rel_type);
    w.member_or_null("rule", l.rule);
    w.key("confidence");
    w.number(l.confidence);
    if (reason) w.member("reason", *reason);
    w.end_object();
}

// ---- TimelineJS -------------------------------------------------------------------------------

// A TimelineJS date object's fields (0 = absent).
struct JsDate {
    int year = 0;
    unsigned month = 0, day = 0, hour = 0, minute = 0;
    bool has_time = false;
};
struct JsRange {
    JsDate start;
    std::optional<JsDate> end;
};

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
    if (pos + n > s.size()) return false;
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    out = v;
    return true;
}

JsDate from_ymd(std::chrono::year_month_day d) {
    return JsDate{static_cast<int>(d.year()), static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()), 0, 0, false};
}

// The time a TIMEX3 value names, as a TimelineJS start (and end, for a span longer than the
// value's own precision: weeks, seasons, quarters, halves, decades, centuries). Nothing for
// values that name no placeable time (durations, sets, XXXX-…, PAST_REF/FUTURE_REF).
std::optional<JsRange> parse_value(std::string_view v, std::string_view dct) {
    if (v == "PRESENT_REF") v = dct;
    int year = 0;
    if (digits(v, 0, 4, year) && (v.size() == 4 || v[4] == '-')) {
        if (v.size() == 4) return JsRange{JsDate{year}, std::nullopt};
        const std::string_view rest = v.substr(5);
        int month = 0, day = 0;
        if (digits(rest, 0, 2, month) && (rest.size() == 2 || rest[2] == '-') && month >= 1 && month <= 12) {
            if (rest.size() == 2) return JsRange{JsDate{year, static_cast<unsigned>(month)}, std::nullopt};
            if (!digits(rest, 3, 2, day)) return std::nullopt;
            const std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                                                  std::chrono::day{static_cast<unsigned>(day)}};
            if (!ymd.ok() || (rest.size() > 5 && rest[5] != 'T')) return std::nullopt;
            JsDate d = from_ymd(ymd);
            int hour = 0, minute = 0;
            if (rest.size() >= 11 && digits(rest, 6, 2, hour) && rest[8] == ':' && digits(rest, 9, 2, minute) && hour < 24 &&
                minute < 60) {
                d.hour = static_cast<unsigned>(hour);
                d.minute = static_cast<unsigned>(minute);
                d.has_time = true;
            }
            return JsRange{d, std::nullopt};
        }
        if (rest.size() >= 2 && rest[0] == 'W' && digits(rest, 1, 2, day) && day >= 1 && day <= 53) {
            // ISO week: week 1 holds January 4th; weeks start on Monday.
            using namespace std::chrono;
            const sys_days jan4{year_month_day{std::chrono::year{year}, January, std::chrono::day{4}}};
            const sys_days monday = jan4 - (weekday{jan4} - Monday) + days{7 * (day - 1)};
            if (rest.size() == 3) return JsRange{from_ymd(year_month_day{monday}), from_ymd(year_month_day{monday + days{6}})};
            if (rest.substr(3) == "-WE")
                return JsRange{from_ymd(year_month_day{monday + days{5}}), from_ymd(year_month_day{monday + days{6}})};
            return std::nullopt;
        }
        auto months = [&](unsigned first, unsigned last) {
            JsDate end{year, last};
            if (last > 12) end = JsDate{year + 1, last - 12};
            return JsRange{JsDate{year, first}, end};
        };
        if (rest == "SP") return months(3, 5);
        if (rest == "SU") return months(6, 8);
        if (rest == "FA") return months(9, 11);
        if (rest == "WI") return months(12, 14);
        if (rest.size() == 2 && rest[0] == 'Q' && rest[1] >= '1' && rest[1] <= '4') {
            const unsigned q = static_cast<unsigned>(rest[1] - '1');
            return months(3 * q + 1, 3 * q + 3);
        }
        if (rest == "H1") return months(1, 6);
        if (rest == "H2") return months(7, 12);
        return std::nullopt;
    }
    if (v.size() == 3 && digits(v, 0, 3, year)) return JsRange{JsDate{year * 10}, JsDate{year * 10 + 9}};
    if (v.size() == 2 && digits(v, 0, 2, year)) return JsRange{JsDate{year * 100}, JsDate{year * 100 + 99}};
    return std::nullopt;
}

void js_date(JsonWriter& w, const JsDate& d) {
    w.begin_object();
    w.key("year");
    w.uint(static_cast<std::uint64_t>(d.year));
    if (d.month != 0) w.member("month", d.month);
    if (d.day != 0) w.member("day", d.day);
    if (d.has_time) {
        w.member("hour", d.hour);
        w.member("minute", d.minute);
    }
    w.end_object();
}

// One paragraph per sentence: its events in bold, then the sentence.
std::string event_list_html(const Document& doc, const std::vector<std::size_t>& events) {
    std::string html;
    std::string open_snippet;
    bool open = false;
    for (const std::size_t ei : events) {
        if (ei >= doc.events.size()) continue;
        const Event& e = doc.events[ei];
        std::string snippet = export_detail::event_snippet(doc, e);
        if (open && snippet == open_snippet) {
            html += ", ";
        } else {
            if (open) {
                html += ": ";
                export_detail::append_html(html, open_snippet);
                html += "</p>";
            }
            html += "<p>";
            open = true;
            open_snippet = std::move(snippet);
        }
        html += "<b>";
        export_detail::append_html(html, export_detail::collapse_space(span_text(doc, e.span)));
        html += "</b> (";
        export_detail::append_html(html, e.eid);
        html += ')';
    }
    if (open) {
        html += ": ";
        export_detail::append_html(html, open_snippet);
        html += "</p>";
    }
    return html;
}

}  // namespace

void write_json(const Document& doc, const Timeline& timeline, std::ostream& stream, const ExportOptions& options) {
    const CharOffsets chars(doc.text);
    std::string out;
    out.reserve(4096 + doc.events.size() * 400 + doc.timexes.size() * 250);
    JsonWriter w(out);
    w.begin_object();
    w.member("format", "chronoline-timeline");
    w.member("version", 1);
    w.member("document", doc.name);
    w.member_or_null("title", doc.title);
    w.member_or_null("dct", export_detail::dct_value(doc));

    w.key("entries");
    w.begin_array();
    std::size_t number = 0;
    for (const TimelineEntry& entry : timeline.entries) {
        w.begin_object();
        w.member("id", export_detail::numbered_id("d", ++number));
        w.member("rank", entry.rank);
        w.member_or_null("value", entry.value);
        w.member_or_null("after", entry.value.empty() ? std::string_view(entry.after) : std::string_view());
        w.member_or_null("before", entry.value.empty() ? std::string_view(entry.before) : std::string_view());
        w.member_or_null("spans", entry.value.empty() ? std::string_view(entry.spans) : std::string_view());
        w.member("label", export_detail::entry_label(entry));
        w.key("times");
        w.begin_array();
        for (const std::size_t ti : entry.timexes)
            if (ti < doc.timexes.size()) time_object(w, doc, doc.timexes[ti], chars, false);
        w.end_array();
        w.key("events");
        w.begin_array();
        for (const std::size_t ei : entry.events)
            if (ei < doc.events.size()) event_object(w, doc, doc.events[ei], chars);
        w.end_array();
        w.end_object();
    }
    w.end_array();

    w.key("unordered");
    w.begin_array();
    for (const std::size_t ei : timeline.unordered)
        if (ei < doc.events.size()) event_object(w, doc, doc.events[ei], chars);
    w.end_array();

    w.key("times");
    w.begin_array();
    for (const Timex& t : doc.timexes) time_object(w, doc, t, chars, options.explain);
    w.end_array();

    w.key("links");
    w.begin_array();
    for (const TLink& l : timeline.reduced_links) link_object(w, l, nullptr);
    w.end_array();

    if (options.explain) {
        w.key("rejected");
        w.begin_array();
        for (const RejectedLink& r : timeline.rejected) link_object(w, r.link, &r.reason);
        w.end_array();
    }
    w.end_object();
    stream.write(out.data(), static_cast<std::streamsize>(out.size()));
}

void write_timelinejs(const Document& doc, const Timeline& timeline, std::ostream& stream, const ExportOptions&) {
    const std::string dct = export_detail::dct_value(doc);
    std::string out;
    out.reserve(4096 + doc.events.size() * 300);
    JsonWriter w(out);
    std::vector<std::size_t> not_placed;  // events of entries TimelineJS cannot place

    w.begin_object();
    w.key("events");
    w.begin_array();
    std::size_t number = 0;
    for (const TimelineEntry& entry : timeline.entries) {
        ++number;
        std::optional<JsRange> range;
        std::string display;
        if (!entry.value.empty()) {
            range = parse_value(entry.value, dct);
        } else {
            // Only bounds: the slide spans from the `after` bound to the `before` bound (or sits
            // on the one bound there is); display_date says which.
            auto after = entry.after.empty() ? std::nullopt : parse_value(entry.after, dct);
            auto before = entry.before.empty() ? std::nullopt : parse_value(entry.before, dct);
            auto spans = entry.spans.empty() ? std::nullopt : parse_value(entry.spans, dct);
            if (after && before) range = JsRange{after->end.value_or(after->start), before->start};
            else if (after) range = JsRange{after->end.value_or(after->start), std::nullopt};
            else if (before) range = JsRange{before->start, std::nullopt};
            else if (spans) range = spans;
            if (range) display = export_detail::entry_anchor(entry);
        }
        if (!range) {
            not_placed.insert(not_placed.end(), entry.events.begin(), entry.events.end());
            continue;
        }
        w.begin_object();
        w.key("start_date");
        js_date(w, range->start);
        if (range->end) {
            w.key("end_date");
            js_date(w, *range->end);
        }
        if (!display.empty()) w.member("display_date", display);
        w.key("text");
        w.begin_object();
        w.member("headline", export_detail::entry_label(entry));
        w.member("text", event_list_html(doc, entry.events));
        w.end_object();
        w.member("unique_id", export_detail::numbered_id("d", number));
        w.end_object();
    }
    w.end_array();

    w.key("title");
    w.begin_object();
    w.key("text");
    w.begin_object();
    w.member("headline", !doc.title.empty() ? doc.title : !doc.name.empty() ? doc.name : std::string("Timeline"));
    std::string intro = "<p>Document date: ";
    export_detail::append_html(intro, dct.empty() ? std::string("unknown") : dct);
    intro += "</p>";
    not_placed.insert(not_placed.end(), timeline.unordered.begin(), timeline.unordered.end());
    if (!not_placed.empty()) intro += "<p>Not on the timeline:</p>" + event_list_html(doc, not_placed);
    w.member("text", intro);
    w.end_object();
    w.member("unique_id", "title");
    w.end_object();
    w.end_object();
    stream.write(out.data(), static_cast<std::streamsize>(out.size()));
}

bool is_export_format(std::string_view format) {
    return format == "text" || format == "timeml" || format == "xml" || format == "dot" || format == "json" ||
           format == "timelinejs";
}

bool export_needs_timeline(std::string_view format) { return format != "timeml"; }

bool export_needs_reduced_links(std::string_view format, const ExportOptions& options) {
    if (format == "text") return options.explain;
    return format == "xml" || format == "dot" || format == "json";
}

bool write_export(std::string_view format, const Document& doc, const Timeline& timeline, std::ostream& out,
                  const ExportOptions& options) {
    if (format == "text") write_text(doc, timeline, out, options);
    else if (format == "timeml") write_timeml(doc, out, options);
    else if (format == "xml") write_timeline_xml(doc, timeline, out, options);
    else if (format == "dot") write_dot(doc, timeline, out, options);
    else if (format == "json") write_json(doc, timeline, out, options);
    else if (format == "timelinejs") write_timelinejs(doc, timeline, out, options);
    else return false;
    return true;
}

}  // namespace chronoline
