#include "timex/grammar.hpp"
#include "timex/resource_file.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <charconv>
#include <functional>

#include "chronoline/error.hpp"

namespace chronoline::timex {
namespace {

using Field = Assignment::Field;

struct FieldName {
    std::string_view name;
    Field field;
};
constexpr FieldName kFields[] = {
    {"kind", Field::kind}, {"type", Field::type}, {"anchor", Field::anchor}, {"year", Field::year},
    {"decade", Field::decade}, {"century", Field::century}, {"month", Field::month}, {"day", Field::day},
    {"weekday", Field::weekday}, {"season", Field::season}, {"quarter", Field::quarter}, {"half", Field::half},
    {"ordinal", Field::ordinal}, {"pod", Field::part_of_day}, {"hour", Field::hour}, {"minute", Field::minute},
    {"ampm", Field::ampm}, {"zone", Field::zone}, {"holiday", Field::holiday}, {"fiscal", Field::fiscal},
    {"year_end", Field::year_end}, {"grain", Field::grain}, {"amount", Field::amount}, {"vague", Field::vague},
    {"dir", Field::direction}, {"future_if_tense", Field::future_if_tense}, {"mod", Field::mod},
    {"quant", Field::quant}, {"freq", Field::freq}, {"ref", Field::ref}, {"year_shift", Field::year_shift},
    {"times", Field::times}, {"prefer", Field::prefer}, {"like", Field::like_period}, {"last_named", Field::last_named},
    {"after_day", Field::after_day},
};

std::vector<std::string_view> words_of(std::string_view s) {
    std::vector<std::string_view> out;
    for (auto w : split(s, ' ')) {
        w = trim(w);
        if (!w.empty()) out.push_back(w);
    }
    return out;
}

Assignment parse_assignment(std::string_view text, const std::filesystem::path& file, int line) {
    const auto eq = text.find('=');
    if (eq == std::string_view::npos || eq == 0) fail(file, line, "not a field=value assignment: '" + std::string(text) + "'");
    const auto key = text.substr(0, eq);
    Assignment a;
    bool known = false;
    for (const auto& f : kFields)
        if (f.name == key) { a.field = f.field; known = true; }
    if (!known) fail(file, line, "unknown field '" + std::string(key) + "'");
    a.text = std::string(text.substr(eq + 1));
    const auto* b = a.text.data();
    const auto* e = b + a.text.size();
    if (!a.text.empty() && a.text[0] == '+') ++b;
    std::from_chars(b, e, a.number);
    a.real = std::strtod(a.text.c_str(), nullptr);
    static constexpr Field numeric[] = {Field::year, Field::decade, Field::century, Field::month, Field::day,
                                        Field::weekday, Field::quarter, Field::half, Field::ordinal, Field::hour,
                                        Field::minute, Field::ampm, Field::direction, Field::amount,
                                        Field::year_shift, Field::prefer};
    for (auto f : numeric)
        if (f == a.field) {
            double v = 0;
            auto r = std::from_chars(b, e, v);
            if (r.ec != std::errc{} || r.ptr != e) fail(file, line, "field '" + std::string(key) + "' wants a number");
        }
    if (a.field == Field::kind && a.text != "calendar" && a.text != "shift" && a.text != "offset" && a.text != "ref" &&
        a.text != "duration" && a.text != "set" && a.text != "none")
        fail(file, line, "unknown kind '" + a.text + "'");
    if (a.field == Field::anchor && a.text != "dct" && a.text != "narrative" && a.text != "auto")
        fail(file, line, "unknown anchor '" + a.text + "'");
    if (a.field == Field::type && a.text != "DATE" && a.text != "TIME" && a.text != "DURATION" && a.text != "SET")
        fail(file, line, "unknown type '" + a.text + "'");
    return a;
}

constexpr std::string_view kFormNames[] = {"int", "num", "year", "day", "ord", "decade", "decade2",
                                           "ymd", "mdy", "clock", "hourampm", "hour", "spokenyear",
                                           "anyyear", "hhmm", "punct"};

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}
int to_int(std::string_view s) {
    int v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
}

// Whether an element always consumes exactly the one token it is matched at (a context
// element (~) does too: it only stays out of the span).
bool takes_one_token(const Element& e) {
    for (const auto& a : e.alternatives)
        if (a.kind == Alternative::Kind::any ||
            (a.kind == Alternative::Kind::form &&
             (a.id == static_cast<std::uint32_t>(Form::num) || a.id == static_cast<std::uint32_t>(Form::spokenyear))))
            return false;
    return true;
}

bool accepts_any_token(const Element& e) {
    for (const auto& a : e.alternatives)
        if (a.kind == Alternative::Kind::any) return true;
    return false;
}

// The literal words, word classes and token forms an element accepts, as the pre-checks test them.
void add_accepted(const Element& e, std::vector<std::uint32_t>& words, std::uint64_t& classes, std::uint32_t& forms) {
    for (const auto& a : e.alternatives) {
        if (a.kind == Alternative::Kind::literal) words.push_back(a.id);
        else if (a.kind == Alternative::Kind::word_class) classes |= std::uint64_t{1} << a.id;
        else forms |= 1u << a.id;
    }
}

}  // namespace

