// PLACEHOLDER until the links stage's scorer lands (src/eval/link_eval.cpp replaces this file).
#include "chronoline/eval.hpp"
namespace chronoline {
void LinkEval::add(const Document&, const Document&) {}
Prf LinkEval::awareness() const { return {}; }
}  // namespace chronoline
