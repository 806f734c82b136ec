// Candidate pairs and their features, shared by the tagger and the trainer. Internal to
// src/links.
#pragma once
#include <array>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "chronoline/document.hpp"
#include "chronoline/graph.hpp"
#include "links/link_model.hpp"

namespace chronoline::links {

// s == lit, compared in place: the standard comparison calls memcmp, whose call costs more than
// the few bytes of these attribute values, and the sieve compares them for every event.
template <std::size_t N>
inline bool is(std::string_view s, const char (&lit)[N]) {
    return s.size() == N - 1 && std::memcmp(s.data(), lit, N - 1) == 0;
}
// a == b for short strings of any length, without a call.
inline bool same(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i] != b[i]) return false;
    return true;
}

struct SignalInfo {
    std::string phrase;
    std::string event_time_rel;   // empty when the signal fixes no relation
    std::string event_event_rel;
};

struct DctRule {
    std::string event_class, tense, aspect, rel;  // "*" matches anything
};

// What the sieve reads from resources/en/links/.
struct LinkResources {
    std::vector<SignalInfo> signals;
    // Phrase -> index into signals, keyed by the hash of its words (word_hash, then mix), in a
    // small open-addressing table: it is probed for every token.
    std::vector<std::uint64_t> signal_keys;
    std::vector<std::int32_t> signal_values;
    std::vector<std::uint64_t> first_words;  // hashes of the first words of two-word signals
    // Per first byte: bit n set when some signal word of n bytes starts with it (n < 16), so
    // most tokens are passed over without hashing them.
    std::array<std::uint16_t, 256> word_shapes{};
    // A second filter: one bit per (first byte, last byte, length) of the signal words, hashed
    // into 4096 bits. A third of all tokens pass word_shapes ("on", "in", "the"…); few pass both.
    std::array<std::uint64_t, 64> word_ends{};
    [[nodiscard]] static std::size_t word_end_bit(std::string_view w) {
        return (static_cast<unsigned char>(w[0]) * 31u + static_cast<unsigned char>(w.back()) * 7u + w.size() * 131u) & 4095u;
    }
    [[nodiscard]] bool may_be_signal_word(std::string_view w) const {
        if (w.empty() || w.size() >= 16 || !((word_shapes[static_cast<unsigned char>(w[0])] >> w.size()) & 1)) return false;
        const std::size_t bit = word_end_bit(w);
        return (word_ends[bit / 64] >> (bit % 64)) & 1;
    }
    [[nodiscard]] int find_signal(std::uint64_t hash) const;
    [[nodiscard]] bool starts_two_word_signal(std::uint64_t hash) const;
    void index_signal(std::uint64_t hash, std::size_t index);
    std::vector<std::uint64_t> signal_hash;  // per signal: hash of its phrase
    std::vector<DctRule> dct_rules;
    // Word right before a DURATION -> the relType of the event to it (duration_signals.txt).
    std::vector<std::pair<std::string, std::string>> duration_signals;
    std::vector<std::string> suffixes;  // stripped (first match) to group an event word's forms
    // Words that open a clause (clause_words.txt): always, or only right after a comma.
    std::vector<std::string> clause_words_always, clause_words_after_comma;
    // The same filter as word_shapes, over the clause words: the lists are compared only
    // for the few tokens that pass it (comparing every word token with each was a tenth of
    // the stage's time).
    std::array<std::uint16_t, 256> clause_shapes{};
    [[nodiscard]] bool may_be_clause_word(std::string_view w) const {
        return !w.empty() && w.size() < 16 && ((clause_shapes[static_cast<unsigned char>(w[0])] >> w.size()) & 1);
    }
    // Words the link model sees by identity between a pair (linking_words.txt), and the same
    // first-byte-and-length filter as clause_shapes over them.
    std::vector<std::string> linking_words;
    std::array<std::uint16_t, 256> linking_shapes{};
    [[nodiscard]] bool may_be_linking_word(std::string_view w) const {
        return !w.empty() && w.size() < 16 && ((linking_shapes[static_cast<unsigned char>(w[0])] >> w.size()) & 1);
    }
    // The union of word_shapes, clause_shapes and the shapes of the tokens DocumentView marks
    // (commas, quotes, linking words): a token that fails it is none of them, and most fail.
    std::array<std::uint16_t, 256> token_shapes{};
    // The same second filter as word_ends, over all of them.
    std::array<std::uint64_t, 64> token_ends{};
    [[nodiscard]] bool may_be_marked(std::string_view w) const {  // (w not empty, under 16 bytes)
        if (!((token_shapes[static_cast<unsigned char>(w[0])] >> w.size()) & 1)) return false;
        const std::size_t bit = word_end_bit(w);
        return (token_ends[bit / 64] >> (bit % 64)) & 1;
    }
    static LinkResources load(const std::filesystem::path& dir);  // throws resource_error
};

