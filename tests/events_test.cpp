// The events stage: verb-group reading, part of speech, the learned model (training, loading,
// errors), the seed article and the held-out corpus figures.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "chronoline/error.hpp"
#include "chronoline/eval.hpp"
#include "chronoline/events.hpp"
#include "chronoline/io.hpp"
#include "events/class_rules.hpp"
#include "events/event_model.hpp"
#include "events/lexicon.hpp"
#include "events/pos_tagger.hpp"
#include "events/verb_group.hpp"
#include "test_support.hpp"

using namespace chronoline;
namespace fs = std::filesystem;

namespace {

const events::Lexicon& lexicon() {
    static const events::Lexicon lex = events::Lexicon::load(test::resources_dir() / "en" / "events");
    return lex;
}

// `text` as the events stage tags it (analysed, then tagged with the shipped resources).
Document tagged(std::string text) {
    static const EventTagger tagger = EventTagger::load(test::resources_dir());
    Document doc;
    doc.text = std::move(text);
    doc.analysis = analyze_text(doc.text);
    tagger.tag(doc);
    return doc;
}

struct Reading {
    std::string tense, aspect, polarity, modality;
};

// Reads the verb group of the first token spelled `word` in `text`, as a verb.
Reading verb_group_of(const std::string& text, std::string_view word) {
    const TextAnalysis a = analyze_text(text);
    std::vector<events::TokenFacts> facts;
    events::analyze_tokens(lexicon(), a, facts);
    for (std::size_t i = 0; i < a.tokens.size(); ++i) {
        if (a.lower_of(a.tokens[i]) != word) continue;
        const auto& s = a.sentences[a.sentence_of_token(i)];
        const auto g = events::read_verb_group(lexicon(), a, facts, i, s.first_token, events::EventPos::verb);
        return {std::string(g.tense), std::string(g.aspect), g.negative ? "NEG" : "POS", std::string(g.modality)};
    }
    FAIL("no token " << word << " in: " << text);
    return {};
}

fs::path temp_dir(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / ("chronoline-events-test-" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

// A resources folder holding the real lexicons and the given model bytes.
fs::path resources_with_model(const std::string& name, const std::string& model_bytes) {
    const fs::path dir = temp_dir(name);
    fs::create_directory_symlink(test::resources_dir() / "en", dir / "en");
    fs::create_directories(dir / "models");
    std::ofstream(dir / "models" / "events.model", std::ios::binary) << model_bytes;
    return dir;
}

std::string read_bytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A small gold document written here (no corpus text): events marked by their words.
Document gold_document(const std::string& text, const std::vector<std::pair<std::string, std::string>>& events) {
    Document d;
    d.name = "synthetic";
    d.text = text;
    d.analysis = analyze_text(text);
    std::size_t from = 0;
    for (const auto& [word, cls] : events) {
        const std::size_t at = text.find(word, from);
        REQUIRE(at != std::string::npos);
        Event e;
        e.span = {static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(at + word.size())};
        e.event_class = cls;
        e.pos = "VERB";
        d.events.push_back(e);
        from = at + word.size();
    }
    return d;
}

std::vector<Document> load_corpus(const fs::path& dir) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".tml") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::vector<Document> docs;
    for (const auto& f : files) {
        Document d = read_timeml(read_file(f), f.string());
        d.analysis = analyze_text(d.text);
        docs.push_back(std::move(d));
    }
    return docs;
}

}  // namespace

TEST_CASE("tense, aspect, polarity and modality are read off the verb group") {
    auto r = verb_group_of("The senator did not attend the hearing.", "attend");
    CHECK(r.tense == "PAST");
    CHECK(r.aspect == "NONE");
    CHECK(r.polarity == "NEG");
    CHECK(r.modality.empty());

    r = verb_group_of("By then the treaty will have been in force for a year.", "been");
    CHECK(r.tense == "FUTURE");
    CHECK(r.aspect == "PERFECTIVE");
    CHECK(r.polarity == "POS");

    r = verb_group_of("The committee has been meeting since May.", "meeting");
    CHECK(r.tense == "PRESENT");
    CHECK(r.aspect == "PERFECTIVE_PROGRESSIVE");

    r = verb_group_of("Trump asked Bolton to invite Putin.", "invite");
    CHECK(r.tense == "INFINITIVE");
    CHECK(r.aspect == "NONE");

    r = verb_group_of("The minister would not comment on the report.", "comment");
    CHECK(r.tense == "NONE");
    CHECK(r.modality == "would");
    CHECK(r.polarity == "NEG");

    r = verb_group_of("Officials said the talks were collapsing.", "collapsing");
    CHECK(r.tense == "PAST");
    CHECK(r.aspect == "PROGRESSIVE");

    r = verb_group_of("Prices had risen sharply.", "risen");
    CHECK(r.tense == "PAST");
    CHECK(r.aspect == "PERFECTIVE");

    r = verb_group_of("The bridge was destroyed in the storm.", "destroyed");
    CHECK(r.tense == "PAST");
    CHECK(r.aspect == "NONE");

    r = verb_group_of("He can't attend the summit.", "attend");
    CHECK(r.modality == "can");
    CHECK(r.polarity == "NEG");
    // The tense closed_class.txt gives a modal: PRESENT for "can", none for "would"/"could".
    CHECK(r.tense == "PRESENT");

    r = verb_group_of("Officials said the inquiry could take months.", "take");
    CHECK(r.tense == "NONE");
    CHECK(r.modality == "could");

    r = verb_group_of("The leaders are going to meet in the fall.", "meet");
    CHECK(r.tense == "FUTURE");

    r = verb_group_of("The leaders will meet Tuesday.", "meet");
    CHECK(r.tense == "FUTURE");

    r = verb_group_of("Sanders said Thursday that discussions were underway.", "said");
    CHECK(r.tense == "PAST");

    r = verb_group_of("She says the plan works.", "says");
    CHECK(r.tense == "PRESENT");

    r = verb_group_of("He decided not to run again.", "run");
    CHECK(r.tense == "INFINITIVE");
    CHECK(r.polarity == "NEG");

    r = verb_group_of("Stocks hit a five year low.", "hit");
    CHECK(r.tense == "PAST");

    r = verb_group_of("They want to stay and fight.", "fight");
    CHECK(r.tense == "INFINITIVE");

    r = verb_group_of("The grant will help build a museum.", "build");
    CHECK(r.tense == "INFINITIVE");

    r = verb_group_of("The deal lets the company pay its debt.", "pay");
    CHECK(r.tense == "INFINITIVE");

    r = verb_group_of("Oil prices have come down.", "come");
    CHECK(r.tense == "PRESENT");
    CHECK(r.aspect == "PERFECTIVE");
}

