// Candidate pairs and their features, shared by the tagger and the trainer. Internal to
// src/links.
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "chronoline/document.hpp"
#include "chronoline/graph.hpp"

namespace chronoline::links {

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
    [[nodiscard]] int find_signal(std::uint64_t hash) const;
    [[nodiscard]] bool starts_two_word_signal(std::uint64_t hash) const;
    void index_signal(std::uint64_t hash, std::size_t index);
    std::vector<std::uint64_t> signal_hash;  // per signal: hash of its phrase
    std::vector<DctRule> dct_rules;
    std::vector<std::string> suffixes;  // stripped (first match) to group an event word's forms
    static LinkResources load(const std::filesystem::path& dir);  // throws resource_error
};

enum class PairKind : std::uint8_t { event_dct, event_time, event_event_sentence, event_event_adjacent };

// A pair the classifier may link: event `a` and (by kind) the DCT, timex `b` or event `b`;
// events in text order for event–event pairs.
struct Candidate {
    PairKind kind;
    std::uint32_t a, b;
    // Event–time: no other event of the sentence stands between the two. Event–event in a
    // sentence: the events are neighbours.
    bool adjacent = false;
};

// Per-document facts the features use, computed once.
struct DocumentView {
    DocumentView(const Document& doc, const LinkResources& res);
    const Document& doc;
    const LinkResources& res;
    std::vector<std::uint32_t> event_first, event_last, event_sentence, event_rank_in_sentence;
    std::vector<std::uint32_t> timex_first, timex_last, timex_sentence;
    std::vector<std::optional<TimeInterval>> timex_interval;
    std::vector<std::string> timex_vs_dct;                 // relation of the timex to the DCT's day
    std::vector<std::vector<std::uint32_t>> sentence_events, sentence_timexes;
    std::vector<int> main_event;                           // per sentence, -1 when none
    std::vector<int> signal_at;                            // per token: signal starting there, or -1
    std::vector<std::uint8_t> signal_length;               // per token: its length in tokens
    std::optional<TimeInterval> dct_interval;

    // Hashes of the strings the features use, computed once per document.
    std::vector<std::uint64_t> token_hash;
    struct EventHashes {
        std::uint64_t event_class, tense, aspect, polarity, modal, pos, word, stem, prev, prev2, main, rank;
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

}  // namespace chronoline::links