void apply(TimexMeaning& m, const Assignment& a) {
    switch (a.field) {
    case Field::kind:
        m.kind = a.text == "calendar" ? MeaningKind::calendar
               : a.text == "shift"    ? MeaningKind::shift
               : a.text == "offset"   ? MeaningKind::offset
               : a.text == "ref"      ? MeaningKind::ref
               : a.text == "duration" ? MeaningKind::duration
               : a.text == "none"     ? MeaningKind::none
                                      : MeaningKind::set;
        break;
    case Field::type: m.type = a.text; break;
    case Field::anchor:
        m.anchor = a.text == "dct" ? AnchorKind::dct : a.text == "narrative" ? AnchorKind::narrative : AnchorKind::automatic;
        break;
    case Field::year: m.year = a.number; break;
    case Field::decade: m.decade = a.number; break;
    case Field::century: m.century = a.number; break;
    case Field::month: m.month = a.number; break;
    case Field::day: m.day = a.number; break;
    case Field::weekday: m.weekday = a.number; break;
    case Field::season: m.season = a.text; break;
    case Field::quarter: m.quarter = a.number; break;
    case Field::half: m.half = a.number; break;
    case Field::ordinal: m.ordinal = a.number; break;
    case Field::part_of_day: m.part_of_day = a.text; break;
    case Field::hour: m.hour = a.number; break;
    case Field::minute: m.minute = a.number; break;
    case Field::ampm: m.ampm = a.number; break;
    case Field::zone: m.zone = a.text; break;
    case Field::holiday: m.holiday = a.text; break;
    case Field::fiscal: m.fiscal = a.text == "1"; break;
    case Field::year_end:
        m.year_end = a.text == "1" || a.text == "period";
        m.year_end_period = a.text == "period";
        break;
    case Field::grain: m.grain = a.text; break;
    case Field::amount: m.amount = a.real; break;
    case Field::vague: m.vague = a.text == "1"; break;
    case Field::direction: m.direction = a.number; break;
    case Field::future_if_tense: m.future_if_tense = a.text == "1"; break;
    case Field::mod: m.mod = a.text; break;
    case Field::quant: m.quant = a.text; break;
    case Field::freq: m.freq = a.text; break;
    case Field::ref: m.ref = a.text; break;
    case Field::year_shift: m.year_shift = a.number; m.has_year_shift = true; break;
    case Field::times: m.times = a.text == "1"; break;
    case Field::prefer: m.prefer = a.number; break;
    case Field::like_period: m.like_period = a.text == "1"; break;
    case Field::last_named: m.last_named = a.text == "1"; break;
    case Field::after_day: m.after_day = a.text == "1"; break;
    }
}

class GrammarLoader {
public:
    explicit GrammarLoader(Grammar& g) : g_(g) {}

    LexWord& word(std::string_view text) {
        if (auto it = g_.lexicon_.find(text); it != g_.lexicon_.end()) return it->second;
        g_.word_storage_.push_back(std::make_unique<std::string>(text));
        std::string_view key = *g_.word_storage_.back();
        LexWord w;
        w.id = static_cast<std::uint32_t>(g_.words_.size());
        g_.words_.emplace_back(text);
        return g_.lexicon_.emplace(key, std::move(w)).first->second;
    }

    std::uint32_t class_id(std::string_view name, const std::filesystem::path& file, int line, bool create) {
        for (std::size_t i = 0; i < g_.class_names_.size(); ++i)
            if (g_.class_names_[i] == name) return static_cast<std::uint32_t>(i);
        if (!create) fail(file, line, "unknown word class '@" + std::string(name) + "'");
        if (g_.class_names_.size() >= 64) fail(file, line, "more than 64 word classes");
        g_.class_names_.emplace_back(name);
        return static_cast<std::uint32_t>(g_.class_names_.size() - 1);
    }

    void load_lexicon(const std::filesystem::path& file) {
        for_each_row(file, "the time-expression lexicon", [&](std::string_view l, int n) {
            auto cols = split(l, '\t');
            if (cols.size() < 2) fail(file, n, "want word<TAB>class<TAB>assignments");
            std::string text(trim(cols[0]));
            for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (text.empty() || text.find(' ') != std::string::npos || text.find('-') != std::string::npos)
                fail(file, n, "a lexicon word is one token without spaces or hyphens: '" + text + "'");
            const auto cls = class_id(trim(cols[1]), file, n, true);
            LexEntry e;
            e.word_class = cls;
            if (cols.size() > 2)
                for (auto a : words_of(cols[2])) e.assignments.push_back(parse_assignment(a, file, n));
            auto& w = word(text);
            w.class_mask |= std::uint64_t{1} << cls;
            if (g_.class_names_[cls] == "numword")
                for (const auto& a : e.assignments)
                    if (a.field == Field::amount) w.number = a.real;
            if (g_.class_names_[cls] == "multiplier") {
                w.multiplier = true;
                for (const auto& a : e.assignments)
                    if (a.field == Field::amount) w.number = a.real;
            }
            w.entries.push_back(std::move(e));
        });
    }

    // number_words.tsv: the words of number phrases and the suffixes of number tokens. The words
    // enter the lexicon in index(), in the order they always did.
    void load_number_words(const std::filesystem::path& file) {
        struct Role {
            std::string_view name;
            std::string* word;     // a one-word role, or
            SuffixSet* suffixes;   // a suffix role
            bool seen = false;
        };
        std::array<Role, 7> roles{{{"half_and", &and_word_, nullptr},
                                   {"article", &a_word_, nullptr},
                                   {"half", &half_word_, nullptr},
                                   {"ordinal_suffix", nullptr, &g_.suffixes_.ordinal},
                                   {"decade_suffix", nullptr, &g_.suffixes_.decade},
                                   {"am_suffix", nullptr, &g_.suffixes_.am},
                                   {"pm_suffix", nullptr, &g_.suffixes_.pm}}};
        const int lines = for_each_row(file, "the number words", [&](std::string_view l, int n) {
            const auto cols = split(l, '\t');
            if (cols.size() != 2) fail(file, n, "want role<TAB>words");
            const auto name = trim(cols[0]);
            Role* role = nullptr;
            for (auto& r : roles)
                if (r.name == name) role = &r;
            if (!role) fail(file, n, "unknown role '" + std::string(name) + "'");
            if (role->seen) fail(file, n, "role '" + std::string(name) + "' given twice");
            role->seen = true;
            const auto words = words_of(cols[1]);
            if (words.empty()) fail(file, n, "role '" + std::string(name) + "' has no words");
            for (auto w : words)
                for (char c : w)
                    if (c < 'a' || c > 'z') fail(file, n, "not a lower-case word: '" + std::string(w) + "'");
            if (role->word) {
                if (words.size() != 1) fail(file, n, "role '" + std::string(name) + "' takes one word");
                *role->word = std::string(words[0]);
                return;
            }
            for (auto w : words) {
                if (w.size() > 4) fail(file, n, "a suffix has 1 to 4 letters: '" + std::string(w) + "'");
                if (role->suffixes->count == SuffixSet::capacity)
                    fail(file, n, "more than " + std::to_string(SuffixSet::capacity) + " suffixes");
                role->suffixes->packed[role->suffixes->count++] = SuffixSet::pack(w);
            }
        });
        for (const auto& r : roles)
            if (!r.seen) fail(file, lines, "no row for role '" + std::string(r.name) + "'");
    }

    // An item of a pattern before expansion: an element, or a macro's group.
    struct Item {
        Element element;
        std::vector<Item> group;
        bool is_group = false;
        bool optional = false;
    };