TEST_CASE("the tagger fills the part of speech of every token") {
    const Document doc = tagged("The summit was held in Helsinki.");
    std::vector<Pos> pos;
    for (const auto& t : doc.analysis.tokens) pos.push_back(t.pos);
    const std::vector<Pos> want = {Pos::determiner, Pos::noun,        Pos::aux,        Pos::verb,
                                   Pos::preposition, Pos::proper_noun, Pos::punctuation};
    CHECK(pos == want);
}

TEST_CASE("a modal's form inside a time expression is the month: no modal, no verb after it") {
    static const EventTagger tagger = EventTagger::load(test::resources_dir());
    struct Case {
        std::string text, word, pos, tense;
    };
    for (const Case& c : {Case{"Voters went to the polls in the May elections.", "elections", "NOUN", "NONE"},
                          Case{"The company in May sold the unit.", "sold", "VERB", "PAST"}}) {
        CAPTURE(c.text);
        Document doc;
        doc.text = c.text;
        doc.analysis = analyze_text(doc.text);
        const std::size_t may = doc.text.find("May");
        tagger.tag(doc, {Span{static_cast<std::uint32_t>(may), static_cast<std::uint32_t>(may + 3)}});
        const auto e = std::find_if(doc.events.begin(), doc.events.end(), [&](const Event& ev) {
            return doc.text.substr(ev.span.begin, ev.span.size()) == c.word;
        });
        REQUIRE(e != doc.events.end());
        CHECK(e->pos == c.pos);
        CHECK(e->tense == c.tense);
        CHECK(e->modality.empty());
    }
    // Without the time expression, "May" is the modal it spells.
    const Document modal = tagged("Prices may rise.");
    REQUIRE(modal.events.size() == 1);
    CHECK(modal.events[0].modality == "may");
}

TEST_CASE("a noun that modifies the next noun is not an event, and the head may be") {
    const Document doc = tagged("The ministers said the peace talks would resume after the election campaign.");
    std::vector<std::string> words;
    for (const auto& e : doc.events) words.push_back(doc.text.substr(e.span.begin, e.span.size()));
    CHECK(std::find(words.begin(), words.end(), "peace") == words.end());
    CHECK(std::find(words.begin(), words.end(), "election") == words.end());
    CHECK(std::find(words.begin(), words.end(), "talks") != words.end());
    CHECK(std::find(words.begin(), words.end(), "resume") != words.end());
}

TEST_CASE("an aspectual verb whose object is a person, a group or a name is not ASPECTUAL") {
    const Document doc = tagged("Guards stopped the prisoners at the gate. Officials began the inquiry.");
    std::string stopped, began;
    for (const auto& e : doc.events) {
        const std::string word = doc.text.substr(e.span.begin, e.span.size());
        if (word == "stopped") stopped = e.event_class;
        if (word == "began") began = e.event_class;
    }
    CHECK(stopped == "OCCURRENCE");  // the model alone says ASPECTUAL
    CHECK(began == "ASPECTUAL");     // an event for its object: the rule leaves it alone
}

// The complement of the first token spelled `word` in `text` (no time expressions).
events::Complement complement_in(const std::string& text, std::string_view word) {
    const TextAnalysis a = analyze_text(text);
    std::vector<events::TokenFacts> facts;
    events::analyze_tokens(lexicon(), a, facts);
    const std::vector<bool> in_timex(facts.size(), false);
    for (std::size_t i = 0; i < a.tokens.size(); ++i)
        if (a.lower_of(a.tokens[i]) == word) return events::complement_of(lexicon(), facts, in_timex, i);
    FAIL("no token " << word << " in: " << text);
    return events::Complement::none;
}

