// Class decisions after the model (see class_rules.hpp).
#include "events/class_rules.hpp"

#include <algorithm>

namespace chronoline::events {

namespace {

bool base_verb_at(const std::vector<TokenFacts>& facts, std::size_t j) {
    return j < facts.size() && !facts[j].sentence_start && facts[j].pos == Pos::verb;
}

// A bare infinitive at `j` after a verb of bare_infinitive_verbs.txt ("helped build", "helped
// them build"): a verb in its base form.
bool bare_verb_at(const std::vector<TokenFacts>& facts, std::size_t j) {
    return base_verb_at(facts, j) && facts[j].word.verb_form == VerbForm::base;
}

}  // namespace

Complement complement_of(const Lexicon& lexicon, const std::vector<TokenFacts>& facts, const std::vector<bool>& in_timex,
                         std::size_t i) {
    std::size_t j = i + 1;
    const std::size_t end = std::min(facts.size(), i + 8);
    auto skippable = [&](std::size_t k) {
        const ClosedTag t = facts[k].closed();
        return t == ClosedTag::adv || t == ClosedTag::neg || facts[k].pos == Pos::adverb;
    };
    while (j < end && !facts[j].sentence_start && skippable(j)) ++j;
    if (j >= end || facts[j].sentence_start || in_timex[j]) return Complement::none;
    if (facts[j].closed() == ClosedTag::to) return base_verb_at(facts, j + 1) ? Complement::infinitive : Complement::none;
    if (lexicon.complementizer(facts[j].hash)) return Complement::clause;
    const bool bare = facts[i].word.lemma_info && facts[i].word.lemma_info->bare_infinitive;
    if (bare && bare_verb_at(facts, j)) return Complement::infinitive;
    if (facts[j].pos == Pos::verb && facts[j].word.verb_form == VerbForm::ing) return Complement::gerund;
    // A noun phrase: determiners, possessives, adjectives, numbers, nouns, names, or one pronoun.
    std::size_t head = SIZE_MAX;
    bool pronoun_or_name = false;
    for (; j < end && !facts[j].sentence_start && !in_timex[j]; ++j) {
        const Pos p = facts[j].pos;
        if (p == Pos::determiner || p == Pos::adjective || p == Pos::number || p == Pos::adverb ||
            (p == Pos::particle && facts[j].closed() == ClosedTag::part))
            continue;
        if (p == Pos::noun) { head = j; continue; }
        if (p == Pos::proper_noun || (p == Pos::pronoun && facts[j].closed() == ClosedTag::pron)) {
            pronoun_or_name = true;
            head = j;
            continue;
        }
        break;
    }
    if (head == SIZE_MAX) return Complement::none;
    if (j < end && !facts[j].sentence_start && facts[j].closed() == ClosedTag::to && base_verb_at(facts, j + 1))
        return Complement::object_infinitive;
    if (bare && j < end && bare_verb_at(facts, j)) return Complement::object_infinitive;
    // A subject and its finite verb: a clause without "that" ("said the company would sell").
    if (j < end && !facts[j].sentence_start && !in_timex[j] &&
        (facts[j].pos == Pos::modal || facts[j].pos == Pos::aux ||
         (facts[j].pos == Pos::verb && (facts[j].word.verb_form == VerbForm::past || facts[j].word.verb_form == VerbForm::third ||
                                        facts[j].word.verb_form == VerbForm::past_or_pastpart))))
        return Complement::clause;
    if (!pronoun_or_name && facts[head].pos == Pos::noun && !lexicon.non_event_noun(facts[head].word.lemma_info))
        return Complement::event_object;
    return Complement::none;
}

// Held-out class accuracy (train timebank -> score aquaint, and the reverse): 0.8282 / 0.7844
// without these rules, 0.8280 / 0.7952 with them (each alone: ASPECTUAL 0.8285 / 0.7889, I_ACTION
// 0.8275 / 0.7891, I_STATE 0.8288 / 0.7847, REPORTING 0.8280 / 0.7856). Both gold corpora mostly
// annotate these constructions so (TimeBank: aspectual verbs before "to" or an -ing verb 66 of
// 70 ASPECTUAL, I_STATE verbs before "to" 116 of 132; AQUAINT 14 of 23 and 41 of 49), but
// AQUAINT often leaves an I_ACTION verb before "to" OCCURRENCE (49 of 109: "refused to
// identify himself"), against the guidelines; the rules follow the guidelines.
unsigned complement_classes(unsigned hints, Complement c) {
    unsigned allowed = 0;
    if ((hints & hint_aspectual) && (c == Complement::infinitive || c == Complement::gerund || c == Complement::event_object))
        allowed |= 1u << kAspectual;
    if ((hints & hint_i_action) && (c == Complement::infinitive || c == Complement::object_infinitive))
        allowed |= 1u << kIAction;
    if ((hints & hint_i_state) && (c == Complement::infinitive || c == Complement::clause)) allowed |= 1u << kIState;
    if ((hints & hint_reporting) && c == Complement::clause) allowed |= 1u << kReporting;
    return allowed;
}

}  // namespace chronoline::events
