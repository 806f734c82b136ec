// The ordered timeline the graph stage (src/graph) builds from a document's times, events and
// links, and every exporter (src/export) reads.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "chronoline/document.hpp"

namespace chronoline {

struct TimelineEntry {
    // The anchor's TIMEX3 value ("2018-07-16", "2018-FA", "2016") when the entry's events are
    // known to fall within one time; empty when they are only bounded.
    std::string value;
    // Bounds, as TIMEX3 values, when the anchor is not a single time: the events fall after
    // `after` and before `before` (either may be empty = unbounded).
    std::string after;
    std::string before;
    // When the events are known to span a time (to begin at or before it and end at or after it)
    // and nothing, or only one side, bounds them otherwise: that time's TIMEX3 value ("the
    // company owns three plants": the DCT). Empty otherwise; never set with `value`, `after` or
    // `before`.
    std::string spans;
    std::string label;                    // human-readable anchor ("Monday, July 16, 2018")
    std::vector<std::size_t> events;      // indices into Document::events, in text order
    std::vector<std::size_t> timexes;     // indices into Document::timexes that name the anchor
    std::size_t rank = 0;                 // position in the partial order; entries of equal
                                          // rank are not ordered against each other
};

struct RejectedLink {
    TLink link;
    std::string reason;  // why adding it would have made the graph inconsistent
};

struct Timeline {
    std::string dct_value;
    std::vector<TimelineEntry> entries;   // earliest first
    std::vector<std::size_t> unordered;   // events that could be neither anchored nor ordered
    std::vector<TLink> reduced_links;     // transitive reduction of the consistent graph
    std::vector<RejectedLink> rejected;   // links left out, in the order they were tried
};

}  // namespace chronoline
