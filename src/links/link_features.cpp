// Features of a candidate pair: the events' TimeML attributes and words, the time's type and
// its relation to the DCT, the words and signals between the two, distances, and whether an
// event is the main one of its sentence. No parser: token windows only, so it stays fast.
#include "links/link_features.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "chronoline/error.hpp"
#include "links/link_model.hpp"

namespace chronoline::links {
namespace {

std::vector<std::vector<std::string>> read_table(const std::filesystem::path& path, std::size_t columns) {
    std::ifstream in(path);
    if (!in) throw resource_error("cannot read " + path.string());
    std::vector<std::vector<std::string>> rows;
    std::string line;
    std::size_t line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> cells;
        std::istringstream ls(line);
        std::string cell;
        while (std::getline(ls, cell, '\t')) cells.push_back(cell);
        if (cells.size() != columns)
            throw resource_error(path.string() + ":" + std::to_string(line_no) + ": expected " +
                                 std::to_string(columns) + " tab-separated columns");
        rows.push_back(std::move(cells));
    }
    return rows;
}

std::uint32_t first_token_at(const TextAnalysis& a, std::uint32_t offset) {
    auto it = std::lower_bound(a.tokens.begin(), a.tokens.end(), offset,
                               [](const Token& t, std::uint32_t o) { return t.span.end <= o; });
    return static_cast<std::uint32_t>(std::min<std::size_t>(it - a.tokens.begin(), a.tokens.empty() ? 0 : a.tokens.size() - 1));
}
std::uint32_t last_token_before(const TextAnalysis& a, std::uint32_t end, std::uint32_t first) {
    auto it = std::lower_bound(a.tokens.begin(), a.tokens.end(), end,
                               [](const Token& t, std::uint32_t o) { return t.span.begin < o; });
    const auto i = static_cast<std::uint32_t>(it - a.tokens.begin());
    return i == 0 ? first : std::max(first, i - 1);
}

std::string_view bucket(std::uint32_t n) {
    if (n <= 2) return n == 0 ? "0" : (n == 1 ? "1" : "2");
    if (n <= 4) return "3-4";
    if (n <= 7) return "5-7";
    if (n <= 12) return "8-12";
    if (n <= 20) return "13-20";
    return "21+";
}
std::string_view small(std::uint32_t n) { return n == 0 ? "0" : n == 1 ? "1" : n == 2 ? "2" : "3+"; }

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

class Emitter {
public:
    Emitter(std::vector<std::uint64_t>& out, std::string_view kind) : out_(out), base_(fnv(kFnvBasis, kind)) {}
    template <class... Parts>
    void operator()(Parts... parts) {
        std::uint64_t h = base_;
        ((h = fnv(h, std::string_view(parts))), ...);
        out_.push_back(h);
    }

private:
    std::vector<std::uint64_t>& out_;
    std::uint64_t base_;
};

void event_features(Emitter& f, const DocumentView& v, std::uint32_t e, std::string_view side) {
    const Event& ev = v.doc.events[e];
    f(side, "class", ev.event_class);
    f(side, "tense", ev.tense);
    f(side, "aspect", ev.aspect);
    f(side, "tense+aspect", ev.tense, ev.aspect);
    f(side, "class+tense+aspect", ev.event_class, ev.tense, ev.aspect);
    f(side, "polarity", ev.polarity);
    f(side, "modal", ev.modality);
    f(side, "pos", ev.pos);
    f(side, "word", v.event_text(e));
    const std::uint32_t first = v.event_first[e];
    const auto& sentence = v.doc.analysis.sentences[v.event_sentence[e]];
    f(side, "prev", first > sentence.first_token ? v.word(first - 1) : std::string_view("<s>"));
    f(side, "prev2", first > sentence.first_token + 1 ? v.word(first - 2) : std::string_view("<s>"),
      first > sentence.first_token ? v.word(first - 1) : std::string_view("<s>"));
    const bool main = v.main_event[v.event_sentence[e]] == static_cast<int>(e);
    f(side, "main", main ? "y" : "n");
    f(side, "rank", small(v.event_rank_in_sentence[e]));
}

// Signals, commas and a few words between tokens [from, to).
void between_features(Emitter& f, const DocumentView& v, std::uint32_t from, std::uint32_t to) {
    const std::uint32_t n = to > from ? to - from : 0;
    f("distance", bucket(n));
    bool comma = false, quote = false;
    for (std::uint32_t i = from; i < to; ++i) {
        const std::string_view w = v.word(i);
        if (w == ",") comma = true;
        if (w == "\"" || w == "``" || w == "''") quote = true;
        if (v.signal_at[i] >= 0) f("signal-between", v.res.signals[static_cast<std::size_t>(v.signal_at[i])].phrase);
        if (w == "that" || w == "and" || w == "but" || w == "to" || w == "which" || w == "who")
            f("word-between", w);
    }
    f("comma", comma ? "y" : "n");
    f("quote", quote ? "y" : "n");
    if (n >= 1) f("first-between", v.word(from));
    if (n >= 1 && n <= 3) {
        std::string joined;
        for (std::uint32_t i = from; i < to; ++i) (joined += v.word(i)) += ' ';
        f("between", joined);
    }
}

// The signal among the (up to) two tokens before `token` in its sentence.
int signal_before(const DocumentView& v, std::uint32_t token, std::uint32_t sentence_first) {
    for (std::uint32_t back = 1; back <= 2 && token >= sentence_first + back; ++back)
        if (v.signal_at[token - back] >= 0 && token - back + v.signal_length[token - back] == token)
            return v.signal_at[token - back];
    if (token >= sentence_first + 2 && v.signal_at[token - 2] >= 0) return v.signal_at[token - 2];  // "on the 16th"
    return -1;
}

}  // namespace