unsigned hints_of(std::string_view form) {
    const TextAnalysis a = analyze_text(std::string(form));
    std::vector<events::TokenFacts> facts;
    events::analyze_tokens(lexicon(), a, facts);
    REQUIRE(facts.size() == 1);
    return facts[0].word.lemma_info ? facts[0].word.lemma_info->class_hints : 0u;
}

TEST_CASE("a verb's complement: infinitive, -ing verb, clause, object + infinitive, event object") {
    using events::Complement;
    CHECK(complement_in("The pilots tried to land the plane.", "tried") == Complement::infinitive);
    CHECK(complement_in("The crowd kept chanting slogans.", "kept") == Complement::gerund);
    CHECK(complement_in("The minister noted that prices fell.", "noted") == Complement::clause);
    CHECK(complement_in("The minister noted the plant would close.", "noted") == Complement::clause);
    CHECK(complement_in("Analysts believe prices rose.", "believe") == Complement::clause);
    CHECK(complement_in("The mayor urged residents to leave.", "urged") == Complement::object_infinitive);
    CHECK(complement_in("The mayor urged them to leave.", "urged") == Complement::object_infinitive);
    CHECK(complement_in("The firm completed the mill.", "completed") == Complement::event_object);
    CHECK(complement_in("Guards stopped the prisoners at the gate.", "stopped") == Complement::other_object);
    CHECK(complement_in("Guards stopped them at the gate.", "stopped") == Complement::other_object);
    CHECK(complement_in("The strike ended.", "ended") == Complement::none);
    CHECK(complement_in("The sale was completed in May.", "completed") == Complement::none);
    // A verb of bare_infinitive_verbs.txt takes its infinitive without "to".
    CHECK(complement_in("The grant helped build a school.", "helped") == Complement::infinitive);
    CHECK(complement_in("The grant helped villagers build a school.", "helped") == Complement::object_infinitive);
    CHECK(complement_in("The grant funded build quality.", "funded") != Complement::infinitive);
    // ... also when the tagger reads it as a noun (a verb to WordNet, a noun phrase after it).
    CHECK(complement_in("The proceeds will help finance the purchase.", "help") == Complement::infinitive);
    CHECK(complement_in("The proceeds will help finance.", "help") != Complement::infinitive);
}

TEST_CASE("a verb's complement: an event noun, a request for an event, an object with a modifier before 'to'") {
    using events::Complement;
    // A noun of event_nominals.txt or of event_noun_classes.txt (WordNet act, event...) as the head.
    CHECK(complement_in("Firefighters ordered the evacuation of nearby homes.", "ordered") == Complement::event_noun_object);
    CHECK(complement_in("Analysts expect a settlement soon.", "expect") == Complement::event_noun_object);
    // A request preposition of verb_group_words.txt, then an event noun or an -ing verb.
    CHECK(complement_in("Libya called for an investigation of the attack.", "called") == Complement::requested_event);
    CHECK(complement_in("The leaders called for developing closer ties.", "called") == Complement::requested_event);
    CHECK(complement_in("The rebels called for Smith.", "called") != Complement::requested_event);
    CHECK(complement_in("A reward has been offered for his capture.", "offered") != Complement::requested_event);
    // The object goes on past a preposition or "and" and one more noun phrase.
    CHECK(complement_in("The mayor urged residents of the city to leave.", "urged") == Complement::object_infinitive);
    CHECK(complement_in("The army ordered Americans and Britons to assemble.", "ordered") == Complement::object_infinitive);
    CHECK(complement_in("The mayor urged residents of the city.", "urged") != Complement::object_infinitive);
}

TEST_CASE("the class a verb's hints allow with its complement") {
    using events::Complement;
    auto allows = [](unsigned hints, Complement c, std::size_t cls) { return (events::complement_classes(hints, c) >> cls & 1) != 0; };
    CHECK(allows(events::hint_aspectual, Complement::gerund, events::kAspectual));        // "kept chanting"
    CHECK(allows(events::hint_aspectual, Complement::event_object, events::kAspectual));  // "completed the sale"
    CHECK(allows(events::hint_aspectual, Complement::event_noun_object, events::kAspectual)); // "completed the sale"
    CHECK(allows(events::hint_aspectual, Complement::none, events::kAspectual));    // "the strike ended": its subject
    CHECK_FALSE(allows(events::hint_aspectual, Complement::other_object, events::kAspectual));  // "stopped the prisoners"
    CHECK(allows(events::hint_i_action, Complement::infinitive, events::kIAction));        // "tried to land"
    CHECK(allows(events::hint_i_action, Complement::object_infinitive, events::kIAction)); // "urged them to leave"
    CHECK_FALSE(allows(events::hint_i_action, Complement::event_object, events::kIAction));
    CHECK(allows(events::hint_i_state, Complement::infinitive, events::kIState));  // "hopes to win"
    CHECK(allows(events::hint_i_state, Complement::clause, events::kIState));      // "believes that"
    CHECK(allows(events::hint_reporting, Complement::clause, events::kReporting)); // "noted that"
    CHECK(allows(events::hint_i_state, Complement::event_noun_object, events::kIState));     // "expects a settlement"
    CHECK_FALSE(allows(events::hint_i_state, Complement::event_object, events::kIState));
    CHECK(allows(events::hint_i_action, Complement::requested_event, events::kIAction));    // "called for talks"
    CHECK_FALSE(allows(events::hint_i_action, Complement::event_noun_object, events::kIAction));
    CHECK_FALSE(allows(events::hint_reporting, Complement::none, events::kReporting));
    CHECK(events::complement_classes(events::hint_reporting, Complement::gerund) == 0);
    // A verb with two hints ("plan": I_ACTION and I_STATE) allows both; the model's scores choose.
    const unsigned both = events::complement_classes(events::hint_i_action | events::hint_i_state, Complement::infinitive);
    CHECK(both == ((1u << events::kIAction) | (1u << events::kIState)));
}

