// Stage 4: the event/time graph. Entities are intervals; relations constrain their start and
// end points (point algebra). Links go in by confidence; one that would contradict the graph is
// rejected with a reason, so the graph is always consistent.
#pragma once
#include <string>
#include <vector>

#include "chronoline/document.hpp"
#include "chronoline/timeline.hpp"

namespace chronoline {

// Builds the consistent graph of doc.timexes, doc.events, doc.links and the DCT ("t0"), and
// reads the timeline off it.
Timeline build_timeline(const Document& doc);

// Every interval relation entailed by `links` (TimeML relTypes), for temporal-awareness
// scoring: the closure of the consistent subset, as links between the named entities.
std::vector<TLink> temporal_closure(const std::vector<TLink>& links);

}  // namespace chronoline
