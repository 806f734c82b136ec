// Features of a candidate pair: the events' TimeML attributes and words, the time's type and
// its relation to the DCT, the words and signals between the two, distances, and whether an
// event is the main one of its sentence. No parser: token windows only, so it stays fast.
#include "links/link_features.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

#include "chronoline/error.hpp"
#include "links/link_model.hpp"
#include "links/rule_tables.hpp"

namespace chronoline::links {
namespace {

std::uint32_t first_token_at(const TextAnalysis& a, std::uint32_t offset) {
    auto it = std::lower_bound(a.tokens.begin(), a.tokens.end(), offset,
                               [](const Token& t, std::uint32_t o) { return t.span.end <= o; });
    return static_cast<std::uint32_t>(std::min<std::size_t>(it - a.tokens.begin(), a.tokens.empty() ? 0 : a.tokens.size() - 1));
}

// Token distances in buckets, as the hashes of their names ("0", "1", "2", "3-4", … "21+").
constexpr std::array<std::uint64_t, 8> kBucketHashes{fnv_constant("0"),    fnv_constant("1"),    fnv_constant("2"),
                                                    fnv_constant("3-4"),  fnv_constant("5-7"),  fnv_constant("8-12"),
                                                    fnv_constant("13-20"), fnv_constant("21+")};
std::size_t bucket(std::uint32_t n) {
    if (n <= 2) return n;
    if (n <= 4) return 3;
    if (n <= 7) return 4;
    if (n <= 12) return 5;
    if (n <= 20) return 6;
    return 7;
}

// The granularity of a value, as a coarse shape ("day", "month", "year", "time", "ref", …).
std::string_view shape_of(std::string_view v) {
    if (v.empty()) return "none";
    if (v.find("REF") != std::string_view::npos) return "ref";
    if (v[0] == 'P') return "duration";
    if (v.find('X') != std::string_view::npos) return "unresolved";
    if (v.find('T') != std::string_view::npos) return "time";
    if (v.size() == 4) return "year";
    if (v.size() < 4) return "decade";
    if (v.size() == 7) return v[5] == 'Q' || v[5] == 'H' ? "quarter" : (v[5] == 'W' ? "week" : (v[5] >= 'A' ? "season" : "month"));
    if (v.size() >= 8 && v[5] == 'W') return "week";
    return "day";
}

// A word's hash, eight bytes at a time (it runs for every token). Bytes are assembled
// explicitly, so the value is the same on every machine.
std::uint64_t word_hash(std::string_view w) {
    std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ w.size();
    std::size_t i = 0;
    // Bytes at..at+n (n <= 8) as a little-endian number. Short tails are read as two
    // overlapping loads (their common bytes agree), which beats a loop or a call to memcpy.
    auto byte = [&](std::size_t k) { return std::uint64_t{static_cast<unsigned char>(w[k])}; };
    auto load32 = [&](std::size_t k) -> std::uint64_t {
        if constexpr (std::endian::native == std::endian::little) {  // (one load; the same number)
            std::uint32_t x;
            std::memcpy(&x, w.data() + k, 4);
            return x;
        } else {
            return byte(k) | byte(k + 1) << 8 | byte(k + 2) << 16 | byte(k + 3) << 24;
        }
    };
    auto load = [&](std::size_t at, std::size_t n) -> std::uint64_t {
        if (n == 8) {
            std::uint64_t x;
            if constexpr (std::endian::native == std::endian::little) std::memcpy(&x, w.data() + at, 8);
            else x = load32(at) | load32(at + 4) << 32;
            return x;
        }
        if (n >= 4) return load32(at) | load32(at + n - 4) << (8 * (n - 4));
        if (n == 0) return 0;
        return byte(at) | byte(at + n / 2) << (8 * (n / 2)) | byte(at + n - 1) << (8 * (n - 1));
    };
    for (; i + 8 <= w.size(); i += 8) {
        h = (h ^ load(i, 8)) * 0xff51afd7ed558ccdULL;
        h ^= h >> 32;
    }
    h = (h ^ load(i, w.size() - i)) * 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 29;
    return h;
}

// The features whose keys do not depend on the document, per kind of pair (FixedSlot): their
// rows are looked up once per model (fixed_rows) instead of for every candidate. A slot's key
// is the one the emitter makes of its name and parts.
constexpr std::uint64_t kEventTime = name_hash("ET");
constexpr std::uint64_t kEventEvent = name_hash("EEs");
constexpr std::uint64_t kYes = name_hash("y");
constexpr std::uint64_t kNo = name_hash("n");
constexpr std::uint64_t kNone = name_hash("none");
enum FixedSlot : std::uint8_t {
    kBias = 0,
    kMain = 1,      // + 2 * side (0: the first event, 1: the second) + (main ? 1 : 0)
    kOrder = 5,     // + (the event first ? 0 : 1), event-time pairs only
    kDistance = 7,  // + bucket
    kComma = 15,    // + (a comma between ? 1 : 0)
    kQuote = 17,    // + (a quote between ? 1 : 0)
    kNoSignal = 19, // no signal before the time (ET "signal"), before the first event (EE "a-signal")
    kSlotsPerKind = 20
};
static_assert(2 * kSlotsPerKind == kFixedFeatures);
template <std::uint64_t Kind>
constexpr std::size_t fixed_base() {
    static_assert(Kind == kEventTime || Kind == kEventEvent);
    return Kind == kEventTime ? 0 : kSlotsPerKind;
}
template <std::uint64_t Kind>
constexpr std::uint64_t fixed_key(std::size_t slot) {
    auto key = [](std::uint64_t name, auto... parts) {
        std::uint64_t h = mix(Kind, name);
        ((h = mix(h, static_cast<std::uint64_t>(parts))), ...);
        return h;
    };
    constexpr bool et = Kind == kEventTime;
    if (slot == kBias) return key(name_hash("bias"));
    if (slot < kOrder) {
        const std::size_t side = (slot - kMain) / 2;
        const std::uint64_t side_name = et ? name_hash("e") : side == 0 ? name_hash("a") : name_hash("b");
        return key(name_hash("main"), side_name, (slot - kMain) % 2 ? kYes : kNo);
    }
    if (slot < kDistance) return key(name_hash("order"), slot == kOrder ? name_hash("event-first") : name_hash("time-first"));
    if (slot < kComma) return key(name_hash("distance"), kBucketHashes[slot - kDistance]);
    if (slot < kQuote) return key(name_hash("comma"), slot == kComma + 1 ? kYes : kNo);
    if (slot < kNoSignal) return key(name_hash("quote"), slot == kQuote + 1 ? kYes : kNo);
    return key(et ? name_hash("signal") : name_hash("a-signal"), kNone);
}

// Builds the hashes of features: kind, template name, then the parts, all as hashes. The kind
// is a template argument and the names are constants, so the first two steps fold away at
// compile time. Each hash goes to `sink`: a KeySink keeps it (training), a ScoreSink adds up
// its weights at once (tagging: no list of keys written and read back).
template <std::uint64_t Kind, class Sink>
class Emitter {
public:
    explicit Emitter(Sink& sink) : sink_(sink) {}
    template <class... Parts>
    void operator()(std::uint64_t name, Parts... parts) {
        std::uint64_t h = mix(Kind, name);
        ((h = mix(h, static_cast<std::uint64_t>(parts))), ...);
        sink_(h);
    }
    // A feature of the fixed set (FixedSlot): a sink that holds their rows (ScoreSink) takes
    // the row, any other the key.
    void fixed(std::size_t slot) {
        if constexpr (requires { sink_.row(slot); }) sink_.row(fixed_base<Kind>() + slot);
        else sink_(fixed_key<Kind>(slot));
    }

private:
    Sink& sink_;
};

// Writes the keys into room the caller made (kMaxFixedFeatures plus one per token between the
// pair).
struct KeySink {
    std::uint64_t* out;
    std::size_t count = 0;
    void operator()(std::uint64_t h) { out[count++] = h; }
};

// Adds each feature's weights as it comes, in the order of the keys, as WeightTable::sum does
// over the list of keys (so the scores are the same, bit for bit).
// The first four columns are added as one vector of four floats (each lane rounds as the
// scalar addition does, so the sums are the same bit for bit), the last two one by one.
struct ScoreSink {
    static_assert(kLabelCount == 6, "ScoreSink adds columns 0-3 as a vector, then 4 and 5");
    using Quad = float __attribute__((vector_size(16)));
    WeightTable::Reader table;
    Quad low{};
    float c4 = 0, c5 = 0;
    const FixedRows* fixed_rows;
    void operator()(std::uint64_t h) { add(table.find(h)); }
    void row(std::size_t i) { add(fixed_rows->rows[i]); }
    void add(const Scores* w) {
        if (w) {
            Quad q;
            std::memcpy(&q, w->data(), sizeof q);
            low += q;
            c4 += (*w)[4];
            c5 += (*w)[5];
        }
    }
    [[nodiscard]] Scores scores() const { return {low[0], low[1], low[2], low[3], c4, c5}; }
};

// More than the features of a pair that do not depend on the tokens between it (36 at most).
constexpr std::size_t kMaxFixedFeatures = 48;

constexpr std::uint64_t kSentenceStart = name_hash("<s>");

template <std::uint64_t side, class F>
void event_features(F& f, const DocumentView& v, std::uint32_t e) {
    const auto& h = v.event_hash[e];
    f(name_hash("class"), side, h.event_class);
    f(name_hash("tense"), side, h.tense);
    f(name_hash("aspect"), side, h.aspect);
    f(name_hash("tense+aspect"), side, h.tense, h.aspect);
    
    
    f(name_hash("modal"), side, h.modal);
    
    f(name_hash("word"), side, h.word);
    f(name_hash("stem"), side, h.stem);
    f(name_hash("stem+tense"), side, h.stem, h.tense);
    f(name_hash("prev"), side, h.prev);
    
    f.fixed(kMain + (side == name_hash("b") ? 2 : 0) + (h.main == kYes ? 1 : 0));  // ("main", side, h.main)
    
}

// The punctuation DocumentView marks (TokenMark bits comma, semicolon, straight_quote,
// other_quote); the linking words come from linking_words.txt.
constexpr std::array<std::string_view, 5> kMarkedPunctuation{",", ";", "\"", "``", "''"};

// The DocumentView::TokenMark bits of a (lower-cased) token. It runs for the tokens that pass
// LinkResources::token_shapes: by length, then bytes.
std::uint8_t mark_of(std::string_view w, const LinkResources& res) {
    if (w.size() <= 2 && (w[0] == ',' || w[0] == ';' || w[0] == '"' || w[0] == '`' || w[0] == '\'')) {
        if (w == ",") return DocumentView::comma;
        if (w == ";") return DocumentView::semicolon;
        if (w == "\"") return DocumentView::straight_quote;
        return w == "``" || w == "''" ? DocumentView::other_quote : 0;
    }
    if (!res.may_be_linking_word(w)) return 0;
    for (const std::string& l : res.linking_words)
        if (l.size() == w.size() && std::memcmp(l.data(), w.data(), w.size()) == 0) return DocumentView::linking_word;
    return 0;
}

// Signals, commas and a few words between tokens [from, to).
template <class F>
void between_features(F& f, const DocumentView& v, std::uint32_t from, std::uint32_t to) {
    const std::uint32_t n = to > from ? to - from : 0;
    f.fixed(kDistance + bucket(n));  // ("distance", bucket_hash(n))
    bool comma = false, quote = false;
    for (std::uint32_t i = from; i < to; ++i) {
        const std::uint8_t m = v.token_marks[i];
        if (m & DocumentView::comma) comma = true;
        else if (m & (DocumentView::straight_quote | DocumentView::other_quote)) quote = true;
        if (v.signal_at[i] >= 0) f(name_hash("signal-between"), v.res.signal_hash[static_cast<std::size_t>(v.signal_at[i])]);
        else if (m & DocumentView::linking_word) f(name_hash("word-between"), v.token_hash(i));
    }
    f.fixed(kComma + (comma ? 1 : 0));  // ("comma", y/n)
    f.fixed(kQuote + (quote ? 1 : 0));  // ("quote", y/n)
    if (n >= 1) f(name_hash("first-between"), v.token_hash(from));
    if (n >= 1 && n <= 3) {
        std::uint64_t joined = name_hash("between");
        for (std::uint32_t i = from; i < to; ++i) joined = mix(joined, v.token_hash(i));
        f(name_hash("between"), joined);
    }
}

// The signal right before `token` in its sentence (one or two words), or -1.
int signal_before(const DocumentView& v, std::uint32_t token, std::uint32_t sentence_first) {
    if (token >= sentence_first + 1 && v.signal_at[token - 1] >= 0 && v.signal_length[token - 1] == 1)
        return v.signal_at[token - 1];
    if (token >= sentence_first + 2 && v.signal_at[token - 2] >= 0) return v.signal_at[token - 2];  // "prior to", "on the"
    return -1;
}

}  // namespace

void LinkResources::index_signal(std::uint64_t hash, std::size_t index) {
    if (signal_keys.empty() || 2 * (signals.size() + 1) > signal_keys.size()) {
        // Rebuild twice as large (signals are few; this happens while loading only).
        const std::size_t cap = std::max<std::size_t>(64, signal_keys.size() * 2);
        std::vector<std::pair<std::uint64_t, std::int32_t>> old;
        for (std::size_t i = 0; i < signal_keys.size(); ++i)
            if (signal_values[i] >= 0) old.emplace_back(signal_keys[i], signal_values[i]);
        signal_keys.assign(cap, 0);
        signal_values.assign(cap, -1);
        for (const auto& [k, v] : old) index_signal(k, static_cast<std::size_t>(v));
    }
    const std::size_t mask = signal_keys.size() - 1;
    std::size_t i = hash & mask;
    while (signal_values[i] >= 0 && signal_keys[i] != hash) i = (i + 1) & mask;
    signal_keys[i] = hash;
    signal_values[i] = static_cast<std::int32_t>(index);
}

int LinkResources::find_signal(std::uint64_t hash) const {
    if (signal_keys.empty()) return -1;
    const std::size_t mask = signal_keys.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
        if (signal_values[i] < 0) return -1;
        if (signal_keys[i] == hash) return signal_values[i];
    }
}

