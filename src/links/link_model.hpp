// The learned part of the link sieve: an averaged multi-class perceptron over hashed features.
// Internal to src/links.
#pragma once
#include <algorithm>
#include <array>
#include <cstdint>
#include <iosfwd>
#include <random>
#include <string_view>
#include <tuple>
#include <vector>

namespace chronoline::links {

// Column 0 ("NONE") holds a binary classifier: a positive score means the pair is related.
// The other columns are the relTypes the multi-class one chooses among.
inline constexpr std::array<std::string_view, 6> kLabels{"NONE",     "BEFORE",      "AFTER",
                                                         "INCLUDES", "IS_INCLUDED", "SIMULTANEOUS"};
inline constexpr std::size_t kLabelCount = kLabels.size();
using Scores = std::array<float, kLabelCount>;

// FNV-1a, 64 bits: the same feature gets the same id on every machine and every run.
inline std::uint64_t fnv(std::uint64_t h, std::string_view s) {
    for (unsigned char c : s) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    h ^= 0xff;  // separator, so ("ab","c") and ("a","bc") differ
    h *= 0x100000001b3ULL;
    return h;
}
inline constexpr std::uint64_t kFnvBasis = 0xcbf29ce484222325ULL;

// The same hash at compile time, for the names of feature templates.
constexpr std::uint64_t fnv_constant(std::string_view s) {
    std::uint64_t h = kFnvBasis;
    for (char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    h ^= 0xff;
    h *= 0x100000001b3ULL;
    return h;
}
template <std::size_t N>
consteval std::uint64_t name_hash(const char (&s)[N]) {
    return fnv_constant(std::string_view(s, N - 1));
}

// Combines hashes of the parts of a feature; order matters.
constexpr std::uint64_t mix(std::uint64_t h, std::uint64_t x) {
    h ^= x + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    return h * 0x100000001b3ULL;
}

// Feature weights in an open-addressing table keyed by feature hash; a row holds one weight per
// class (Row: a std::array). The links model's rows are Scores; the adjacent-sentence model's
// rows are doubles (src/links/adjacent_events.hpp), read through the same probes.
template <class Row>
class BasicWeightTable {
public:
    using Value = typename Row::value_type;
    static constexpr std::size_t kColumns = std::tuple_size_v<Row>;
    void reserve(std::size_t n) {
        std::size_t cap = 16;
        while (cap < 4 * n) cap *= 2;  // mostly empty: most probes are for features not in the model
        if (cap <= slots_.size()) return;
        std::vector<Slot> old(cap);
        old.swap(slots_);
        tags_.assign(cap, 0);
        count_ = 0;
        for (const Slot& s : old)
            if (s.key != 0) at(s.key) = s.row;
    }
    [[nodiscard]] const Row* find(std::uint64_t key) const {
        if (tags_.empty() || key == 0) return nullptr;
        const std::size_t mask = tags_.size() - 1;
        const std::uint32_t tag = tag_of(key);
        for (std::size_t i = (key ^ (key >> 29)) & mask;; i = (i + 1) & mask) {
            if (tags_[i] == tag && slots_[i].key == key) return &slots_[i].row;
            if (tags_[i] == 0) return nullptr;
        }
    }
    void prefetch(std::uint64_t key) const {
        if (tags_.empty()) return;
        const std::size_t i = (key ^ (key >> 29)) & (tags_.size() - 1);
        __builtin_prefetch(&tags_[i]);
        __builtin_prefetch(&slots_[i]);  // most features of a pair are in the model
    }
    // The rows of `keys` (absent ones count as zeros) added up in the order given.
    [[nodiscard]] Row sum(const std::uint64_t* keys, std::size_t n) const {
        Row s{};
        if (tags_.empty()) return s;
        const std::size_t mask = tags_.size() - 1;
        // In batches: every key's first slot is computed once and touched first, so that the cache
        // misses overlap; then the probes add up the rows, in the keys' order.
        constexpr std::size_t kBatch = 64;
        std::uint32_t first[kBatch];
        for (std::size_t base = 0; base < n; base += kBatch) {
            const std::size_t m = std::min(kBatch, n - base);
            const std::uint64_t* batch = keys + base;
            for (std::size_t k = 0; k < m; ++k) {
                const std::uint64_t key = batch[k];
                const auto i = static_cast<std::uint32_t>((key ^ (key >> 29)) & mask);
                first[k] = i;
                __builtin_prefetch(&tags_[i]);
                __builtin_prefetch(&slots_[i]);
            }
            for (std::size_t k = 0; k < m; ++k) {
                const std::uint64_t key = batch[k];
                if (key == 0) continue;
                const std::uint32_t tag = tag_of(key);
                for (std::size_t i = first[k];; i = (i + 1) & mask) {
                    const std::uint32_t t = tags_[i];
                    if (t == tag && slots_[i].key == key) {
                        const Row& w = slots_[i].row;
                        for (std::size_t c = 0; c < kColumns; ++c) s[c] += w[c];
                        break;
                    }
                    if (t == 0) break;
                }
            }
        }
        return s;
    }
    Row& at(std::uint64_t key) {  // inserts zeros when absent
        if (key == 0) key = 1;
        if (3 * (count_ + 1) > 2 * slots_.size()) grow();
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = (key ^ (key >> 29)) & mask;; i = (i + 1) & mask) {
            if (slots_[i].key == key) return slots_[i].row;
            if (tags_[i] == 0) {
                tags_[i] = tag_of(key);
                slots_[i].key = key;
                slots_[i].row = Row{};
                ++count_;
                return slots_[i].row;
            }
        }
    }
    [[nodiscard]] std::size_t size() const { return count_; }
    template <class F>
    void for_each(F&& f) const {
        for (const Slot& s : slots_)
            if (s.key != 0) f(s.key, s.row);
    }
    void clear() {
        tags_.clear();
        slots_.clear();
        count_ = 0;
    }

private:
    void grow() { reserve(slots_.empty() ? 8 : slots_.size() + 1); }
    [[nodiscard]] static std::uint32_t tag_of(std::uint64_t key) {
        return static_cast<std::uint32_t>(key >> 32) | 1u;  // never 0 (0 = empty slot)
    }
    // Per slot, a 32-bit tag of its key (0 = empty) in an array of its own: most features of a
    // pair are absent from the model, and a probe that finds no tag touches 4 bytes a slot in
    // a compact array instead of the weights. Key and weights side by side (32 bytes for both
    // kinds of row): a hit touches one cache line of them.
    struct alignas(32) Slot {
        std::uint64_t key = 0;
        Row row{};
    };
    std::vector<std::uint32_t> tags_;
    std::vector<Slot> slots_;
    std::size_t count_ = 0;

public:
    // find() over the table's arrays as they are now, held in plain pointers: a caller that
    // looks up many keys in a row (a candidate's features) keeps them in registers instead of
    // reloading them from the vectors for every key. Valid while the table is not changed.
    class Reader {
    public:
        explicit Reader(const BasicWeightTable& t)
            : tags_(t.tags_.empty() ? &kNoTag : t.tags_.data()), slots_(t.slots_.data()),
              mask_(t.tags_.empty() ? 0 : t.tags_.size() - 1) {}
        // (As BasicWeightTable::find, which refuses key 0 first: no slot holds key 0 (at() stores
        // it as 1), so the probe for 0 ends at an empty slot all the same.)
        [[nodiscard]] const Row* find(std::uint64_t key) const {
            const std::uint32_t tag = tag_of(key);
            for (std::size_t i = (key ^ (key >> 29)) & mask_;; i = (i + 1) & mask_) {
                const std::uint32_t t = tags_[i];
                if (t == tag && slots_[i].key == key) return &slots_[i].row;
                if (t == 0) return nullptr;
            }
        }

    private:
        static constexpr std::uint32_t kNoTag = 0;  // an empty table: one empty slot
        const std::uint32_t* tags_;
        const Slot* slots_;
        std::size_t mask_;
    };
};
using WeightTable = BasicWeightTable<Scores>;

class LinkModel {
public:
    [[nodiscard]] Scores score(const std::vector<std::uint64_t>& features) const;
    [[nodiscard]] bool empty() const { return weights_.size() == 0; }
    void read(std::istream& in, std::string_view name);  // throws resource_error
    void read(std::string_view content, std::string_view name);  // the same, from the file's bytes
    void write(std::ostream& out) const;
    WeightTable& weights() { return weights_; }
    [[nodiscard]] const WeightTable& table() const { return weights_; }

private:
    WeightTable weights_;
};

struct TrainingExample {
    std::vector<std::uint64_t> features;
    std::uint8_t label = 0;
};

// Averaged perceptrons (see kLabels); examples visited in an order shuffled by a seeded generator of our own
// (std::shuffle's algorithm differs between standard libraries).
LinkModel train_perceptron(const std::vector<TrainingExample>& examples, int epochs, unsigned seed);

}  // namespace chronoline::links
