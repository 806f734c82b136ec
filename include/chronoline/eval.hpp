// `chronoline eval`: TempEval-3 measures of a system document against a gold one, accumulated
// over a corpus. Each family of measures is implemented beside the stage it measures.
#pragma once
#include <cstddef>

#include "chronoline/document.hpp"

namespace chronoline {

struct Prf {
    double precision = 0, recall = 0, f1 = 0;
    static Prf of(double correct_p, double system, double correct_r, double gold);
};

// Time expressions (the DCT excluded). Relaxed: spans overlap; strict: spans equal. Type and
// value accuracy are over relaxed matches; value P/R/F1 count a timex only when its span
// overlaps a gold one and its value is equal.
struct TimexEval {
    std::size_t gold = 0, system = 0;
    std::size_t strict_system = 0, strict_gold = 0;    // matched, counted on each side
    std::size_t relaxed_system = 0, relaxed_gold = 0;
    std::size_t type_correct = 0, value_correct = 0;   // among relaxed matches (gold side)
    void add(const Document& gold_doc, const Document& system_doc);
    [[nodiscard]] Prf strict() const;
    [[nodiscard]] Prf relaxed() const;
    [[nodiscard]] Prf value() const;
    [[nodiscard]] double type_accuracy() const;
    [[nodiscard]] double value_accuracy() const;
};

// Events. Attribute accuracies are over relaxed matches.
struct EventEval {
    std::size_t gold = 0, system = 0;
    std::size_t strict_system = 0, strict_gold = 0;
    std::size_t relaxed_system = 0, relaxed_gold = 0;
    std::size_t class_correct = 0, tense_correct = 0, aspect_correct = 0, polarity_correct = 0;
    void add(const Document& gold_doc, const Document& system_doc);
    [[nodiscard]] Prf strict() const;
    [[nodiscard]] Prf relaxed() const;
    [[nodiscard]] double class_accuracy() const;
    [[nodiscard]] double tense_accuracy() const;
    [[nodiscard]] double aspect_accuracy() const;
    [[nodiscard]] double polarity_accuracy() const;
};

// Temporal awareness (UzZaman & Allen 2011): precision = system links verified by the gold
// graph's closure, recall = gold links (reduced) captured by the system graph's closure. System
// entities are mapped to the gold ones they overlap before comparing.
struct LinkEval {
    double precision_hits = 0, system_links = 0;
    double recall_hits = 0, gold_links = 0;
    void add(const Document& gold_doc, const Document& system_doc);
    [[nodiscard]] Prf awareness() const;
};

}  // namespace chronoline