// The class the rules after the model give the first token spelled `word` in `text` when the
// model's scores put `model_class` first and OCCURRENCE second (`verb`: the token is a verb).
std::string class_after(const std::string& text, std::string_view word, std::size_t model_class = events::kOccurrence) {
    const TextAnalysis a = analyze_text(text);
    std::vector<events::TokenFacts> facts;
    events::analyze_tokens(lexicon(), a, facts);
    const std::vector<bool> in_timex(facts.size(), false);
    for (std::size_t i = 0; i < a.tokens.size(); ++i) {
        if (a.lower_of(a.tokens[i]) != word) continue;
        events::ClassScores s{};
        s.fill(0);
        s[events::kOccurrence] = 10;
        s[model_class] = 20;
        const bool verb = facts[i].pos == Pos::verb;
        return std::string(events::kClassLabels[events::class_after_model(lexicon(), a, facts, in_timex, i, verb, s, model_class)]);
    }
    FAIL("no token " << word << " in: " << text);
    return {};
}

TEST_CASE("the rules after the model: nominalizations, aspectual nouns, quotations, perception, reporting nouns, stative verbs") {
    // A noun with an I_ACTION or I_STATE hint before "to" + a verb takes its verb's class.
    CHECK(class_after("Their efforts to reach a deal failed.", "efforts") == "I_ACTION");
    CHECK(class_after("The company announced plans to sell the unit.", "plans") == "I_STATE");
    CHECK(class_after("Their efforts failed.", "efforts") == "OCCURRENCE");
    // An aspectual noun with an event for its argument.
    CHECK(class_after("The completion of the merger was delayed.", "completion") == "ASPECTUAL");
    CHECK(class_after("They fear the beginnings of a wider conflict.", "beginnings") == "ASPECTUAL");
    CHECK(class_after("The completion was delayed.", "completion") == "OCCURRENCE");
    // A reporting verb that introduces a quotation.
    CHECK(class_after("\"Sales will fall,\" the company added.", "added") == "REPORTING");
    CHECK(class_after("Sales fell, he notes, and profits too.", "notes") == "REPORTING");
    CHECK(class_after("The economy added 358,000 jobs.", "added") == "OCCURRENCE");
    // A perception verb, unless an -ing form right after a noun.
    CHECK(class_after("A jogger spotted the car near the house.", "spotted") == "PERCEPTION");
    CHECK(class_after("The courts hearing the case refused.", "hearing") == "OCCURRENCE");
    // A noun is REPORTING only with the hint: "talks" are a meeting, a "statement" a telling.
    CHECK(class_after("The talks resumed.", "talks", events::kReporting) == "OCCURRENCE");
    CHECK(class_after("The statement was brief.", "statement", events::kReporting) == "REPORTING");
    // A verb of stative_verbs.txt.
    CHECK(class_after("The company owns the mill.", "owns") == "STATE");
    CHECK(class_after("The company sold the mill.", "sold") == "OCCURRENCE");
    CHECK(class_after("Primerica, which had owned most of the shares, will pay.", "owned") == "STATE");  // a WordNet lemma
    // An aspectual verb with no object: its subject is the event.
    CHECK(class_after("The strike ended.", "ended") == "ASPECTUAL");
    // Only OCCURRENCE gives way: a class the model chose stays.
    CHECK(class_after("The company owns the mill.", "owns", events::kIAction) == "I_ACTION");
}

TEST_CASE("quotative positions of a reporting verb") {
    auto quotative_in = [](const std::string& text, std::string_view word) {
        const TextAnalysis a = analyze_text(text);
        std::vector<events::TokenFacts> facts;
        events::analyze_tokens(lexicon(), a, facts);
        for (std::size_t i = 0; i < a.tokens.size(); ++i)
            if (a.lower_of(a.tokens[i]) == word) return events::quotative(a, facts, i);
        FAIL("no token " << word);
        return false;
    };
    CHECK(quotative_in("\"We will stay,\" added Castro.", "added"));
    CHECK(quotative_in("Prices will fall, the bank said.", "said"));
    CHECK(quotative_in("But, he notes, nothing changed.", "notes"));
    CHECK_FALSE(quotative_in("The bank said prices would fall.", "said"));
    CHECK_FALSE(quotative_in("The economy added jobs, and wages rose.", "added"));
}

