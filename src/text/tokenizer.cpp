// A hand-written scanner rather than regular expressions: it runs once per document on every
// byte, and the whole pipeline has to stay in the tens of MB/s.
#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "chronoline/text.hpp"

namespace chronoline {
namespace {

bool is_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80; }

// One table lookup per byte instead of a chain of range tests in the scanner's inner loops.
enum CharClass : std::uint8_t { kAsciiLetter = 1, kDigit = 2 };
constexpr std::array<std::uint8_t, 256> kCharClass = [] {
    std::array<std::uint8_t, 256> t{};
    for (int c = 'a'; c <= 'z'; ++c) t[static_cast<std::size_t>(c)] = kAsciiLetter;
    for (int c = 'A'; c <= 'Z'; ++c) t[static_cast<std::size_t>(c)] = kAsciiLetter;
    for (int c = '0'; c <= '9'; ++c) t[static_cast<std::size_t>(c)] = kDigit;
    return t;
}();
bool is_ascii_letter(unsigned char c) { return kCharClass[c] & kAsciiLetter; }

// ASCII lower-casing eight bytes at a time (bytes >= 0x80 stay as they are): the scanner's
// per-byte work is the pipeline's floor, and the compiler does not vectorize the plain loop.
void lower_ascii(std::string& s) {
    constexpr std::uint64_t ones = 0x0101010101010101ull;
    std::size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
        std::uint64_t x;
        std::memcpy(&x, s.data() + i, 8);
        const std::uint64_t low7 = x & (0x7F * ones);
        const std::uint64_t ge_a = low7 + (0x80 - 'A') * ones;  // high bit set when byte >= 'A'
        const std::uint64_t gt_z = low7 + (0x7F - 'Z') * ones;  // high bit set when byte > 'Z'
        const std::uint64_t upper = (ge_a ^ gt_z) & ~x & (0x80 * ones);
        x ^= upper >> 2;  // 0x80 >> 2 == 0x20, the case bit
        std::memcpy(s.data() + i, &x, 8);
    }
    for (; i < s.size(); ++i)
        if (s[i] >= 'A' && s[i] <= 'Z') s[i] = static_cast<char>(s[i] - 'A' + 'a');
}
// 0x80 in each byte of `x` that is an ASCII letter or digit, 0 in the others. Lets the word
// scanner step over the letters of a word eight at a time, without a branch per byte.
std::uint64_t alnum_bytes(std::uint64_t x) {
    constexpr std::uint64_t ones = 0x0101010101010101ull;
    constexpr std::uint64_t high = 0x80 * ones;
    const std::uint64_t low7 = x & (0x7F * ones);
    // High bit set in the bytes of `v` (all < 0x80) that lie in [lo, hi]; no carry crosses bytes.
    const auto in_range = [](std::uint64_t v, std::uint64_t lo, std::uint64_t hi) {
        return ((v + (0x80 - lo) * ones) ^ (v + (0x7F - hi) * ones)) & high;
    };
    // OR-ing the case bit maps exactly 'A'..'Z' and 'a'..'z' into 'a'..'z'.
    const std::uint64_t letters = in_range(low7 | (0x20 * ones), 'a', 'z');
    const std::uint64_t digits = in_range(low7, '0', '9');
    return (letters | digits) & ~x & high;
}
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Multi-byte UTF-8 punctuation that must not be glued to words: dashes, curly quotes, ellipsis,
// non-breaking space. Returns the sequence length when `p` starts one, else 0.
std::size_t utf8_punct_len(std::string_view s, std::size_t i) {
    const auto c0 = static_cast<unsigned char>(s[i]);
    if (c0 == 0xC2 && i + 1 < s.size()) {
        const auto c1 = static_cast<unsigned char>(s[i + 1]);
        if (c1 == 0xA0 || c1 == 0xAB || c1 == 0xBB || c1 == 0xB7) return 2;  // nbsp « » ·
    }
    if (c0 == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
        const auto c2 = static_cast<unsigned char>(s[i + 2]);
        if (c2 >= 0x90 && c2 <= 0xA6) return 3;  // ‐ ‑ ‒ – — ― ‖ ‗ ‘ ’ ‚ ‛ “ ” „ ‟ † ‡ • ‣ ․ ‥ …
        if (c2 == 0xAF || c2 == 0x8B || c2 == 0xB9 || c2 == 0xBA) return 3;
    }
    return 0;
}
bool is_nbsp(std::string_view s, std::size_t i) {
    return static_cast<unsigned char>(s[i]) == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0;
}

