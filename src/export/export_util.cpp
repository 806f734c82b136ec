#include "export/export_util.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace chronoline::export_detail {
namespace {

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

}  // namespace

namespace {

// The first byte at or after `i` that xml_chars() must change, or n.
std::size_t first_unclean(const unsigned char* u, std::size_t n, std::size_t i) {
    while (i < n) {
        // Ordinary text (nearly all of an article) is passed over sixteen bytes at a time.
        if (i + 16 <= n && !any_xml_suspect16(u + i)) {
            i += 16;
            continue;
        }
        const unsigned char c = u[i];
        if (c < 0x20) {
            if (c != '\t' && c != '\n' && c != '\r') return i;
            ++i;
        } else if (c < 0x80) {
            ++i;
        } else {
            const std::size_t len = utf8_length(u + i, n - i);
            // U+FFFE and U+FFFF are not XML characters.
            if (len == 0 || (len == 3 && c == 0xEF && u[i + 1] == 0xBF && (u[i + 2] == 0xBE || u[i + 2] == 0xBF)))
                return i;
            i += len;
        }
    }
    return n;
}

}  // namespace

bool xml_needs_cleaning(std::string_view s) {
    return first_unclean(reinterpret_cast<const unsigned char*>(s.data()), s.size(), 0) != s.size();
}

std::string_view xml_chars(std::string_view s, std::string& scratch) {
    const auto* u = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    std::size_t i = first_unclean(u, n, 0);
    if (i == n) return s;
    scratch.assign(s.data(), i);
    while (i < n) {
        const unsigned char c = u[i];
        if (c < 0x20) {
            scratch += ' ';
            ++i;
        } else {
            const std::size_t len = utf8_length(u + i, n - i);
            scratch += kReplacement;
            i += len == 3 ? 3 : 1;  // U+FFFE/U+FFFF whole, a malformed sequence byte by byte
        }
        const std::size_t next = first_unclean(u, n, i);
        scratch.append(s.data() + i, next - i);
        i = next;
    }
    return scratch;
}

void XmlStringWriter::write(const void* data, std::size_t size) {
    const char* p = static_cast<const char*>(data);
    const char* end = p + size;
    for (;;) {
        const auto* cr = static_cast<const char*>(std::memchr(p, '\r', static_cast<std::size_t>(end - p)));
        if (cr == nullptr) {
            out_.append(p, static_cast<std::size_t>(end - p));
            return;
        }
        out_.append(p, static_cast<std::size_t>(cr - p));
        out_ += "&#13;";
        p = cr + 1;
    }
}

void save_xml(const pugi::xml_document& doc, std::string& out, pugi::xml_node leave_out) {
    XmlStringWriter writer(out);
    if (!leave_out) {
        doc.save(writer, "", pugi::format_raw | pugi::format_no_declaration, pugi::encoding_utf8);
        return;
    }
    for (pugi::xml_node node = doc.first_child(); node; node = node.next_sibling())
        if (node != leave_out) node.print(writer, "", pugi::format_raw, pugi::encoding_utf8);
}

void append_json_string(std::string& out, std::string_view s) {
    const char* p = s.data();
    const auto* u = reinterpret_cast<const unsigned char*>(p);
    const std::size_t n = s.size();
    std::size_t run = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const unsigned char c = u[i];
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') continue;
        if (c >= 0x80) {
            const std::size_t len = utf8_length(u + i, n - i);
            // U+2028 / U+2029 are valid in JSON but end a line in JavaScript.
            const bool separator = len == 3 && c == 0xE2 && u[i + 1] == 0x80 && (u[i + 2] == 0xA8 || u[i + 2] == 0xA9);
            if (len != 0 && !separator) {
                i += len - 1;
                continue;
            }
            out.append(p + run, i - run);
            if (separator) {
                out += u[i + 2] == 0xA8 ? "\\u2028" : "\\u2029";
                i += 2;
            } else {
                out += "\\ufffd";
            }
            run = i + 1;
            continue;
        }
        out.append(p + run, i - run);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            default: {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
                out += buf;
            }
        }
        run = i + 1;
    }
    out.append(p + run, n - run);
}

void append_json_quoted(std::string& out, std::string_view s) {
    out += '"';
    append_json_string(out, s);
    out += '"';
}

