// The tables only the sieve's rules read (the features never do). Internal to src/links.
// They live in a file of their own, not in links::LinkResources nor link_tagger.cpp: either
// file grew enough with their loading for GCC to move hot calls out of line (the scoring's
// weight sums, the TLink string assignments: +2 to +8% of the stage's instructions,
// callgrind).
#pragma once
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace chronoline::links {

// The rows of a TAB-separated file of resources/en/links/ (comment lines and blank lines
// skipped), each of exactly `columns` cells; resource_error naming file and line otherwise.
// LinkResources (link_features.cpp) reads its tables with it too.
std::vector<std::vector<std::string>> read_table(const std::filesystem::path& path, std::size_t columns);

struct RuleTables {
    // Word right after a DURATION that makes it a distance ("five days after <event>") -> the
    // relType of the event after the word to the phrase's anchor (duration_anchors.txt).
    std::vector<std::pair<std::string, std::string>> duration_anchors;
    // A signal that fixes the relation of an event of one aspect to the time after it ("had
    // contained … by Saturday": BEFORE) (aspect_signals.txt).
    struct AspectSignal {
        std::string phrase, aspect, rel;
    };
    std::vector<AspectSignal> aspect_signals;
    // Modalities that put an event ahead of the time it is told from (forward_modals.txt).
    std::vector<std::string> forward_modals;
    static RuleTables load(const std::filesystem::path& dir);  // throws resource_error
};

}  // namespace chronoline::links
