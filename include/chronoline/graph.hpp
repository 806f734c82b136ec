// Stage 4: the event/time graph. Entities are intervals; relations constrain their start and
// end points (point algebra). Links go in by confidence; one that would contradict the graph is
// rejected with a reason, so the graph is always consistent.
//
// Point semantics of the TimeML relTypes, for a = [a-, a+] and b = [b-, b+] (always a- < a+):
//   BEFORE a+ < b-            IBEFORE a+ = b-           BEGINS   a- = b-, a+ < b+
//   AFTER  b+ < a-            IAFTER  b+ = a-           BEGUN_BY a- = b-, b+ < a+
//   INCLUDES    a- <= b-, b+ <= a+   (non-strict: TimeML annotators use INCLUDES for "on
//   IS_INCLUDED b- <= a-, a+ <= b+    Monday" even when the event may fill the whole day;
//                                     TemporalGraph(true) makes both strict, as the scorer reads them)
//   ENDS   a+ = b+, b- < a-   ENDED_BY a+ = b+, a- < b-
//   SIMULTANEOUS, IDENTITY, DURING, DURING_INV: a- = b-, a+ = b+ (as the TempEval-3 scorer does)
#pragma once
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "chronoline/document.hpp"
#include "chronoline/timeline.hpp"

namespace chronoline {

// Builds the consistent graph of doc.timexes, doc.events, doc.links and the DCT ("t0"), and
// reads the timeline off it.
Timeline build_timeline(const Document& doc);

// What build_timeline() computes beyond the entries. The reduction is about a tenth of the
// graph's work; a caller whose output never shows Timeline::reduced_links (the text format
// without --explain) can leave it out. Everything else is the same either way.
struct TimelineOptions {
    bool reduced_links = true;
};
Timeline build_timeline(const Document& doc, const TimelineOptions& options);

// Every interval relation entailed by `links` (TimeML relTypes), for temporal-awareness
// scoring: the closure of the consistent subset, as links between the named entities.
std::vector<TLink> temporal_closure(const std::vector<TLink>& links);

// The vertices 0 .. n-1 of a directed acyclic graph given as successor lists (those of v are
// succ[succ_start[v] .. succ_start[v + 1]], succ_start has n + 1 entries) in the order a
// depth-first search finishes them, trying the roots in order and each vertex's successors in
// list order: a reverse topological order, computed by Boost.Graph's topological_sort over the
// two arrays in place (the order build_timeline() uses to place events). Throws
// chronoline::error on a cycle.
std::vector<std::size_t> depth_first_finish_order(const std::vector<std::uint32_t>& succ_start,
                                                  const std::vector<std::uint32_t>& succ);

// --- time values ------------------------------------------------------------------------------

// A half-open stretch of time [begin, end) in seconds since 1970-01-01 (proleptic Gregorian,
// no time zone). kUnbounded* mark an open side (PAST_REF has no beginning).
struct TimeInterval {
    static constexpr std::int64_t kUnboundedBegin = INT64_MIN;
    static constexpr std::int64_t kUnboundedEnd = INT64_MAX;
    std::int64_t begin = kUnboundedBegin;
    std::int64_t end = kUnboundedEnd;
    friend bool operator==(const TimeInterval&, const TimeInterval&) = default;
};

// The stretch of time a TIMEX3 value of type DATE or TIME names: dates, times of day (and
// MO/AF/EV/NI parts of the day), weeks (2018-W29, 2018-W29-WE), months, seasons (2018-SP/SU/
// FA/WI, meteorological), quarters (2018-Q3), halves (2018-H1), years, decades ("201"),
// centuries ("20"), and PRESENT_REF / PAST_REF / FUTURE_REF relative to the DCT's day.
// Nothing for durations, sets and values left unresolved ("XXXX-07-16").
std::optional<TimeInterval> interval_of_value(std::string_view value, std::chrono::year_month_day dct);

// The most specific TimeML relType that holds between two known stretches of time, read as
// closed stretches (Monday BEFORE Tuesday, as annotators have it; never IBEFORE): BEFORE,
// AFTER, SIMULTANEOUS, BEGINS, BEGUN_BY, ENDS, ENDED_BY, INCLUDES,
// IS_INCLUDED), or empty when they overlap without either containing the other.
std::string relation_of_intervals(const TimeInterval& a, const TimeInterval& b);

// A TIMEX3 value of type DATE or TIME as a reader says it: "Monday, July 16, 2018", "Monday, July
// 16, 2018, 14:30", "Monday, July 16, 2018, evening", "July 2018", "fall 2018", "Q3 2018", "the
// first half of 2018", "the week of Monday, July 16, 2018", "the 1990s", "the 20th century",
// "now", "the past", "the future". A value it cannot read (a duration, "XXXX-07-16") comes back
// as it is.
std::string label_of_value(std::string_view value);

// True for a relType the graph understands (the 14 of TimeML 1.2.1 plus DURING_INV).
bool is_known_rel_type(std::string_view rel_type);

// The relType read from b's side ("BEFORE" -> "AFTER").
std::string inverse_rel_type(std::string_view rel_type);

// --- the graph --------------------------------------------------------------------------------

// Start and end points of named intervals, with <, <= and = between them. Equal points are
// merged (the strongly connected components of <=); the components are kept in a topological
// order that is repaired incrementally (Pearce & Kelly), so a consistency check only searches
// the part of the graph between the two points concerned (first from both ends at once, which
// finds most contradictions after a few steps).
class TemporalGraph {
public:
    TemporalGraph() = default;
    // With `strict_inclusion`, INCLUDES and IS_INCLUDED are Allen's strict "contains"/"during"
    // (a- < b-, b+ < a+), as the TempEval-3 scorer's timegraph reads them; the scorer uses it.
    explicit TemporalGraph(bool strict_inclusion) : strict_inclusion_(strict_inclusion) {}

