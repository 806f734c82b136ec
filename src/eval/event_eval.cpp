// Event measures (TempEval-3 style). A system event matches a gold one strictly when their spans
// are equal and in the relaxed sense when they overlap; precision counts matched system events,
// recall matched gold events. Class, tense, aspect and polarity accuracy are over the gold
// events that have a relaxed match, compared with the system event matched to them (the one
// with the most overlap).
#include <algorithm>

#include "chronoline/eval.hpp"

namespace chronoline {
namespace {

std::uint32_t overlap(const Span& a, const Span& b) {
    const std::uint32_t lo = std::max(a.begin, b.begin), hi = std::min(a.end, b.end);
    return hi > lo ? hi - lo : 0;
}

// For each event of `from`, the index of the event of `to` that overlaps it most (-1 if none)
// and whether one has the very same span. Both lists are in text order.
void match(const std::vector<Event>& from, const std::vector<Event>& to, std::vector<long>& best,
           std::vector<bool>& exact) {
    best.assign(from.size(), -1);
    exact.assign(from.size(), false);
    std::size_t start = 0;
    for (std::size_t i = 0; i < from.size(); ++i) {
        const Span& s = from[i].span;
        while (start < to.size() && to[start].span.end <= s.begin) ++start;
        std::uint32_t most = 0;
        for (std::size_t j = start; j < to.size() && to[j].span.begin < s.end; ++j) {
            const Span& o = to[j].span;
            if (o == s) exact[i] = true;
            const std::uint32_t ov = overlap(s, o);
            if (ov > most || (ov == 0 && s.size() == 0 && o == s)) {
                most = ov;
                best[i] = static_cast<long>(j);
            }
        }
    }
}

std::vector<Event> sorted_events(const std::vector<Event>& events) {
    std::vector<Event> v = events;
    std::stable_sort(v.begin(), v.end(), [](const Event& a, const Event& b) { return a.span.begin < b.span.begin; });
    return v;
}

double ratio(std::size_t a, std::size_t b) { return b ? static_cast<double>(a) / static_cast<double>(b) : 0.0; }

}  // namespace

void EventEval::add(const Document& gold_doc, const Document& system_doc) {
    const auto g = sorted_events(gold_doc.events);
    const auto s = sorted_events(system_doc.events);
    gold += g.size();
    system += s.size();
    std::vector<long> best;
    std::vector<bool> exact;
    match(s, g, best, exact);
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (exact[i]) ++strict_system;
        if (best[i] >= 0) ++relaxed_system;
    }
    match(g, s, best, exact);
    for (std::size_t i = 0; i < g.size(); ++i) {
        if (exact[i]) ++strict_gold;
        if (best[i] < 0) continue;
        ++relaxed_gold;
        const Event& a = g[i];
        const Event& b = s[static_cast<std::size_t>(best[i])];
        if (a.event_class == b.event_class) ++class_correct;
        if (a.tense == b.tense) ++tense_correct;
        if (a.aspect == b.aspect) ++aspect_correct;
        if (a.polarity == b.polarity) ++polarity_correct;
    }
}

Prf EventEval::strict() const {
    return Prf::of(static_cast<double>(strict_system), static_cast<double>(system), static_cast<double>(strict_gold),
                   static_cast<double>(gold));
}
Prf EventEval::relaxed() const {
    return Prf::of(static_cast<double>(relaxed_system), static_cast<double>(system),
                   static_cast<double>(relaxed_gold), static_cast<double>(gold));
}
double EventEval::class_accuracy() const { return ratio(class_correct, relaxed_gold); }
double EventEval::tense_accuracy() const { return ratio(tense_correct, relaxed_gold); }
double EventEval::aspect_accuracy() const { return ratio(aspect_correct, relaxed_gold); }
double EventEval::polarity_accuracy() const { return ratio(polarity_correct, relaxed_gold); }

}  // namespace chronoline