    std::vector<Item> parse_pattern(std::string_view pattern, const std::filesystem::path& file, int line, int depth) {
        if (depth > 8) fail(file, line, "macros nested too deep");
        std::vector<Item> items;
        for (auto tok : words_of(pattern)) {
            Item item;
            std::string_view body = tok;
            if (body.size() > 1 && body[0] == '!') { item.element.negative = true; body.remove_prefix(1); }
            else if (body.size() > 1 && body[0] == '&') { item.element.positive = true; body.remove_prefix(1); }
            // Element suffixes (? ~ %) end the token; ^ belongs to the alternative it follows.
            while (body.size() > 1 && (body.back() == '?' || body.back() == '~' || body.back() == '%' ||
                                       (body.back() == '^' && body.size() > 2 &&
                                        (body[body.size() - 2] == '?' || body[body.size() - 2] == '~' || body[body.size() - 2] == '%')))) {
                if (body.back() == '?') item.optional = true;
                if (body.back() == '^') {
                    // "x?^": move the ^ back onto the alternative
                    body.remove_suffix(1);
                    const char flag = body.back();
                    body.remove_suffix(1);
                    if (flag == '?') item.optional = true;
                    if (flag == '~') item.element.context = true;
                    if (flag == '%') item.element.lower = true;
                    item.element.capitalized = true;
                    continue;
                }
                if (body.back() == '%') item.element.lower = true;
                if (body.back() == '~') item.element.context = true;
                body.remove_suffix(1);
            }
            if (body[0] == '$') {
                if (body.back() == '^') {
                    body.remove_suffix(1);
                    item.element.capitalized = true;
                }
                auto it = macros_.find(std::string(body));
                if (it == macros_.end()) fail(file, line, "unknown macro '" + std::string(body) + "'");
                item.is_group = true;
                item.group = parse_pattern(it->second, file, line, depth + 1);
                items.push_back(std::move(item));
                continue;
            }
            if (body[0] == '$' && body.back() == '^') {
                body.remove_suffix(1);
                item.element.capitalized = true;
            }
            for (auto alt : split(body, '|')) {
                Alternative a;
                if (alt.size() > 1 && alt.back() == '^') {
                    a.capitalized = true;
                    alt.remove_suffix(1);
                }
                if (alt.empty()) fail(file, line, "empty alternative in '" + std::string(tok) + "'");
                if (alt == "*") {
                    a.kind = Alternative::Kind::any;
                } else if (alt[0] == '@' && alt.size() > 1) {
                    a.kind = Alternative::Kind::word_class;
                    a.id = class_id(alt.substr(1), file, line, false);
                } else if (alt[0] == '#' && alt.size() > 1) {
                    a.kind = Alternative::Kind::form;
                    bool found = false;
                    for (std::size_t f = 0; f < std::size(kFormNames); ++f)
                        if (kFormNames[f] == alt.substr(1)) { a.id = static_cast<std::uint32_t>(f); found = true; }
                    if (!found) fail(file, line, "unknown number form '" + std::string(alt) + "'");
                } else {
                    a.kind = Alternative::Kind::literal;
                    std::string lower(alt);
                    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                    a.id = word(lower).id;
                }
                item.element.alternatives.push_back(a);
            }
            items.push_back(std::move(item));
        }
        return items;
    }

    static std::vector<std::vector<Element>> expand(const std::vector<Item>& items) {
        std::vector<std::vector<Element>> out{{}};
        for (const auto& item : items) {
            std::vector<std::vector<Element>> choices;
            if (item.is_group) {
                choices = expand(item.group);
                // Flags written on a macro apply to each of its elements.
                for (auto& c : choices)
                    for (auto& e : c) {
                        e.context |= item.element.context;
                        e.capitalized |= item.element.capitalized;
                        e.lower |= item.element.lower;
                    }
            } else {
                choices.push_back({item.element});
            }
            if (item.optional) choices.push_back({});
            std::vector<std::vector<Element>> next;
            for (const auto& prefix : out)
                for (const auto& c : choices) {
                    auto v = prefix;
                    v.insert(v.end(), c.begin(), c.end());
                    next.push_back(std::move(v));
                }
            out = std::move(next);
        }
        return out;
    }

    void load_rules(const std::filesystem::path& file) {
        const int lines = for_each_row(file, "the time-expression rules", [&](std::string_view l, int n) {
            if (l[0] == '$') {
                const auto eq = l.find(" = ");
                if (eq == std::string_view::npos) fail(file, n, "a macro line is '$NAME = elements'");
                macros_[std::string(trim(l.substr(0, eq)))] = std::string(trim(l.substr(eq + 3)));
                return;
            }
            const auto colon = l.find(": ");
            const auto arrow = l.find(" -> ");
            if (colon == std::string_view::npos || arrow == std::string_view::npos || arrow < colon)
                fail(file, n, "a rule line is 'name: pattern -> field=value ...'");
            Rule rule;
            rule.name = std::string(trim(l.substr(0, colon)));
            rule.line = n;
            for (const auto& r : g_.rules_)
                if (r.name == rule.name) fail(file, n, "duplicate rule name '" + rule.name + "'");
            for (auto a : words_of(l.substr(arrow + 4))) rule.action.push_back(parse_assignment(a, file, n));
            const auto items = parse_pattern(l.substr(colon + 2, arrow - colon - 2), file, n, 0);
            const auto rule_index = static_cast<std::uint32_t>(g_.rules_.size());
            int kept = 0;
            for (auto& elements : expand(items)) {
                // Drop variants that would match nothing or start with a lookahead.
                bool consumes = false;
                for (const auto& e : elements) consumes |= !e.negative && !e.positive && !e.context;
                if (!consumes || elements.front().negative || elements.front().positive) continue;
                for (const auto& a : elements.front().alternatives)
                    if (a.kind == Alternative::Kind::any) fail(file, n, "a pattern cannot start with '*'");
                Variant variant;
                variant.elements = std::move(elements);
                variant.rule = rule_index;
                g_.variants_.push_back(std::move(variant));
                ++kept;
            }
            if (kept == 0) fail(file, n, "rule '" + rule.name + "' has no usable pattern");
            g_.rules_.push_back(std::move(rule));
        });
        if (g_.rules_.empty()) fail(file, lines, "no rules");
    }

