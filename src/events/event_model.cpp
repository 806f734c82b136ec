#include "events/event_model.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <ostream>
#include <random>
#include <string>

#include "chronoline/error.hpp"
#include "chronoline/io.hpp"

namespace chronoline::events {
namespace {

// --- features -------------------------------------------------------------------------------

// A template's number is part of its features' hashes: numbers stay as they are when templates
// go. Not used any more (held-out figures the same without them, version 12): t_suffix2,
// t_suffix4, t_pos_prev2_prev_pos, t_word_next2, t_wn_noun.
enum Template : std::uint64_t {
    t_bias = 1, t_word, t_lemma, t_suffix2, t_suffix3, t_suffix4, t_shape, t_pos, t_pos_prev, t_pos_next,
    t_pos_prev_pos, t_pos_pos_next, t_pos_prev2_prev_pos, t_word_prev, t_word_next, t_word_next2,
    t_hints, t_hints_pos, t_lemma_pos, t_word_pos_prev, t_lemma_next, t_form_context,
    t_prefix3, t_form_pos, t_wn_noun, t_wn_verb, t_wn_any, t_wn_noun_pos, t_wn_verb_pos
};

constexpr std::uint64_t kSentenceEdge = 0x5eed5eed5eed5eedull;

// Multiplicative hashing of (template, value) into the table: one multiply, top bits.
std::uint32_t bucket(std::uint64_t tmpl, std::uint64_t value, std::uint32_t mask) {
    const std::uint64_t x = (value ^ (tmpl * 0xD6E8FEB86659FD93ull)) * 0x9E3779B97F4A7C15ull;
    return static_cast<std::uint32_t>(x >> 40) & mask;
}

std::uint64_t combine(std::uint64_t a, std::uint64_t b) { return a * 0x100000001b3ull ^ (b + 0x9E3779B97F4A7C15ull); }

// What governs the token: the nearest token before it in its sentence that is not an adverb or
// a negation ("to", a modal, an auxiliary, a determiner...), so that "to again state" reads
// like "to state".
std::uint64_t context_signature(const std::vector<TokenFacts>& facts, std::size_t i) {
    const std::size_t j = governing_word(facts, i);
    if (j == kNoGovernor) return 99;
    const ClosedTag tag = facts[j].closed();
    if (tag != ClosedTag::none) return 100 + static_cast<std::uint64_t>(tag);
    return static_cast<std::uint64_t>(facts[j].pos);
}

}  // namespace

namespace {

static_assert(static_cast<std::size_t>(Pos::other) + 2 == kPosValues, "every Pos, then the sentence edge");
static_assert(static_cast<std::size_t>(ClosedTag::num) < 16 && kContextValues == kPosValues + 17);
static_assert(static_cast<std::size_t>(VerbForm::base_or_past) < kVerbForms);
static_assert(WordInfo::kMaxWordnetClasses <= kWordnetValues);

// Index of a part of speech (or the sentence edge, 98) in the window tables.
std::size_t window_index(std::uint64_t pos) { return pos == 98 ? kPosValues - 1 : static_cast<std::size_t>(pos); }
// And back.
std::uint64_t window_value(std::size_t k) { return k == kPosValues - 1 ? 98 : k; }

// Index of a context_signature value: a part of speech, 99 (the sentence's start), 100 + a tag.
std::size_t context_index(std::uint64_t signature) {
    return signature < 99 ? static_cast<std::size_t>(signature) : static_cast<std::size_t>(signature - 99) + kPosValues;
}
std::uint64_t context_value(std::size_t k) { return k < kPosValues ? k : 99 + (k - kPosValues); }

// The shape bits of a word: 4 if it has a hyphen, 8 if it has a digit. Eight bytes at a time
// (a test per byte is a branch the processor mispredicts about once a word): a byte is a hyphen
// when it xors with '-' to zero, a digit when it lies strictly between '0' - 1 and '9' + 1 (the
// "has zero byte" and "has byte between" tests of Bit Twiddling Hacks, exact as yes/no tests;
// the padding of a short tail is zero, neither). `text` is the whole lower-case text: a tail
// shorter than 8 bytes is read with one load when the text reaches that far.
std::uint64_t shape_bits(std::string_view text, std::size_t begin, std::size_t size) {
    constexpr std::uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    constexpr std::uint64_t low7 = 0x7F7F7F7F7F7F7F7Full;
    std::uint64_t hyphen = 0, digit = 0;
    auto test = [&](std::uint64_t x) {
        const std::uint64_t h = x ^ (ones * '-');
        hyphen |= (h - ones) & ~h & high;
        digit |= (ones * (127 + ('9' + 1)) - (x & low7)) & ~x & ((x & low7) + ones * (127 - ('0' - 1))) & high;
    };
    const char* p = text.data() + begin;
    std::size_t n = size;
    for (; n >= 8; p += 8, n -= 8) {
        std::uint64_t x;
        std::memcpy(&x, p, 8);
        test(x);
    }
    if (n) {
        std::uint64_t x;
        if (static_cast<std::size_t>(p - text.data()) + 8 <= text.size()) {
            std::memcpy(&x, p, 8);
            if constexpr (std::endian::native == std::endian::little) x &= (std::uint64_t{1} << (8 * n)) - 1;
            else x = load_le(p, n);
        } else {
            x = load_le(p, n);
        }
        test(x);
    }
    return (hyphen ? 4u : 0u) | (digit ? 8u : 0u);
}

// The parts of a token's features both extractions share.
struct TokenContext {
    bool has_prev = false, has_next = false;
    std::uint64_t pos0 = 0, pos_prev = 98, pos_next = 98, shape = 0, hints = 0, form = 0;
};

// (Always inline: as a call, with its result through memory, it cost a third of the features.)
[[gnu::always_inline]] inline TokenContext token_context(const TextAnalysis& analysis,
                                                         const std::vector<TokenFacts>& facts, std::size_t i) {
    TokenContext c;
    const TokenFacts& t = facts[i];
    const Token& token = analysis.tokens[i];
    // Context within the sentence: -1, +1.
    c.has_prev = i > 0 && !t.sentence_start;
    c.has_next = i + 1 < facts.size() && !facts[i + 1].sentence_start;
    c.pos0 = static_cast<std::uint64_t>(t.pos);
    c.pos_prev = c.has_prev ? static_cast<std::uint64_t>(facts[i - 1].pos) : 98;
    c.pos_next = c.has_next ? static_cast<std::uint64_t>(facts[i + 1].pos) : 98;
    c.shape = (token.capitalized ? 1u : 0u) | (t.sentence_start ? 2u : 0u) |
              shape_bits(analysis.lower, token.span.begin, token.span.size());
    const WordInfo* lemma = t.word.lemma_info;
    c.hints = lemma ? (lemma->class_hints | (lemma->nominal ? 64u : 0u)) : 0u;
    c.form = static_cast<std::uint64_t>(t.word.verb_form);
    return c;
}

// The features of the token's own open vocabulary, hashed: the word, its lemma, affixes.
template <typename Add>
void open_features(const TextAnalysis& analysis, const std::vector<TokenFacts>& facts, std::size_t i, Add&& add) {
    const TokenFacts& t = facts[i];
    const std::string_view w = analysis.lower_of(analysis.tokens[i]);
    // The surface form only when it is its own lemma: an inflected form ("comments") shares what
    // is learned of its lemma ("comment") rather than resting on its own few examples.
    if (t.word.lemma_hash == t.hash) add(t_word, t.hash);
    add(t_lemma, t.word.lemma_hash);
    // Affixes of up to 4 bytes are their own value (the bytes as a number): no hashing needed.
    if (w.size() > 3) add(t_suffix3, load_le(w.data() + w.size() - 3, 3));
    if (w.size() > 4) add(t_prefix3, load_le(w.data(), 3));
}

// The words around (and the next one's lemma).
template <typename Add>
void context_word_features(const std::vector<TokenFacts>& facts, std::size_t i, const TokenContext& c, Add&& add) {
    add(t_word_prev, c.has_prev ? facts[i - 1].hash : kSentenceEdge);
    add(t_word_next, c.has_next ? facts[i + 1].hash : kSentenceEdge);
    add(t_lemma_next, c.has_next ? facts[i + 1].word.lemma_hash : kSentenceEdge);
}

// Each lexicon hint on its own (and with the part of speech), so that what is learned of one
// reporting verb carries over to another, whatever else its lemma is listed as.
template <typename Add>
void hint_features(std::uint64_t hints, std::uint64_t pos0, Add&& add) {
    for (std::uint64_t bits = hints, k = 0; bits; bits >>= 1, ++k) {
        if (!(bits & 1)) continue;
        add(t_hints, k);
        add(t_hints_pos, k * 128 + pos0);
    }
    if (!hints) add(t_hints, 99);
}

}  // namespace

// The training's features, in the order the model was always trained with (the perceptron sums
// doubles: another order could change the trained bits).
std::size_t extract_features(const TextAnalysis& analysis, const std::vector<TokenFacts>& facts, std::size_t i,
                             std::uint32_t mask, std::uint32_t* out) {
    std::size_t n = 0;
    auto add = [&](std::uint64_t tmpl, std::uint64_t value) { out[n++] = bucket(tmpl, value, mask); };
    const TokenFacts& t = facts[i];
    const TokenContext c = token_context(analysis, facts, i);
    add(t_bias, 0);
    open_features(analysis, facts, i, add);
    add(t_shape, c.shape);
    add(t_pos, c.pos0);
    add(t_pos_prev, c.pos_prev);
    add(t_pos_next, c.pos_next);
    add(t_pos_prev_pos, c.pos_prev * 128 + c.pos0);
    add(t_pos_pos_next, c.pos0 * 128 + c.pos_next);
    context_word_features(facts, i, c, add);
    hint_features(c.hints, c.pos0, add);
    add(t_form_pos, c.form * 256 + c.pos0);
    add(t_form_context, c.form * 256 + context_signature(facts, i));
    add(t_lemma_pos, combine(t.word.lemma_hash, c.pos0));
    add(t_word_pos_prev, combine(t.hash, c.pos_prev));
    if (const WordInfo* lemma = t.word.lemma_info) {
        add(t_wn_verb, lemma->wordnet_verb);
        add(t_wn_noun_pos, lemma->wordnet_noun * 128 + c.pos0);
        add(t_wn_verb_pos, lemma->wordnet_verb * 128 + c.pos0);
        std::uint64_t mask_bits = lemma->wordnet_mask();
        for (int k = 0; mask_bits && k < 8; ++k) {
            const int id = std::countr_zero(mask_bits);
            mask_bits &= mask_bits - 1;
            add(t_wn_any, static_cast<std::uint64_t>(id));
        }
    }
    return n;
}

namespace {

// Where each dense table starts in the one array (kDenseSizes, in order).
constexpr std::array<std::size_t, kDenseSizes.size() + 1> kDenseOffsets = [] {
    std::array<std::size_t, kDenseSizes.size() + 1> at{};
    for (std::size_t k = 0; k < kDenseSizes.size(); ++k) at[k + 1] = at[k] + kDenseSizes[k];
    return at;
}();
constexpr std::size_t kWordnetAnyOffset = kDenseOffsets.back();
constexpr std::size_t kDenseEntries = kWordnetAnyOffset + kWordnetBytes * 256;
static_assert(WordInfo::kMaxWordnetClasses <= 8 * kWordnetBytes);

// The bits of the first 8 of `bits` (extract_features adds at most 8 WordNet classes). Few
// lemmas have more: the loop is taken rarely, and its branch is then predicted.
std::uint64_t first_eight_bits(std::uint64_t bits) {
    std::uint64_t x = bits - ((bits >> 1) & 0x5555555555555555ull);
    x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Full;
    if (((x * 0x0101010101010101ull) >> 56) <= 8) return bits;
    std::uint64_t kept = 0;
    for (int k = 0; bits && k < 8; ++k) {
        kept |= bits & -bits;
        bits &= bits - 1;
    }
    return kept;
}

}  // namespace

void extract_scoring_features(const TextAnalysis& analysis, const std::vector<TokenFacts>& facts, std::size_t i,
                              std::uint32_t mask, ScoringFeatures& out) {
    const TokenFacts& t = facts[i];
    const TokenContext c = token_context(analysis, facts, i);
    // The same hashed features as open_features, context_word_features and the two with the
    // part of speech, each in its own slot; an absent one is the bucket past the last.
    const std::uint32_t none = mask + 1;
    const std::string_view w = analysis.lower_of(analysis.tokens[i]);
    std::uint32_t* b = out.buckets;
    // (A mask, not a conditional: the compiler makes that a branch, mispredicted at random.)
    const std::uint32_t own_lemma = 0u - static_cast<std::uint32_t>(t.word.lemma_hash == t.hash);
    b[0] = (bucket(t_word, t.hash, mask) & own_lemma) | (none & ~own_lemma);
    b[1] = bucket(t_lemma, t.word.lemma_hash, mask);
    // The affixes' 3 bytes as load_le gives them, read with one 4-byte load inside the word
    // (it has more than 3 bytes) on a little-endian machine.
    auto affix = [&](const char* p, bool suffix) {
        if constexpr (std::endian::native == std::endian::little) {
            std::uint32_t v;
            std::memcpy(&v, suffix ? p - 1 : p, 4);
            return std::uint64_t{suffix ? v >> 8 : v & 0xFFFFFFu};
        } else {
            return load_le(p, 3);
        }
    };
    b[2] = w.size() > 3 ? bucket(t_suffix3, affix(w.data() + w.size() - 3, true), mask) : none;
    b[3] = w.size() > 4 ? bucket(t_prefix3, affix(w.data(), false), mask) : none;
    b[4] = bucket(t_word_prev, c.has_prev ? facts[i - 1].hash : kSentenceEdge, mask);
    b[5] = bucket(t_word_next, c.has_next ? facts[i + 1].hash : kSentenceEdge, mask);
    b[6] = bucket(t_lemma_next, c.has_next ? facts[i + 1].word.lemma_hash : kSentenceEdge, mask);
    b[7] = bucket(t_lemma_pos, combine(t.word.lemma_hash, c.pos0), mask);
    b[8] = bucket(t_word_pos_prev, combine(t.hash, c.pos_prev), mask);
    static_assert(kScoredBuckets == 9);

    const std::size_t pos0 = window_index(c.pos0);
    const WordInfo* lemma = t.word.lemma_info;
    const std::size_t wordnet_verb = lemma ? lemma->wordnet_verb * kPosValues + pos0 : kWordnetNone;
    const std::size_t wordnet_noun = lemma ? lemma->wordnet_noun * kPosValues + pos0 : kWordnetNone;
    const std::size_t values[kDenseSizes.size()] = {
        window_index(c.pos_prev) * kPosValues + pos0,
        pos0 * kPosValues + window_index(c.pos_next),
        c.shape,
        c.form * kPosValues + pos0,
        c.form * kContextValues + context_index(context_signature(facts, i)),
        c.hints * kPosValues + pos0,
        wordnet_verb,
        wordnet_noun};
    for (std::size_t k = 0; k < kDenseSizes.size(); ++k)
        out.dense[k] = static_cast<std::uint32_t>(kDenseOffsets[k] + values[k]);
    const std::uint64_t any = lemma ? first_eight_bits(lemma->wordnet_mask()) : 0;
    for (std::size_t k = 0; k < kWordnetBytes; ++k)
        out.dense[kDenseSizes.size() + k] = static_cast<std::uint32_t>(kWordnetAnyOffset + k * 256 + ((any >> (8 * k)) & 0xFF));
}

// --- scoring --------------------------------------------------------------------------------

// Both heads sum the same way: a weight row per hashed feature, then (for ScoringFeatures) the
// summed dense rows. One template, so that the two heads cannot drift apart.
template <class Scores>
Scores EventModel::sum_rows(const std::vector<std::int16_t>& weights, const std::uint32_t* features,
                            std::size_t count) const {
    constexpr std::size_t outputs = std::tuple_size_v<Scores>;
    Scores acc{};
    for (std::size_t f = 0; f < count; ++f) {
        const std::int16_t* w = weights.data() + row_of(features[f]) * outputs;
        for (std::size_t k = 0; k < outputs; ++k) acc[k] += w[k];
    }
    return acc;
}

template <class Scores>
inline Scores EventModel::sum_rows(const std::vector<std::int16_t>& weights, const std::vector<Scores>& dense,
                            const ScoringFeatures& f) const {
    constexpr std::size_t outputs = std::tuple_size_v<Scores>;
    Scores acc{};
    // The index's width tested once, not once per row.
    auto add_rows = [&](const auto* row_of_bucket) {
#pragma GCC unroll 16
        for (const std::uint32_t bucket : f.buckets) {
            const std::int16_t* w = weights.data() + std::size_t{row_of_bucket[bucket]} * outputs;
            for (std::size_t k = 0; k < outputs; ++k) acc[k] += w[k];
        }
    };
    if (narrow_) add_rows(row_of_bucket16_.data());
    else add_rows(row_of_bucket_.data());
#pragma GCC unroll 16
    for (const std::uint32_t index : f.dense) {
        const Scores& row = dense[index];
        for (std::size_t k = 0; k < outputs; ++k) acc[k] += row[k];
    }
    return acc;
}

ClassScores EventModel::score_class(const std::uint32_t* features, std::size_t count) const {
    return sum_rows<ClassScores>(class_weights_, features, count);
}

PosScores EventModel::score_pos(const std::uint32_t* features, std::size_t count) const {
    return sum_rows<PosScores>(pos_weights_, features, count);
}

ClassScores EventModel::score_class(const ScoringFeatures& f) const {
    return sum_rows(class_weights_, dense_class_, f);
}

PosScores EventModel::score_pos(const ScoringFeatures& f) const {
    return sum_rows(pos_weights_, dense_pos_, f);
}

void EventModel::build_dense_tables() {
    std::uint32_t buckets[kMaxFeatures];
    dense_class_.assign(kDenseEntries, ClassScores{});
    dense_pos_.assign(kDenseEntries, PosScores{});
    // Table `table`'s entries: each the sums of the features `features_of(index, add)` adds.
    auto build = [&](std::size_t table, auto&& features_of) {
        for (std::size_t index = 0; index < kDenseSizes[table]; ++index) {
            std::size_t n = 0;
            features_of(index, [&](std::uint64_t tmpl, std::uint64_t value) { buckets[n++] = bucket(tmpl, value, bucket_mask()); });
            dense_class_[kDenseOffsets[table] + index] = score_class(buckets, n);
            dense_pos_[kDenseOffsets[table] + index] = score_pos(buckets, n);
        }
    };
    build(0, [](std::size_t k, auto&& add) {
        const std::uint64_t prev = window_value(k / kPosValues), pos = window_value(k % kPosValues);
        add(t_bias, 0);
        add(t_pos, pos);
        add(t_pos_prev, prev);
        add(t_pos_prev_pos, prev * 128 + pos);
    });
    build(1, [](std::size_t k, auto&& add) {
        const std::uint64_t pos = window_value(k / kPosValues), next = window_value(k % kPosValues);
        add(t_pos_next, next);
        add(t_pos_pos_next, pos * 128 + next);
    });
    build(2, [](std::size_t shape, auto&& add) { add(t_shape, shape); });
    build(3, [](std::size_t k, auto&& add) {
        add(t_form_pos, (k / kPosValues) * 256 + window_value(k % kPosValues));
    });
    build(4, [](std::size_t k, auto&& add) {
        add(t_form_context, (k / kContextValues) * 256 + context_value(k % kContextValues));
    });
    build(5, [](std::size_t k, auto&& add) {
        hint_features(k / kPosValues, window_value(k % kPosValues), add);
    });
    // The last entry of the WordNet tables is for a token without a lemma entry: no feature.
    build(6, [](std::size_t k, auto&& add) {
        if (k == kWordnetNone) return;
        add(t_wn_verb, k / kPosValues);
        add(t_wn_verb_pos, (k / kPosValues) * 128 + window_value(k % kPosValues));
    });
    build(7, [](std::size_t k, auto&& add) {
        if (k == kWordnetNone) return;
        add(t_wn_noun_pos, (k / kPosValues) * 128 + window_value(k % kPosValues));
    });
    // The WordNet classes by byte of their bits: entry (k, v) sums the classes 8 k + b for the
    // set bits b of v.
    for (std::size_t k = 0; k < kWordnetBytes; ++k) {
        for (std::size_t v = 0; v < 256; ++v) {
            std::size_t n = 0;
            for (std::size_t b = 0; b < 8; ++b)
                if ((v >> b) & 1) buckets[n++] = bucket(t_wn_any, 8 * k + b, bucket_mask());
            dense_class_[kWordnetAnyOffset + k * 256 + v] = score_class(buckets, n);
            dense_pos_[kWordnetAnyOffset + k * 256 + v] = score_pos(buckets, n);
        }
    }
}

// --- the model file -------------------------------------------------------------------------
// "CLEVMOD1", then little-endian u32 feature version, u32 bucket bits, u32 outputs, f32 scale,
// u32 row count; each row: varint bucket delta, varint mask of nonzero outputs, a zigzag varint
// per nonzero weight; then the FNV-1a hash (u64) of every preceding byte.

namespace {

constexpr std::string_view kMagic = "CLEVMOD1";

void put_u32(std::string& s, std::uint32_t v) {
    for (int k = 0; k < 4; ++k) s.push_back(static_cast<char>((v >> (8 * k)) & 0xFF));
}
void put_u64(std::string& s, std::uint64_t v) {
    for (int k = 0; k < 8; ++k) s.push_back(static_cast<char>((v >> (8 * k)) & 0xFF));
}
void put_varint(std::string& s, std::uint64_t v) {
    while (v >= 0x80) {
        s.push_back(static_cast<char>((v & 0x7F) | 0x80));
        v >>= 7;
    }
    s.push_back(static_cast<char>(v));
}

struct Reader {
    std::string_view data;
    std::size_t pos = 0;
    bool ok = true;
    std::uint32_t u32() {
        if (pos + 4 > data.size()) { ok = false; return 0; }
        std::uint32_t v = 0;
        for (int k = 0; k < 4; ++k) v |= static_cast<std::uint32_t>(static_cast<unsigned char>(data[pos + k])) << (8 * k);
        pos += 4;
        return v;
    }
    std::uint64_t varint() {
        // Most values (bucket deltas, small weights) are one byte.
        if (pos < data.size() && !(static_cast<unsigned char>(data[pos]) & 0x80))
            return static_cast<unsigned char>(data[pos++]);
        std::uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= data.size()) { ok = false; return 0; }
            const auto b = static_cast<unsigned char>(data[pos++]);
            v |= static_cast<std::uint64_t>(b & 0x7F) << shift;
            if (!(b & 0x80)) return v;
        }
        ok = false;
        return 0;
    }
};

}  // namespace