LinkResources LinkResources::load(const std::filesystem::path& dir) {
    LinkResources r;
    for (auto& row : read_table(dir / "signals.txt", 3)) {
        SignalInfo s{row[0], row[1] == "-" ? "" : row[1], row[2] == "-" ? "" : row[2]};
        for (const std::string* rel : {&s.event_time_rel, &s.event_event_rel})
            if (!rel->empty() && !is_known_rel_type(*rel))
                throw resource_error((dir / "signals.txt").string() + ": unknown relType " + *rel);
        r.signal_index.emplace(s.phrase, r.signals.size());
        r.signals.push_back(std::move(s));
    }
    for (auto& row : read_table(dir / "dct_rules.txt", 4)) {
        if (!is_known_rel_type(row[3])) throw resource_error((dir / "dct_rules.txt").string() + ": unknown relType " + row[3]);
        r.dct_rules.push_back({row[0], row[1], row[2], row[3]});
    }
    return r;
}

DocumentView::DocumentView(const Document& d, const LinkResources& r) : doc(d), res(r) {
    const TextAnalysis& a = d.analysis;
    const std::size_t sentences = std::max<std::size_t>(a.sentences.size(), 1);
    sentence_events.resize(sentences);
    sentence_timexes.resize(sentences);
    main_event.assign(sentences, -1);
    auto locate = [&](Span s, std::uint32_t& first, std::uint32_t& last, std::uint32_t& sent) {
        if (a.tokens.empty()) {
            first = last = sent = 0;
            return;
        }
        first = first_token_at(a, s.begin);
        last = last_token_before(a, s.end, first);
        sent = a.sentences.empty() ? 0 : static_cast<std::uint32_t>(a.sentence_of_token(first));
    };
    const std::size_t ne = d.events.size(), nt = d.timexes.size();
    event_first.resize(ne), event_last.resize(ne), event_sentence.resize(ne), event_rank_in_sentence.resize(ne);
    for (std::size_t i = 0; i < ne; ++i) {
        locate(d.events[i].span, event_first[i], event_last[i], event_sentence[i]);
        auto& list = sentence_events[event_sentence[i]];
        event_rank_in_sentence[i] = static_cast<std::uint32_t>(list.size());
        list.push_back(static_cast<std::uint32_t>(i));
    }
    dct_interval = interval_of_value(d.dct_value, d.dct);
    timex_first.resize(nt), timex_last.resize(nt), timex_sentence.resize(nt), timex_interval.resize(nt), timex_vs_dct.resize(nt);
    for (std::size_t i = 0; i < nt; ++i) {
        locate(d.timexes[i].span, timex_first[i], timex_last[i], timex_sentence[i]);
        sentence_timexes[timex_sentence[i]].push_back(static_cast<std::uint32_t>(i));
        const Timex& t = d.timexes[i];
        if (t.type == "DATE" || t.type == "TIME") timex_interval[i] = interval_of_value(t.value, d.dct);
        timex_vs_dct[i] = timex_interval[i] && dct_interval ? relation_of_intervals(*timex_interval[i], *dct_interval) : "";
        if (timex_vs_dct[i].empty()) timex_vs_dct[i] = timex_interval[i] ? "OVERLAP" : "UNKNOWN";
    }
    // The main event: the first finite verb of the sentence, else its first event.
    for (std::size_t s = 0; s < sentences; ++s) {
        for (std::uint32_t e : sentence_events[s]) {
            const Event& ev = d.events[e];
            if (ev.pos == "VERB" && (ev.tense == "PAST" || ev.tense == "PRESENT" || ev.tense == "FUTURE")) {
                main_event[s] = static_cast<int>(e);
                break;
            }
        }
        if (main_event[s] < 0 && !sentence_events[s].empty()) main_event[s] = static_cast<int>(sentence_events[s][0]);
    }
    signal_at.assign(a.tokens.size(), -1);
    signal_length.assign(a.tokens.size(), 0);
    std::string two;
    for (std::size_t i = 0; i < a.tokens.size(); ++i) {
        const Token& t = a.tokens[i];
        if (t.kind != TokenKind::word || t.span.size() > 12) continue;
        const std::string_view w = a.lower_of(t);
        if (i + 1 < a.tokens.size() && a.tokens[i + 1].kind == TokenKind::word) {
            two.assign(w);
            two += ' ';
            two += a.lower_of(a.tokens[i + 1]);
            if (auto it = res.signal_index.find(std::string_view(two)); it != res.signal_index.end()) {
                signal_at[i] = static_cast<int>(it->second);
                signal_length[i] = 2;
                continue;
            }
        }
        if (auto it = res.signal_index.find(w); it != res.signal_index.end()) {
            signal_at[i] = static_cast<int>(it->second);
            signal_length[i] = 1;
        }
    }
}

