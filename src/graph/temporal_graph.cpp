// The point-algebra graph. Each entity contributes two points (start 2e, end 2e+1); a TimeML
// relType becomes a conjunction of <, <= and = between them. Components of equal points are
// merged with an undoable union-find; the components are kept in a topological order that is
// repaired incrementally (Pearce & Kelly 2006), so checking a new constraint x < y only
// searches the components whose position lies between y's and x's. A link is added atomically:
// if its second constraint fails, the first is undone.
#include <algorithm>
#include <array>
#include <cstring>
#include <tuple>

#include "chronoline/graph.hpp"

namespace chronoline {

// The most edges one insertion may look at while searching or reordering. Ordinary articles never come near it
// (a few hundred points); in a pathological one (thousands of times in one sentence, a whole book
// as one document) it bounds each insertion, and a link that would need more is left out with
// that reason, which keeps the graph consistent.
constexpr std::size_t kMaxSearch = 1u << 14;
// The edges all the searches of one document may look at before each search is held to
// kSpentSearch: a base and so many per point. Without it a hub (a date named in every sentence
// of a huge document, merged into one component with thousands of edges) makes every later
// insertion scan kMaxSearch edges: linear, but 16,384 times over (800 KB of "On Monday the storm
// hit." took 6 s, 48 MB ten minutes). The news corpora's documents look at 2,746 edges at most
// in all, and 500 KB of concatenated articles stays within the budget (the same links as
// without it); see docs/links.md, "Very long documents".
constexpr std::size_t kSearchBudgetBase = std::size_t{1} << 23;
constexpr std::size_t kSearchBudgetPerPoint = 256;
constexpr std::size_t kSpentSearch = 1024;

namespace {

struct PointConstraint {
    std::uint32_t x, y;
    enum Kind : std::uint8_t { less, less_equal, equal } kind;
};

// At most two point constraints per relType; `known` is false for an unknown relType.
struct Constraints {
    std::array<PointConstraint, 2> items{};
    std::uint8_t count = 0;
    bool known = true;
    [[nodiscard]] const PointConstraint* begin() const { return items.data(); }
    [[nodiscard]] const PointConstraint* end() const { return items.data() + count; }
};

// relTypes as small codes (0: unknown), so that a link's constraints are found by a switch
// and an accepted link needs no copy of its relType.
enum RelCode : std::uint8_t {
    kUnknown, kBefore, kAfter, kIBefore, kIAfter, kBegins, kBegunBy, kEnds, kEndedBy, kIncludes, kIsIncluded,
    kSimultaneous, kIdentity, kDuring, kDuringInv
};

// rel == lit, compared in place (a call to memcmp costs more than these few bytes).
template <std::size_t N>
bool is(std::string_view s, const char (&lit)[N]) {
    return s.size() == N - 1 && std::memcmp(s.data(), lit, N - 1) == 0;
}

// By length first: every link of the graph passes here, and twice.
std::uint8_t rel_code(std::string_view rel) {
    switch (rel.size()) {
        case 4: return is(rel, "ENDS") ? kEnds : kUnknown;
        case 5: return is(rel, "AFTER") ? kAfter : kUnknown;
        case 6: return is(rel, "BEFORE") ? kBefore : is(rel, "IAFTER") ? kIAfter : is(rel, "BEGINS") ? kBegins
                     : is(rel, "DURING") ? kDuring : kUnknown;
        case 7: return is(rel, "IBEFORE") ? kIBefore : kUnknown;
        case 8: return is(rel, "BEGUN_BY") ? kBegunBy : is(rel, "ENDED_BY") ? kEndedBy : is(rel, "INCLUDES") ? kIncludes
                     : is(rel, "IDENTITY") ? kIdentity : kUnknown;
        case 10: return is(rel, "DURING_INV") ? kDuringInv : kUnknown;
        case 11: return is(rel, "IS_INCLUDED") ? kIsIncluded : kUnknown;
        case 12: return is(rel, "SIMULTANEOUS") ? kSimultaneous : kUnknown;
        default: return kUnknown;
    }
}

[[gnu::always_inline]] inline Constraints constraints_of_code(std::uint8_t rel, std::uint32_t a, std::uint32_t b, bool strict_inclusion = false) {
    const std::uint32_t as = 2 * a, ae = 2 * a + 1, bs = 2 * b, be = 2 * b + 1;
    using K = PointConstraint::Kind;
    auto one = [](PointConstraint c) { return Constraints{{c, PointConstraint{}}, 1, true}; };
    auto two = [](PointConstraint c, PointConstraint d) { return Constraints{{c, d}, 2, true}; };
    const K inclusion = strict_inclusion ? K::less : K::less_equal;
    switch (rel) {
        case kBefore: return one({ae, bs, K::less});
        case kAfter: return one({be, as, K::less});
        case kIBefore: return one({ae, bs, K::equal});
        case kIAfter: return one({be, as, K::equal});
        case kBegins: return two({as, bs, K::equal}, {ae, be, K::less});
        case kBegunBy: return two({as, bs, K::equal}, {be, ae, K::less});
        case kEnds: return two({ae, be, K::equal}, {bs, as, K::less});
        case kEndedBy: return two({ae, be, K::equal}, {as, bs, K::less});
        case kIncludes: return two({as, bs, inclusion}, {be, ae, inclusion});
        case kIsIncluded: return two({bs, as, inclusion}, {ae, be, inclusion});
        case kSimultaneous:
        case kIdentity:
        case kDuring:
        case kDuringInv: return two({as, bs, K::equal}, {ae, be, K::equal});
        default: {
            Constraints none;
            none.known = false;
            return none;
        }
    }
}

Constraints constraints_of(std::string_view rel, std::uint32_t a, std::uint32_t b, bool strict_inclusion = false) {
    return constraints_of_code(rel_code(rel), a, b, strict_inclusion);
}

}  // namespace

bool is_known_rel_type(std::string_view rel_type) { return constraints_of(rel_type, 0, 1).known; }

std::string inverse_rel_type(std::string_view r) {
    static constexpr std::array<std::array<std::string_view, 2>, 7> pairs{{{"BEFORE", "AFTER"},
                                                                           {"IBEFORE", "IAFTER"},
                                                                           {"BEGINS", "BEGUN_BY"},
                                                                           {"ENDS", "ENDED_BY"},
                                                                           {"INCLUDES", "IS_INCLUDED"},
                                                                           {"DURING", "DURING_INV"},
                                                                           {"SIMULTANEOUS", "SIMULTANEOUS"}}};
    for (const auto& p : pairs) {
        if (r == p[0]) return std::string(p[1]);
        if (r == p[1]) return std::string(p[0]);
    }
    return std::string(r);  // IDENTITY and unknown ones are their own inverse
}

namespace {

// Entity ids are short ("t12", "ei345"): eight bytes at a time, then one multiply, beats the
// standard library's general-purpose hash several times over.
// (Tails of under eight bytes are read as two overlapping loads, without a call to memcpy.)
std::size_t id_hash(std::string_view id) {
    auto byte = [&](std::size_t k) { return std::uint64_t{static_cast<unsigned char>(id[k])}; };
    auto load32 = [&](std::size_t k) -> std::uint64_t {
        std::uint32_t x;  // (one load, not four)
        std::memcpy(&x, id.data() + k, 4);
        return x;
    };
    std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ id.size();
    std::size_t i = 0;
    for (; i + 8 <= id.size(); i += 8) {
        std::uint64_t x;
        std::memcpy(&x, id.data() + i, 8);
        h = (h ^ x) * 0xff51afd7ed558ccdULL;
        h ^= h >> 32;
    }
    const std::size_t n = id.size() - i;
    std::uint64_t x = 0;
    if (n >= 4) x = load32(i) | load32(i + n - 4) << (8 * (n - 4));
    else if (n > 0) x = byte(i) | byte(i + n / 2) << (8 * (n / 2)) | byte(i + n - 1) << (8 * (n - 1));
    h = (h ^ x) * 0xc4ceb9fe1a85ec53ULL;
    return static_cast<std::size_t>(h ^ (h >> 29));
}

}  // namespace

std::size_t TemporalGraph::slot_of(std::string_view id) const {
    const std::size_t mask = index_.size() - 1;
    for (std::size_t i = id_hash(id) & mask;; i = (i + 1) & mask)
        if (index_[i] == 0 || names_[index_[i] - 1] == id) return i;
}

void TemporalGraph::reindex(std::size_t capacity) {
    std::size_t cap = 16;
    while (cap < 2 * capacity) cap *= 2;
    if (cap <= index_.size()) return;
    index_.assign(cap, 0);
    for (std::size_t e = 0; e < names_.size(); ++e) index_[slot_of(names_[e])] = static_cast<std::uint32_t>(e + 1);
}

std::size_t TemporalGraph::entity(std::string_view id) {
    if (2 * (names_.size() + 1) > index_.size()) reindex(names_.size() + 1);
    const std::size_t slot = slot_of(id);
    if (index_[slot] != 0) return index_[slot] - 1;
    const std::size_t e = names_.size();
    names_.emplace_back(id);
    index_[slot] = static_cast<std::uint32_t>(e + 1);
    for (int k = 0; k < 2; ++k) {
        parent_.push_back(static_cast<std::uint32_t>(parent_.size()));
        size_.push_back(1);
        ord_.push_back(next_ord_++);
        out_head_.push_back(kNil);
        out_tail_.push_back(kNil);
        in_head_.push_back(kNil);
        in_tail_.push_back(kNil);
    }
    const auto s = static_cast<std::uint32_t>(2 * e);
    append(out_head_, out_tail_, s, {s + 1, true, kIntrinsic});
    append(in_head_, in_tail_, s + 1, {s, true, kIntrinsic});
    return e;
}

std::vector<std::uint32_t> TemporalGraph::entities(const std::vector<std::string_view>& ids) {
    std::vector<std::uint32_t> out;
    entities(ids, out);
    return out;
}

void TemporalGraph::entities(const std::vector<std::string_view>& ids, std::vector<std::uint32_t>& out) {
    reindex(names_.size() + ids.size());
    out.resize(ids.size());
    const std::size_t first = names_.size();
    for (std::size_t k = 0; k < ids.size(); ++k) {
        const std::size_t slot = slot_of(ids[k]);
        if (index_[slot] == 0) {
            names_.emplace_back(ids[k]);
            index_[slot] = static_cast<std::uint32_t>(names_.size());
        }
        out[k] = index_[slot] - 1;
    }
    // The points of the new entities, each start before its end (the first edge of each list).
    const std::size_t from = 2 * first, to = 2 * names_.size();
    for (auto* v : {&parent_, &size_, &ord_, &out_head_, &out_tail_, &in_head_, &in_tail_}) v->resize(to);
    pool_.reserve(pool_.size() + (to - from));
    for (auto p = static_cast<std::uint32_t>(from); p < to; p += 2) {
        const auto edge = static_cast<std::uint32_t>(pool_.size());
        pool_.push_back({{p + 1, true, kIntrinsic}, kNil});
        pool_.push_back({{p, true, kIntrinsic}, kNil});
        for (std::uint32_t q : {p, p + 1}) {
            parent_[q] = q;
            size_[q] = 1;
            ord_[q] = next_ord_++;
        }
        out_head_[p] = out_tail_[p] = edge;
        in_head_[p] = in_tail_[p] = kNil;
        out_head_[p + 1] = out_tail_[p + 1] = kNil;
        in_head_[p + 1] = in_tail_[p + 1] = edge + 1;
    }
}

void TemporalGraph::clear() {
    // (A table left large by a very long document is dropped rather than wiped for each of
    // the short ones that follow.)
    if (index_.size() > 64 * (names_.size() + 64)) index_.clear();
    else std::fill(index_.begin(), index_.end(), 0);
    names_.clear();
    for (auto* v : {&parent_, &size_, &ord_, &out_head_, &out_tail_, &in_head_, &in_tail_}) v->clear();
    pool_.clear();
    accepted_.clear();
    stored_.clear();
    accepted_ends_.clear();
    merged_by_.clear();
    undo_.clear();
    next_ord_ = 0;
    constrained_ = false;
    search_spent_ = 0;
}

void TemporalGraph::reserve(std::size_t entities, std::size_t links) {
    names_.reserve(entities);
    reindex(entities);
    for (auto* v : {&parent_, &size_, &ord_, &out_head_, &out_tail_, &in_head_, &in_tail_}) v->reserve(2 * entities);
    pool_.reserve(2 * entities + 6 * links);
    accepted_.reserve(links);
    accepted_ends_.reserve(links);
    merged_by_.reserve(links);
    undo_.reserve(16);
    // (The buffers of the order repairs are left to grow when needed: after plan() most
    // documents need none.)
    for (auto* v : {&scratch_.ffront, &scratch_.bfront, &scratch_.next}) v->reserve(2 * entities);
    marks_a_.reset(2 * entities);
    marks_b_.reset(2 * entities);
}

// (inline: every constraint appends twice)
inline std::uint32_t TemporalGraph::append(std::vector<std::uint32_t>& head, std::vector<std::uint32_t>& tail,
                                    std::uint32_t p, Edge e) {
    const auto id = static_cast<std::uint32_t>(pool_.size());
    pool_.push_back({e, kNil});
    const std::uint32_t old = tail[p];
    if (old == kNil) head[p] = id;
    else pool_[old].next = id;
    tail[p] = id;
    return old;
}

void TemporalGraph::unappend(std::vector<std::uint32_t>& head, std::vector<std::uint32_t>& tail, std::uint32_t p,
                             std::uint32_t old_tail) {
    pool_.pop_back();
    if (old_tail == kNil) head[p] = kNil;
    else pool_[old_tail].next = kNil;
    tail[p] = old_tail;
}

std::uint32_t TemporalGraph::splice(std::vector<std::uint32_t>& head, std::vector<std::uint32_t>& tail,
                                    std::uint32_t rep, std::uint32_t c) {
    const std::uint32_t old = tail[rep];
    if (head[c] == kNil) return old;
    if (old == kNil) head[rep] = head[c];
    else pool_[old].next = head[c];
    tail[rep] = tail[c];
    return old;
}

std::optional<std::size_t> TemporalGraph::find_entity(std::string_view id) const {
    if (index_.empty()) return std::nullopt;
    const std::size_t slot = slot_of(id);
    if (index_[slot] == 0) return std::nullopt;
    return index_[slot] - 1;
}

std::uint32_t TemporalGraph::find(std::uint32_t p) const {
    while (parent_[p] != p) p = parent_[p];
    return p;
}

std::vector<std::uint32_t> TemporalGraph::components_in_order() const {
    std::vector<std::uint32_t> reps;
    components_in_order(reps);
    return reps;
}

void TemporalGraph::components_in_order(std::vector<std::uint32_t>& reps) const {
    // Positions are distinct and below next_ord_: place each component at its position.
    auto& at = scratch_.at;
    at.assign(next_ord_, kNil);
    for (std::uint32_t p = 0; p < parent_.size(); ++p)
        if (parent_[p] == p) at[ord_[p]] = p;
    reps.clear();
    reps.reserve(parent_.size());
    for (std::uint32_t c : at)
        if (c != kNil) reps.push_back(c);
}

std::string TemporalGraph::point_name(std::uint32_t p) const {
    return std::string(p % 2 == 0 ? "start(" : "end(") + names_[p / 2] + ")";
}

void TemporalGraph::rollback(std::size_t mark) {
    while (undo_.size() > mark) {
        const UndoStep s = undo_.back();
        undo_.pop_back();
        switch (s.kind) {
            case UndoStep::edge:  // appended to a's out list, then to b's in list
                unappend(in_head_, in_tail_, s.b, s.in_tail);
                unappend(out_head_, out_tail_, s.a, s.out_tail);
                break;
            case UndoStep::order: ord_[s.a] = s.b; break;
            case UndoStep::merge:
                parent_[s.a] = s.a;
                for (auto [head, tail, old] : {std::tuple{&out_head_, &out_tail_, s.out_tail},
                                               std::tuple{&in_head_, &in_tail_, s.in_tail}}) {
                    if (old == kNil) (*head)[s.b] = kNil;
                    else pool_[old].next = kNil;
                    (*tail)[s.b] = old;
                }
                size_[s.b] = s.old_size;
                break;
        }
    }
}

std::size_t TemporalGraph::search_limit() const {
    return search_spent_ < kSearchBudgetBase + kSearchBudgetPerPoint * parent_.size() ? kMaxSearch : kSpentSearch;
}

namespace {
// Adds a search's edge count to the document's total however the search ends.
struct SearchSpend {
    std::size_t& total;
    const std::size_t& edges;
    ~SearchSpend() { total += edges; }
};
}  // namespace

// Is there a path ry ⇝ rx (with a strict edge unless `strict`, when any path contradicts)?
// Bidirectional breadth-first search over (component, strict-so-far) states, within the
// components ordered between ry and rx.
template <class EdgeFilter>
bool TemporalGraph::path_between(std::uint32_t from, std::uint32_t to, bool need_strict, EdgeFilter usable) const {
    const std::uint32_t lo = ord_[from], hi = ord_[to];
    Marks& fwd = marks_a_;  // bit 1: reached plainly, bit 2: through a strict edge
    Marks& bwd = marks_b_;
    fwd.reset(parent_.size());
    bwd.reset(parent_.size());
    fwd.at(from) = 1;
    bwd.at(to) = 1;
    auto& ffront = scratch_.ffront;
    auto& bfront = scratch_.bfront;
    auto& next = scratch_.next;
    // (clear and push: assign(1, x) is a call to vector's fill, for every search)
    ffront.clear();
    ffront.emplace_back(from, false);
    bfront.clear();
    bfront.emplace_back(to, false);
    auto meets = [&](std::uint8_t mine, std::uint8_t other) {
        if (!other) return false;
        if (!need_strict) return true;
        return (mine & 2) || (other & 2);
    };
    std::size_t expanded = 0;  // edges looked at
    const std::size_t limit = search_limit();
    const SearchSpend spend{search_spent_, expanded};
    while (!ffront.empty() && !bfront.empty()) {
        // Bounded, so that a hub (the DCT) in a very long document keeps the work linear. Every
        // caller treats "not found" as the safe answer: the full, bounded repair search still
        // runs before a link is accepted, and a reduction keeps a link it cannot prove redundant.
        const bool forward = ffront.size() <= bfront.size();
        auto& front = forward ? ffront : bfront;
        Marks& mine = forward ? fwd : bwd;
        Marks& other = forward ? bwd : fwd;
        next.clear();
        for (const auto& [c, st] : front) {
            for (const Edge& e : forward ? out(c) : in(c)) {
                if (++expanded > limit) return false;
                if (!usable(e)) continue;
                const std::uint32_t t = find(e.to);
                if (t == c || ord_[t] < lo || ord_[t] > hi) continue;
                const bool ts = st || e.strict;
                const std::uint8_t bit = ts ? 2 : 1;
                auto& bits = mine.at(t);
                if ((bits & bit) || (bit == 1 && (bits & 2))) continue;
                bits |= bit;
                if (meets(bit, other.get(t))) return true;
                next.emplace_back(t, ts);
            }
        }
        front.swap(next);
    }
    return false;
}

// Is there a path ry ⇝ rx that contradicts rx < ry (any path) or rx <= ry (a strict one)?
bool TemporalGraph::contradiction_nearby(std::uint32_t rx, std::uint32_t ry, bool strict) const {
    return path_between(ry, rx, !strict, [](const Edge&) { return true; });
}

// An edge u -> v in both lists, undoably.
inline void TemporalGraph::push_edge(std::uint32_t u, std::uint32_t v, bool strict, std::uint32_t link) {
    UndoStep step{UndoStep::edge, u, v};
    step.out_tail = append(out_head_, out_tail_, u, {v, strict, link});
    step.in_tail = append(in_head_, in_tail_, v, {u, strict, link});
    undo_.push_back(step);
}

// x < y (strict) or x <= y. Most constraints already go forward in the order (plan() saw to
// it): that case is inline, the repair (searches, merges) out of line.
inline bool TemporalGraph::add_less(std::uint32_t x, std::uint32_t y, bool strict, std::uint32_t link,
                                    std::string& reason) {
    const std::uint32_t rx = find(x), ry = find(y);
    if (rx != ry && ord_[rx] < ord_[ry]) {
        push_edge(rx, ry, strict, link);
        return true;
    }
    return repair_less(x, y, rx, ry, strict, link, reason);
}

// add_less() when y does not already come after x: searches only components ordered between
// y and x.
bool TemporalGraph::repair_less(std::uint32_t x, std::uint32_t y, std::uint32_t rx, std::uint32_t ry, bool strict,
                                std::uint32_t link, std::string& reason) {
    if (rx == ry) {
        if (!strict) return true;
        reason = point_name(x) + " is already known to equal " + point_name(y) + ", so it cannot be before it";
        return false;
    }
    // Forward from ry among components up to rx's position.
    auto& forward = scratch_.forward;
    auto& backward = scratch_.backward;
    auto& stack = scratch_.stack;
    forward.clear();
    forward.push_back(ry);
    backward.clear();
    backward.push_back(rx);
    stack.clear();
    stack.push_back(ry);
    Marks& seen = marks_c_;  // bit 1: forward from ry, bit 2: backward from rx (not the marks
                             // of contradiction_nearby(), which may run in between)
    seen.reset(parent_.size());
    seen.at(ry) = 1;
    const std::uint32_t lo = ord_[ry], hi = ord_[rx];
    std::size_t scanned = 0;  // edges looked at, by both searches
    const std::size_t limit = search_limit();
    const SearchSpend spend{search_spent_, scanned};
    while (!stack.empty()) {
        const std::uint32_t c = stack.back();
        stack.pop_back();
        for (const Edge& e : out(c)) {
            if (++scanned > limit) break;
            const std::uint32_t t = find(e.to);
            if (t == c || ord_[t] > hi) continue;
            auto& bits = seen.at(t);
            if (bits & 1) continue;
            bits |= 1;
            forward.push_back(t);
            stack.push_back(t);
        }
    }
    // Most refusals close a short cycle: look for it from both ends at once, expanding the
    // smaller frontier, which names the contradiction more directly than the full searches do.
    // Only when there may be a path y ⇝ x: the search above, within its bound, found none for
    // about half of the repairs, and then there is nothing to find; and not for x < y when
    // that search found one, which refuses it with the same reason.
    const bool found = scanned <= limit && (seen.get(rx) & 1);
    if ((scanned > limit || (found && !strict)) && contradiction_nearby(rx, ry, strict)) {
        reason = strict ? point_name(y) + " is already known to be at or before " + point_name(x)
                        : point_name(y) + " is already known to be before " + point_name(x);
        return false;
    }
    if (scanned > limit) {
        reason = "placing " + point_name(x) + " before " + point_name(y) + " would need a search of more than " +
                 std::to_string(limit) + " edges; left out to keep the graph work linear";
        return false;
    }
    const bool cycle = (seen.get(rx) & 1) != 0;
    if (cycle && strict) {
        reason = point_name(y) + " is already known to be at or before " + point_name(x);
        return false;
    }
    stack.clear();
    stack.push_back(rx);
    seen.at(rx) |= 2;
    while (!stack.empty()) {
        const std::uint32_t c = stack.back();
        stack.pop_back();
        for (const Edge& e : in(c)) {
            if (++scanned > limit) break;
            const std::uint32_t t = find(e.to);
            if (t == c || ord_[t] < lo) continue;
            auto& bits = seen.at(t);
            if (bits & 2) continue;
            bits |= 2;
            backward.push_back(t);
            stack.push_back(t);
        }
    }
    if (scanned > limit) {
        reason = "placing " + point_name(x) + " before " + point_name(y) + " would need a search of more than " +
                 std::to_string(limit) + " edges; left out to keep the graph work linear";
        return false;
    }
    auto& both = scratch_.both;  // components on a path y ⇝ x: they all become equal
    both.clear();
    if (cycle) {
        for (std::uint32_t c : forward)
            if (seen.get(c) == 3) both.push_back(c);
        for (std::uint32_t c : both)
            for (const Edge& e : out(c)) {
                const std::uint32_t t = find(e.to);
                if (t != c && e.strict && seen.get(t) == 3) {
                    reason = "equating " + point_name(x) + " and " + point_name(y) + " contradicts " +
                             point_name(c) + " being before " + point_name(t);
                    return false;
                }
            }
    }
    // Repair the order: components that reach x first, then the merged ones, then those y reaches.
    auto& slots = scratch_.slots;
    slots.clear();
    for (std::uint32_t c : forward) slots.push_back(ord_[c]);
    for (std::uint32_t c : backward)
        if (!(seen.get(c) & 1)) slots.push_back(ord_[c]);
    std::sort(slots.begin(), slots.end());
    auto by_ord = [&](std::uint32_t a, std::uint32_t b) { return ord_[a] < ord_[b]; };
    auto& before_part = scratch_.before_part;
    auto& after_part = scratch_.after_part;
    before_part.clear();
    after_part.clear();
    for (std::uint32_t c : backward)
        if (seen.get(c) != 3) before_part.push_back(c);
    for (std::uint32_t c : forward)
        if (seen.get(c) != 3) after_part.push_back(c);
    std::sort(before_part.begin(), before_part.end(), by_ord);
    std::sort(after_part.begin(), after_part.end(), by_ord);
    std::uint32_t rep = rx;
    if (cycle) {
        rep = *std::max_element(both.begin(), both.end(), [&](std::uint32_t a, std::uint32_t b) {
            return size_[a] != size_[b] ? size_[a] < size_[b] : a > b;
        });
        for (std::uint32_t c : both) {
            if (c == rep) continue;
            UndoStep step{UndoStep::merge, c, rep};
            step.old_size = size_[rep];
            step.out_tail = splice(out_head_, out_tail_, rep, c);
            step.in_tail = splice(in_head_, in_tail_, rep, c);
            undo_.push_back(step);
            parent_[c] = rep;
            size_[rep] += size_[c];
        }
    }
    auto set_ord = [&](std::uint32_t c, std::uint32_t o) {
        if (ord_[c] == o) return;
        undo_.push_back({UndoStep::order, c, ord_[c]});
        ord_[c] = o;
    };
    std::size_t next = 0;
    for (std::uint32_t c : before_part) set_ord(c, slots[next++]);
    if (cycle) set_ord(rep, slots[next]);
    next = slots.size() - after_part.size();
    for (std::uint32_t c : after_part) set_ord(c, slots[next++]);
    if (!cycle) push_edge(rx, ry, strict, link);            // (a strict cycle was refused above)
    else if (link != kIntrinsic) merged_by_.back() = 1;  // x and y are now one component
    return true;
}

std::optional<std::string> TemporalGraph::add(const TLink& link) {
    const auto a = static_cast<std::uint32_t>(entity(link.from));
    const auto b = static_cast<std::uint32_t>(entity(link.to));
    return add(link, a, b);
}

std::optional<std::string> TemporalGraph::add(const TLink& link, std::uint32_t a, std::uint32_t b) {
    return add_link(link, a, b, kNil);
}

std::optional<std::string> TemporalGraph::add_tagged(const TLink& link, std::uint32_t a, std::uint32_t b,
                                                     std::uint32_t tag) {
    return add_link(link, a, b, tag);
}

std::optional<std::string> TemporalGraph::add_link(const TLink& link, std::uint32_t a, std::uint32_t b,
                                                   std::uint32_t tag) {
    const std::uint8_t rel = rel_code(link.rel_type);
    const Constraints cs = constraints_of_code(rel, a, b, strict_inclusion_);
    if (!cs.known) return "unknown relType " + link.rel_type;
    if (a == b) {
        if (rel == kSimultaneous || rel == kIdentity || rel == kDuring || rel == kDuringInv ||
            (!strict_inclusion_ && (rel == kIncludes || rel == kIsIncluded)))
            return std::nullopt;
        return "relates " + link.from + " to itself";
    }
    const std::size_t mark = undo_.size();
    const auto id = static_cast<std::uint32_t>(accepted_.size());
    merged_by_.push_back(0);
    std::string reason;
    for (const PointConstraint& c : cs) {
        bool ok = true;
        switch (c.kind) {
            case PointConstraint::less: ok = add_less(c.x, c.y, true, id, reason); break;
            case PointConstraint::less_equal: ok = add_less(c.x, c.y, false, id, reason); break;
            case PointConstraint::equal:
                ok = add_less(c.x, c.y, false, id, reason) && add_less(c.y, c.x, false, id, reason);
                break;
        }
        if (!ok) {
            rollback(mark);
            merged_by_.pop_back();
            return reason;
        }
    }
    undo_.clear();
    constrained_ = true;
    if (tag == kNil) {
        accepted_.push_back({static_cast<std::uint32_t>(stored_.size()), kNil, rel});
        stored_.push_back(link);
    } else {
        accepted_.push_back({kNil, tag, rel});
    }
    accepted_ends_.emplace_back(a, b);
    return std::nullopt;
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> TemporalGraph::plan(
    const std::vector<TLink>& links, const std::vector<std::pair<std::uint32_t, std::uint32_t>>& point_orders) {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> ends;
    ends.reserve(links.size());
    for (const TLink& l : links)
        ends.emplace_back(static_cast<std::uint32_t>(entity(l.from)), static_cast<std::uint32_t>(entity(l.to)));
    plan_ends(links, ends, point_orders);
    return ends;
}

void TemporalGraph::plan_ends(const std::vector<TLink>& links, const std::vector<std::pair<std::uint32_t, std::uint32_t>>& ends,
                              const std::vector<std::pair<std::uint32_t, std::uint32_t>>& point_orders) {
    accepted_.reserve(accepted_.size() + links.size());
    accepted_ends_.reserve(accepted_ends_.size() + links.size());
    merged_by_.reserve(merged_by_.size() + links.size());
    if (constrained_) return;  // too late to reorder: constraints are in
    const std::size_t n = parent_.size();
    // Successor lists of the points under every constraint (both ways for an equality).
    auto& degree = scratch_.degree;
    auto& targets = scratch_.targets;
    auto& edges = scratch_.edges;
    degree.assign(n + 1, 0);
    // (At most four edges per link: written by index into room made once, each counted as
    // it is written.)
    edges.resize(n / 2 + links.size() * 4 + point_orders.size());
    std::size_t m = 0;
    auto add_edge = [&](std::uint32_t u, std::uint32_t v) {
        edges[m++] = {u, v};
        ++degree[u + 1];
    };
    for (std::uint32_t e = 0; e < n / 2; ++e) add_edge(2 * e, 2 * e + 1);
    for (std::size_t i = 0; i < links.size(); ++i) {
        const auto [a, b] = ends[i];
        for (const PointConstraint& c : constraints_of(links[i].rel_type, a, b, strict_inclusion_)) {
            add_edge(c.x, c.y);
            if (c.kind == PointConstraint::equal) add_edge(c.y, c.x);
        }
    }
    for (const auto& p : point_orders)
        if (p.first < n && p.second < n) add_edge(p.first, p.second);
    edges.resize(m);
    for (std::size_t i = 0; i < n; ++i) degree[i + 1] += degree[i];
    targets.resize(edges.size());
    // Each list filled from its end (edges taken last first, so each list keeps their order),
    // with the start of the next list as the cursor: it ends at the list's own start.
    for (auto it = edges.rbegin(); it != edges.rend(); ++it) targets[--degree[it->first + 1]] = it->second;
    for (std::size_t i = 0; i < n; ++i) degree[i] = degree[i + 1];
    degree[n] = static_cast<std::uint32_t>(edges.size());
    // Strongly connected components (Tarjan, iterative), which complete in reverse topological
    // order. Laid out component by component in topological order, every edge between two
    // components goes forward, and the order repairs stay within one component: a set of
    // points that will be merged, or the few a contradiction ties together.
    constexpr std::uint32_t kUnset = UINT32_MAX;
    auto& visit = scratch_.visit;
    visit.assign(n, {kUnset, 0, false});
    // The stack of members and the list of completed components as arrays with their own
    // counts (each point is pushed once; a separator per component): plain stores, where
    // push_back and resize were calls.
    auto& members = scratch_.members;
    auto& completed = scratch_.completed;
    auto& frames = scratch_.frames;  // point, next edge
    members.resize(n);
    completed.resize(2 * n);
    std::size_t stacked = 0, done_count = 0;
    frames.resize(n);  // (each point is entered once: at most n deep)
    std::size_t depth = 0;
    std::uint32_t counter = 0;
    for (std::uint32_t root = 0; root < n; ++root) {
        if (visit[root].index != kUnset) continue;
        visit[root].index = visit[root].low = counter++;
        members[stacked++] = root;
        visit[root].on_stack = true;
        frames[depth++] = {root, degree[root]};
        while (depth > 0) {
            auto& [u, next] = frames[depth - 1];
            if (next < degree[u + 1]) {
                const std::uint32_t v = targets[next++];
                if (visit[v].index == kUnset) {
                    visit[v].index = visit[v].low = counter++;
                    members[stacked++] = v;
                    visit[v].on_stack = true;
                    frames[depth++] = {v, degree[v]};
                } else if (visit[v].on_stack) {
                    visit[u].low = std::min(visit[u].low, visit[v].index);
                }
                continue;
            }
            const std::uint32_t done = u;
            --depth;
            if (depth > 0) {
                auto& parent = visit[frames[depth - 1].first];
                parent.low = std::min(parent.low, visit[done].low);
            }
            if (visit[done].low != visit[done].index) continue;
            // `done` roots a component: its members are on the stack above it.
            std::size_t start = stacked - 1;
            while (members[start] != done) --start;
            completed[done_count++] = kUnset;  // component separator
            for (std::size_t k = start; k < stacked; ++k) {
                visit[members[k]].on_stack = false;
                completed[done_count++] = members[k];
            }
            stacked = start;
        }
    }
    // Components in topological order (reverse of completion), members in discovery order.
    std::uint32_t position = 0;
    std::size_t end = done_count;
    while (end > 0) {
        std::size_t begin = end;
        while (completed[begin - 1] != kUnset) --begin;
        for (std::size_t k = begin; k < end; ++k) ord_[completed[k]] = position++;
        end = begin - 1;
    }
    // The only edges already in the graph, start < end, must go forward even where a cycle
    // of the planned constraints turned them round.
    for (std::size_t e = 0; e < n / 2; ++e)
        if (ord_[2 * e] > ord_[2 * e + 1]) std::swap(ord_[2 * e], ord_[2 * e + 1]);
    next_ord_ = static_cast<std::uint32_t>(n);
}

std::optional<std::string> TemporalGraph::add_point_order(std::uint32_t x, std::uint32_t y, bool strict) {
    std::string reason;
    const std::size_t mark = undo_.size();
    if (!add_less(x, y, strict, kIntrinsic, reason)) {
        rollback(mark);
        return reason;
    }
    undo_.clear();
    constrained_ = true;
    return std::nullopt;
}

bool TemporalGraph::entails(const TLink& link, std::uint32_t a, std::uint32_t b) const {
    const Constraints cs = constraints_of(link.rel_type, a, b, strict_inclusion_);
    if (!cs.known) return false;
    for (const PointConstraint& c : cs) {
        const std::uint32_t rx = find(c.x), ry = find(c.y);
        if (c.kind == PointConstraint::equal) {
            if (rx != ry) return false;
        } else if (rx == ry) {
            if (c.kind == PointConstraint::less) return false;
        } else if (!path_between(rx, ry, c.kind == PointConstraint::less, [](const Edge&) { return true; })) {
            return false;
        }
    }
    return true;
}

const std::vector<std::uint8_t>& TemporalGraph::reduction() const {
    std::vector<std::uint8_t>& dropped = scratch_.dropped;
    dropped.assign(accepted_.size(), 0);
    // Is there a path rx ⇝ ry (with a strict edge when `strict`) that uses no edge of link
    // `self` nor of a dropped link? Searched from both ends, so a hub (the DCT) costs little.
    auto alternative = [&](std::uint32_t rx, std::uint32_t ry, bool strict, std::uint32_t self) {
        auto usable = [&](const Edge& e) { return e.link != self && (e.link == kIntrinsic || !dropped[e.link]); };
        // Most links are the only way out of rx or into ry (an event with one link): without a
        // usable edge at both ends within the range searched there is no path, and the search
        // (with its setup) is spared. Only short lists are read through: a hub's list (thousands
        // of equal times merged in a pathological document) is left to the bounded search, so
        // the work stays linear.
        constexpr int kMaxLook = 64;
        const std::uint32_t lo = ord_[rx], hi = ord_[ry];
        auto has_exit = [&](std::uint32_t c, EdgeRange edges) {
            int looked = 0;
            for (const Edge& e : edges) {
                if (++looked > kMaxLook) return true;  // (maybe: let the search say)
                if (!usable(e)) continue;
                const std::uint32_t t = find(e.to);
                if (t != c && ord_[t] >= lo && ord_[t] <= hi) return true;
            }
            return false;
        };
        if (!has_exit(ry, in(ry)) || !has_exit(rx, out(rx))) return false;
        return path_between(rx, ry, strict, usable);
    };
    // Latest first, so that of two links that say the same thing the earlier stays.
    for (std::uint32_t i = static_cast<std::uint32_t>(accepted_.size()); i-- > 0;) {
        const auto [a, b] = accepted_ends_[i];
        bool redundant = a != b;
        if (redundant && merged_by_[i]) redundant = false;
        if (redundant) {
            const Constraints cs = constraints_of_code(accepted_[i].rel, a, b, strict_inclusion_);
            for (const PointConstraint& c : cs) {
                const std::uint32_t rx = find(c.x), ry = find(c.y);
                if (rx == ry) {
                    // Inside one component of equal points. An equality this link found already
                    // true when it came is owed to earlier links; any other constraint may be
                    // one of the edges that made the points equal, so the link stays.
                    if (c.kind == PointConstraint::equal) continue;
                    redundant = false;
                    break;
                }
                if (!alternative(rx, ry, c.kind == PointConstraint::less, i)) {
                    redundant = false;
                    break;
                }
            }
        }
        if (redundant) dropped[i] = 1;
    }
    return dropped;
}

std::vector<TLink> TemporalGraph::reduced_links() const {
    const std::vector<std::uint8_t>& dropped = reduction();
    std::vector<TLink> out;
    for (std::uint32_t i = 0; i < accepted_.size(); ++i)
        if (!dropped[i] && accepted_[i].stored != kNil) out.push_back(stored_[accepted_[i].stored]);
    return out;
}

std::vector<std::uint32_t> TemporalGraph::reduced_tags() const {
    std::vector<std::uint32_t> out;
    reduced_tags(out);
    return out;
}

void TemporalGraph::reduced_tags(std::vector<std::uint32_t>& out) const {
    const std::vector<std::uint8_t>& dropped = reduction();
    out.clear();
    for (std::uint32_t i = 0; i < accepted_.size(); ++i)
        if (!dropped[i] && accepted_[i].tag != kNil) out.push_back(accepted_[i].tag);
}


// --- closure ------------------------------------------------------------------------------------

PointClosure::PointClosure(const TemporalGraph& graph) : graph_(&graph) {
    const auto order = graph.components_in_order();
    words_ = (order.size() + 63) / 64;
    slot_.assign(graph.parent_.size(), 0);
    for (std::uint32_t i = 0; i < order.size(); ++i) slot_[order[i]] = i;
    reach_.assign(order.size() * words_, 0);
    strict_.assign(order.size() * words_, 0);
    for (std::size_t k = order.size(); k-- > 0;) {
        const std::uint32_t c = order[k];
        std::uint64_t* r = &reach_[k * words_];
        std::uint64_t* s = &strict_[k * words_];
        r[k / 64] |= std::uint64_t{1} << (k % 64);
        for (const auto& e : graph.out(c)) {
            const std::uint32_t t = graph.find(e.to);
            if (t == c) continue;
            const std::size_t j = slot_[t];
            const std::uint64_t* rt = &reach_[j * words_];
            const std::uint64_t* st = e.strict ? rt : &strict_[j * words_];
            for (std::size_t w = 0; w < words_; ++w) {
                r[w] |= rt[w];
                s[w] |= st[w];
            }
        }
    }
}

bool PointClosure::less(std::uint32_t x, std::uint32_t y) const {
    const std::size_t i = slot_[graph_->find(x)], j = slot_[graph_->find(y)];
    return (strict_[i * words_ + j / 64] >> (j % 64)) & 1;
}
bool PointClosure::less_equal(std::uint32_t x, std::uint32_t y) const {
    const std::size_t i = slot_[graph_->find(x)], j = slot_[graph_->find(y)];
    return (reach_[i * words_ + j / 64] >> (j % 64)) & 1;
}

bool PointClosure::entails(std::size_t a, std::string_view rel, std::size_t b) const {
    const Constraints cs = constraints_of(rel, static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(b), graph_->strict_inclusion_);
    if (!cs.known) return false;
    for (const PointConstraint& c : cs) {
        switch (c.kind) {
            case PointConstraint::less:
                if (!less(c.x, c.y)) return false;
                break;
            case PointConstraint::less_equal:
                if (!less_equal(c.x, c.y)) return false;
                break;
            case PointConstraint::equal:
                if (graph_->find(c.x) != graph_->find(c.y)) return false;
                break;
        }
    }
    return true;
}

std::string PointClosure::relation(std::size_t a, std::size_t b) const {
    static constexpr std::array<std::string_view, 11> order{"SIMULTANEOUS", "BEFORE",   "AFTER",    "IBEFORE",
                                                             "IAFTER",       "BEGINS",   "BEGUN_BY", "ENDS",
                                                             "ENDED_BY",     "INCLUDES", "IS_INCLUDED"};
    if (a == b) return {};
    for (std::string_view r : order)
        if (entails(a, r, b)) return std::string(r);
    return {};
}

}  // namespace chronoline
