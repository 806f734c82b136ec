// The link sieve, most precise first:
//   1. time–time from resolved values (every time against the DCT, neighbouring times, times
//      of one sentence) — exact;
//   2. event–time: a signal word right before a time of the event's sentence that fixes a
//      relation (resources/en/links/signals.txt), when the event is the nearest one before it;
//   3. event–event in a sentence: "Y after X" / "after X, Y" with a signal of the same table;
//      a reporting event and the past-perfect or future event it reports;
//   4. event–DCT from class, tense and aspect (resources/en/links/dct_rules.txt);
//   5. the averaged perceptron (resources/models/links.model) for every candidate pair the
//      rules left open: event–DCT, event–time in a sentence, neighbouring events in a sentence,
//      the leading events of adjacent sentences. It may also answer NONE.
// Confidence falls with each step; the graph stage adds links in that order.
#include <algorithm>
#include <array>
#include <fstream>
#include <istream>
#include <ostream>
#include <unordered_set>

#include "chronoline/error.hpp"
#include "chronoline/links.hpp"
#include "chronoline/pipeline.hpp"
#include "links/link_features.hpp"
#include "links/link_model.hpp"

namespace chronoline {

struct LinkTagger::Impl {
    links::LinkResources resources;
    links::LinkModel model;
};

namespace {

using links::Candidate;
using links::DocumentView;
using links::PairKind;

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
        case PairKind::event_dct: return {doc.events[c.a].eiid, "t0"};
        case PairKind::event_time: return {doc.events[c.a].eiid, doc.timexes[c.b].tid};
        default: return {doc.events[c.a].eiid, doc.events[c.b].eiid};
    }
}

// Pair kinds whose candidates always get a relType, whatever the relatedness classifier says:
// an event and a time of its sentence, neighbouring events of a sentence. Annotators link most
// of these pairs, and the binary classifier learned on one corpus proves too shy on another
// (temporal awareness, timebank <-> aquaint: about +0.04 F1 when these are always labelled,
// less when event–DCT or cross-sentence pairs are). Indexed by PairKind.
constexpr std::array<bool, 4> kAlwaysLabel{false, true, true, false};

class LinkSet {
public:
    explicit LinkSet(std::vector<TLink>& out) : out_(out) {}
    bool has(const std::string& a, const std::string& b) const { return seen_.count(key(a, b)) > 0; }
    void add(std::string from, std::string to, std::string rel, std::string rule, double confidence) {
        if (from == to || !seen_.insert(key(from, to)).second) return;
        TLink l;
        l.from = std::move(from);
        l.to = std::move(to);
        l.rel_type = std::move(rel);
        l.rule = std::move(rule);
        l.confidence = confidence;
        out_.push_back(std::move(l));
    }

private:
    static std::string key(const std::string& a, const std::string& b) {
        const std::string& lo = a < b ? a : b;
        const std::string& hi = a < b ? b : a;
        std::string k;
        k.reserve(lo.size() + hi.size() + 1);
        k.append(lo).push_back('\x1f');
        k.append(hi);
        return k;
    }
    std::vector<TLink>& out_;
    std::unordered_set<std::string> seen_;
};

void time_time_links(const DocumentView& v, LinkSet& links) {
    const Document& doc = v.doc;
    std::vector<std::uint32_t> known;
    for (std::uint32_t t = 0; t < doc.timexes.size(); ++t)
        if (v.timex_interval[t]) known.push_back(t);
    auto link = [&](std::uint32_t a, std::uint32_t b) {
        const std::string rel = relation_of_intervals(*v.timex_interval[a], *v.timex_interval[b]);
        if (!rel.empty()) links.add(doc.timexes[a].tid, doc.timexes[b].tid, rel, "time-values", 1.0);
    };
    for (std::uint32_t t : known)
        if (v.dct_interval)
            if (auto rel = relation_of_intervals(*v.timex_interval[t], *v.dct_interval); !rel.empty())
                links.add(doc.timexes[t].tid, "t0", rel, "time-values", 1.0);
    for (std::size_t i = 0; i + 1 < known.size(); ++i) {
        link(known[i], known[i + 1]);
        for (std::size_t j = i + 2; j < known.size() && v.timex_sentence[known[j]] == v.timex_sentence[known[i]]; ++j)
            link(known[i], known[j]);
    }
}

bool matches(const std::string& pattern, const std::string& value) { return pattern == "*" || pattern == value; }

