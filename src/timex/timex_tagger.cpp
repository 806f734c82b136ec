// The time-expression stage: the grammar finds expressions and their meanings (extract), the
// resolver gives them values against the DCT, the narrative and the clause's tense (resolve).
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <charconv>
#include <optional>

#include "chronoline/error.hpp"
#include "chronoline/timex.hpp"
#include "timex/grammar.hpp"
#include "timex/resolver.hpp"
#include "timex/resource_file.hpp"

namespace chronoline {

// A word ending that makes a word of a sentence a tense cue ("-ed": past, "'ll": future), from
// tense_suffixes.tsv.
struct SuffixCue {
    std::string suffix;
    timex::Tense tense = timex::Tense::none;  // none: a word ending so is no cue
    std::size_t min_size = 0;
    bool lower_only = false;    // the word must not be capitalized
    bool unknown_only = false;  // the word must be in no lexicon class
};

struct TimexTagger::Impl {
    timex::Grammar grammar;
    timex::HolidayTable holidays;  // holidays.tsv: the dates of holiday=NAME
    std::vector<std::string> game_words;  // game_words.txt, sorted: words of a game report
    std::vector<SuffixCue> suffix_cues;  // in file order: the first whose suffix the word has decides
    // A bit per byte that ends some suffix of suffix_cues: most words end in none of them, and
    // one test turns them away instead of a comparison per suffix.
    std::array<std::uint64_t, 4> suffix_last_bytes{};
    int past_class = -1, present_class = -1, future_class = -1, intention_class = -1, intention_to_class = -1,
        intention_be_to_class = -1, year_next_class = -1, year_prep_class = -1, count_noun_class = -1,
        address_prep_class = -1, percent_class = -1;
    // Classes of the word before a cue word (lexicon.tsv).
    int participle_aux_class = -1, np_start_class = -1, copula_class = -1, as_planned_class = -1;
    // "is due in court", "are due back": the words after "be due" that make it a schedule, and
    // those after "in" that make it a cause instead ("due in part to").
    int due_place_class = -1, due_cause_class = -1;
    // Words the tense code reads by class (lexicon.tsv): "could" + "not", the modalities that
    // look ahead, "had", the "to" of an infinitive, the "be" of "will be", a timetable's verbs.
    int past_if_negated_class = -1, negation_class = -1, modal_ahead_class = -1, pluperfect_class = -1,
        infinitive_to_class = -1, bare_be_class = -1, schedule_verb_class = -1;
    std::uint64_t cue_classes = 0;  // the tense and intention classes: a word of none of them is no cue
};

namespace {

using timex::Tense;

std::size_t token_at(const TextAnalysis& a, std::uint32_t offset) {
    auto it = std::lower_bound(a.tokens.begin(), a.tokens.end(), offset,
                               [](const Token& t, std::uint32_t o) { return t.span.end <= o; });
    return static_cast<std::size_t>(it - a.tokens.begin());
}

Tense tense_of_event(const std::string& t) {
    if (t == "PAST") return Tense::past;
    if (t == "PRESENT") return Tense::present;
    if (t == "FUTURE") return Tense::future;
    return Tense::none;
}

bool in_class(std::uint64_t mask, int cls) { return cls >= 0 && ((mask >> cls) & 1u); }

// The suffix rule that decides for word `w`, or null.
const SuffixCue* suffix_cue(const TimexTagger::Impl& impl, std::string_view w) {
    if (w.empty()) return nullptr;
    const auto last = static_cast<unsigned char>(w.back());
    if (!((impl.suffix_last_bytes[last >> 6] >> (last & 63)) & 1u)) return nullptr;
    for (const auto& s : impl.suffix_cues)
        if (s.suffix.back() == w.back() && w.ends_with(s.suffix)) return &s;
    return nullptr;
}

// `digits` as a whole number: digits only, in range.
bool parse_count(std::string_view digits, std::size_t& out) {
    const char* end = digits.data() + digits.size();
    const auto [ptr, ec] = std::from_chars(digits.data(), end, out);
    return ec == std::errc{} && ptr == end;
}

std::vector<SuffixCue> load_suffix_cues(const std::filesystem::path& file) {
    std::vector<SuffixCue> out;
    timex::for_each_row(file, "the tense suffixes", [&](std::string_view line, int n) {
        const auto cols = timex::split(line, '\t');
        if (cols.size() != 3 || cols[0].empty()) timex::fail(file, n, "want suffix<TAB>tense<TAB>conditions");
        SuffixCue c;
        c.suffix = std::string(cols[0]);
        if (cols[1] == "past") c.tense = Tense::past;
        else if (cols[1] == "future") c.tense = Tense::future;
        else if (cols[1] != "none")
            timex::fail(file, n, "unknown tense '" + std::string(cols[1]) + "' (past, future or none)");
        for (const auto cond : timex::split(cols[2], ' ')) {
            if (cond.empty() || cond == "-") continue;
            if (cond == "lower") c.lower_only = true;
            else if (cond == "unknown") c.unknown_only = true;
            else if (!(cond.starts_with("min=") && parse_count(cond.substr(4), c.min_size)))
                timex::fail(file, n, "unknown condition '" + std::string(cond) + "' (min=N, lower, unknown)");
        }
        out.push_back(std::move(c));
    });
    return out;
}

struct Cue {
    std::uint32_t token;
    Tense tense;
    bool intention = false;  // a verb of intention ("planned", "set to"): what follows lies ahead
};

// The tense cue words of a sentence (will, said, …) and past-participle-like "-ed" words,
// over the matcher's tokens [first, end) (their lexicon entries are already looked up).
void sentence_cues(const TimexTagger::Impl& impl, std::string_view lower, const std::vector<timex::MToken>& tokens,
                   std::uint32_t first, std::uint32_t end, std::vector<Cue>& out, bool& strong_past) {
    out.clear();
    strong_past = false;
    auto word = [&](std::uint32_t k) { return lower.substr(tokens[k].span.begin, tokens[k].span.size()); };
    for (std::uint32_t k = first; k < end; ++k) {
        const auto& t = tokens[k];
        if (t.number_token || (t.form_mask & (1u << static_cast<unsigned>(timex::Form::punct)))) continue;
        const auto w = word(k);
        const auto* lex = t.lex;
        // Most words are neither a cue of the lexicon, nor a verb of intention, nor a word with
        // a suffix of tense_suffixes.tsv ("-ed", "'ll"): they say nothing, whatever comes before them.
        const SuffixCue* suffix = suffix_cue(impl, w);
        if (!(t.class_mask & impl.cue_classes) && !suffix) continue;
        Tense cue = Tense::none;
        if (lex) {
            if (impl.future_class >= 0 && ((t.class_mask >> impl.future_class) & 1u)) cue = Tense::future;
            else if (impl.past_class >= 0 && ((t.class_mask >> impl.past_class) & 1u)) cue = Tense::past;
            else if (impl.present_class >= 0 && ((t.class_mask >> impl.present_class) & 1u)) cue = Tense::present;
        }
        // The word before, by its classes (lexicon.tsv): a participle after "be"/"have" or a
        // determiner is not a verb of its own: the auxiliary says the tense ("will be held", "is
        // expected"), or it is an adjective ("a revised plan").
        const std::uint64_t prev = k > first ? tokens[k - 1].class_mask : 0;
        const auto prev_is = [&](int cls) { return cls >= 0 && ((prev >> cls) & 1u); };
        const bool after_np_start = prev_is(impl.np_start_class);
        const bool after_aux = prev_is(impl.participle_aux_class) || after_np_start;
        if (cue == Tense::past && after_aux) cue = Tense::none;
        const auto next_is = [&](int cls) { return k + 1 < end && in_class(tokens[k + 1].class_mask, cls); };
        // "could not be reached Tuesday": the past of "cannot", not a possibility ahead.
        if (in_class(t.class_mask, impl.past_if_negated_class) && next_is(impl.negation_class)) cue = Tense::past;
        if (cue == Tense::none && !after_aux && suffix && w.size() >= suffix->min_size &&
            !(suffix->lower_only && t.capitalized) && !(suffix->unknown_only && lex && lex->class_mask != 0))
            cue = suffix->tense;
        if (cue == Tense::past && in_class(t.class_mask, impl.pluperfect_class)) strong_past = true;
        bool intention = false;
        if (lex) {
            const auto has = [&](int cls) { return cls >= 0 && ((lex->class_mask >> cls) & 1u); };
            intention = has(impl.intention_class) ||
                        (has(impl.intention_to_class) && next_is(impl.infinitive_to_class)) ||
                        (has(impl.intention_be_to_class) &&
                         ((prev_is(impl.copula_class) && next_is(impl.infinitive_to_class)) ||
                          // "peace talks due to start at the weekend", "the envoy due to be in Paris
                          // on Monday": a bare "be" or timetable verb after "to" makes it a schedule
                          // without a copula ("due to the rain" is a cause).
                          (next_is(impl.infinitive_to_class) && k + 2 < end &&
                           (in_class(tokens[k + 2].class_mask, impl.bare_be_class) ||
                            in_class(tokens[k + 2].class_mask, impl.schedule_verb_class))) ||
                          (next_is(impl.due_place_class) && !(k + 2 < end && in_class(tokens[k + 2].class_mask, impl.due_cause_class)))));
            // "as (previously) planned": the plan's time has come; no cue of either kind.
            // "the plan", "its scheduled ...": a noun or adjective, not the clause's verb.
            if (after_np_start) intention = false;
            if (has(impl.intention_class) && prev_is(impl.as_planned_class)) {
                intention = false;
                cue = Tense::none;
            }
        }
        if (intention && cue == Tense::none) cue = Tense::future;
        if (cue != Tense::none) out.push_back({k, cue, intention});
    }
}

constexpr std::uint32_t kIntentionReach = 8;  // tokens

// The tense the cue words nearest the expression (tokens [first, end)) say.
Tense cue_tense(const std::vector<Cue>& cues, std::uint32_t first, std::uint32_t end) {
    Tense best = Tense::none;
    std::size_t best_d = ~std::size_t{0};
    for (const auto& c : cues) {
        if (c.token >= first && c.token < end) continue;
        // Cues before the expression govern it more often than those after ("said Tuesday",
        // "will meet Tuesday"): those after count as farther away.
        const std::size_t d = c.token < first ? first - c.token : (c.token - first) * 3;
        if (d < best_d) { best_d = d; best = c.tense; }
    }
    // A present-tense cue word ("is", "has") says little about when a dated event happens in
    // news ("Tuesday's decision is…"); only the events stage's real tense counts for that.
    return best == Tense::present ? Tense::none : best;
}

// Whether the nearest cue word before the expression, a few tokens back, is a verb of intention.
bool intention_before(const std::vector<Cue>& cues, std::uint32_t first) {
    const Cue* nearest = nullptr;
    for (const auto& c : cues)
        if (c.token < first && (!nearest || c.token > nearest->token)) nearest = &c;
    return nearest && nearest->intention && first - nearest->token <= kIntentionReach;
}

constexpr std::uint32_t kAfterWeight = 3;
constexpr std::uint32_t kNearVerb = 30;  // bytes between the expression and the verb whose tense it takes

// "planned a rally on Saturday", "set to resume Monday": a verb of intention just before the
// expression speaks of a time ahead of when it was said, even in a past clause; but after a
// pluperfect ("had been scheduled to expire Friday") the plan's time has come and gone.
Tense with_intention(Tense t, const TimexMeaning& meaning) {
    // A quarter is what results are reported for ("expects to report a third-quarter loss"): a
    // period already over, whatever the plan.
    if (!meaning.text_intention || meaning.grain == "Q" || meaning.quarter != 0) return t;
    if (meaning.text_strong_past) return Tense::past;
    if (t == Tense::past) return Tense::future_in_past;
    return t == Tense::future_in_past ? t : Tense::future;  // "analysts expect rates to recover in the second half"
}

// Whether an infinitive event of `sentence` lies in [from, to).
bool infinitive_between(const Document& doc, const std::vector<std::pair<std::uint32_t, std::uint32_t>>& events_by_sentence,
                        std::size_t sentence, std::uint32_t from, std::uint32_t to) {
    auto it = std::lower_bound(events_by_sentence.begin(), events_by_sentence.end(),
                               std::make_pair(static_cast<std::uint32_t>(sentence), 0u));
    for (; it != events_by_sentence.end() && it->first == sentence; ++it) {
        const Event& e = doc.events[it->second];
        if (e.tense == "INFINITIVE" && e.span.begin >= from && e.span.end <= to) return true;
    }
    return false;
}

// The clause's tense: the nearest event of the events stage in the same sentence when it has
// run, else what the sentence's cue words said at extraction.
// Whether `event` follows "will be" ("will be payable Jan. 3"): the words before it, one space
// apart, of the lexicon classes tense_future (not modal_ahead) and bare_be.
// Whether `word` (lower case) is a lexicon word of class `cls`.
bool word_in_class(const TimexTagger::Impl& impl, std::string_view word, int cls) {
    if (cls < 0 || word.empty()) return false;
    const auto* w = impl.grammar.lookup(word);
    return w && in_class(w->class_mask, cls);
}

// The lower-case text of `s`.
std::string_view lower_of(const Document& doc, const Span& s) {
    return std::string_view(doc.analysis.lower).substr(s.begin, s.size());
}

bool after_future_copula(const TimexTagger::Impl& impl, const Document& doc, const Span& event) {
    const auto& a = doc.analysis;
    const std::size_t k = token_at(a, event.begin);
    if (k < 2 || k > a.tokens.size()) return false;
    const Span be = a.tokens[k - 1].span, will = a.tokens[k - 2].span;
    if (be.end + 1 != event.begin || will.end + 1 != be.begin || a.lower[be.end] != ' ' || a.lower[will.end] != ' ')
        return false;
    const auto word_in = [&](const Span& s, int cls) { return word_in_class(impl, lower_of(doc, s), cls); };
    // "would be" is the future of the past (modal_ahead), which the modality already says.
    return word_in(be, impl.bare_be_class) && word_in(will, impl.future_class) && !word_in(will, impl.modal_ahead_class);
}

// Whether the event's word is a verb of a timetable (lexicon class schedule_verb).
bool is_schedule_verb(const TimexTagger::Impl& impl, const Document& doc, const Span& event) {
    return word_in_class(impl, lower_of(doc, event), impl.schedule_verb_class);
}

// Whether the events stage's modality (the modal word) is of lexicon class `cls`.
bool modality_in(const TimexTagger::Impl& impl, const std::string& modality, int cls) {
    return word_in_class(impl, modality, cls);
}

Tense clause_tense(const TimexTagger::Impl& impl, const Document& doc, const std::vector<std::pair<std::uint32_t, std::uint32_t>>& events_by_sentence,
                   const TimexMeaning& meaning, std::size_t sentence, const Span& span, std::uint32_t& distance,
                   bool& of_a_verb) {
    distance = 0;  // the text's own cue words: taken as near
    of_a_verb = false;
    if (!events_by_sentence.empty()) {
        Tense best = Tense::none;
        std::uint32_t best_d = ~0u;
        bool best_before = false;
        // The nearest tensed verb before the expression, kept apart: a verb after it across a
        // comma belongs to another clause ("X, which opened the mall on Friday, tries to sell
        // it": the opening is Friday's, not the trying), and gives way to it.
        Tense before_best = Tense::none;
        std::uint32_t before_d = ~0u;
        bool after_across_comma = false;
        auto it = std::lower_bound(events_by_sentence.begin(), events_by_sentence.end(),
                                   std::make_pair(static_cast<std::uint32_t>(sentence), 0u));
        for (; it != events_by_sentence.end() && it->first == sentence; ++it) {
            const Event& e = doc.events[it->second];
            Tense t = tense_of_event(e.tense);
            // "have gained since Tuesday", "has slumped ..., closing Friday": a present perfect
            // reports what has already happened; but not across an infinitive it governs ("has
            // decided to admit them in March": the time is the infinitive's).
            if (t == Tense::present && e.aspect.starts_with("PERFECTIVE") &&
                !infinitive_between(doc, events_by_sentence, sentence, e.span.end, span.begin))
                t = Tense::past;
            // "would leave on Tuesday", "planned to drive there on Monday": a time still ahead
            // when the clause was said (the future of the past).
            // But "could not be reached Tuesday" is the past of "cannot": what failed has happened.
            if (e.polarity == "NEG" && modality_in(impl, e.modality, impl.past_if_negated_class))
                t = Tense::past;
            else if (modality_in(impl, e.modality, impl.modal_ahead_class))
                t = Tense::future_in_past;
            // "will be payable Jan. 3": a predicate adjective or noun takes its tense from the
            // copula before it, which the events stage leaves untensed.
            if (t == Tense::none && after_future_copula(impl, doc, e.span)) t = Tense::future;
            // "the offer expires Monday", "talks resume Thursday": a timetable's present looks
            // ahead, not back (a present clause otherwise names yesterday by its bare weekday).
            if (t == Tense::present && !e.aspect.starts_with("PERFECTIVE") && is_schedule_verb(impl, doc, e.span))
                t = Tense::future;
            if (t == Tense::none) continue;
            std::uint32_t d = e.span.end <= span.begin ? span.begin - e.span.end : e.span.begin - std::min(e.span.begin, span.end);
            // Verbs before the expression govern it more often than those after ("said Tuesday
            // to ...", "rallied Friday night to demand ..."): those after count as farther away.
            if (e.span.begin >= span.end) d = d * kAfterWeight;
            // "announced an agreement to acquire the company in January": the infinitive between
            // a past verb and the expression happens after the telling. (A bare weekday in news
            // dates the telling itself: "extended offers to acquire it Friday".)
            // Only a verb of saying or deciding governs such an infinitive ("was given the mandate to
            // form a government in March" dates the giving).
            if (t == Tense::past && meaning.weekday == 0 && e.span.end <= span.begin &&
                (e.event_class == "REPORTING" || e.event_class == "I_ACTION" || e.event_class == "I_STATE") &&
                infinitive_between(doc, events_by_sentence, sentence, e.span.end, span.begin))
                t = Tense::future_in_past;
            const bool before = e.span.end <= span.begin;
            if (before && d < before_d) { before_d = d; before_best = t; }
            if (d < best_d) {
                best_d = d;
                best = t;
                best_before = before;
                // (only the text between the two: not a search to the next comma of the document)
                after_across_comma = !before && e.span.begin > span.end &&
                                     std::string_view(doc.text).substr(span.end, e.span.begin - span.end).find(',') !=
                                         std::string_view::npos;
            }
        }
        if (best != Tense::none && !best_before && after_across_comma && before_best != Tense::none) {
            best = before_best;
            best_d = before_d;
            best_before = true;
        }
        if (best != Tense::none) {
            distance = best_d;
            // A verb after the expression is often the telling of a quote ("'... until the end of
            // the second quarter,' he said"), not the clause's own verb.
            of_a_verb = best_before;
            return with_intention(best, meaning);
        }
    }
    return with_intention(static_cast<Tense>(meaning.text_tense), meaning);
}

constexpr std::uint32_t kClockDayReach = 16;  // bytes from a clock time to the day named after it

// A clock time with no day of its own ("10:35 a.m.", "0735 GMT").
bool clock_only(const TimexMeaning& m) {
    return m.kind == MeaningKind::calendar && m.hour >= 0 && m.weekday == 0 && m.day == 0 && m.month == 0 &&
           m.year == 0 && m.holiday.empty();
}

// Whether the value depends on the clause's tense: periods named without a year, weekdays,
// "in two weeks"; not years, durations, deictic days or vague references.
bool needs_tense(const TimexMeaning& m) {
    switch (m.kind) {
    case MeaningKind::calendar: return m.year == 0 && m.decade < 0 && m.century < 0;
    case MeaningKind::shift: return m.weekday != 0 || m.grain == "WE" || m.direction == 0;
    case MeaningKind::offset: return m.future_if_tense || m.anchor == AnchorKind::narrative;
    default: return false;
    }
}

// A text is a history, not news, when it names several years far from its DCT, none near it,
// and never speaks from the DCT (today, yesterday, last week, a bare weekday).
bool is_history(const std::vector<TimexMention>& mentions, int dct_year) {
    int far = 0, near = 0;
    for (const auto& m : mentions) {
        if (!m.meaning) continue;
        const auto& mm = *m.meaning;
        if (mm.kind == MeaningKind::calendar && mm.year > 0) {
            if (std::abs(mm.year - dct_year) >= 2) ++far;
            else ++near;
        } else if (mm.kind == MeaningKind::shift && mm.anchor != AnchorKind::narrative &&
                   (mm.grain == "D" || mm.grain == "W" || mm.grain == "M" || mm.grain == "Y")) {
            ++near;
        } else if (mm.kind == MeaningKind::calendar && mm.weekday && mm.day == 0) {
            ++near;
        } else if (mm.kind == MeaningKind::offset && mm.anchor == AnchorKind::dct) {
            ++near;  // "four years ago" speaks from the DCT
        }
    }
    return far >= 3 && near == 0;
}

boost::gregorian::date to_boost(std::chrono::year_month_day d) {
    if (!d.ok()) return boost::gregorian::date(2000, 1, 1);
    return boost::gregorian::date(static_cast<unsigned short>(static_cast<int>(d.year())),
                                  static_cast<unsigned short>(static_cast<unsigned>(d.month())),
                                  static_cast<unsigned short>(static_cast<unsigned>(d.day())));
}

}  // namespace

TimexTagger TimexTagger::load(const std::filesystem::path& resource_dir) {
    auto impl = std::make_shared<Impl>();
    impl->grammar = timex::Grammar::load(resource_dir / "en" / "timex");
    impl->holidays = timex::HolidayTable::load(resource_dir / "en" / "timex" / "holidays.tsv");
    const auto game_file = resource_dir / "en" / "timex" / "game_words.txt";
    timex::for_each_row(game_file, "the words of a game report", [&](std::string_view w, int line) {
        if (w.find_first_of(" \t") != std::string_view::npos) timex::fail(game_file, line, "one word per line");
        impl->game_words.emplace_back(w);
    });
    std::sort(impl->game_words.begin(), impl->game_words.end());
    impl->past_class = impl->grammar.class_id("tense_past");
    impl->present_class = impl->grammar.class_id("tense_present");
    impl->future_class = impl->grammar.class_id("tense_future");
    impl->intention_class = impl->grammar.class_id("intention");
    impl->intention_to_class = impl->grammar.class_id("intention_to");
    impl->intention_be_to_class = impl->grammar.class_id("intention_be_to");
    impl->year_next_class = impl->grammar.class_id("yearnext");
    impl->year_prep_class = impl->grammar.class_id("yearprep");
    impl->count_noun_class = impl->grammar.class_id("countnoun");
    impl->address_prep_class = impl->grammar.class_id("address_prep");
    impl->percent_class = impl->grammar.class_id("percent_word");
    impl->participle_aux_class = impl->grammar.class_id("participle_aux");
    impl->np_start_class = impl->grammar.class_id("np_start");
    impl->copula_class = impl->grammar.class_id("copula");
    impl->as_planned_class = impl->grammar.class_id("as_planned");
    impl->due_place_class = impl->grammar.class_id("due_place");
    impl->due_cause_class = impl->grammar.class_id("due_cause");
    impl->past_if_negated_class = impl->grammar.class_id("past_if_negated");
    impl->negation_class = impl->grammar.class_id("negation");
    impl->modal_ahead_class = impl->grammar.class_id("modal_ahead");
    impl->pluperfect_class = impl->grammar.class_id("pluperfect");
    impl->infinitive_to_class = impl->grammar.class_id("infinitive_to");
    impl->bare_be_class = impl->grammar.class_id("bare_be");
    impl->schedule_verb_class = impl->grammar.class_id("schedule_verb");
    impl->suffix_cues = load_suffix_cues(resource_dir / "en" / "timex" / "tense_suffixes.tsv");
    for (const auto& c : impl->suffix_cues) {
        const auto last = static_cast<unsigned char>(c.suffix.back());
        impl->suffix_last_bytes[last >> 6] |= std::uint64_t{1} << (last & 63);
    }
    for (const int c : {impl->past_class, impl->present_class, impl->future_class, impl->intention_class,
                        impl->intention_to_class, impl->intention_be_to_class, impl->past_if_negated_class})
        if (c >= 0) impl->cue_classes |= std::uint64_t{1} << c;
    return TimexTagger(std::move(impl));
}

namespace {

// An ordinal quarter or half with no year of its own: in a game report, a period of play.
bool yearless_quarter_or_half(const TimexMeaning& m) {
    return m.kind == MeaningKind::calendar && (m.grain == "Q" || m.grain == "H") && m.year == 0 &&
           !m.has_year_shift && !m.fiscal;
}

constexpr int kGameWordsOfAReport = 2;  // distinct words of game_words.txt

// Whether the document reads as a report of a game (game_words.txt).
bool is_game_report(const std::vector<std::string>& game_words, const TextAnalysis& a) {
    std::vector<std::string_view> seen;
    for (const auto& t : a.tokens) {
        const std::string_view w = std::string_view(a.lower).substr(t.span.begin, t.span.size());
        if (!std::binary_search(game_words.begin(), game_words.end(), w)) continue;
        if (std::find(seen.begin(), seen.end(), w) != seen.end()) continue;
        seen.push_back(w);
        if (static_cast<int>(seen.size()) >= kGameWordsOfAReport) return true;
    }
    return false;
}

}  // namespace

std::vector<TimexMention> TimexTagger::extract(const Document& doc) const {
    std::vector<TimexMention> out;
    std::vector<timex::MToken> tokens;
    std::vector<timex::Match> matches;
    const auto& g = impl_->grammar;
    g.tokenize(doc.text, doc.analysis, tokens);
    matches.reserve(tokens.size() / 32);
    g.match(tokens, matches);
    out.reserve(matches.size());
    const std::string_view text = doc.analysis.lower;
    std::vector<Cue> cues;
    std::size_t cue_sentence = ~std::size_t{0};
    bool strong_past = false;
    std::optional<bool> game_report;  // decided when first needed: most texts name no such period
    for (const auto& m : matches) {
        const auto& first = tokens[m.span_first];
        const auto& last = tokens[m.span_end - 1];
        TimexMeaning meaning = g.meaning_of(tokens, m);
        // "scored in the fourth quarter", "first half goals": a period of the game.
        if (yearless_quarter_or_half(meaning)) {
            if (!game_report) game_report = is_game_report(impl_->game_words, doc.analysis);
            if (*game_report) continue;
        }
        // A bare year must read as one: "2000 people", "1999 containers" and "at 1600
        // Pennsylvania Avenue" are counts and addresses. After a preposition of time ("in 1999")
        // it is a year; before punctuation, a number or a capitalized word too (but "at 1600
        // Pennsylvania"); before a lower-case word only when that word is not a plural noun
        // (ends in -s, outside the lexicon's class yearnext) nor a countnoun.
        if (meaning.kind == MeaningKind::calendar && meaning.year > 0 && meaning.month == 0 && meaning.day == 0 &&
            meaning.season.empty() && meaning.quarter == 0 && meaning.ordinal == 0 && meaning.half == 0 &&
            meaning.holiday.empty() && last.number_token && !meaning.fiscal) {
            const auto word_of = [&](std::size_t k) { return text.substr(tokens[k].span.begin, tokens[k].span.size()); };
            const bool after_prep = m.span_first > 0 && tokens[m.span_first - 1].lex &&
                                    impl_->year_prep_class >= 0 &&
                                    ((tokens[m.span_first - 1].lex->class_mask >> impl_->year_prep_class) & 1u);
            // "post-1959 politics", "mid-1990 levels": a year joined to a word before it is a year.
            const bool hyphen_joined = m.span_end >= m.span_first + 3 && word_of(m.span_end - 2) == "-";
            if (!after_prep && !hyphen_joined && m.span_end < tokens.size()) {
                const auto& next = tokens[m.span_end];
                const bool word_next = !(next.form_mask & (1u << static_cast<unsigned>(timex::Form::punct))) && !next.number_token;
                const auto has = [&](const timex::MToken& t, int cls) { return cls >= 0 && t.lex && ((t.lex->class_mask >> cls) & 1u); };
                if (word_next && !next.capitalized) {
                    const auto w = word_of(m.span_end);
                    if (has(next, impl_->count_noun_class) || (w.size() > 2 && w.back() == 's' && !has(next, impl_->year_next_class)))
                        continue;
                }
                if (word_next && next.capitalized && m.span_first > 0 && has(tokens[m.span_first - 1], impl_->address_prep_class))
                    continue;
            }
        }
        // "USA Today", "India Today", "Kim Soon": a capitalized word of one token that names no
        // calendar unit (not a weekday, month, season or holiday, which are capitalized anyway)
        // right after another capitalized word is the end of a name, not a time.
        if (meaning.kind != MeaningKind::none && m.span_end == m.span_first + 1 && first.capitalized &&
            !first.number_token && m.span_first > 0 && meaning.weekday == 0 && meaning.month == 0 && meaning.season.empty() && meaning.holiday.empty() &&
            meaning.year == 0) {
            const auto& prev = tokens[m.span_first - 1];
            // Not the first word of a sentence, which may follow an abbreviation's period
            // ("... Hewlett-Packard Co. Recently, analysts have ...").
            std::size_t k = first.span.begin;
            while (k > prev.span.end && text[k - 1] == ' ') --k;
            const bool after_period = k > 0 && text[k - 1] == '.';
            if (prev.capitalized && !prev.number_token && !(prev.form_mask & (1u << static_cast<unsigned>(timex::Form::punct))) &&
                prev.span.end < first.span.begin && !after_period &&
                (doc.analysis.sentences.empty() ||
                 doc.analysis.sentence_of_token(prev.source) == doc.analysis.sentence_of_token(first.source)))
                continue;
        }
        // "3" in "April 2 and 3" is a date only right after a month's day, whose month and year it takes.
        // "Wednesday" in "from Monday to Wednesday" counts from Monday only right after it; elsewhere
        // ("postponed to Friday") it is a weekday like any other.
        if (meaning.after_day && meaning.weekday != 0) {
            const TimexMeaning* prev = !out.empty() && out.back().meaning ? out.back().meaning.get() : nullptr;
            meaning.after_day = prev && prev->kind == MeaningKind::calendar && prev->weekday != 0 && prev->month == 0 &&
                                m.first > 0 && tokens[m.first - 1].span.end == out.back().span.end;
        } else if (meaning.after_day) {
            const TimexMeaning* prev = !out.empty() && out.back().meaning ? out.back().meaning.get() : nullptr;
            if (!prev || prev->month == 0 || prev->day == 0 || m.first == 0 ||
                tokens[m.first - 1].span.end != out.back().span.end)
                continue;
            meaning.month = prev->month;
            if (meaning.year == 0) meaning.year = prev->year;
        }
        // Money and percentages are not times: "$2000", "2000 %".
        if (first.number_token) {
            if (first.span.begin > 0 && (text[first.span.begin - 1] == '$' ||
                                         (first.span.begin > 1 && text[first.span.begin - 1] == ' ' && text[first.span.begin - 2] == '$')))
                continue;
            if (m.span_end < tokens.size() && m.span_end == m.span_first + 1) {
                const auto& next = tokens[m.span_end];
                if (next.lex && in_class(next.lex->class_mask, impl_->percent_class)) continue;
            }
        }
        if (needs_tense(meaning) && !doc.analysis.sentences.empty()) {
            const std::size_t sentence = doc.analysis.sentence_of_token(first.source);
            if (sentence != cue_sentence) {
                const auto& s = doc.analysis.sentences[sentence];
                const auto by_source = [](const timex::MToken& t, std::uint32_t src) { return t.source < src; };
                const auto b = std::lower_bound(tokens.begin(), tokens.end(), s.first_token, by_source) - tokens.begin();
                const auto e = std::lower_bound(tokens.begin(), tokens.end(), s.end_token, by_source) - tokens.begin();
                sentence_cues(*impl_, text, tokens, static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(e), cues, strong_past);
                cue_sentence = sentence;
            }
            meaning.text_tense = static_cast<std::uint8_t>(cue_tense(cues, m.span_first, m.span_end));
            meaning.text_strong_past = strong_past;
            meaning.text_intention = intention_before(cues, m.span_first);
        }
        // "6:39 a.m. (2139 GMT)": a clock time in parentheses right after another is that time
        // converted to another zone, not a time of its own (the gold corpora leave it untagged).
        if (clock_only(meaning) && !out.empty() && out.back().meaning && clock_only(*out.back().meaning) &&
            first.span.begin >= 2 && last.span.end < text.size() && text[last.span.end] == ')') {
            std::size_t k = first.span.begin;
            while (k > 0 && text[k - 1] == ' ') --k;
            if (k > 0 && text[k - 1] == '(') {
                --k;
                while (k > 0 && text[k - 1] == ' ') --k;
                if (k == out.back().span.end) continue;
            }
        }
        TimexMention mention;
        mention.span = {first.span.begin, last.span.end};
        mention.rule = g.rule_of(m).name;
        mention.meaning = std::make_shared<const TimexMeaning>(std::move(meaning));
        out.push_back(std::move(mention));
    }
    return out;
}

// Whether `mention` is "the day before|after <event>" set off by a comma right after a day
// just named: "Oct. 12, the day before the plunge".
bool apposed_day(const Document& doc, const TimexMention& mention, const timex::ResolveContext& ctx) {
    const auto& m = *mention.meaning;
    if (m.kind != MeaningKind::offset || m.anchor != AnchorKind::narrative || m.grain != "D" || m.amount != 1 || m.vague)
        return false;
    if (doc.timexes.empty() || !ctx.narrative || ctx.narrative->grain != 'D' || ctx.narrative->sentence != ctx.sentence)
        return false;
    const Timex& prev = doc.timexes.back();
    if (prev.type != "DATE" || prev.value.size() != 10 || prev.span.end + 2 != mention.span.begin) return false;
    if (std::string_view(doc.text).substr(prev.span.end, 2) != ", ") return false;
    // A noun phrase follows ("the day before the plunge"), not the end of the clause.
    const std::size_t after = mention.span.end;
    return after + 1 < doc.text.size() && doc.text[after] == ' ' &&
           std::isalpha(static_cast<unsigned char>(doc.text[after + 1]));
}

void TimexTagger::resolve(Document& doc, const std::vector<TimexMention>& mentions) const {
    doc.timexes.clear();
    doc.timexes.reserve(mentions.size());  // a Timex holds several strings: regrowth would move them all
    timex::ResolveContext ctx;
    ctx.holidays = &impl_->holidays;
    ctx.dct = to_boost(doc.dct);
    ctx.history = is_history(mentions, ctx.dct.year());
    std::string last_tid;
    bool quarter_by_number = false;  // ctx.quarter was named by its number ("the third quarter")
    std::vector<std::pair<std::uint32_t, std::uint32_t>> events_by_sentence;  // (sentence, event index)
    events_by_sentence.reserve(doc.events.size());
    for (std::uint32_t k = 0; k < doc.events.size(); ++k) events_by_sentence.emplace_back(doc.events[k].sentence, k);
    if (!std::is_sorted(events_by_sentence.begin(), events_by_sentence.end()))
        std::sort(events_by_sentence.begin(), events_by_sentence.end());
    // Sets the clause-dependent part of `c` for `mention`.
    auto set_clause = [&](timex::ResolveContext& c, const TimexMention& mention) {
        const std::size_t token = token_at(doc.analysis, mention.span.begin);
        const std::size_t sentence = doc.analysis.sentences.empty() ? 0 : doc.analysis.sentence_of_token(token);
        c.sentence = sentence;
        c.tense = Tense::none;
        c.strong_past = false;
        c.tense_from_afar = false;
        c.tense_of_a_verb = false;
        c.day_after.reset();
        if (needs_tense(*mention.meaning)) {
            std::uint32_t distance = 0;
            c.tense = clause_tense(*impl_, doc, events_by_sentence, *mention.meaning, sentence, mention.span, distance,
                                   c.tense_of_a_verb);
            c.tense_from_afar = distance > kNearVerb;
            c.strong_past = mention.meaning->text_strong_past;
        }
    };
    for (std::size_t i = 0; i < mentions.size(); ++i) {
        const auto& mention = mentions[i];
        if (!mention.meaning) continue;
        set_clause(ctx, mention);
        // "at 10:35 a.m. (0735 GMT) Friday": the day named just after a clock time is its day,
        // though a parenthesis keeps the two apart.
        if (clock_only(*mention.meaning)) {
            for (std::size_t j = i + 1; j < mentions.size() && mentions[j].span.begin <= mention.span.end + kClockDayReach; ++j) {
                const auto& next = mentions[j];
                if (!next.meaning || clock_only(*next.meaning)) continue;
                const auto& nm = *next.meaning;
                if (nm.kind == MeaningKind::calendar && nm.hour < 0 && nm.part_of_day.empty() &&
                    (nm.weekday != 0 || (nm.month != 0 && nm.day != 0))) {
                    timex::ResolveContext peek = ctx;
                    set_clause(peek, next);
                    if (peek.sentence == ctx.sentence) {
                        const auto day = timex::resolve_meaning(nm, peek);
                        if (day.ok && day.produced && day.produced->grain == 'D') ctx.day_after = day.produced->day;
                    }
                }
                break;
            }
        }
        auto r = timex::resolve_meaning(*mention.meaning, ctx);
        if (!r.ok) continue;
        // "after Oct. 12, the day before the crash": an apposition renames the day just named
        // (it is the day before the crash, not before Oct. 12).
        if (apposed_day(doc, mention, ctx)) {
            r.value = doc.timexes.back().value;
            r.type = "DATE";
            r.produced = ctx.narrative;
            r.explanation = "apposition: the day named just before (" + doc.timexes.back().tid + ")";
        }
        // Built in place: a Timex holds several strings, and moving one costs.
        Timex& t = doc.timexes.emplace_back();
        t.span = mention.span;
        t.tid = std::to_string(doc.timexes.size());
        t.tid.insert(t.tid.begin(), 't');
        t.type = std::move(r.type);
        t.value = std::move(r.value);
        t.mod = std::move(r.mod);
        t.quant = std::move(r.quant);
        t.freq = std::move(r.freq);
        t.temporal_function = r.temporal_function;
        if (r.used_narrative) t.anchor_tid = last_tid;
        t.rule = mention.rule;
        t.explanation = std::move(r.explanation);
        if (r.produced) {
            ctx.narrative = r.produced;
            // The quarter under discussion ("the quarter", "the latest quarter", "a year earlier") is
            // one whose results are reported: over by the DCT or told in a past clause ("reported
            // a decline in fourth-quarter earnings"); "will result in a fourth-quarter charge"
            // said in November is a forecast, not the period the report is about.
            const bool quarter_over = r.produced->day + boost::gregorian::months(3) <= ctx.dct;
            // An earlier quarter named after a quarter named by its number is a comparison ("after a
            // flat second quarter"), not the new subject of a third-quarter report; but a fiscal
            // quarter ("the fiscal second quarter") is another company's own.
            if (r.produced->grain == 'Q' && mention.meaning->kind != MeaningKind::offset && mention.meaning->year == 0 &&
                (quarter_over || ctx.tense == Tense::past) &&
                !(quarter_by_number && !mention.meaning->fiscal && ctx.quarter && r.produced->day < ctx.quarter->day)) {
                ctx.quarter = r.produced;
                quarter_by_number = mention.meaning->kind == MeaningKind::calendar;
            }
            if (!r.produced->from_offset) ctx.named = r.produced;
            if (r.produced->grain == 'D') ctx.day = r.produced;
            if (r.produced->grain == 'D' && r.produced->day <= ctx.dct) ctx.past_day = r.produced;
            last_tid = t.tid;
        }
    }
}

void TimexTagger::tag(Document& doc) const { resolve(doc, extract(doc)); }

std::optional<std::chrono::year_month_day> TimexTagger::find_dateline(std::string_view text) const {
    // The first lines only: a dateline is at the top, and a date deep in the body is not one.
    std::size_t end = 0;
    for (int line = 0; line < 8 && end < text.size(); ++line) {
        const auto nl = text.find('\n', end);
        end = nl == std::string_view::npos ? text.size() : nl + 1;
    }
    end = std::min(end, std::size_t{2000});
    Document head;
    head.text = std::string(text.substr(0, end));
    head.analysis = analyze_text(head.text);
    for (const auto& m : extract(head)) {
        const auto& mm = *m.meaning;
        if (mm.kind != MeaningKind::calendar || mm.year <= 0 || mm.month <= 0 || mm.day <= 0) continue;
        const std::chrono::year_month_day d{std::chrono::year{mm.year}, std::chrono::month{static_cast<unsigned>(mm.month)},
                                            std::chrono::day{static_cast<unsigned>(mm.day)}};
        if (d.ok()) return d;
    }
    return std::nullopt;
}

std::vector<std::string> TimexTagger::rule_names() const {
    std::vector<std::string> out;
    for (const auto& r : impl_->grammar.rules()) out.push_back(r.name);
    return out;
}

}  // namespace chronoline
