// The events stage's language knowledge, loaded from resources/en/events/: closed-class words
// (with the verb-group roles of auxiliaries, modals, "to" and negation), irregular verbs, event
// class hints, event nominals and part-of-speech suffixes. Lookups go by a 64-bit hash of the
// lower-case form, computed once per token.
#pragma once
#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "chronoline/text.hpp"

namespace chronoline::events {

// FNV-1a, 64 bit (the model file's checksum).
constexpr std::uint64_t kFnvBasis = 14695981039346656037ull;
constexpr std::uint64_t kFnvPrime = 1099511628211ull;
inline std::uint64_t hash_bytes(std::string_view s, std::uint64_t h = kFnvBasis) {
    const char* p = s.data();
    std::size_t n = s.size();
    // Four bytes a turn (the same value: the bytes in order), so that the loop's own count and
    // test are paid once per four (the model file's ~340 KB are checked at every load).
    for (; n >= 4; p += 4, n -= 4) {
        h = (h ^ static_cast<unsigned char>(p[0])) * kFnvPrime;
        h = (h ^ static_cast<unsigned char>(p[1])) * kFnvPrime;
        h = (h ^ static_cast<unsigned char>(p[2])) * kFnvPrime;
        h = (h ^ static_cast<unsigned char>(p[3])) * kFnvPrime;
    }
    for (; n; ++p, --n) h = (h ^ static_cast<unsigned char>(*p)) * kFnvPrime;
    return h;
}

// The hash of a word form: 8 bytes at a time, assembled little-endian whatever the machine, so
// that the hashed model features are the same everywhere.
inline std::uint64_t load_le(const char* p, std::size_t n) {
    std::uint64_t v = 0;
    for (std::size_t k = 0; k < n; ++k) v |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[k])) << (8 * k);
    return v;
}
inline std::uint64_t hash_word(std::string_view s) {
    std::uint64_t h = 0x9E3779B97F4A7C15ull ^ (s.size() * 0xD6E8FEB86659FD93ull);
    const char* p = s.data();
    std::size_t n = s.size();
    for (; n >= 8; p += 8, n -= 8) {
        h = (h ^ load_le(p, 8)) * 0xff51afd7ed558ccdull;
        h ^= h >> 32;
    }
    if (n) {
        h = (h ^ load_le(p, n)) * 0xc4ceb9fe1a85ec53ull;
        h ^= h >> 29;
    }
    h *= 0x9E3779B97F4A7C15ull;
    return h ^ (h >> 32);
}

// hash_word of the `size` bytes at `begin` in `buffer`, the same value, faster: a tail shorter
// than 8 bytes is read with one 8-byte load and masked when the buffer reaches that far.
inline std::uint64_t hash_word_in(std::string_view buffer, std::size_t begin, std::size_t size) {
    if constexpr (std::endian::native != std::endian::little) {
        return hash_word(buffer.substr(begin, size));
    } else {
        std::uint64_t h = 0x9E3779B97F4A7C15ull ^ (size * 0xD6E8FEB86659FD93ull);
        const char* p = buffer.data() + begin;
        std::size_t n = size;
        for (; n >= 8; p += 8, n -= 8) {
            std::uint64_t v;
            std::memcpy(&v, p, 8);
            h = (h ^ v) * 0xff51afd7ed558ccdull;
            h ^= h >> 32;
        }
        if (n) {
            std::uint64_t v;
            if (static_cast<std::size_t>(p - buffer.data()) + 8 <= buffer.size()) {
                std::memcpy(&v, p, 8);
                v &= (std::uint64_t{1} << (8 * n)) - 1;
            } else {
                v = load_le(p, n);
            }
            h = (h ^ v) * 0xc4ceb9fe1a85ec53ull;
            h ^= h >> 29;
        }
        h *= 0x9E3779B97F4A7C15ull;
        return h ^ (h >> 32);
    }
}

enum class ClosedTag : std::uint8_t {
    none, det, prep, pron, conj, wh, adv, part, to, neg, modal, future, aux_be, aux_have, aux_do, num
};