// Length of a clitic "'s" / "’s" at `i` glued to the word token before it and not followed by a
// letter or digit ("Trump's", "year’s"), else 0.
std::size_t clitic_s_len(std::string_view s, std::size_t i, const Token* before) {
    if (!before || before->span.end != i || before->kind == TokenKind::punct) return 0;
    std::size_t q = 0;
    if (s[i] == '\'') q = 1;
    else if (i + 2 < s.size() && s.compare(i, 3, "\xE2\x80\x99") == 0) q = 3;
    if (q == 0 || i + q >= s.size() || (s[i + q] != 's' && s[i + q] != 'S')) return 0;
    if (i + q + 1 < s.size()) {
        const auto after = static_cast<unsigned char>(s[i + q + 1]);
        if (is_alpha(after) && after < 0x80) return 0;
        if (is_digit(after)) return 0;
    }
    return q + 1;
}

// Abbreviations whose period does not end a sentence (titles, months, common news forms).
constexpr std::array<std::string_view, 58> kAbbreviations = {
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt", "cmdr",
    "adm", "maj", "pres", "sec", "st", "jr", "sr", "rev", "hon", "atty", "supt", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed",
    "thu", "thur", "thurs", "fri", "sat", "sun", "inc", "corp", "co", "ltd", "vs", "etc", "nos",
    "mt", "ft", "approx", "dept"};

bool is_abbreviation(std::string_view lower_word) {
    return std::find(kAbbreviations.begin(), kAbbreviations.end(), lower_word) != kAbbreviations.end();
}

}  // namespace

std::size_t TextAnalysis::sentence_of_token(std::size_t i) const {
    auto it = std::upper_bound(sentences.begin(), sentences.end(), i,
                               [](std::size_t v, const Sentence& s) { return v < s.end_token; });
    return it == sentences.end() ? (sentences.empty() ? 0 : sentences.size() - 1)
                                 : static_cast<std::size_t>(it - sentences.begin());
}

TextAnalysis analyze_text(std::string_view text) {
    TextAnalysis out;
    analyze_text_into(text, out);
    return out;
}

