// The learned part of the events stage: an averaged perceptron over hashed features of a token
// and its context. One weight row per feature bucket holds two heads: the event class (or "not
// an event") and the event's part of speech. The model file holds these weights only.
#pragma once
#include <array>
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <string_view>
#include <vector>

#include "chronoline/text.hpp"
#include "events/pos_tagger.hpp"

namespace chronoline::events {

// Class head: 0 = not an event, then the TimeML classes.
inline constexpr std::array<std::string_view, 8> kClassLabels = {
    "", "OCCURRENCE", "REPORTING", "STATE", "I_ACTION", "I_STATE", "ASPECTUAL", "PERCEPTION"};
// Part-of-speech head (TimeML MAKEINSTANCE pos).
inline constexpr std::array<std::string_view, 4> kPosLabels = {"VERB", "NOUN", "ADJECTIVE", "OTHER"};

inline constexpr std::size_t kClassOutputs = kClassLabels.size();
inline constexpr std::size_t kPosOutputs = kPosLabels.size();
inline constexpr std::size_t kOutputs = kClassOutputs + kPosOutputs;
inline constexpr std::size_t kMaxFeatures = 48;
// Changes whenever the feature templates change, so an old model file is refused, not misread.
inline constexpr std::uint32_t kFeatureVersion = 12;

// May the token be an event at all? Punctuation, numbers and function words never are, nor
// names. analyze_tokens computes it (candidate_word) for every token.
inline bool is_candidate(const TextAnalysis&, const std::vector<TokenFacts>& facts, std::size_t i) {
    return facts[i].candidate;
}

// Writes the hashed feature buckets of token `i` to `out` (at most kMaxFeatures); returns how many.
std::size_t extract_features(const TextAnalysis& analysis, const std::vector<TokenFacts>& facts, std::size_t i,
                             std::uint32_t bucket_mask, std::uint32_t* out);

// Values a window position takes: the parts of speech, and the sentence edge.
inline constexpr std::size_t kPosValues = 17;
// Values of what governs a token (context_signature in event_model.cpp, as an index): a part of
// speech, the sentence's start, or a closed-class tag.
inline constexpr std::size_t kContextValues = kPosValues + 1 + 16;
inline constexpr std::size_t kVerbForms = 8;
inline constexpr std::size_t kShapes = 16;
inline constexpr std::size_t kHintValues = 128;    // the six class hints and "nominal", as bits
inline constexpr std::size_t kWordnetValues = 64;  // WordInfo's 6-bit WordNet class ids

// The features of one token for scoring (the same features as extract_features). Most of them
// take few values (parts of speech, verb form, shape, lexicon hints, WordNet classes, and their
// products): for those only the index of their value is kept, and EventModel reads the summed
// weights of every feature of that value from a small table built when the model loads, which
// stays in the cache, instead of hashing each feature and reading its row from the big table.
// Only the features of open vocabularies (word, lemma, affixes, the words around) are hashed.
// Both kinds come in a fixed number, so that scoring is loops of fixed length: a loop whose
// length changes from token to token ends with a mispredicted branch.
inline constexpr std::size_t kScoredBuckets = 9;  // word, lemma, suffix, prefix, 3 around, 2 with pos
// The dense tables, one after the other in one array (their sizes, in this order): the
// part-of-speech window (before, this, after) as two pairs, the bias and five features, two
// tables of 17 x 17 entries rather than one of 17^3, which does not stay in the cache (pos
// before x pos: bias, pos, pos before, both; pos x pos after: pos after, both); shape; verb
// form x pos; verb form x what governs the token; hint bits x pos; the lemma's first verb
// sense x pos, and first noun sense x pos (each with a last entry for a token without lemma
// entry: no feature); then the lemma's (at most 8) WordNet classes as bits, a table per byte
// of those bits, each entry the sum of its set bits' rows.
inline constexpr std::size_t kWordnetBytes = 6;  // WordInfo::kMaxWordnetClasses / 8
inline constexpr std::array<std::size_t, 8> kDenseSizes = {
    kPosValues * kPosValues, kPosValues * kPosValues, kShapes, kVerbForms * kPosValues, kVerbForms * kContextValues,
    kHintValues * kPosValues, kWordnetValues * kPosValues + 1, kWordnetValues * kPosValues + 1};
inline constexpr std::size_t kDenseFeatures = kDenseSizes.size() + kWordnetBytes;
struct ScoringFeatures {
    // Buckets of the hashed features; an absent one (no prefix for a short word...) is the
    // bucket past the last, which has no weights.
    std::uint32_t buckets[kScoredBuckets];
    // Indices into the dense tables' array (offsets included), in the order above.
    std::uint32_t dense[kDenseFeatures];
};
inline constexpr std::uint32_t kWordnetNone = kWordnetValues * kPosValues;

// Fills `out` for token `i`.
void extract_scoring_features(const TextAnalysis& analysis, const std::vector<TokenFacts>& facts, std::size_t i,
                              std::uint32_t bucket_mask, ScoringFeatures& out);

using ClassScores = std::array<std::int32_t, kClassOutputs>;
using PosScores = std::array<std::int32_t, kPosOutputs>;

class EventModel {
public:
    // Throws resource_error naming `path` when it is missing, truncated or not an event model.
    static EventModel load(const std::filesystem::path& path);

