// The time-expression grammar: a lexicon (words -> classes + semantic assignments) and named
// rules (token patterns over classes, literal words and number forms, with an action), both
// read from resources/en/timex/. Rules are compiled into fixed-length variants indexed by
// what their first token can be, so matching costs one hash lookup per token plus a few
// comparisons at the rare tokens that can start an expression.
#pragma once
#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "chronoline/text.hpp"
#include "timex/meaning.hpp"

namespace chronoline::timex {

// A field of TimexMeaning set by a lexicon entry or a rule action ("unit=D", "dir=-1").
struct Assignment {
    enum class Field : std::uint8_t {
        kind, type, anchor, year, decade, century, month, day, weekday, season, quarter, half,
        ordinal, part_of_day, hour, minute, ampm, zone, holiday, fiscal, year_end, grain, amount,
        vague, direction, future_if_tense, mod, quant, freq, ref, year_shift, times, prefer, like_period, last_named, after_day
    };
    Field field{};
    std::string text;
    int number = 0;
    double real = 0;
};
void apply(TimexMeaning& m, const Assignment& a);

// Number forms recognised by code (documented in rules.txt's header).
enum class Form : std::uint8_t { integer, num, year, day, ord, decade, decade2, ymd, mdy, clock, hourampm, hour, spokenyear, anyyear, hhmm, punct, count };

struct Alternative {
    enum class Kind : std::uint8_t { literal, word_class, form, any } kind{};
    std::uint32_t id = 0;  // word id, class id or Form
    bool capitalized = false;  // ^ after the alternative: the token must start with an upper-case letter
};

struct Element {
    std::vector<Alternative> alternatives;
    bool capitalized = false;  // ^ : the token must start with an upper-case letter
    bool lower = false;        // % : the token must not start with an upper-case letter
    bool context = false;      // ~ : must match but is not part of the span
    bool negative = false;     // ! : zero-width: the next token must NOT match
    bool positive = false;     // & : zero-width: the next token must match (or the text ends)
};

struct Rule {
    std::string name;
    std::vector<Assignment> action;
    int line = 0;
};

struct Variant {
    std::vector<Element> elements;
    std::uint32_t rule = 0;
    // A quick pre-check of the token after the first (when the first element consumes exactly
    // one token and the second consumes one): the classes, forms and literal words it may be.
    bool check_second = false;
    bool split_by_second = false;  // listed under its second token in Candidates (else in rest)
    std::uint64_t second_classes = 0;
    std::uint32_t second_forms = 0;
    std::vector<std::uint32_t> second_words;
    // The same for the third token, when the first two elements take one token each.
    bool check_third = false;
    std::uint64_t third_classes = 0;
    std::uint32_t third_forms = 0;
    std::vector<std::uint32_t> third_words;
};

// A variant's pre-check of the tokens after its first, packed apart from the variant so that
// the many candidates turned away by it touch one small record: levels 0 (none), 1 (second
// token) or 2 (second and third); at each level the classes, forms and (in a shared pool) the
// literal words the token may be.
struct Precheck {
    std::uint64_t classes[2] = {0, 0};
    std::uint32_t forms[2] = {0, 0};
    std::uint32_t words_at[2] = {0, 0};
    std::uint16_t words_count[2] = {0, 0};
    std::uint8_t levels = 0;
    // The levels are checked after the first element as matched (a number phrase "#num" takes
    // several tokens), not at the token after the first: rules led by a number are many, and
    // numbers frequent.
    bool after_first = false;
    bool after_num = false;  // the first element is "#num" alone: it ends where the phrase does
};

// FNV-1a: cheap for the short words looked up once per token.
struct WordHash {
    std::size_t operator()(std::string_view s) const noexcept {
        std::uint64_t h = 1469598103934665603ull;
        for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
        return static_cast<std::size_t>(h);
    }
};

struct LexEntry {
    std::uint32_t word_class = 0;
    std::vector<Assignment> assignments;
};

struct LexWord {
    std::uint32_t id = 0;
    std::uint64_t class_mask = 0;
    std::vector<LexEntry> entries;
    double number = -1;   // value when the word is a number word (class numword)
    bool multiplier = false;  // hundred, thousand
    bool starts = false;      // some rule can start at this word (by itself or one of its classes)
};

// What the tokenizer reads of every lexicon word it finds, packed densely by word (the
// entries themselves lie scattered in memory).
// A few suffixes read off number tokens ("19th", "3pm"), from number_words.tsv: each of 1 to 4
// lower-case letters, packed into an integer so that a token's suffix is tested with a few
// integer comparisons, as cheap as the string literals they replace.
struct SuffixSet {
    static constexpr std::size_t capacity = 8;
    std::array<std::uint32_t, capacity> packed{};
    std::uint32_t count = 0;

