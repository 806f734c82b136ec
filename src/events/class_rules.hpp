// Class decisions after the model: what a verb takes for its complement, and which TimeML classes
// a verb's lexicon hints allow with that complement ("tried to leave": I_ACTION).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "events/event_model.hpp"
#include "events/lexicon.hpp"
#include "events/pos_tagger.hpp"

namespace chronoline::events {

inline constexpr std::size_t kOccurrence = 1, kReporting = 2, kIAction = 4, kIState = 5, kAspectual = 6;
static_assert(kClassLabels[kOccurrence] == "OCCURRENCE" && kClassLabels[kReporting] == "REPORTING" &&
              kClassLabels[kIAction] == "I_ACTION" && kClassLabels[kIState] == "I_STATE" &&
              kClassLabels[kAspectual] == "ASPECTUAL");

// What follows a verb, as far as its class goes: "to" + a verb ("tried to leave"), an -ing verb
// ("kept rallying"), a clause opened by a complementizer of verb_group_words.txt ("noted that"),
// an object then "to" + a verb ("urged them to leave"), or a noun phrase whose head can be an
// event ("completed the sale": not a pronoun, a name or a noun of non_event_noun_classes.txt).
enum class Complement : std::uint8_t { none, infinitive, gerund, clause, object_infinitive, event_object };

// The complement of the verb at `i` (adverbs and negations skipped; a time expression right
// after it is none: "the talks ended Monday").
Complement complement_of(const Lexicon& lexicon, const std::vector<TokenFacts>& facts,
                         const std::vector<bool>& in_timex, std::size_t i);

// The classes (bits by index into kClassLabels) that a verb with these event_lexicon.txt hints
// takes with this complement, as TimeML's guidelines define them.
unsigned complement_classes(unsigned hints, Complement c);

}  // namespace chronoline::events