    void index() {
        g_.hyphen_id_ = word("-").id;
        g_.and_word_ = &word(and_word_);
        g_.a_word_ = &word(a_word_);
        g_.half_word_ = &word(half_word_);
        g_.by_word_.assign(g_.words_.size(), {});
        g_.by_class_.assign(g_.class_names_.size(), {});
        g_.by_form_.assign(static_cast<std::size_t>(Form::count), {});
        for (std::uint32_t v = 0; v < g_.variants_.size(); ++v)
            for (const auto& a : g_.variants_[v].elements.front().alternatives) {
                if (a.kind == Alternative::Kind::any) continue;  // rejected at load: see below
                if (a.kind == Alternative::Kind::literal) g_.by_word_[a.id].push_back(v);
                else if (a.kind == Alternative::Kind::word_class) g_.by_class_[a.id].push_back(v);
                else g_.by_form_[a.id].push_back(v);
            }
        for (std::size_t f = 0; f < g_.by_form_.size(); ++f)
            if (!g_.by_form_[f].empty()) g_.starting_forms_ |= 1u << f;
        for (auto& [key, w] : g_.lexicon_) {
            w.starts = w.id < g_.by_word_.size() && !g_.by_word_[w.id].empty();
            for (std::size_t c = 0; c < g_.by_class_.size(); ++c)
                if (((w.class_mask >> c) & 1u) && !g_.by_class_[c].empty()) w.starts = true;
        }
        for (auto& v : g_.variants_) {
            const auto one_token = takes_one_token;
            const auto has_any = accepts_any_token;
            if (v.elements.size() < 2) continue;
            const Element& e0 = v.elements[0];
            const Element& e1 = v.elements[1];
            // Which candidate list a variant sits in decides the order variants are tried in, and
            // so which of two equally good matches wins: this criterion stays as it always was.
            v.split_by_second = one_token(e0) && one_token(e1) && !e0.context && !e1.context && !e1.negative;
            // The pre-check only needs the first element to consume one token, so that the second
            // is matched at the next token. A look-ahead second element may also match past the
            // end of the text: only a variant led by context cannot succeed there.
            v.check_second = one_token(e0) && !e1.negative && !has_any(e1) &&
                             (!e1.positive || v.split_by_second || e0.context);
            if (!v.check_second) continue;
            add_accepted(v.elements[1], v.second_words, v.second_classes, v.second_forms);
            // Likewise the third token, when the first two elements take one token each: "of the"
            // and "in the" are frequent, "of the year" is not.
            if (v.elements.size() < 3) continue;
            const Element& e2 = v.elements[2];
            v.check_third = !e0.negative && !e0.positive && !e1.positive && one_token(e1) && !e2.negative && !e2.positive && !has_any(e2);
            if (!v.check_third) continue;
            add_accepted(e2, v.third_words, v.third_classes, v.third_forms);
        }
        g_.prechecks_.assign(g_.variants_.size(), {});
        for (std::size_t vi = 0; vi < g_.variants_.size(); ++vi) {
            const auto& v = g_.variants_[vi];
            auto& p = g_.prechecks_[vi];
            auto level = [&](int k, std::uint64_t classes, std::uint32_t forms, const std::vector<std::uint32_t>& words) {
                p.classes[k] = classes;
                p.forms[k] = forms;
                p.words_at[k] = static_cast<std::uint32_t>(g_.precheck_words_.size());
                p.words_count[k] = static_cast<std::uint16_t>(words.size());
                g_.precheck_words_.insert(g_.precheck_words_.end(), words.begin(), words.end());
            };
            if (v.check_second) {
                p.levels = v.check_third ? 2 : 1;
                level(0, v.second_classes, v.second_forms, v.second_words);
                if (v.check_third) level(1, v.third_classes, v.third_forms, v.third_words);
                continue;
            }
            // A variant led by a number phrase: its second element is matched where the first
            // ends, whatever the number of tokens it took (see match_variant).
            if (v.elements.size() < 2) continue;
            const Element& e0 = v.elements[0];
            const Element& e1 = v.elements[1];
            const auto zero_width = [](const Element& e) { return e.negative || e.positive; };
            const auto has_any = accepts_any_token;
            const auto one_token = takes_one_token;
            if (zero_width(e0) || has_any(e0) || zero_width(e1) || has_any(e1)) continue;
            std::vector<std::uint32_t> words;
            std::uint64_t classes = 0;
            std::uint32_t forms = 0;
            add_accepted(e1, words, classes, forms);
            p.after_first = true;
            p.after_num = !e0.capitalized && !e0.lower && e0.alternatives.size() == 1 && !e0.alternatives[0].capitalized &&
                          e0.alternatives[0].kind == Alternative::Kind::form &&
                          e0.alternatives[0].id == static_cast<std::uint32_t>(Form::num);
            p.levels = 1;
            level(0, classes, forms, words);
            if (v.elements.size() < 3 || !one_token(e1)) continue;
            const Element& e2 = v.elements[2];
            if (zero_width(e2) || has_any(e2)) continue;
            words.clear();
            classes = 0;
            forms = 0;
            add_accepted(e2, words, classes, forms);
            p.levels = 2;
            level(1, classes, forms, words);
        }
        auto split = [&](const std::vector<std::vector<std::uint32_t>>& lists, std::vector<Candidates>& out) {
            out.assign(lists.size(), {});
            for (std::size_t k = 0; k < lists.size(); ++k) {
                Candidates& c = out[k];
                for (auto vi : lists[k]) {
                    const auto& v = g_.variants_[vi];
                    const Precheck& p = g_.prechecks_[vi];
                    const std::uint32_t* first_words = g_.precheck_words_.data() + p.words_at[0];
                    c.next.any_unchecked |= !v.check_second;
                    c.next.add(v.second_classes, v.second_forms, v.second_words.data(), v.second_words.size());
                    // What the variant wants at the token after a single-token first element.
                    if (v.check_second) {
                        c.single_next.add(v.second_classes, v.second_forms, v.second_words.data(), v.second_words.size());
                        c.single.add(vi, v.second_words.data(), v.second_words.size(), v.second_classes, v.second_forms);
                    } else if (p.after_first && !p.after_num && p.levels >= 1) {
                        c.single_next.add(p.classes[0], p.forms[0], first_words, p.words_count[0]);
                        c.single.add(vi, first_words, p.words_count[0], p.classes[0], p.forms[0]);
                    } else if (!p.after_num) {
                        c.single_next.any_unchecked = true;
                        c.single_rest.push_back(vi);
                    }  // else led by a number phrase alone: no single-token first element
                    if (!v.split_by_second && p.after_num) {
                        // Led by "#num" alone: pre-checked at the token after the number phrase.
                        c.after_num.add(vi, first_words, p.words_count[0], p.classes[0], p.forms[0]);
                    } else if (!v.split_by_second) {
                        c.rest_multi.push_back(vi);
                    } else {
                        c.second.add(vi, v.second_words.data(), v.second_words.size(), v.second_classes, v.second_forms);
                    }
                }
                c.second.finish();
                c.single.finish();
                c.after_num.finish();
                c.next.finish();
                c.single_next.finish();
            }
        };
        split(g_.by_word_, g_.cand_word_);
        split(g_.by_class_, g_.cand_class_);
        split(g_.by_form_, g_.cand_form_);
    }

private:
    Grammar& g_;
    std::unordered_map<std::string, std::string> macros_;
    std::string and_word_, a_word_, half_word_;  // from number_words.tsv
};