    [[nodiscard]] std::uint32_t bucket_mask() const { return (1u << bucket_bits_) - 1; }
    [[nodiscard]] ClassScores score_class(const std::uint32_t* features, std::size_t count) const;
    [[nodiscard]] PosScores score_pos(const std::uint32_t* features, std::size_t count) const;
    // The same sums (integers: the order does not matter) for the features of one token.
    [[nodiscard]] ClassScores score_class(const ScoringFeatures& features) const;
    [[nodiscard]] PosScores score_pos(const ScoringFeatures& features) const;
    [[nodiscard]] float scale() const { return scale_; }

    // Trains from examples and writes the model file. Examples' features are bucket indices for
    // `bucket_bits`; pos_label < 0 means the pos is unknown (not trained on).
    struct Example {
        std::uint32_t first_feature = 0;  // into `features`
        std::uint8_t feature_count = 0;
        std::uint8_t class_label = 0;
        std::int8_t pos_label = -1;
    };
    static void train(const std::vector<Example>& examples, const std::vector<std::uint32_t>& features,
                      std::uint32_t bucket_bits, int epochs, unsigned seed, int runs, std::ostream& out);

private:
    std::uint32_t bucket_bits_ = 0;
    float scale_ = 1.0f;
    template <class Scores>
    [[nodiscard]] Scores sum_rows(const std::vector<std::int16_t>& weights, const std::uint32_t* features,
                                  std::size_t count) const;
    template <class Scores>
    [[nodiscard, gnu::always_inline]] inline Scores sum_rows(const std::vector<std::int16_t>& weights,
                                                            const std::vector<Scores>& dense,
                                                            const ScoringFeatures& f) const;
    // Most buckets hold no weight (an unseen word's features): an index maps each bucket to its
    // row in compact tables (or to a zero row), so that what the scorer touches stays small
    // enough for the cache. The two heads are in separate tables: the class head is consulted
    // for every candidate token, the pos head only for events.
    // 16-bit row numbers (a model has ~30,000 rows) keep the index at half the size; a model
    // with more rows than that uses the wide index.
    [[nodiscard]] std::size_t row_of(std::uint32_t bucket) const {
        return narrow_ ? row_of_bucket16_[bucket] : row_of_bucket_[bucket];
    }
    bool narrow_ = false;
    std::vector<std::uint16_t> row_of_bucket16_;
    std::vector<std::uint32_t> row_of_bucket_;
    // The summed weights of every value of ScoringFeatures' few-valued features, both heads,
    // the tables one after the other (kDenseSizes).
    void build_dense_tables();
    std::vector<ClassScores> dense_class_;
    std::vector<PosScores> dense_pos_;
    std::vector<std::int16_t> class_weights_;  // rows of kClassOutputs
    std::vector<std::int16_t> pos_weights_;    // rows of kPosOutputs
};

}  // namespace chronoline::events