    // Adds `link` whole, or not at all; returns the reason when it would make the graph
    // inconsistent (or names an unknown relType). Unknown entities are created on the fly.
    std::optional<std::string> add(const TLink& link);

    // Optional, for speed: creates the entities of `links` and lays all points out in an order
    // (the strongly connected components of every constraint of `links` and `point_orders`, in
    // topological order) in which adding them later goes forward but within components, so
    // the incremental order repairs stay local. Call before adding anything (later, it only resolves the entities). Returns the
    // entities of each link (from, to), for add(link, from, to).
    std::vector<std::pair<std::uint32_t, std::uint32_t>> plan(
        const std::vector<TLink>& links, const std::vector<std::pair<std::uint32_t, std::uint32_t>>& point_orders = {});

    // plan() for a caller that already knows each link's entities (`ends`, as entity() gives
    // them): the same layout without a lookup by name.
    void plan_ends(const std::vector<TLink>& links, const std::vector<std::pair<std::uint32_t, std::uint32_t>>& ends,
                   const std::vector<std::pair<std::uint32_t, std::uint32_t>>& point_orders);

    // add(), for a caller that already knows the link's entities (from plan()).
    std::optional<std::string> add(const TLink& link, std::uint32_t from, std::uint32_t to);

    // add(link, from, to) keeping no copy of the link, for a caller that holds its links
    // anyway: the link is known by `tag` (say, its index in the caller's vector) and is not
    // listed by links(); reduced_tags() names it when it is in the reduction.
    std::optional<std::string> add_tagged(const TLink& link, std::uint32_t from, std::uint32_t to, std::uint32_t tag);

    // Adds x < y (strict) or x <= y between two points (entity e's start is point 2e, its end
    // 2e+1) as a fact owed to no link (what time values say); the reason when inconsistent.
    std::optional<std::string> add_point_order(std::uint32_t x, std::uint32_t y, bool strict);