Grammar Grammar::load(const std::filesystem::path& dir) {
    Grammar g;
    GrammarLoader loader(g);
    loader.load_lexicon(dir / "lexicon.tsv");
    loader.load_rules(dir / "rules.txt");
    loader.load_number_words(dir / "number_words.tsv");
    loader.index();
    std::size_t cap = 16;
    while (cap < g.lexicon_.size() * 2) cap *= 2;
    g.table_.assign(cap, {});
    g.table_mask_ = cap - 1;
    g.lex_info_.reserve(g.lexicon_.size());
    for (const auto& [key, w] : g.lexicon_) {
        if (key.empty()) continue;  // never looked up (and size 0 marks an empty slot)
        if (w.id >= g.words_.size() || g.words_[w.id] != key) throw resource_error("timex lexicon: word table out of step");
        char padded[8] = {};
        std::memcpy(padded, key.data(), std::min<std::size_t>(key.size(), 8));
        const std::uint64_t prefix = prefix_of(load8(padded), key.size());
        std::size_t k = hash_of(prefix, key) & g.table_mask_;
        while (g.table_[k].size != 0) k = (k + 1) & g.table_mask_;
        g.table_[k] = {prefix, static_cast<std::uint32_t>(g.lex_info_.size()), static_cast<std::uint32_t>(key.size())};
        g.lex_info_.push_back({&w, w.class_mask, w.starts, w.number >= 0 || &w == g.a_word_});
        const std::size_t f = filter_index(key);
        g.filter_[f >> 6] |= std::uint64_t{1} << (f & 63);
        g.max_word_ = std::max(g.max_word_, key.size());
    }
    return g;
}

namespace {

void classify_number(std::string_view s, const NumberSuffixes& suffixes, MToken& t) {
    auto set = [&](Form f) { t.form_mask |= 1u << static_cast<unsigned>(f); };
    // Split off an alphabetic suffix: 19th, 1990s, 3pm.
    std::size_t k = s.size();
    while (k > 0 && s[k - 1] >= 'a' && s[k - 1] <= 'z') --k;
    const auto digits = s.substr(0, k);
    const auto suffix = s.substr(k);
    if (digits.empty()) return;
    auto parts_of = [&](char sep) { return split(digits, sep); };
    if (all_digits(digits)) {
        const int v = digits.size() <= 9 ? to_int(digits) : 0;
        t.value = v;
        if (suffix.empty()) {
            set(Form::integer);
            t.num_end = 0;  // filled by the phrase pass
            if (digits.size() <= 2 && v >= 1 && v <= 31) set(Form::day);
            if (digits.size() <= 2 && v >= 0 && v <= 24) { set(Form::hour); t.h = v; }
            if (digits.size() == 4 && v >= 1000 && v <= 2199) { set(Form::year); t.y = v; }
            if (v >= 1 && v <= 2199 && digits[0] != '0') { set(Form::anyyear); t.y = v; }
            if (digits.size() == 4 && v / 100 <= 23 && v % 100 < 60) { set(Form::hhmm); t.h = v / 100; t.mi = v % 100; }
            if (v <= 99) t.d = static_cast<std::int8_t>(v);
        } else if (suffixes.ordinal.contains(suffix)) {
            set(Form::ord);
            if (v >= 1 && v <= 31) { set(Form::day); t.d = v; }
        } else if (suffixes.decade.contains(suffix) && v % 10 == 0) {
            if (digits.size() == 4) { set(Form::decade); t.y = v; }
            else if (digits.size() == 2) { set(Form::decade2); t.y = 1900 + v; }
        } else if ((suffixes.am.contains(suffix) || suffixes.pm.contains(suffix)) && v >= 1 && v <= 12) {
            set(Form::hourampm);
            t.h = v;
            t.mi = 0;
            t.ampm = suffixes.am.contains(suffix) ? 1 : 2;
        }
        return;
    }
    if (digits.find(',') != std::string_view::npos && digits.find_first_of("/:-") == std::string_view::npos) {
        std::string clean;
        for (char c : digits)
            if (c != ',') clean += c;
        if (all_digits(clean) && clean.size() <= 12) {
            t.value = std::strtod(clean.c_str(), nullptr);
            set(Form::integer);
        }
        return;
    }
    if (digits.find('.') != std::string_view::npos && digits.find_first_of("/:-,") == std::string_view::npos) {
        t.value = std::strtod(std::string(digits).c_str(), nullptr);
        return;  // a decimal: only the num phrase uses it
    }
    if (auto p = parts_of('-'); p.size() == 3 && p[0].size() == 4 && p[1].size() <= 2 && p[2].size() <= 2 &&
                                all_digits(p[0]) && all_digits(p[1]) && all_digits(p[2]) && suffix.empty()) {
        set(Form::ymd);
        t.y = to_int(p[0]);
        t.mo = to_int(p[1]);
        t.d = to_int(p[2]);
        return;
    }
    if (auto p = parts_of('/'); p.size() == 3 && p[0].size() <= 2 && p[1].size() <= 2 &&
                                (p[2].size() == 4 || p[2].size() == 2) && all_digits(p[0]) && all_digits(p[1]) &&
                                all_digits(p[2]) && suffix.empty()) {
        set(Form::mdy);
        t.mo = to_int(p[0]);
        t.d = to_int(p[1]);
        t.y = to_int(p[2]);
        if (p[2].size() == 2) t.y += t.y < 50 ? 2000 : 1900;
        return;
    }
    if (auto p = parts_of('/'); p.size() == 2 && p[0] == "1" && p[1] == "2") {
        t.value = 0.5;  // "2 1/2 years"
        return;
    }
    if (auto p = parts_of(':'); p.size() == 2 && p[0].size() <= 2 && p[1].size() == 2 && all_digits(p[0]) &&
                                all_digits(p[1])) {
        const int h = to_int(p[0]), mi = to_int(p[1]);
        if (h <= 24 && mi < 60) {
            set(Form::clock);
            t.h = h;
            t.mi = mi;
            if (suffixes.am.contains(suffix)) t.ampm = 1;
            else if (suffixes.pm.contains(suffix)) t.ampm = 2;
            else if (!suffix.empty()) t.form_mask = 0;
        }
    }
}

}  // namespace

