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

struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

struct DctRule {
    std::string event_class, tense, aspect, rel;  // "*" matches anything
};

// What the sieve reads from resources/en/links/.
struct LinkResources {
    std::vector<SignalInfo> signals;
    std::unordered_map<std::string, std::size_t, StringHash, std::equal_to<>> signal_index;  // phrase -> index
    std::vector<DctRule> dct_rules;
    static LinkResources load(const std::filesystem::path& dir);  // throws resource_error
};

enum class PairKind : std::uint8_t { event_dct, event_time, event_event_sentence, event_event_adjacent };

// A pair the classifier may link: event `a` and (by kind) the DCT, timex `b` or event `b`;
// events in text order for event–event pairs.
struct Candidate {
    PairKind kind;
    std::uint32_t a, b;
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

    [[nodiscard]] std::string_view word(std::uint32_t token) const;
    [[nodiscard]] std::string_view event_text(std::uint32_t e) const;
    [[nodiscard]] std::string_view timex_text(std::uint32_t t) const;
};

std::vector<Candidate> candidates(const DocumentView& view);

// The hashed features of a candidate (cleared first).
void features(const DocumentView& view, const Candidate& c, std::vector<std::uint64_t>& out);

}  // namespace chronoline::links