    // Optional, for speed: room for `entities` entities and `links` links in all.
    void reserve(std::size_t entities, std::size_t links);

    // Empties the graph (as if newly made with the same strict_inclusion) but keeps its
    // memory, so that a graph reused for the next document allocates little.
    void clear();

    // entities(), into `out` (whose memory is reused).
    void entities(const std::vector<std::string_view>& ids, std::vector<std::uint32_t>& out);
    // components_in_order(), into `out`.
    void components_in_order(std::vector<std::uint32_t>& out) const;
    // reduced_tags(), into `out`.
    void reduced_tags(std::vector<std::uint32_t>& out) const;

    // Adds an entity with no constraint yet (a- < a+ only); returns its index.
    std::size_t entity(std::string_view id);
    // entity() for each of `ids` at once (cheaper for many); their indices, in order.
    std::vector<std::uint32_t> entities(const std::vector<std::string_view>& ids);
    [[nodiscard]] std::optional<std::size_t> find_entity(std::string_view id) const;
    [[nodiscard]] std::size_t entity_count() const { return names_.size(); }
    [[nodiscard]] const std::string& entity_name(std::size_t e) const { return names_[e]; }

    // True when every point constraint of `link` (between entities from and to) already follows
    // from the graph. Bounded like the other searches (a very distant entailment reads false).
    [[nodiscard]] bool entails(const TLink& link, std::uint32_t from, std::uint32_t to) const;

    // The edges the searches have looked at since the graph was made or cleared (the work that
    // a document's budget bounds: docs/links.md, "Very long documents").
    [[nodiscard]] std::size_t search_edges() const { return search_spent_; }

    // Accepted links, in the order they were added (those added by add_tagged() left out).
    [[nodiscard]] const std::vector<TLink>& links() const { return stored_; }

    // The accepted links none of whose point constraints follows from the rest of the graph
    // (a transitive reduction at the level of links; of two links that say the same thing
    // the earlier stays).
    [[nodiscard]] std::vector<TLink> reduced_links() const;
    // The same reduction, as the tags of the links added by add_tagged(), in the order added.
    [[nodiscard]] std::vector<std::uint32_t> reduced_tags() const;

    // Point-level views for readers of the graph (the timeline): the component of point p
    // (entity e's start is 2e, its end 2e+1), components in a topological order, and each
    // component's successors with the strictness of the edge.
    [[nodiscard]] std::uint32_t component(std::uint32_t point) const {  // (inline: the timeline asks for every edge)
        while (parent_[point] != point) point = parent_[point];
        return point;
    }
    [[nodiscard]] std::vector<std::uint32_t> components_in_order() const;
    struct Edge {
        std::uint32_t to;
        bool strict;
        std::uint32_t link;  // the accepted link's number (in the order of acceptance), or kIntrinsic
                             // for a- < a+ and add_point_order()
    };
    static constexpr std::uint32_t kIntrinsic = UINT32_MAX;
    // The edges of a component (its own and those of the points merged into it), kept as
    // linked lists in one pool, so that merging two components is a splice, not a copy.
    struct EdgeNode {
        Edge edge;
        std::uint32_t next;
    };
    static constexpr std::uint32_t kNil = UINT32_MAX;
    class EdgeRange {
    public:
        class iterator {
        public:
            iterator(const std::vector<EdgeNode>* pool, std::uint32_t at) : pool_(pool), at_(at) {}
            const Edge& operator*() const { return (*pool_)[at_].edge; }
            iterator& operator++() {
                at_ = (*pool_)[at_].next;
                return *this;
            }
            bool operator!=(const iterator& o) const { return at_ != o.at_; }

        private:
            const std::vector<EdgeNode>* pool_;
            std::uint32_t at_;
        };
        EdgeRange(const std::vector<EdgeNode>* pool, std::uint32_t head) : pool_(pool), head_(head) {}
        [[nodiscard]] iterator begin() const { return {pool_, head_}; }
        [[nodiscard]] iterator end() const { return {pool_, kNil}; }