void Grammar::tokenize(std::string_view text, const TextAnalysis& analysis, std::vector<MToken>& out) const {
    out.clear();
    out.reserve(analysis.tokens.size() + analysis.tokens.size() / 8);
    // The tokens that can take part in a number phrase or a spoken year (digits, number words,
    // "a"), in order: the two passes below look at these only, not at every token.
    std::vector<std::uint32_t> numeric;
    numeric.reserve(analysis.tokens.size() / 4);
    auto note_numeric = [&](const MToken& t) {
        if (t.number_token || (t.lex && (t.lex->number >= 0 || t.lex == a_word_)))
            numeric.push_back(static_cast<std::uint32_t>(&t - out.data()));
    };
    const std::string_view lower = analysis.lower;
    // Whether a word holds a hyphen: the first hyphen at or after the word's start, found by
    // memchr and kept while the words (in text order) have not passed it, so most words cost
    // one comparison.
    std::size_t hyphen = lower.find('-');
    auto hyphen_within = [&](const Span& span) {
        if (hyphen < span.begin) hyphen = lower.find('-', span.begin);
        return hyphen < span.end;
    };
    // Held in locals: the stores into `out` could alias the vectors' own fields otherwise.
    const Token* const source_tokens = analysis.tokens.data();
    const auto source_count = static_cast<std::uint32_t>(analysis.tokens.size());
    for (std::uint32_t i = 0; i < source_count; ++i) {
        const Token& tok = source_tokens[i];
        const std::string_view w(lower.data() + tok.span.begin, tok.span.size());
        // Built in place: the vector is reserved, and copying a token is a good part of the cost.
        auto push = [&](std::uint32_t b, std::uint32_t e, bool cap) __attribute__((always_inline)) {
            MToken& t = out.emplace_back();
            t.span = {b, e};
            t.capitalized = cap;
            t.source = i;
            if (const LexInfo* slot = lookup_in(lower, b, e)) {
                t.lex = slot->word;
                t.class_mask = slot->class_mask;
                t.starts = slot->starts;
                if (slot->numeric) numeric.push_back(static_cast<std::uint32_t>(&t - out.data()));
            }
        };
        // A range of numbers ("18-19", "1980-1988") is one token to the tokenizer: split it at
        // its hyphen so that its ends can be days and years ("Nov. 18-19").
        if (tok.kind == TokenKind::number && w.size() >= 3 && w.size() <= 9) {
            const auto dash = w.find('-');
            const std::size_t rest = dash == std::string_view::npos ? 0 : w.size() - dash - 1;
            // Days (1-2 digits each) or years (4 digits, then 2 or 4): not phone numbers (555-1234).
            const bool shape = dash != std::string_view::npos &&
                               ((dash <= 2 && rest >= 1 && rest <= 2) || (dash == 4 && (rest == 2 || rest == 4)));
            if (shape && all_digits(w.substr(0, dash)) && all_digits(w.substr(dash + 1))) {
                const std::uint32_t b = tok.span.begin, h = b + static_cast<std::uint32_t>(dash);
                for (auto [pb, pe] : {std::pair{b, h}, std::pair{h + 1, tok.span.end}}) {
                    MToken& t = out.emplace_back();
                    t.span = {pb, pe};
                    t.source = i;
                    t.number_token = true;
                    classify_number(lower.substr(pb, pe - pb), suffixes_, t);
                    note_numeric(t);
                    if (pb == b) push(h, h + 1, false);
                }
                continue;
            }
        }
        if (tok.kind == TokenKind::number) {
            MToken& t = out.emplace_back();
            t.span = tok.span;
            t.source = i;
            t.number_token = true;
            if (const LexInfo* slot = lookup_in(lower, tok.span.begin, tok.span.end)) {
                t.lex = slot->word;
                t.class_mask = slot->class_mask;
                t.starts = slot->starts;
            }
            classify_number(w, suffixes_, t);
            note_numeric(t);
            continue;
        }
        if (tok.kind == TokenKind::word && w.size() > 2 && hyphen_within(tok.span)) {
            std::uint32_t start = tok.span.begin;
            for (std::uint32_t p = tok.span.begin; p <= tok.span.end; ++p) {
                if (p == tok.span.end || lower[p] == '-') {
                    if (p > start) push(start, p, text[start] >= 'A' && text[start] <= 'Z');

                    if (p < tok.span.end) push(p, p + 1, false);
                    start = p + 1;
                }
            }
            continue;
        }
        push(tok.span.begin, tok.span.end, tok.capitalized);
        if (tok.kind == TokenKind::punct) out.back().form_mask |= 1u << static_cast<unsigned>(Form::punct);
    }
    // Number phrases ("twenty - five", "two and a half", "2 1/2", "three hundred").
    const auto n = static_cast<std::uint32_t>(out.size());
    // Each step changes only out[i] and reads tokens after it, so skipping the tokens that
    // cannot start a phrase changes nothing.
    for (const std::uint32_t i : numeric) {
        MToken& t = out[i];
        double v = 0;
        std::uint32_t j = i;
        if (t.number_token && (t.form_mask & (1u << static_cast<unsigned>(Form::year)))) {
            continue;  // "1988" is a year, not an amount ("the 1988 quarter"); "1,988" stays a number
        } else if (t.number_token && (t.form_mask & (1u << static_cast<unsigned>(Form::integer)))) {
            v = t.value;
            j = i + 1;
        } else if (t.number_token && t.form_mask == 0 && t.value > 0 && t.value != 0.5) {
            v = t.value;  // decimal
            j = i + 1;
        } else if (t.lex == a_word_ && i + 1 < n && out[i + 1].lex && out[i + 1].lex->number >= 12 &&
                   (out[i + 1].lex->multiplier || out[i + 1].lex->number == 12)) {
            v = out[i + 1].lex->number;  // "a dozen", "a hundred"
            j = i + 2;
        } else if (t.lex && t.lex->number >= 0 && !t.lex->multiplier) {
            v = t.lex->number;
            j = i + 1;
            if (v >= 20 && static_cast<int>(v) % 10 == 0 && j + 1 < n && out[j].lex && out[j].lex->id == hyphen_id_ &&
                out[j + 1].lex && out[j + 1].lex->number > 0 && out[j + 1].lex->number < 10) {
                v += out[j + 1].lex->number;
                j += 2;
            } else if (v >= 20 && static_cast<int>(v) % 10 == 0 && j < n && !out[j].number_token && out[j].lex &&
                       out[j].lex->number > 0 && out[j].lex->number < 10 && !out[j].lex->multiplier) {
                v += out[j].lex->number;  // "twenty four hours", as transcripts spell it
                ++j;
            }
        } else {
            continue;
        }
        if (j < n && out[j].lex && out[j].lex->multiplier) {
            v *= out[j].lex->number;
            ++j;
        }
        // Halves: "2 1/2", "two and a half".
        if (j < n && out[j].number_token && out[j].value == 0.5 && out[j].form_mask == 0) {
            v += 0.5;
            ++j;
        } else if (j + 2 < n && out[j].lex == and_word_ && out[j + 1].lex == a_word_ && out[j + 2].lex == half_word_) {
            v += 0.5;
            j += 3;
        }
        t.form_mask |= 1u << static_cast<unsigned>(Form::num);
        t.value = v;
        t.num_end = j;
    }
    // Spoken years: "nineteen ninety-six", "two thousand" (a number phrase), "twenty ten".
    // Only number words (19, 20) and number phrases, all of them in `numeric`, can start one.
    for (const std::uint32_t i : numeric) {
        if (i + 1 >= n) break;
        MToken& t = out[i];
        if (!t.lex || t.number_token) continue;
        if ((t.lex->number == 19 || t.lex->number == 20) && out[i + 1].lex && !out[i + 1].number_token &&
            (out[i + 1].form_mask & (1u << static_cast<unsigned>(Form::num))) && out[i + 1].value >= 10 &&
            out[i + 1].value <= 99 && out[i + 1].num_end > i + 1) {
            t.form_mask |= 1u << static_cast<unsigned>(Form::spokenyear);
            t.y = static_cast<int>(t.lex->number * 100 + out[i + 1].value);
            t.spoken_end = out[i + 1].num_end;
        } else if ((t.form_mask & (1u << static_cast<unsigned>(Form::num))) && t.value >= 1900 && t.value <= 2099 &&
                   t.value == static_cast<int>(t.value)) {
            t.form_mask |= 1u << static_cast<unsigned>(Form::spokenyear);
            t.y = static_cast<int>(t.value);
            t.spoken_end = t.num_end;
        }
    }
}