    static std::uint32_t pack(std::string_view s) {
        std::uint32_t k = 0;
        std::memcpy(&k, s.data(), std::min<std::size_t>(s.size(), 4));
        return k;
    }
    [[nodiscard]] bool contains(std::string_view s) const {
        if (s.empty() || s.size() > 4) return false;
        const std::uint32_t k = pack(s);
        for (std::uint32_t i = 0; i < count; ++i)
            if (packed[i] == k) return true;
        return false;
    }
};

// The suffixes of number tokens, by what they make of the number.
struct NumberSuffixes {
    SuffixSet ordinal;  // "19th": an ordinal, a day
    SuffixSet decade;   // "1990s", "90s": a decade
    SuffixSet am, pm;   // "3pm", "10:30a": a clock time before or after noon
};

struct LexInfo {
    const LexWord* word = nullptr;
    std::uint64_t class_mask = 0;  // word->class_mask
    bool starts = false;           // word->starts
    bool numeric = false;          // a number word, or "a" ("a dozen"): may begin a number phrase
};

// One token as the matcher sees it: hyphenated words are split ("third-quarter" -> third - quarter).
struct MToken {
    Span span;
    const LexWord* lex = nullptr;
    std::uint64_t class_mask = 0;
    std::uint32_t form_mask = 0;
    bool capitalized = false;
    bool number_token = false;
    bool starts = false;  // lex->starts, copied here: match() tests it at every token
    // Number forms' values.
    double value = 0;          // integer/decimal value, or the number phrase's value
    std::uint32_t num_end = 0; // one past the number phrase starting here (form num)
    std::uint32_t spoken_end = 0; // one past the spoken year starting here (form spokenyear)
    std::uint32_t source = 0;  // index of the analysis token it comes from
    std::int16_t y = 0;        // year
    std::int8_t mo = 0, d = 0, h = -1, mi = -1, ampm = 0;  // month, day, hour, minute, 1 am / 2 pm
};

// Variants listed by what one token must be (a word, a word class, a form), so that a token
// tries only the variants it can continue.
struct VariantsByToken {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> word;  // (word id, variant), sorted
    std::vector<std::pair<std::uint32_t, std::uint32_t>> cls;   // (class id, variant)
    std::vector<std::pair<std::uint32_t, std::uint32_t>> form;  // (form, variant)
    // All the classes / forms of cls / form: one test rules out a whole list.
    std::uint64_t class_union = 0;
    std::uint32_t form_union = 0;
    void add(std::uint32_t variant, const std::uint32_t* words, std::size_t word_count, std::uint64_t classes,
             std::uint32_t forms) {
        for (std::size_t k = 0; k < word_count; ++k) word.emplace_back(words[k], variant);
        for (std::uint32_t b = 0; b < 64; ++b)
            if ((classes >> b) & 1u) cls.emplace_back(b, variant);
        for (std::uint32_t f = 0; f < 32; ++f)
            if ((forms >> f) & 1u) form.emplace_back(f, variant);
        class_union |= classes;
        form_union |= forms;
    }
    void finish() { std::sort(word.begin(), word.end()); }
    // Calls `f(variant)` for every variant listed under something `t` is.
    template <class F>
    [[gnu::always_inline]] void for_each_taking(const MToken& t, F&& f) const {
        if (t.lex && !word.empty()) {
            auto it = std::lower_bound(word.begin(), word.end(), std::make_pair(t.lex->id, 0u));
            for (; it != word.end() && it->first == t.lex->id; ++it) f(it->second);
        }
        if (t.class_mask & class_union)
            for (const auto& [c, v] : cls)
                if ((t.class_mask >> c) & 1u) f(v);
        if (t.form_mask & form_union)
            for (const auto& [fm, v] : form)
                if ((t.form_mask >> fm) & 1u) f(v);
    }
};

// What a set of variants wants at the next token, when all of them pre-check it: a token that is
// none of these continues none of them.
struct NextTokenCheck {
    bool any_unchecked = false;
    std::uint64_t classes = 0;
    std::uint32_t forms = 0;
    std::vector<std::uint32_t> words;  // sorted
    std::uint64_t word_bits = 0;       // bit (id % 64) of every word of `words`: a quick "no"
    void add(std::uint64_t more_classes, std::uint32_t more_forms, const std::uint32_t* more_words, std::size_t count) {
        classes |= more_classes;
        forms |= more_forms;
        words.insert(words.end(), more_words, more_words + count);
    }
    void finish() {
        std::sort(words.begin(), words.end());
        words.erase(std::unique(words.begin(), words.end()), words.end());
        for (const auto w : words) word_bits |= std::uint64_t{1} << (w & 63);
    }
    [[nodiscard, gnu::always_inline]] bool admits(const MToken* next) const {
        if (any_unchecked) return true;
        if (!next) return false;
        return (next->class_mask & classes) || (next->form_mask & forms) ||
               (next->lex && ((word_bits >> (next->lex->id & 63)) & 1u) &&
                std::binary_search(words.begin(), words.end(), next->lex->id));
    }
};

// The variants that may start at a token, split by what their second token must be, so that a
// frequent first word ("the") only tries the variants its next token can continue.
// The order candidates are tried in does not matter (see Grammar::match).
struct Candidates {
    // For a first token that may span several tokens (a number phrase, a spoken year): the
    // variants with no single-token second element to pre-select on, and the others by it.
    std::vector<std::uint32_t> rest_multi;
    VariantsByToken second;
    NextTokenCheck next;  // every variant's second token
    // For a first token that is a number phrase: the variants led by "#num" alone, listed under
    // what the token after the phrase must be.
    VariantsByToken after_num;
    // For a first token that is neither a number phrase nor a spoken year: every variant's first
    // element then takes that one token, so the variants that pre-check the token after their
    // first element (Precheck::after_first) are listed by the next token too, and those led by a
    // number phrase alone cannot match.
    std::vector<std::uint32_t> single_rest;
    VariantsByToken single;
    NextTokenCheck single_next;
};

struct Match {
    std::uint32_t first = 0, end = 0;        // matched tokens [first, end)
    std::uint32_t span_first = 0, span_end = 0;  // tokens of the span (context excluded)
    std::uint32_t variant = 0;
};

class Grammar {
public:
    static Grammar load(const std::filesystem::path& dir);