// The tense an auxiliary form carries.
enum class AuxTense : std::uint8_t { none, present, past, base, prespart, pastpart };

// What the irregular lexicon (or, for regular verbs, the suffix) says a verb form is.
// base_or_past: an irregular verb whose past is its base ("hit", "put", "cut").
enum class VerbForm : std::uint8_t { none, base, third, past, pastpart, past_or_pastpart, ing, base_or_past };

// Bits of event class hints (a lemma may carry several).
enum ClassHint : std::uint8_t {
    hint_reporting = 1, hint_i_action = 2, hint_i_state = 4, hint_aspectual = 8, hint_perception = 16,
    hint_state = 32
};

enum WordnetPos : std::uint8_t { wordnet_noun_bit = 1, wordnet_verb_bit = 2, wordnet_adjective_bit = 4 };

// What the lexicons say of one word form, packed in 12 bytes so that a table slot (with its
// hash check) is 16: a lookup touches one cache line, and the whole table (~80,000 forms) is
// 2 MB rather than 5.
struct WordInfo {
    // WordNet classes (lexicographer files) of the lemma, as ids into Lexicon::wordnet_classes():
    // every class of its first senses (a bit per id, ids < 48), the first sense's as noun and as
    // verb (0 = none), and its parts of speech (wordnet_noun_bit | ...).
    std::uint32_t wordnet_mask_low = 0;
    std::uint32_t wordnet_mask_high : 16 = 0;
    std::uint32_t wordnet_noun : 6 = 0;
    std::uint32_t wordnet_verb : 6 = 0;
    std::uint32_t wordnet_pos : 3 = 0;
    bool negative : 1 = false;               // the form carries a negation ("didn't")
    ClosedTag closed : 4 = ClosedTag::none;
    AuxTense aux_tense : 3 = AuxTense::none;
    bool used : 1 = false;                   // (the table's: the slot holds a form)
    VerbForm verb_form : 3 = VerbForm::none; // for irregular verb forms
    bool known_lemma : 1 = false;            // the form is itself a lemma of some list
    bool nominal : 1 = false;                // as a lemma: an event nominal
    bool base_is_participle : 1 = false;     // irregular base that is also the participle ("come", "run")
    bool bare_infinitive : 1 = false;        // as a lemma: takes a bare infinitive ("help", "let")
    std::uint16_t class_hints : 6 = 0;       // as a lemma
    // Irregular verb forms ("said"): 1 + the index of their base in Lexicon's irregular table.
    std::uint16_t irregular : 10 = 0;

    static constexpr std::size_t kMaxWordnetClasses = 48;
    static constexpr std::size_t kMaxIrregular = 1023;
    [[nodiscard]] std::uint64_t wordnet_mask() const {
        return (std::uint64_t{wordnet_mask_high} << 32) | wordnet_mask_low;
    }
    void add_wordnet_class(std::size_t id) {
        const std::uint64_t mask = wordnet_mask() | (std::uint64_t{1} << id);
        wordnet_mask_low = static_cast<std::uint32_t>(mask);
        wordnet_mask_high = static_cast<std::uint32_t>(mask >> 32) & 0xFFFF;
    }
};
static_assert(sizeof(WordInfo) == 12);

// Big arrays (2 MiB and more) on 2 MiB boundaries, zeroed (fresh pages), with the kernel asked
// for huge pages there:
// the word table (4 MB) then costs two page faults to fill instead of a thousand, and the lookups
// every token makes at random in it need two TLB entries, not a thousand. (Only a hint: without
// huge pages all works the same.) Smaller arrays come from the usual allocator.
void* allocate_large(std::size_t bytes);
void free_large(void* p, std::size_t bytes) noexcept;
inline constexpr std::size_t kLargeArray = std::size_t{2} << 20;
template <class T>
struct LargeArrayAllocator {
    using value_type = T;
    LargeArrayAllocator() = default;
    template <class U>
    explicit LargeArrayAllocator(const LargeArrayAllocator<U>&) noexcept {}
    T* allocate(std::size_t n) {
        if (n * sizeof(T) < kLargeArray) return std::allocator<T>().allocate(n);
        return static_cast<T*>(allocate_large(n * sizeof(T)));
    }
    void deallocate(T* p, std::size_t n) noexcept {
        if (n * sizeof(T) < kLargeArray) std::allocator<T>().deallocate(p, n);
        else free_large(p, n * sizeof(T));
    }
    friend bool operator==(const LargeArrayAllocator&, const LargeArrayAllocator&) { return true; }
};