void append_dot_string(std::string& out, std::string_view s) {
    const auto* u = reinterpret_cast<const unsigned char*>(s.data());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = u[i];
        if (c >= 0x80) {
            const std::size_t len = utf8_length(u + i, s.size() - i);
            if (len == 0) {
                out += kReplacement;
            } else {
                out.append(s.data() + i, len);
                i += len - 1;
            }
        } else if (c == '"') out += "\\\"";
        else if (c == '\\') out += "\\\\";
        else if (c == '\n') out += "\\n";
        else if (c == '\r') continue;
        else if (c < 0x20 || c == 0x7F) out += ' ';
        else out += static_cast<char>(c);
    }
}

void append_html(std::string& out, std::string_view s) {
    const auto* u = reinterpret_cast<const unsigned char*>(s.data());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = u[i];
        if (c >= 0x80) {
            const std::size_t len = utf8_length(u + i, s.size() - i);
            if (len == 0) {
                out += kReplacement;
            } else {
                out.append(s.data() + i, len);
                i += len - 1;
            }
            continue;
        }
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += static_cast<char>(c);
        }
    }
}

void append_number(std::string& out, double v) {
    if (!std::isfinite(v)) {
        out += '0';
        return;
    }
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

void append_uint(std::string& out, std::uint64_t n) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, n);
    out.append(buf, r.ptr);
}

std::string numbered_id(std::string_view prefix, std::uint64_t n) {
    std::string id(prefix);
    append_uint(id, n);
    return id;
}

namespace {

// Whether the 16 bytes at `p` are words of printable ASCII with single spaces between them, each
// space followed by a printable byte (p[16] is read too): text collapse_space() keeps as it is.
bool plain_words16(const unsigned char* p) {
    using Bytes = unsigned char __attribute__((vector_size(16)));
    Bytes c;
    Bytes next;
    std::memcpy(&c, p, 16);
    std::memcpy(&next, p + 1, 16);
    auto odd = (c < 0x20) | (c >= 0x7F) | ((c == ' ') & ((next <= 0x20) | (next >= 0x7F)));
    std::uint64_t halves[2];
    std::memcpy(halves, &odd, 16);
    return (halves[0] | halves[1]) == 0;
}

}  // namespace

std::string collapse_space(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool pending_space = false;
    const auto* u = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    auto plain = [](unsigned char c) { return c > 0x20 && c < 0x7F; };  // printable ASCII but space
    std::size_t i = 0;
    while (i < n) {
        const unsigned char c = u[i];
        if (plain(c)) {
            // Words and single spaces are appended whole, not a byte at a time.
            std::size_t j = i;
            while (j + 17 <= n && plain_words16(u + j)) j += 16;
            // [i, j) ends with a printable byte, or a space before the printable u[j].
            if (j == i) ++j;
            while (j < n && plain(u[j])) ++j;
            if (pending_space) out += ' ';
            pending_space = false;
            out.append(s.data() + i, j - i);
            i = j;
            continue;
        }
        if (c < 0x80) {  // white space, a control character, DEL
            pending_space = !out.empty();
            ++i;
            continue;
        }
        if (pending_space) out += ' ';
        pending_space = false;
        const std::size_t len = utf8_length(u + i, n - i);
        if (len == 0) {
            out += kReplacement;
            ++i;
        } else {
            out.append(s.data() + i, len);
            i += len;
        }
    }
    return out;
}

std::string truncate_utf8(std::string s, std::size_t max_bytes) {
    if (s.size() <= max_bytes) return s;
    std::size_t cut = max_bytes;
    while (cut > 0 && is_continuation(static_cast<unsigned char>(s[cut]))) --cut;
    s.resize(cut);
    s += "\xE2\x80\xA6";
    return s;
}

std::string_view span_text(const Document& doc, const Span& span) {
    if (span.begin > span.end || span.end > doc.text.size()) return {};
    return std::string_view(doc.text).substr(span.begin, span.size());
}

namespace {

constexpr std::size_t kSnippetBytes = 300;

// Whether the event's snippet comes from its sentence (a valid index whose span holds the event).
bool snippet_from_sentence(const Document& doc, const Event& event) {
    const auto& sentences = doc.analysis.sentences;
    return event.sentence < sentences.size() && sentences[event.sentence].span.end <= doc.text.size() &&
           sentences[event.sentence].span.begin <= event.span.begin &&
           event.span.end <= sentences[event.sentence].span.end;
}

}  // namespace

bool snippet_is_whole_sentence(const Document& doc, const Event& event) {
    if (event.span.end > doc.text.size() || event.span.begin > event.span.end) return false;
    return snippet_from_sentence(doc, event) && doc.analysis.sentences[event.sentence].span.size() <= kSnippetBytes;
}

