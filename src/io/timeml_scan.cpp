#include "io/timeml_scan.hpp"

#include <array>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <cstring>
#include <vector>

namespace chronoline::io_detail {
namespace {

// Character classes as tables: the scanner looks at every byte of the markup.
enum CharClass : unsigned char { kSpace = 1, kNameStart = 2, kNameChar = 4 };
constexpr std::array<unsigned char, 256> make_classes() {
    std::array<unsigned char, 256> t{};
    for (const char c : {' ', '\t', '\n', '\r'}) t[static_cast<unsigned char>(c)] = kSpace;
    for (int c = 0; c < 256; ++c) {
        const bool start = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
        if (start) t[c] = kNameStart | kNameChar;
        if ((c >= '0' && c <= '9') || c == '-' || c == '.') t[c] = kNameChar;
    }
    return t;
}
constexpr std::array<unsigned char, 256> kClasses = make_classes();
inline bool is_space(char c) { return kClasses[static_cast<unsigned char>(c)] & kSpace; }
inline bool is_name_start(char c) { return kClasses[static_cast<unsigned char>(c)] & kNameStart; }
inline bool is_name_char(char c) { return kClasses[static_cast<unsigned char>(c)] & kNameChar; }

// The first byte in [p, end) equal to `a` or `b`, or `end`. Sixteen bytes a step where SSE2 is
// there (every x86-64): most of a TimeML file is attribute values and character data.
const char* find_either(const char* p, const char* end, char a, char b) {
#if defined(__SSE2__)
    const __m128i va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b);
    for (; end - p >= 16; p += 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        const int hits = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, va), _mm_cmpeq_epi8(v, vb)));
        if (hits != 0) return p + __builtin_ctz(static_cast<unsigned>(hits));
    }
#endif
    while (p < end && *p != a && *p != b) ++p;
    return p;
}

// The end of the run of name characters ([A-Za-z0-9_:.-]) that starts at p. (Byte by byte:
// names are short, and a vector version measured slower.)
const char* skip_name(const char* p, const char* end) {
    while (p < end && is_name_char(*p)) ++p;
    return p;
}

