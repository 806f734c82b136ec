// Class decisions after the model: what a verb takes for its complement, and which TimeML classes
// a verb's lexicon hints allow with that complement ("tried to leave": I_ACTION); and the other
// rules, each from TimeML's class definitions, that correct the model's class of an event.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "chronoline/text.hpp"
#include "events/event_model.hpp"
#include "events/lexicon.hpp"
#include "events/pos_tagger.hpp"

namespace chronoline::events {

inline constexpr std::size_t kOccurrence = 1, kReporting = 2, kState = 3, kIAction = 4, kIState = 5, kAspectual = 6,
                             kPerception = 7;
static_assert(kClassLabels[kOccurrence] == "OCCURRENCE" && kClassLabels[kReporting] == "REPORTING" &&
              kClassLabels[kState] == "STATE" && kClassLabels[kIAction] == "I_ACTION" &&
              kClassLabels[kIState] == "I_STATE" && kClassLabels[kAspectual] == "ASPECTUAL" &&
              kClassLabels[kPerception] == "PERCEPTION");

// What follows a verb, as far as its class goes: "to" + a verb ("tried to leave"), an -ing verb
// ("kept rallying"), a clause opened by a complementizer of verb_group_words.txt ("noted that"),
// an object then "to" + a verb ("urged them to leave", "urged residents of the city to leave"),
// a noun phrase whose head can be an event ("completed the deal": not a pronoun, a name or a noun
// of non_event_noun_classes.txt), one whose head names a happening ("ordered the evacuation": a
// noun of event_nominals.txt or of event_noun_classes.txt), one that cannot be an event ("stopped
// the prisoners", "kept them"), or a request preposition of verb_group_words.txt then an event
// ("called for talks", "asked for permission"). `none`: nothing of these (no object: "the strike
// ended", a passive: "the sale was completed", a time expression: "the talks ended Monday").
enum class Complement : std::uint8_t {
    none, infinitive, gerund, clause, object_infinitive, event_object, other_object, event_noun_object, requested_event
};

// The complement of the verb at `i` (adverbs and negations skipped; a time expression right
// after it is none: "the talks ended Monday").
Complement complement_of(const Lexicon& lexicon, const std::vector<TokenFacts>& facts,
                         const std::vector<bool>& in_timex, std::size_t i);

// The classes (bits by index into kClassLabels) that a verb with these event_lexicon.txt hints
// takes with this complement, as TimeML's guidelines define them.
unsigned complement_classes(unsigned hints, Complement c);

// Is the verb at `i` in a quotative position: a finite form right after a comma or a quote and
// before its subject (`..., said the minister`), or at the end of a clause after its subject, the
// subject after a comma or a quote (`..., the company added.`, `But, he notes, ...`)?
bool quotative(const TextAnalysis& analysis, const std::vector<TokenFacts>& facts, std::size_t i);

// The class of the event at `i` after the rules, given the model's class `cls` and its scores
// `s` (a class ruled out is set very low in `s`, so that the runner-up is read right). `verb`:
// the token is a verb (by the tagger or, for a verb form, by the model's part-of-speech head).
// The rules, each a TimeML class definition read with the lexicons, in this order:
// - a noun with an I_ACTION or I_STATE hint before "to" + a verb takes that class ("efforts to
//   reach", "plans to sell"; a nominalization follows its verb);
// - a noun with an ASPECTUAL hint before a preposition and an event is ASPECTUAL ("the completion
//   of the merger", "the beginnings of a wider conflict");
// - a verb with a REPORTING hint in a quotative position (see quotative) is REPORTING;
// - a verb with a PERCEPTION hint is PERCEPTION ("was spotted", "watched the ministers"), unless
//   it is an -ing form after a noun ("the courts hearing the case", "an asylum hearing");
// - a noun with no REPORTING hint is not REPORTING ("the talks", "a talk": TimeML's REPORTING
//   is the telling, "statement", "announcement", not a meeting);
// - a verb of stative_verbs.txt is STATE;
// - a verb takes the class its lexicon hints and its complement agree on (complement_classes).
// The rules that give a class act only on what the model left OCCURRENCE.
std::size_t class_after_model(const Lexicon& lexicon, const TextAnalysis& analysis, const std::vector<TokenFacts>& facts,
                              const std::vector<bool>& in_timex, std::size_t i, bool verb, ClassScores& s,
                              std::size_t cls);

}  // namespace chronoline::events
