// The typed, underspecified meaning of a time expression, as the extractor builds it from the
// grammar (lexicon assignments + rule actions) and the resolver turns it into a TIMEX3 value.
#pragma once
#include <cstdint>
#include <string>

namespace chronoline {

// How the value is obtained from the fields below.
enum class MeaningKind : std::uint8_t {
    calendar,  // explicit calendar fields (year/month/day/weekday/season/quarter/…); missing
               // coarser fields (the year of "March 3", the week of "Tuesday") come from the anchor
    shift,     // this/last/next <grain> ("last year", "next Tuesday", "today", "the following week")
    offset,    // amount×unit before/after the anchor ("two days ago", "three weeks later")
    ref,       // PRESENT_REF / PAST_REF / FUTURE_REF
    duration,  // P-value: amount×unit
    set,       // a recurring time (P1W, XXXX-WXX-2) with quant/freq
    none,      // not a time expression: a rule that claims words so that no other rule takes them
};

// Which time a relative expression is computed from.
enum class AnchorKind : std::uint8_t {
    dct,        // the document creation time ("yesterday", "last week", "two days ago")
    narrative,  // the narrative's most recent suitable time ("the next day", "two days later")
    automatic,  // the DCT in news, the narrative time when the text has moved away from it
};

struct TimexMeaning {
    MeaningKind kind = MeaningKind::calendar;
    std::string type;            // DATE, TIME, DURATION, SET; empty = by kind
    AnchorKind anchor = AnchorKind::automatic;

    // Calendar fields; 0 / -1 / empty = not said.
    int year = 0;                // 4-digit year
    int decade = -1;             // 199 for "the 1990s"
    int century = -1;            // 19 for "the 20th century"
    int month = 0;               // 1..12
    int day = 0;                 // 1..31
    int weekday = 0;             // 1 = Monday … 7 = Sunday
    std::string season;          // SP SU FA WI
    int quarter = 0;             // 1..4
    int half = 0;                // 1..2
    int ordinal = 0;             // "third" in "the third quarter": given meaning by `grain`
    std::string part_of_day;     // MO AF EV NI DT (daytime)
    int hour = -1, minute = -1;  // clock time (24 h after am/pm)
    int ampm = 0;                // 1 = a.m., 2 = p.m.
    std::string zone;            // "EST" …
    std::string holiday;         // computed holidays: EASTER, THANKSGIVING, …
    bool fiscal = false;
    bool year_end = false;       // "year-end": the last day of the year
    bool year_end_period = false;// "year end", "year's end": the year itself (the rule gives mod END)

    // Relative and quantity fields.
    std::string grain;           // the unit a shift/offset/set/duration counts in: D W M Y Q H MI S DE CE WE SE(season)
    double amount = 1;           // "two" in "two days ago"
    bool vague = false;          // "days", "a few months", "several years": amount X
    int direction = 0;           // -1 before the anchor, +1 after, 0 the anchor's own
    bool future_if_tense = false;// "in two weeks": a date in a future clause, else a duration

    int year_shift = 0;          // "the second half of next year": the year is the anchor's + this
    bool has_year_shift = false;
    bool times = false;          // "three times a week": freq is the amount ("3X"), the period 1 unit
    int prefer = 0;              // +1 "by the summer": a yearless period ahead of the anchor; -1 behind
    bool last_named = false;     // "that quarter": the period the text named last, not the one under discussion
    bool like_period = false;    // "the year-ago period": the period under discussion (a quarter), a year back
    bool after_day = false;      // "3" in "April 2 and 3": a day of the month and year of the date just before

    // The clause's tense as the text's own cue words say it (0 none, 1 past, 2 present, 3
    // future), found at extraction; the events stage's real tense overrides it at resolution.
    std::uint8_t text_tense = 0;
    bool text_strong_past = false;  // a pluperfect ("had burned") in the sentence
    bool text_intention = false;    // a verb of intention just before it ("planned a rally on Saturday")

    std::string mod;             // APPROX, START, MID, END, MORE_THAN, LESS_THAN, …
    std::string quant;           // sets: EVERY, EACH
    std::string freq;            // sets: 2X
    std::string ref;             // PRESENT_REF / PAST_REF / FUTURE_REF
};

}  // namespace chronoline
