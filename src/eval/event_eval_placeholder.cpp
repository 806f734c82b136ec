// PLACEHOLDER until the events stage's scorer lands (src/eval/event_eval.cpp replaces this file).
#include "chronoline/eval.hpp"
namespace chronoline {
void EventEval::add(const Document&, const Document&) {}
Prf EventEval::strict() const { return {}; }
Prf EventEval::relaxed() const { return {}; }
double EventEval::class_accuracy() const { return 0; }
double EventEval::tense_accuracy() const { return 0; }
double EventEval::aspect_accuracy() const { return 0; }
double EventEval::polarity_accuracy() const { return 0; }
}  // namespace chronoline
