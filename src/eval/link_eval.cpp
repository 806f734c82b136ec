// Temporal awareness (UzZaman & Allen 2011) as the TempEval-3 toolkit computes it
// (evaluation-relations/temporal_evaluation.py and relation_to_timegraph.py, default method):
//  - each side's TLINKs, DURING and DURING_INV read as SIMULTANEOUS, exact repeats dropped, go
//    into a point graph in file order, INCLUDES / IS_INCLUDED being strict (Allen's contains /
//    during). A link already entailed by the links before it is left out of the side's
//    "final" links; a link that contradicts them (or relates an entity to itself other than as
//    SIMULTANEOUS / IDENTITY) is not added to the graph but stays among the final links;
//  - precision = system final links matched / system final links, recall = gold final links
//    matched / gold final links, both summed over the corpus, where a link is matched when the
//    other side annotated the very same triple (either way round) or the other side's graph
//    entails it;
//  - the toolkit's timegraph never confirms BEGINS (its test for it can never be true), so a
//    BEGINS link is matched only by the same triple, and one between two entities the graph
//    already holds is counted as a contradiction. We keep that, so figures stay comparable
//    with the published ones.
// The DCT (t0) is an entity like any other. System entities are mapped to the gold ones their
// spans overlap (what the toolkit's normalizer does); links of unmatched ones cannot match.
#include <set>
#include <tuple>
#include <unordered_map>

#include "chronoline/eval.hpp"
#include "chronoline/graph.hpp"

namespace chronoline {
namespace {

template <class Entity>
std::string match(const Entity& sys, const std::vector<Entity>& gold, const std::string& (*id)(const Entity&)) {
    const Entity* overlap = nullptr;
    for (const Entity& g : gold) {
        if (!g.span.overlaps(sys.span)) continue;
        if (id(g) == id(sys)) return id(g);
        if (!overlap) overlap = &g;
    }
    return overlap ? id(*overlap) : std::string();
}

const std::string& tid_of(const Timex& t) { return t.tid; }
const std::string& eiid_of(const Event& e) { return e.eiid; }

using Triple = std::tuple<std::string, std::string, std::string>;

// The toolkit's inverse (DURING is gone by then; IDENTITY stays IDENTITY).
std::string toolkit_inverse(const std::string& rel) {
    if (rel == "IDENTITY") return rel;
    return inverse_rel_type(rel);
}

// One side (gold or system) as the toolkit sees it.
struct Side {
    TemporalGraph graph{true};
    std::vector<TLink> final_links;
    std::set<Triple> annotated;  // every triple as annotated, and its inverse

    explicit Side(const std::vector<TLink>& links) {
        std::set<Triple> seen;
        for (TLink l : links) {
            if (l.rel_type == "DURING" || l.rel_type == "DURING_INV") l.rel_type = "SIMULTANEOUS";
            annotated.emplace(l.from, l.to, l.rel_type);
            annotated.emplace(l.to, l.from, toolkit_inverse(l.rel_type));
            if (!seen.emplace(l.from, l.to, l.rel_type).second) continue;
            const bool equal_kind = l.rel_type == "SIMULTANEOUS" || l.rel_type == "IDENTITY";
            if (l.from == l.to) {
                if (!equal_kind) final_links.push_back(l);  // a contradiction, kept
                continue;
            }
            const bool both_known = graph.find_entity(l.from) && graph.find_entity(l.to);
            const auto a = static_cast<std::uint32_t>(graph.entity(l.from));
            const auto b = static_cast<std::uint32_t>(graph.entity(l.to));
            if (both_known && l.rel_type == "BEGINS") {
                final_links.push_back(l);  // the toolkit's contradiction (see above)
                continue;
            }
            if (both_known && l.rel_type != "BEGINS" && graph.entails(l, a, b)) continue;  // redundant
            graph.add(l, a, b);  // kept whether or not it contradicts the links before it
            final_links.push_back(l);
        }
    }

    // Does this side confirm `l` (the same triple annotated, or entailed by its graph)?
    [[nodiscard]] bool confirms(const TLink& l) const {
        if (annotated.count({l.from, l.to, l.rel_type})) return true;
        if (l.rel_type == "BEGINS") return false;
        const auto a = graph.find_entity(l.from), b = graph.find_entity(l.to);
        if (!a || !b) return false;
        if (*a == *b) return l.rel_type == "SIMULTANEOUS" || l.rel_type == "IDENTITY";
        return graph.entails(l, static_cast<std::uint32_t>(*a), static_cast<std::uint32_t>(*b));
    }
};

std::size_t confirmed(const std::vector<TLink>& links, const Side& other) {
    std::size_t hits = 0;
    for (const TLink& l : links) hits += other.confirms(l) ? 1 : 0;
    return hits;
}

}  // namespace

void LinkEval::add(const Document& gold_doc, const Document& system_doc) {
    std::unordered_map<std::string, std::string> to_gold{{"t0", "t0"}};
    for (const Timex& t : system_doc.timexes)
        if (auto g = match(t, gold_doc.timexes, &tid_of); !g.empty()) to_gold.emplace(t.tid, g);
    for (const Event& e : system_doc.events)
        if (auto g = match(e, gold_doc.events, &eiid_of); !g.empty()) to_gold.emplace(e.eiid, g);
    auto mapped = [&](const std::string& id) {
        auto it = to_gold.find(id);
        return it != to_gold.end() ? it->second : "unmatched:" + id;
    };
    std::vector<TLink> sys_links = system_doc.links;
    for (TLink& l : sys_links) {
        l.from = mapped(l.from);
        l.to = mapped(l.to);
    }
    const Side gold(gold_doc.links), system(sys_links);
    precision_hits += static_cast<double>(confirmed(system.final_links, gold));
    this->system_links += static_cast<double>(system.final_links.size());
    recall_hits += static_cast<double>(confirmed(gold.final_links, system));
    gold_links += static_cast<double>(gold.final_links.size());
}

Prf LinkEval::awareness() const { return Prf::of(precision_hits, system_links, recall_hits, gold_links); }

}  // namespace chronoline
