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
// text nodes the writer put in), UTF-8, no BOM, appended to `out`; all its top-level nodes but
// `leave_out` (an XmlBuilder's prototypes).
void save_xml(const pugi::xml_document& doc, std::string& out, pugi::xml_node leave_out = {});

// xml_chars() with the usual case inline: a short string of printable ASCII.
inline std::string_view xml_chars_fast(std::string_view s, std::string& scratch) {
    if (s.size() < 16) {
        bool plain = true;
        for (const char c : s) plain &= static_cast<unsigned char>(static_cast<unsigned char>(c) - 0x20) < 0x60;
        if (plain) return s;
    }
    return xml_chars(s, scratch);
}

// Builds elements, attributes and text with one scratch string for cleaning, the value copied
// straight from a string_view (no NUL-terminated temporary).
//
// Names and fixed strings come from prototypes: a small XML text of the writer's own, parsed in
// place into the document being built (load_prototypes), whose elements and attributes are
// copied with append_copy (a one-line text node is cheaper appended anew than copied). pugixml shares a string of an in-place parsed buffer with
// such a copy instead of measuring and copying it: a TimeML export appends millions of
// attributes, and copying the name of each was a sixth of the export's cost. The prototypes stay
// out of the output: save_xml prints the document's other top-level nodes.
class XmlBuilder {
public:
    XmlBuilder() = default;
    XmlBuilder(const XmlBuilder&) = delete;
    XmlBuilder& operator=(const XmlBuilder&) = delete;

    // Parses `prototypes` (one element) into the empty `xml`, the buffer kept here (it must live
    // as long as `xml`); returns that element.
    pugi::xml_node load_prototypes(pugi::xml_document& xml, std::string_view prototypes) {
        buffer_.assign(prototypes);
        xml.load_buffer_inplace(buffer_.data(), buffer_.size(), pugi::parse_minimal | pugi::parse_ws_pcdata,
                                pugi::encoding_utf8);
        prototypes_ = xml.first_child();
        return prototypes_;
    }
    [[nodiscard]] pugi::xml_node prototypes() const { return prototypes_; }

    // A copy of the prototype element `proto` (without its attributes' values: it has none).
    static pugi::xml_node element(pugi::xml_node parent, pugi::xml_node proto) { return parent.append_copy(proto); }
    // An element `name` (a literal) appended to `parent`.
    static pugi::xml_node element(pugi::xml_node parent, const char* name) { return parent.append_child(name); }
    // Appends the prototype attribute's name with `value`.
    void attr(pugi::xml_node node, pugi::xml_attribute proto, std::string_view value) {
        const std::string_view v = xml_chars_fast(value, scratch_);
        node.append_copy(proto).set_value(v.data(), v.size());
    }
    // Sets the value of an attribute already in place (one of an element copied with its
    // attributes).
    void set(pugi::xml_attribute attribute, std::string_view value) {
        const std::string_view v = xml_chars_fast(value, scratch_);
        attribute.set_value(v.data(), v.size());
    }
    // attr() and set() for a value known to hold only XML characters (cleaned already).
    static void trusted_attr(pugi::xml_node node, pugi::xml_attribute proto, std::string_view value) {
        node.append_copy(proto).set_value(value.data(), value.size());
    }
    static void trusted_set(pugi::xml_attribute attribute, std::string_view value) {
        attribute.set_value(value.data(), value.size());
    }
    // Appends ` name="value"` (the name a literal).
    void attr(pugi::xml_node node, const char* name, std::string_view value) {
        const std::string_view v = xml_chars_fast(value, scratch_);
        node.append_attribute(name).set_value(v.data(), v.size());
    }
    // Appends the prototype attribute as it is, name and value.
    static void fixed_attr(pugi::xml_node node, pugi::xml_attribute proto) { node.append_copy(proto); }
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
    std::string buffer_;
    pugi::xml_node prototypes_;
    std::string scratch_;
};

// Elements that carry a combination of closed-set attribute values, made once per document
// (the first time the combination is written, among the prototypes, so their strings stay
// shared) and then appended by copy: one copy of an element with its attributes costs much less
// than appending the attributes one by one.
class ElementCache {
public:
    explicit ElementCache(std::size_t combinations) : elements_(combinations) {}
    template <typename Make>
    pugi::xml_node get(std::size_t key, Make&& make) {
        pugi::xml_node& e = elements_[key];
        if (!e) e = make();
        return e;
    }

private:
    std::vector<pugi::xml_node> elements_;
};

// A closed set of values of one attribute (a TimeML tense, a relType), each a prototype attribute
// with its name and value: one appended by copy shares both strings with the prototype, so the
// common values cost no set_value and no string copy. Values outside the set are written as text.
template <std::size_t N>
class AttributeChoices {
public:
    static constexpr std::size_t npos = N;
    constexpr AttributeChoices(std::string_view name, const std::array<std::string_view, N>& values)
        : name_(name), values_(values) {}

