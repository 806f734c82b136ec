#include <doctest/doctest.h>

#include "chronoline/error.hpp"
#include "chronoline/text.hpp"

#include <algorithm>
#include <string>
#include <vector>

using namespace chronoline;

TEST_CASE("tokens keep byte offsets and abbreviations do not end sentences") {
    const std::string text = "Sen. Smith met U.S. officials on Jan. 5, 2018. They said \"no.\" Then it ended.";
    const auto a = analyze_text(text);
    REQUIRE(a.sentences.size() == 3);
    CHECK(text.substr(a.sentences[0].span.begin, a.sentences[0].span.size()) ==
          "Sen. Smith met U.S. officials on Jan. 5, 2018.");
    CHECK(a.lower_of(a.tokens[0]) == "sen.");
    CHECK(a.lower_of(a.tokens[3]) == "u.s.");
    for (const auto& t : a.tokens) CHECK(t.span.end > t.span.begin);
}

TEST_CASE("numbers with separators stay whole") {
    const std::string text = "On 7/19/2018 at 3:30 p.m., 1,000 people paid $3.5 million in the 1990s.";
    const auto a = analyze_text(text);
    std::vector<std::string> words;
    for (const auto& t : a.tokens) words.emplace_back(a.lower_of(t));
    CHECK(words[1] == "7/19/2018");
    CHECK(words[3] == "3:30");
    CHECK(words[4] == "p.m.");
    CHECK(words[6] == "1,000");
    CHECK(std::find(words.begin(), words.end(), "1990s") != words.end());
}

TEST_CASE("invalid UTF-8 is reported") {
    CHECK_NOTHROW(check_utf8("caf\xC3\xA9 \xE2\x80\x94 ok"));
    CHECK_THROWS_AS(check_utf8("bad \xC3 byte"), input_error);
    CHECK_THROWS_AS(check_utf8("overlong \xC0\xAF"), input_error);
}

TEST_CASE("the clitic 's is one token, straight or curly apostrophe") {
    const std::string text = "Trump's plan, the year\xE2\x80\x99s end, don't, the '90s";
    const auto a = analyze_text(text);
    std::vector<std::string> words;
    for (const auto& t : a.tokens) words.emplace_back(a.lower_of(t));
    CHECK(words == std::vector<std::string>{"trump", "'s", "plan", ",", "the", "year", "\xE2\x80\x99s", "end", ",",
                                            "don't", ",", "the", "'", "90s"});
}
