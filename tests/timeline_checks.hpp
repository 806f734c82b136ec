// Checks shared by the tests that build one timeline two ways and expect the same result.
#pragma once
#include <doctest/doctest.h>

#include "chronoline/timeline.hpp"

namespace chronoline::test {

// The same entries (anchor, bounds, label, events, times, rank), the same unordered events and the
// same rejections; reduced_links are the caller's to compare (one test wants them to differ).
inline void check_same_timeline_but_reduction(const Timeline& got, const Timeline& expected) {
    REQUIRE(got.entries.size() == expected.entries.size());
    for (std::size_t k = 0; k < got.entries.size(); ++k) {
        CHECK(got.entries[k].value == expected.entries[k].value);
        CHECK(got.entries[k].after == expected.entries[k].after);
        CHECK(got.entries[k].before == expected.entries[k].before);
        CHECK(got.entries[k].label == expected.entries[k].label);
        CHECK(got.entries[k].events == expected.entries[k].events);
        CHECK(got.entries[k].timexes == expected.entries[k].timexes);
        CHECK(got.entries[k].rank == expected.entries[k].rank);
    }
    CHECK(got.unordered == expected.unordered);
    REQUIRE(got.rejected.size() == expected.rejected.size());
    for (std::size_t k = 0; k < got.rejected.size(); ++k) CHECK(got.rejected[k].reason == expected.rejected[k].reason);
}

}  // namespace chronoline::test