TEST_CASE("an inflected verb that WordNet lists as a lemma of its own keeps its verb's class hints") {
    // "continued", "completed" (adjectives) and "planned" are WordNet lemmas: the analysis takes
    // them for their own lemma, which event_lexicon.txt's hints must reach too.
    CHECK((hints_of("continued") & events::hint_aspectual) != 0);
    CHECK((hints_of("completed") & events::hint_aspectual) != 0);
    CHECK((hints_of("continuing") & events::hint_aspectual) != 0);
    CHECK((hints_of("planned") & events::hint_i_state) != 0);
    CHECK((hints_of("continue") & events::hint_aspectual) != 0);
    CHECK(hints_of("painted") == 0);  // no hint where the verb has none
}

TEST_CASE("the default class gives way to the one the verb and its complement agree on") {
    // With the shipped model: verbs the model may leave OCCURRENCE in these sentences.
    const Document doc = tagged("The union kept picketing the plant. The board completed the sale of the mill. "
                                "The pilots tried to land. She hopes to win the race.");
    std::map<std::string, std::string> cls;
    for (const auto& e : doc.events) cls[doc.text.substr(e.span.begin, e.span.size())] = e.event_class;
    CHECK(cls["kept"] == "ASPECTUAL");
    CHECK(cls["completed"] == "ASPECTUAL");
    CHECK(cls["tried"] == "I_ACTION");
    CHECK(cls["hopes"] == "I_STATE");
}

TEST_CASE("a reporting verb before its subject (quotative inversion) is a verb") {
    for (const std::string text : {"\"The fund will recover,\" says Ms. Ortega, an analyst.",
                                   "Prices will fall, reports the bank."}) {
        const TextAnalysis a = analyze_text(text);
        std::vector<events::TokenFacts> facts;
        events::analyze_tokens(lexicon(), a, facts);
        bool seen = false;
        for (std::size_t i = 0; i < a.tokens.size(); ++i) {
            const std::string_view w = a.lower_of(a.tokens[i]);
            if (w != "says" && w != "reports") continue;
            seen = true;
            CHECK_MESSAGE(facts[i].pos == Pos::verb, text);
        }
        CHECK(seen);
    }
}

TEST_CASE("'to' before a word WordNet knows only as a noun is a preposition, not the infinitive") {
    const std::string text = "The threats to abortion providers grew. They were brought to justice. He wants to reunite.";
    const TextAnalysis a = analyze_text(text);
    std::vector<events::TokenFacts> facts;
    events::analyze_tokens(lexicon(), a, facts);
    int checked = 0;
    for (std::size_t i = 0; i + 1 < a.tokens.size(); ++i) {
        if (a.lower_of(a.tokens[i]) != "to") continue;
        const std::string_view next = a.lower_of(a.tokens[i + 1]);
        if (next == "abortion" || next == "justice") {
            CHECK_MESSAGE(facts[i].pos == Pos::preposition, next);
            CHECK_MESSAGE(facts[i + 1].pos == Pos::noun, next);
            ++checked;
        }
        if (next == "reunite") {  // a verb in WordNet: still the infinitive
            CHECK(facts[i].pos == Pos::particle);
            CHECK(facts[i + 1].pos == Pos::verb);
            ++checked;
        }
    }
    CHECK(checked == 3);
}

TEST_CASE("an -ly adverb after an auxiliary does not take the verb's place") {
    const Document doc = tagged("The company did not publicly comment on the report.");
    const auto it = std::find_if(doc.events.begin(), doc.events.end(), [&](const Event& e) {
        return doc.text.substr(e.span.begin, e.span.size()) == "comment";
    });
    REQUIRE(it != doc.events.end());
    CHECK(it->pos == "VERB");
    CHECK(it->tense == "PAST");
    CHECK(it->polarity == "NEG");
}

TEST_CASE("events carry ids in text order, sentence indexes and verb-group attributes") {
    const Document doc = tagged("The senator did not attend the hearing. She said the vote will take place next week.");
    REQUIRE(doc.events.size() >= 3);
    for (std::size_t k = 0; k < doc.events.size(); ++k) {
        const Event& e = doc.events[k];
        CHECK(e.eid == "e" + std::to_string(k + 1));
        CHECK(e.eiid == "ei" + std::to_string(k + 1));
        if (k > 0) CHECK(doc.events[k - 1].span.begin < e.span.begin);
        const auto& s = doc.analysis.sentences.at(e.sentence);
        CHECK(s.span.begin <= e.span.begin);
        CHECK(e.span.end <= s.span.end);
    }
    auto find = [&](std::string_view word) -> const Event* {
        for (const auto& e : doc.events)
            if (std::string_view(doc.text).substr(e.span.begin, e.span.size()) == word) return &e;
        return nullptr;
    };
    const Event* attend = find("attend");
    REQUIRE(attend != nullptr);
    CHECK(attend->tense == "PAST");
    CHECK(attend->polarity == "NEG");
    CHECK(attend->pos == "VERB");
    CHECK(attend->sentence == 0);
    const Event* said = find("said");
    REQUIRE(said != nullptr);
    CHECK(said->event_class == "REPORTING");
    CHECK(said->tense == "PAST");
    CHECK(said->sentence == 1);
    const Event* take = find("take");
    REQUIRE(take != nullptr);
    CHECK(take->tense == "FUTURE");
}