    void tokenize(std::string_view text, const TextAnalysis& analysis, std::vector<MToken>& out) const;
    // Leftmost-longest matches over `tokens`.
    void match(const std::vector<MToken>& tokens, std::vector<Match>& out) const;
    // The meaning of a match: element assignments and form values, then the rule's action.
    [[nodiscard]] TimexMeaning meaning_of(const std::vector<MToken>& tokens, const Match& m) const;

    [[nodiscard]] const Rule& rule_of(const Match& m) const { return rules_[variants_[m.variant].rule]; }
    [[nodiscard]] const std::vector<Rule>& rules() const { return rules_; }
    [[nodiscard]] std::size_t variant_count() const { return variants_.size(); }
    [[nodiscard]] std::size_t candidates_for(std::string_view w) const {
        const LexWord* l = lookup(w);
        if (!l) return 0;
        std::size_t n = l->id < by_word_.size() ? by_word_[l->id].size() : 0;
        for (std::size_t c = 0; c < by_class_.size(); ++c) if ((l->class_mask >> c) & 1u) n += by_class_[c].size();
        return n;
    }
    // The lexicon entry of a lower-case word, or null.
    [[nodiscard]] const LexWord* lookup(std::string_view lower_word) const {
        if (lower_word.empty() || lower_word.size() > max_word_ || table_.empty()) return nullptr;
        char padded[8] = {};
        std::memcpy(padded, lower_word.data(), std::min<std::size_t>(lower_word.size(), 8));
        const LexInfo* info = find(lower_word, load8(padded));
        return info ? info->word : nullptr;
    }
    // What the tokenizer needs of the word text[begin, end) of a text that outlives the call, or
    // null. When 8 bytes can be read from the
    // word's start, its prefix is one load instead of a copy.
    // Inlined: it runs once per token, and a call costs as much as the filter test.
    [[nodiscard]] [[gnu::always_inline]] const LexInfo* lookup_in(std::string_view text, std::uint32_t begin, std::uint32_t end) const {
        // Callers pass a word of the text: begin < end <= text.size().
        const std::string_view w(text.data() + begin, end - begin);
        if (w.empty() || w.size() > max_word_) return nullptr;
        const std::size_t f = filter_index(w);
        if (!((filter_[f >> 6] >> (f & 63)) & 1u)) return nullptr;
        if (begin + 8 > text.size()) {
            char padded[8] = {};
            std::memcpy(padded, w.data(), std::min<std::size_t>(w.size(), 8));
            return find(w, load8(padded));
        }
        return find(w, load8(w.data()));
    }
    // The id of a word class, or -1 when the lexicon has none of that name.
    [[nodiscard]] int class_id(std::string_view name) const {
        for (std::size_t i = 0; i < class_names_.size(); ++i)
            if (class_names_[i] == name) return static_cast<int>(i);
        return -1;
    }

private:
    static std::uint64_t load8(const char* p) {
        std::uint64_t x = 0;
        std::memcpy(&x, p, 8);
        return x;
    }
    // A word's first 8 bytes (the bytes after its end cleared), from 8 bytes loaded at its start.
    static std::uint64_t prefix_of(std::uint64_t loaded, std::size_t size) {
        if (size >= 8) return loaded;
        if constexpr (std::endian::native == std::endian::little) return loaded & ((std::uint64_t{1} << (8 * size)) - 1);
        char bytes[8] = {};
        std::memcpy(bytes, &loaded, size);
        return load8(bytes);
    }
    static std::size_t hash_of(std::uint64_t prefix, std::string_view w) {
        std::uint64_t h = (prefix ^ w.size()) * 0x9E3779B97F4A7C15ull;
        for (std::size_t k = 8; k < w.size(); ++k) h = (h ^ static_cast<unsigned char>(w[k])) * 1099511628211ull;
        return static_cast<std::size_t>(h ^ (h >> 29));
    }
    // Open-addressing probe: slots compare the words' sizes and first 8 bytes, longer words the rest.
    // Open-addressing probe: slots compare the words' sizes and first 8 bytes, longer words the rest.
    [[nodiscard]] [[gnu::always_inline]] const LexInfo* find(std::string_view w, std::uint64_t loaded) const {
        const std::uint64_t prefix = prefix_of(loaded, w.size());
        const std::size_t h = hash_of(prefix, w);
        for (std::size_t k = h & table_mask_;; k = (k + 1) & table_mask_) {
            const auto& slot = table_[k];
            if (slot.size == 0) return nullptr;
            if (slot.prefix == prefix && slot.size == w.size()) {
                const LexInfo& info = lex_info_[slot.info];
                if (w.size() <= 8 || std::string_view(words_[info.word->id]).substr(8) == w.substr(8)) return &info;
            }
        }
    }
    // A bit per (length, first byte, last byte), each folded to 4/5/5 bits: set for every
    // lexicon word at load, so a clear bit proves a word is absent.
    static std::size_t filter_index(std::string_view w) {
        return ((w.size() & 15u) << 10) | ((static_cast<unsigned char>(w.front()) & 31u) << 5) |
               (static_cast<unsigned char>(w.back()) & 31u);
    }
    bool match_variant(const Variant& v, const std::vector<MToken>& tokens, std::uint32_t start, Match& m) const;
    [[gnu::always_inline]] bool passes_precheck(std::uint32_t variant, const std::vector<MToken>& tokens, std::uint32_t start) const;
    bool alt_matches(const Alternative& a, const MToken& t) const;