// Character data as pugixml gives it with parse_escapes | parse_eol: the five predefined entities
// decoded, CR LF and a lone CR as LF. False for any other reference (pugixml's handling of those
// is left to pugixml).
bool append_character_data(std::string& out, std::string_view run) {
    const char* run_end = run.data() + run.size();
    if (find_either(run.data(), run_end, '&', '\r') == run_end) {
        out.append(run);
        return true;
    }
    std::size_t from = 0;
    for (std::size_t i = 0; i < run.size(); ++i) {
        const char c = run[i];
        if (c != '&' && c != '\r') continue;
        out.append(run.data() + from, i - from);
        if (c == '\r') {
            out += '\n';
            if (i + 1 < run.size() && run[i + 1] == '\n') ++i;
            from = i + 1;
            continue;
        }
        const std::string_view rest = run.substr(i);
        struct Entity {
            std::string_view name;
            char value;
        };
        static constexpr Entity kEntities[] = {
            {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
        bool known = false;
        for (const Entity& e : kEntities) {
            if (rest.starts_with(e.name)) {
                out += e.value;
                i += e.name.size() - 1;
                known = true;
                break;
            }
        }
        if (!known) return false;
        from = i + 1;
    }
    out.append(run.data() + from, run.size() - from);
    return true;
}

// An attribute value pugixml would give unchanged (no reference, no white space to convert).
bool plain_attribute(std::string_view value) {
    for (const char c : value)
        if (c == '&' || c == '\t' || c == '\n' || c == '\r') return false;
    return true;
}

}  // namespace

bool scan_timeml(std::string_view xml, ScannedTimeml& out) {
    out.has_text = false;
    out.text.clear();
    out.title.clear();
    out.has_dct_timex = false;
    out.dct_value.clear();
    out.has_creation_timex = false;
    out.creation_value.clear();
    if (std::memchr(xml.data(), 0, xml.size()) != nullptr) return false;

    const char* const begin = xml.data();
    const char* const end = begin + xml.size();
    const char* p = begin;
    auto skip_space = [&] {
        while (p < end && is_space(*p)) ++p;
    };

    // Prolog: an XML declaration at the very start, then white space.
    if (xml.starts_with("<?xml") && xml.size() > 5 && is_space(xml[5])) {
        const std::size_t close = xml.find("?>", 5);
        if (close == std::string_view::npos || xml.substr(0, close).find('<', 1) != std::string_view::npos) return false;
        p = begin + close + 2;
    }
    skip_space();
    if (p == end || *p != '<' || p + 1 == end || !is_name_start(p[1])) return false;

    struct Open {
        std::string_view name;
        enum Role : unsigned char { other, text, title, dct } role = other;
    };
    std::vector<Open> stack;
    stack.reserve(16);
    std::size_t text_depth = 0;  // stack size when inside <TEXT> (0: not inside)
    bool seen_dct = false, seen_title = false, title_done = false;
    bool root_closed = false;

    while (p < end) {
        if (root_closed) {
            skip_space();
            if (p != end) return false;
            break;
        }
        if (*p != '<') {
            // Character data up to the next tag (there must be one: the root is still open).
            const char* lt = static_cast<const char*>(std::memchr(p, '<', static_cast<std::size_t>(end - p)));
            if (lt == nullptr) return false;
            const std::string_view run(p, static_cast<std::size_t>(lt - p));
            if (text_depth != 0 && !append_character_data(out.text, run)) return false;
            if (!stack.empty() && stack.back().role == Open::title && !title_done) {
                if (!append_character_data(out.title, run)) return false;
                title_done = true;
            }
            p = lt;
            continue;
        }
        // A tag.
        if (p + 1 == end) return false;
        if (p[1] == '/') {
            p += 2;
            const char* name_begin = p;
            p = skip_name(p, end);
            const std::string_view name(name_begin, static_cast<std::size_t>(p - name_begin));
            if (stack.empty() || name != stack.back().name) return false;
            skip_space();
            if (p == end || *p != '>') return false;
            ++p;
            if (stack.back().role == Open::title) title_done = true;
            if (text_depth == stack.size()) text_depth = 0;
            stack.pop_back();
            root_closed = stack.empty();
            continue;
        }
        if (!is_name_start(p[1])) return false;  // comments, CDATA, DOCTYPE, PIs, stray '<'
        ++p;
        const char* name_begin = p;
        p = skip_name(p, end);
        const std::string_view name(name_begin, static_cast<std::size_t>(p - name_begin));
        const std::size_t depth = stack.size() + 1;  // the root is depth 1
        Open open{name, Open::other};
        const bool is_timex = name == "TIMEX3";
        // The DCT TIMEX3: the first TIMEX3 child of the root's first <DCT> child.
        const bool dct_timex = is_timex && depth == 3 && stack.back().role == Open::dct && !out.has_dct_timex;
        if (name == "TEXT") {
            if (out.has_text) return false;  // which one pugixml's lookups pick is left to pugixml
            out.has_text = true;
            open.role = Open::text;
        } else if (depth == 2 && name == "DCT" && !seen_dct) {
            seen_dct = true;
            open.role = Open::dct;
        } else if (depth == 2 && name == "TITLE" && !seen_title) {
            seen_title = true;
            open.role = Open::title;
        }
        // Attributes: white space, name, '=', a quoted value; then '>' or '/>'.
        std::string_view value_attr, function_attr;
        bool has_value = false, has_function = false;
        for (;;) {
            // The usual spellings (one space before a name, none around '=') first: a loop over
            // white space of unpredictable length costs a branch miss per attribute.
            const char* before = p;
            if (p < end && *p == ' ') ++p;
            if (p < end && is_space(*p)) skip_space();
            if (p == end) return false;
            if (*p == '>' || *p == '/') break;
            if (p == before || !is_name_start(*p)) return false;
            const char* attr_begin = p;
            p = skip_name(p, end);
            const std::string_view attr(attr_begin, static_cast<std::size_t>(p - attr_begin));
            if (p < end && *p != '=') skip_space();
            if (p == end || *p != '=') return false;
            ++p;
            if (p < end && *p != '"' && *p != '\'') skip_space();
            if (p == end || (*p != '"' && *p != '\'')) return false;
            const char quote = *p++;
            const char* close = find_either(p, end, quote, '<');
            if (close == end || *close != quote) return false;
            const std::string_view value(p, static_cast<std::size_t>(close - p));
            p = close + 1;
            if (is_timex) {
                if (attr == "value" && !has_value) {
                    has_value = true;
                    value_attr = value;
                } else if (attr == "functionInDocument" && !has_function) {
                    has_function = true;
                    function_attr = value;
                }
            }
        }
        bool self_closing = false;
        if (*p == '/') {
            if (p + 1 == end || p[1] != '>') return false;
            self_closing = true;
            p += 2;
        } else {
            ++p;
        }
        if (is_timex) {
            if ((has_value && !plain_attribute(value_attr)) || (has_function && !plain_attribute(function_attr)))
                return false;
            if (dct_timex) {
                out.has_dct_timex = true;
                out.dct_value.assign(value_attr);
            }
            if (!out.has_creation_timex && function_attr == "CREATION_TIME") {
                out.has_creation_timex = true;
                out.creation_value.assign(value_attr);
            }
        }
        if (open.role == Open::title && self_closing) title_done = true;
        if (self_closing) {
            if (depth == 1) root_closed = true;
            continue;
        }
        stack.push_back(open);
        if (open.role == Open::text) text_depth = stack.size();
    }
    return root_closed;
}

}  // namespace chronoline::io_detail