bool LinkResources::starts_two_word_signal(std::uint64_t hash) const {
    return std::find(first_words.begin(), first_words.end(), hash) != first_words.end();
}

LinkResources LinkResources::load(const std::filesystem::path& dir) {
    LinkResources r;
    for (auto& row : read_table(dir / "signals.txt", 3)) {
        SignalInfo s{row[0], row[1] == "-" ? "" : row[1], row[2] == "-" ? "" : row[2]};
        for (const std::string* rel : {&s.event_time_rel, &s.event_event_rel})
            if (!rel->empty() && !is_known_rel_type(*rel))
                throw resource_error((dir / "signals.txt").string() + ": unknown relType " + *rel);
        std::uint64_t h = 0;
        std::size_t words = 0, at = 0;
        while (at <= s.phrase.size()) {
            const std::size_t space = std::min(s.phrase.find(' ', at), s.phrase.size());
            const std::uint64_t wh = word_hash(std::string_view(s.phrase).substr(at, space - at));
            h = words++ == 0 ? wh : mix(h, wh);
            at = space + 1;
        }
        for (std::size_t w0 = 0; w0 <= s.phrase.size();) {
            const std::size_t space = std::min(s.phrase.find(' ', w0), s.phrase.size());
            if (space > w0 && space - w0 < 16) {
                r.word_shapes[static_cast<unsigned char>(s.phrase[w0])] |= static_cast<std::uint16_t>(1u << (space - w0));
                const std::size_t bit = word_end_bit(std::string_view(s.phrase).substr(w0, space - w0));
                r.word_ends[bit / 64] |= std::uint64_t{1} << (bit % 64);
            }
            w0 = space + 1;
        }
        if (words > 2) throw resource_error((dir / "signals.txt").string() + ": signals have one or two words: " + s.phrase);
        if (words == 2) {
            const std::size_t space = s.phrase.find(' ');
            r.first_words.push_back(word_hash(std::string_view(s.phrase).substr(0, space)));
        }
        r.index_signal(h, r.signals.size());
        r.signal_hash.push_back(fnv(kFnvBasis, s.phrase));
        r.signals.push_back(std::move(s));
    }
    for (auto& row : read_table(dir / "dct_rules.txt", 4)) {
        if (!is_known_rel_type(row[3])) throw resource_error((dir / "dct_rules.txt").string() + ": unknown relType " + row[3]);
        r.dct_rules.push_back({row[0], row[1], row[2], row[3]});
    }
    for (auto& row : read_table(dir / "duration_signals.txt", 2)) {
        if (!is_known_rel_type(row[1])) throw resource_error((dir / "duration_signals.txt").string() + ": unknown relType " + row[1]);
        r.duration_signals.emplace_back(row[0], row[1]);
    }
    for (auto& row : read_table(dir / "suffixes.txt", 1)) r.suffixes.push_back(row[0]);
    for (auto& row : read_table(dir / "clause_words.txt", 2)) {
        if (row[1] == "always") r.clause_words_always.push_back(row[0]);
        else if (row[1] == "after-comma") r.clause_words_after_comma.push_back(row[0]);
        else throw resource_error((dir / "clause_words.txt").string() + ": expected always or after-comma, not " + row[1]);
        // (a word of 16 bytes or more passes the filter anyway, see below)
        if (!row[0].empty() && row[0].size() < 16) {
            r.clause_shapes[static_cast<unsigned char>(row[0][0])] |= static_cast<std::uint16_t>(1u << row[0].size());
            const std::size_t bit = word_end_bit(row[0]);
            r.token_ends[bit / 64] |= std::uint64_t{1} << (bit % 64);
        }
    }
    r.token_shapes = r.word_shapes;
    for (std::size_t c = 0; c < r.token_shapes.size(); ++c) r.token_shapes[c] |= r.clause_shapes[c];
    for (std::size_t k = 0; k < r.token_ends.size(); ++k) r.token_ends[k] |= r.word_ends[k];
    for (auto& row : read_table(dir / "linking_words.txt", 1)) r.linking_words.push_back(row[0]);
    auto mark_shape = [&](std::string_view m) {
        r.token_shapes[static_cast<unsigned char>(m[0])] |= static_cast<std::uint16_t>(1u << m.size());
        const std::size_t bit = word_end_bit(m);
        r.token_ends[bit / 64] |= std::uint64_t{1} << (bit % 64);
    };
    for (std::string_view m : kMarkedPunctuation) mark_shape(m);
    for (const std::string& m : r.linking_words)
        if (!m.empty() && m.size() < 16) {
            mark_shape(m);
            r.linking_shapes[static_cast<unsigned char>(m[0])] |= static_cast<std::uint16_t>(1u << m.size());
        }
    return r;
}

