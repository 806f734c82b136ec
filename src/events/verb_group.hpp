// Tense, aspect, polarity and modality of an event, read off its verb group: the auxiliaries,
// modals, "to" and negation before it within the clause ("did not attend" -> PAST, NEG;
// "has been meeting" -> PRESENT, PERFECTIVE_PROGRESSIVE; "would have gone" -> NONE, PERFECTIVE,
// modality "would").
#pragma once
#include <cstddef>
#include <string_view>
#include <vector>

#include "chronoline/text.hpp"
#include "events/pos_tagger.hpp"

namespace chronoline::events {

enum class EventPos : std::uint8_t { verb, noun, adjective, other };

struct VerbGroup {
    std::string_view tense = "NONE";
    std::string_view aspect = "NONE";
    bool negative = false;
    std::string_view modality;  // lower-case modal ("would", "can"), empty when none
};

// `i` is the event's token; `first_token` the first token of its sentence. The lexicon gives
// the words of verb_group_words.txt (modal forms, coordinators, "going to").
VerbGroup read_verb_group(const Lexicon& lexicon, const TextAnalysis& analysis, const std::vector<TokenFacts>& facts,
                          std::size_t i, std::size_t first_token, EventPos pos);

}  // namespace chronoline::events
