// TIMEX3 values as stretches of time. A hand-written parser: values are short and come one per
// expression, but it runs for every time of every document.
#include <array>
#include <string>

#include "chronoline/graph.hpp"

namespace chronoline {
namespace {

constexpr std::int64_t kDay = 86400;

std::int64_t seconds_of(std::chrono::year_month_day d) {
    return static_cast<std::int64_t>(std::chrono::sys_days(d).time_since_epoch().count()) * kDay;
}
std::int64_t seconds_of(int y, unsigned m, unsigned d) {
    return seconds_of(std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}});
}

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}
// The value of a few digits (every caller has checked them with all_digits): in place, where
// from_chars was a call for each field of each value.
int number(std::string_view s) {
    int v = 0;
    for (char c : s) v = 10 * v + (c - '0');
    return v;
}
TimeInterval months(int y, unsigned m, unsigned count) {
    unsigned em = m + count;
    int ey = y;
    while (em > 12) {
        em -= 12;
        ++ey;
    }
    return {seconds_of(y, m, 1), seconds_of(ey, em, 1)};
}

// The Monday of ISO week `w` of year `y` (week 1 holds January 4).
std::chrono::sys_days iso_week_monday(int y, unsigned w) {
    const std::chrono::sys_days jan4{std::chrono::year{y} / 1 / 4};
    return jan4 - std::chrono::days{std::chrono::weekday{jan4}.iso_encoding() - 1} + std::chrono::days{7 * (w - 1)};
}

// "THH:MM:SS", "THH:MM", "THH", "TMO"… on the day starting at `day`.
std::optional<TimeInterval> time_of_day(std::string_view t, std::int64_t day) {
    struct Part {
        std::string_view name;
        int from, to;
    };
    static constexpr std::array<Part, 5> parts{{{"MO", 6, 12}, {"AF", 12, 18}, {"EV", 18, 24}, {"NI", 20, 24}, {"DT", 6, 18}}};
    for (const auto& p : parts)
        if (t == p.name) return TimeInterval{day + p.from * 3600, day + p.to * 3600};
    if (t.size() >= 2 && all_digits(t.substr(0, 2))) {
        const int h = number(t.substr(0, 2));
        if (h > 24) return std::nullopt;
        if (t.size() == 2) return TimeInterval{day + h * 3600, day + (h + 1) * 3600};
        if (t.size() >= 5 && t[2] == ':' && all_digits(t.substr(3, 2))) {
            const int mi = number(t.substr(3, 2));
            if (mi > 59) return std::nullopt;
            const std::int64_t at = day + h * 3600 + mi * 60;
            if (t.size() >= 8 && t[5] == ':' && all_digits(t.substr(6, 2))) {
                const std::int64_t s = at + number(t.substr(6, 2));
                return TimeInterval{s, s + 1};
            }
            return TimeInterval{at, at + 60};
        }
    }
    return std::nullopt;
}

}  // namespace

