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
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "chronoline/document.hpp"
#include "chronoline/eval.hpp"
#include "chronoline/graph.hpp"
#include "links/link_features.hpp"
#include "links/link_model.hpp"

namespace chronoline::links {

// Per sentence of doc.analysis, its main event (index into doc.events), -1 when none: the first
// finite verb of the sentence, else its first event (the notion DocumentView::main_event has).
std::vector<int> sentence_main_events(const Document& doc);

// The discourse words, as lower-case token sequences.
struct DiscourseWords {
    std::vector<std::vector<std::string>> phrases;
    std::vector<std::uint64_t> phrase_hash;  // of each phrase's words: its feature, whatever its line
    // The phrases by their first word (in file order), found through a small open-addressing
    // table keyed by the word's length and end bytes: no hash of the word, no search.
    struct FirstWord {
        std::string word;
        std::vector<std::uint32_t> phrases;
    };
    std::vector<FirstWord> first_words;
    std::vector<std::uint16_t> first_word_slots;  // 0 empty, else 1 + index into first_words
    [[nodiscard]] static std::size_t slot_key(std::string_view w) {
        return w.size() * 131u + static_cast<unsigned char>(w[0]) * 31u + static_cast<unsigned char>(w.back()) * 7u;
    }
    [[nodiscard]] const FirstWord* find_first_word(std::string_view w) const {  // (w not empty)
        if (first_word_slots.empty()) return nullptr;
        const std::size_t mask = first_word_slots.size() - 1;
        for (std::size_t i = slot_key(w) & mask;; i = (i + 1) & mask) {
            const std::uint16_t slot = first_word_slots[i];
            if (slot == 0) return nullptr;
            const FirstWord& f = first_words[slot - 1u];
            if (same(f.word, w)) return &f;
        }
    }
    // A cheap first test: the first bytes and lengths of the phrases' first words.
    std::array<std::uint64_t, 4> first_bytes{};
    std::uint64_t lengths = 0;  // bit n: a first word of n bytes (n < 64)
    [[nodiscard]] bool may_open(std::string_view w) const {
        const auto c = static_cast<unsigned char>(w[0]);
        return w.size() < 64 && ((lengths >> w.size()) & 1) && ((first_bytes[c >> 6] >> (c & 63)) & 1);
    }
    static DiscourseWords load(const std::filesystem::path& file);  // throws resource_error
};

class AdjacentEventModel {
public:
    static constexpr std::size_t kClasses = 3;  // BEFORE, AFTER, NONE (first event to second)
    using Scores = std::array<double, kClasses>;
    using Table = BasicWeightTable<Scores>;
    [[nodiscard]] Scores score(const std::vector<std::uint64_t>& features) const;
    [[nodiscard]] double threshold() const { return threshold_; }
    void set_threshold(double t) { threshold_ = t; }
    void read(std::string_view content, std::string_view name);  // throws resource_error
    void write(std::ostream& out) const;
    std::unordered_map<std::uint64_t, std::array<double, kClasses>>& weights() { return weights_; }
    // Lays the weights out for score() (read() does it; call it after filling weights()).
    void index();
    // The weights as score() reads them: the links model's table, with rows of doubles.
    [[nodiscard]] const Table& table() const { return table_; }

private:
    std::unordered_map<std::uint64_t, std::array<double, kClasses>> weights_;
    Table table_;
    double threshold_ = 0;
};

// What the features read of a sentence's first DATE/TIME: its relation to the DCT
// ("no-time", "unknown", BEFORE, AFTER, OVERLAP) and its stretch.
struct SentenceTime {
    std::string_view vs_dct = "no-time";
    std::optional<TimeInterval> interval;
};
// The SentenceTime of each sentence of doc.analysis.
std::vector<SentenceTime> sentence_times(const Document& doc);

// The features of an ordered pair of events (a before b in the text), given their sentences'
// times.
void adjacent_features(const Document& doc, const DiscourseWords& words, std::size_t a, std::size_t b,
                       const SentenceTime& time_a, const SentenceTime& time_b, std::vector<std::uint64_t>& out);

struct AdjacentLink {
    std::uint32_t from, to;  // event indices, from earlier in the text
    const char* rel;         // BEFORE or AFTER
    double margin;
};

// The links the model makes between the main events of each pair of adjacent sentences
// (DocumentView::main_event), appended to `out`: what the sieve calls, reading the sentences'
// times and events off the view it has built anyway; no allocation but out's.
void adjacent_event_links(const DocumentView& view, const DiscourseWords& words, const AdjacentEventModel& model,
                          std::vector<AdjacentLink>& out);
// The same, for a document alone (builds a DocumentView over empty link resources).
std::vector<AdjacentLink> adjacent_event_links(const Document& doc, const DiscourseWords& words,
                                               const AdjacentEventModel& model);

// Trains on every MATRES pair of events in adjacent sentences of the gold documents (keyed by
// Document::name) and writes the model with its threshold.
void train_adjacent_event_model(const std::vector<Document>& gold, const MatresCorpus& matres,
                                const DiscourseWords& words, std::ostream& out, int epochs = 10, unsigned seed = 1);

}  // namespace chronoline::links
