// Part of speech without a tagged corpus: closed-class lists, the irregular-verb lexicon, suffixes
// and a few context rules (a determiner before means a noun or adjective, "to"/a modal before
// means a verb...). Good enough as a feature of the learned event model and for the verb-group
// reader; the event model's own part-of-speech head overrides it on event tokens.
#pragma once
#include <cstdint>
#include <vector>

#include "chronoline/text.hpp"
#include "events/lexicon.hpp"

namespace chronoline::events {

// What the events stage knows about one token, computed once per document.
struct TokenFacts {
    std::uint64_t hash = 0;  // of the lower-case form
    WordAnalysis word;
    Pos pos = Pos::unknown;
    bool sentence_start = false;
    ClosedTag closed_tag = ClosedTag::none;  // word.info->closed, kept here: read for every token
    // May it be an event at all (see is_candidate in event_model.hpp)? Set by analyze_tokens,
    // which has the token's facts at hand.
    bool candidate = false;
    [[nodiscard]] ClosedTag closed() const { return closed_tag; }
};

inline constexpr std::size_t kNoGovernor = SIZE_MAX;

// The word that governs token `i`: the nearest token before it in its sentence that is not an
// adverb or a negation ("has not yet said": "has"; "to again state": "to"), or kNoGovernor at
// the sentence's start.
inline std::size_t governing_word(const std::vector<TokenFacts>& facts, std::size_t i) {
    std::size_t j = i;
    while (j > 0 && !facts[j].sentence_start) {
        --j;
        const ClosedTag tag = facts[j].closed();
        if (tag == ClosedTag::adv || tag == ClosedTag::neg || facts[j].pos == Pos::adverb) continue;
        return j;
    }
    return kNoGovernor;
}

// Fills `facts` (resized to the token count) for `analysis`, including the part of speech.
// `in_timex` (one flag per token, or null) marks the tokens of time expressions: a modal's form
// there is a month ("its May outlook", "the May elections"), no modal that would make the next
// word a verb.
void analyze_tokens(const Lexicon& lexicon, const TextAnalysis& analysis, std::vector<TokenFacts>& facts,
                    const std::vector<bool>* in_timex = nullptr);

}  // namespace chronoline::events
