// The link sieve, most precise first (the confidence each step gives its links):
//   1. time–time from resolved values: every time against the DCT, neighbouring times, the
//      times of one sentence — exact (1.0);
//   2. a duration as a distance: "<DURATION> after|before <event>" orders the event against the
//      time or verb the phrase modifies (resources/en/links/duration_anchors.txt, 0.95);
//      event–time: a signal word right before a time of the event's sentence that fixes a
//      relation (resources/en/links/signals.txt), the event being the nearest one before it
//      (0.95), or for a time that opens its sentence the verb after its comma; without a
//      signal, a bare DATE/TIME at most three tokens after the nearest verb event, nothing but
//      words between, places that verb ("broke down late Wednesday", 0.9); "by" + a perfect
//      (resources/en/links/aspect_signals.txt) puts the event before the time (0.95);
//   3. event–DCT from class, tense and aspect (resources/en/links/dct_rules.txt), for events
//      that no time of their sentence stands next to (0.9);
//   4. event–event in a sentence: "A after B" / "After A, B" with a signal of the same table;
//      a reporting event and the past-perfect or future event it reports (0.85);
//   5. the averaged perceptrons (resources/models/links.model) for the candidate pairs the
//      rules left open, of the kinds annotators link: event–time in a sentence, neighbouring
//      events in a sentence (0.1–0.8, by margin). Between events they only order
//      (BEFORE/AFTER); between an event and a time they only say IS_INCLUDED (DURING for a
//      duration after "for"), and only within the time's clause, never to a SET, never a future
//      event inside a time before the DCT;
//   6. the main events of adjacent sentences, ordered by their own perceptron
//      (resources/models/adjacent.model, when present; src/links/adjacent_events.hpp) when its
//      margin clears the threshold the training chose (0.1–0.8, by margin).
// The graph stage adds links in confidence order and rejects those that contradict it.
#include <algorithm>
#include <array>
#include <istream>
#include <ostream>

#include "chronoline/error.hpp"
#include "chronoline/io.hpp"
#include "chronoline/links.hpp"
#include "chronoline/pipeline.hpp"
#include "links/adjacent_events.hpp"
#include "links/link_features.hpp"
#include "links/link_model.hpp"
#include "links/rule_tables.hpp"

