// Helpers shared by the exporters: escaping for each output language (XML through pugixml),
// snippets, labels and character offsets. Everything appends to a std::string: the exporters build
// their output in one buffer and hand it to the stream in large writes.
#pragma once
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "chronoline/document.hpp"
#include "chronoline/timeline.hpp"

namespace chronoline::export_detail {

// The length of the well-formed UTF-8 sequence at p[0..n) (RFC 3629: no overlongs, no
// surrogates, nothing above U+10FFFF), or 0 when it is not one.
inline std::size_t utf8_length(const unsigned char* p, std::size_t n) {
    const unsigned char c = p[0];
    if (c < 0x80) return 1;
    auto cont = [&](std::size_t i, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
        return i < n && p[i] >= lo && p[i] <= hi;
    };
    if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
    if (c == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;
    if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return cont(1) && cont(2) ? 3 : 0;
    if (c == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
    if (c == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
    if (c >= 0xF1 && c <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
    if (c == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
    return 0;
}

inline constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// --- XML: the writers build a pugixml DOM and serialize it with pugixml's escaping (& < > and,
// in attributes, " TAB LF CR as references). What pugixml cannot do for us is below: strings are
// first made XML 1.0 characters, and a CR in character data is written as &#13; (a reader would
// otherwise normalize it away, and the TimeML <TEXT> must decode to the input text byte for byte).

// Whether the 16 bytes at `p` hold a byte xml_chars() must look at: a C0 control but TAB, LF and
// CR, or a byte of 0x80 and above (checked to be well-formed UTF-8). GCC's portable vector types:
// SIMD where the target has it.
inline bool any_xml_suspect16(const unsigned char* p) {
    using Bytes = unsigned char __attribute__((vector_size(16)));
    Bytes c;
    std::memcpy(&c, p, 16);
    auto suspect = ((c < 0x20) & (c != '\n') & (c != '\t') & (c != '\r')) | (c >= 0x80);
    std::uint64_t halves[2];
    std::memcpy(halves, &suspect, 16);
    return (halves[0] | halves[1]) != 0;
}

// Whether `s` holds anything XML 1.0 cannot carry: a C0 control other than TAB, LF and CR (NUL
// included: pugixml's strings end there), U+FFFE/U+FFFF, or malformed UTF-8.
bool xml_needs_cleaning(std::string_view s);
// `s` as XML 1.0 characters: a control XML cannot carry becomes a space and U+FFFE/U+FFFF become
// U+FFFD, both keeping the byte length and the character count; a malformed UTF-8 sequence (never
// in a checked document text) becomes U+FFFD. `s` itself when it needs nothing (the usual case),
// else the cleaned copy, made in `scratch`.
std::string_view xml_chars(std::string_view s, std::string& scratch);

// A pugixml writer appending to a std::string, with each CR byte written as "&#13;". pugixml
// writes CR in character data as it is (in attributes it already writes &#13;), and the markup
// our writers add holds none, so every CR that reaches it is text to keep.
class XmlStringWriter final : public pugi::xml_writer {
public:
    explicit XmlStringWriter(std::string& out) : out_(out) {}
    void write(const void* data, std::size_t size) override;

private:
    std::string& out_;
};

// `doc` serialized as it is built (format_raw: no white space added, so the layout is the
// text nodes the writer put in), UTF-8, no BOM, appended to `out`.
void save_xml(const pugi::xml_document& doc, std::string& out);

// Builds elements, attributes and text with one scratch string for cleaning, and with the value
// copied straight from a string_view (no NUL-terminated temporary).
class XmlBuilder {
public:
    // An element `name` (a literal) appended to `parent`.
    static pugi::xml_node element(pugi::xml_node parent, const char* name) { return parent.append_child(name); }
    // Appends ` name="value"` (the name a literal).
    void attr(pugi::xml_node node, const char* name, std::string_view value) {
        const std::string_view v = xml_chars(value, scratch_);
        node.append_attribute(name).set_value(v.data(), v.size());
    }
    // An attribute value known to hold only XML characters (a literal, a number).
    static void plain_attr(pugi::xml_node node, const char* name, std::string_view value) {
        node.append_attribute(name).set_value(value.data(), value.size());
    }
    // Character data appended to `parent`.
    void text(pugi::xml_node parent, std::string_view value) {
        const std::string_view v = xml_chars(value, scratch_);
        parent.append_child(pugi::node_pcdata).set_value(v.data(), v.size());
    }
    // Character data known to hold only XML characters: layout white space, an already cleaned text.
    static void trusted_text(pugi::xml_node parent, std::string_view value) {
        parent.append_child(pugi::node_pcdata).set_value(value.data(), value.size());
    }

private:
    std::string scratch_;
};

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
