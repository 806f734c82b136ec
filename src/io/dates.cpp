#include <charconv>
#include <cstdio>

#include "chronoline/document.hpp"
#include "chronoline/error.hpp"

namespace chronoline {

std::chrono::year_month_day parse_date(std::string_view text, std::string_view what) {
    auto fail = [&](const char* why) -> std::chrono::year_month_day {
        throw date_error(std::string(what) + ": " + why + " '" + std::string(text.substr(0, 40)) + "'");
    };
    // Compact form 19980807 (seen in some DCTs) and YYYY-MM-DD, optionally followed by T...
    int y = 0, m = 0, d = 0;
    auto num = [&](std::size_t pos, std::size_t len, int& out) {
        if (pos + len > text.size()) return false;
        auto r = std::from_chars(text.data() + pos, text.data() + pos + len, out);
        return r.ec == std::errc{} && r.ptr == text.data() + pos + len;
    };
    if (text.size() >= 10 && text[4] == '-' && text[7] == '-') {
        if (!num(0, 4, y) || !num(5, 2, m) || !num(8, 2, d)) return fail("not a date (want YYYY-MM-DD)");
        if (text.size() > 10 && text[10] != 'T' && text[10] != ' ') return fail("not a date (want YYYY-MM-DD)");
    } else if (text.size() >= 8 && num(0, 4, y) && num(4, 2, m) && num(6, 2, d) &&
               (text.size() == 8 || text[8] == 'T')) {
    } else {
        return fail("not a date (want YYYY-MM-DD)");
    }
    const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                                          std::chrono::day{static_cast<unsigned>(d)}};
    if (!ymd.ok() || y < 1) return fail("impossible date");
    return ymd;
}

std::string format_date(std::chrono::year_month_day d) {
    const int y = static_cast<int>(d.year());
    const auto m = static_cast<unsigned>(d.month());
    const auto day = static_cast<unsigned>(d.day());
    if (y >= 0 && y <= 9999 && m <= 99 && day <= 99) {
        // The usual date, digit by digit: every document formats its DCT, and snprintf costs
        // more than the rest of reading a short one's header.
        std::string out(10, '-');
        out[0] = static_cast<char>('0' + y / 1000);
        out[1] = static_cast<char>('0' + y / 100 % 10);
        out[2] = static_cast<char>('0' + y / 10 % 10);
        out[3] = static_cast<char>('0' + y % 10);
        out[5] = static_cast<char>('0' + m / 10);
        out[6] = static_cast<char>('0' + m % 10);
        out[8] = static_cast<char>('0' + day / 10);
        out[9] = static_cast<char>('0' + day % 10);
        return out;
    }
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                  static_cast<unsigned>(d.day()));
    return buf;
}

}  // namespace chronoline
