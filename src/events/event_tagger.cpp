// The events stage: part of speech, then the learned model picks event tokens and their class
// (and part of speech), then the verb-group reader gives tense, aspect, polarity and modality.
#include <algorithm>
#include <charconv>
#include <climits>
#include <cmath>
#include <ostream>

#include "chronoline/error.hpp"
#include "chronoline/events.hpp"
#include "events/class_rules.hpp"
#include "events/event_model.hpp"
#include "events/lexicon.hpp"
#include "events/pos_tagger.hpp"
#include "events/verb_group.hpp"

namespace chronoline {

using namespace events;

struct EventTagger::Impl {
    Lexicon lexicon;
    EventModel model;
};

namespace {

static_assert(Event{}.tense == "NONE" && Event{}.aspect == "NONE" && Event{}.polarity == "POS" && Event{}.modality.empty(),
              "tag() writes only the values that differ from a new Event's");

constexpr std::uint32_t kTrainingBucketBits = 18;

// A noun listed in event_nominals.txt is an event unless the model is quite sure it is not: its
// "not an event" score is lowered by this many weight units. The gold corpora leave many event
// nominals unannotated ("comments", "remarks" never are, though TimeML counts them as events), so
// the model alone is too shy of them. Held-out relaxed F1 (train timebank -> score aquaint, and
// the reverse), with the verb priors below: 0.8686 / 0.7971 without it, 0.8704 / 0.8009 at 15,
// 0.8701 / 0.8009 at 20, 0.8691 / 0.7997 at 30, 0.8660 / 0.7958 at 45 (the value before the
// main-verb prior), 0.8656 / 0.7947 at 60.
constexpr double kNominalPrior = 20.0;

// And by this much more when a determiner or a possessive heads its noun phrase ("his widely
// criticized comments", "the president's indication"): a listed nominal that is a noun phrase's
// head is more often an event than one in a bare plural or a compound. With it the seed
// article's "comments" and "indication" are found; held-out relaxed F1 0.8675 / 0.7998 (at 0:
// 0.8701 / 0.8009; a plain nominal prior of 40, which also finds them, gives 0.8664 / 0.7969).
constexpr double kDeterminedNominalPrior = 20.0;

// Likewise for a verb right after "to", a modal or an auxiliary ("had to again state", "will
// meet"): TimeML makes nearly every such verb an event. Held-out relaxed F1 went from 0.8426 /
// 0.7860 without it to 0.8486 / 0.7896 with 20 (10: 0.8475 / 0.7882; 40: 0.8471 / 0.7897).
constexpr double kGovernedVerbPrior = 20.0;

// And for every main verb (the part-of-speech tagger's verb, not an auxiliary), on top: TimeBank,
// the bigger training corpus, leaves many plain verbs unannotated, so a model trained on it
// misses clear ones ("Albright accepted admission papers", "It gave no reason"). Held-out
// relaxed F1 (train timebank -> score aquaint, and the reverse): 0.8511 / 0.7924 without it,
// 0.8590 / 0.7945 at 5, 0.8640 / 0.7960 at 10, 0.8651 / 0.7940 at 15, 0.8661 / 0.7916 at 20,
// 0.8532 / 0.7776 at 40.
constexpr double kVerbPrior = 10.0;

// Once a token is an event, a class other than OCCURRENCE must beat OCCURRENCE by this much:
// OCCURRENCE is TimeML's default class, and the corpora disagree most on the others ("asked",
// "sought": I_ACTION in TimeBank, OCCURRENCE in AQUAINT). Held-out class accuracy (train
// timebank -> score aquaint, and the reverse), with the five-run model: 0.822 / 0.783 without
// it, 0.827 / 0.784 at 2, 0.829 / 0.783 at 3, 0.831 / 0.782 at 4, 0.830 / 0.781 at 5, 0.836 /
// 0.778 at 8. (It leaves which tokens are events alone.)
constexpr double kOccurrencePrior = 4.0;

std::filesystem::path lexicon_dir(const std::filesystem::path& resource_dir) { return resource_dir / "en" / "events"; }
std::filesystem::path model_path(const std::filesystem::path& resource_dir) {
    return resource_dir / "models" / "events.model";
}

Pos token_pos_of(EventPos p) {
    switch (p) {
        case EventPos::verb: return Pos::verb;
        case EventPos::noun: return Pos::noun;
        case EventPos::adjective: return Pos::adjective;
        case EventPos::other: return Pos::other;
    }
    return Pos::other;
}

// Tokens covered by a time expression are never events ("the week", "Monday").
void mark_timex_tokens(const TextAnalysis& analysis, const std::vector<Span>& spans, std::vector<bool>& in_timex) {
    in_timex.assign(analysis.tokens.size(), false);
    const auto& tokens = analysis.tokens;
    for (const Span& span : spans) {
        auto it = std::lower_bound(tokens.begin(), tokens.end(), span.begin,
                                   [](const Token& tok, std::uint32_t b) { return tok.span.end <= b; });
        for (; it != tokens.end() && it->span.begin < span.end; ++it)
            in_timex[static_cast<std::size_t>(it - tokens.begin())] = true;
    }
}

bool governed_by_auxiliary(const std::vector<TokenFacts>& facts, std::size_t i) {
    const std::size_t j = governing_word(facts, i);
    return j != kNoGovernor && (facts[j].pos == Pos::aux || facts[j].pos == Pos::modal ||
                                (facts[j].closed() == ClosedTag::to && facts[j].pos == Pos::particle));
}

// A noun with a determiner or a possessive before it, past its modifiers ("his widely criticized
// comments", "the president's indication", "the summit").
bool determined_noun(const std::vector<TokenFacts>& facts, std::size_t i) {
    std::size_t j = i;
    while (j > 0 && !facts[j].sentence_start) {
        --j;
        const Pos p = facts[j].pos;
        if (p == Pos::adjective || p == Pos::adverb || p == Pos::verb || p == Pos::noun) continue;
        return p == Pos::determiner || (facts[j].closed() == ClosedTag::part && p == Pos::particle);
    }
    return false;
}

// Can what the verb at `i` governs be an event? Not when its object is a pronoun, a name or a
// noun whose first sense is a person, group, place... (non_event_noun_classes.txt): "keep the
// boy", "stop them". An infinitive, an -ing form, an event noun, a time expression ("started
// Monday": no object) or anything else may be.
bool event_argument(const Lexicon& lexicon, const std::vector<TokenFacts>& facts, const std::vector<bool>& in_timex,
                    std::size_t i) {
    for (std::size_t j = i + 1; j < facts.size() && j <= i + 5 && !facts[j].sentence_start; ++j) {
        if (in_timex[j]) return true;  // "the blaze started Monday": no object
        const Pos p = facts[j].pos;
        if (p == Pos::determiner || p == Pos::adjective || p == Pos::adverb || p == Pos::number ||
            (p == Pos::particle && facts[j].closed() == ClosedTag::part))
            continue;
        if (p == Pos::pronoun && facts[j].closed() == ClosedTag::pron) return false;
        if (p == Pos::proper_noun) return false;
        if (p == Pos::noun) {
            // The head of the noun phrase: the last of a run of nouns.
            std::size_t head = j;
            while (head + 1 < facts.size() && !facts[head + 1].sentence_start && facts[head + 1].pos == Pos::noun) ++head;
            return !lexicon.non_event_noun(facts[head].word.lemma_info);
        }
        return true;
    }
    return true;
}

// "going" between a "be" form and "to" + a verb ("is going to meet", "are not going to stay").
bool going_to_future(const Lexicon& lexicon, const std::vector<TokenFacts>& facts, std::size_t i) {
    // "to" after it first: the cheapest test, false for nearly every token.
    if (i == 0 || i + 2 >= facts.size() || facts[i + 1].closed() != ClosedTag::to) return false;
    if (!lexicon.going_to(facts[i].hash) || facts[i + 2].pos != Pos::verb || facts[i + 2].sentence_start)
        return false;
    const std::size_t j = governing_word(facts, i);
    if (j == kNoGovernor) return false;
    const ClosedTag tag = facts[j].closed();
    return tag == ClosedTag::aux_be || (tag == ClosedTag::part && facts[j].pos == Pos::aux);
}

// The part of speech to train the model's pos head with: the gold one, or when the corpus left
// it UNKNOWN, a verb if the gold tense says the event is finite or verbal, else what the
// heuristic tagger says.
std::int8_t training_pos(const Event& e, Pos heuristic, VerbForm form) {
    for (std::size_t k = 0; k < kPosLabels.size(); ++k)
        if (kPosLabels[k] == e.pos) return static_cast<std::int8_t>(k);
    if (e.tense != "NONE" && !e.tense.empty()) return 0;
    if (heuristic == Pos::adjective) return 2;
    if (heuristic == Pos::noun || heuristic == Pos::proper_noun) return 1;
    // An -ing form the corpus gives no tense (and no modal) is a gerund or a nominal: "the
    // bombing", "regular trading" (TimeBank, which gives the pos, calls them NOUN).
    if (form == VerbForm::ing && e.modality.empty()) return 1;
    return -1;
}

}  // namespace

EventTagger EventTagger::load(const std::filesystem::path& resource_dir) {
    auto impl = std::make_shared<Impl>(Impl{Lexicon::load(lexicon_dir(resource_dir)),
                                            EventModel::load(model_path(resource_dir))});
    return EventTagger(std::move(impl));
}

void EventTagger::tag(Document& doc) const {
    std::vector<Span> spans;
    spans.reserve(doc.timexes.size());
    for (const Timex& t : doc.timexes) spans.push_back(t.span);
    tag(doc, spans);
}

void EventTagger::tag(Document& doc, const std::vector<Span>& time_expressions) const {
    if (doc.analysis.tokens.empty() && !doc.text.empty()) doc.analysis = analyze_text(doc.text);
    TextAnalysis& analysis = doc.analysis;
    std::vector<bool> in_timex;
    mark_timex_tokens(analysis, time_expressions, in_timex);
    std::vector<TokenFacts> facts;
    analyze_tokens(impl_->lexicon, analysis, facts, &in_timex);

    doc.events.clear();
    doc.events.reserve(facts.size() / 6 + 1);
    const EventModel& model = impl_->model;
    const std::uint32_t mask = model.bucket_mask();
    ScoringFeatures features;
    const auto nominal_prior = static_cast<std::int32_t>(kNominalPrior / model.scale());
    const auto governed_verb_prior = static_cast<std::int32_t>(kGovernedVerbPrior / model.scale());
    const auto verb_prior = static_cast<std::int32_t>(kVerbPrior / model.scale());
    const auto determined_nominal_prior = static_cast<std::int32_t>(kDeterminedNominalPrior / model.scale());
    const auto occurrence_prior = static_cast<std::int32_t>(kOccurrencePrior / model.scale());
    std::size_t sentence = 0;
    const auto& sentences = analysis.sentences;
    const std::size_t n = facts.size();
    for (std::size_t i = 0; i < n; ++i) {
        // The tagger's part of speech, in the same walk (an event's is set again below; nothing
        // here reads a token's pos from analysis.tokens).
        analysis.tokens[i].pos = facts[i].pos;
        if (!is_candidate(analysis, facts, i) || in_timex[i]) continue;
        // An auxiliary (a "be"/"have"/"do" form the tagger saw a verb form follow) is never an
        // event: it is not scored. (The held-out figures are the same to the fourth decimal
        // with or without this; it spares 5% of the scoring.)
        if (facts[i].pos == Pos::aux) continue;
        // Nor is the "going" of a going-to future ("is going to meet"): the future is the tense
        // of the verb after "to" (TimeML's guidelines; 26 of 33 such "going" are unannotated in
        // the gold corpora).
        if (going_to_future(impl_->lexicon, facts, i)) continue;
        // Nor is a noun that names a person, a group, a place, a quantity... (see
        // non_event_noun_classes.txt).
        if (facts[i].pos == Pos::noun && impl_->lexicon.non_event_noun(facts[i].word.lemma_info)) continue;
        // Nor a noun that modifies the noun after it ("peace talks", "press conference"): TimeML
        // marks the head. (Held-out relaxed F1 0.8675 / 0.7998 with them scored, 0.8695 / 0.8023
        // without.)
        if (facts[i].pos == Pos::noun && i + 1 < facts.size() && facts[i + 1].pos == Pos::noun &&
            !facts[i + 1].sentence_start)
            continue;
        extract_scoring_features(analysis, facts, i, mask, features);
        ClassScores s = model.score_class(features);
        if (const WordInfo* lemma = facts[i].word.lemma_info; lemma && lemma->nominal && facts[i].pos == Pos::noun)
            s[0] -= nominal_prior + (determined_noun(facts, i) ? determined_nominal_prior : 0);
        const bool governed = facts[i].pos == Pos::verb && governed_by_auxiliary(facts, i);
        if (governed && facts[i].closed() == ClosedTag::none) s[0] -= governed_verb_prior;
        if (facts[i].pos == Pos::verb && facts[i].closed() == ClosedTag::none) s[0] -= verb_prior;
        std::size_t cls = 0, runner_up = 0;
        for (std::size_t k = 1; k < kClassOutputs; ++k)
            if (s[k] > s[cls]) cls = k;
        if (cls == 0) continue;
        // Among the event classes, OCCURRENCE (TimeML's default class) gets a head start.
        s[1] += occurrence_prior;
        for (std::size_t k = 1; k < kClassOutputs; ++k)
            if (s[k] > s[cls]) cls = k;
        // An aspectual verb's argument is an event: with a person, a group, a place or a name
        // for its object ("keep the boy", "stop them") it is not one; the next best class.
        if (cls == kAspectual && facts[i].pos == Pos::verb && !event_argument(impl_->lexicon, facts, in_timex, i)) {
            s[kAspectual] = INT32_MIN / 2;
            cls = 1;
            for (std::size_t k = 2; k < kClassOutputs; ++k)
                if (s[k] > s[cls]) cls = k;
        }
        // The rules after the model (class_rules.hpp). A verb for them is the tagger's verb, or a
        // verb form the model's part-of-speech head takes for a verb ("has since started a
        // restructuring", "temporarily stopped shipping", which the tagger reads as a noun and an
        // adjective).
        const PosScores ps = model.score_pos(features);
        std::size_t pos = 0;
        for (std::size_t k = 1; k < kPosOutputs; ++k)
            if (ps[k] > ps[pos]) pos = k;
        const bool verb = facts[i].pos == Pos::verb ||
                          (pos == 0 && facts[i].word.verb_form != VerbForm::none &&
                           (facts[i].pos == Pos::noun || facts[i].pos == Pos::adjective));
        cls = class_after_model(impl_->lexicon, analysis, facts, in_timex, i, verb, s, cls);
        for (std::size_t k = 0; k < kClassOutputs; ++k)
            if (k != cls && (runner_up == cls || s[k] > s[runner_up])) runner_up = k;

        while (sentence + 1 < sentences.size() && sentences[sentence].end_token <= i) ++sentence;
        auto event_pos = static_cast<EventPos>(pos);
        // The verb group outranks the model's part of speech: after "to", a modal or an
        // auxiliary, a verb form is a verb.
        if (event_pos != EventPos::verb && governed) {
            event_pos = EventPos::verb;
            pos = 0;
        }
        const std::size_t first_token = sentences.empty() ? 0 : sentences[sentence].first_token;
        // The verb group is read with the model's part of speech on this token.
        analysis.tokens[i].pos = token_pos_of(event_pos);
        facts[i].pos = token_pos_of(event_pos);
        const VerbGroup g = read_verb_group(impl_->lexicon, analysis, facts, i, first_token, event_pos);

        char id[32] = {'e', 'i'};
        const char* id_end = std::to_chars(id + 2, id + sizeof id, doc.events.size() + 1).ptr;
        Event& e = doc.events.emplace_back();  // filled in place: no Event moved or destroyed
        e.span = analysis.tokens[i].span;
        e.eiid.assign(id, static_cast<std::size_t>(id_end - id));
        e.eid.assign(id + 1, static_cast<std::size_t>(id_end - id - 1));
        e.eid[0] = 'e';
        e.event_class = kClassLabels[cls];
        // A new Event already holds the most frequent values (tense and aspect NONE, polarity
        // POS, no modality): only others are written.
        if (g.tense != "NONE") e.tense = g.tense;
        if (g.aspect != "NONE") e.aspect = g.aspect;
        if (g.negative) e.polarity = "NEG";
        if (!g.modality.empty()) e.modality = g.modality;
        e.pos = kPosLabels[pos];
        e.sentence = static_cast<std::uint32_t>(sentence);
        const double margin = static_cast<double>(s[cls] - s[runner_up]) * model.scale();
        e.confidence = 1.0 / (1.0 + std::exp(-margin));
    }
}

void train_event_model(const std::vector<Document>& gold, const std::filesystem::path& resource_dir,
                       std::ostream& out, const EventTrainingOptions& options) {
    const Lexicon lexicon = Lexicon::load(lexicon_dir(resource_dir));
    const std::uint32_t mask = (1u << kTrainingBucketBits) - 1;
    std::vector<EventModel::Example> examples;
    std::vector<std::uint32_t> features;
    std::vector<TokenFacts> facts;
    std::uint32_t buffer[kMaxFeatures];
    for (const Document& doc : gold) {
        const TextAnalysis analysis = doc.analysis.tokens.empty() && !doc.text.empty() ? analyze_text(doc.text)
                                                                                        : doc.analysis;
        analyze_tokens(lexicon, analysis, facts);
        // Gold label of each token: the event that starts in it (events are single words).
        std::vector<std::uint8_t> label(facts.size(), 0);
        std::vector<std::int8_t> pos_label(facts.size(), -1);
        std::size_t t = 0;
        for (const Event& e : doc.events) {
            const auto& tokens = analysis.tokens;
            while (t < tokens.size() && tokens[t].span.end <= e.span.begin) ++t;
            if (t >= tokens.size()) break;
            if (tokens[t].span.begin >= e.span.end) continue;  // the event is in no token
            for (std::size_t k = 0; k < kClassLabels.size(); ++k)
                if (kClassLabels[k] == e.event_class && k > 0) label[t] = static_cast<std::uint8_t>(k);
            pos_label[t] = training_pos(e, facts[t].pos, facts[t].word.verb_form);
        }
        for (std::size_t i = 0; i < facts.size(); ++i) {
            if (!is_candidate(analysis, facts, i)) continue;
            const std::size_t count = extract_features(analysis, facts, i, mask, buffer);
            EventModel::Example ex;
            ex.first_feature = static_cast<std::uint32_t>(features.size());
            ex.feature_count = static_cast<std::uint8_t>(count);
            ex.class_label = label[i];
            ex.pos_label = label[i] ? pos_label[i] : std::int8_t{-1};
            features.insert(features.end(), buffer, buffer + count);
            examples.push_back(ex);
        }
    }
    if (examples.empty()) throw input_error("no training tokens in the gold documents");
    EventModel::train(examples, features, kTrainingBucketBits, options.epochs, options.seed, std::max(1, options.runs), out);
}

}  // namespace chronoline
