#include "links/link_model.hpp"

#include <algorithm>
#include <charconv>
#include <iterator>
#include <cmath>
#include <cstdio>
#include <istream>
#include <ostream>
#include <sstream>
#include <string>
#include <unordered_map>

#include "chronoline/error.hpp"

namespace chronoline::links {

Scores LinkModel::score(const std::vector<std::uint64_t>& features) const {
    return weights_.sum(features.data(), features.size());
}

void LinkModel::write(std::ostream& out) const {
    out << "# chronoline link model 1\n"
           "# FORMAT: lines '<feature hash, 16 hex digits> <weight for each label>' in the order of the\n"
           "# 'labels' line; features are FNV-1a hashes of feature names (src/links/link_features.cpp).\n"
           "# Written by `chronoline train links`; weights only.\nlabels";
    for (auto l : kLabels) out << ' ' << l;
    out << '\n';
    std::vector<std::pair<std::uint64_t, Scores>> rows;
    weights_.for_each([&](std::uint64_t k, const Scores& s) {
        for (float w : s)
            if (w != 0.0f) {
                rows.emplace_back(k, s);
                break;
            }
    });
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    char buf[64];
    for (const auto& [k, s] : rows) {
        std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(k));
        out << buf;
        for (float w : s) {
            std::snprintf(buf, sizeof buf, " %.6g", static_cast<double>(w));
            out << buf;
        }
        out << '\n';
    }
}

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

// The next whitespace-separated word of `line` from `at` (empty at the end), as `>>` reads it.
std::string_view next_word(std::string_view line, std::size_t& at) {
    while (at < line.size() && is_space(line[at])) ++at;
    const std::size_t begin = at;
    while (at < line.size() && !is_space(line[at])) ++at;
    return line.substr(begin, at - begin);
}

// A weight row the quick way: 16 hex digits, then the weights as plain decimal numbers that
// std::from_chars reads whole into normal floats (or zero). Both readings round correctly, so
// such a row gets the same bits as through an istream; anything else (signs on the key,
// "0x", too few weights, odd numbers, under- or overflow) returns false, for the stream path
// to read or to reject with its message.
bool parse_row_quickly(std::string_view line, std::uint64_t& key, Scores& s) {
    std::size_t at = 0;
    const std::string_view hex = next_word(line, at);
    if (hex.empty() || hex.size() > 16) return false;
    for (char c : hex)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
    if (std::from_chars(hex.data(), hex.data() + hex.size(), key, 16).ec != std::errc{}) return false;
    for (auto& w : s) {
        const std::string_view word = next_word(line, at);
        if (word.empty()) return false;
        for (char c : word)
            if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) return false;
        const auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), w);
        if (ec != std::errc{} || end != word.data() + word.size()) return false;
        if (w != 0.0f && !std::isnormal(w)) return false;
    }
    return true;
}

}  // namespace

void LinkModel::read(std::istream& in, std::string_view name) {
    const std::string content(std::istreambuf_iterator<char>(in), {});
    read(std::string_view(content), name);
}

void LinkModel::read(std::string_view content, std::string_view name) {
    // Thousands of rows at every start: each line is read with std::from_chars, and only a line
    // that is not a plain row goes through an istringstream (whose rules are the format's).
    std::size_t line_no = 0;
    bool have_labels = false;
    std::vector<std::pair<std::uint64_t, Scores>> rows;
    rows.reserve(content.size() / 48);
    std::string line;
    for (std::size_t pos = 0; pos < content.size();) {
        const std::size_t eol = std::min(content.find('\n', pos), content.size());
        const std::string_view view = content.substr(pos, eol - pos);
        pos = eol + 1;
        ++line_no;
        if (view.empty() || view[0] == '#') continue;
        if (!view.starts_with("labels")) {
            std::uint64_t key = 0;
            Scores s{};
            if (parse_row_quickly(view, key, s)) {
                rows.emplace_back(key, s);
                continue;
            }
        }
        line.assign(view);
        std::istringstream ls(line);
        if (line.rfind("labels", 0) == 0) {
            std::string word;
            ls >> word;
            for (auto l : kLabels)
                if (!(ls >> word) || word != l)
                    throw resource_error(std::string(name) + ": line " + std::to_string(line_no) +
                                         ": labels differ from this version's");
            have_labels = true;
            continue;
        }
        std::string hex;
        ls >> hex;
        Scores s{};
        for (auto& w : s)
            if (!(ls >> w))
                throw resource_error(std::string(name) + ": line " + std::to_string(line_no) + ": malformed weights");
        std::uint64_t key = 0;
        const auto [end, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), key, 16);
        if (ec != std::errc() || end != hex.data() + hex.size())
            throw resource_error(std::string(name) + ": line " + std::to_string(line_no) + ": malformed feature key");
        rows.emplace_back(key, s);
    }
    if (!have_labels) throw resource_error(std::string(name) + ": not a link model (no labels line)");
    weights_.reserve(rows.size());
    for (const auto& [k, s] : rows) weights_.at(k) = s;
}