EventModel EventModel::load(const std::filesystem::path& path) {
    std::string data;
    try {
        read_file_into(path, data);  // one read, not a stream's byte by byte
    } catch (const input_error&) {
        throw resource_error("cannot read the event model " + path.string() + " (train it with `chronoline train events`)");
    }
    auto corrupt = [&](const std::string& why) {
        return resource_error("the event model " + path.string() + " is not usable: " + why);
    };
    if (data.size() < kMagic.size() + 20 + 8 || std::string_view(data).substr(0, kMagic.size()) != kMagic)
        throw corrupt("not a chronoline event model");
    const std::size_t body = data.size() - 8;
    std::uint64_t stored = 0;
    for (int k = 0; k < 8; ++k) stored |= static_cast<std::uint64_t>(static_cast<unsigned char>(data[body + k])) << (8 * k);
    if (hash_bytes(std::string_view(data).substr(0, body)) != stored) throw corrupt("checksum mismatch (truncated or damaged)");

    Reader r{std::string_view(data).substr(0, body), kMagic.size()};
    const std::uint32_t version = r.u32();
    const std::uint32_t bits = r.u32();
    const std::uint32_t outputs = r.u32();
    const std::uint32_t scale_bits = r.u32();
    const std::uint32_t rows = r.u32();
    if (version != kFeatureVersion)
        throw corrupt("made for feature version " + std::to_string(version) + ", this build uses " +
                      std::to_string(kFeatureVersion) + " (retrain it)");
    if (bits < 8 || bits > 24 || outputs != kOutputs) throw corrupt("bad header");
    EventModel m;
    m.bucket_bits_ = bits;
    m.scale_ = std::bit_cast<float>(scale_bits);
    if (rows > (std::size_t{1} << bits)) throw corrupt("bad row count");
    // Every bucket without weights points at the all-zero row past the last one. The index is
    // built in 16 bits directly when the row numbers fit (no 32-bit one to fill, then convert).
    m.narrow_ = rows < UINT16_MAX;
    // (One more entry than buckets: ScoringFeatures' bucket for an absent feature.)
    if (m.narrow_) m.row_of_bucket16_.assign((std::size_t{1} << bits) + 1, static_cast<std::uint16_t>(rows));
    else m.row_of_bucket_.assign((std::size_t{1} << bits) + 1, rows);
    auto set_row = [&](std::uint64_t bucket, std::uint32_t row) {
        if (m.narrow_) m.row_of_bucket16_[bucket] = static_cast<std::uint16_t>(row);
        else m.row_of_bucket_[bucket] = row;
    };
    m.class_weights_.assign((std::size_t{rows} + 1) * kClassOutputs, 0);
    m.pos_weights_.assign((std::size_t{rows} + 1) * kPosOutputs, 0);
    std::uint64_t bucket_index = 0;
    for (std::uint32_t row = 0; row < rows && r.ok; ++row) {
        bucket_index += r.varint();
        const std::uint64_t nonzero = r.varint();
        if (bucket_index >= (std::uint64_t{1} << bits) || nonzero >= (1u << kOutputs) || !nonzero ||
            m.row_of(static_cast<std::uint32_t>(bucket_index)) != rows)
            throw corrupt("bad row");
        set_row(bucket_index, row);
        std::int16_t* class_row = m.class_weights_.data() + std::size_t{row} * kClassOutputs;
        std::int16_t* pos_row = m.pos_weights_.data() + std::size_t{row} * kPosOutputs;
        for (std::uint64_t bits = nonzero; bits; bits &= bits - 1) {  // the nonzero outputs only
            const auto k = static_cast<std::size_t>(std::countr_zero(bits));
            const std::uint64_t z = r.varint();
            const std::int64_t v = static_cast<std::int64_t>(z >> 1) ^ -static_cast<std::int64_t>(z & 1);
            if (v < INT16_MIN || v > INT16_MAX) throw corrupt("weight out of range");
            (k < kClassOutputs ? class_row[k] : pos_row[k - kClassOutputs]) = static_cast<std::int16_t>(v);
        }
    }
    if (!r.ok || r.pos != body) throw corrupt("truncated or trailing data");
    m.build_dense_tables();
    return m;
}