// The same for arrays of elements whose default value is all zero bytes (the word table's
// slots): the memory is cleared in one go and default construction leaves it alone, instead of
// constructing the slots one by one (4 million instructions for the word table).
template <class T>
struct ZeroedArrayAllocator : LargeArrayAllocator<T> {
    static_assert(std::is_trivially_copyable_v<T>);
    template <class U>
    struct rebind {
        using other = ZeroedArrayAllocator<U>;
    };
    ZeroedArrayAllocator() = default;
    template <class U>
    explicit ZeroedArrayAllocator(const ZeroedArrayAllocator<U>&) noexcept {}
    T* allocate(std::size_t n) {
        T* p = LargeArrayAllocator<T>::allocate(n);
        // (A large array comes as fresh pages, zero already: see allocate_large.)
        if (n * sizeof(T) < kLargeArray) std::memset(static_cast<void*>(p), 0, n * sizeof(T));
        return p;
    }
    template <class U>
    void construct(U*) noexcept {}  // value-initialized: the zeroed memory is the value
    template <class U, class... Args>
    void construct(U* p, Args&&... args) {
        ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
    }
    friend bool operator==(const ZeroedArrayAllocator&, const ZeroedArrayAllocator&) { return true; }
};

// An open-addressing table keyed by the form's 64-bit hash, the entries in the slots. Forms are
// not stored and a lookup matches about 49 bits of the hash (slot position and a 32-bit check):
// a text word taken for a listed one of ~80,000 has a probability of the order of 1e-10, while
// comparing strings would cost a cache miss per word.
class WordTable {
public:
    // While loading: the entry of `form`, added if new. The reference lasts until the next insert.
    WordInfo& insert(std::string_view form) { return insert_hashed(hash_word(form)); }
    WordInfo& insert_hashed(std::uint64_t hash);
    // Room for `count` forms without growing (one rehash, to the size growing would reach).
    void reserve(std::size_t count);
    void finish_loading() { slot_hashes_.reset(); }  // no insert after this
    [[nodiscard]] const WordInfo* find(std::uint64_t hash) const {
        if (slots_.empty()) return nullptr;
        const std::size_t mask = slots_.size() - 1;
        const auto check = static_cast<std::uint32_t>(hash >> 32);
        for (std::size_t p = hash & mask; slots_[p].info.used; p = (p + 1) & mask)
            if (slots_[p].check == check) return &slots_[p].info;
        return nullptr;
    }
    [[nodiscard]] const WordInfo* find(std::string_view form) const { return find(hash_word(form)); }
    // A hint that find(hash) comes soon: the table is bigger than the cache, so callers walking
    // a document ask for a word's slot a few words ahead.
    void prefetch(std::uint64_t hash) const {
        if (!slots_.empty()) __builtin_prefetch(&slots_[hash & (slots_.size() - 1)]);
    }

private:
    void rehash(std::size_t size);
    struct alignas(16) Slot {
        std::uint32_t check = 0;  // the hash's high 32 bits; the slot's position gives the low ones
        WordInfo info;
    };
    // Full hashes, used only while loading (to rehash); a slot's is set when the slot is used, so
    // the array is not cleared.
    std::unique_ptr<std::uint64_t[]> slot_hashes_;
    std::vector<Slot, ZeroedArrayAllocator<Slot>> slots_;
    std::size_t count_ = 0;
};

struct SuffixRule {
    std::string suffix;
    Pos pos;
    std::uint64_t bytes = 0;  // the suffix as load_le gives it (suffixes are at most 8 bytes)
};

