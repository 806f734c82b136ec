// The sieve's step for the main events of adjacent sentences (src/links/adjacent_events.*):
// the main event of a sentence, a model trained on hand-made MATRES-style pairs, its file, and
// the step inside LinkTagger.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <unistd.h>
#include <sstream>
#include <string>
#include <vector>

#include "chronoline/error.hpp"
#include "chronoline/links.hpp"
#include "chronoline/pipeline.hpp"
#include "links/adjacent_events.hpp"
#include "test_support.hpp"

using namespace chronoline;

namespace {

Event verb(const std::string& text, const std::string& word, std::size_t from, const std::string& eiid,
           const char* tense = "PAST", const char* aspect = "NONE", const char* pos = "VERB") {
    Event e;
    const auto at = static_cast<std::uint32_t>(text.find(word, from));
    e.span = {at, at + static_cast<std::uint32_t>(word.size())};
    e.eiid = eiid;
    e.eid = "e" + eiid.substr(2);
    e.event_class = "OCCURRENCE";
    e.tense = tense;
    e.aspect = aspect;
    e.pos = pos;
    return e;
}

// "<A> <v1>ed the plant. Then|Earlier <B> <v2>ed ...": two sentences, one event each.
Document pair_doc(const std::string& name, const std::string& v1, const std::string& opener, const std::string& v2,
                  bool perfect) {
    Document doc;
    doc.name = name;
    doc.text = "The company " + v1 + " the plant. " + opener + " the workers " + (perfect ? "had " : "") + v2 +
               " the offices.";
    doc.dct = parse_date("2020-03-02", "test");
    doc.dct_value = "2020-03-02";
    doc.analysis = analyze_text(doc.text);
    doc.events = {verb(doc.text, v1, 0, "ei1"),
                  verb(doc.text, v2, doc.text.find(opener), "ei2", "PAST", perfect ? "PERFECTIVE" : "NONE")};
    return doc;
}

// Hand-made training documents: "Then" orders the second event after the first, "Earlier" with a
// past perfect before it; a third of the pairs without a word are VAGUE.
std::string trained_model(const std::vector<std::string>& verbs) {
    std::vector<Document> docs;
    MatresCorpus matres;
    // Every verb in every kind of pair, so that only the words between tell the kinds apart.
    for (std::size_t i = 0; i < 3 * verbs.size(); ++i) {
        const std::string& v1 = verbs[i % verbs.size()];
        const std::string& v2 = verbs[(i + 5) % verbs.size()];
        const int kind = static_cast<int>(i / verbs.size());
        const std::string name = "doc" + std::to_string(i);
        docs.push_back(pair_doc(name, v1, kind == 0 ? "Then" : kind == 1 ? "Earlier" : "Also", v2, kind == 1));
        matres[name].push_back({"ei1", "ei2", kind == 0 ? "BEFORE" : kind == 1 ? "AFTER" : "VAGUE"});
    }
    const auto words = links::DiscourseWords::load(test::resources_dir() / "en" / "links" / "discourse_words.txt");
    std::ostringstream out;
    links::train_adjacent_event_model(docs, matres, words, out);
    return out.str();
}

const std::vector<std::string> kVerbs = {"closed", "sold",   "opened", "built",  "bought", "leased", "moved",
                                         "shut",   "rented", "fixed",  "cleaned", "painted", "visited", "left",
                                         "entered", "locked", "guarded", "emptied", "filled", "used",  "checked"};

}  // namespace

TEST_CASE("a sentence's main event is its first finite verb, else its first event") {
    Document doc;
    doc.text = "The attack on the base killed two. The talks, a failure.";
    doc.analysis = analyze_text(doc.text);
    doc.events = {verb(doc.text, "attack", 0, "ei1", "NONE", "NONE", "NOUN"), verb(doc.text, "killed", 0, "ei2"),
                  verb(doc.text, "talks", 0, "ei3", "NONE", "NONE", "NOUN"),
                  verb(doc.text, "failure", 0, "ei4", "NONE", "NONE", "NOUN")};
    const auto main = links::sentence_main_events(doc);
    REQUIRE(main.size() == 2);
    CHECK(main[0] == 1);
    CHECK(main[1] == 2);
}

TEST_CASE("the adjacent-sentence model learns discourse words, is reproducible, and orders a new pair") {
    const std::string text = trained_model(kVerbs);
    CHECK(text == trained_model(kVerbs));  // bit for bit
    CHECK(text.find("the plant") == std::string::npos);  // weights only
    links::AdjacentEventModel model;
    model.read(text, "test");
    model.set_threshold(0);  // the training's threshold needs more pairs than these
    const auto words = links::DiscourseWords::load(test::resources_dir() / "en" / "links" / "discourse_words.txt");

    // Words and verbs it never saw in training.
    Document then;
    then.text = "Shares tumbled on the news. Then investors returned.";
    then.analysis = analyze_text(then.text);
    then.events = {verb(then.text, "tumbled", 0, "ei1"), verb(then.text, "news", 0, "ei2", "NONE", "NONE", "NOUN"),
                   verb(then.text, "returned", 0, "ei3")};
    auto out = links::adjacent_event_links(then, words, model);
    REQUIRE(out.size() == 1);
    CHECK(out[0].from == 0);
    CHECK(out[0].to == 2);
    CHECK(std::string(out[0].rel) == "BEFORE");

    Document earlier = then;
    earlier.text = "Shares tumbled on the news. Earlier investors had returned.";
    earlier.analysis = analyze_text(earlier.text);
    earlier.events[2] = verb(earlier.text, "returned", 0, "ei3", "PAST", "PERFECTIVE");
    out = links::adjacent_event_links(earlier, words, model);
    REQUIRE(out.size() == 1);
    CHECK(std::string(out[0].rel) == "AFTER");

    // Above the margin threshold, nothing.
    model.set_threshold(out[0].margin + 1);
    CHECK(links::adjacent_event_links(earlier, words, model).empty());
}

