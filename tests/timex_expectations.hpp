// Checking a document's time expressions against an expected-values file in the seed's format
// (surface <TAB> type <TAB> value <TAB> required|optional, rows in text order, '#' comments):
// used for the seed article and for the project's samples.
#pragma once
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "chronoline/document.hpp"

namespace chronoline::test {

// Checks every `required` row: a timex whose span overlaps the row's surface text (found in text
// order) has the row's type and value. Returns how many rows were required.
inline int check_expected_timexes(const Document& doc, const std::filesystem::path& expected) {
    std::ifstream in(expected);
    REQUIRE_MESSAGE(in, "cannot read " << expected.string());
    int required = 0;
    std::string line;
    std::size_t search_from = 0;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> cols;
        std::stringstream ss(line);
        for (std::string c; std::getline(ss, c, '\t');) cols.push_back(c);
        REQUIRE(cols.size() == 4);
        const auto begin = doc.text.find(cols[0], search_from);
        REQUIRE_MESSAGE(begin != std::string::npos, "'" << cols[0] << "' not in the text (rows in text order)");
        search_from = begin + cols[0].size();
        if (cols[3] != "required") continue;
        ++required;
        const Span want{static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(begin + cols[0].size())};
        const Timex* found = nullptr;
        for (const auto& t : doc.timexes)
            if (t.span.overlaps(want) && !found) found = &t;
        INFO("expected '" << cols[0] << "' " << cols[1] << " " << cols[2]);
        REQUIRE(found != nullptr);
        CHECK(found->type == cols[1]);
        CHECK(found->value == cols[2]);
    }
    return required;
}

}  // namespace chronoline::test