std::string_view DocumentView::word(std::uint32_t token) const { return doc.analysis.lower_of(doc.analysis.tokens[token]); }
std::string_view DocumentView::event_text(std::uint32_t e) const {
    const Span s = doc.events[e].span;
    return std::string_view(doc.analysis.lower).substr(s.begin, s.size());
}
std::string_view DocumentView::timex_text(std::uint32_t t) const {
    const Span s = doc.timexes[t].span;
    return std::string_view(doc.analysis.lower).substr(s.begin, s.size());
}

std::vector<Candidate> candidates(const DocumentView& v) {
    std::vector<Candidate> out;
    const auto ne = static_cast<std::uint32_t>(v.doc.events.size());
    if (v.doc.analysis.tokens.empty()) return out;
    for (std::uint32_t e = 0; e < ne; ++e) {
        out.push_back({PairKind::event_dct, e, 0});
        for (std::uint32_t t : v.sentence_timexes[v.event_sentence[e]]) out.push_back({PairKind::event_time, e, t});
    }
    for (std::size_t s = 0; s < v.sentence_events.size(); ++s) {
        const auto& here = v.sentence_events[s];
        for (std::size_t i = 0; i < here.size(); ++i)
            for (std::size_t j = i + 1; j < here.size() && j <= i + 2; ++j)
                if (v.doc.events[here[i]].span != v.doc.events[here[j]].span)
                    out.push_back({PairKind::event_event_sentence, here[i], here[j]});
        if (s + 1 < v.sentence_events.size()) {
            const auto& next = v.sentence_events[s + 1];
            for (std::size_t i = 0; i < here.size() && i < 3; ++i)
                for (std::size_t j = 0; j < next.size() && j < 3; ++j)
                    out.push_back({PairKind::event_event_adjacent, here[i], next[j]});
        }
    }
    return out;
}

