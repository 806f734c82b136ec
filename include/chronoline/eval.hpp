// `chronoline eval`: TempEval-3 measures of a system document against a gold one, accumulated
// over a corpus. Each family of measures is implemented beside the stage it measures.
#pragma once
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

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

// MATRES (Ning, Wu & Roth 2018): the order of the start points of two verb events of one
// document, named by eiid, as BEFORE, AFTER, EQUAL or VAGUE.
struct MatresPair {
    std::string eiid1, eiid2;
    std::string relation;
};
// The pairs of each document, keyed by document id (the gold file's name without ".tml").
using MatresCorpus = std::unordered_map<std::string, std::vector<MatresPair>>;
// Reads MATRES's tab-separated lines "doc word1 word2 eiid1 eiid2 RELATION" (eiids as bare
// numbers, "ei" added), appending to `into`; throws input_error "line N: <problem>" on a bad
// line (the caller names the file).
void read_matres(std::string_view content, MatresCorpus& into);

// The event-ordering measure against MATRES, the usual way: over the MATRES pairs whose two
// events the system also has (mapped by overlapping spans), the system's start-point relation
// read off the closure of its links (BEFORE, AFTER, EQUAL, or NONE when the closure fixes
// none) against MATRES's, VAGUE counting as no relation: precision = right / system's
// non-NONE answers, recall = right / MATRES's non-VAGUE pairs. Kept apart by the distance in
// sentences of the two events (0 the same sentence, 1 adjacent ones, 2 farther).
struct MatresEval {
    static constexpr std::array<std::string_view, 4> kLabels{"BEFORE", "AFTER", "EQUAL", "NONE"};
    struct Counts {
        std::size_t pairs = 0, found = 0;            // MATRES pairs; those whose events the system has
        std::array<std::array<std::size_t, 4>, 4> confusion{};  // [MATRES, VAGUE as NONE][system]
        [[nodiscard]] Prf prf() const;
        [[nodiscard]] std::size_t gold_of(std::size_t label) const;
        [[nodiscard]] std::size_t system_of(std::size_t label) const;
        void merge(const Counts& o);
    };
    std::array<Counts, 3> by_distance{};
    std::size_t documents_without_pairs = 0;
    void add(const std::vector<MatresPair>& pairs, const Document& gold_doc, const Document& system_doc);
    [[nodiscard]] Counts all() const;
};

}  // namespace chronoline