void DocumentView::Groups::fill(const std::vector<std::uint32_t>& group_of, std::size_t groups) {
    start.assign(groups + 1, 0);
    for (std::uint32_t g : group_of) ++start[g + 1];
    for (std::size_t g = 0; g < groups; ++g) start[g + 1] += start[g];
    items.resize(group_of.size());
    std::vector<std::uint32_t> next(start.begin(), start.end() - 1);
    for (std::uint32_t i = 0; i < group_of.size(); ++i) items[next[group_of[i]]++] = i;
}

DocumentView::DocumentView(const Document& d, const LinkResources& r) : doc(d), res(r) {
    const TextAnalysis& a = d.analysis;
    const std::size_t sentences = std::max<std::size_t>(a.sentences.size(), 1);
    main_event.assign(sentences, -1);
    // Spans come in text order (events and times are kept so): walk the tokens and sentences
    // forward from the previous span instead of searching from scratch; fall back to a binary
    // search when a span lies before its predecessor.
    std::uint32_t cursor = 0, sentence_cursor = 0;
    auto locate = [&](Span s, std::uint32_t& first, std::uint32_t& last, std::uint32_t& sent) {
        if (a.tokens.empty()) {
            first = last = sent = 0;
            return;
        }
        const auto nt_tokens = static_cast<std::uint32_t>(a.tokens.size());
        if (cursor >= nt_tokens || a.tokens[cursor].span.begin > s.begin) {
            cursor = first_token_at(a, s.begin);
            sentence_cursor = 0;
        }
        // Forward to the first token that ends after s.begin (or the last token): a few steps
        // one by one (the next span is mostly near), then galloping and a binary search, as
        // spans may lie many tokens apart.
        for (int step = 0; step < 16 && cursor + 1 < nt_tokens && a.tokens[cursor].span.end <= s.begin; ++step) ++cursor;
        if (cursor + 1 < nt_tokens && a.tokens[cursor].span.end <= s.begin) {
            std::uint32_t step = 1, lo = cursor, hi = cursor + 1;  // tokens[lo] ends too early
            while (hi < nt_tokens - 1 && a.tokens[hi].span.end <= s.begin) {
                lo = hi;
                step *= 2;
                hi = std::min(nt_tokens - 1, hi + step);
            }
            // tokens[lo] ends at or before s.begin; hi is the last token or one ending after it.
            cursor = static_cast<std::uint32_t>(
                std::partition_point(a.tokens.begin() + lo + 1, a.tokens.begin() + hi,
                                     [&](const Token& t) { return t.span.end <= s.begin; }) -
                a.tokens.begin());
        }
        first = cursor;
        last = first;
        while (last + 1 < nt_tokens && a.tokens[last + 1].span.begin < s.end) ++last;
        if (a.sentences.empty()) {
            sent = 0;
            return;
        }
        if (sentence_cursor >= a.sentences.size() || a.sentences[sentence_cursor].first_token > first)
            sentence_cursor = static_cast<std::uint32_t>(a.sentence_of_token(first));
        while (sentence_cursor + 1 < a.sentences.size() && a.sentences[sentence_cursor].end_token <= first) ++sentence_cursor;
        sent = sentence_cursor;
    };
    const std::size_t ne = d.events.size(), nt = d.timexes.size();
    event_first.resize(ne), event_last.resize(ne), event_sentence.resize(ne);
    for (std::size_t i = 0; i < ne; ++i) {
        locate(d.events[i].span, event_first[i], event_last[i], event_sentence[i]);
    }
    sentence_events.fill(event_sentence, sentences);
    dct_interval = interval_of_value(d.dct_value, d.dct);
    cursor = 0;
    sentence_cursor = 0;
    timex_first.resize(nt), timex_last.resize(nt), timex_sentence.resize(nt), timex_interval.resize(nt), timex_vs_dct.resize(nt);
    for (std::size_t i = 0; i < nt; ++i) {
        locate(d.timexes[i].span, timex_first[i], timex_last[i], timex_sentence[i]);
        const Timex& t = d.timexes[i];
        if (is(t.type, "DATE") || is(t.type, "TIME")) timex_interval[i] = interval_of_value(t.value, d.dct);
        timex_vs_dct[i] = timex_interval[i] && dct_interval ? relation_of_intervals(*timex_interval[i], *dct_interval) : "";
        if (timex_vs_dct[i].empty()) timex_vs_dct[i] = timex_interval[i] ? "OVERLAP" : "UNKNOWN";
    }
    sentence_timexes.fill(timex_sentence, sentences);
    // The main event: the first finite verb of the sentence, else its first event.
    for (std::size_t s = 0; s < sentences; ++s) {
        for (std::uint32_t e : sentence_events[s]) {
            const Event& ev = d.events[e];
            if (is(ev.pos, "VERB") && (is(ev.tense, "PAST") || is(ev.tense, "PRESENT") || is(ev.tense, "FUTURE"))) {
                main_event[s] = static_cast<int>(e);
                break;
            }
        }
        if (main_event[s] < 0 && !sentence_events[s].empty()) main_event[s] = static_cast<int>(sentence_events[s][0]);
    }
    signal_at.assign(a.tokens.size(), -1);
    signal_length.assign(a.tokens.size(), 0);
    token_marks.assign(a.tokens.size(), 0);
    for (std::size_t i = 0; i < a.tokens.size(); ++i) {
        const Token& t = a.tokens[i];
        const std::string_view w(a.lower.data() + t.span.begin, t.span.size());  // (a.lower_of(t), unchecked)
        // Most tokens are no signal, clause word or marked token: one test passes them over
        // (a word of 16 bytes or more fails the test but may be a clause word).
        if (w.empty() || (w.size() < 16 && !res.may_be_marked(w))) continue;
        token_marks[i] = mark_of(w, res);
        if (t.kind != TokenKind::word) continue;
        if (res.may_be_clause_word(w) || w.size() >= 16) {
            for (const std::string& c : res.clause_words_always)
                if (same(w, c)) token_marks[i] |= clause_word;
            for (const std::string& c : res.clause_words_after_comma)
                if (same(w, c)) token_marks[i] |= clause_word_after_comma;
        }
        if (!res.may_be_signal_word(w)) continue;
        const std::uint64_t h = word_hash(w);
        if (i + 1 < a.tokens.size() && a.tokens[i + 1].kind == TokenKind::word && res.starts_two_word_signal(h)) {
            const std::string_view next = a.lower_of(a.tokens[i + 1]);
            if (res.may_be_signal_word(next))
                if (const int sig = res.find_signal(mix(h, word_hash(next))); sig >= 0) {
                    signal_at[i] = sig;
                    signal_length[i] = 2;
                    continue;
                }
        }
        if (const int sig = res.find_signal(h); sig >= 0) {
            signal_at[i] = sig;
            signal_length[i] = 1;
        }
    }
    // The hashes of every event's and time's attributes. (Remembering the last value of each
    // and comparing with it cost more than hashing: the values are short, word_hash reads them
    // in one or two loads.)
    auto attribute_hash = [](std::size_t, std::string_view value) { return word_hash(value); };
    // Most events have no modal and most times no mod: the hash of the empty value, once; and
    // the commonest classes, tenses and aspects the same way (compared in place, by length
    // first: cheaper than hashing them).
    const std::uint64_t no_value = word_hash({});
    const std::uint64_t none = word_hash("NONE"), past = word_hash("PAST"), present = word_hash("PRESENT"),
                        occurrence = word_hash("OCCURRENCE"), reporting = word_hash("REPORTING");
    event_hash.resize(ne);
    for (std::size_t i = 0; i < ne; ++i) {
        const Event& ev = d.events[i];
        auto& h = event_hash[i];
        h.event_class = is(ev.event_class, "OCCURRENCE") ? occurrence
                        : is(ev.event_class, "REPORTING") ? reporting
                                                          : attribute_hash(0, ev.event_class);
        h.tense = is(ev.tense, "PAST") ? past : is(ev.tense, "NONE") ? none : is(ev.tense, "PRESENT") ? present
                                                                                                   : attribute_hash(1, ev.tense);
        h.aspect = is(ev.aspect, "NONE") ? none : attribute_hash(2, ev.aspect);
        h.modal = ev.modality.empty() ? no_value : attribute_hash(3, ev.modality);
        {
            const std::string_view word = std::string_view(a.lower).substr(ev.span.begin, ev.span.size());
            h.word = word_hash(word);
            std::string_view w = word;
            for (const std::string& suf : res.suffixes)
                if (w.size() > suf.size() + 2 && (suf.empty() || w.back() == suf.back()) && same(w.substr(w.size() - suf.size()), suf)) {
                    w.remove_suffix(suf.size());
                    break;
                }
            h.stem = w.size() == word.size() ? h.word : word_hash(w);  // (most words keep theirs)
        }
        const std::uint32_t first = event_first[i];
        const std::uint32_t sf = a.sentences.empty() ? 0 : a.sentences[event_sentence[i]].first_token;
        h.prev = first > sf ? token_hash(first - 1) : kSentenceStart;
        h.main = main_event[event_sentence[i]] == static_cast<int>(i) ? kYes : kNo;
    }
    timex_hash.resize(nt);
    for (std::size_t i = 0; i < nt; ++i) {
        const Timex& t = d.timexes[i];
        timex_hash[i] = {word_hash(t.type), t.mod.empty() ? no_value : word_hash(t.mod), fnv_constant(shape_of(t.value)), word_hash(timex_vs_dct[i]),
                         word_hash(std::string_view(a.lower).substr(t.span.begin, t.span.size()))};
    }
}

