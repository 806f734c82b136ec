// PLACEHOLDER until the graph stage lands.
#include "chronoline/graph.hpp"

namespace chronoline {
Timeline build_timeline(const Document& doc) { Timeline t; t.dct_value = doc.dct_value; return t; }
std::vector<TLink> temporal_closure(const std::vector<TLink>& links) { return links; }
}  // namespace chronoline
