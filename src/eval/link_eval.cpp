// Temporal awareness (UzZaman & Allen 2011), as TempEval-3 scores TLINKs: with S⁻/G⁻ the
// transitive reductions and S⁺/G⁺ the closures of the system and gold graphs,
//   precision = |S⁻ ∩ G⁺| / |S⁻|,   recall = |G⁻ ∩ S⁺| / |G⁻|.
// "∩ G⁺" means: every point constraint of the link follows from the gold graph (see graph.hpp
// for the point semantics of each relType). Both graphs keep only a consistent subset of their
// links, added in the order given. System links whose entities match no gold entity count
// against precision.
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

std::size_t verified(const std::vector<TLink>& links, const TemporalGraph& graph, const PointClosure& closure) {
    std::size_t hits = 0;
    for (const TLink& l : links) {
        const auto a = graph.find_entity(l.from), b = graph.find_entity(l.to);
        if (a && b && closure.entails(*a, l.rel_type, *b)) ++hits;
    }
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

    TemporalGraph gold;
    const auto gold_ends = gold.plan(gold_doc.links);
    for (std::size_t i = 0; i < gold_doc.links.size(); ++i)
        gold.add(gold_doc.links[i], gold_ends[i].first, gold_ends[i].second);
    std::vector<TLink> system_links_mapped = system_doc.links;
    for (TLink& l : system_links_mapped) {
        l.from = mapped(l.from);
        l.to = mapped(l.to);
    }
    TemporalGraph system;
    const auto system_ends = system.plan(system_links_mapped);
    for (std::size_t i = 0; i < system_links_mapped.size(); ++i)
        system.add(system_links_mapped[i], system_ends[i].first, system_ends[i].second);
    const auto gold_reduced = gold.reduced_links();
    const auto system_reduced = system.reduced_links();
    const PointClosure gold_closure(gold), system_closure(system);
    precision_hits += static_cast<double>(verified(system_reduced, gold, gold_closure));
    system_links += static_cast<double>(system_reduced.size());
    recall_hits += static_cast<double>(verified(gold_reduced, system, system_closure));
    gold_links += static_cast<double>(gold_reduced.size());
}

Prf LinkEval::awareness() const { return Prf::of(precision_hits, system_links, recall_hits, gold_links); }

}  // namespace chronoline