TEST_CASE("the seed article's main events are found") {
    const auto shared = test::shared_dir();
    if (!shared) {
        MESSAGE("skipped: no shared/ folder (set CHRONOLINE_SHARED)");
        return;
    }
    const auto tagger = EventTagger::load(test::resources_dir());
    Document doc = read_plain_text(read_file(*shared / "seed" / "putin-visit.txt"), "putin-visit.txt",
                                   parse_date("2018-07-19", "test"));
    doc.analysis = analyze_text(doc.text);
    tagger.tag(doc);
    std::vector<std::string> found;
    for (const auto& e : doc.events) found.push_back(doc.analysis.lower.substr(e.span.begin, e.span.size()));
    for (const char* word : {"announcement", "summit", "comments", "criticism", "misspoken", "interference", "visit",
                             "meeting"}) {
        INFO(std::string(word));
        CHECK(std::find(found.begin(), found.end(), word) != found.end());
    }
}

TEST_CASE("a missing or damaged model or lexicon is a resource error naming the file") {
    SUBCASE("missing model") {
        const fs::path dir = temp_dir("missing");
        fs::create_directory_symlink(test::resources_dir() / "en", dir / "en");
        try {
            (void)EventTagger::load(dir);
            FAIL("no error");
        } catch (const resource_error& e) {
            CHECK(std::string(e.what()).find("events.model") != std::string::npos);
        }
    }
    SUBCASE("truncated model") {
        std::string bytes = read_bytes(test::resources_dir() / "models" / "events.model");
        REQUIRE(bytes.size() > 100);
        bytes.resize(bytes.size() / 2);
        const fs::path dir = resources_with_model("truncated", bytes);
        CHECK_THROWS_AS((void)EventTagger::load(dir), resource_error);
    }
    SUBCASE("damaged model") {
        std::string bytes = read_bytes(test::resources_dir() / "models" / "events.model");
        bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x5A);
        const fs::path dir = resources_with_model("damaged", bytes);
        try {
            (void)EventTagger::load(dir);
            FAIL("no error");
        } catch (const resource_error& e) {
            CHECK(std::string(e.what()).find("events.model") != std::string::npos);
        }
    }
    SUBCASE("not a model") {
        const fs::path dir = resources_with_model("text", "hello, world\n");
        CHECK_THROWS_AS((void)EventTagger::load(dir), resource_error);
    }
    SUBCASE("missing lexicon") {
        const fs::path dir = temp_dir("nolexicon");
        fs::create_directories(dir / "en" / "events");
        for (const auto& e : fs::directory_iterator(test::resources_dir() / "en" / "events"))
            if (e.path().filename() != "closed_class.txt") fs::copy(e.path(), dir / "en" / "events");
        fs::create_directories(dir / "models");
        fs::copy(test::resources_dir() / "models" / "events.model", dir / "models" / "events.model");
        try {
            (void)EventTagger::load(dir);
            FAIL("no error");
        } catch (const resource_error& e) {
            CHECK(std::string(e.what()).find("closed_class.txt") != std::string::npos);
        }
    }
}

// A copy of the real resources whose events lexicon `file` is `content`.
fs::path resources_with_lexicon(const std::string& name, const std::string& file, const std::string& content) {
    const fs::path dir = temp_dir(name);
    fs::create_directories(dir / "en" / "events");
    for (const auto& e : fs::directory_iterator(test::resources_dir() / "en" / "events"))
        if (e.path().filename() != file) fs::copy(e.path(), dir / "en" / "events");
    std::ofstream(dir / "en" / "events" / file, std::ios::binary) << content;
    fs::create_directories(dir / "models");
    fs::copy(test::resources_dir() / "models" / "events.model", dir / "models" / "events.model");
    return dir;
}

std::string load_error(const fs::path& dir) {
    try {
        (void)EventTagger::load(dir);
    } catch (const resource_error& e) {
        return e.what();
    }
    return "no error";
}