bool Grammar::alt_matches(const Alternative& a, const MToken& t) const {
    if (a.capitalized && !t.capitalized) return false;
    switch (a.kind) {
    case Alternative::Kind::literal: return t.lex && t.lex->id == a.id;
    case Alternative::Kind::word_class: return (t.class_mask >> a.id) & 1u;
    case Alternative::Kind::form: return (t.form_mask >> a.id) & 1u;
    case Alternative::Kind::any: return true;
    }
    return false;
}

bool Grammar::match_variant(const Variant& v, const std::vector<MToken>& tokens, std::uint32_t start, Match& m) const {
    std::uint32_t j = start;
    const auto n = static_cast<std::uint32_t>(tokens.size());
    bool span_started = false;
    m.first = start;
    m.span_first = start;
    m.span_end = start;
    for (const auto& e : v.elements) {
        if (e.negative) {
            if (j < n)
                for (const auto& a : e.alternatives)
                    if (alt_matches(a, tokens[j])) return false;
            continue;
        }
        if (e.positive) {
            if (j >= n) continue;
            bool ok = false;
            for (const auto& a : e.alternatives)
                if (alt_matches(a, tokens[j])) ok = true;
            if (!ok) return false;
            continue;
        }
        if (j >= n) return false;
        const MToken& t = tokens[j];
        if (e.capitalized && !t.capitalized) return false;
        if (e.lower && t.capitalized) return false;
        const Alternative* hit = nullptr;
        for (const auto& a : e.alternatives)
            if (alt_matches(a, t)) { hit = &a; break; }
        if (!hit) return false;
        // No expression runs across a sentence-level gap: a line break between its tokens.
        std::uint32_t next = j + 1;
        if (hit->kind == Alternative::Kind::form && hit->id == static_cast<std::uint32_t>(Form::num)) next = t.num_end;
        if (hit->kind == Alternative::Kind::form && hit->id == static_cast<std::uint32_t>(Form::spokenyear)) next = t.spoken_end;
        if (!e.context) {
            if (!span_started) { m.span_first = j; span_started = true; }
            m.span_end = next;
        }
        j = next;
    }
    m.end = j;
    return span_started;
}

inline bool Grammar::passes_precheck(std::uint32_t variant, const std::vector<MToken>& tokens, std::uint32_t start) const {
    const Precheck& p = prechecks_[variant];
    const auto n = static_cast<std::uint32_t>(tokens.size());
    std::uint32_t second = start + 1;
    constexpr std::uint32_t num_bit = 1u << static_cast<unsigned>(Form::num);
    if (p.after_num) {
        if (!(tokens[start].form_mask & num_bit)) return false;
        second = tokens[start].num_end;
    } else if (p.after_first) {
        // The first element as match_variant matches it: its first matching alternative says
        // how many tokens it takes.
        const Element& e = variants_[variant].elements.front();
        const MToken& t = tokens[start];
        if ((e.capitalized && !t.capitalized) || (e.lower && t.capitalized)) return false;
        const Alternative* hit = nullptr;
        for (const auto& a : e.alternatives)
            if (alt_matches(a, t)) { hit = &a; break; }
        if (!hit) return false;
        if (hit->kind == Alternative::Kind::form && hit->id == static_cast<std::uint32_t>(Form::num)) second = t.num_end;
        if (hit->kind == Alternative::Kind::form && hit->id == static_cast<std::uint32_t>(Form::spokenyear)) second = t.spoken_end;
    }
    for (std::uint32_t k = 0; k < p.levels; ++k) {
        if (second + k >= n) return false;
        const MToken& t = tokens[second + k];
        if ((t.class_mask & p.classes[k]) || (t.form_mask & p.forms[k])) continue;
        if (!t.lex) return false;
        const std::uint32_t* w = precheck_words_.data() + p.words_at[k];
        const std::uint32_t* end = w + p.words_count[k];
        while (w != end && *w != t.lex->id) ++w;
        if (w == end) return false;
    }
    return true;
}

