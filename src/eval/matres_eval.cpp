// The event-ordering measure against MATRES (see MatresEval in eval.hpp). MATRES orders start
// points; the system's graph is read through PointClosure::relation, the most specific relType
// its closure entails between two events, of which only what fixes the start points counts:
// BEFORE, ENDED_BY (a- < b-) -> BEFORE; AFTER, ENDS -> AFTER; SIMULTANEOUS, BEGINS, BEGUN_BY ->
// EQUAL; INCLUDES / IS_INCLUDED (non-strict in the pipeline's graph) and nothing -> NONE.
#include <algorithm>
#include <charconv>

#include "chronoline/error.hpp"
#include "chronoline/eval.hpp"
#include "chronoline/graph.hpp"

namespace chronoline {
namespace {

std::size_t label_index(std::string_view rel) {
    for (std::size_t k = 0; k < 3; ++k)
        if (MatresEval::kLabels[k] == rel) return k;
    return 3;
}

std::size_t start_point_label(std::string_view rel) {
    if (rel == "BEFORE" || rel == "IBEFORE" || rel == "ENDED_BY") return 0;
    if (rel == "AFTER" || rel == "IAFTER" || rel == "ENDS") return 1;
    if (rel == "SIMULTANEOUS" || rel == "IDENTITY" || rel == "DURING" || rel == "BEGINS" || rel == "BEGUN_BY") return 2;
    return 3;
}

// The sentence holding byte offset `at` (sentences in text order).
std::size_t sentence_at(const TextAnalysis& a, std::uint32_t at) {
    if (a.sentences.empty()) return 0;
    const auto it = std::upper_bound(a.sentences.begin(), a.sentences.end(), at,
                                     [](std::uint32_t x, const Sentence& s) { return x < s.span.begin; });
    return it == a.sentences.begin() ? 0 : static_cast<std::size_t>(it - a.sentences.begin()) - 1;
}

}  // namespace

void read_matres(std::string_view content, MatresCorpus& into) {
    std::size_t line_no = 0;
    while (!content.empty()) {
        const std::size_t nl = content.find('\n');
        std::string_view line = content.substr(0, nl);
        content = nl == std::string_view::npos ? std::string_view() : content.substr(nl + 1);
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) continue;
        std::array<std::string_view, 6> field{};
        std::size_t n = 0;
        while (n < 6) {
            const std::size_t tab = line.find('\t');
            field[n++] = line.substr(0, tab);
            if (tab == std::string_view::npos) break;
            line = line.substr(tab + 1);
        }
        const auto bad = [&](const char* why) {
            return input_error("line " + std::to_string(line_no) + ": " + why);
        };
        if (n != 6) throw bad("expected 6 tab-separated fields");
        for (std::size_t k : {3u, 4u}) {
            unsigned v = 0;
            const auto [end, ec] = std::from_chars(field[k].data(), field[k].data() + field[k].size(), v);
            if (ec != std::errc() || end != field[k].data() + field[k].size()) throw bad("an eiid is not a number");
        }
        if (label_index(field[5]) == 3 && field[5] != "VAGUE") throw bad("relation not BEFORE/AFTER/EQUAL/VAGUE");
        into[std::string(field[0])].push_back(
            {"ei" + std::string(field[3]), "ei" + std::string(field[4]), std::string(field[5])});
    }
}

Prf MatresEval::Counts::prf() const {
    std::size_t right = 0;
    for (std::size_t k = 0; k < 3; ++k) right += confusion[k][k];
    const double system = static_cast<double>(found) - static_cast<double>(system_of(3));
    double gold = 0;
    for (std::size_t k = 0; k < 3; ++k) gold += static_cast<double>(gold_of(k));
    return Prf::of(static_cast<double>(right), system, static_cast<double>(right), gold);
}

std::size_t MatresEval::Counts::gold_of(std::size_t label) const {
    std::size_t n = 0;
    for (std::size_t s = 0; s < 4; ++s) n += confusion[label][s];
    return n;
}

std::size_t MatresEval::Counts::system_of(std::size_t label) const {
    std::size_t n = 0;
    for (std::size_t g = 0; g < 4; ++g) n += confusion[g][label];
    return n;
}

void MatresEval::Counts::merge(const Counts& o) {
    pairs += o.pairs;
    found += o.found;
    for (std::size_t g = 0; g < 4; ++g)
        for (std::size_t s = 0; s < 4; ++s) confusion[g][s] += o.confusion[g][s];
}

MatresEval::Counts MatresEval::all() const {
    Counts c;
    for (const Counts& d : by_distance) c.merge(d);
    return c;
}

void MatresEval::add(const std::vector<MatresPair>& pairs, const Document& gold_doc, const Document& system_doc) {
    if (pairs.empty()) {
        ++documents_without_pairs;
        return;
    }
    // Each gold event's system counterpart: the system event whose span overlaps it (the one
    // with the same eiid first, which is every one with gold entities).
    std::unordered_map<std::string_view, const Event*> system_of_gold;
    std::unordered_map<std::string_view, const Event*> system_by_eiid;
    for (const Event& e : system_doc.events) system_by_eiid.emplace(e.eiid, &e);
    for (const Event& g : gold_doc.events) {
        const Event* match = nullptr;
        if (auto it = system_by_eiid.find(g.eiid); it != system_by_eiid.end() && it->second->span.overlaps(g.span))
            match = it->second;
        for (std::size_t i = 0; !match && i < system_doc.events.size(); ++i)
            if (system_doc.events[i].span.overlaps(g.span)) match = &system_doc.events[i];
        if (match) system_of_gold.emplace(g.eiid, match);
    }
    TemporalGraph graph;
    graph.plan(system_doc.links);
    for (const TLink& l : system_doc.links) graph.add(l);
    const PointClosure closure(graph);
    const TextAnalysis analysis = system_doc.analysis.tokens.empty() ? analyze_text(system_doc.text) : TextAnalysis{};
    const TextAnalysis& a = system_doc.analysis.tokens.empty() ? analysis : system_doc.analysis;
    for (const MatresPair& p : pairs) {
        const auto s1 = system_of_gold.find(p.eiid1), s2 = system_of_gold.find(p.eiid2);
        if (s1 == system_of_gold.end() || s2 == system_of_gold.end()) {
            // Not found: counted among the pairs of the group its gold events would be in.
            std::size_t distance = 2;
            const Event *g1 = nullptr, *g2 = nullptr;
            for (const Event& g : gold_doc.events) {
                if (g.eiid == p.eiid1) g1 = &g;
                if (g.eiid == p.eiid2) g2 = &g;
            }
            if (g1 && g2) {
                const std::size_t x = sentence_at(a, g1->span.begin), y = sentence_at(a, g2->span.begin);
                distance = std::min<std::size_t>(2, x > y ? x - y : y - x);
            }
            ++by_distance[distance].pairs;
            continue;
        }
        const Event& e1 = *s1->second;
        const Event& e2 = *s2->second;
        const std::size_t x = sentence_at(a, e1.span.begin), y = sentence_at(a, e2.span.begin);
        Counts& c = by_distance[std::min<std::size_t>(2, x > y ? x - y : y - x)];
        ++c.pairs;
        ++c.found;
        std::size_t system = 3;
        const auto n1 = graph.find_entity(e1.eiid), n2 = graph.find_entity(e2.eiid);
        if (n1 && n2) system = *n1 == *n2 ? 2 : start_point_label(closure.relation(*n1, *n2));
        ++c.confusion[label_index(p.relation)][system];
    }
}

}  // namespace chronoline
