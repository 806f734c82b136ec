// The text layer: one tokenization per document, shared by every stage. All offsets are byte
// offsets into the document's UTF-8 text.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace chronoline {

struct Span {
    std::uint32_t begin = 0;  // byte offset of the first byte
    std::uint32_t end = 0;    // byte offset one past the last byte
    friend bool operator==(const Span&, const Span&) = default;
    [[nodiscard]] std::uint32_t size() const { return end - begin; }
    [[nodiscard]] bool overlaps(const Span& o) const { return begin < o.end && o.begin < end; }
};

enum class TokenKind : std::uint8_t {
    word,    // letters, possibly with inner apostrophes, hyphens or periods ("don't", "U.S.")
    number,  // digits, possibly with inner separators ("1,000", "3.5", "7/19/2018", "3:30")
    punct,   // any other single visible character
};

// Coarse part of speech, filled by the events stage's tagger (src/events); unknown before.
enum class Pos : std::uint8_t {
    unknown, noun, proper_noun, verb, aux, modal, adjective, adverb, determiner,
    preposition, pronoun, conjunction, number, particle, punctuation, other
};

struct Token {
    Span span;
    TokenKind kind = TokenKind::word;
    Pos pos = Pos::unknown;
    bool capitalized = false;    // first character is an upper-case ASCII letter
    bool newline_before = false; // a line break separates it from the previous token
};

struct Sentence {
    std::uint32_t first_token = 0;  // index into TextAnalysis::tokens
    std::uint32_t end_token = 0;    // one past the last token
    Span span;
};

// The result of analysing a text once. `lower` is the text with ASCII letters lower-cased,
// byte for byte the same length, so a token's lower-case form is a view into it.
struct TextAnalysis {
    std::string lower;
    std::vector<Token> tokens;
    std::vector<Sentence> sentences;

    [[nodiscard]] std::string_view lower_of(const Token& t) const {
        return std::string_view(lower).substr(t.span.begin, t.span.size());
    }
    // Index of the sentence that holds token `i`.
    [[nodiscard]] std::size_t sentence_of_token(std::size_t i) const;
};

// Throws input_error when `text` is not valid UTF-8.
void check_utf8(std::string_view text);

// Tokenizes and splits sentences (abbreviations such as "Sen.", "U.S.", "Jan." do not end one).
TextAnalysis analyze_text(std::string_view text);
// analyze_text into `out`, reusing its memory (a batch analyses thousands of articles).
void analyze_text_into(std::string_view text, TextAnalysis& out);

}  // namespace chronoline