void features(const DocumentView& v, const Candidate& c, std::vector<std::uint64_t>& out) {
    out.clear();
    switch (c.kind) {
        case PairKind::event_dct: {
            Emitter f(out, "ED");
            f("bias");
            event_features(f, v, c.a, "e");
            const std::uint32_t s = v.event_sentence[c.a];
            f("sentence", small(s));
            // The times of its sentence, by their relation to the DCT.
            for (std::uint32_t t : v.sentence_timexes[s]) {
                f("sentence-time", v.timex_vs_dct[t]);
                f("sentence-time+tense", v.timex_vs_dct[t], v.doc.events[c.a].tense);
            }
            if (v.sentence_timexes[s].empty()) f("sentence-time", "none");
            const int m = v.main_event[s];
            if (m >= 0 && static_cast<std::uint32_t>(m) != c.a) {
                const Event& me = v.doc.events[static_cast<std::size_t>(m)];
                f("main-class+tense", me.event_class, me.tense);
            }
            break;
        }
        case PairKind::event_time: {
            Emitter f(out, "ET");
            f("bias");
            event_features(f, v, c.a, "e");
            const Timex& t = v.doc.timexes[c.b];
            f("type", t.type);
            f("mod", t.mod);
            f("shape", shape_of(t.value));
            f("vs-dct", v.timex_vs_dct[c.b]);
            f("vs-dct+tense", v.timex_vs_dct[c.b], v.doc.events[c.a].tense);
            f("text", v.timex_text(c.b));
            const std::uint32_t sf = v.doc.analysis.sentences[v.timex_sentence[c.b]].first_token;
            const int sig = signal_before(v, v.timex_first[c.b], sf);
            const std::string_view signal = sig >= 0 ? std::string_view(v.res.signals[static_cast<std::size_t>(sig)].phrase) : "none";
            f("signal", signal);
            f("signal+type", signal, t.type);
            f("signal+class", signal, v.doc.events[c.a].event_class);
            const bool event_first = v.event_first[c.a] < v.timex_first[c.b];
            f("order", event_first ? "event-first" : "time-first");
            f("order+signal", event_first ? "event-first" : "time-first", signal);
            const std::uint32_t from = event_first ? v.event_last[c.a] + 1 : v.timex_last[c.b] + 1;
            const std::uint32_t to = event_first ? v.timex_first[c.b] : v.event_first[c.a];
            between_features(f, v, from, to);
            std::uint32_t events_between = 0;
            for (std::uint32_t e : v.sentence_events[v.event_sentence[c.a]])
                if (v.event_first[e] >= from && v.event_first[e] < to) ++events_between;
            f("events-between", small(events_between));
            f("events-between+order", small(events_between), event_first ? "event-first" : "time-first");
            break;
        }
        case PairKind::event_event_sentence:
        case PairKind::event_event_adjacent: {
            const bool same = c.kind == PairKind::event_event_sentence;
            Emitter f(out, same ? "EEs" : "EEa");
            f("bias");
            event_features(f, v, c.a, "a");
            event_features(f, v, c.b, "b");
            const Event& a = v.doc.events[c.a];
            const Event& b = v.doc.events[c.b];
            f("classes", a.event_class, b.event_class);
            f("tenses", a.tense, b.tense);
            f("aspects", a.aspect, b.aspect);
            f("tense+aspects", a.tense, a.aspect, b.tense, b.aspect);
            f("class+tenses", a.event_class, a.tense, b.tense);
            f("a-word+b-class", v.event_text(c.a), b.event_class);
            f("a-word+b-tense", v.event_text(c.a), b.tense);
            f("a-class+b-word", a.event_class, v.event_text(c.b));
            if (same) {
                between_features(f, v, v.event_last[c.a] + 1, v.event_first[c.b]);
                f("gap", v.event_rank_in_sentence[c.b] - v.event_rank_in_sentence[c.a] == 1 ? "1" : "2");
                const std::uint32_t sf = v.doc.analysis.sentences[v.event_sentence[c.a]].first_token;
                const int sig = signal_before(v, v.event_first[c.a], sf);
                f("a-signal", sig >= 0 ? std::string_view(v.res.signals[static_cast<std::size_t>(sig)].phrase) : "none");
            } else {
                const std::uint32_t sf = v.doc.analysis.sentences[v.event_sentence[c.b]].first_token;
                f("b-sentence-start", v.word(sf));
                f("ranks", small(v.event_rank_in_sentence[c.a]), small(v.event_rank_in_sentence[c.b]));
            }
            break;
        }
    }
}

}  // namespace chronoline::links