// The pairs TimeBank-style annotation links and the classifier labels: an event and a time of
// its sentence, two neighbouring events of a sentence. (Event–DCT pairs come from the tense
// rules; a classifier for them, and for the main events of adjacent sentences, changed held-out
// temporal awareness by less than 0.005 either way, at a third of the stage's time.)
enum class PairKind : std::uint8_t { event_time, event_event };

// A pair the classifier labels: event `a` and (by kind) timex `b` or event `b`; events in text
// order for event–event pairs.
struct Candidate {
    PairKind kind;
    std::uint32_t a, b;
    // No other event of the sentence stands between the two (always so for two events).
    bool adjacent = true;
};

// Per-document facts the features use, computed once.
struct DocumentView {
    DocumentView(const Document& doc, const LinkResources& res);
    const Document& doc;
    const LinkResources& res;
    std::vector<std::uint32_t> event_first, event_last, event_sentence;
    std::vector<std::uint32_t> timex_first, timex_last, timex_sentence;
    std::vector<std::optional<TimeInterval>> timex_interval;
    std::vector<std::string> timex_vs_dct;                 // relation of the timex to the DCT's day
    // Items grouped by sentence in one flat array: group s is items[start[s], start[s+1]).
    struct Groups {
        std::vector<std::uint32_t> start, items;
        [[nodiscard]] std::span<const std::uint32_t> operator[](std::size_t s) const {
            return {items.data() + start[s], items.data() + start[s + 1]};
        }
        [[nodiscard]] std::size_t size() const { return start.empty() ? 0 : start.size() - 1; }
        // Fills the groups from each item's group (any order; items keep theirs within a group).
        void fill(const std::vector<std::uint32_t>& group_of, std::size_t groups);
    };
    Groups sentence_events, sentence_timexes;
    std::vector<int> main_event;                           // per sentence, -1 when none
    std::vector<int> signal_at;                            // per token: signal starting there, or -1
    std::vector<std::uint8_t> signal_length;               // per token: its length in tokens
    std::optional<TimeInterval> dct_interval;
    // Per token: what the rules and features test it for, found once (bits of TokenMark).
    enum TokenMark : std::uint8_t {
        comma = 1,
        semicolon = 2,
        straight_quote = 4,
        other_quote = 8,
        linking_word = 16,
        clause_word = 32,             // opens a clause wherever it stands
        clause_word_after_comma = 64  // opens a clause right after a comma
    };
    std::vector<std::uint8_t> token_marks;
    [[nodiscard]] bool marked(std::uint32_t token, std::uint8_t marks) const { return (token_marks[token] & marks) != 0; }

    // Hashes of the strings the features use, computed once per document (a token's on demand:
    // the features read few of them).
    [[nodiscard]] std::uint64_t token_hash(std::uint32_t token) const;
    struct EventHashes {
        std::uint64_t event_class, tense, aspect, modal, word, stem, prev, main;
    };
    std::vector<EventHashes> event_hash;
    struct TimexHashes {
        std::uint64_t type, mod, shape, vs_dct, text;
    };
    std::vector<TimexHashes> timex_hash;

    [[nodiscard]] std::string_view word(std::uint32_t token) const;
    [[nodiscard]] std::string_view event_text(std::uint32_t e) const;
    [[nodiscard]] std::string_view timex_text(std::uint32_t t) const;
};

std::vector<Candidate> candidates(const DocumentView& view);

// The hashed features of a candidate (cleared first).
void features(const DocumentView& view, const Candidate& c, std::vector<std::uint64_t>& out);

// The rows of the features whose keys do not depend on the document (the bias, the distance
// buckets, comma and quote, …: link_features.cpp, FixedSlot), looked up once per model; valid
// while the model is not changed.
inline constexpr std::size_t kFixedFeatures = 40;
struct FixedRows {
    std::array<const Scores*, kFixedFeatures> rows{};
};
FixedRows fixed_rows(const LinkModel& model);

// model.score(features(view, c)), the same scores bit for bit, without the list of features
// (`fixed`: fixed_rows(model)).
Scores score(const DocumentView& view, const Candidate& c, const LinkModel& model, const FixedRows& fixed);

}  // namespace chronoline::links
