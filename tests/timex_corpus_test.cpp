// The time-expression example corpus (tests/corpus/timex): every positive row must come out with
// its exact span, type, value and attributes; no negative span may be tagged; and every grammar
// rule must fire somewhere in the positive corpus.
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "chronoline/document.hpp"
#include "chronoline/timex.hpp"
#include "test_support.hpp"

using namespace chronoline;

namespace {

std::vector<std::string> split_tabs(const std::string& line) {
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string col;
    while (std::getline(ss, col, '\t')) cols.push_back(col);
    return cols;
}

struct Row {
    std::string file;
    int line = 0;
    std::vector<std::string> cols;
};

std::vector<Row> read_rows(const std::filesystem::path& path, std::size_t columns) {
    std::vector<Row> rows;
    std::ifstream in(path);
    REQUIRE_MESSAGE(in, "cannot read " << path);
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
        ++n;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        auto cols = split_tabs(line);
        REQUIRE_MESSAGE(cols.size() == columns, path.filename().string() << ":" << n << " has " << cols.size()
                                                                         << " columns, want " << columns);
        rows.push_back({path.filename().string(), n, std::move(cols)});
    }
    return rows;
}

// Tags `text` as the pipeline does; a given tense stands in for the events stage's verbs.
// Rules that matched (an expression, or words a blocking rule claims so that none is made).
std::set<std::string> fired;

Document tag_text(const TimexTagger& tagger, const std::string& text, const std::string& dct, const std::string& tense) {
    Document doc;
    doc.text = text;
    doc.dct = parse_date(dct, "corpus DCT");
    doc.dct_value = format_date(doc.dct);
    doc.analysis = analyze_text(doc.text);
    auto mentions = tagger.extract(doc);
    for (const auto& m : mentions) fired.insert(m.rule);
    if (tense != "-") {
        // "PRESENT/PERFECTIVE": a tense with the events stage's aspect; then optional
        // "modality=would", "polarity=NEG", "at=word" (the one event is that word's first
        // occurrence, else the first word of each sentence).
        std::stringstream ss(tense);
        std::string head, kv;
        ss >> head;
        std::map<std::string, std::string> extra;
        while (ss >> kv) {
            const auto eq = kv.find('=');
            REQUIRE_MESSAGE(eq != std::string::npos, "bad tense column '" << tense << "'");
            extra[kv.substr(0, eq)] = kv.substr(eq + 1);
        }
        Event e;
        const auto slash = head.find('/');
        e.tense = head.substr(0, slash);
        if (slash != std::string::npos) e.aspect = head.substr(slash + 1);
        e.modality = extra["modality"];
        e.polarity = extra.count("polarity") ? extra["polarity"] : "POS";
        if (extra.count("at")) {
            const auto at = doc.text.find(extra["at"]);
            REQUIRE_MESSAGE(at != std::string::npos, "'" << extra["at"] << "' is not in \"" << doc.text << "\"");
            e.span = {static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(at + extra["at"].size())};
            std::size_t token = 0;
            while (token + 1 < doc.analysis.tokens.size() && doc.analysis.tokens[token].span.end <= e.span.begin) ++token;
            e.sentence = static_cast<std::uint32_t>(doc.analysis.sentence_of_token(token));
            doc.events.push_back(e);
        } else {
            for (std::uint32_t s = 0; s < doc.analysis.sentences.size(); ++s) {
                e.span = doc.analysis.tokens[doc.analysis.sentences[s].first_token].span;
                e.sentence = s;
                doc.events.push_back(e);
            }
        }
    }
    tagger.resolve(doc, mentions);
    return doc;
}

std::map<std::string, std::string> parse_attrs(const std::string& attrs) {
    std::map<std::string, std::string> out;
    if (attrs == "-") return out;
    std::stringstream ss(attrs);
    std::string kv;
    while (ss >> kv) {
        const auto eq = kv.find('=');
        if (eq != std::string::npos) out[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    return out;
}

std::string describe(const Document& doc) {
    std::string out;
    for (const auto& t : doc.timexes)
        out += " ['" + doc.text.substr(t.span.begin, t.span.size()) + "' " + t.type + " " + t.value +
               (t.mod.empty() ? "" : " mod=" + t.mod) + (t.quant.empty() ? "" : " quant=" + t.quant) +
               (t.freq.empty() ? "" : " freq=" + t.freq) + " {" + t.rule + "}]";
    return out.empty() ? " (nothing)" : out;
}

}  // namespace

TEST_CASE("time-expression corpus: positive examples, negative examples, every rule fires") {
    const auto tagger = TimexTagger::load(test::resources_dir());
    const auto dir = test::source_dir() / "tests" / "corpus" / "timex";
    std::vector<Row> positive = read_rows(dir / "positive.tsv", 7);
    if (std::filesystem::exists(dir / "rules-extra.tsv"))
        for (auto& r : read_rows(dir / "rules-extra.tsv", 7)) positive.push_back(std::move(r));
    const auto negative = read_rows(dir / "negative.tsv", 3);
    CHECK(positive.size() >= 500);

    fired.clear();
    std::vector<std::string> failures;
    for (const auto& row : positive) {
        const auto& c = row.cols;
        const std::string where = row.file + ":" + std::to_string(row.line);
        const auto begin = c[0].find(c[3]);
        if (begin == std::string::npos) {
            failures.push_back(where + ": span '" + c[3] + "' is not in the text");
            continue;
        }
        const Document doc = tag_text(tagger, c[0], c[1], c[2]);
        const Span want{static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(begin + c[3].size())};
        const auto attrs = parse_attrs(c[6]);
        auto attr = [&](const char* k) {
            auto it = attrs.find(k);
            return it == attrs.end() ? std::string() : it->second;
        };
        bool ok = false;
        for (const auto& t : doc.timexes)
            if (t.span == want && t.type == c[4] && t.value == c[5] && t.mod == attr("mod") &&
                t.quant == attr("quant") && t.freq == attr("freq"))
                ok = true;
        if (!ok)
            failures.push_back(where + ": want '" + c[3] + "' " + c[4] + " " + c[5] + (c[6] == "-" ? "" : " " + c[6]) +
                               " in \"" + c[0] + "\" (tense " + c[2] + "); got" + describe(doc));
    }
    const auto fired_in_positive = fired;
    for (const auto& row : negative) {
        const auto& c = row.cols;
        const std::string where = row.file + ":" + std::to_string(row.line);
        const Document doc = tag_text(tagger, c[0], c[1], "-");
        if (c[2] == "*") {
            if (!doc.timexes.empty()) failures.push_back(where + ": no expression wanted in \"" + c[0] + "\"; got" + describe(doc));
            continue;
        }
        const auto begin = c[0].find(c[2]);
        if (begin == std::string::npos) {
            failures.push_back(where + ": span '" + c[2] + "' is not in the text");
            continue;
        }
        const Span banned{static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(begin + c[2].size())};
        for (const auto& t : doc.timexes)
            if (t.span.overlaps(banned))
                failures.push_back(where + ": '" + c[2] + "' must not be tagged in \"" + c[0] + "\"; got" + describe(doc));
    }
    std::string unfired;
    for (const auto& name : tagger.rule_names())
        if (!fired_in_positive.count(name)) unfired += " " + name;
    std::string report;
    for (std::size_t i = 0; i < failures.size() && i < 300; ++i) report += "\n  " + failures[i];
    CHECK_MESSAGE(failures.empty(), failures.size() << " corpus rows fail:" << report);
    CHECK_MESSAGE(unfired.empty(), "rules that never fire over the positive corpus:" << unfired);
}