TEST_CASE("a malformed WordNet senses line is an error naming the file and the line") {
    const std::string header = "# FORMAT: WORD<TAB>N|V|A<TAB>CLASS[,CLASS...]\n";
    const std::string good = "blast\tN\tact,event\nblast\tV\tcontact\n";
    const std::string want = "want WORD<TAB>N|V|A<TAB>CLASS[,CLASS...]";
    // (A third tab after a class field seen before, "act,event": the field with it is new.)
    for (const std::string bad : {"Blast\tN\tact", "blast\tX\tact", "blast\tN", "blast\tN\tact\tevent",
                                  "blast\tN\tact,event\tx", "blast\tN\tact,event\t", "blast"}) {
        INFO(bad);
        const auto dir = resources_with_lexicon("senses", "wordnet_senses.txt", header + good + "\n# a comment\r\n" + bad + "\n");
        const std::string message = load_error(dir);
        CHECK(message.find("wordnet_senses.txt:6: " + want) != std::string::npos);
    }
    SUBCASE("the shipped file loads with CRLF line ends too") {
        std::string crlf;
        for (const char c : read_bytes(test::resources_dir() / "en" / "events" / "wordnet_senses.txt")) {
            if (c == '\n') crlf += '\r';
            crlf += c;
        }
        CHECK(load_error(resources_with_lexicon("senses-crlf", "wordnet_senses.txt", crlf)) == "no error");
    }
    SUBCASE("no header, no entries, too many classes") {
        CHECK(load_error(resources_with_lexicon("senses-nohead", "wordnet_senses.txt", good))
                  .find("wordnet_senses.txt: missing the '# FORMAT:' header") != std::string::npos);
        CHECK(load_error(resources_with_lexicon("senses-empty", "wordnet_senses.txt", header + "\n# only comments\n"))
                  .find("wordnet_senses.txt: no entries") != std::string::npos);
        // An empty file (which is read, not mapped) and a folder in its place.
        CHECK(load_error(resources_with_lexicon("senses-zero", "wordnet_senses.txt", ""))
                  .find("wordnet_senses.txt: missing the '# FORMAT:' header") != std::string::npos);
        const auto dir = resources_with_lexicon("senses-dir", "wordnet_senses.txt", "");
        fs::remove(dir / "en" / "events" / "wordnet_senses.txt");
        fs::create_directory(dir / "en" / "events" / "wordnet_senses.txt");
        CHECK(load_error(dir).find("cannot read event lexicon") != std::string::npos);
        std::string many = header;
        for (int k = 0; k < 50; ++k) many += "w" + std::string(1, static_cast<char>('a' + k % 26)) + "\tN\tclass" + std::to_string(k) + "\n";
        CHECK(load_error(resources_with_lexicon("senses-many", "wordnet_senses.txt", many))
                  .find("wordnet_senses.txt:49: more than 47 classes") != std::string::npos);
    }
    SUBCASE("an unknown class in non_event_noun_classes.txt") {
        const auto dir = resources_with_lexicon("nonevent", "non_event_noun_classes.txt", "# FORMAT: x\nno_such_class\n");
        CHECK(load_error(dir).find("non_event_noun_classes.txt:2:") != std::string::npos);
    }
    SUBCASE("event_noun_classes.txt: an unknown class, or one non_event_noun_classes.txt lists") {
        CHECK(load_error(resources_with_lexicon("eventnoun", "event_noun_classes.txt", "# FORMAT: x\nact\nno_such_class\n"))
                  .find("event_noun_classes.txt:3:") != std::string::npos);
        CHECK(load_error(resources_with_lexicon("eventnoun2", "event_noun_classes.txt", "# FORMAT: x\nact\nperson\n"))
                  .find("event_noun_classes.txt: a class that non_event_noun_classes.txt lists too") != std::string::npos);
    }
    SUBCASE("stative_verbs.txt wants one lower-case verb a line") {
        CHECK(load_error(resources_with_lexicon("stative", "stative_verbs.txt", "# FORMAT: x\nown\nOwn\n"))
                  .find("stative_verbs.txt:3: want one lower-case verb") != std::string::npos);
    }
    SUBCASE("an unknown role in verb_group_words.txt") {
        CHECK(load_error(resources_with_lexicon("groupwords", "verb_group_words.txt", "# FORMAT: x\nfor\tREQUEST\n"))
                  .find("verb_group_words.txt:2: unknown role 'REQUEST'") != std::string::npos);
    }
}

TEST_CASE("training is deterministic and its model is what the tagger loads") {
    std::vector<Document> gold;
    gold.push_back(gold_document("The rebels attacked the town and the army said it would respond.",
                                 {{"attacked", "OCCURRENCE"}, {"said", "REPORTING"}, {"respond", "OCCURRENCE"}}));
    gold.push_back(gold_document("Officials announced the merger after talks that began in June.",
                                 {{"announced", "REPORTING"}, {"merger", "OCCURRENCE"}, {"talks", "OCCURRENCE"},
                                  {"began", "ASPECTUAL"}}));
    gold.push_back(gold_document("She wants to visit the museum, he told reporters.",
                                 {{"wants", "I_STATE"}, {"visit", "OCCURRENCE"}, {"told", "REPORTING"}}));
    std::ostringstream first, second;
    train_event_model(gold, test::resources_dir(), first);
    train_event_model(gold, test::resources_dir(), second);
    REQUIRE(!first.str().empty());
    CHECK(first.str() == second.str());
    EventTrainingOptions other;
    other.seed = 7;
    std::ostringstream third;
    train_event_model(gold, test::resources_dir(), third, other);
    CHECK(third.str().size() > 0);

    const fs::path dir = resources_with_model("trained", first.str());
    const auto tagger = EventTagger::load(dir);
    Document doc = gold[0];
    doc.events.clear();
    tagger.tag(doc);
    std::vector<std::string> words;
    for (const auto& e : doc.events) words.push_back(doc.text.substr(e.span.begin, e.span.size()));
    CHECK(std::find(words.begin(), words.end(), "said") != words.end());
    CHECK(std::find(words.begin(), words.end(), "town") == words.end());
}

