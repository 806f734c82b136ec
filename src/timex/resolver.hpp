// Meaning + context -> TIMEX3 value, with boost::gregorian date arithmetic.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/date_time/gregorian/gregorian.hpp>

#include "timex/meaning.hpp"

namespace chronoline::timex {

// future_in_past: a time still ahead when the clause was said ("would leave Thursday"): ahead
// of the anchor for a weekday, the nearest occurrence for a period named without its year.
enum class Tense : std::uint8_t { none, past, present, future, future_in_past };
const char* tense_name(Tense t);

// A resolved time that later expressions can be anchored on: a day and the grain it was said at.
struct RefTime {
    boost::gregorian::date day;   // a day inside the period (its first day for coarser grains)
    char grain = 'D';             // D W M Q S(season) H(half) Y
    bool explicit_year = false;   // the text named the year ("in 1995"), not computed from the DCT
    std::size_t sentence = 0;
    bool from_offset = false;     // computed by an offset ("a year earlier"), not named
};

// The computed holidays of resources/en/timex/holidays.tsv (its FORMAT header): each year's date
// is a base (Easter, the n-th weekday of a month, or a holiday of an earlier line) plus days.
class HolidayTable {
public:
    // Throws resource_error "<file>:<line>: <why>" on a bad row.
    static HolidayTable load(const std::filesystem::path& file);
    // The holiday's date in `year`; nothing for a name the table lacks.
    [[nodiscard]] std::optional<boost::gregorian::date> date_of(std::string_view name, int year) const;

private:
    enum class Base : std::uint8_t { easter, nth_weekday, holiday };
    struct Rule {
        std::string name;
        Base base = Base::easter;
        int month = 0, weekday = 0, n = 0;  // nth_weekday: the n-th (-1: last) weekday of month
        std::size_t holiday = 0;            // holiday: the index of the earlier rule
        int days = 0;
    };
    [[nodiscard]] const Rule* find(std::string_view name) const;
    [[nodiscard]] boost::gregorian::date date_of(const Rule& rule, int year) const;
    std::vector<Rule> rules_;
};

struct ResolveContext {
    const HolidayTable* holidays = nullptr;  // the computed holidays (none: such expressions drop)
    boost::gregorian::date dct;
    std::optional<RefTime> narrative;  // the most recent resolved time of the text
    std::optional<RefTime> quarter;    // the most recent quarter the text spoke of
    std::optional<RefTime> named;      // the most recent time not computed by an offset
    std::optional<RefTime> day;        // the most recent day-grain time ("two days later" counts from it)
    std::optional<RefTime> past_day;   // the most recent day-grain time on or before the DCT
    Tense tense = Tense::none;
    bool strong_past = false;          // a pluperfect ("had burned"): past even against a deadline word
    bool tense_from_afar = false;      // the tense is that of a verb several words away, not its own
    bool tense_of_a_verb = false;      // the tense is that of an events-stage verb before the expression
    std::optional<boost::gregorian::date> day_after;  // a day named just after a clock time, for it
    std::size_t sentence = 0;
    bool history = false;              // the text narrates a past far from its DCT
};

struct Resolution {
    bool ok = false;               // false: an impossible date; the expression is dropped
    std::string type, value, mod, quant, freq;
    bool temporal_function = false;
    bool used_narrative = false;
    std::string explanation;
    std::optional<RefTime> produced;  // what later anaphora may anchor on
};

Resolution resolve_meaning(const TimexMeaning& m, const ResolveContext& ctx);

}  // namespace chronoline::timex