std::optional<TimeInterval> interval_of_value(std::string_view v, std::chrono::year_month_day dct) {
    // (The names compared only for a value that may be one: most values are dates.)
    if (!v.empty() && (v[0] == 'P' || v[0] == 'F') && dct.ok()) {
        const std::int64_t day = seconds_of(dct);
        if (v == "PRESENT_REF") return TimeInterval{day, day + kDay};
        if (v == "PAST_REF") return TimeInterval{TimeInterval::kUnboundedBegin, day};
        if (v == "FUTURE_REF") return TimeInterval{day + kDay, TimeInterval::kUnboundedEnd};
    }
    if (v.size() == 2 && all_digits(v)) {  // century
        const int c = number(v);
        return TimeInterval{seconds_of(c * 100, 1, 1), seconds_of(c * 100 + 100, 1, 1)};
    }
    if (v.size() == 3 && all_digits(v)) {  // decade
        const int d = number(v);
        return TimeInterval{seconds_of(d * 10, 1, 1), seconds_of(d * 10 + 10, 1, 1)};
    }
    if (v.size() < 4 || !all_digits(v.substr(0, 4))) return std::nullopt;
    const int y = number(v.substr(0, 4));
    if (v.size() == 4) return TimeInterval{seconds_of(y, 1, 1), seconds_of(y + 1, 1, 1)};
    if (v[4] != '-' || v.size() < 7) return std::nullopt;
    const std::string_view rest = v.substr(5);
    const std::string_view head = rest.substr(0, 2);
    if (rest.size() == 2) {
        if (head == "SP") return months(y, 3, 3);
        if (head == "SU") return months(y, 6, 3);
        if (head == "FA") return months(y, 9, 3);
        if (head == "WI") return months(y, 12, 3);  // the winter that begins in December of y
        if ((head[0] == 'Q') && head[1] >= '1' && head[1] <= '4') return months(y, 3 * (head[1] - '1') + 1, 3);
        if ((head[0] == 'H') && (head[1] == '1' || head[1] == '2')) return months(y, head[1] == '1' ? 1 : 7, 6);
    }
    if (rest[0] == 'W' && rest.size() >= 3 && all_digits(rest.substr(1, 2))) {  // ISO week
        const unsigned w = static_cast<unsigned>(number(rest.substr(1, 2)));
        if (w < 1 || w > 53) return std::nullopt;
        const std::int64_t monday = static_cast<std::int64_t>(iso_week_monday(y, w).time_since_epoch().count()) * kDay;
        if (rest.size() == 3) return TimeInterval{monday, monday + 7 * kDay};
        if (rest.substr(3) == "-WE") return TimeInterval{monday + 5 * kDay, monday + 7 * kDay};
        if (rest.size() == 5 && rest[3] == '-' && rest[4] >= '1' && rest[4] <= '7') {
            const std::int64_t d = monday + (rest[4] - '1') * kDay;
            return TimeInterval{d, d + kDay};
        }
        return std::nullopt;
    }
    if (!all_digits(head)) return std::nullopt;
    const unsigned m = static_cast<unsigned>(number(head));
    if (m < 1 || m > 12) return std::nullopt;
    if (rest.size() == 2) return months(y, m, 1);
    if (rest.size() < 5 || rest[2] != '-' || !all_digits(rest.substr(3, 2))) return std::nullopt;
    const std::chrono::year_month_day date{std::chrono::year{y}, std::chrono::month{m},
                                           std::chrono::day{static_cast<unsigned>(number(rest.substr(3, 2)))}};
    if (!date.ok()) return std::nullopt;
    const std::int64_t day = seconds_of(date);
    if (rest.size() == 5) return TimeInterval{day, day + kDay};
    if (rest[5] != 'T') return std::nullopt;
    return time_of_day(rest.substr(6), day);
}

namespace {

constexpr std::array<std::string_view, 12> kMonthNames{"January", "February", "March",     "April",   "May",      "June",
                                                       "July",    "August",   "September", "October", "November", "December"};
constexpr std::array<std::string_view, 7> kWeekdayNames{"Monday", "Tuesday",  "Wednesday", "Thursday",
                                                        "Friday", "Saturday", "Sunday"};

std::string day_label(std::chrono::year_month_day d) {
    const unsigned wd = std::chrono::weekday{std::chrono::sys_days{d}}.iso_encoding();
    std::string out(kWeekdayNames[wd - 1]);
    out += ", ";
    out += kMonthNames[static_cast<unsigned>(d.month()) - 1];
    out += ' ';
    out += std::to_string(static_cast<unsigned>(d.day()));
    out += ", ";
    out += std::to_string(static_cast<int>(d.year()));
    return out;
}

std::string ordinal(int n) {
    const int last_two = n % 100, last = n % 10;
    const char* suffix = (last_two >= 11 && last_two <= 13) ? "th" : last == 1 ? "st" : last == 2 ? "nd" : last == 3 ? "rd" : "th";
    return std::to_string(n) + suffix;
}

// "THH:MM[:SS]", "THH", "TMO"… as said after the day ("14:30", "morning"); empty when unreadable.
// (What time_of_day reads, said: the part of the day by name, a clock time as it is written.)
std::string time_label(std::string_view t) {
    if (!time_of_day(t, 0)) return {};
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 5> parts{
        {{"MO", "morning"}, {"AF", "afternoon"}, {"EV", "evening"}, {"NI", "night"}, {"DT", "daytime"}}};
    for (const auto& [code, name] : parts)
        if (t == code) return std::string(name);
    if (t.size() == 2) return std::string(t) + ":00";
    return t.size() == 5 || t.size() == 8 ? std::string(t) : std::string();
}

}  // namespace

