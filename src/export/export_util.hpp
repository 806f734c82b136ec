// Helpers shared by the exporters: escaping for each output language, snippets, labels and
// character offsets. Everything appends to a std::string: the exporters build their output in
// one buffer and hand it to the stream in large writes.
#pragma once
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

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

// Bytes the XML escapers must look at; everything else is copied in runs. Non-ASCII is checked
// so that the output is always well-formed UTF-8 (a stage's string could hold a broken one).
constexpr std::array<bool, 256> xml_special(bool attribute) {
    std::array<bool, 256> table{};
    for (int c = 0; c < 0x20; ++c) table[c] = true;
    for (int c = 0x80; c < 0x100; ++c) table[c] = true;
    table['\n'] = attribute;
    table['\t'] = attribute;
    table['&'] = table['<'] = table['>'] = true;
    table['"'] = attribute;
    return table;
}

// Whether any of the 16 bytes at `p` is one xml_special(Attribute) marks: the same test as the
// table's, sixteen bytes at a time in GCC's portable vector types (SIMD where the target has it).
template <bool Attribute>
inline bool any_xml_special16(const unsigned char* p) {
    using Bytes = unsigned char __attribute__((vector_size(16)));
    Bytes c;
    std::memcpy(&c, p, 16);
    // Below 0x20 but TAB and LF (which only attributes escape), 0x80 and above, & < >.
    auto special = ((c < 0x20) & (c != '\n') & (c != '\t')) | (c >= 0x80) | (c == '&') | (c == '<') | (c == '>');
    if constexpr (Attribute) special |= (c == '"') | (c == '\n') | (c == '\t');
    std::uint64_t halves[2];
    std::memcpy(halves, &special, 16);
    return (halves[0] | halves[1]) != 0;
}

// append_xml_text (Attribute = false) and append_xml_attr (true) into any sink with
// append(const char*, std::size_t) and push_back(char): a std::string or an Appender.
template <bool Attribute, class Sink>
void append_xml(Sink& out, std::string_view s) {
    static constexpr std::array<bool, 256> special = xml_special(Attribute);
    const char* p = s.data();
    const auto* u = reinterpret_cast<const unsigned char*>(p);
    const std::size_t n = s.size();
    std::size_t run = 0;
    auto put = [&](std::string_view v) { out.append(v.data(), v.size()); };
    std::size_t i = 0;
    while (i < n) {
        // Runs of ordinary text (nearly all of an article) are passed over sixteen bytes at a
        // time; a block with something to look at goes byte by byte.
        if (i + 16 <= n && !any_xml_special16<Attribute>(u + i)) {
            i += 16;
            continue;
        }
        const std::size_t block_end = std::min(n, i + 16);
        while (i < block_end) {
            const unsigned char c = u[i];
            if (!special[c]) {
                ++i;
                continue;
            }
            if (c >= 0x80) {
                const std::size_t len = utf8_length(u + i, n - i);
                // U+FFFE and U+FFFF are not XML characters.
                const bool nonchar = len == 3 && c == 0xEF && u[i + 1] == 0xBF && (u[i + 2] == 0xBE || u[i + 2] == 0xBF);
                if (len != 0 && !nonchar) {
                    i += len;  // a sequence may end past the block: the next block starts after it
                    continue;
                }
                out.append(p + run, i - run);
                put(kReplacement);
                i += nonchar ? 3 : 1;
                run = i;
                continue;
            }
            out.append(p + run, i - run);
            switch (c) {
                case '&': put("&amp;"); break;
                case '<': put("&lt;"); break;
                case '>': put("&gt;"); break;
                case '"': put("&quot;"); break;
                case '\r': put("&#13;"); break;
                case '\n': put("&#10;"); break;
                case '\t': put("&#9;"); break;
                default: out.push_back(' '); break;  // a control character XML 1.0 cannot represent
            }
            ++i;
            run = i;
        }
    }
    out.append(p + run, n - run);
}

// Whether `s` goes into an XML attribute value as it is (no byte append_xml<true> would change).
inline bool xml_attr_plain(std::string_view s) {
    static constexpr std::array<bool, 256> special = xml_special(true);
    for (const char c : s)
        if (special[static_cast<unsigned char>(c)]) return false;
    return true;
}

// Appends to a std::string through a cursor of its own, with the room made in large steps:
// an export of hundreds of thousands of short pieces spends most of its time in
// std::string::append (a library call per piece) otherwise. The string holds unspecified bytes
// past the cursor until finish() (or the destructor) cuts it there.
class Appender {
public:
    explicit Appender(std::string& out) : out_(out), size_(out.size()) {}
    // Writes from byte `at` of `out` on: what it holds past `at` is room, overwritten (a batch
    // reusing one string so does not fill it with zeros before every document).
    Appender(std::string& out, std::size_t at) : out_(out), size_(std::min(at, out.size())) {}
    Appender(const Appender&) = delete;
    Appender& operator=(const Appender&) = delete;
    ~Appender() { finish(); }

    void append(const char* p, std::size_t n) {
        if (n == 0) return;
        std::memcpy(room(n), p, n);
        size_ += n;
    }
    void push_back(char c) {
        *room(1) = c;
        ++size_;
    }
    Appender& operator+=(std::string_view v) {
        append(v.data(), v.size());
        return *this;
    }
    // A literal: its length is known here, so the copy is a few moves, not a call.
    template <std::size_t N>
    Appender& operator+=(const char (&literal)[N]) {
        std::memcpy(room(N - 1), literal, N - 1);
        size_ += N - 1;
        return *this;
    }
    Appender& operator+=(char c) {
        push_back(c);
        return *this;
    }
    void finish() { out_.resize(size_); }
    // Room for about `n` more bytes made at once, from an estimate of what is coming: growing
    // by doublings would fill the new room with zeros several times over.
    void expect(std::size_t n) {
        if (size_ + n > out_.size()) out_.resize(size_ + n);
    }

    // Room for `n` bytes written through the returned pointer, then advance(k) for the k <= n
    // written: a piece copied through a local pointer, not through members that every char store
    // may alias.
    [[nodiscard]] char* raw(std::size_t n) { return room(n); }
    void advance(std::size_t n) { size_ += n; }

private:
    char* room(std::size_t n) {
        if (size_ + n > out_.size()) [[unlikely]]
            grow(n);
        return out_.data() + size_;
    }
    void grow(std::size_t n) { out_.resize(std::max(2 * out_.size(), size_ + n + 4096)); }
    std::string& out_;
    std::size_t size_;
};

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