void analyze_text_into(std::string_view text, TextAnalysis& out) {
    out.tokens.clear();
    out.sentences.clear();
    out.lower.assign(text);
    lower_ascii(out.lower);
    out.tokens.reserve(text.size() / 5 + 1);

    const std::size_t n = text.size();
    // The word scanner: letters (ASCII or not) with inner apostrophes, hyphens and periods, an
    // abbreviation's period, then the possessive clitic split off. Returns the token's end.
    auto scan_word = [&](std::size_t start, unsigned char c) __attribute__((always_inline)) {
        std::size_t i = start + 1;
        while (i < n) {
            if constexpr (std::endian::native == std::endian::little) {
                if (i + 8 <= n) {
                    std::uint64_t x;
                    std::memcpy(&x, text.data() + i, 8);
                    const std::uint64_t stop = ~alnum_bytes(x) & 0x8080808080808080ull;
                    if (!stop) { i += 8; continue; }
                    i += static_cast<std::size_t>(__builtin_ctzll(stop)) / 8;  // the first byte that is not
                }
            }
            const auto d = static_cast<unsigned char>(text[i]);
            if (kCharClass[d]) { ++i; continue; }  // ASCII letter or digit
            if (d >= 0x80) {
                // Non-ASCII letters belong to the word; the listed punctuation does not.
                if (utf8_punct_len(text, i)) break;
                ++i;
                continue;
            }
            // Inner apostrophe, hyphen or period joins letters: don't, follow-up, U.S.
            if ((d == '\'' || d == '-' || d == '.') && i + 1 < n && is_ascii_letter(static_cast<unsigned char>(text[i + 1]))) {
                i += 2;
                continue;
            }
            break;
        }
        // An abbreviation keeps its final period when it is a known one or a dotted
        // acronym ("U.S.", "a.m."): "Jan." "Sen." "p.m."
        if (i < n && text[i] == '.') {
            std::string_view w(out.lower.data() + start, i - start);
            const bool dotted = w.find('.') != std::string_view::npos;
            const bool single_upper = w.size() == 1 && c >= 'A' && c <= 'Z';
            // "No." abbreviates "number" only before one: "No. 5" but not "said no."
            const bool number_sign = w == "no" && i + 2 < n && text[i + 1] == ' ' &&
                                     is_digit(static_cast<unsigned char>(text[i + 2]));
            if (dotted || single_upper || number_sign || is_abbreviation(w)) ++i;
        }
        // Possessive clitic 's as its own token: "Trump's" -> "Trump" "'s"
        if (i - start > 2 && out.lower[i - 2] == '\'' && out.lower[i - 1] == 's') i -= 2;
        return i;
    };

    std::size_t i = 0;
    bool newline = false;
    while (i < n) {
        const auto c = static_cast<unsigned char>(text[i]);
        const std::uint8_t cls = kCharClass[c];
        // Spaces first, then the common token starts (an ASCII letter or digit, which can be
        // neither a clitic nor multi-byte punctuation) before the rarer cases.
        if (!cls) {
            if (c == ' ') { ++i; continue; }
            if (is_space(c) || is_nbsp(text, i)) {
                if (c == '\n') newline = true;
                i += is_space(c) ? 1 : 2;
                continue;
            }
        }
        Token& t = out.tokens.emplace_back();
        t.newline_before = newline;
        newline = false;
        const std::size_t start = i;
        if (cls & kAsciiLetter) {
            t.kind = TokenKind::word;
            i = scan_word(start, c);
        } else if (cls & kDigit) {
            t.kind = TokenKind::number;
            ++i;
            // Inner separators keep numbers, dates and times whole: 1,000  3.5  7/19/2018  3:30  2018-07-19
            while (i < n) {
                const auto d = static_cast<unsigned char>(text[i]);
                if (is_digit(d)) { ++i; continue; }
                if ((d == ',' || d == '.' || d == '/' || d == ':' || d == '-') && i + 1 < n &&
                    is_digit(static_cast<unsigned char>(text[i + 1]))) { i += 2; continue; }
                break;
            }
            // Ordinal or unit suffix glued on: 19th, 1990s, 3pm, 10am — one token.
            while (i < n && is_alpha(static_cast<unsigned char>(text[i])) &&
                   static_cast<unsigned char>(text[i]) < 0x80) ++i;
        } else if (const std::size_t cl = clitic_s_len(text, i, out.tokens.size() > 1 ? &out.tokens[out.tokens.size() - 2] : nullptr)) {
            // The possessive / contracted clitic is one word token of its own: "Trump" "'s".
            t.kind = TokenKind::word;
            i += cl;
        } else if (const std::size_t pl = utf8_punct_len(text, i)) {
            t.kind = TokenKind::punct;
            i += pl;
        } else if (c >= 0x80) {
            t.kind = TokenKind::word;  // a word that starts with a non-ASCII letter
            i = scan_word(start, c);
        } else {
            t.kind = TokenKind::punct;
            // Runs of dots or dashes are one token ("...", "--").
            ++i;
            if (c == '.' || c == '-' || c == '`' || c == '\'')
                while (i < n && static_cast<unsigned char>(text[i]) == c) ++i;
        }
        t.span = {static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(i)};
        t.capitalized = c >= 'A' && c <= 'Z';
    }

    // Sentences end at . ! ? (with closing quotes or brackets after them) followed by a token that
    // starts a new sentence, and at blank lines (headlines, datelines, paragraphs).
    auto is_closer = [&](const Token& t) {
        auto w = out.lower_of(t);
        return w == "\"" || w == "'" || w == ")" || w == "''" || w == "\xE2\x80\x9D" || w == "\xE2\x80\x99";
    };
    std::uint32_t first = 0;
    const auto count = static_cast<std::uint32_t>(out.tokens.size());
    auto close = [&](std::uint32_t end) {
        if (end <= first) return;
        out.sentences.push_back({first, end, {out.tokens[first].span.begin, out.tokens[end - 1].span.end}});
        first = end;
    };
    for (std::uint32_t k = 0; k < count; ++k) {
        const Token& t = out.tokens[k];
        if (k > first && t.newline_before) {
            // A blank line between tokens always separates sentences.
            std::string_view gap(text.data() + out.tokens[k - 1].span.end, t.span.begin - out.tokens[k - 1].span.end);
            if (gap.find("\n") != gap.rfind("\n")) { close(k); }
        }
        if (t.kind != TokenKind::punct) continue;
        auto w = out.lower_of(t);
        bool ender = (w == "." || w == "!" || w == "?" || w == "..." || w == "\xE2\x80\xA6");
        // A word token that swallowed an abbreviation period ends a sentence only when the next
        // token is capitalized and the word is a dotted acronym like "U.S." at a clause end —
        // too ambiguous to call; we leave those inside the sentence.
        if (!ender) continue;
        std::uint32_t end = k + 1;
        while (end < count && is_closer(out.tokens[end])) ++end;
        if (end >= count) { k = end; continue; }
        const Token& next = out.tokens[end];
        const auto nc = static_cast<unsigned char>(text[next.span.begin]);
        const bool starts = next.capitalized || is_digit(nc) || nc == '"' || nc == '`' || nc == '(' || nc >= 0x80 ||
                            next.newline_before;
        if (starts) { close(end); k = end - 1; }
    }
    close(count);
}

}  // namespace chronoline