std::string label_of_value(std::string_view v) {
    if (v == "PRESENT_REF") return "now";
    if (v == "PAST_REF") return "the past";
    if (v == "FUTURE_REF") return "the future";
    if (v.size() == 2 && all_digits(v)) return "the " + ordinal(number(v) + 1) + " century";
    if (v.size() == 3 && all_digits(v)) return "the " + std::string(v) + "0s";
    if (v.size() < 4 || !all_digits(v.substr(0, 4))) return std::string(v);
    const int y = number(v.substr(0, 4));
    const std::string year = std::to_string(y);
    if (v.size() == 4) return year;
    if (v[4] != '-' || v.size() < 7) return std::string(v);
    const std::string_view rest = v.substr(5);
    if (rest.size() == 2) {
        if (rest == "SP") return "spring " + year;
        if (rest == "SU") return "summer " + year;
        if (rest == "FA") return "fall " + year;
        // (TimeML's winter of y begins in its December: "winter 2018–19")
        if (rest == "WI") return "winter " + year + "\xE2\x80\x93" + std::to_string(y + 1).substr(year.size() - 2);
        if (rest[0] == 'Q' && rest[1] >= '1' && rest[1] <= '4') return "Q" + std::string(1, rest[1]) + " " + year;
        if (rest == "H1") return "the first half of " + year;
        if (rest == "H2") return "the second half of " + year;
    }
    if (rest[0] == 'W' && rest.size() >= 3 && all_digits(rest.substr(1, 2))) {
        const unsigned w = static_cast<unsigned>(number(rest.substr(1, 2)));
        if (w < 1 || w > 53) return std::string(v);
        const std::chrono::sys_days monday = iso_week_monday(y, w);
        if (rest.size() == 3) return "the week of " + day_label(std::chrono::year_month_day{monday});
        if (rest.substr(3) == "-WE") return "the weekend of " + day_label(std::chrono::year_month_day{monday + std::chrono::days{5}});
        if (rest.size() == 5 && rest[3] == '-' && rest[4] >= '1' && rest[4] <= '7')
            return day_label(std::chrono::year_month_day{monday + std::chrono::days{rest[4] - '1'}});
        return std::string(v);
    }
    if (!all_digits(rest.substr(0, 2))) return std::string(v);
    const unsigned m = static_cast<unsigned>(number(rest.substr(0, 2)));
    if (m < 1 || m > 12) return std::string(v);
    if (rest.size() == 2) return std::string(kMonthNames[m - 1]) + " " + year;
    if (rest.size() < 5 || rest[2] != '-' || !all_digits(rest.substr(3, 2))) return std::string(v);
    const std::chrono::year_month_day date{std::chrono::year{y}, std::chrono::month{m},
                                           std::chrono::day{static_cast<unsigned>(number(rest.substr(3, 2)))}};
    if (!date.ok()) return std::string(v);
    if (rest.size() == 5) return day_label(date);
    if (rest[5] != 'T') return std::string(v);
    const std::string time = time_label(rest.substr(6));
    return time.empty() ? std::string(v) : day_label(date) + ", " + time;
}

std::string relation_of_intervals(const TimeInterval& a, const TimeInterval& b) {
    if (a == b) return "SIMULTANEOUS";
    if (a.end < b.begin) return "BEFORE";
    if (b.end < a.begin) return "AFTER";
    // Times named by values are read as closed stretches, as annotators read them: Monday is
    // BEFORE Tuesday (not IBEFORE), 2018 BEFORE 2019.
    if (a.end == b.begin) return "BEFORE";
    if (b.end == a.begin) return "AFTER";
    if (a.begin == b.begin) return a.end < b.end ? "BEGINS" : "BEGUN_BY";
    if (a.end == b.end) return a.begin > b.begin ? "ENDS" : "ENDED_BY";
    if (a.begin <= b.begin && b.end <= a.end) return "INCLUDES";
    if (b.begin <= a.begin && a.end <= b.end) return "IS_INCLUDED";
    return {};
}

}  // namespace chronoline
