// The sieve's step for the main events of adjacent sentences: an averaged perceptron over
// general features of the two events (class, tense, aspect, modality, part of speech, word),
// the discourse words before the second one (resources/en/links/discourse_words.txt), and the
// times of the two sentences (each against the DCT, and against each other), trained on MATRES
// start-point orders of one corpus (`chronoline train adjacent --matres FILE GOLD…`). It says
// BEFORE, AFTER or nothing; a link is made only when its answer wins by the model's threshold,
// chosen on the training corpus by two-fold cross-validation (the smallest margin above which
// the held-out fold's main-event orders are right at least 85% of the time). The model file
// (resources/models/adjacent.model) holds feature hashes, weights and that threshold only; the
// step is off when the resources hold no such file.
#pragma once
#include <array>
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "chronoline/document.hpp"
#include "chronoline/eval.hpp"

namespace chronoline::links {

// Per sentence of doc.analysis, its main event (index into doc.events), -1 when none: the first
// finite verb of the sentence, else its first event (the notion DocumentView::main_event has).
std::vector<int> sentence_main_events(const Document& doc);

// The discourse words, as lower-case token sequences.
struct DiscourseWords {
    std::vector<std::vector<std::string>> phrases;
    static DiscourseWords load(const std::filesystem::path& file);  // throws resource_error
};

class AdjacentEventModel {
public:
    static constexpr std::size_t kClasses = 3;  // BEFORE, AFTER, NONE (first event to second)
    using Scores = std::array<double, kClasses>;
    [[nodiscard]] Scores score(const std::vector<std::uint64_t>& features) const;
    [[nodiscard]] double threshold() const { return threshold_; }
    void set_threshold(double t) { threshold_ = t; }
    void read(std::string_view content, std::string_view name);  // throws resource_error
    void write(std::ostream& out) const;
    std::unordered_map<std::uint64_t, std::array<double, kClasses>>& weights() { return weights_; }

private:
    std::unordered_map<std::uint64_t, std::array<double, kClasses>> weights_;
    double threshold_ = 0;
};

// The features of an ordered pair of events (a before b in the text), each sentence's first
// DATE/TIME given (index into doc.timexes, -1 when none).
void adjacent_features(const Document& doc, const DiscourseWords& words, std::size_t a, std::size_t b,
                       int time_a, int time_b, std::vector<std::uint64_t>& out);

struct AdjacentLink {
    std::uint32_t from, to;  // event indices, from earlier in the text
    const char* rel;         // BEFORE or AFTER
    double margin;
};

// The links the model makes between the main events of each pair of adjacent sentences.
std::vector<AdjacentLink> adjacent_event_links(const Document& doc, const DiscourseWords& words,
                                               const AdjacentEventModel& model);

// Trains on every MATRES pair of events in adjacent sentences of the gold documents (keyed by
// Document::name) and writes the model with its threshold.
void train_adjacent_event_model(const std::vector<Document>& gold, const MatresCorpus& matres,
                                const DiscourseWords& words, std::ostream& out, int epochs = 10, unsigned seed = 1);

}  // namespace chronoline::links