std::uint64_t DocumentView::token_hash(std::uint32_t token) const { return word_hash(word(token)); }
std::string_view DocumentView::word(std::uint32_t token) const { return doc.analysis.lower_of(doc.analysis.tokens[token]); }
std::string_view DocumentView::event_text(std::uint32_t e) const {
    const Span s = doc.events[e].span;
    return std::string_view(doc.analysis.lower).substr(s.begin, s.size());
}
std::string_view DocumentView::timex_text(std::uint32_t t) const {
    const Span s = doc.timexes[t].span;
    return std::string_view(doc.analysis.lower).substr(s.begin, s.size());
}

constexpr std::uint32_t kMaxEventsBetween = 1;

std::vector<Candidate> candidates(const DocumentView& v) {
    std::vector<Candidate> out;
    const auto ne = static_cast<std::uint32_t>(v.doc.events.size());
    if (v.doc.analysis.tokens.empty()) return out;
    out.reserve(2 * ne);
    // An event and a time of its sentence with at most one other event between them ("On
    // Tuesday, he said he had misspoken"): pairs further apart cost time and lowered held-out
    // temporal awareness both ways (timebank <-> aquaint).
    for (std::uint32_t e = 0; e < ne; ++e) {
        const auto evs = v.sentence_events[v.event_sentence[e]];
        for (std::uint32_t t : v.sentence_timexes[v.event_sentence[e]]) {
            const std::uint32_t lo = std::min(v.event_first[e], v.timex_first[t]);
            const std::uint32_t hi = std::max(v.event_first[e], v.timex_first[t]);
            std::uint32_t between = 0;
            for (std::uint32_t other : evs)
                if (other != e && v.event_first[other] > lo && v.event_first[other] < hi) ++between;
            if (between <= kMaxEventsBetween) out.push_back({PairKind::event_time, e, t, between == 0});
        }
    }
    // Within a sentence: neighbouring events (pairs further apart added nothing on held-out
    // data but cost time).
    for (std::size_t s = 0; s < v.sentence_events.size(); ++s) {
        const auto here = v.sentence_events[s];
        for (std::size_t i = 0; i + 1 < here.size(); ++i)
            if (v.doc.events[here[i]].span != v.doc.events[here[i + 1]].span)
                out.push_back({PairKind::event_event, here[i], here[i + 1], true});
    }
    return out;
}