    std::vector<std::string> words_;                      // word id -> text
    std::unordered_map<std::string_view, LexWord, WordHash> lexicon_;  // keys view into word_storage_
    std::vector<std::unique_ptr<std::string>> word_storage_;
    // Open-addressing copy of lexicon_ for the per-token lookups.
    // A slot: a word's first 8 bytes (zero-padded), its size (0: empty) and its LexInfo; 16 bytes,
    // so the table stays in the first-level cache.
    struct Slot {
        std::uint64_t prefix = 0;
        std::uint32_t info = 0;
        std::uint32_t size = 0;
    };
    std::vector<Slot> table_;
    std::vector<LexInfo> lex_info_;
    std::size_t table_mask_ = 0;
    std::size_t max_word_ = 0;
    std::array<std::uint64_t, (16 << 10) / 64> filter_{};
    std::vector<std::string> class_names_;
    std::vector<Rule> rules_;
    std::vector<Variant> variants_;
    std::vector<Precheck> prechecks_;          // by variant
    std::vector<std::uint32_t> precheck_words_;
    std::vector<std::vector<std::uint32_t>> by_word_;  // word id -> variants starting with it
    std::vector<std::vector<std::uint32_t>> by_class_;
    std::vector<std::vector<std::uint32_t>> by_form_;
    std::vector<Candidates> cand_word_, cand_class_, cand_form_;  // the same, split by second token
    std::uint32_t hyphen_id_ = 0;
    std::uint32_t starting_forms_ = 0;  // forms some rule can start with
    // The words of number phrases the tokenizer reads (number_words.tsv): "two and a half",
    // "a dozen", and the suffixes of number tokens.
    const LexWord* and_word_ = nullptr;
    const LexWord* a_word_ = nullptr;
    const LexWord* half_word_ = nullptr;
    NumberSuffixes suffixes_;
    friend class GrammarLoader;
};

}  // namespace chronoline::timex