std::string event_snippet(const Document& doc, const Event& event) {
    constexpr std::size_t kMaxBytes = kSnippetBytes;
    const std::string_view text = doc.text;
    if (event.span.end > text.size() || event.span.begin > event.span.end) return {};
    std::size_t a = 0;
    std::size_t b = 0;
    const auto& sentences = doc.analysis.sentences;
    if (snippet_from_sentence(doc, event)) {
        a = sentences[event.sentence].span.begin;
        b = sentences[event.sentence].span.end;
    } else {
        // No usable sentence index: the line the event is on.
        const auto nl_before = text.rfind('\n', event.span.begin == 0 ? 0 : event.span.begin - 1);
        a = (nl_before == std::string_view::npos || event.span.begin == 0) ? 0 : nl_before + 1;
        const auto nl_after = text.find('\n', event.span.end);
        b = nl_after == std::string_view::npos ? text.size() : nl_after;
        if (a > event.span.begin) a = event.span.begin;
    }
    std::string prefix, suffix;
    if (b - a > kMaxBytes) {
        // A window around the event, cut at character boundaries.
        std::size_t lo = event.span.begin > a + kMaxBytes / 3 ? event.span.begin - kMaxBytes / 3 : a;
        std::size_t hi = std::min(b, lo + kMaxBytes);
        if (hi - lo < kMaxBytes) lo = hi > a + kMaxBytes ? hi - kMaxBytes : a;
        while (lo < hi && is_continuation(static_cast<unsigned char>(text[lo]))) ++lo;
        while (hi > lo && hi < text.size() && is_continuation(static_cast<unsigned char>(text[hi]))) --hi;
        if (lo > a) prefix = "\xE2\x80\xA6";
        if (hi < b) suffix = "\xE2\x80\xA6";
        a = lo;
        b = hi;
    }
    return prefix + collapse_space(text.substr(a, b - a)) + suffix;
}

std::string entry_anchor(const TimelineEntry& entry) {
    if (!entry.value.empty()) return entry.value;
    if (!entry.after.empty() && !entry.before.empty()) return "after " + entry.after + ", before " + entry.before;
    if (!entry.after.empty()) return "after " + entry.after;
    if (!entry.before.empty()) return "before " + entry.before;
    if (!entry.spans.empty()) return "spanning " + entry.spans;
    return "undated";
}

std::string entry_label(const TimelineEntry& entry) {
    std::string label = collapse_space(entry.label);
    return label.empty() ? entry_anchor(entry) : label;
}

std::string dct_value(const Document& doc) {
    if (!doc.dct_value.empty()) return doc.dct_value;
    if (doc.dct.ok()) return format_date(doc.dct);
    return {};
}

namespace {

// The number of bytes in `word` (8 bytes of text) that start a character (are not UTF-8
// continuation bytes, 10xxxxxx).
inline std::uint64_t char_starts8(const char* p) {
    std::uint64_t word;
    std::memcpy(&word, p, 8);
    constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
    const std::uint64_t continuation = word & ~(word << 1) & kHigh;  // bit 7 set, bit 6 clear
    return 8 - static_cast<std::uint64_t>(__builtin_popcountll(continuation));
}

}  // namespace

CharOffsets::CharOffsets(std::string_view text) : text_(text) {
    block_counts_.reserve(text.size() / kBlock + 2);
    std::uint64_t count = 0;
    block_counts_.push_back(0);
    const std::size_t whole = text.size() / kBlock * kBlock;
    for (std::size_t i = 0; i < whole; i += 8) {
        count += char_starts8(text.data() + i);
        if ((i + 8) % kBlock == 0) block_counts_.push_back(count);
    }
}

std::uint64_t CharOffsets::at(std::size_t byte_offset) const {
    if (byte_offset > text_.size()) byte_offset = text_.size();
    const std::size_t block = byte_offset / kBlock;
    std::uint64_t count = block_counts_[block];
    std::size_t i = block * kBlock;
    for (; i + 8 <= byte_offset; i += 8) count += char_starts8(text_.data() + i);
    for (; i < byte_offset; ++i)
        if (!is_continuation(static_cast<unsigned char>(text_[i]))) ++count;
    return count;
}

std::uint64_t CharOffsets::after(std::size_t from, std::uint64_t at_from, std::size_t to) const {
    if (to > text_.size()) to = text_.size();
    if (from > to || to - from > kBlock) return at(to);
    for (std::size_t i = from; i < to; ++i)
        if (!is_continuation(static_cast<unsigned char>(text_[i]))) ++at_from;
    return at_from;
}

}  // namespace chronoline::export_detail