namespace {

template <class Sink>
void emit_features(const DocumentView& v, const Candidate& c, Sink& sink) {
    switch (c.kind) {
        case PairKind::event_time: {
            Emitter<kEventTime, Sink> f(sink);
            f.fixed(kBias);
            event_features<name_hash("e")>(f, v, c.a);
            const auto& th = v.timex_hash[c.b];
            const auto& eh = v.event_hash[c.a];
            f(name_hash("type"), th.type);
            f(name_hash("mod"), th.mod);
            f(name_hash("shape"), th.shape);
            f(name_hash("vs-dct"), th.vs_dct);
            f(name_hash("vs-dct+tense"), th.vs_dct, eh.tense);
            f(name_hash("text"), th.text);
            const std::uint32_t sf = v.doc.analysis.sentences[v.timex_sentence[c.b]].first_token;
            const int sig = signal_before(v, v.timex_first[c.b], sf);
            const std::uint64_t signal = sig >= 0 ? v.res.signal_hash[static_cast<std::size_t>(sig)] : kNone;
            if (sig >= 0) f(name_hash("signal"), signal);
            else f.fixed(kNoSignal);  // ("signal", kNone)
            f(name_hash("signal+type"), signal, th.type);
            f(name_hash("signal+class"), signal, eh.event_class);
            const bool event_first = v.event_first[c.a] < v.timex_first[c.b];
            const std::uint64_t order = event_first ? name_hash("event-first") : name_hash("time-first");
            f.fixed(kOrder + (event_first ? 0 : 1));  // ("order", order)
            f(name_hash("order+signal"), order, signal);
            const std::uint32_t from = event_first ? v.event_last[c.a] + 1 : v.timex_last[c.b] + 1;
            const std::uint32_t to = event_first ? v.timex_first[c.b] : v.event_first[c.a];
            between_features(f, v, from, to);
            break;
        }
        case PairKind::event_event: {
            Emitter<kEventEvent, Sink> f(sink);
            f.fixed(kBias);
            event_features<name_hash("a")>(f, v, c.a);
            event_features<name_hash("b")>(f, v, c.b);
            const auto& a = v.event_hash[c.a];
            const auto& b = v.event_hash[c.b];
            f(name_hash("classes"), a.event_class, b.event_class);
            f(name_hash("tenses"), a.tense, b.tense);
            f(name_hash("aspects"), a.aspect, b.aspect);
            f(name_hash("tense+aspects"), a.tense, a.aspect, b.tense, b.aspect);
            f(name_hash("class+tenses"), a.event_class, a.tense, b.tense);
            f(name_hash("a-word+b-class"), a.word, b.event_class);
            f(name_hash("a-word+b-tense"), a.word, b.tense);
            f(name_hash("a-class+b-word"), a.event_class, b.word);
            f(name_hash("stems"), a.stem, b.stem);
            between_features(f, v, v.event_last[c.a] + 1, v.event_first[c.b]);
            const std::uint32_t sf = v.doc.analysis.sentences[v.event_sentence[c.a]].first_token;
            const int sig = signal_before(v, v.event_first[c.a], sf);
            if (sig >= 0) f(name_hash("a-signal"), v.res.signal_hash[static_cast<std::size_t>(sig)]);
            else f.fixed(kNoSignal);  // ("a-signal", kNone)
            break;
        }
    }
}

}  // namespace

