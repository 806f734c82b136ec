// Stage 1: time expressions. The extractor finds spans and gives each a typed, underspecified
// meaning (grain, anchor, offset, direction, mod) from named grammar rules in resources/en/;
// the resolver turns meanings into TIMEX3 values against the DCT, the narrative's reference
// time and the governing clause's tense.
#pragma once
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chronoline/document.hpp"

namespace chronoline {

// A found expression before resolution. `meaning` is the stage's own typed description; its
// fields are documented in src/timex/meaning.hpp.
struct TimexMeaning;
struct TimexMention {
    Span span;
    std::string rule;                        // name of the grammar rule that produced it
    std::shared_ptr<const TimexMeaning> meaning;
};

class TimexTagger {
public:
    // Loads the grammar and tables under `resource_dir` (…/resources); throws resource_error.
    static TimexTagger load(const std::filesystem::path& resource_dir);

    // Finds the time expressions of `doc` (doc.analysis must be filled).
    [[nodiscard]] std::vector<TimexMention> extract(const Document& doc) const;

    // Resolves `mentions` into doc.timexes (tids t1, t2… in text order), using doc.dct, the
    // narrative's most recent suitable time for anaphora, and the tense of doc.events when the
    // events stage has run (a light heuristic over the clause otherwise).
    void resolve(Document& doc, const std::vector<TimexMention>& mentions) const;

    // extract + resolve.
    void tag(Document& doc) const;

    // The first full date in a dateline among the first lines of `text`
    // ("WASHINGTON, July 19, 2018 —", "Published 07/19/2018 10:02 AM").
    [[nodiscard]] std::optional<std::chrono::year_month_day> find_dateline(std::string_view text) const;

    // Every rule's name, for the corpus test that fails when a rule never fires.
    [[nodiscard]] std::vector<std::string> rule_names() const;

    struct Impl;

private:
    explicit TimexTagger(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
    std::shared_ptr<const Impl> impl_;
};

}  // namespace chronoline