    private:
        const std::vector<EdgeNode>* pool_;
        std::uint32_t head_;
    };
    [[nodiscard]] EdgeRange out_edges(std::uint32_t component) const { return {&pool_, out_head_[component]}; }

private:
    struct UndoStep {
        enum Kind : std::uint8_t { edge, order, merge } kind;
        std::uint32_t a = 0, b = 0;  // edge: from, to; order: component, old position; merge: child, rep
        std::uint32_t out_tail = 0, in_tail = 0, old_size = 0;  // the former tails of the lists; merge: rep's size
    };
    bool add_less(std::uint32_t x, std::uint32_t y, bool strict, std::uint32_t link, std::string& reason);
    bool repair_less(std::uint32_t x, std::uint32_t y, std::uint32_t rx, std::uint32_t ry, bool strict, std::uint32_t link,
                     std::string& reason);
    void push_edge(std::uint32_t u, std::uint32_t v, bool strict, std::uint32_t link);
    std::uint32_t find(std::uint32_t p) const;
    bool contradiction_nearby(std::uint32_t rx, std::uint32_t ry, bool strict) const;
    template <class EdgeFilter>
    bool path_between(std::uint32_t from, std::uint32_t to, bool need_strict, EdgeFilter usable) const;
    std::string point_name(std::uint32_t p) const;
    void rollback(std::size_t mark);

    // Per-point marks for the searches, valid for the current epoch only (no clearing).
    class Marks {
    public:
        // (inline, the rare growth and wrap-around out of line: every search starts here)
        void reset(std::size_t n) {
            if (stamp_.size() < n || ++epoch_ == 0) renew(n);
        }
        std::uint8_t get(std::uint32_t i) const { return stamp_[i] == epoch_ ? bits_[i] : 0; }
        std::uint8_t& at(std::uint32_t i) {
            if (stamp_[i] != epoch_) stamp_[i] = epoch_, bits_[i] = 0;
            return bits_[i];
        }

    private:
        [[gnu::noinline]] void renew(std::size_t n) {
            if (stamp_.size() < n) {
                stamp_.resize(n, 0), bits_.resize(n, 0);
                if (++epoch_ != 0) return;
            }
            std::fill(stamp_.begin(), stamp_.end(), 0), epoch_ = 1;
        }
        std::vector<std::uint32_t> stamp_;
        std::vector<std::uint8_t> bits_;
        std::uint32_t epoch_ = 0;
    };
    mutable Marks marks_a_, marks_b_, marks_c_;
    // The edges this document's searches have looked at, against its budget (search_limit()).
    mutable std::size_t search_spent_ = 0;
    [[nodiscard]] std::size_t search_limit() const;
    struct Scratch {  // buffers reused by every search, to spare allocations
        std::vector<std::uint32_t> forward, backward, stack, both, slots, before_part, after_part;
        std::vector<std::pair<std::uint32_t, bool>> ffront, bfront, next;
        // plan(): the constraint graph and Tarjan's state
        std::vector<std::uint32_t> degree, targets, members, completed, at;
        std::vector<std::pair<std::uint32_t, std::uint32_t>> edges, frames;
        struct Visit {
            std::uint32_t index, low;
            bool on_stack;
        };
        std::vector<Visit> visit;
        std::vector<std::uint8_t> dropped;  // reduction() (bytes: read for every edge searched)
    };
    mutable Scratch scratch_;