void features(const DocumentView& v, const Candidate& c, std::vector<std::uint64_t>& out) {
    // Room for every feature (one per token between the two at most, beyond the fixed ones).
    const std::uint32_t span_first = std::min(c.kind == PairKind::event_time ? v.timex_first[c.b] : v.event_first[c.b],
                                              v.event_first[c.a]);
    const std::uint32_t span_last = std::max(c.kind == PairKind::event_time ? v.timex_last[c.b] : v.event_last[c.b],
                                             v.event_last[c.a]);
    out.resize(kMaxFixedFeatures + (span_last - span_first));
    KeySink sink{out.data()};
    emit_features(v, c, sink);
    out.resize(sink.count);
}

// (flatten: every call inlined, so the running scores stay out of memory between features;
// marking the pieces always_inline one by one did worse)
FixedRows fixed_rows(const LinkModel& model) {
    FixedRows r;
    for (std::size_t slot = 0; slot < kSlotsPerKind; ++slot) {
        r.rows[fixed_base<kEventTime>() + slot] = model.table().find(fixed_key<kEventTime>(slot));
        r.rows[fixed_base<kEventEvent>() + slot] = model.table().find(fixed_key<kEventEvent>(slot));
    }
    return r;
}

[[gnu::flatten]] Scores score(const DocumentView& v, const Candidate& c, const LinkModel& model, const FixedRows& fixed) {
    ScoreSink sink{WeightTable::Reader(model.table()), {}, 0, 0, &fixed};
    emit_features(v, c, sink);
    return sink.scores();
}

}  // namespace chronoline::links
