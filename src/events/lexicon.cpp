#include "events/lexicon.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

#include "chronoline/error.hpp"
#include "chronoline/io.hpp"

namespace chronoline::events {

// --- WordTable ------------------------------------------------------------------------------

namespace {
std::size_t large_size(std::size_t bytes) { return (bytes + kLargeArray - 1) / kLargeArray * kLargeArray; }
}  // namespace

// Fresh anonymous pages, which the kernel gives zeroed: ZeroedArrayAllocator need not clear
// them (a memset of the 4 MB word table was 4.3 M instructions of the stage's loading). Mapped
// with 2 MiB to spare, then trimmed to a 2 MiB boundary.
void* allocate_large(std::size_t bytes) {
    const std::size_t rounded = large_size(bytes);
    void* raw = ::mmap(nullptr, rounded + kLargeArray, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) throw std::bad_alloc();
    const auto start = reinterpret_cast<std::uintptr_t>(raw);
    const std::uintptr_t aligned = (start + kLargeArray - 1) / kLargeArray * kLargeArray;
    const std::uintptr_t end = start + rounded + kLargeArray;
    if (aligned > start) ::munmap(raw, aligned - start);
    if (end > aligned + rounded) ::munmap(reinterpret_cast<void*>(aligned + rounded), end - (aligned + rounded));
    void* p = reinterpret_cast<void*>(aligned);
#ifdef MADV_HUGEPAGE
    ::madvise(p, rounded, MADV_HUGEPAGE);  // a hint: without huge pages it works the same
#endif
    return p;
}

void free_large(void* p, std::size_t bytes) noexcept { ::munmap(p, large_size(bytes)); }

void WordTable::rehash(std::size_t size) {
    std::vector<Slot, ZeroedArrayAllocator<Slot>> slots(size);  // all free (zero bytes)
    auto hashes = std::make_unique_for_overwrite<std::uint64_t[]>(size);
    for (std::size_t k = 0; k < slots_.size(); ++k) {
        if (!slots_[k].info.used) continue;
        std::size_t p = slot_hashes_[k] & (size - 1);
        while (slots[p].info.used) p = (p + 1) & (size - 1);
        slots[p] = slots_[k];
        hashes[p] = slot_hashes_[k];
    }
    slots_ = std::move(slots);
    slot_hashes_ = std::move(hashes);
}

// Load factor at most 0.65: short probes (a probe stays in one or two cache lines). Sizes are
// powers of two from 1024, doubled until the count fits.
void WordTable::reserve(std::size_t count) {
    std::size_t size = slots_.empty() ? 1024 : slots_.size();
    while ((count + 1) * 20 > size * 13) size *= 2;
    if (size != slots_.size()) rehash(size);
}

WordInfo& WordTable::insert_hashed(std::uint64_t h) {
    if (const WordInfo* found = find(h)) return const_cast<WordInfo&>(*found);
    if ((count_ + 1) * 20 > slots_.size() * 13) rehash(slots_.empty() ? 1024 : slots_.size() * 2);
    std::size_t p = h & (slots_.size() - 1);
    while (slots_[p].info.used) p = (p + 1) & (slots_.size() - 1);
    slots_[p].check = static_cast<std::uint32_t>(h >> 32);
    slots_[p].info.used = true;
    slot_hashes_[p] = h;
    ++count_;
    return slots_[p].info;
}

// --- loading --------------------------------------------------------------------------------

namespace {

// A file's bytes mapped read-only, or read when it cannot be mapped (not a regular file, empty):
// the senses file (1.7 MB) is then neither copied nor faulted in page by page.
class FileBytes {
public:
    FileBytes() = default;
    // Throws input_error as read_file does.
    explicit FileBytes(const std::filesystem::path& path) {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        struct stat st {};
        if (fd >= 0 && ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
            void* p = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
            if (p != MAP_FAILED) {
                map_ = p;
                size_ = static_cast<std::size_t>(st.st_size);
            }
        }
        if (fd >= 0) ::close(fd);
        if (map_ == nullptr) {
            read_ = std::make_unique<std::string>();
            read_file_into(path, *read_);
        }
    }
    FileBytes(FileBytes&& other) noexcept
        : map_(std::exchange(other.map_, nullptr)), size_(std::exchange(other.size_, 0)), read_(std::move(other.read_)) {}
    FileBytes& operator=(FileBytes&& other) noexcept {
        std::swap(map_, other.map_);
        std::swap(size_, other.size_);
        std::swap(read_, other.read_);
        return *this;
    }
    FileBytes(const FileBytes&) = delete;
    FileBytes& operator=(const FileBytes&) = delete;
    ~FileBytes() {
        if (map_ != nullptr) ::munmap(map_, size_);
    }
    [[nodiscard]] std::string_view view() const {
        if (map_ != nullptr) return {static_cast<const char*>(map_), size_};
        return read_ ? std::string_view(*read_) : std::string_view{};
    }

private:
    void* map_ = nullptr;
    std::size_t size_ = 0;
    std::unique_ptr<std::string> read_;  // (held apart, so that views into it survive a move)
};

struct ResourceFile {
    std::filesystem::path path;
    FileBytes bytes;
    std::string_view content;             // bytes.view()
    std::vector<std::string_view> lines;  // into content, without comments and blank lines
    std::vector<int> numbers;             // 1-based line numbers of `lines`
};

// Calls `entry(line, number)` for each line of `content` that is neither blank nor a comment,
// without its line end (LF or CRLF); number is 1-based. Stops early when `entry` returns false.
template <class Entry>
void for_each_entry(std::string_view content, Entry&& entry) {
    const char* p = content.data();
    const char* const end = p + content.size();
    for (int number = 1; p < end; ++number) {
        const auto* eol = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
        const char* line_end = eol ? eol : end;
        std::string_view line(p, static_cast<std::size_t>(line_end - p));
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (!line.empty() && line.front() != '#' && !entry(line, number)) return;
        p = eol ? eol + 1 : end;
    }
}

// Reads (maps) a lexicon file whole and checks its header and that it has entries. With
// `split_lines`, also lists its entry lines (the big senses file is parsed as it is scanned).
ResourceFile read_resource(const std::filesystem::path& path, bool split_lines = true) {
    ResourceFile f{path, {}, {}, {}, {}};
    try {
        f.bytes = FileBytes(path);
    } catch (const input_error&) {
        throw resource_error("cannot read event lexicon " + path.string());
    }
    f.content = f.bytes.view();
    // A header is a line that starts so: at the start of the file or after a line feed.
    const std::string_view content = f.content;
    const bool has_format = content.starts_with("# FORMAT:") || content.find("\n# FORMAT:") != std::string_view::npos;
    if (!has_format) throw resource_error(path.string() + ": missing the '# FORMAT:' header");
    if (split_lines) {
        for_each_entry(content, [&](std::string_view line, int number) {
            f.lines.push_back(line);
            f.numbers.push_back(number);
            return true;
        });
        if (f.lines.empty()) throw resource_error(path.string() + ": no entries");
    } else {
        bool any = false;
        for_each_entry(content, [&](std::string_view, int) { return !(any = true); });
        if (!any) throw resource_error(path.string() + ": no entries");
    }
    return f;
}

[[noreturn]] void malformed(const ResourceFile& f, std::size_t k, const std::string& why) {
    throw resource_error(f.path.string() + ":" + std::to_string(f.numbers[k]) + ": " + why);
}

// The fields of a line, as views into it (at most kMax; more makes the line malformed).
struct Fields {
    static constexpr std::size_t kMax = 8;
    std::array<std::string_view, kMax> field{};
    std::size_t count = 0;
    bool overflow = false;
    [[nodiscard]] std::size_t size() const { return overflow ? kMax + 1 : count; }
    [[nodiscard]] std::string_view operator[](std::size_t k) const { return field[k]; }
    [[nodiscard]] const std::string_view* begin() const { return field.data(); }
    [[nodiscard]] const std::string_view* end() const { return field.data() + count; }
};

Fields split(std::string_view line, char sep) {
    Fields out;
    for (;;) {
        if (out.count == Fields::kMax) {
            out.overflow = true;
            break;
        }
        const std::size_t end = line.find(sep);
        out.field[out.count++] = line.substr(0, end);
        if (end == std::string_view::npos) break;
        line.remove_prefix(end + 1);
    }
    return out;
}

// The ids of WordNet classes by part of speech and name, while loading: a small open-addressing
// table (fewer than 64 classes) keyed by the name's hash, in place of a map of strings.
class ClassIds {
public:
    // The id of `name` for part of speech `pos` ('N', 'V', 'A'), or -1; `add` gives it `id` if new.
    int find(char pos, std::string_view name) const {
        const std::uint64_t key = hash_word(name) ^ static_cast<unsigned char>(pos);
        for (std::size_t p = key & (kSlots - 1); slots_[p].used; p = (p + 1) & (kSlots - 1))
            if (slots_[p].key == key) return slots_[p].id;
        return -1;
    }
    void add(char pos, std::string_view name, std::uint8_t id) {
        const std::uint64_t key = hash_word(name) ^ static_cast<unsigned char>(pos);
        std::size_t p = key & (kSlots - 1);
        while (slots_[p].used) p = (p + 1) & (kSlots - 1);
        slots_[p] = {key, id, true};
    }

private:
    static constexpr std::size_t kSlots = 256;
    struct Slot {
        std::uint64_t key = 0;
        std::uint8_t id = 0;
        bool used = false;
    };
    std::array<Slot, kSlots> slots_{};
};

// The words of `line` separated by white space (as a stream's >> reads them).
std::vector<std::string> words_of(std::string_view line) {
    constexpr std::string_view kSpace = " \t\n\v\f\r";
    std::vector<std::string> out;
    for (std::size_t p = line.find_first_not_of(kSpace); p != std::string_view::npos;) {
        const std::size_t end = line.find_first_of(kSpace, p);
        out.emplace_back(line.substr(p, end - p));
        p = end == std::string_view::npos ? end : line.find_first_not_of(kSpace, end);
    }
    return out;
}

ClosedTag closed_tag_named(std::string_view s) {
    static constexpr std::pair<std::string_view, ClosedTag> kTags[] = {
        {"DET", ClosedTag::det},       {"PREP", ClosedTag::prep},     {"PRON", ClosedTag::pron},
        {"CONJ", ClosedTag::conj},     {"WH", ClosedTag::wh},         {"ADV", ClosedTag::adv},
        {"PART", ClosedTag::part},     {"TO", ClosedTag::to},         {"NEG", ClosedTag::neg},
        {"MODAL", ClosedTag::modal},   {"FUTURE", ClosedTag::future}, {"AUX_BE", ClosedTag::aux_be},
        {"AUX_HAVE", ClosedTag::aux_have}, {"AUX_DO", ClosedTag::aux_do}, {"NUM", ClosedTag::num}};
    for (const auto& [name, tag] : kTags)
        if (name == s) return tag;
    return ClosedTag::none;
}

AuxTense aux_tense_named(std::string_view s) {
    if (s == "PRESENT") return AuxTense::present;
    if (s == "PAST") return AuxTense::past;
    if (s == "BASE") return AuxTense::base;
    if (s == "PRESPART") return AuxTense::prespart;
    if (s == "PASTPART") return AuxTense::pastpart;
    return AuxTense::none;
}

std::uint8_t class_hint_named(std::string_view s) {
    if (s == "REPORTING") return hint_reporting;
    if (s == "I_ACTION") return hint_i_action;
    if (s == "I_STATE") return hint_i_state;
    if (s == "ASPECTUAL") return hint_aspectual;
    if (s == "PERCEPTION") return hint_perception;
    if (s == "STATE") return hint_state;
    return 0;
}

Pos pos_named(std::string_view s) {
    if (s == "NOUN") return Pos::noun;
    if (s == "VERB") return Pos::verb;
    if (s == "ADJECTIVE") return Pos::adjective;
    if (s == "ADVERB") return Pos::adverb;
    return Pos::unknown;
}

bool is_lower_word(std::string_view w) {
    if (w.empty()) return false;
    for (const char c : w)
        if (c >= 'A' && c <= 'Z') return false;
    return true;
}

}  // namespace

// A verb's regular -ed and -ing forms (some may be spelled two ways: "planned", "stopped").
static std::array<std::string, 4> regular_inflections(const std::string& lemma) {
    std::array<std::string, 4> forms;
    const std::size_t n = lemma.size();
    if (n < 3) return forms;
    if (lemma.back() == 'e') {
        forms[0] = lemma + "d";
        forms[1] = lemma.substr(0, n - 1) + "ing";
    } else if (lemma.back() == 'y' && std::string_view("aeiou").find(lemma[n - 2]) == std::string_view::npos) {
        forms[0] = lemma.substr(0, n - 1) + "ied";
        forms[1] = lemma + "ing";
    } else {
        forms[0] = lemma + "ed";
        forms[1] = lemma + "ing";
        forms[2] = lemma + lemma.back() + "ed";  // "planned", "stopped"
        forms[3] = lemma + lemma.back() + "ing";
    }
    return forms;
}

// WordNet lists some inflected verb forms as lemmas of their own ("continued", "completed",
// "planned": adjectives; "offering", "meeting": nouns), and the analysis then takes the form for
// its own lemma, which event_lexicon.txt's class hints are not on. A verb's hints are copied to
// its regular -ed and -ing forms that are entries already (no entry is added): "continued to
// rise" is still the aspectual "continue".
static void share_class_hints_with_inflections(WordTable& words, const std::vector<std::string_view>& class_lines) {
    for (const std::string_view line : class_lines) {
        const auto fields = split(line, '\t');
        const std::uint8_t hint = class_hint_named(fields[1]);
        for (const std::string& form : regular_inflections(std::string(fields[0]))) {
            if (form.empty()) continue;
            const std::uint64_t hash = hash_word(form);
            if (const WordInfo* w = words.find(hash); w && w->known_lemma && !w->irregular)
                words.insert_hashed(hash).class_hints |= hint;
        }
    }
}

Lexicon Lexicon::load(const std::filesystem::path& dir) {
    Lexicon lex;

    const auto closed = read_resource(dir / "closed_class.txt");
    const auto irregular = read_resource(dir / "irregular_verbs.txt");
    const auto classes = read_resource(dir / "event_lexicon.txt");
    const auto nominals = read_resource(dir / "event_nominals.txt");
    const auto senses = read_resource(dir / "wordnet_senses.txt", false);
    const auto suffixes = read_resource(dir / "pos_suffixes.txt");
    const auto bare = read_resource(dir / "bare_infinitive_verbs.txt");
    const auto non_event_nouns = read_resource(dir / "non_event_noun_classes.txt");
    const auto event_nouns = read_resource(dir / "event_noun_classes.txt");
    const auto statives = read_resource(dir / "stative_verbs.txt");
    const auto group_words = read_resource(dir / "verb_group_words.txt");
    // Room for the short lists first; the senses' entries are counted when they are parsed.
    lex.words_.reserve(closed.lines.size() + 3 * irregular.lines.size() + classes.lines.size() +
                       nominals.lines.size() + bare.lines.size());
    for (std::size_t k = 0; k < closed.lines.size(); ++k) {
        const auto fields = split(closed.lines[k], '\t');
        if (fields.size() < 2 || !is_lower_word(fields[0])) malformed(closed, k, "want FORM<TAB>TAG");
        const ClosedTag tag = closed_tag_named(fields[1]);
        if (tag == ClosedTag::none) malformed(closed, k, "unknown tag '" + std::string(fields[1]) + "'");
        WordInfo& w = lex.words_.insert(fields[0]);
        w.closed = tag;
        if (fields.size() > 2 && !fields[2].empty()) {
            w.aux_tense = aux_tense_named(fields[2]);
            if (w.aux_tense == AuxTense::none) malformed(closed, k, "unknown tense '" + std::string(fields[2]) + "'");
        }
        if (fields.size() > 3) {
            if (fields[3] != "NEG") malformed(closed, k, "fourth field must be NEG");
            w.negative = true;
        }
    }

    for (std::size_t k = 0; k < irregular.lines.size(); ++k) {
        const auto fields = words_of(irregular.lines[k]);
        if (fields.size() != 3) malformed(irregular, k, "want BASE PAST PASTPART");
        const std::string& base = fields[0];
        {
            WordInfo& w = lex.words_.insert(base);
            w.known_lemma = true;
            if (w.verb_form == VerbForm::none) w.verb_form = VerbForm::base;
        }
        auto add_form = [&](std::string_view form, VerbForm vf) {
            WordInfo& w = lex.words_.insert(form);
            if (form == base) {  // "cut cut cut", "come came come": the base stays a base
                if (vf == VerbForm::past) w.verb_form = VerbForm::base_or_past;
                if (vf == VerbForm::pastpart) w.base_is_participle = true;
                return;
            }
            // The base's entry is found when loading is done (an insert may move entries).
            if (!w.irregular) {
                if (lex.irregular_.size() >= WordInfo::kMaxIrregular) malformed(irregular, k, "too many irregular forms");
                lex.irregular_.push_back({});
                w.irregular = static_cast<std::uint16_t>(lex.irregular_.size());
            }
            lex.irregular_[w.irregular - 1].hash = hash_word(base);
            if ((w.verb_form == VerbForm::past && vf == VerbForm::pastpart) ||
                (w.verb_form == VerbForm::pastpart && vf == VerbForm::past))
                w.verb_form = VerbForm::past_or_pastpart;
            else if (w.verb_form == VerbForm::none)
                w.verb_form = vf;
        };
        const auto pasts = split(fields[1], '/');
        const auto participles = split(fields[2], '/');
        for (const auto& p : pasts) add_form(p, VerbForm::past);
        for (const auto& p : participles) add_form(p, VerbForm::pastpart);
    }

    for (std::size_t k = 0; k < classes.lines.size(); ++k) {
        const auto fields = split(classes.lines[k], '\t');
        if (fields.size() != 2 || !is_lower_word(fields[0])) malformed(classes, k, "want LEMMA<TAB>CLASS");
        const std::uint8_t hint = class_hint_named(fields[1]);
        if (!hint) malformed(classes, k, "unknown class '" + std::string(fields[1]) + "'");
        WordInfo& w = lex.words_.insert(fields[0]);
        w.known_lemma = true;
        w.class_hints |= hint;
    }

    for (std::size_t k = 0; k < nominals.lines.size(); ++k) {
        const auto& form = nominals.lines[k];
        if (!is_lower_word(form) || form.find_first_of(" \t") != std::string::npos)
            malformed(nominals, k, "want one lower-case noun");
        WordInfo& w = lex.words_.insert(form);
        w.known_lemma = true;
        w.nominal = true;
    }

    for (std::size_t k = 0; k < bare.lines.size(); ++k) {
        if (!is_lower_word(bare.lines[k])) malformed(bare, k, "want one lower-case verb");
        WordInfo& w = lex.words_.insert(bare.lines[k]);
        w.known_lemma = true;
        w.bare_infinitive = true;
    }

    // The senses file is most of the lexicon. Its lines are parsed first, in order (the class
    // ids are numbered as they appear), into what each says of its word; then the table gets its
    // final size at once and the entries go in, each form's slot asked for a few entries ahead
    // (the table is bigger than the cache: each insert would otherwise wait for the memory).
    struct Sense {
        std::uint64_t hash = 0;
        std::uint64_t classes = 0;  // a bit per class id
        std::uint8_t first = 0;     // the first sense's class id
        char pos = 0;               // 'N', 'V' or 'A'
    };
    std::vector<Sense, LargeArrayAllocator<Sense>> sense_entries;  // ~2 MB: in huge pages, as the table
    sense_entries.reserve(senses.content.size() / 16);
    ClassIds class_ids;
    // The same classes field recurs on many lines (some 2,500 distinct ones on 86,000 lines):
    // what a field says (its class bits and first class) is kept by field and part of speech,
    // computed the first time it is seen, so class ids are still numbered in file order.
    struct FieldClasses {
        std::string_view field;
        char pos = 0;  // 0: the slot is free
        std::uint8_t first = 0;
        std::uint64_t mask = 0;
    };
    constexpr std::size_t kFieldSlots = 8192;
    std::vector<FieldClasses> field_classes(kFieldSlots);
    std::size_t fields_kept = 0;
    for_each_entry(senses.content, [&](std::string_view line, int number) {
        auto bad = [&](const std::string& why) {
            throw resource_error(senses.path.string() + ":" + std::to_string(number) + ": " + why);
        };
        // WORD<TAB>N|V|A<TAB>CLASSES: a lower-case word, then a tab, one letter, a tab, and a
        // last field without a tab.
        const char* const b = line.data();
        const std::size_t n = line.size();
        std::size_t tab = 0;
        bool upper = false;
        // The word is scanned 8 bytes at a time while the line has 8 more: the first tab by the
        // "has zero byte" test on the bytes xor a tab (exact for the first one), capitals by the
        // "has byte between" test (exact per byte), both of Bit Twiddling Hacks.
        constexpr std::uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
        constexpr std::uint64_t low7 = 0x7F7F7F7F7F7F7F7Full;
        for (; tab + 8 <= n; tab += 8) {
            std::uint64_t x;
            if constexpr (std::endian::native == std::endian::little) std::memcpy(&x, b + tab, 8);
            else x = load_le(b + tab, 8);
            const std::uint64_t t = x ^ (ones * '\t');
            const std::uint64_t tabs = (t - ones) & ~t & high;
            const std::uint64_t capitals =
                (ones * (127 + ('Z' + 1)) - (x & low7)) & ~x & ((x & low7) + ones * (127 - ('A' - 1))) & high;
            if (tabs) {
                const unsigned at = static_cast<unsigned>(std::countr_zero(tabs)) / 8;
                upper |= (capitals & ((std::uint64_t{1} << (8 * at)) - 1)) != 0;
                tab += at;
                break;
            }
            upper |= capitals != 0;
        }
        if (tab + 8 > n)
            for (; tab < n && b[tab] != '\t'; ++tab) upper |= b[tab] >= 'A' && b[tab] <= 'Z';
        if (tab == 0 || upper || tab + 2 >= n || b[tab + 2] != '\t' ||
            (b[tab + 1] != 'N' && b[tab + 1] != 'V' && b[tab + 1] != 'A'))
            bad("want WORD<TAB>N|V|A<TAB>CLASS[,CLASS...]");
        const char pos = b[tab + 1];
        const std::string_view class_field = line.substr(tab + 3);
        const std::size_t at = static_cast<std::size_t>(b - senses.content.data());
        std::size_t slot = (hash_word_in(senses.content, at + tab + 3, class_field.size()) ^ static_cast<unsigned char>(pos)) &
                           (kFieldSlots - 1);
        while (field_classes[slot].pos != 0 && (field_classes[slot].pos != pos || field_classes[slot].field != class_field))
            slot = (slot + 1) & (kFieldSlots - 1);
        FieldClasses known = field_classes[slot];
        if (known.pos == 0) {
            // A third tab is looked for only in a field not seen before: a field with one is
            // never kept, so it cannot match a kept one (the same lines are refused, ~2,600
            // searches instead of ~87,000).
            if (class_field.find('\t') != std::string_view::npos) bad("want WORD<TAB>N|V|A<TAB>CLASS[,CLASS...]");
            known = {class_field, pos, 0, 0};
            bool first = true;
            for (const std::string_view name : split(class_field, ',')) {
                int id = class_ids.find(pos, name);
                if (id < 0) {
                    if (lex.wordnet_classes_.size() >= WordInfo::kMaxWordnetClasses)
                        bad("more than " + std::to_string(WordInfo::kMaxWordnetClasses - 1) + " classes");
                    id = static_cast<int>(lex.wordnet_classes_.size());
                    class_ids.add(pos, name, static_cast<std::uint8_t>(id));
                    lex.wordnet_classes_.push_back(std::string(1, pos) + ":" + std::string(name));
                }
                known.mask |= std::uint64_t{1} << id;
                if (first) known.first = static_cast<std::uint8_t>(id);
                first = false;
            }
            // Kept while the table stays at most half full (a file of many more distinct fields
            // is still read right, the extra ones computed each time).
            if (fields_kept < kFieldSlots / 2) {
                field_classes[slot] = known;
                ++fields_kept;
            }
        }
        sense_entries.push_back({hash_word_in(senses.content, at, tab), known.mask, known.first, pos});
        return true;
    });
    lex.words_.reserve(closed.lines.size() + 3 * irregular.lines.size() + classes.lines.size() +
                       nominals.lines.size() + sense_entries.size() + bare.lines.size());
    constexpr std::size_t kAhead = 16;
    for (std::size_t k = 0; k < sense_entries.size(); ++k) {
        if (k + kAhead < sense_entries.size()) lex.words_.prefetch(sense_entries[k + kAhead].hash);
        const Sense& sense = sense_entries[k];
        WordInfo& w = lex.words_.insert_hashed(sense.hash);
        w.known_lemma = true;
        // (Without branches on the part of speech: it changes from line to line at random.)
        const bool noun = sense.pos == 'N', verb = sense.pos == 'V';
        w.wordnet_pos |= noun ? wordnet_noun_bit : verb ? wordnet_verb_bit : wordnet_adjective_bit;
        const std::uint64_t mask = w.wordnet_mask() | sense.classes;
        w.wordnet_mask_low = static_cast<std::uint32_t>(mask);
        w.wordnet_mask_high = static_cast<std::uint32_t>(mask >> 32) & 0xFFFF;
        const std::uint32_t old_noun = w.wordnet_noun, old_verb = w.wordnet_verb;
        w.wordnet_noun = noun ? sense.first : old_noun;
        w.wordnet_verb = verb ? sense.first : old_verb;
    }

    for (std::size_t k = 0; k < group_words.lines.size(); ++k) {
        const auto fields = split(group_words.lines[k], '\t');
        if (fields.size() < 2 || fields[0].empty()) malformed(group_words, k, "want WORD<TAB>ROLE[<TAB>VALUE]");
        const std::uint64_t hash = hash_word(fields[0]);
        if (fields[1] == "MODALITY") {
            if (fields.size() != 3 || !is_lower_word(fields[2])) malformed(group_words, k, "MODALITY wants a VALUE");
            lex.modalities_.emplace_back(hash, std::string(fields[2]));
        } else if (fields[1] == "COORDINATOR" && fields.size() == 2) {
            lex.coordinators_.push_back(hash);
        } else if (fields[1] == "GOING_TO" && fields.size() == 2) {
            lex.going_to_.push_back(hash);
        } else if (fields[1] == "COMPLEMENTIZER" && fields.size() == 2) {
            lex.complementizers_.push_back(hash);
        } else if (fields[1] == "REQUEST_PREPOSITION" && fields.size() == 2) {
            lex.request_prepositions_.push_back(hash);
        } else {
            malformed(group_words, k, "unknown role '" + std::string(fields[1]) + "' (or a VALUE it does not take)");
        }
    }
    for (std::size_t k = 0; k < non_event_nouns.lines.size(); ++k) {
        const int id = class_ids.find('N', non_event_nouns.lines[k]);
        if (id < 0) malformed(non_event_nouns, k, "not a WordNet noun class of wordnet_senses.txt");
        lex.non_event_noun_classes_ |= std::uint64_t{1} << id;
    }
    for (std::size_t k = 0; k < event_nouns.lines.size(); ++k) {
        const int id = class_ids.find('N', event_nouns.lines[k]);
        if (id < 0) malformed(event_nouns, k, "not a WordNet noun class of wordnet_senses.txt");
        lex.event_noun_classes_ |= std::uint64_t{1} << id;
    }
    if (lex.event_noun_classes_ & lex.non_event_noun_classes_)
        throw resource_error(event_nouns.path.string() + ": a class that non_event_noun_classes.txt lists too");
    for (std::size_t k = 0; k < statives.lines.size(); ++k) {
        if (!is_lower_word(statives.lines[k])) malformed(statives, k, "want one lower-case verb");
        // Kept apart from the word table: a rule after the model reads it, not the model. With
        // its regular -ed/-ing forms, which the analysis may take for their own lemma ("owned",
        // a WordNet adjective).
        const std::string verb(statives.lines[k]);
        lex.stative_verbs_.push_back(hash_word(verb));
        for (const std::string& form : regular_inflections(verb))
            if (!form.empty()) lex.stative_verbs_.push_back(hash_word(form));
    }

    for (std::size_t k = 0; k < suffixes.lines.size(); ++k) {
        const auto fields = split(suffixes.lines[k], '\t');
        if (fields.size() != 2 || fields[0].empty()) malformed(suffixes, k, "want SUFFIX<TAB>POS");
        const Pos pos = pos_named(fields[1]);
        if (pos == Pos::unknown) malformed(suffixes, k, "unknown part of speech '" + std::string(fields[1]) + "'");
        if (fields[0].size() > 8) malformed(suffixes, k, "a suffix has at most 8 bytes");
        lex.suffixes_.push_back({std::string(fields[0]), pos, load_le(fields[0].data(), fields[0].size())});
    }
    std::stable_sort(lex.suffixes_.begin(), lex.suffixes_.end(),
                     [](const SuffixRule& a, const SuffixRule& b) { return a.suffix.size() > b.suffix.size(); });
    // The groups each rule goes in: a rule of two bytes or more in the group of its last two; a
    // rule of one byte in the group of every byte pair it ends.
    std::vector<std::vector<const SuffixRule*>> groups(kSuffixGroups);
    for (const SuffixRule& rule : lex.suffixes_) {
        const std::uint64_t top = rule.bytes << (8 * (8 - rule.suffix.size()));  // as a tail
        if (rule.suffix.size() >= 2) {
            groups[suffix_group_of(top)].push_back(&rule);
            continue;
        }
        std::array<bool, kSuffixGroups> in{};
        for (std::uint64_t before = 0; before < 256; ++before) {
            const std::size_t g = suffix_group_of(top | (before << 48));
            if (!in[g]) groups[g].push_back(&rule);
            in[g] = true;
        }
    }
    for (const auto& group : groups) lex.suffix_group_size_ = std::max(lex.suffix_group_size_, group.size());
    lex.suffix_tests_.assign(kSuffixGroups * lex.suffix_group_size_, SuffixTest{});
    for (std::size_t g = 0; g < kSuffixGroups; ++g)
        for (std::size_t k = 0; k < groups[g].size(); ++k) {
            const SuffixRule& rule = *groups[g][k];
            lex.suffix_tests_[g * lex.suffix_group_size_ + k] = {
                rule.bytes, static_cast<std::uint32_t>(rule.suffix.size() + 2),
                static_cast<std::uint8_t>(8 * (8 - rule.suffix.size())), rule.pos};
        }
    share_class_hints_with_inflections(lex.words_, classes.lines);
    lex.words_.finish_loading();
    for (IrregularBase& base : lex.irregular_) base.info = lex.words_.find(base.hash);
    return lex;
}

// --- analysis -------------------------------------------------------------------------------

namespace {

bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

}  // namespace

WordAnalysis Lexicon::analyze_inflected(std::string_view w, std::uint64_t hash, const WordInfo* info) const {
    WordAnalysis a;
    a.info = info;
    // Regular inflections: try the candidate lemmas in order, keep the first a lexicon knows,
    // else the first candidate (a crude but consistent stem). The candidates' table slots are
    // asked for all at once before any is looked at: each is likely a cache miss (the table is
    // bigger than the cache), and asked for together they overlap instead of adding up.
    std::uint64_t candidates[3];
    std::size_t candidate_count = 0;
    auto candidate = [&](std::string_view stem, std::string_view tail) {
        char buffer[72];  // the form, then 8 zero bytes for hash_word_in's last load
        if (stem.size() + tail.size() > 64) return;
        std::copy_n(stem.data(), stem.size(), buffer);
        std::copy_n(tail.data(), tail.size(), buffer + stem.size());
        std::fill_n(buffer + stem.size() + tail.size(), 8, '\0');
        const std::uint64_t h = hash_word_in(std::string_view(buffer, stem.size() + tail.size() + 8), 0, stem.size() + tail.size());
        words_.prefetch(h);
        candidates[candidate_count++] = h;
    };
    auto undoubled = [](std::string_view s) {
        const std::size_t n = s.size();
        if (n >= 3 && s[n - 1] == s[n - 2] && !is_vowel(s[n - 1]) && s[n - 1] != 'l' && s[n - 1] != 's')
            return s.substr(0, n - 1);
        return s;
    };
    const std::size_t n = w.size();
    bool ed = false;
    if (n >= 5 && w.ends_with("ing")) {
        a.verb_form = VerbForm::ing;
        const auto stem = w.substr(0, n - 3);
        candidate(stem, "");
        candidate(stem, "e");
        candidate(undoubled(stem), "");
    } else if (n >= 5 && w.ends_with("ied")) {
        a.verb_form = VerbForm::past_or_pastpart;
        candidate(w.substr(0, n - 3), "y");
    } else if (n >= 4 && w.ends_with("ed")) {
        a.verb_form = VerbForm::past_or_pastpart;
        const auto stem = w.substr(0, n - 2);
        candidate(stem, "e");
        candidate(stem, "");
        candidate(undoubled(stem), "");
        ed = true;
    } else if (n >= 5 && w.ends_with("ies")) {
        a.verb_form = VerbForm::third;
        candidate(w.substr(0, n - 3), "y");
    } else if (n >= 4 && w.ends_with("es") &&
               (w.ends_with("sses") || w.ends_with("shes") || w.ends_with("ches") || w.ends_with("xes") ||
                w.ends_with("zes"))) {
        a.verb_form = VerbForm::third;
        candidate(w.substr(0, n - 2), "");
        candidate(w.substr(0, n - 1), "");
    } else if (n >= 4 && w.back() == 's' && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is")) {
        a.verb_form = VerbForm::third;
        candidate(w.substr(0, n - 1), "");
    }
    bool found = false;
    for (std::size_t k = 0; k < candidate_count && !found; ++k) {
        if (const WordInfo* info = words_.find(candidates[k]); info && info->known_lemma) {
            a.lemma_hash = candidates[k];
            a.lemma_info = info;
            found = true;
        }
    }
    const bool have_first = candidate_count > 0;
    std::uint64_t first_hash = have_first ? candidates[0] : 0;
    // The crude stem of an unknown -ed form is the bare stem, as for -ing forms, so that both
    // forms of one verb share it.
    if (ed && !found) first_hash = hash_word(w.substr(0, n - 2));
    if (!found) {
        a.lemma_hash = have_first ? first_hash : hash;
        if (!have_first && a.info) a.lemma_info = a.info;
    }
    if (a.verb_form == VerbForm::none) a.verb_form = VerbForm::base;
    return a;
}

// `tail`: the word's last (up to) 8 bytes in its top bytes, the rest zero; `size`: its length.
// A rule of n bytes compares tail's top n bytes with its own, when the word is more than n + 2
// bytes long; the first rule (longest first) that matches gives the part of speech. Every test
// of the group is made; the earliest match is kept by going through them backwards, with masks
// rather than a conditional, which the compiler would make a branch again.
Pos Lexicon::suffix_pos_of_tail(std::uint64_t tail, std::size_t size) const {
    const SuffixTest* group = suffix_tests_.data() + suffix_group_of(tail) * suffix_group_size_;
    auto pos = static_cast<std::uint32_t>(Pos::unknown);
    for (std::size_t k = suffix_group_size_; k-- > 0;) {
        const SuffixTest& test = group[k];
        const std::uint32_t match = static_cast<std::uint32_t>(size > test.longer_than) &
                                    static_cast<std::uint32_t>((tail >> test.shift) == test.bytes);
        pos = (pos & (match - 1)) | (static_cast<std::uint32_t>(test.pos) & (0 - match));
    }
    return static_cast<Pos>(pos);
}

Pos Lexicon::suffix_pos(std::string_view w) const {
    if (w.empty()) return Pos::unknown;
    const std::size_t m = std::min<std::size_t>(w.size(), 8);
    return suffix_pos_of_tail(load_le(w.data() + w.size() - m, m) << (8 * (8 - m)), w.size());
}

Pos Lexicon::suffix_pos_in(std::string_view buffer, std::size_t begin, std::size_t size) const {
    if constexpr (std::endian::native == std::endian::little) {
        if (size > 0 && begin + size >= 8) {
            // The 8 bytes that end the word; those before it (when it is shorter) cleared.
            std::uint64_t x;
            std::memcpy(&x, buffer.data() + begin + size - 8, 8);
            x &= ~std::uint64_t{0} << (8 * (8 - std::min<std::size_t>(size, 8)));
            return suffix_pos_of_tail(x, size);
        }
    }
    return suffix_pos(buffer.substr(begin, size));
}

}  // namespace chronoline::events
