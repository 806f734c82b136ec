// PLACEHOLDER until the timex stage's scorer lands (src/eval/timex_eval.cpp replaces this file).
#include "chronoline/eval.hpp"
namespace chronoline {
void TimexEval::add(const Document&, const Document&) {}
Prf TimexEval::strict() const { return {}; }
Prf TimexEval::relaxed() const { return {}; }
Prf TimexEval::value() const { return {}; }
double TimexEval::type_accuracy() const { return 0; }
double TimexEval::value_accuracy() const { return 0; }
}  // namespace chronoline