TEST_CASE("a malformed adjacent-events model is a resource error") {
    links::AdjacentEventModel model;
    CHECK_THROWS_AS(model.read("threshold x\n", "m"), resource_error);
    CHECK_THROWS_AS(model.read("00000000000000ff 1 2\n", "m"), resource_error);
    CHECK_NOTHROW(model.read("# comment\nthreshold 2.5\n00000000000000ff 1 -2 0.5\n", "m"));
    CHECK(model.threshold() == doctest::Approx(2.5));
}

TEST_CASE("with an adjacent-events model in the resources, the sieve orders the main events of adjacent sentences") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("chronoline-adjacent-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::copy(test::resources_dir(), dir, fs::copy_options::recursive);
    std::string model = trained_model(kVerbs);
    model.replace(model.find("threshold "), model.find('\n', model.find("threshold ")) - model.find("threshold "),
                  "threshold 0");
    {
        std::ofstream(dir / "models" / "adjacent.model") << model;
    }
    Document doc;
    doc.text = "Shares tumbled on the news. Then investors returned.";
    doc.dct = parse_date("2020-03-02", "test");
    doc.dct_value = "2020-03-02";
    doc.events = {verb(doc.text, "tumbled", 0, "ei1"), verb(doc.text, "returned", 0, "ei2")};
    LinkTagger::load(dir).tag(doc);
    bool found = false;
    for (const TLink& l : doc.links)
        if (l.rule == "adjacent-events") {
            found = true;
            CHECK(l.from == "ei1");
            CHECK(l.to == "ei2");
            CHECK(l.rel_type == "BEFORE");
            CHECK(l.confidence < 0.85);  // below every rule
        }
    CHECK(found);
    // Without the file, the step is off.
    fs::remove(dir / "models" / "adjacent.model");
    Document again = doc;
    LinkTagger::load(dir).tag(again);
    for (const TLink& l : again.links) CHECK(l.rule != "adjacent-events");
    fs::remove_all(dir);
}

// The sieve scores each pair as it hashes its features, reading main events and sentence times
// off the links' DocumentView; training lists the features (adjacent_features) from
// sentence_main_events and sentence_times. Both must see the same pairs and the same scores, bit
// for bit, or the shipped model would not score what it was trained on.
TEST_CASE("the sieve's adjacent-sentence scores are those of the training's features") {
    namespace fs = std::filesystem;
    const auto shared = test::shared_dir();
    if (!shared) {
        MESSAGE("skipped: ../shared (the corpora) not found; set CHRONOLINE_SHARED");
        return;
    }
    const fs::path model_path = test::resources_dir() / "models" / "adjacent.model";
    if (!fs::exists(model_path)) {
        MESSAGE("skipped: no resources/models/adjacent.model");
        return;
    }
    links::AdjacentEventModel model;
    model.read(test::slurp(model_path), model_path.string());
    model.set_threshold(-1e300);  // every pair the model orders
    const auto words = links::DiscourseWords::load(test::resources_dir() / "en" / "links" / "discourse_words.txt");
    const auto resources = links::LinkResources::load(test::resources_dir() / "en" / "links");
    const Pipeline pipeline = Pipeline::load(find_resources());
    const auto files = test::first_gold_files(*shared / "corpus" / "aquaint", 25);
    REQUIRE(files.size() > 10);
    std::size_t pairs = 0;
    std::vector<std::uint64_t> feats;
    for (const auto& f : files) {
        Document doc = pipeline.load_input(f, std::nullopt);
        pipeline.run(doc);
        const links::DocumentView view(doc, resources);
        std::vector<links::AdjacentLink> got;
        links::adjacent_event_links(view, words, model, got);
        const auto main = links::sentence_main_events(doc);
        const auto times = links::sentence_times(doc);
        CHECK(main == view.main_event);
        std::vector<links::AdjacentLink> want;
        for (std::size_t s = 0; s + 1 < main.size() && doc.analysis.sentences.size() >= 2; ++s) {
            if (main[s] < 0 || main[s + 1] < 0) continue;
            links::adjacent_features(doc, words, static_cast<std::size_t>(main[s]), static_cast<std::size_t>(main[s + 1]),
                                     times[s], times[s + 1], feats);
            const auto sc = model.score(feats);
            const std::size_t best = sc[1] > sc[0] ? 1 : 0;
            if (sc[2] >= sc[best]) continue;
            want.push_back({static_cast<std::uint32_t>(main[s]), static_cast<std::uint32_t>(main[s + 1]),
                            best == 0 ? "BEFORE" : "AFTER", sc[best] - std::max(sc[1 - best], sc[2])});
        }
        REQUIRE(got.size() == want.size());
        for (std::size_t i = 0; i < got.size(); ++i) {
            CHECK(got[i].from == want[i].from);
            CHECK(got[i].to == want[i].to);
            CHECK(std::string_view(got[i].rel) == want[i].rel);
            CHECK(got[i].margin == want[i].margin);  // (exactly: the same sums in the same order)
        }
        pairs += got.size();
    }
    CHECK(pairs > 50);
}
