#include "events/pos_tagger.hpp"


namespace chronoline::events {
namespace {

bool verb_like_form(VerbForm f) {
    return f == VerbForm::ing || f == VerbForm::past || f == VerbForm::pastpart || f == VerbForm::past_or_pastpart ||
           f == VerbForm::base_or_past;
}
// Forms that can follow "have": "has hit", "had come" (base-like participles) included.
bool participle_form(VerbForm f) {
    return f == VerbForm::pastpart || f == VerbForm::past_or_pastpart || f == VerbForm::base_or_past;
}

bool is_ly_adverb(const TextAnalysis& analysis, const std::vector<TokenFacts>& facts, std::size_t j) {
    if (facts[j].closed() != ClosedTag::none || analysis.tokens[j].kind != TokenKind::word) return false;
    const std::string_view w = analysis.lower_of(analysis.tokens[j]);
    return w.size() > 4 && w.ends_with("ly");
}

// Index of the next token after `i` that is not an adverb or a negation, or `n`.
std::size_t next_content(const TextAnalysis& analysis, const std::vector<TokenFacts>& facts, std::size_t i,
                         std::size_t n) {
    std::size_t j = i + 1;
    while (j < n && (facts[j].closed() == ClosedTag::adv || facts[j].closed() == ClosedTag::neg ||
                     is_ly_adverb(analysis, facts, j)))
        ++j;
    return j;
}

Pos closed_pos(const TextAnalysis& analysis, const std::vector<TokenFacts>& facts, std::size_t i, std::size_t n) {
    const TokenFacts& t = facts[i];
    switch (t.closed()) {
        case ClosedTag::det: return Pos::determiner;
        case ClosedTag::prep: return Pos::preposition;
        case ClosedTag::pron: return Pos::pronoun;
        case ClosedTag::conj: return Pos::conjunction;
        case ClosedTag::wh: return Pos::pronoun;
        case ClosedTag::adv: return Pos::adverb;
        case ClosedTag::neg: return Pos::particle;
        case ClosedTag::num: return Pos::number;
        case ClosedTag::modal:
        case ClosedTag::future: return Pos::modal;
        case ClosedTag::part: {
            // "'s" after a pronoun is "is"/"has": "it's", "he's"; after a noun a possessive.
            // (The tokenizer leaves the apostrophe as a token of its own: look past it.)
            std::size_t before = i;
            if (before > 0 && analysis.tokens[before - 1].kind == TokenKind::punct) --before;
            if (before > 0 && facts[before - 1].pos == Pos::pronoun) return Pos::aux;
            return Pos::particle;
        }
        case ClosedTag::to: {
            const std::size_t j = next_content(analysis, facts, i, n);
            // A form WordNet knows, but not as a verb, makes "to" a preposition: "threats to
            // abortion providers", "bring them to justice", "shot to death".
            const std::uint8_t wordnet = j < n && facts[j].word.info ? facts[j].word.info->wordnet_pos : 0;
            if (j < n && facts[j].closed() == ClosedTag::none &&
                (facts[j].word.verb_form == VerbForm::base || facts[j].word.verb_form == VerbForm::base_or_past) &&
                !analysis.tokens[j].capitalized && (wordnet == 0 || (wordnet & wordnet_verb_bit)))
                return Pos::particle;
            if (j < n && (facts[j].closed() == ClosedTag::aux_be || facts[j].closed() == ClosedTag::aux_have))
                return Pos::particle;
            return Pos::preposition;
        }
        case ClosedTag::aux_be: {
            const std::size_t j = next_content(analysis, facts, i, n);
            if (j < n && (verb_like_form(facts[j].word.verb_form) || facts[j].closed() == ClosedTag::aux_be))
                return Pos::aux;
            return Pos::verb;
        }
        case ClosedTag::aux_have: {
            const std::size_t j = next_content(analysis, facts, i, n);
            if (j < n && (participle_form(facts[j].word.verb_form) || facts[j].closed() == ClosedTag::aux_be ||
                          facts[j].closed() == ClosedTag::aux_have ||
                          (facts[j].word.info && facts[j].word.info->base_is_participle)))
                return Pos::aux;
            return Pos::verb;
        }
        case ClosedTag::aux_do: {
            const std::size_t j = next_content(analysis, facts, i, n);
            if (j < n && facts[j].closed() == ClosedTag::none &&
                (facts[j].word.verb_form == VerbForm::base || facts[j].word.verb_form == VerbForm::base_or_past))
                return Pos::aux;
            return Pos::verb;
        }
        case ClosedTag::none: break;
    }
    return Pos::unknown;
}

// The nearest preceding token that is not an adverb or negation, within the sentence.
const TokenFacts* previous_content(const std::vector<TokenFacts>& facts, std::size_t i) {
    while (i > 0) {
        --i;
        const Pos p = facts[i].pos;
        if (p != Pos::adverb && !(p == Pos::particle && facts[i].closed() == ClosedTag::neg)) return &facts[i];
        if (facts[i].sentence_start) break;
    }
    return nullptr;
}

bool reporting_inversion(const TextAnalysis& analysis, const std::vector<TokenFacts>& facts, std::size_t i) {
    const TokenFacts& t = facts[i];
    const VerbForm form = t.word.verb_form;
    if (i == 0 || i + 1 >= facts.size() || !t.word.lemma_info || !(t.word.lemma_info->class_hints & hint_reporting))
        return false;
    if (form != VerbForm::third && form != VerbForm::past && form != VerbForm::past_or_pastpart) return false;
    const Token& before = analysis.tokens[i - 1];
    if (before.kind != TokenKind::punct) return false;
    const std::string_view p = analysis.lower_of(before);
    if (p != "," && p != "\"" && p != "''" && p != "'" && p != "\xE2\x80\x9D") return false;
    const Token& after = analysis.tokens[i + 1];
    return after.kind == TokenKind::word &&
           (after.capitalized || facts[i + 1].closed() == ClosedTag::pron || facts[i + 1].closed() == ClosedTag::det);
}

Pos open_pos(const TextAnalysis& analysis, const std::vector<TokenFacts>& facts, std::size_t i) {
    const Token& token = analysis.tokens[i];
    const TokenFacts& t = facts[i];
    const VerbForm form = t.word.verb_form;
    const bool irregular = t.word.info && t.word.info->irregular;
    const TokenFacts* prev = t.sentence_start ? nullptr : previous_content(facts, i);
    const Pos prev_pos = prev ? prev->pos : Pos::unknown;
    const ClosedTag prev_closed = prev ? prev->closed() : ClosedTag::none;

    if (token.capitalized && !t.sentence_start && !irregular) return Pos::proper_noun;
    // An -ly adverb that cannot be a verb stays an adverb even where a verb is due ("did not
    // publicly comment"), so that the verb after it still sees the auxiliary.
    if (t.word.suffix_pos == Pos::adverb && !(t.word.info && (t.word.info->wordnet_pos & wordnet_verb_bit)) &&
        (prev_pos == Pos::modal || prev_pos == Pos::aux || (prev_pos == Pos::particle && prev_closed == ClosedTag::to)))
        return Pos::adverb;
    // Verb-forcing contexts.
    if (prev_pos == Pos::modal || (prev_pos == Pos::particle && prev_closed == ClosedTag::to)) return Pos::verb;
    if (prev_pos == Pos::aux && (prev_closed == ClosedTag::aux_do || verb_like_form(form))) return Pos::verb;
    const Pos by_suffix = t.word.suffix_pos;  // once per form, by analyze_tokens
    if (by_suffix == Pos::adverb) return Pos::adverb;
    // Quotative inversion: `...," says Mr. Smith`, `..., said the minister`: a reporting verb's
    // finite form right after a comma or a closing quote, before its subject.
    if ((prev_pos == Pos::punctuation || t.sentence_start) && reporting_inversion(analysis, facts, i)) return Pos::verb;
    // Noun-phrase contexts: determiner, preposition, possessive, adjective before.
    // WordNet's parts of speech for the form itself ("widespread": adjective only).
    const std::uint8_t wordnet = t.word.info ? t.word.info->wordnet_pos : 0;
    const bool adjective_only = wordnet == wordnet_adjective_bit;
    // (One test of a bit set rather than a chain of branches, each of them hard to predict.)
    constexpr unsigned kNounPhraseContext = 1u << static_cast<unsigned>(Pos::determiner) |
                                            1u << static_cast<unsigned>(Pos::preposition) |
                                            1u << static_cast<unsigned>(Pos::adjective) |
                                            1u << static_cast<unsigned>(Pos::number);
    static_assert(static_cast<unsigned>(Pos::other) < 32);
    if (((kNounPhraseContext >> static_cast<unsigned>(prev_pos)) & 1u) |
        ((prev_pos == Pos::particle) & (prev_closed == ClosedTag::part))) {
        if (by_suffix == Pos::adjective || adjective_only) return Pos::adjective;
        if ((form == VerbForm::ing || form == VerbForm::past_or_pastpart) && i + 1 < facts.size() &&
            facts[i + 1].closed() == ClosedTag::none && !analysis.tokens[i + 1].capitalized &&
            analysis.tokens[i + 1].kind == TokenKind::word && prev_pos != Pos::preposition)
            return Pos::adjective;
        if (prev_pos == Pos::preposition && form == VerbForm::ing) return Pos::verb;
        return Pos::noun;
    }
    // After a subject (pronoun, name, noun) an inflected form is the finite verb.
    if ((prev_pos == Pos::pronoun || prev_pos == Pos::proper_noun || prev_pos == Pos::noun) &&
        (form == VerbForm::third || form == VerbForm::past || form == VerbForm::past_or_pastpart ||
         form == VerbForm::base_or_past ||
         (prev_pos == Pos::pronoun && form == VerbForm::base && by_suffix != Pos::noun && by_suffix != Pos::adjective)))
        return Pos::verb;
    if (prev_pos == Pos::verb && prev && prev->closed() == ClosedTag::aux_be &&
        (by_suffix == Pos::adjective || (wordnet & wordnet_adjective_bit)))
        return Pos::adjective;
    if (adjective_only) return Pos::adjective;
    if (irregular || form == VerbForm::ing || form == VerbForm::past_or_pastpart) return Pos::verb;
    if (t.word.lemma_info && t.word.lemma_info->nominal) return Pos::noun;
    if (wordnet == wordnet_noun_bit) return Pos::noun;
    if (wordnet == wordnet_verb_bit) return Pos::verb;
    if (by_suffix != Pos::unknown) return by_suffix;
    if (t.word.info && (t.word.info->verb_form == VerbForm::base || t.word.info->verb_form == VerbForm::base_or_past))
        return Pos::verb;
    return Pos::noun;
}

// An "s" glued to an apostrophe glued to a word: "Trump" "'" "s", "it" "’" "s".
bool clitic_s(const TextAnalysis& analysis, std::size_t i) {
    const Token& s = analysis.tokens[i];
    if (s.span.size() != 1) return false;
    const Token& quote = analysis.tokens[i - 1];
    const Token& word = analysis.tokens[i - 2];
    if (analysis.lower_of(s) != "s" || quote.span.end != s.span.begin || word.span.end != quote.span.begin ||
        word.kind == TokenKind::punct)
        return false;
    const std::string_view q = analysis.lower_of(quote);
    return q == "'" || q == "\xE2\x80\x99";
}

// A punctuation token after which a phrase starts: an opening quote ('"', "``", U+201C), a
// bracket or a colon. (By length first: nearly every punctuation token is one byte.)
bool opens_phrase(std::string_view p) {
    if (p.size() == 1) return p[0] == '"' || p[0] == '(' || p[0] == ':';
    return p == "``" || p == "\xE2\x80\x9C";
}

// A word token that may be an event: closed-class words are not, but for "be", "have", "do"
// (main verbs: "was in a cap"); nor a capitalized word inside a sentence, a name ("Helsinki",
// "White House"): events almost never are (10 of 11,000 in the gold corpora). The tests
// combined without branches: which way a token goes is hard to predict, and each branch would
// be mispredicted in turn.
bool candidate_word(bool name, ClosedTag closed) {
    constexpr unsigned kScoredTags = 1u << static_cast<unsigned>(ClosedTag::none) |
                                     1u << static_cast<unsigned>(ClosedTag::aux_be) |
                                     1u << static_cast<unsigned>(ClosedTag::aux_have) |
                                     1u << static_cast<unsigned>(ClosedTag::aux_do);
    return (static_cast<unsigned>(!name) & (kScoredTags >> static_cast<unsigned>(closed)) & 1u) != 0;
}

}  // namespace

constexpr std::uint64_t kNameSalt = 0x5bd1e9955bd1e995ull;

void analyze_tokens(const Lexicon& lexicon, const TextAnalysis& analysis, std::vector<TokenFacts>& facts,
                    const std::vector<bool>* in_timex) {
    const std::size_t n = analysis.tokens.size();
    facts.assign(n, TokenFacts{});
    for (const Sentence& s : analysis.sentences)
        if (s.first_token < n) facts[s.first_token].sentence_start = true;
    const Token* const tokens = analysis.tokens.data();
    auto hash_of = [&](std::size_t k) { return hash_word_in(analysis.lower, tokens[k].span.begin, tokens[k].span.size()); };
    // Words repeat within a document: analyse each form once. A table keyed by the form's hash
    // (salted for names, which are analysed apart: "Said" and "said") gives the first token
    // of each form.
    struct Seen {
        std::uint64_t key = 0;
        std::uint32_t token = 0;  // + 1; 0 = empty
    };
    // At most two thirds full (only words go in, and a form once); clearing the table is a
    // good part of its cost, so no bigger.
    std::size_t cache_size = 64;
    while (2 * cache_size < 3 * n) cache_size *= 2;
    std::vector<Seen> seen(cache_size);
    // The lexicon is bigger than the cache: ask for a word's entry ahead of its turn. Each
    // token's hash is computed when its entry is asked for, in the same walk (one pass over the
    // tokens, not two).
    constexpr std::size_t kAhead = 12;
    for (std::size_t k = 0; k < n && k < kAhead; ++k) facts[k].hash = hash_of(k);
    for (std::size_t i = 0; i < n; ++i) {
        if (i + kAhead < n) {
            const std::uint64_t ahead = hash_of(i + kAhead);
            facts[i + kAhead].hash = ahead;
            lexicon.prefetch(ahead);
        }
        const Token& token = tokens[i];
        TokenFacts& t = facts[i];
        if (token.kind != TokenKind::word) {
            t.word.lemma_hash = t.hash;
            if (token.kind == TokenKind::punct) {
                t.pos = Pos::punctuation;
                // After an opening quote, a bracket or a colon a phrase starts too.
                if (i + 1 < n && opens_phrase(analysis.lower_of(token))) facts[i + 1].sentence_start = true;
            } else {
                t.pos = Pos::number;
            }
            continue;
        }
        // Names ("Helsinki", "Sanders") are never events: one lookup, no inflection search.
        // (Bitwise: a branch per test would be mispredicted at every name.)
        const bool name = token.capitalized & !t.sentence_start & !token.newline_before;
        if (i >= 2 && clitic_s(analysis, i)) {
            // A tokenizer that gives "Trump's" as "Trump" "'" "s": read the "s" as the clitic.
            t.word = lexicon.analyze("'s", hash_word("'s"));
            t.word.suffix_pos = lexicon.suffix_pos(analysis.lower_of(token));
        } else {
            const std::uint64_t key = name ? t.hash ^ kNameSalt : t.hash;
            std::size_t p = key & (cache_size - 1);
            while (seen[p].token && seen[p].key != key) p = (p + 1) & (cache_size - 1);
            if (seen[p].token) {
                t.word = facts[seen[p].token - 1].word;
            } else {
                const std::string_view w = analysis.lower_of(token);
                t.word = lexicon.analyze(w, t.hash, !name);
                // Only open_pos reads the suffix: not for closed-class words, nor for a name
                // unless it is an irregular verb form.
                const bool closed = t.word.info && t.word.info->closed != ClosedTag::none;
                if (!closed && (!name || (t.word.info && t.word.info->irregular)))
                    t.word.suffix_pos = lexicon.suffix_pos_in(analysis.lower, token.span.begin, token.span.size());
                seen[p] = {key, static_cast<std::uint32_t>(i + 1)};
            }
        }
        if (t.word.info) t.closed_tag = t.word.info->closed;
        if (t.closed_tag == ClosedTag::modal && in_timex && (*in_timex)[i]) t.closed_tag = ClosedTag::none;
        t.candidate = candidate_word(name, t.closed_tag);
    }
    // Closed-class words first look right (auxiliary or main verb?), so tag them before the open
    // class, which looks left.
    for (std::size_t i = 0; i < n; ++i) {
        if (analysis.tokens[i].kind != TokenKind::word) continue;
        if (facts[i].closed() != ClosedTag::none) facts[i].pos = closed_pos(analysis, facts, i, n);
        else facts[i].pos = open_pos(analysis, facts, i);
    }
}

}  // namespace chronoline::events