namespace chronoline {

struct LinkTagger::Impl {
    links::LinkResources resources;
    links::RuleTables rule_tables;
    links::LinkModel model;
    links::FixedRows fixed_rows;  // of `model`
    std::optional<links::AdjacentEventModel> adjacent;  // off when the resources hold none
    links::DiscourseWords discourse_words;
};

namespace {

using links::Candidate;
using links::DocumentView;
using links::PairKind;
using links::is;
using links::same;

// Relation of the gold closure between a candidate's two entities, as a model label.
std::uint8_t gold_label(const PointClosure& closure, const TemporalGraph& graph, const std::string& a,
                        const std::string& b) {
    const auto ea = graph.find_entity(a), eb = graph.find_entity(b);
    if (!ea || !eb) return 0;
    const std::string rel = closure.relation(*ea, *eb);
    std::string_view label = rel;
    if (rel == "BEGINS" || rel == "ENDS") label = "IS_INCLUDED";
    if (rel == "BEGUN_BY" || rel == "ENDED_BY") label = "INCLUDES";
    for (std::size_t k = 1; k < links::kLabelCount; ++k)
        if (links::kLabels[k] == label) return static_cast<std::uint8_t>(k);
    return 0;
}

std::pair<std::string, std::string> ids_of(const Document& doc, const Candidate& c) {
    switch (c.kind) {
        case PairKind::event_time: return {doc.events[c.a].eiid, doc.timexes[c.b].tid};
        default: return {doc.events[c.a].eiid, doc.events[c.b].eiid};
    }
}

// Adjacent candidates (an event and a time of its sentence with no event between them,
// neighbouring events of a sentence) get a relType whatever the relatedness classifier says:
// annotators link most of these pairs, and the binary classifier learned on one corpus proves
// too shy on another (temporal awareness, timebank <-> aquaint: a few points of F1).
// …provided the model prefers its relType by this margin (in perceptron updates) when it does
// not find the pair related: small margins chained through neighbouring events misplaced whole
// clauses (an event of 2018 before "2016"); held-out F1 is the same within 0.005.
constexpr double kMinForcedMargin = 5.0;

// The links found so far, at most one per pair of entities. Entities are coded as numbers
// (0 the DCT, then the times, then the events) so that the check costs no string.
// A link found, before it becomes a TLink (strings are made once, for the links kept, in
// their final order).
struct PendingLink {
    std::uint32_t from, to;
    std::string_view rel;  // one of kRelTypes, or a string of the resources
    std::string_view rule;  // a literal
    double confidence;
};

// Every relType, so that a relation computed as a temporary string can be kept as a view.
constexpr std::array<std::string_view, 14> kRelTypes{"BEFORE",   "AFTER",       "IBEFORE",      "IAFTER",   "BEGINS",
                                                     "BEGUN_BY", "ENDS",        "ENDED_BY",     "INCLUDES", "IS_INCLUDED",
                                                     "DURING",   "DURING_INV",  "SIMULTANEOUS", "IDENTITY"};

class LinkSet {
public:
    // Room for `expected` pairs (their number is known roughly in advance: growing the table
    // step by step re-inserted every pair each time).
    LinkSet(const Document& doc, std::vector<PendingLink>& out, std::size_t expected) : doc_(doc), out_(out) {
        std::size_t cap = 64;
        while (cap < 2 * expected) cap *= 2;
        slots_.assign(cap, 0);
    }
    [[nodiscard]] std::uint32_t dct() const { return 0; }
    [[nodiscard]] std::uint32_t time(std::size_t t) const { return static_cast<std::uint32_t>(1 + t); }
    [[nodiscard]] std::uint32_t event(std::size_t e) const {
        return static_cast<std::uint32_t>(1 + doc_.timexes.size() + e);
    }
    [[nodiscard]] bool has(std::uint32_t a, std::uint32_t b) const {
        if (slots_.empty()) return false;
        const std::uint64_t k = key(a, b);
        for (std::size_t i = spread(k);; i = (i + 1) & (slots_.size() - 1)) {
            if (slots_[i] == 0) return false;
            if (slots_[i] == k) return true;
        }
    }
    // `rel` must outlive the set, unless it is a relType (then a view of kRelTypes is kept).
    void add(std::uint32_t from, std::uint32_t to, std::string_view rel, std::string_view rule, double confidence) {
        if (from == to || !insert(key(from, to))) return;
        out_.push_back({from, to, rel, rule, confidence});
    }
    // Leaves the pair unlinked for good: later steps will not link it.
    void block(std::uint32_t a, std::uint32_t b) { insert(key(a, b)); }
    void add_computed(std::uint32_t from, std::uint32_t to, const std::string& rel, std::string_view rule, double confidence) {
        const auto it = std::find(kRelTypes.begin(), kRelTypes.end(), rel);
        if (it != kRelTypes.end()) add(from, to, *it, rule, confidence);
    }
    [[nodiscard]] std::string_view name(std::uint32_t code) const {
        if (code == 0) return "t0";
        if (code <= doc_.timexes.size()) return doc_.timexes[code - 1].tid;
        return doc_.events[code - 1 - doc_.timexes.size()].eiid;
    }

private:
    // Pairs as one number, never 0 (0 marks an empty slot of the open-addressing set).
    static std::uint64_t key(std::uint32_t a, std::uint32_t b) {
        return (a < b ? (std::uint64_t{a} << 32 | b) : (std::uint64_t{b} << 32 | a)) + 1;
    }
    [[nodiscard]] std::size_t spread(std::uint64_t k) const {
        return static_cast<std::size_t>((k * 0x9e3779b97f4a7c15ULL) >> 20) & (slots_.size() - 1);
    }
    // (The growth out of line, so that the insertion itself, called for every link and
    // blocked pair, is inlined.)
    [[gnu::noinline]] void grow() {
        std::vector<std::uint64_t> old(std::max<std::size_t>(64, 2 * slots_.size()), 0);
        old.swap(slots_);
        count_ = 0;
        for (std::uint64_t o : old)
            if (o != 0) insert(o);
    }
    bool insert(std::uint64_t k) {
        if (2 * (count_ + 1) > slots_.size()) grow();
        for (std::size_t i = spread(k);; i = (i + 1) & (slots_.size() - 1)) {
            if (slots_[i] == k) return false;
            if (slots_[i] == 0) {
                slots_[i] = k;
                ++count_;
                return true;
            }
        }
    }
    const Document& doc_;
    std::vector<PendingLink>& out_;
    std::vector<std::uint64_t> slots_;
    std::size_t count_ = 0;
};

// How many later times of its own sentence a time is linked to (beyond the next one).
constexpr std::size_t kMaxSentenceTimePairs = 8;

void time_time_links(const DocumentView& v, LinkSet& links) {
    const Document& doc = v.doc;
    std::vector<std::uint32_t> known;
    for (std::uint32_t t = 0; t < doc.timexes.size(); ++t)
        if (v.timex_interval[t]) known.push_back(t);
    auto link = [&](std::uint32_t a, std::uint32_t b) {
        const std::string rel = relation_of_intervals(*v.timex_interval[a], *v.timex_interval[b]);
        if (!rel.empty()) links.add_computed(links.time(a), links.time(b), rel, "time-values", 1.0);
    };
    for (std::uint32_t t : known)
        if (v.dct_interval)
            if (auto rel = relation_of_intervals(*v.timex_interval[t], *v.dct_interval); !rel.empty())
                links.add_computed(links.time(t), links.dct(), rel, "time-values", 1.0);
    // Each time against the next one, and against the others of its sentence up to a bound:
    // an enumeration ("Monday, Tuesday, …") must not make the links quadratic in its length.
    for (std::size_t i = 0; i + 1 < known.size(); ++i) {
        link(known[i], known[i + 1]);
        for (std::size_t j = i + 2; j < known.size() && j <= i + kMaxSentenceTimePairs &&
                                    v.timex_sentence[known[j]] == v.timex_sentence[known[i]];
             ++j)
            link(known[i], known[j]);
    }
}

// Whether a clause boundary lies between tokens [from, to): a semicolon, a quotation mark, or a
// word of resources/en/links/clause_words.txt ("which began on Monday", "said last month that
// stocks had fallen", "…, and officials said"). A time expression governs the events of its own
// clause: "Ministers have met since February, and officials said …" places `met`, not `said`.
bool clause_boundary_between(const DocumentView& v, std::uint32_t from, std::uint32_t to) {
    for (std::uint32_t k = from; k < to; ++k) {
        if (v.marked(k, DocumentView::semicolon | DocumentView::straight_quote | DocumentView::other_quote |
                            DocumentView::clause_word))
            return true;
        if (v.marked(k, DocumentView::clause_word_after_comma) && k > from && v.marked(k - 1, DocumentView::comma))
            return true;
    }
    return false;
}

// An event its verb group puts ahead of the time it is told from: a future, or a modal of
// forward_modals.txt ("would remain": the future of a past report).
bool looks_ahead(const Event& e, const links::RuleTables& tables) {
    if (is(e.tense, "FUTURE")) return true;
    return std::any_of(tables.forward_modals.begin(), tables.forward_modals.end(),
                       [&](const std::string& m) { return e.modality == m; });
}

// A future event ("will receive", "would remain") does not lie in a time wholly before the DCT's
// day. (The converse, a past event in a time after it, is as wrong in the samples, but held-out
// it cost 0.0004 timebank -> aquaint and is left to the model.)
bool tense_rules_out(const Event& e, std::string_view time_vs_dct, const links::RuleTables& tables) {
    return is(time_vs_dct, "BEFORE") && looks_ahead(e, tables);
}

// A state told in the simple present holds at the DCT ("few expect a deal soon", "the company
// owns three plants"), so it does not lie wholly inside a time after it: the time is its
// complement's ("a deal soon"). (A present occurrence may: "the store opens Monday".)
bool present_state_ruled_out(const Event& e, std::string_view time_vs_dct) {
    return is(time_vs_dct, "AFTER") && is(e.tense, "PRESENT") && (e.aspect.empty() || is(e.aspect, "NONE")) &&
           (is(e.event_class, "STATE") || is(e.event_class, "I_STATE"));
}

bool matches(const std::string& pattern, const std::string& value) { return is(pattern, "*") || same(pattern, value); }

// A sentence-opening time: its signal within this many words of the sentence's start ("Then
// on Tuesday,"), and the event it places within this many tokens after its comma.
constexpr std::uint32_t kMaxOpeningWords = 2;
constexpr std::uint32_t kMaxOpeningReach = 8;

// A bare date or time within this many tokens after its verb places the verb ("met Friday",
// "broke down late Wednesday", "said the deal Tuesday").
constexpr std::uint32_t kMaxBareTimeGap = 3;

// News attaches a date with no preposition to the verb just before it: the verb happened within
// that time. Only a verb counts, the nearest one before the time, with no punctuation between.
// True when it linked one.
bool bare_time_link(const DocumentView& v, std::uint32_t t, std::uint32_t first, LinkSet& links) {
    const Document& doc = v.doc;
    int verb = -1;
    for (std::uint32_t e : v.sentence_events[v.timex_sentence[t]])
        if (v.event_last[e] < first && is(doc.events[e].pos, "VERB")) verb = static_cast<int>(e);
    if (verb < 0) return false;
    const std::uint32_t last = v.event_last[static_cast<std::size_t>(verb)];
    if (first - last > kMaxBareTimeGap) return false;
    for (std::uint32_t k = last + 1; k < first; ++k)
        if (doc.analysis.tokens[k].kind == TokenKind::punct) return false;
    // "warned that the first half of 2024 would…": the time belongs to the clause "that" opens.
    if (clause_boundary_between(v, last + 1, first)) return false;
    links.add(links.event(static_cast<std::size_t>(verb)), links.time(t), "IS_INCLUDED", "bare-time", 0.9);
    return true;
}

// "The BBC on Tuesday defended …", "Police Monday arrested …": a date between the subject and
// its verb places the finite verb right after it (its auxiliaries, modals and adverbs may come
// between: "on Friday will meet", "on Monday was also arrested"). Neither the rule for a time
// after its verb nor the one for a sentence-opening time set off by a comma sees it.
constexpr std::uint32_t kMaxPreVerbGap = 3;
void pre_verb_time_link(const DocumentView& v, std::uint32_t t, LinkSet& links) {
    const Document& doc = v.doc;
    const std::uint32_t after = v.timex_last[t] + 1;
    for (std::uint32_t e : v.sentence_events[v.timex_sentence[t]]) {
        if (v.event_first[e] < after) continue;
        if (v.event_first[e] > after + kMaxPreVerbGap) return;
        const Event& ev = doc.events[e];
        if (!is(ev.pos, "VERB") || !(is(ev.tense, "PAST") || is(ev.tense, "PRESENT") || is(ev.tense, "FUTURE"))) return;
        for (std::uint32_t k = after; k < v.event_first[e]; ++k) {
            const Pos p = doc.analysis.tokens[k].pos;
            if (p != Pos::adverb && p != Pos::aux && p != Pos::modal) return;
        }
        links.add(links.event(e), links.time(t), "IS_INCLUDED", "pre-verb-time", 0.95);
        return;
    }
}

// "Sunday's election", "last week's attack", "Tuesday’s surprise vote": a time in the
// possessive dates the event noun it determines (adjectives may come between).
constexpr std::uint32_t kMaxPossessedGap = 3;
void possessive_time_link(const DocumentView& v, std::uint32_t t, LinkSet& links) {
    const Document& doc = v.doc;
    const auto& tokens = doc.analysis.tokens;
    const std::uint32_t clitic = v.timex_last[t] + 1;
    if (clitic >= tokens.size()) return;
    const std::string_view c = doc.analysis.lower_of(tokens[clitic]);
    if (c != "'s" && c != "\xE2\x80\x99s") return;
    for (std::uint32_t e : v.sentence_events[v.timex_sentence[t]]) {
        if (v.event_first[e] <= clitic) continue;
        if (v.event_first[e] > clitic + kMaxPossessedGap) return;
        if (!is(doc.events[e].pos, "NOUN")) return;
        for (std::uint32_t k = clitic + 1; k < v.event_first[e]; ++k)
            if (tokens[k].kind != TokenKind::word) return;
        links.add(links.event(e), links.time(t), "IS_INCLUDED", "possessive-time", 0.95);
        return;
    }
}

// "will hold a hearing on Nov. 12", "signed an agreement on Friday": a date after a verb's
// event-noun object dates the verb too (the phrase "on <date>" goes with the verb phrase, and
// the verb names the occasion of the noun's event). Only the verb right before the object's
// noun phrase (determiners, adjectives, numbers, nouns between). Session 6: 6 firings in
// timebank, 4 in aquaint (held-out TA within 0.0002), 172 in te3-silver.
constexpr std::uint32_t kMaxObjectPhrase = 4;
void object_verb_time_link(const DocumentView& v, std::uint32_t noun, std::uint32_t t, LinkSet& links) {
    const Document& doc = v.doc;
    if (!is(doc.events[noun].pos, "NOUN")) return;
    const auto& tokens = doc.analysis.tokens;
    std::uint32_t k = v.event_first[noun];
    const std::uint32_t sf = doc.analysis.sentences[v.event_sentence[noun]].first_token;
    std::uint32_t steps = 0;
    while (k > sf && steps < kMaxObjectPhrase) {
        const Pos p = tokens[k - 1].pos;
        if (p != Pos::determiner && p != Pos::adjective && p != Pos::number && p != Pos::noun) break;
        --k;
        ++steps;
    }
    if (k == sf) return;
    for (std::uint32_t e : v.sentence_events[v.event_sentence[noun]]) {
        if (v.event_last[e] + 1 != k) continue;
        const Event& verb = doc.events[e];
        // Not a state or an intensional state: "faces a vote on April 11", "awaited an increase
        // on May 1" hold before and around their object's date, not on it.
        if (is(verb.pos, "VERB") && !is(verb.tense, "INFINITIVE") && !is(verb.tense, "PRESPART") &&
            !is(verb.event_class, "STATE") && !is(verb.event_class, "I_STATE"))
            links.add(links.event(e), links.time(t), "IS_INCLUDED", "object-time", 0.9);
        return;
    }
}

// "On Tuesday, Trump said …", "Two days earlier, a rival reported …": a time that opens its
// sentence, set off by a comma, places the verb that follows (the clause's first event when no
// verb comes within reach).
void fronted_time_link(const DocumentView& v, std::uint32_t t, std::string_view rel, LinkSet& links) {
    const Document& doc = v.doc;
    const std::uint32_t comma = v.timex_last[t] + 1;
    if (comma >= doc.analysis.tokens.size() || !v.marked(comma, DocumentView::comma)) return;
    int chosen = -1;
    for (std::uint32_t e : v.sentence_events[v.timex_sentence[t]]) {
        if (v.event_first[e] <= comma) continue;
        if (v.event_first[e] - comma > kMaxOpeningReach) break;
        if (chosen < 0) chosen = static_cast<int>(e);
        if (is(doc.events[e].pos, "VERB")) {
            chosen = static_cast<int>(e);
            break;
        }
    }
    if (chosen >= 0) links.add(links.event(static_cast<std::size_t>(chosen)), links.time(t), rel, "signal-time", 0.95);
}

// A duration phrase's event may lie this many tokens after its word ("after it forced").
constexpr std::uint32_t kMaxAnchoredEventReach = 5;

// "<DURATION> after|before <event>" (resources/en/links/duration_anchors.txt) is a distance, not
// a stretch the event falls in: "…by Saturday morning, five days after it forced the
// evacuation" puts the forcing five days BEFORE Saturday morning; "resigned two weeks after
// the scandal broke" puts the breaking BEFORE the resignation. The phrase's anchor is the
// DATE/TIME it follows, set off by a comma; else, for a phrase that opens its sentence, the
// first verb after its clause's comma; else the nearest verb before it in its clause. The
// event after the word (and, after a nominal event, its verb) is linked to the anchor; no event
// of the phrase's clause is placed inside the anchor's time, and no event of its sentence inside
// the duration, by later steps.
void duration_anchor_links(const DocumentView& v, const links::RuleTables& tables, LinkSet& links) {
    const Document& doc = v.doc;
    const auto& tokens = doc.analysis.tokens;
    const auto& sentences = doc.analysis.sentences;
    for (std::uint32_t t = 0; t < doc.timexes.size(); ++t) {
        if (!is(doc.timexes[t].type, "DURATION")) continue;
        const std::uint32_t word = v.timex_last[t] + 1;
        const std::uint32_t s = v.timex_sentence[t];
        if (word >= tokens.size() || word >= sentences[s].end_token) continue;
        const std::string_view w = v.word(word);
        const std::string* rel = nullptr;
        for (const auto& [anchor_word, anchor_rel] : tables.duration_anchors)
            if (same(anchor_word, w)) rel = &anchor_rel;
        if (rel == nullptr) continue;
        // The phrase's clause: up to the next comma, semicolon, quote or clause word.
        std::uint32_t end = word + 1;
        while (end < sentences[s].end_token &&
               !v.marked(end, DocumentView::comma | DocumentView::semicolon | DocumentView::straight_quote |
                                  DocumentView::other_quote | DocumentView::clause_word))
            ++end;
        const auto evs = v.sentence_events[s];
        std::vector<std::uint32_t> inner;  // the events of the phrase's clause
        for (std::uint32_t e : evs)
            if (v.event_first[e] > word && v.event_last[e] < end) inner.push_back(e);
        if (inner.empty() || v.event_first[inner[0]] - word > kMaxAnchoredEventReach) continue;
        std::size_t linked = 1;
        if (is(doc.events[inner[0]].pos, "NOUN") && inner.size() > 1 && is(doc.events[inner[1]].pos, "VERB") &&
            v.event_first[inner[1]] - v.event_last[inner[0]] <= 4)
            linked = 2;
        // The anchor.
        const std::uint32_t first = v.timex_first[t];
        const std::uint32_t sf = sentences[s].first_token;
        int anchor_time = -1, anchor_event = -1;
        if (first >= sf + 2 && v.marked(first - 1, DocumentView::comma))
            for (std::uint32_t u : v.sentence_timexes[s])
                if (v.timex_last[u] == first - 2 && (is(doc.timexes[u].type, "DATE") || is(doc.timexes[u].type, "TIME")))
                    anchor_time = static_cast<int>(u);
        if (anchor_time < 0 && first <= sf + kMaxOpeningWords) {
            if (end < sentences[s].end_token && v.marked(end, DocumentView::comma))
                for (std::uint32_t e : evs) {
                    if (v.event_first[e] <= end) continue;
                    if (v.event_first[e] - end > kMaxOpeningReach) break;
                    if (is(doc.events[e].pos, "VERB")) {
                        anchor_event = static_cast<int>(e);
                        break;
                    }
                }
        } else if (anchor_time < 0) {
            for (std::uint32_t e : evs)
                if (v.event_last[e] < first && is(doc.events[e].pos, "VERB")) anchor_event = static_cast<int>(e);
            if (anchor_event >= 0 &&
                clause_boundary_between(v, v.event_last[static_cast<std::size_t>(anchor_event)] + 1, first))
                anchor_event = -1;
        }
        for (std::size_t i = 0; i < inner.size(); ++i) {
            const std::uint32_t e = links.event(inner[i]);
            if (anchor_time >= 0) {
                const std::uint32_t a = links.time(static_cast<std::size_t>(anchor_time));
                if (i < linked) links.add(e, a, *rel, "duration-anchor", 0.95);
                else links.block(e, a);
            } else if (anchor_event >= 0 && i < linked) {
                links.add(e, links.event(static_cast<std::size_t>(anchor_event)), *rel, "duration-anchor", 0.95);
            }
        }
        // A distance is no stretch that any event of its sentence falls in.
        for (std::uint32_t e : evs) links.block(links.event(e), links.time(t));
    }
}

// How far an aspect signal may stand after its verb.
constexpr std::uint32_t kMaxAspectSignalReach = 10;

// A signal that fixes a relation only for an event of one aspect (resources/en/links/
// aspect_signals.txt: "had contained the fire by Saturday morning", "By Wednesday night it had
// burned…"): the nearest verb before the signal in its clause, no comma between, or for a signal that opens
// its sentence the first verb after the time; a time with a mod ("by the end of the year") is
// left to the other steps, its value naming more than the phrase.
void aspect_signal_link(const DocumentView& v, const links::RuleTables& tables, std::uint32_t t, std::size_t sig,
                        std::uint32_t sig_tok, LinkSet& links) {
    const Document& doc = v.doc;
    if (!doc.timexes[t].mod.empty()) return;
    const std::string& phrase = v.res.signals[sig].phrase;
    const links::RuleTables::AspectSignal* rule = nullptr;
    for (const auto& r : tables.aspect_signals)
        if (same(r.phrase, phrase)) rule = &r;
    if (rule == nullptr) return;
    const auto evs = v.sentence_events[v.timex_sentence[t]];
    int chosen = -1;
    bool before = false;
    for (std::uint32_t e : evs)
        if (v.event_last[e] < sig_tok) {
            before = true;
            if (is(doc.events[e].pos, "VERB")) chosen = static_cast<int>(e);
        }
    if (before) {
        // The verb's object may stand between ("had contained 80 percent of the fire by").
        if (chosen < 0) return;
        const auto e = static_cast<std::size_t>(chosen);
        if (sig_tok - v.event_last[e] > kMaxAspectSignalReach) return;
        for (std::uint32_t k = v.event_last[e] + 1; k < sig_tok; ++k)
            if (v.marked(k, DocumentView::comma | DocumentView::semicolon | DocumentView::straight_quote)) return;
        if (clause_boundary_between(v, v.event_last[e] + 1, sig_tok)) return;
    } else {
        if (sig_tok > doc.analysis.sentences[v.timex_sentence[t]].first_token + kMaxOpeningWords) return;
        for (std::uint32_t e : evs) {
            if (v.event_first[e] <= v.timex_last[t]) continue;
            if (v.event_first[e] - v.timex_last[t] > kMaxOpeningReach) break;
            if (is(doc.events[e].pos, "VERB")) {
                chosen = static_cast<int>(e);
                break;
            }
        }
        if (chosen < 0) return;
    }
    if (!same(doc.events[static_cast<std::size_t>(chosen)].aspect, rule->aspect)) return;
    links.add(links.event(static_cast<std::size_t>(chosen)), links.time(t), rule->rel, "aspect-signal", 0.95);
}

void rule_links(const DocumentView& v, const links::RuleTables& tables, LinkSet& links) {
    const Document& doc = v.doc;
    const auto& sentences = doc.analysis.sentences;
    duration_anchor_links(v, tables, links);
    // Event–time: "<event> … on|in|before|after <time>", the nearest event before the signal,
    // with no comma between.
    for (std::uint32_t t = 0; t < doc.timexes.size(); ++t) {
        if (!is(doc.timexes[t].type, "DATE") && !is(doc.timexes[t].type, "TIME")) continue;
        possessive_time_link(v, t, links);
        const std::uint32_t first = v.timex_first[t];
        const std::uint32_t sf = sentences[v.timex_sentence[t]].first_token;
        if (first == sf) {
            // A bare fronted date ("Two days earlier, …") places the verb as "on" would.
            fronted_time_link(v, t, "IS_INCLUDED", links);
            continue;
        }
        std::uint32_t sig_tok = first - 1;
        int sig = v.signal_at[sig_tok];
        if (sig < 0 && first >= sf + 2 && v.signal_at[first - 2] >= 0 && v.signal_length[first - 2] == 2) {
            sig_tok = first - 2;
            sig = v.signal_at[sig_tok];
        }
        if (sig < 0) {
            // A bare date after a verb is that verb's ("emerged Wednesday showed …").
            if (!bare_time_link(v, t, first, links)) pre_verb_time_link(v, t, links);
            continue;
        }
        const std::string& rel = v.res.signals[static_cast<std::size_t>(sig)].event_time_rel;
        if (is(rel, "IS_INCLUDED")) pre_verb_time_link(v, t, links);
        if (rel.empty()) {
            aspect_signal_link(v, tables, t, static_cast<std::size_t>(sig), sig_tok, links);
            continue;
        }
        int nearest = -1;
        for (std::uint32_t e : v.sentence_events[v.timex_sentence[t]])
            if (v.event_last[e] < sig_tok) nearest = static_cast<int>(e);
        if (nearest < 0) {
            if (sig_tok <= sf + kMaxOpeningWords) fronted_time_link(v, t, rel, links);
            continue;
        }
        bool clean = true;
        for (std::uint32_t k = v.event_last[static_cast<std::size_t>(nearest)] + 1; k < sig_tok; ++k)
            if (v.marked(k, DocumentView::comma | DocumentView::semicolon | DocumentView::straight_quote)) clean = false;
        if (!clean || sig_tok - v.event_last[static_cast<std::size_t>(nearest)] > 6) continue;
        links.add(links.event(static_cast<std::size_t>(nearest)), links.time(t), rel, "signal-time", 0.95);
        if (is(rel, "IS_INCLUDED")) object_verb_time_link(v, static_cast<std::uint32_t>(nearest), t, links);
    }
    // Event–event in a sentence.
    for (std::size_t s = 0; s < v.sentence_events.size(); ++s) {
        const auto evs = v.sentence_events[s];
        for (std::size_t i = 0; i + 1 < evs.size(); ++i) {
            const std::uint32_t a = evs[i], b = evs[i + 1];
            const Event& ea = doc.events[a];
            const Event& eb = doc.events[b];
            // "A after B": a signal directly before B, nothing else between but a few words.
            const std::uint32_t sf = sentences.empty() ? 0 : sentences[s].first_token;
            int between = -1;
            bool comma = false;
            for (std::uint32_t k = v.event_last[a] + 1; k < v.event_first[b]; ++k) {
                if (v.signal_at[k] >= 0 && !v.res.signals[static_cast<std::size_t>(v.signal_at[k])].event_event_rel.empty())
                    between = v.signal_at[k];
                if (v.marked(k, DocumentView::comma)) comma = true;
            }
            if (between >= 0 && !comma && v.event_first[b] - v.event_last[a] <= 5) {
                links.add(links.event(a), links.event(b), v.res.signals[static_cast<std::size_t>(between)].event_event_rel,
                          "signal-events", 0.85);
                continue;
            }
            // "After A, B": the sentence opens with the signal.
            if (v.event_first[a] > sf && v.event_first[a] - sf <= 3 && comma && v.signal_at[sf] >= 0) {
                const std::string& rel = v.res.signals[static_cast<std::size_t>(v.signal_at[sf])].event_event_rel;
                if (!rel.empty()) {
                    links.add(links.event(b), links.event(a), rel, "signal-events", 0.85);
                    continue;
                }
            }
            // A report and what it reports.
            if (is(ea.event_class, "REPORTING") && !comma && v.event_first[b] - v.event_last[a] <= 4) {
                // The reported clause's verb: b itself, or the verb right after a nominal
                // subject ("said a second protest would be held"), whose time the noun shares.
                std::size_t verb = i + 1;
                if (is(eb.pos, "NOUN") && i + 2 < evs.size()) {
                    const std::uint32_t c = evs[i + 2];
                    if (is(doc.events[c].pos, "VERB") && v.event_first[c] - v.event_last[b] <= 4 &&
                        !clause_boundary_between(v, v.event_last[b] + 1, v.event_first[c]))
                        verb = i + 2;
                }
                const Event& ev = doc.events[evs[verb]];
                const char* rel = nullptr;
                if (is(ev.tense, "PAST") && is(ev.aspect, "PERFECTIVE")) rel = "AFTER";
                else if (looks_ahead(ev, tables)) rel = "BEFORE";
                if (rel != nullptr)
                    for (std::size_t k = i + 1; k <= verb; ++k)
                        links.add(links.event(a), links.event(evs[k]), rel, "report-events", 0.85);
                // A nominal subject and its verb name one reported event: the model must not
                // order them ("a second protest would be held": the protest is the holding).
                if (verb == i + 2) links.block(links.event(b), links.event(evs[verb]));
            }
        }
    }
    // Event–DCT from tense and aspect, for finite verbs not under a modal, and only when no
    // time of the sentence stands next to the event (with no event between): a past-tense
    // "said Thursday" on the DCT's day is not before the DCT, and the time says so better.
    std::vector<bool> timed(doc.events.size(), false);
    for (std::uint32_t t = 0; t < doc.timexes.size(); ++t) {
        if (!is(doc.timexes[t].type, "DATE") && !is(doc.timexes[t].type, "TIME")) continue;
        const auto evs = v.sentence_events[v.timex_sentence[t]];
        int left = -1, right = -1;
        for (std::uint32_t e : evs) {
            if (v.event_first[e] < v.timex_first[t]) left = static_cast<int>(e);
            else if (right < 0) right = static_cast<int>(e);
        }
        // Only an event of the time's own clause: "…since February, and officials said" leaves
        // `said` to its tense.
        // (Not a present state before a time after the DCT, which the time cannot place:
        // "Forecasters expect snow early next week" leaves `expect` to its tense.)
        if (left >= 0 && !clause_boundary_between(v, v.event_last[static_cast<std::size_t>(left)] + 1, v.timex_first[t]) &&
            !present_state_ruled_out(doc.events[static_cast<std::size_t>(left)], v.timex_vs_dct[t]))
            timed[static_cast<std::size_t>(left)] = true;
        // A report after a comma ("…on Monday, a spokeswoman said") is a clause of its own too.
        const auto report_after_comma = [&](std::uint32_t e) {
            if (!is(doc.events[e].event_class, "REPORTING")) return false;
            for (std::uint32_t k = v.timex_last[t] + 1; k < v.event_first[e]; ++k)
                if (v.marked(k, DocumentView::comma)) return true;
            return false;
        };
        if (right >= 0 && !clause_boundary_between(v, v.timex_last[t] + 1, v.event_first[static_cast<std::size_t>(right)]) &&
            !report_after_comma(static_cast<std::uint32_t>(right)))
            timed[static_cast<std::size_t>(right)] = true;
    }
    for (std::size_t i = 0; i < doc.events.size(); ++i) {
        const Event& e = doc.events[i];
        if (timed[i] || !e.modality.empty() || (!is(e.tense, "PAST") && !is(e.tense, "PRESENT") && !is(e.tense, "FUTURE"))) continue;
        for (const auto& r : v.res.dct_rules)
            if (matches(r.event_class, e.event_class) && matches(r.tense, e.tense) && matches(r.aspect, e.aspect)) {
                links.add(links.event(i), links.dct(), r.rel, "tense-dct", 0.9);
                break;
            }
    }
}

}  // namespace

LinkTagger LinkTagger::load(const std::filesystem::path& resource_dir) {
    auto impl = std::make_shared<Impl>();
    impl->resources = links::LinkResources::load(resource_dir / "en" / "links");
    impl->rule_tables = links::RuleTables::load(resource_dir / "en" / "links");
    const auto model_path = resource_dir / "models" / "links.model";
    // In one read, then parsed from memory: the model is read at every start.
    std::string content;
    try {
        content = read_file(model_path);
    } catch (const input_error&) {
        throw resource_error("cannot read " + model_path.string() + " (train it with `chronoline train links`)");
    }
    impl->model.read(std::string_view(content), model_path.string());
    impl->fixed_rows = links::fixed_rows(impl->model);
    const auto adjacent_path = resource_dir / "models" / "adjacent.model";
    if (std::filesystem::exists(adjacent_path)) {
        impl->discourse_words = links::DiscourseWords::load(resource_dir / "en" / "links" / "discourse_words.txt");
        std::string adjacent;
        try {
            adjacent = read_file(adjacent_path);
        } catch (const input_error&) {
            throw resource_error("cannot read " + adjacent_path.string());
        }
        impl->adjacent.emplace();
        impl->adjacent->read(adjacent, adjacent_path.string());
    }
    return LinkTagger(std::move(impl));
}

void LinkTagger::tag(Document& doc) const {
    doc.links.clear();
    if (doc.analysis.tokens.empty() && !doc.text.empty()) doc.analysis = analyze_text(doc.text);
    const DocumentView view(doc, impl_->resources);
    std::vector<PendingLink> out;
    out.reserve(3 * doc.events.size() + doc.timexes.size());
    // (Links and blocked pairs together come to about 1.5 per event or time; room for twice
    // that, so that the set never grows: growing re-inserted every pair.)
    LinkSet links(doc, out, 2 * (doc.events.size() + doc.timexes.size()));
    time_time_links(view, links);
    if (!doc.analysis.tokens.empty()) rule_links(view, impl_->rule_tables, links);

    for (const Candidate& c : links::candidates(view)) {
        const std::uint32_t from = links.event(c.a);
        const std::uint32_t to = c.kind == PairKind::event_time ? links.time(c.b) : links.event(c.b);
        if (links.has(from, to)) continue;
        if (c.kind == PairKind::event_time) {
            // What rules an event–time pair out whatever the model says, tested before the
            // model is asked (it is most of the stage's time):
            // a SET ("twice a week") names no stretch an event falls in;
            if (is(doc.timexes[c.b].type, "SET")) continue;
            // and a time places only the events of its own clause.
            const std::uint32_t lo = std::min(view.event_last[c.a], view.timex_last[c.b]);
            const std::uint32_t hi = std::max(view.event_first[c.a], view.timex_first[c.b]);
            if (clause_boundary_between(view, lo + 1, hi)) continue;
        }
        const links::Scores s = links::score(view, c, impl_->model, impl_->fixed_rows);
        std::size_t best = 1, second = 2;
        if (s[2] > s[1]) std::swap(best, second);
        for (std::size_t k = 3; k < links::kLabelCount; ++k) {
            if (s[k] > s[best]) second = best, best = k;
            else if (s[k] > s[second]) second = k;
        }
        // Between events the model only orders: its INCLUDES, IS_INCLUDED and SIMULTANEOUS are
        // right less than one time in six on the other corpus, its BEFORE/AFTER far more often.
        if (c.kind == PairKind::event_event && best >= 3) {
            best = s[1] >= s[2] ? 1 : 2;
            second = 3 - best;
        }
        // Between an event and a time the model only places the event within the time: its
        // other answers are right less than one time in three on the other corpus (BEFORE and
        // AFTER come from the signal rules).
        // (A SET, or a time of another clause, were left out above.)
        if (c.kind == PairKind::event_time && links::kLabels[best] != "IS_INCLUDED") continue;
        // Nor inside a time its tense rules out: "will receive" in "last month".
        if (c.kind == PairKind::event_time && (tense_rules_out(doc.events[c.a], view.timex_vs_dct[c.b], impl_->rule_tables) ||
                                               present_state_ruled_out(doc.events[c.a], view.timex_vs_dct[c.b])))
            continue;
        const double margin = static_cast<double>(s[best] - s[second]);
        if (s[0] <= 0 && (!c.adjacent || margin < kMinForcedMargin)) continue;
        std::string_view rel = links::kLabels[best];
        if (c.kind == PairKind::event_time && is(doc.timexes[c.b].type, "DURATION") && view.timex_first[c.b] > 0) {
            const std::string_view before = view.word(view.timex_first[c.b] - 1);
            for (const auto& [signal, signal_rel] : impl_->resources.duration_signals)
                if (same(signal, before)) rel = signal_rel;
        }
        links.add(from, to, rel, "model", 0.1 + 0.7 * margin / (margin + 1.0));
    }
    if (impl_->adjacent) {
        std::vector<links::AdjacentLink> adjacent;
        links::adjacent_event_links(view, impl_->discourse_words, *impl_->adjacent, adjacent);
        for (const links::AdjacentLink& l : adjacent) {
            const std::uint32_t from = links.event(l.from), to = links.event(l.to);
            if (!links.has(from, to)) links.add(from, to, l.rel, "adjacent-events", 0.1 + 0.7 * l.margin / (l.margin + 1.0));
        }
    }
    // Most confident first (stable: equal confidence keeps the sieve's order). Sorted as
    // (confidence, position) keys, which no two links share: the stable order, at the price of
    // moving 16 bytes a step instead of a whole PendingLink.
    std::vector<std::pair<double, std::uint32_t>> order(out.size());
    for (std::size_t i = 0; i < out.size(); ++i) order[i] = {out[i].confidence, static_cast<std::uint32_t>(i)};
    std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    doc.links.resize(out.size());
    // The ids l1, l2, …: the decimal digits counted up in place (cheaper than formatting
    // each number afresh).
    char lid[24] = {'l', '0'};
    std::size_t lid_size = 2;
    auto next_lid = [&] {
        std::size_t k = lid_size;
        while (k > 1 && lid[k - 1] == '9') lid[--k] = '0';
        if (k > 1) {
            ++lid[k - 1];
            return;
        }
        lid[1] = '1';  // 9…9 + 1 = 10…0
        lid[lid_size++] = '0';
    };
    for (std::size_t i = 0; i < order.size(); ++i) {
        TLink& l = doc.links[i];
        const PendingLink& p = out[order[i].second];
        next_lid();
        // (doc.links was emptied above, so these strings are new and empty: appending to them
        // skips the overlap checks of assign.)
        l.lid.append(lid, lid_size);
        l.from.append(links.name(p.from));
        l.to.append(links.name(p.to));
        l.rel_type.append(p.rel);
        l.rule.append(p.rule);
        l.confidence = p.confidence;
        // The LinkSet's codes are the graph's entity order (TLink::from_entity).
        l.from_entity = p.from;
        l.to_entity = p.to;
    }
}

void train_link_model(const std::vector<Document>& gold, std::ostream& out, const LinkTrainingOptions& options) {
    const auto kIsIncluded = static_cast<std::uint8_t>(
        std::find(links::kLabels.begin(), links::kLabels.end(), "IS_INCLUDED") - links::kLabels.begin());
    // The features read the signal table: from the resources the library finds
    // ($CHRONOLINE_RESOURCES, installed, or the source tree).
    const links::LinkResources resources = links::LinkResources::load(find_resources() / "en" / "links");
    std::vector<links::TrainingExample> examples;
    std::vector<std::uint64_t> feats;
    for (const Document& original : gold) {
        const Document* doc = &original;
        Document analysed;
        if (original.analysis.tokens.empty()) {
            analysed = original;
            analysed.analysis = analyze_text(analysed.text);
            doc = &analysed;
        }
        TemporalGraph graph;
        graph.plan(doc->links);
        for (const TLink& l : doc->links) graph.add(l);
        const PointClosure closure(graph);
        const DocumentView view(*doc, resources);
        for (const Candidate& c : links::candidates(view)) {
            const auto [from, to] = ids_of(*doc, c);
            links::features(view, c, feats);
            std::uint8_t label = gold_label(closure, graph, from, to);
            // An event simultaneous with a time is also within it (INCLUDES is not strict), and
            // within is all the model says of an event and a time.
            if (c.kind == PairKind::event_time && links::kLabels[label] == "SIMULTANEOUS") label = kIsIncluded;
            examples.push_back({feats, label});
        }
    }
    links::train_perceptron(examples, options.epochs, options.seed).write(out);
}

}  // namespace chronoline