// Under 2.5 updates' worth a feature is left out of the model: held-out temporal awareness
// is the same or better both ways for thresholds 1 to 3 (at a sixth of the weights), and falls
// from 4 on.
constexpr double kMinKeptWeight = 2.5;

LinkModel train_perceptron(const std::vector<TrainingExample>& examples, int epochs, unsigned seed) {
    // Two perceptrons share the table: column 0 is a binary one (related or not: positive
    // score = related), columns 1.. a multi-class one over the relTypes, trained on the related
    // pairs only. Lazy averaging: each weight keeps its running total and the step it was last
    // brought up to date.
    struct Slot {
        Scores w{};
        std::array<double, kLabelCount> total{};
        std::array<std::uint64_t, kLabelCount> stamp{};
    };
    std::unordered_map<std::uint64_t, Slot> slots;
    std::uint64_t step = 1;
    std::vector<std::size_t> order(examples.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::mt19937 rng(seed);
    auto bump = [&](Slot& s, std::size_t k, float delta) {
        s.total[k] += static_cast<double>(step - s.stamp[k]) * s.w[k];
        s.stamp[k] = step;
        s.w[k] += delta;
    };
    for (int epoch = 0; epoch < epochs; ++epoch) {
        for (std::size_t i = order.size(); i > 1; --i) {  // Fisher–Yates
            const std::size_t j = static_cast<std::size_t>(rng() % i);
            std::swap(order[i - 1], order[j]);
        }
        for (std::size_t idx : order) {
            const TrainingExample& ex = examples[idx];
            Scores s{};
            for (std::uint64_t f : ex.features)
                if (auto it = slots.find(f); it != slots.end())
                    for (std::size_t k = 0; k < kLabelCount; ++k) s[k] += it->second.w[k];
            const bool related = ex.label != 0;
            if ((s[0] > 0) != related)
                for (std::uint64_t f : ex.features) bump(slots[f], 0, related ? 1.0f : -1.0f);
            if (related) {
                std::size_t best = 1;
                for (std::size_t k = 2; k < kLabelCount; ++k)
                    if (s[k] > s[best]) best = k;
                if (best != ex.label)
                    for (std::uint64_t f : ex.features) {
                        Slot& sl = slots[f];
                        bump(sl, ex.label, 1.0f);
                        bump(sl, best, -1.0f);
                    }
            }
            ++step;
        }
    }
    LinkModel model;
    model.weights().reserve(slots.size());
    // Iterate in key order so the table (and the file) do not depend on the hash map's order.
    std::vector<std::uint64_t> keys;
    keys.reserve(slots.size());
    for (const auto& kv : slots) keys.push_back(kv.first);
    std::sort(keys.begin(), keys.end());
    for (std::uint64_t key : keys) {
        Slot& sl = slots[key];
        Scores avg{};
        bool any = false;
        for (std::size_t k = 0; k < kLabelCount; ++k) {
            const double total = sl.total[k] + static_cast<double>(step - sl.stamp[k]) * sl.w[k];
            avg[k] = static_cast<float>(std::round(total / static_cast<double>(step) * 1e5) / 1e5);
            // Features whose weights all stay small change no decision measurably on held-out
            // data (timebank <-> aquaint); leaving them out keeps the table small enough to
            // stay in cache.
            any = any || std::fabs(avg[k]) >= kMinKeptWeight;
        }
        if (any) model.weights().at(key) = avg;
    }
    return model;
}

}  // namespace chronoline::links