void rule_links(const DocumentView& v, LinkSet& links) {
    const Document& doc = v.doc;
    const auto& sentences = doc.analysis.sentences;
    // Event–time: "<event> … on|in|before|after <time>", the nearest event before the signal,
    // with no comma between.
    for (std::uint32_t t = 0; t < doc.timexes.size(); ++t) {
        if (doc.timexes[t].type != "DATE" && doc.timexes[t].type != "TIME") continue;
        const std::uint32_t first = v.timex_first[t];
        const std::uint32_t sf = sentences[v.timex_sentence[t]].first_token;
        if (first == sf) continue;
        std::uint32_t sig_tok = first - 1;
        int sig = v.signal_at[sig_tok];
        if (sig < 0 && first >= sf + 2 && v.signal_at[first - 2] >= 0 && v.signal_length[first - 2] == 2) {
            sig_tok = first - 2;
            sig = v.signal_at[sig_tok];
        }
        if (sig < 0) continue;
        const std::string& rel = v.res.signals[static_cast<std::size_t>(sig)].event_time_rel;
        if (rel.empty()) continue;
        int nearest = -1;
        for (std::uint32_t e : v.sentence_events[v.timex_sentence[t]])
            if (v.event_last[e] < sig_tok) nearest = static_cast<int>(e);
        if (nearest < 0) continue;
        bool clean = true;
        for (std::uint32_t k = v.event_last[static_cast<std::size_t>(nearest)] + 1; k < sig_tok; ++k)
            if (v.word(k) == "," || v.word(k) == ";" || v.word(k) == "\"") clean = false;
        if (!clean || sig_tok - v.event_last[static_cast<std::size_t>(nearest)] > 6) continue;
        links.add(doc.events[static_cast<std::size_t>(nearest)].eiid, doc.timexes[t].tid, rel, "event-time-signal", 0.95);
    }
    // Event–event in a sentence.
    for (std::size_t s = 0; s < v.sentence_events.size(); ++s) {
        const auto& evs = v.sentence_events[s];
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
                if (v.word(k) == ",") comma = true;
            }
            if (between >= 0 && !comma && v.event_first[b] - v.event_last[a] <= 5) {
                links.add(ea.eiid, eb.eiid, v.res.signals[static_cast<std::size_t>(between)].event_event_rel,
                          "event-event-signal", 0.85);
                continue;
            }
            // "After A, B": the sentence opens with the signal.
            if (v.event_first[a] > sf && v.event_first[a] - sf <= 3 && comma && v.signal_at[sf] >= 0) {
                const std::string& rel = v.res.signals[static_cast<std::size_t>(v.signal_at[sf])].event_event_rel;
                if (!rel.empty()) {
                    links.add(eb.eiid, ea.eiid, rel, "event-event-signal", 0.85);
                    continue;
                }
            }
            // A report and what it reports.
            if (ea.event_class == "REPORTING" && !comma && v.event_first[b] - v.event_last[a] <= 4) {
                if (eb.tense == "PAST" && eb.aspect == "PERFECTIVE")
                    links.add(ea.eiid, eb.eiid, "AFTER", "event-event-report", 0.85);
                else if (eb.tense == "FUTURE")
                    links.add(ea.eiid, eb.eiid, "BEFORE", "event-event-report", 0.85);
            }
        }
    }
    // Event–DCT from tense and aspect, for finite verbs not under a modal.
    for (const Event& e : doc.events) {
        if (!e.modality.empty() || (e.tense != "PAST" && e.tense != "PRESENT" && e.tense != "FUTURE")) continue;
        for (const auto& r : v.res.dct_rules)
            if (matches(r.event_class, e.event_class) && matches(r.tense, e.tense) && matches(r.aspect, e.aspect)) {
                links.add(e.eiid, "t0", r.rel, "event-dct-tense", 0.9);
                break;
            }
    }
}

}  // namespace

LinkTagger LinkTagger::load(const std::filesystem::path& resource_dir) {
    auto impl = std::make_shared<Impl>();
    impl->resources = links::LinkResources::load(resource_dir / "en" / "links");
    const auto model_path = resource_dir / "models" / "links.model";
    std::ifstream in(model_path);
    if (!in) throw resource_error("cannot read " + model_path.string() + " (train it with `chronoline train links`)");
    impl->model.read(in, model_path.string());
    return LinkTagger(std::move(impl));
}

void LinkTagger::tag(Document& doc) const {
    doc.links.clear();
    if (doc.analysis.tokens.empty() && !doc.text.empty()) doc.analysis = analyze_text(doc.text);
    const DocumentView view(doc, impl_->resources);
    std::vector<TLink> out;
    LinkSet links(out);
    time_time_links(view, links);
    if (!doc.analysis.tokens.empty()) rule_links(view, links);

    std::vector<std::uint64_t> feats;
    for (const Candidate& c : links::candidates(view)) {
        auto [from, to] = ids_of(doc, c);
        if (links.has(from, to)) continue;
        links::features(view, c, feats);
        const links::Scores s = impl_->model.score(feats);
        if (!kAlwaysLabel[static_cast<std::size_t>(c.kind)] && s[0] <= 0) continue;
        std::size_t best = 1, second = 2;
        if (s[2] > s[1]) std::swap(best, second);
        for (std::size_t k = 3; k < links::kLabelCount; ++k) {
            if (s[k] > s[best]) second = best, best = k;
            else if (s[k] > s[second]) second = k;
        }
        const double margin = static_cast<double>(s[best] - s[second]);
        links.add(std::move(from), std::move(to), std::string(links::kLabels[best]), "model", 0.1 + 0.7 * margin / (margin + 1.0));
    }
    std::stable_sort(out.begin(), out.end(), [](const TLink& a, const TLink& b) { return a.confidence > b.confidence; });
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i].lid = std::to_string(i + 1);
        out[i].lid.insert(0, 1, 'l');
    }
    doc.links = std::move(out);
}

void train_link_model(const std::vector<Document>& gold, std::ostream& out, const LinkTrainingOptions& options) {
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
            examples.push_back({feats, gold_label(closure, graph, from, to)});
        }
    }
    links::train_perceptron(examples, options.epochs, options.seed).write(out);
}

}  // namespace chronoline