    std::vector<std::string> names_;
    // Entity by name: open addressing over names_ (slot = entity + 1, 0 = empty), so that a
    // graph per document costs no allocation per entity.
    std::vector<std::uint32_t> index_;
    [[nodiscard]] std::size_t slot_of(std::string_view id) const;
    void reindex(std::size_t capacity);
    std::vector<std::uint32_t> parent_;   // union-find without path compression (undoable)
    std::vector<std::uint32_t> size_;
    std::vector<std::uint32_t> ord_;      // position of each component in the topological order
    std::vector<EdgeNode> pool_;
    std::vector<std::uint32_t> out_head_, out_tail_, in_head_, in_tail_;  // per point, kNil = empty
    [[nodiscard]] EdgeRange out(std::uint32_t c) const { return {&pool_, out_head_[c]}; }
    [[nodiscard]] EdgeRange in(std::uint32_t c) const { return {&pool_, in_head_[c]}; }
    // Appends to a list; returns its former tail (for undo).
    std::uint32_t append(std::vector<std::uint32_t>& head, std::vector<std::uint32_t>& tail, std::uint32_t p, Edge e);
    void unappend(std::vector<std::uint32_t>& head, std::vector<std::uint32_t>& tail, std::uint32_t p, std::uint32_t old_tail);
    // Splices c's list after rep's; returns rep's former tail.
    std::uint32_t splice(std::vector<std::uint32_t>& head, std::vector<std::uint32_t>& tail, std::uint32_t rep, std::uint32_t c);
    std::optional<std::string> add_link(const TLink& link, std::uint32_t a, std::uint32_t b, std::uint32_t tag);
    // Per accepted link: dropped (in scratch_.dropped).
    const std::vector<std::uint8_t>& reduction() const;
    struct AcceptedLink {
        std::uint32_t stored;  // index into stored_, or kNil (added by add_tagged)
        std::uint32_t tag;     // the caller's tag, or kNil
        std::uint8_t rel;      // relType code (temporal_graph.cpp)
    };
    std::vector<AcceptedLink> accepted_;
    std::vector<TLink> stored_;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> accepted_ends_;  // entity indices
    std::vector<std::uint8_t> merged_by_; // per accepted link: it equated two components (bytes:
                                          // a bit vector's push_back costs more)
    std::vector<UndoStep> undo_;
    std::uint32_t next_ord_ = 0;
    bool constrained_ = false;            // a constraint went in: plan() is too late
    bool strict_inclusion_ = false;

    friend class PointClosure;
};

// Reachability between the points of a finished graph, as bitsets: answers whether a link
// follows from the graph, and which relType holds between two entities. Quadratic in the
// number of points; meant for scoring, not for the pipeline.
class PointClosure {
public:
    explicit PointClosure(const TemporalGraph& graph);
    // True when every point constraint of `rel_type` between entities a and b is entailed.
    [[nodiscard]] bool entails(std::size_t a, std::string_view rel_type, std::size_t b) const;
    // The most specific entailed relType from a to b (as relation_of_intervals), or empty.
    [[nodiscard]] std::string relation(std::size_t a, std::size_t b) const;

private:
    [[nodiscard]] bool less(std::uint32_t x, std::uint32_t y) const;
    [[nodiscard]] bool less_equal(std::uint32_t x, std::uint32_t y) const;
    const TemporalGraph* graph_;
    std::size_t words_ = 0;
    std::vector<std::uint32_t> slot_;           // component -> row
    std::vector<std::uint64_t> reach_, strict_; // rows of words_ words
};

// build_timeline() for one document after another: the graph and every buffer are kept from
// one document to the next, so that a batch allocates little beyond the timelines themselves
// (per-document allocations were a tenth of the graph's work). The same timelines as
// build_timeline(). Not for use by two threads at once; one per thread.
class TimelineBuilder {
public:
    TimelineBuilder();
    ~TimelineBuilder();
    TimelineBuilder(TimelineBuilder&&) noexcept;
    TimelineBuilder& operator=(TimelineBuilder&&) noexcept;

    Timeline build(const Document& doc, const TimelineOptions& options = {});

    struct Workspace;

private:
    std::unique_ptr<Workspace> workspace_;
};

}  // namespace chronoline