// The analysis of one word form: its lemma (best effort, known by its hash) and what the
// lexicons say.
struct WordAnalysis {
    const WordInfo* info = nullptr;       // the form's own entry (closed class, irregular form)
    const WordInfo* lemma_info = nullptr; // the lemma's entry, when the lemma is known
    std::uint64_t lemma_hash = 0;
    VerbForm verb_form = VerbForm::none;  // by the irregular lexicon or by the regular suffix
    Pos suffix_pos = Pos::unknown;        // Lexicon::suffix_pos of the form (filled by analyze_tokens)
};

class Lexicon {
public:
    // Loads every file under `events_dir` (…/resources/en/events); throws resource_error
    // naming a missing or malformed file.
    static Lexicon load(const std::filesystem::path& events_dir);

    [[nodiscard]] const WordInfo* find(std::uint64_t hash) const { return words_.find(hash); }
    void prefetch(std::uint64_t hash) const { words_.prefetch(hash); }
    // Lemmatizes `lower` (a lower-case token) by the irregular table, then by regular suffix
    // rules, preferring a candidate lemma that a lexicon knows.
    // A name inside a sentence needs no inflection search: pass `inflections` false.
    // (Inline: most forms are listed, or names, and need no more than the lookup; the
    // inflection search is out of line.)
    [[nodiscard]] WordAnalysis analyze(std::string_view lower, std::uint64_t hash, bool inflections = true) const {
        WordAnalysis a;
        a.info = words_.find(hash);
        if (a.info && a.info->irregular) {
            const IrregularBase& base = irregular_[a.info->irregular - 1];
            a.lemma_hash = base.hash;
            a.lemma_info = base.info;
            a.verb_form = a.info->verb_form;
            return a;
        }
        if (a.info && (a.info->known_lemma || a.info->closed != ClosedTag::none)) {
            a.lemma_hash = hash;
            a.lemma_info = a.info;
            a.verb_form = a.info->verb_form;
            if (a.verb_form == VerbForm::none) {
                // A listed lemma may still be an inflected form ("injured", "meeting").
                if (lower.size() >= 5 && lower.ends_with("ing")) a.verb_form = VerbForm::ing;
                else if (lower.size() >= 4 && lower.ends_with("ed")) a.verb_form = VerbForm::past_or_pastpart;
                else a.verb_form = VerbForm::base;
            }
            return a;
        }
        if (!inflections) {
            a.lemma_hash = hash;
            a.lemma_info = a.info;
            a.verb_form = VerbForm::base;
            return a;
        }
        return analyze_inflected(lower, hash, a.info);
    }
    // The part of speech the suffix table gives an unknown open-class word (unknown if none).
    [[nodiscard]] Pos suffix_pos(std::string_view lower) const;
    // The same for the `size` bytes at `begin` in `buffer` (a document's lower-case text), the
    // last 8 of them read with one load when the buffer reaches that far back.
    [[nodiscard]] Pos suffix_pos_in(std::string_view buffer, std::size_t begin, std::size_t size) const;

    // A noun (by its lemma's entry) that is never taken for an event: its first WordNet sense is
    // in a class of non_event_noun_classes.txt and no event list names it.
    [[nodiscard]] bool non_event_noun(const WordInfo* lemma) const {
        return lemma && !lemma->nominal && !lemma->class_hints && ((non_event_noun_classes_ >> lemma->wordnet_noun) & 1);
    }

    // Words of verb_group_words.txt, by the hash of their form: the modality a modal form
    // stands for ("" if none is listed), a coordinator ("and"), the "going" of "is going to".
    // A noun (by its lemma's entry) that names a happening: a listed event nominal, or one whose
    // first WordNet sense is in a class of event_noun_classes.txt ("the evacuation", "a
    // settlement"). The class rules read it in a verb's object ("ordered the evacuation").
    [[nodiscard]] bool event_noun(const WordInfo* lemma) const {
        return lemma && (lemma->nominal || ((event_noun_classes_ >> lemma->wordnet_noun) & 1));
    }
    // A verb lemma (by its hash) of stative_verbs.txt: a state in every sense ("own", "cost").
    [[nodiscard]] bool stative_verb(std::uint64_t lemma_hash) const {
        return std::find(stative_verbs_.begin(), stative_verbs_.end(), lemma_hash) != stative_verbs_.end();
    }