TEST_CASE("event scoring: strict and relaxed matches, attribute accuracy over relaxed matches") {
    Document gold;
    gold.text = "aaaa bbbb cccc dddd";
    auto event = [](std::uint32_t b, std::uint32_t e, const char* cls, const char* tense) {
        Event ev;
        ev.span = {b, e};
        ev.event_class = cls;
        ev.tense = tense;
        return ev;
    };
    gold.events = {event(0, 4, "OCCURRENCE", "PAST"), event(5, 9, "REPORTING", "PAST"),
                   event(10, 14, "STATE", "NONE")};
    Document sys;
    sys.text = gold.text;
    sys.events = {event(0, 4, "OCCURRENCE", "PAST"), event(5, 7, "OCCURRENCE", "PAST"),
                  event(15, 19, "STATE", "NONE")};
    EventEval ev;
    ev.add(gold, sys);
    CHECK(ev.gold == 3);
    CHECK(ev.system == 3);
    CHECK(ev.strict_gold == 1);
    CHECK(ev.relaxed_gold == 2);
    CHECK(ev.strict().precision == doctest::Approx(1.0 / 3));
    CHECK(ev.relaxed().recall == doctest::Approx(2.0 / 3));
    CHECK(ev.class_accuracy() == doctest::Approx(0.5));
    CHECK(ev.tense_accuracy() == doctest::Approx(1.0));
    CHECK(ev.polarity_accuracy() == doctest::Approx(1.0));
}

TEST_CASE("held-out event figures: train on one gold corpus, score the other") {
    const auto shared = test::shared_dir();
    if (!shared) {
        MESSAGE("skipped: no shared/ folder (set CHRONOLINE_SHARED)");
        return;
    }
    const auto timebank = load_corpus(*shared / "corpus" / "timebank");
    const auto aquaint = load_corpus(*shared / "corpus" / "aquaint");
    struct Direction {
        const std::vector<Document>& train;
        const std::vector<Document>& test;
        const char* name;
        double relaxed_f1, class_accuracy, tense_accuracy;
    };
    // Floors a little under the figures measured when the model was made (docs: closing note of
    // the events issue): a regression fails here. (Class: 0.8399 / 0.8109 with session 5's rules
    // after the model, 0.8368 / 0.8012 with session 4's, 0.830 / 0.784 without any.)
    for (const Direction& d : {Direction{timebank, aquaint, "timebank -> aquaint", 0.85, 0.83, 0.87},
                               Direction{aquaint, timebank, "aquaint -> timebank", 0.79, 0.805, 0.89}}) {
        std::ostringstream model;
        train_event_model(d.train, test::resources_dir(), model);
        const fs::path dir = resources_with_model("heldout", model.str());
        const auto tagger = EventTagger::load(dir);
        EventEval ev;
        for (const auto& g : d.test) {
            Document s;
            s.text = g.text;
            s.analysis = analyze_text(s.text);
            tagger.tag(s);
            ev.add(g, s);
        }
        MESSAGE(std::string(d.name) << ": relaxed F1 " << ev.relaxed().f1 << ", strict F1 " << ev.strict().f1 << ", class "
                       << ev.class_accuracy() << ", tense " << ev.tense_accuracy() << ", aspect "
                       << ev.aspect_accuracy() << ", polarity " << ev.polarity_accuracy());
        CHECK(ev.relaxed().f1 >= d.relaxed_f1);
        CHECK(ev.class_accuracy() >= d.class_accuracy);
        CHECK(ev.tense_accuracy() >= d.tense_accuracy);
    }
}

TEST_CASE("the tagger copes with empty, odd and non-English text") {
    const auto tagger = EventTagger::load(test::resources_dir());
    for (const std::string& text : {std::string(), std::string("!!! ... ???"), std::string(300, 'a') + "ed",
                                   std::string("Der Gipfel in Helsinki fand am Montag statt."),
                                   std::string("\xE2\x80\x9CIt\xE2\x80\x99s over,\xE2\x80\x9D she said \xE2\x80\x94 twice."),
                                   std::string("to to to not not will have been been being")}) {
        Document doc;
        doc.text = text;
        doc.analysis = analyze_text(text);
        CHECK_NOTHROW(tagger.tag(doc));
        for (const auto& e : doc.events) {
            CHECK(e.span.end <= text.size());
            CHECK(e.span.begin < e.span.end);
        }
    }
}

// The tagger scores with extract_scoring_features (few-valued features read from summed tables),
// training with extract_features (every feature hashed): the two must give the same sums for
// every token, or the shipped model would be scored on features it was not trained on.
TEST_CASE("the tagger's scoring features sum to the same scores as the training features") {
    const auto model = events::EventModel::load(test::resources_dir() / "models" / "events.model");
    const std::uint32_t mask = model.bucket_mask();
    std::vector<events::TokenFacts> facts;
    std::uint32_t buffer[events::kMaxFeatures];
    events::ScoringFeatures scoring;
    std::size_t compared = 0, differ = 0;
    for (const auto& entry : std::filesystem::directory_iterator(test::source_dir() / "samples")) {
        if (entry.path().extension() != ".txt" || entry.path().filename() == "README.md") continue;
        const TextAnalysis analysis = analyze_text(test::slurp(entry.path()));
        events::analyze_tokens(lexicon(), analysis, facts);
        for (std::size_t i = 0; i < facts.size(); ++i) {
            if (!events::is_candidate(analysis, facts, i)) continue;
            const std::size_t count = events::extract_features(analysis, facts, i, mask, buffer);
            events::extract_scoring_features(analysis, facts, i, mask, scoring);
            ++compared;
            if (model.score_class(buffer, count) != model.score_class(scoring) ||
                model.score_pos(buffer, count) != model.score_pos(scoring))
                ++differ;
        }
    }
    CHECK(compared > 500);
    CHECK(differ == 0);
}
