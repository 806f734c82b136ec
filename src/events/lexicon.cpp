#include "events/lexicon.hpp"

#include <algorithm>
#include <array>
#include <iterator>
#include <fstream>
#include <sstream>
#include <utility>

#include "chronoline/error.hpp"

namespace chronoline::events {

// --- WordTable ------------------------------------------------------------------------------

void WordTable::grow() {
    const std::size_t size = slots_.empty() ? 1024 : slots_.size() * 2;
    std::vector<Slot> slots(size);
    std::vector<std::uint64_t> hashes(size, 0);
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

// Load factor at most 0.65: short probes (a probe stays in one or two cache lines), and a table
// of 2^17 slots for the ~80,000 forms.
void WordTable::reserve(std::size_t count) {
    while ((count + 1) * 20 > slots_.size() * 13) grow();
}

WordInfo& WordTable::insert_hashed(std::uint64_t h) {
    if (const WordInfo* found = find(h)) return const_cast<WordInfo&>(*found);
    if ((count_ + 1) * 20 > slots_.size() * 13) grow();
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

struct ResourceFile {
    std::filesystem::path path;
    std::string content;
    std::vector<std::string_view> lines;  // into content, without comments and blank lines
    std::vector<int> numbers;             // 1-based line numbers of `lines`
};

ResourceFile read_resource(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw resource_error("cannot read event lexicon " + path.string());
    ResourceFile f{path, std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()), {}, {}};
    bool has_format = false;
    int number = 0;
    std::string_view rest = f.content;
    while (!rest.empty()) {
        const std::size_t eol = rest.find('\n');
        std::string_view line = rest.substr(0, eol);
        rest = eol == std::string_view::npos ? std::string_view{} : rest.substr(eol + 1);
        ++number;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.starts_with("# FORMAT:")) has_format = true;
        if (line.empty() || line.front() == '#') continue;
        f.lines.push_back(line);
        f.numbers.push_back(number);
    }
    if (!has_format) throw resource_error(path.string() + ": missing the '# FORMAT:' header");
    if (f.lines.empty()) throw resource_error(path.string() + ": no entries");
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

std::vector<std::string> words_of(std::string_view line) {
    std::vector<std::string> out;
    std::istringstream in{std::string(line)};
    std::string w;
    while (in >> w) out.push_back(w);
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

Lexicon Lexicon::load(const std::filesystem::path& dir) {
    Lexicon lex;

    const auto closed = read_resource(dir / "closed_class.txt");
    const auto irregular = read_resource(dir / "irregular_verbs.txt");
    const auto classes = read_resource(dir / "event_lexicon.txt");
    const auto nominals = read_resource(dir / "event_nominals.txt");
    const auto senses = read_resource(dir / "wordnet_senses.txt");
    const auto suffixes = read_resource(dir / "pos_suffixes.txt");
    const auto bare = read_resource(dir / "bare_infinitive_verbs.txt");
    const auto non_event_nouns = read_resource(dir / "non_event_noun_classes.txt");
    const auto group_words = read_resource(dir / "verb_group_words.txt");
    lex.words_.reserve(closed.lines.size() + 3 * irregular.lines.size() + classes.lines.size() +
                       nominals.lines.size() + senses.lines.size() + bare.lines.size());
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

    // The senses file is most of the lexicon: its forms' slots are asked for a few lines ahead
    // (the table is bigger than the cache; each insert would otherwise wait for the memory).
    ClassIds class_ids;
    std::vector<std::uint64_t> sense_hashes(senses.lines.size());
    for (std::size_t k = 0; k < senses.lines.size(); ++k)
        sense_hashes[k] = hash_word(senses.lines[k].substr(0, senses.lines[k].find('\t')));
    constexpr std::size_t kAhead = 16;
    for (std::size_t k = 0; k < senses.lines.size(); ++k) {
        if (k + kAhead < senses.lines.size()) lex.words_.prefetch(sense_hashes[k + kAhead]);
        const auto fields = split(senses.lines[k], '\t');
        if (fields.size() != 3 || !is_lower_word(fields[0]) ||
            (fields[1] != "N" && fields[1] != "V" && fields[1] != "A"))
            malformed(senses, k, "want WORD<TAB>N|V|A<TAB>CLASS[,CLASS...]");
        const char pos = fields[1][0];
        WordInfo& w = lex.words_.insert_hashed(sense_hashes[k]);
        w.known_lemma = true;
        w.wordnet_pos |= pos == 'N' ? wordnet_noun_bit : pos == 'V' ? wordnet_verb_bit : wordnet_adjective_bit;
        bool first = true;
        for (const std::string_view name : split(fields[2], ',')) {
            int id = class_ids.find(pos, name);
            if (id < 0) {
                if (lex.wordnet_classes_.size() >= WordInfo::kMaxWordnetClasses)
                    malformed(senses, k, "more than " + std::to_string(WordInfo::kMaxWordnetClasses - 1) + " classes");
                id = static_cast<int>(lex.wordnet_classes_.size());
                class_ids.add(pos, name, static_cast<std::uint8_t>(id));
                lex.wordnet_classes_.push_back(std::string(1, pos) + ":" + std::string(name));
            }
            w.add_wordnet_class(static_cast<std::size_t>(id));
            if (first && pos == 'N') w.wordnet_noun = static_cast<std::uint32_t>(id);
            if (first && pos == 'V') w.wordnet_verb = static_cast<std::uint32_t>(id);
            first = false;
        }
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
        } else {
            malformed(group_words, k, "unknown role '" + std::string(fields[1]) + "' (or a VALUE it does not take)");
        }
    }
    for (std::size_t k = 0; k < non_event_nouns.lines.size(); ++k) {
        const int id = class_ids.find('N', non_event_nouns.lines[k]);
        if (id < 0) malformed(non_event_nouns, k, "not a WordNet noun class of wordnet_senses.txt");
        lex.non_event_noun_classes_ |= std::uint64_t{1} << id;
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
    for (std::size_t k = 0; k < lex.suffixes_.size(); ++k)
        lex.suffixes_by_last_[static_cast<unsigned char>(lex.suffixes_[k].suffix.back())].push_back(
            static_cast<std::uint16_t>(k));
    lex.words_.finish_loading();
    for (IrregularBase& base : lex.irregular_) base.info = lex.words_.find(base.hash);
    return lex;
}

// --- analysis -------------------------------------------------------------------------------

namespace {

bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

}  // namespace

WordAnalysis Lexicon::analyze(std::string_view w, std::uint64_t hash, bool inflections) const {
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
            if (w.size() >= 5 && w.ends_with("ing")) a.verb_form = VerbForm::ing;
            else if (w.size() >= 4 && w.ends_with("ed")) a.verb_form = VerbForm::past_or_pastpart;
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

Pos Lexicon::suffix_pos(std::string_view w) const {
    if (w.empty()) return Pos::unknown;
    // The last (up to) 8 bytes once, in the top bytes of `tail`: a rule of n bytes compares
    // tail's top n bytes with its own.
    const std::size_t m = std::min<std::size_t>(w.size(), 8);
    const std::uint64_t tail = load_le(w.data() + w.size() - m, m) << (8 * (8 - m));
    for (const std::uint16_t k : suffixes_by_last_[static_cast<unsigned char>(w.back())]) {
        const SuffixRule& rule = suffixes_[k];
        const std::size_t n = rule.suffix.size();
        if (w.size() > n + 2 && (tail >> (8 * (8 - n))) == rule.bytes) return rule.pos;
    }
    return Pos::unknown;
}

}  // namespace chronoline::events