    [[nodiscard]] std::string_view modality_of(std::uint64_t hash) const {
        for (const auto& [h, modality] : modalities_)
            if (h == hash) return modality;
        return {};
    }
    [[nodiscard]] bool coordinator(std::uint64_t hash) const {
        return std::find(coordinators_.begin(), coordinators_.end(), hash) != coordinators_.end();
    }
    // A word that opens a clause a verb takes for its object ("said that ...").
    [[nodiscard]] bool complementizer(std::uint64_t hash) const {
        return std::find(complementizers_.begin(), complementizers_.end(), hash) != complementizers_.end();
    }
    // A preposition by which a verb of asking takes the event it asks for ("called for talks").
    [[nodiscard]] bool request_preposition(std::uint64_t hash) const {
        return std::find(request_prepositions_.begin(), request_prepositions_.end(), hash) != request_prepositions_.end();
    }
    [[nodiscard]] bool going_to(std::uint64_t hash) const {
        return std::find(going_to_.begin(), going_to_.end(), hash) != going_to_.end();
    }

    // Names of the WordNet class ids ("N:act", "V:communication"); id 0 is "".
    [[nodiscard]] const std::vector<std::string>& wordnet_classes() const { return wordnet_classes_; }

private:
    // analyze() of a form that is neither listed nor a name: the regular inflections' lemmas.
    [[nodiscard]] WordAnalysis analyze_inflected(std::string_view lower, std::uint64_t hash, const WordInfo* info) const;
    WordTable words_;
    // The base of each irregular verb form (WordInfo::irregular - 1): its hash and its entry.
    struct IrregularBase {
        std::uint64_t hash = 0;
        const WordInfo* info = nullptr;
    };
    std::vector<IrregularBase> irregular_;
    std::vector<std::string> wordnet_classes_{""};
    std::uint64_t non_event_noun_classes_ = 0;  // a bit per WordNet class id
    std::uint64_t event_noun_classes_ = 0;      // a bit per WordNet class id
    std::vector<std::uint64_t> stative_verbs_;  // a dozen lemma hashes: a scan is enough
    std::vector<std::uint64_t> request_prepositions_;
    std::vector<std::pair<std::uint64_t, std::string>> modalities_;  // a dozen: a scan is enough
    std::vector<std::uint64_t> coordinators_;
    std::vector<std::uint64_t> going_to_;
    std::vector<std::uint64_t> complementizers_;
    std::vector<SuffixRule> suffixes_;  // longest first
    // The rules in groups by a word's last two bytes (hashed to kSuffixGroups groups; a
    // one-byte rule is in every group its byte can end), each group padded to the size of the
    // biggest with tests that never pass: every word is tested by the same short loop, without
    // an early exit (which rule matches, if any, is a branch the processor would mispredict).
    struct SuffixTest {
        std::uint64_t bytes = 0;                 // the suffix, as tail >> shift gives it
        std::uint32_t longer_than = UINT32_MAX;  // the word must be longer than this (n + 2)
        std::uint8_t shift = 0;                  // 8 (8 - n)
        Pos pos = Pos::unknown;
    };
    static constexpr std::size_t kSuffixGroups = 128;
    static std::size_t suffix_group_of(std::uint64_t tail) {  // by the top two bytes of tail
        return static_cast<std::size_t>(((tail >> 48) * 0x9E3779B97F4A7C15ull) >> 57) & (kSuffixGroups - 1);
    }
    [[nodiscard]] Pos suffix_pos_of_tail(std::uint64_t tail, std::size_t size) const;
    std::vector<SuffixTest> suffix_tests_;  // kSuffixGroups groups of suffix_group_size_ tests
    std::size_t suffix_group_size_ = 0;
};

}  // namespace chronoline::events
