// TempEval-3 time-expression measures (UzZaman et al. 2013): strict = equal spans, relaxed =
// overlapping spans; type and value are judged on relaxed matches.
#include "chronoline/eval.hpp"

namespace chronoline {
namespace {

// The system timex that best overlaps `g`: an equal span first, else the largest overlap.
const Timex* best_overlap(const Timex& g, const std::vector<Timex>& system) {
    const Timex* best = nullptr;
    std::uint32_t best_overlap = 0;
    for (const auto& s : system) {
        if (!s.span.overlaps(g.span)) continue;
        if (s.span == g.span) return &s;
        const std::uint32_t o = std::min(s.span.end, g.span.end) - std::max(s.span.begin, g.span.begin);
        if (o > best_overlap) { best_overlap = o; best = &s; }
    }
    return best;
}

bool is_dct(const Timex& t) { return t.tid == "t0"; }

}  // namespace

void TimexEval::add(const Document& gold_doc, const Document& system_doc) {
    for (const auto& s : system_doc.timexes) {
        if (is_dct(s)) continue;
        ++system;
        bool strict_hit = false, relaxed_hit = false;
        for (const auto& g : gold_doc.timexes) {
            if (is_dct(g)) continue;
            if (g.span == s.span) strict_hit = true;
            if (g.span.overlaps(s.span)) relaxed_hit = true;
        }
        strict_system += strict_hit;
        relaxed_system += relaxed_hit;
    }
    for (const auto& g : gold_doc.timexes) {
        if (is_dct(g)) continue;
        ++gold;
        bool strict_hit = false;
        for (const auto& s : system_doc.timexes)
            if (!is_dct(s) && s.span == g.span) strict_hit = true;
        strict_gold += strict_hit;
        const Timex* s = best_overlap(g, system_doc.timexes);
        if (!s || is_dct(*s)) continue;
        ++relaxed_gold;
        type_correct += s->type == g.type;
        value_correct += s->value == g.value;
    }
}

Prf TimexEval::strict() const {
    return Prf::of(static_cast<double>(strict_system), static_cast<double>(system), static_cast<double>(strict_gold),
                   static_cast<double>(gold));
}
Prf TimexEval::relaxed() const {
    return Prf::of(static_cast<double>(relaxed_system), static_cast<double>(system), static_cast<double>(relaxed_gold),
                   static_cast<double>(gold));
}
// A timex counts when its span overlaps a gold one and its value is equal (TempEval-3's value F1).
Prf TimexEval::value() const {
    return Prf::of(static_cast<double>(value_correct), static_cast<double>(system), static_cast<double>(value_correct),
                   static_cast<double>(gold));
}
double TimexEval::type_accuracy() const { return relaxed_gold ? static_cast<double>(type_correct) / relaxed_gold : 0.0; }
double TimexEval::value_accuracy() const { return relaxed_gold ? static_cast<double>(value_correct) / relaxed_gold : 0.0; }

}  // namespace chronoline