void Grammar::match(const std::vector<MToken>& tokens, std::vector<Match>& out) const {
    constexpr std::uint32_t num_form_bit = 1u << static_cast<unsigned>(Form::num);
    constexpr std::uint32_t multi_token_forms =
        (1u << static_cast<unsigned>(Form::num)) | (1u << static_cast<unsigned>(Form::spokenyear));
    out.clear();
    const auto n = static_cast<std::uint32_t>(tokens.size());
    // The longest match of any rule starting at token `i` (by the end of its tokens; among equal
    // ones the earlier rule).
    auto best_at = [&](std::uint32_t i, Match& best) {
        bool found = false;
        Match cur;
        auto try_one = [&](std::uint32_t v) {
            if (!passes_precheck(v, tokens, i) || !match_variant(variants_[v], tokens, i, cur)) return;
            cur.variant = v;
            // Longest first; among equally long ones the earlier rule, then the earlier variant
            // (so the order the candidates are tried in does not matter).
            const auto rule = variants_[v].rule, best_rule = variants_[best.variant].rule;
            if (!found || cur.end > best.end ||
                (cur.end == best.end && (rule < best_rule || (rule == best_rule && v < best.variant)))) {
                best = cur;
                found = true;
            }
        };
        const MToken* next = i + 1 < n ? &tokens[i + 1] : nullptr;
        // Neither a number phrase nor a spoken year: a token every first element takes alone.
        const bool single = !(tokens[i].form_mask & multi_token_forms);
        auto try_list = [&](const Candidates& c) __attribute__((always_inline)) {
            if (single) {
                if (!c.single_next.admits(next)) return;
                for (auto v : c.single_rest) try_one(v);
                if (next) c.single.for_each_taking(*next, try_one);
                return;
            }
            if (!c.next.admits(next)) return;
            for (auto v : c.rest_multi) try_one(v);
            // The variants led by "#num" alone, by the token after the number phrase.
            if ((tokens[i].form_mask & num_form_bit) && tokens[i].num_end < n)
                c.after_num.for_each_taking(tokens[tokens[i].num_end], try_one);
            if (next) c.second.for_each_taking(*next, try_one);
        };
        const MToken& t = tokens[i];
        if (!t.starts && !(t.form_mask & starting_forms_)) return false;
        if (t.lex)
            if (t.lex->id < cand_word_.size()) try_list(cand_word_[t.lex->id]);
        for (std::uint64_t mask = t.class_mask; mask; mask &= mask - 1)
            try_list(cand_class_[static_cast<std::size_t>(__builtin_ctzll(mask))]);
        for (std::uint32_t mask = t.form_mask; mask; mask &= mask - 1)
            try_list(cand_form_[static_cast<std::size_t>(__builtin_ctz(mask))]);
        return found;
    };
    std::uint32_t i = 0;
    Match best, inner;
    while (i < n) {
        const MToken& t = tokens[i];
        if (!t.starts && !(t.form_mask & starting_forms_)) { ++i; continue; }
        if (!best_at(i, best)) { ++i; continue; }
        // A match led by context ("in March") yields to a longer expression starting where its
        // span starts ("in March 2018" is month_year's, not the bare month's).
        if (best.span_first > i && best_at(best.span_first, inner) && inner.span_end > best.span_end) best = inner;
        out.push_back(best);
        i = std::max(best.span_end, i + 1);
    }
}

TimexMeaning Grammar::meaning_of(const std::vector<MToken>& tokens, const Match& m) const {
    TimexMeaning meaning;
    const Variant& v = variants_[m.variant];
    std::uint32_t j = m.first;
    for (const auto& e : v.elements) {
        if (e.negative || e.positive) continue;
        const MToken& t = tokens[j];
        const Alternative* hit = nullptr;
        for (const auto& a : e.alternatives)
            if (alt_matches(a, t)) { hit = &a; break; }
        if (!hit) break;
        if (hit->kind == Alternative::Kind::any) {  // "*": any word, which says nothing
            j += 1;
            continue;
        }
        if (hit->kind == Alternative::Kind::word_class) {
            for (const auto& entry : t.lex->entries)
                if (entry.word_class == hit->id)
                    for (const auto& a : entry.assignments) apply(meaning, a);
            j += 1;
        } else if (hit->kind == Alternative::Kind::literal) {
            // A literal word brings the assignments of all its lexicon entries ("year" -> grain=Y).
            if (t.lex)
                for (const auto& entry : t.lex->entries)
                    for (const auto& a : entry.assignments) apply(meaning, a);
            j += 1;
        } else {
            switch (static_cast<Form>(hit->id)) {
            case Form::integer: meaning.amount = t.value; break;
            case Form::num: meaning.amount = t.value; break;
            case Form::year: meaning.year = t.y; break;
            case Form::day: meaning.day = t.d; break;
            case Form::ord: meaning.ordinal = static_cast<int>(t.value); break;
            case Form::decade: meaning.decade = t.y / 10; break;
            case Form::decade2: meaning.decade = t.y / 10; break;
            case Form::ymd:
            case Form::mdy:
                meaning.year = t.y;
                meaning.month = t.mo;
                meaning.day = t.d;
                break;
            case Form::clock:
            case Form::hourampm:
                meaning.hour = t.h;
                meaning.minute = t.mi;
                if (t.ampm) meaning.ampm = t.ampm;
                break;
            case Form::hour: meaning.hour = t.h; meaning.minute = 0; break;
            case Form::spokenyear: meaning.year = t.y; break;
            case Form::anyyear: meaning.year = t.y; break;
            case Form::hhmm: meaning.hour = t.h; meaning.minute = t.mi; break;
            case Form::punct: break;
            case Form::count: break;
            }
            j = static_cast<Form>(hit->id) == Form::num ? t.num_end : static_cast<Form>(hit->id) == Form::spokenyear ? t.spoken_end : j + 1;
        }
    }
    for (const auto& a : rules_[v.rule].action) apply(meaning, a);
    return meaning;
}

}  // namespace chronoline::timex
