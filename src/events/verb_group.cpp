#include "events/verb_group.hpp"

namespace chronoline::events {
namespace {

bool is_aux(ClosedTag t) {
    return t == ClosedTag::modal || t == ClosedTag::future || t == ClosedTag::aux_be || t == ClosedTag::aux_have ||
           t == ClosedTag::aux_do;
}

// The form of the event token itself: an auxiliary-class word ("been", "is") carries its own.
VerbForm event_form(const TokenFacts& t) {
    if (t.closed() == ClosedTag::aux_be || t.closed() == ClosedTag::aux_have || t.closed() == ClosedTag::aux_do) {
        switch (t.word.info->aux_tense) {
            case AuxTense::present: return VerbForm::third;
            case AuxTense::past: return VerbForm::past;
            case AuxTense::pastpart: return VerbForm::pastpart;
            case AuxTense::prespart: return VerbForm::ing;
            case AuxTense::base:
            case AuxTense::none: return VerbForm::base;
        }
    }
    return t.word.verb_form;
}

VerbGroup read_group(const Lexicon& lexicon, const TextAnalysis& analysis, const std::vector<TokenFacts>& facts,
                     std::size_t i, std::size_t first_token, EventPos pos, int depth);

// "helped build", "let GM amass", "heard him talk": a base form right after a verb listed in
// bare_infinitive_verbs.txt, or after such a verb and its one- or two-word object.
bool bare_infinitive(const TextAnalysis& analysis, const std::vector<TokenFacts>& facts, std::size_t i,
                     std::size_t first_token) {
    auto governs = [&](std::size_t k) {
        const WordInfo* lemma = facts[k].word.lemma_info;
        return lemma && lemma->bare_infinitive && facts[k].pos == Pos::verb;
    };
    auto object_word = [&](std::size_t k) {
        const Pos p = facts[k].pos;
        return p == Pos::pronoun || p == Pos::proper_noun || p == Pos::noun || p == Pos::determiner;
    };
    (void)analysis;
    if (i <= first_token) return false;
    if (governs(i - 1)) return true;
    for (std::size_t back = 2; back <= 4 && i >= first_token + back; ++back) {
        if (!object_word(i - back + 1)) return false;
        if (governs(i - back)) return true;
    }
    return false;
}

// "to contact a priest and make amends", "would stay and fight": a bare verb right after "and"/"or"
// shares the group of the verb it is coordinated with, when that one is an infinitive, a future
// or under a modal.
bool coordinated_group(const Lexicon& lexicon, const TextAnalysis& analysis, const std::vector<TokenFacts>& facts,
                       std::size_t i, std::size_t first_token, int depth, VerbGroup& out) {
    if (depth > 0 || i <= first_token + 1) return false;
    if (!lexicon.coordinator(facts[i - 1].hash)) return false;
    constexpr std::size_t kReach = 10;
    for (std::size_t k = i - 1; k-- > first_token && i - k <= kReach;) {
        if (facts[k].pos != Pos::verb || facts[k].closed() != ClosedTag::none) continue;
        const VerbGroup prior = read_group(lexicon, analysis, facts, k, first_token, EventPos::verb, depth + 1);
        if (prior.tense == "INFINITIVE" || prior.tense == "FUTURE" || !prior.modality.empty()) {
            out.tense = prior.tense;
            out.modality = prior.modality;
            return true;
        }
        return false;
    }
    return false;
}

}  // namespace

VerbGroup read_verb_group(const Lexicon& lexicon, const TextAnalysis& analysis, const std::vector<TokenFacts>& facts,
                          std::size_t i, std::size_t first_token, EventPos pos) {
    return read_group(lexicon, analysis, facts, i, first_token, pos, 0);
}

namespace {

VerbGroup read_group(const Lexicon& lexicon, const TextAnalysis& analysis, const std::vector<TokenFacts>& facts,
                     std::size_t i, std::size_t first_token, EventPos pos, int depth) {
    VerbGroup g;
    if (pos == EventPos::noun || pos == EventPos::other) return g;
    const TokenFacts& event = facts[i];
    if (event.word.info && event.word.info->negative) g.negative = true;

    // Walk left over adverbs, negation and auxiliaries; the group ends at "to" (what precedes it
    // belongs to the governing verb) or at any other word.
    constexpr std::size_t kMaxChain = 6;
    std::size_t chain[kMaxChain];
    std::size_t chain_size = 0;
    bool infinitive = false;
    std::size_t j = i;
    while (j > first_token) {
        --j;
        const TokenFacts& t = facts[j];
        const ClosedTag tag = t.closed();
        if (tag == ClosedTag::neg || (t.word.info && t.word.info->negative && !is_aux(tag))) {
            g.negative = true;
            continue;
        }
        if (tag == ClosedTag::adv || (tag == ClosedTag::none && t.pos == Pos::adverb)) continue;
        if (infinitive) break;
        if (tag == ClosedTag::to && t.pos == Pos::particle) {
            infinitive = true;  // still read a negation right before it: "decided not to go"
            if (chain_size < kMaxChain) chain[chain_size++] = j;
            continue;
        }
        const bool clitic_aux = tag == ClosedTag::part && t.pos == Pos::aux;  // "it's"
        if ((is_aux(tag) && (t.pos == Pos::aux || t.pos == Pos::modal)) || clitic_aux) {
            if (t.word.info->negative) g.negative = true;
            if (chain_size < kMaxChain) chain[chain_size++] = j;
            continue;
        }
        break;
    }
    // chain[] holds the group right to left; chain[chain_size - 1] is its first word.
    const VerbForm form = event_form(event);

    if (chain_size == 0) {
        if (pos != EventPos::verb) return g;
        switch (form) {
            case VerbForm::ing: g.tense = "PRESPART"; break;
            case VerbForm::pastpart: g.tense = "PASTPART"; break;
            case VerbForm::past:
            case VerbForm::base_or_past:
            case VerbForm::past_or_pastpart: g.tense = "PAST"; break;
            default:
                if (bare_infinitive(analysis, facts, i, first_token)) g.tense = "INFINITIVE";
                else if (!coordinated_group(lexicon, analysis, facts, i, first_token, depth, g)) g.tense = "PRESENT";
                break;
        }
        return g;
    }

    const TokenFacts& first = facts[chain[chain_size - 1]];
    const std::string_view first_word = analysis.lower_of(analysis.tokens[chain[chain_size - 1]]);
    switch (first.closed()) {
        case ClosedTag::to: {
            g.tense = "INFINITIVE";
            // "is going to meet": a future.
            const std::size_t k = chain[chain_size - 1];
            if (k >= first_token + 2 && lexicon.going_to(facts[k - 1].hash) &&
                facts[k - 2].closed() == ClosedTag::aux_be)
                g.tense = "FUTURE";
            break;
        }
        case ClosedTag::modal:
            g.modality = lexicon.modality_of(facts[chain[chain_size - 1]].hash);
            if (g.modality.empty()) g.modality = first_word;
            // The tense closed_class.txt gives the modal, if any ("can" PRESENT); else NONE.
            if (first.word.info->aux_tense == AuxTense::present) g.tense = "PRESENT";
            else if (first.word.info->aux_tense == AuxTense::past) g.tense = "PAST";
            break;
        case ClosedTag::future: g.tense = "FUTURE"; break;
        case ClosedTag::part: g.tense = "PRESENT"; break;
        default:
            switch (first.word.info->aux_tense) {
                case AuxTense::past: g.tense = "PAST"; break;
                case AuxTense::prespart: g.tense = "PRESPART"; break;
                case AuxTense::pastpart: g.tense = "PASTPART"; break;
                default: g.tense = "PRESENT"; break;
            }
    }

    // Aspect: "have" + participle is perfective; a "be" form right before an -ing verb is
    // progressive; a passive ("was killed") is neither.
    bool have = false, been_after_have = false;
    for (std::size_t k = chain_size; k-- > 0;) {
        const TokenFacts& t = facts[chain[k]];
        if (t.closed() == ClosedTag::aux_have) have = true;
        else if (have && t.closed() == ClosedTag::aux_be && t.word.info->aux_tense == AuxTense::pastpart)
            been_after_have = true;
    }
    const bool perfective = have && (form != VerbForm::ing || been_after_have);
    const TokenFacts& nearest = facts[chain[0]];
    const bool progressive = pos == EventPos::verb && form == VerbForm::ing &&
                             (nearest.closed() == ClosedTag::aux_be || nearest.closed() == ClosedTag::part);
    if (perfective && progressive) g.aspect = "PERFECTIVE_PROGRESSIVE";
    else if (perfective) g.aspect = "PERFECTIVE";
    else if (progressive) g.aspect = "PROGRESSIVE";
    return g;
}

}  // namespace

}  // namespace chronoline::events