    // ` name="v1" name="v2" …`, the prototype attributes bind() reads back in this order.
    void append_prototypes(std::string& text) const {
        for (const std::string_view v : values_) {
            text += ' ';
            text += name_;
            text += "=\"";
            text += v;
            text += '"';
        }
    }
    // Takes the N prototype attributes from `first` on; returns the attribute after them.
    pugi::xml_attribute bind(pugi::xml_attribute first) {
        for (auto& a : attributes_) {
            a = first;
            first = first.next_attribute();
        }
        return first;
    }
    // The index of `value` in the set, or npos.
    [[nodiscard]] std::size_t find(std::string_view value) const {
        for (std::size_t i = 0; i < N; ++i)
            if (values_[i].size() == value.size() && std::memcmp(values_[i].data(), value.data(), value.size()) == 0)
                return i;
        return npos;
    }
    [[nodiscard]] pugi::xml_attribute operator[](std::size_t i) const { return attributes_[i]; }
    [[nodiscard]] std::string_view name() const { return name_; }

private:
    std::string_view name_;
    std::array<std::string_view, N> values_;
    std::array<pugi::xml_attribute, N> attributes_{};
};

namespace timeml_values {
// The closed sets of TimeML attribute values, the frequent ones first (find() reads in order).
// A value outside its set (not TimeML, or from an unusual input) is written as text.
constexpr std::array<std::string_view, 4> kTimexTypes{"DATE", "DURATION", "TIME", "SET"};
constexpr std::array<std::string_view, 7> kEventClasses{"OCCURRENCE", "REPORTING", "I_ACTION", "I_STATE",
                                                        "ASPECTUAL",  "STATE",     "PERCEPTION"};
constexpr std::array<std::string_view, 7> kTenses{"PAST",     "NONE",   "PRESENT", "INFINITIVE",
                                                  "PRESPART", "FUTURE", "PASTPART"};
constexpr std::array<std::string_view, 4> kAspects{"NONE", "PERFECTIVE", "PROGRESSIVE", "PERFECTIVE_PROGRESSIVE"};
constexpr std::array<std::string_view, 2> kPolarities{"POS", "NEG"};
constexpr std::array<std::string_view, 6> kPartsOfSpeech{"VERB", "NOUN", "ADJECTIVE", "PREPOSITION", "OTHER", "UNKNOWN"};
constexpr std::array<std::string_view, 14> kRelTypes{
    "BEFORE",   "AFTER",    "IS_INCLUDED", "SIMULTANEOUS", "INCLUDES", "DURING", "BEGUN_BY",
    "ENDED_BY", "ENDS",     "BEGINS",      "IBEFORE",      "IAFTER",   "IDENTITY", "DURING_INV"};

}  // namespace timeml_values

// The closed TimeML value sets of both XML writers, as AttributeChoices in one fixed order: each()
// visits them in that order, for the prototype text and for binding its attributes back.
struct TimemlVocabulary {
    AttributeChoices<timeml_values::kTimexTypes.size()> timex_type{"type", timeml_values::kTimexTypes};
    AttributeChoices<timeml_values::kEventClasses.size()> event_class{"class", timeml_values::kEventClasses};
    AttributeChoices<timeml_values::kTenses.size()> tense{"tense", timeml_values::kTenses};
    AttributeChoices<timeml_values::kAspects.size()> aspect{"aspect", timeml_values::kAspects};
    AttributeChoices<timeml_values::kPolarities.size()> polarity{"polarity", timeml_values::kPolarities};
    AttributeChoices<timeml_values::kPartsOfSpeech.size()> pos{"pos", timeml_values::kPartsOfSpeech};
    AttributeChoices<timeml_values::kRelTypes.size()> rel_type{"relType", timeml_values::kRelTypes};

    template <typename F>
    void each(F&& f) { each_of(*this, f); }
    template <typename F>
    void each(F&& f) const { each_of(*this, f); }

private:
    template <typename Self, typename F>
    static void each_of(Self& v, F& f) {
        f(v.timex_type);
        f(v.event_class);
        f(v.tense);
        f(v.aspect);
        f(v.polarity);
        f(v.pos);
        f(v.rel_type);
    }
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
// Whether event_snippet gives the event's whole sentence (a valid sentence of at most 300 bytes):
// then every event of that sentence has the same snippet.
bool snippet_is_whole_sentence(const Document& doc, const Event& event);
// An entry's label, or one made from its value or bounds when the label is empty.
std::string entry_label(const TimelineEntry& entry);
// "2018-07-16", "after 2018-07-16, before 2018-07-19", "after 2016", "before 2018-07-19".
std::string entry_anchor(const TimelineEntry& entry);
// The DCT as a TIMEX3 value: doc.dct_value, or the formatted doc.dct when that is empty.
std::string dct_value(const Document& doc);

// Byte offset -> Unicode code point offset in a UTF-8 text, in O(1) after a linear pass that
// keeps one count per 64-byte block (both count eight bytes at a time).
class CharOffsets {
public:
    explicit CharOffsets(std::string_view text);
    [[nodiscard]] std::uint64_t at(std::size_t byte_offset) const;
    // at(to), given at(from) for a `from` not after `to`: counted from there when that is near
    // (the end of a word from its start), else at(to).
    [[nodiscard]] std::uint64_t after(std::size_t from, std::uint64_t at_from, std::size_t to) const;

private:
    static constexpr std::size_t kBlock = 64;  // a multiple of 8
    std::string_view text_;
    std::vector<std::uint64_t> block_counts_;
};

// Appends `n` in decimal.
void append_uint(std::string& out, std::uint64_t n);
// prefix + n in decimal ("d", 3 -> "d3"): the ids of timeline entries and other positions.
std::string numbered_id(std::string_view prefix, std::uint64_t n);

}  // namespace chronoline::export_detail