// --- training -------------------------------------------------------------------------------

namespace {

// One averaged perceptron (the usual lazy average: avg = w - u / c) over the examples in the
// order `seed` shuffles them to, added to `total`.
void train_run(const std::vector<EventModel::Example>& examples, const std::vector<std::uint32_t>& features,
               std::size_t rows, int epochs, unsigned seed, std::vector<double>& total) {
    using Example = EventModel::Example;
    std::vector<double> w(rows * kOutputs, 0.0), u(rows * kOutputs, 0.0);
    double c = 1;
    std::vector<std::uint32_t> order(examples.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = static_cast<std::uint32_t>(k);
    std::mt19937 rng(seed);  // mt19937's sequence is fixed by the standard: same order everywhere

    auto update = [&](const Example& e, std::size_t offset, std::size_t gold, std::size_t guess) {
        for (std::size_t f = 0; f < e.feature_count; ++f) {
            const std::size_t base = static_cast<std::size_t>(features[e.first_feature + f]) * kOutputs + offset;
            w[base + gold] += 1.0;
            u[base + gold] += c;
            w[base + guess] -= 1.0;
            u[base + guess] -= c;
        }
    };
    auto best = [&](const Example& e, std::size_t offset, std::size_t outputs) {
        double scores[kOutputs] = {};
        for (std::size_t f = 0; f < e.feature_count; ++f) {
            const std::size_t base = static_cast<std::size_t>(features[e.first_feature + f]) * kOutputs + offset;
            for (std::size_t k = 0; k < outputs; ++k) scores[k] += w[base + k];
        }
        std::size_t arg = 0;
        for (std::size_t k = 1; k < outputs; ++k)
            if (scores[k] > scores[arg]) arg = k;
        return arg;
    };

    for (int epoch = 0; epoch < epochs; ++epoch) {
        for (std::size_t k = order.size(); k > 1; --k) std::swap(order[k - 1], order[rng() % k]);
        for (const std::uint32_t idx : order) {
            const Example& e = examples[idx];
            const std::size_t guess = best(e, 0, kClassOutputs);
            if (guess != e.class_label) update(e, 0, e.class_label, guess);
            if (e.pos_label >= 0) {
                const std::size_t pos_guess = best(e, kClassOutputs, kPosOutputs);
                if (pos_guess != static_cast<std::size_t>(e.pos_label))
                    update(e, kClassOutputs, static_cast<std::size_t>(e.pos_label), pos_guess);
            }
            c += 1;
        }
    }

    for (std::size_t k = 0; k < w.size(); ++k) total[k] += w[k] - u[k] / c;
}

}  // namespace

void EventModel::train(const std::vector<Example>& examples, const std::vector<std::uint32_t>& features,
                       std::uint32_t bucket_bits, int epochs, unsigned seed, int runs, std::ostream& out) {
    const std::size_t rows = std::size_t{1} << bucket_bits;
    // The mean of `runs` averaged perceptrons, each on its own order of the examples (seeds
    // seed, seed + 1, ...): one run's figures depend on its order by up to ±0.004 F1 and
    // ±0.005 class accuracy held out; the mean of five is steadier and a little better.
    std::vector<double> total(rows * kOutputs, 0.0);
    for (int run = 0; run < runs; ++run)
        train_run(examples, features, rows, epochs, seed + static_cast<unsigned>(run), total);
    std::vector<double>& w = total;
    double max_abs = 0;
    for (std::size_t k = 0; k < w.size(); ++k) {
        w[k] /= runs;
        max_abs = std::max(max_abs, std::abs(w[k]));
    }
    const float scale = max_abs > 0 ? static_cast<float>(max_abs / 32000.0) : 1.0f;

    std::string body;
    body.append(kMagic);
    put_u32(body, kFeatureVersion);
    put_u32(body, bucket_bits);
    put_u32(body, static_cast<std::uint32_t>(kOutputs));
    put_u32(body, std::bit_cast<std::uint32_t>(scale));
    const std::size_t rows_at = body.size();
    put_u32(body, 0);
    std::uint32_t row_count = 0;
    std::uint64_t last = 0;
    for (std::size_t row = 0; row < rows; ++row) {
        std::int64_t q[kOutputs];
        std::uint32_t nonzero = 0;
        for (std::size_t k = 0; k < kOutputs; ++k) {
            q[k] = std::llround(w[row * kOutputs + k] / scale);
            if (q[k]) nonzero |= 1u << k;
        }
        if (!nonzero) continue;
        put_varint(body, row - last);
        last = row;
        put_varint(body, nonzero);
        for (std::size_t k = 0; k < kOutputs; ++k)
            if (q[k]) put_varint(body, (static_cast<std::uint64_t>(q[k]) << 1) ^ static_cast<std::uint64_t>(q[k] >> 63));
        ++row_count;
    }
    for (int k = 0; k < 4; ++k) body[rows_at + k] = static_cast<char>((row_count >> (8 * k)) & 0xFF);
    put_u64(body, hash_bytes(body));
    out.write(body.data(), static_cast<std::streamsize>(body.size()));
}

}  // namespace chronoline::events
