// Helpers shared by the exporters: escaping for each output language, snippets, labels and
// character offsets. Everything appends to a std::string: the exporters build their output in
// one buffer and hand it to the stream in large writes.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "chronoline/document.hpp"
#include "chronoline/timeline.hpp"

namespace chronoline::export_detail {

// XML character data. Escapes & < > and CR (as &#13;, so a reader gets the CR back instead of
// normalizing it away); a C0 control XML 1.0 cannot carry becomes a space and U+FFFE/U+FFFF
// become U+FFFD, both keeping the byte length and the character count of the text. A malformed
// UTF-8 sequence (never in a checked document text) becomes U+FFFD too.
void append_xml_text(std::string& out, std::string_view s);
// An XML attribute value (between double quotes): as above, plus " and TAB/LF as references.
void append_xml_attr(std::string& out, std::string_view s);
// Appends ` name="value"` with the value escaped for an attribute.
void attr(std::string& out, std::string_view name, std::string_view value);
// The inside of a JSON string: " \ and control characters escaped, U+2028/U+2029 as \u escapes
// (so the JSON is also valid JavaScript), other non-ASCII kept as UTF-8 (malformed: \ufffd).
void append_json_string(std::string& out, std::string_view s);
// A quoted JSON string.
void append_json_quoted(std::string& out, std::string_view s);
// The inside of a DOT double-quoted string: " and \ escaped, a line break as \n, other control
// characters as spaces, non-ASCII kept as UTF-8.
void append_dot_string(std::string& out, std::string_view s);
// HTML text (TimelineJS renders its text fields as HTML): & < > " escaped.
void append_html(std::string& out, std::string_view s);
// A double in the shortest form that reads back the same ("0.9", "1"); "0" for NaN/inf.
void append_number(std::string& out, double v);

// `s` on one line: every run of white space or control characters turned into one space,
// trimmed; a malformed UTF-8 sequence becomes U+FFFD.
std::string collapse_space(std::string_view s);
// At most `max_bytes` bytes of `s`, cut at a character boundary, with "…" when cut.
std::string truncate_utf8(std::string s, std::size_t max_bytes);

// The surface text of a span (empty when the span is not inside the text).
std::string_view span_text(const Document& doc, const Span& span);
// The sentence an event is in, white space collapsed, at most 300 bytes: from
// doc.analysis.sentences when the index is valid, else the line around the event.
std::string event_snippet(const Document& doc, const Event& event);
// An entry's label, or one made from its value or bounds when the label is empty.
std::string entry_label(const TimelineEntry& entry);
// "2018-07-16", "after 2018-07-16, before 2018-07-19", "after 2016", "before 2018-07-19".
std::string entry_anchor(const TimelineEntry& entry);
// The DCT as a TIMEX3 value: doc.dct_value, or the formatted doc.dct when that is empty.
std::string dct_value(const Document& doc);

// Byte offset -> Unicode code point offset in a UTF-8 text, in O(1) after a linear pass that
// keeps one count per 256-byte block.
class CharOffsets {
public:
    explicit CharOffsets(std::string_view text);
    [[nodiscard]] std::uint64_t at(std::size_t byte_offset) const;

private:
    std::string_view text_;
    std::vector<std::uint64_t> block_counts_;
};

// Appends `n` in decimal.
void append_uint(std::string& out, std::uint64_t n);
// prefix + n in decimal ("d", 3 -> "d3"): the ids of timeline entries and other positions.
std::string numbered_id(std::string_view prefix, std::uint64_t n);

}  // namespace chronoline::export_detail
