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
    [[nodiscard]] ClosedTag closed() const { return closed_tag; }
};

// Fills `facts` (resized to the token count) for `analysis`, including the part of speech.
void analyze_tokens(const Lexicon& lexicon, const TextAnalysis& analysis, std::vector<TokenFacts>& facts);

}  // namespace chronoline::events
