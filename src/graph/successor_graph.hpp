// The timeline's order of the graph's merged components is computed by Boost.Graph over the
// successor lists the builder gathers anyway (successors of v: succ[start[v] .. start[v + 1]]).
// This header makes those two arrays a Boost.Graph (IncidenceGraph + VertexListGraph) in place:
// building a boost::compressed_sparse_row_graph per document copied and sorted the same edges
// again, a tenth of the graph stage's cost.
//
// The graph has one vertex more than the arrays, n (root()), whose successors are 0 .. n-1 in
// order: a depth-first search from it alone visits every vertex as a search that tries 0 .. n-1
// as roots in turn does, in the same order. Boost's search allocates its stack afresh for each
// root it starts from (most vertices of a document's graph start a search of their own); from
// one root it allocates once, where the roots cost the stage a tenth of its time.
#pragma once
#include <boost/graph/graph_traits.hpp>
#include <boost/iterator/counting_iterator.hpp>
#include <boost/iterator/iterator_facade.hpp>
#include <cstdint>
#include <utility>
#include <vector>

namespace chronoline::graph_detail {

struct SuccessorGraph {
    const std::vector<std::uint32_t>* start;  // n + 1 entries
    const std::vector<std::uint32_t>* succ;
    // The vertex before all others (n; see above).
    [[nodiscard]] std::uint32_t root() const { return start->empty() ? 0 : static_cast<std::uint32_t>(start->size() - 1); }
};

// An edge: its source and its index into succ (for the root's edges: the target itself).
struct SuccessorEdge {
    std::uint32_t source = 0, index = 0;
    bool operator==(const SuccessorEdge&) const = default;
};

class SuccessorEdgeIterator
    : public boost::iterator_facade<SuccessorEdgeIterator, SuccessorEdge, boost::random_access_traversal_tag,
                                    SuccessorEdge, std::ptrdiff_t> {
public:
    SuccessorEdgeIterator() = default;
    SuccessorEdgeIterator(std::uint32_t source, std::uint32_t index) : edge_{source, index} {}

private:
    friend class boost::iterator_core_access;
    SuccessorEdge dereference() const { return edge_; }
    bool equal(const SuccessorEdgeIterator& other) const { return edge_.index == other.edge_.index; }
    void increment() { ++edge_.index; }
    void decrement() { --edge_.index; }
    void advance(std::ptrdiff_t n) { edge_.index = static_cast<std::uint32_t>(edge_.index + n); }
    std::ptrdiff_t distance_to(const SuccessorEdgeIterator& other) const {
        return static_cast<std::ptrdiff_t>(other.edge_.index) - static_cast<std::ptrdiff_t>(edge_.index);
    }
    SuccessorEdge edge_;
};

inline std::pair<SuccessorEdgeIterator, SuccessorEdgeIterator> out_edges(std::uint32_t v, const SuccessorGraph& g) {
    if (v == g.root()) return {SuccessorEdgeIterator(v, 0), SuccessorEdgeIterator(v, v)};
    return {SuccessorEdgeIterator(v, (*g.start)[v]), SuccessorEdgeIterator(v, (*g.start)[v + 1])};
}
inline std::uint32_t out_degree(std::uint32_t v, const SuccessorGraph& g) {
    return v == g.root() ? v : (*g.start)[v + 1] - (*g.start)[v];
}
inline std::uint32_t source(const SuccessorEdge& e, const SuccessorGraph&) { return e.source; }
inline std::uint32_t target(const SuccessorEdge& e, const SuccessorGraph& g) {
    return e.source == g.root() ? e.index : (*g.succ)[e.index];
}
inline std::uint32_t num_vertices(const SuccessorGraph& g) { return g.root() + 1; }
inline std::pair<boost::counting_iterator<std::uint32_t>, boost::counting_iterator<std::uint32_t>> vertices(
    const SuccessorGraph& g) {
    return {boost::counting_iterator<std::uint32_t>(0), boost::counting_iterator<std::uint32_t>(num_vertices(g))};
}

}  // namespace chronoline::graph_detail

namespace boost {

template <>
struct graph_traits<chronoline::graph_detail::SuccessorGraph> {
    struct traversal_category : incidence_graph_tag, vertex_list_graph_tag {};
    using vertex_descriptor = std::uint32_t;
    using edge_descriptor = chronoline::graph_detail::SuccessorEdge;
    using directed_category = directed_tag;
    using edge_parallel_category = allow_parallel_edge_tag;
    using out_edge_iterator = chronoline::graph_detail::SuccessorEdgeIterator;
    using vertex_iterator = counting_iterator<std::uint32_t>;
    using degree_size_type = std::uint32_t;
    using vertices_size_type = std::uint32_t;
    using edges_size_type = std::uint32_t;
    using in_edge_iterator = void;
    using edge_iterator = void;
    using adjacency_iterator = void;
    static vertex_descriptor null_vertex() { return ~std::uint32_t{0}; }
};

}  // namespace boost
