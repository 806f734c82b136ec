#include "timex/resolver.hpp"
#include "timex/resource_file.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace chronoline::timex {
namespace {

namespace bg = boost::gregorian;
using bg::date;

// Appends `a` zero-padded to `width` digits (as printf's "%0*d"; values come from dates, so
// they are never negative). Formatting by hand: snprintf costs more than the rest of a value.
void append_padded(std::string& out, int a, int width) {
    char buf[16];
    int n = 0;
    unsigned v = static_cast<unsigned>(a < 0 ? -a : a);
    do { buf[n++] = static_cast<char>('0' + v % 10); v /= 10; } while (v && n < 12);
    if (a < 0) --width;
    if (a < 0) out += '-';
    for (int k = n; k < width; ++k) out += '0';
    while (n) out += buf[--n];
}
std::string fmt(const char* f, int a) {
    // f is "%0Nd"
    std::string out;
    append_padded(out, a, f[2] - '0');
    return out;
}
std::string year_str(int y) { return fmt("%04d", y); }
std::string day_str(const date& d) {
    // One conversion of the day number (d.year(), d.month() and d.day() each redo it); a
    // Boost.DateTime year has four digits (1400..9999).
    const auto ymd = d.year_month_day();
    const unsigned y = ymd.year, mo = ymd.month, da = ymd.day;
    const char out[10] = {static_cast<char>('0' + y / 1000), static_cast<char>('0' + y / 100 % 10),
                          static_cast<char>('0' + y / 10 % 10), static_cast<char>('0' + y % 10), '-',
                          static_cast<char>('0' + mo / 10), static_cast<char>('0' + mo % 10), '-',
                          static_cast<char>('0' + da / 10), static_cast<char>('0' + da % 10)};
    return std::string(out, 10);
}
std::string month_str(int y, int m) { return year_str(y) + "-" + fmt("%02d", m); }
std::string week_str(const date& d) {
    const int w = d.week_number();
    int y = d.year();
    if (w >= 52 && d.month() == 1) --y;
    if (w == 1 && d.month() == 12) ++y;
    return year_str(y) + "-W" + fmt("%02d", w);
}
int quarter_of(const date& d) { return (d.month() - 1) / 3 + 1; }

bool valid_ymd(int y, int m, int d) {
    if (y < 1400 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
    return d <= bg::gregorian_calendar::end_of_month_day(static_cast<unsigned short>(y), static_cast<unsigned short>(m));
}

// 1 = Monday … 7 = Sunday.
int iso_weekday(const date& d) {
    const int w = d.day_of_week().as_number();  // 0 = Sunday
    return w == 0 ? 7 : w;
}

// Season periods: SP Mar-May, SU Jun-Aug, FA Sep-Nov, WI Dec-Feb (named by its December's year).
int season_start_month(const std::string& s) { return s == "SP" ? 3 : s == "SU" ? 6 : s == "FA" ? 9 : 12; }
date season_start(const std::string& s, int y) { return date(static_cast<unsigned short>(y), static_cast<unsigned short>(season_start_month(s)), 1); }
date season_end(const std::string& s, int y) { return season_start(s, y) + bg::months(3) - bg::days(1); }
std::string season_of(const date& d, int& year) {
    const int m = d.month();
    year = d.year();
    if (m >= 3 && m <= 5) return "SP";
    if (m >= 6 && m <= 8) return "SU";
    if (m >= 9 && m <= 11) return "FA";
    if (m <= 2) --year;
    return "WI";
}

std::string number_str(double v) {
    if (std::fabs(v - std::round(v)) < 1e-9) return std::to_string(static_cast<long long>(std::llround(v)));
    char buf[48];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

const char* tense_label(Tense t) { return tense_name(t); }

// Distance in days between a day and a period (0 inside it).
long distance(const date& anchor, const date& first, const date& last) {
    if (anchor < first) return (first - anchor).days();
    if (anchor > last) return (anchor - last).days();
    return 0;
}

// Chooses the year of a period named without one ("March", "the fall", "the third quarter"):
// the nearest one to the anchor; a future clause ("will meet in April") or a deadline ("by the
// summer") moves a period already over to the next year; a past clause moves a period still
// ahead back a year unless it starts within two months (news says "said it would close Nov. 6"
// of a day just ahead).
constexpr long kSayingLag = 60;  // days, as for days named without a year

template <class Period>
int infer_year(const date& anchor, Tense tense, Period period, bool by_tense = true, int prefer = 0, long near_days = 60) {
    const int y = anchor.year();
    date first, last;
    int best = y;
    long best_d = -1;
    for (int c : {y, y - 1, y + 1}) {
        period(c, first, last);
        const long dd = distance(anchor, first, last);
        if (best_d < 0 || dd < best_d) { best = c; best_d = dd; }
    }
    period(best, first, last);
    if (prefer > 0 || (prefer == 0 && by_tense && tense == Tense::future)) {
        if (last < anchor) ++best;
    } else if (prefer == 0 && by_tense && tense == Tense::future_in_past) {
        // "said it would hold an investor day in the autumn": ahead of the time of saying,
        // which may lie a little before the anchor ("would repatriate him by Jan. 14").
        if (last < anchor && (anchor - last).days() > kSayingLag) ++best;
    } else if (prefer < 0 || (by_tense && tense == Tense::past)) {
        if (first > anchor && (prefer < 0 || (first - anchor).days() > near_days)) --best;
    }
    return best;
}

struct Anchor {
    date day;
    bool narrative = false;
    char grain = 'D';
};

Anchor choose_anchor(const TimexMeaning& m, const ResolveContext& ctx) {
    // "the quarter", "the latest quarter": the quarter under discussion, else the last one
    // completed before the DCT (what quarterly reports are about).
    // "results for that quarter": the quarter named last.
    if (m.last_named && m.anchor == AnchorKind::narrative && ctx.narrative && ctx.narrative->grain == 'Q')
        return {ctx.narrative->day, true, 'Q'};
    if (m.anchor == AnchorKind::narrative && m.kind == MeaningKind::shift && m.grain == "Q") {
        if (ctx.quarter) return {ctx.quarter->day, true, 'Q'};
        return {ctx.dct - bg::months(3), false, 'Q'};
    }
    // "a year earlier" compares with the period the text is about, not with a time that was
    // itself computed a year back ("... a year earlier. ... a year earlier" does not chain).
    if (m.anchor == AnchorKind::narrative && m.kind == MeaningKind::offset && (m.grain == "Y" || m.grain == "Q") &&
        ctx.narrative && ctx.narrative->from_offset)
        return ctx.named ? Anchor{ctx.named->day, true, ctx.named->grain} : Anchor{ctx.dct, false, 'D'};
    // Days count from days: "two days later", "the next day" after "in the autumn ... on Monday"
    // count from Monday.
    const bool day_grain = m.grain == "D" || m.grain == "H" || m.grain == "MI" || (m.weekday && m.kind == MeaningKind::shift) ||
                           (!m.part_of_day.empty() && m.kind == MeaningKind::shift);
    if (m.anchor == AnchorKind::narrative && day_grain) {
        // A past-tense clause is not anchored on a day still ahead of the DCT ("... will pay on
        // March 22. Two days earlier, a rival reported ..."): it counts from the last past day.
        if (ctx.day && ctx.tense == Tense::past && ctx.day->day > ctx.dct && ctx.past_day)
            return {ctx.past_day->day, true, 'D'};
        if (ctx.day) return {ctx.day->day, true, 'D'};
        if (ctx.narrative) return {ctx.narrative->day, true, ctx.narrative->grain};
        return {ctx.dct, false, 'D'};
    }
    if (m.anchor == AnchorKind::narrative && ctx.narrative) return {ctx.narrative->day, true, ctx.narrative->grain};
    // In a history (the DCT is only a retrieval date) an expression without its own anchor
    // word follows the narrative; in news it is read from the DCT.
    // A future clause speaks from the DCT even in a history ("... will face Togo on June 13").
    if (m.anchor == AnchorKind::automatic && ctx.history && ctx.narrative && ctx.tense != Tense::future)
        return {ctx.narrative->day, true, ctx.narrative->grain};
    return {ctx.dct, false, 'D'};
}

std::string pod_suffix(const TimexMeaning& m) { return m.part_of_day.empty() ? "" : "T" + m.part_of_day; }

int hour24(const TimexMeaning& m) {
    int h = m.hour;
    // "10 o'clock on Thursday night": the part of day says p.m.
    if (m.ampm == 0 && h >= 1 && h < 12 && (m.part_of_day == "AF" || m.part_of_day == "EV" || m.part_of_day == "NI")) h += 12;
    if (m.ampm == 2 && h < 12) h += 12;
    if (m.ampm == 1 && h == 12) h = 0;
    return h;
}

std::string time_suffix(const TimexMeaning& m) {
    if (m.hour < 0) return pod_suffix(m);
    char buf[48];
    std::snprintf(buf, sizeof buf, "T%02d:%02d", hour24(m), m.minute < 0 ? 0 : m.minute);
    return buf;
}

std::string unit_value(const std::string& grain, double amount, bool vague) {
    // Less than one unit is said in the next smaller unit: half an hour = PT30M.
    if (!vague && amount > 0 && amount < 1) {
        if (grain == "H") return unit_value("MI", amount * 60, false);
        if (grain == "MI") return unit_value("S", amount * 60, false);
        if (grain == "D") return unit_value("H", amount * 24, false);
        if (grain == "W") return unit_value("D", amount * 7, false);
        if (grain == "M") return unit_value("D", amount * 30, false);
        if (grain == "Y") return unit_value("M", amount * 12, false);
    }
    // A whole number and a fraction that the next smaller unit counts exactly is said in both
    // units, as the gold corpora write it: two and a half years = P2Y6M, 5 1/2 hours = PT5H30M.
    if (!vague && amount > 1 && std::fabs(amount - std::floor(amount)) > 1e-9) {
        const double whole = std::floor(amount), part = amount - whole;
        const auto exact = [](double v) { return std::fabs(v - std::round(v)) < 1e-6 && std::round(v) > 0; };
        if (grain == "Y" && exact(part * 12)) return "P" + number_str(whole) + "Y" + number_str(std::round(part * 12)) + "M";
        if (grain == "D" && exact(part * 24)) return "P" + number_str(whole) + "DT" + number_str(std::round(part * 24)) + "H";
        if (grain == "H" && exact(part * 60)) return "PT" + number_str(whole) + "H" + number_str(std::round(part * 60)) + "M";
        if (grain == "MI" && exact(part * 60)) return "PT" + number_str(whole) + "M" + number_str(std::round(part * 60)) + "S";
    }
    const std::string n = vague ? "X" : number_str(amount);
    if (grain == "H") return "PT" + n + "H";
    if (grain == "MI") return "PT" + n + "M";
    if (grain == "S") return "PT" + n + "S";
    if (grain == "Q") return vague ? "PXQ" : "P" + number_str(amount * 3) + "M";
    if (grain == "DE") return vague ? "PXY" : "P" + number_str(amount * 10) + "Y";
    if (grain == "CE") return vague ? "PXC" : "P" + number_str(amount * 100) + "Y";
    if (grain == "WE") return "P" + (vague ? std::string("X") : number_str(amount * 2)) + "D";
    if (grain.empty()) return "PXX";
    return "P" + n + grain;
}

// Value of the period of `grain` holding `d`.
std::string period_value(const date& d, char grain) {
    switch (grain) {
    case 'Y': return year_str(d.year());
    case 'M': return month_str(d.year(), d.month());
    case 'W': return week_str(d);
    case 'Q': return year_str(d.year()) + "-Q" + std::to_string(quarter_of(d));
    case 'H': return year_str(d.year()) + "-H" + std::to_string(d.month() <= 6 ? 1 : 2);
    case 'S': {
        int y = 0;
        auto s = season_of(d, y);
        return year_str(y) + "-" + s;
    }
    default: return day_str(d);
    }
}

}  // namespace

const char* tense_name(Tense t) {
    switch (t) {
    case Tense::past: return "PAST";
    case Tense::present: return "PRESENT";
    case Tense::future: return "FUTURE";
    case Tense::future_in_past: return "FUTURE_IN_PAST";
    default: return "NONE";
    }
}

Resolution resolve_meaning(const TimexMeaning& m, const ResolveContext& ctx) {
    Resolution r;
    r.mod = m.mod;
    r.quant = m.quant;
    r.freq = m.freq;
    const Anchor anchor = choose_anchor(m, ctx);
    const date a = anchor.day;
    std::string how;
    auto produce = [&](const date& d, char grain, bool explicit_year) {
        r.produced = RefTime{d, grain, explicit_year, ctx.sentence, m.kind == MeaningKind::offset};
    };
    try {
        switch (m.kind) {
        case MeaningKind::none:
            return r;
        case MeaningKind::ref:
            r.type = m.type.empty() ? "DATE" : m.type;
            r.value = m.ref;
            how = "vague reference";
            break;
        case MeaningKind::duration: {
            r.type = m.type.empty() ? "DURATION" : m.type;
            r.value = unit_value(m.grain, m.amount, m.vague);
            how = "duration " + r.value;
            break;
        }
        case MeaningKind::set: {
            r.type = m.type.empty() ? "SET" : m.type;
            if (m.times) r.freq = number_str(m.amount) + "X";
            if (m.weekday) r.value = "XXXX-WXX-" + std::to_string(m.weekday) + pod_suffix(m);
            else if (m.month) r.value = "XXXX-" + fmt("%02d", m.month);
            else if (!m.season.empty()) r.value = "XXXX-" + m.season;
            else if (m.grain == "WE") r.value = "XXXX-WXX-WE";
            else if (!m.part_of_day.empty()) r.value = "XXXX-XX-XXT" + m.part_of_day;
            else r.value = unit_value(m.grain, m.times ? 1.0 : m.amount, m.vague);
            how = "recurring " + r.value;
            break;
        }
        case MeaningKind::offset: {
            if (m.future_if_tense && ctx.tense != Tense::future && ctx.tense != Tense::future_in_past) {
                r.type = "DURATION";
                r.value = unit_value(m.grain, m.amount, m.vague);
                how = "duration (the clause is not in the future tense)";
                break;
            }
            r.type = m.type.empty() ? "DATE" : m.type;
            r.temporal_function = true;
            r.used_narrative = anchor.narrative;
            const int dir = m.direction == 0 ? -1 : m.direction;
            if (m.vague) {
                r.value = dir < 0 ? "PAST_REF" : "FUTURE_REF";
                how = "vague offset";
                break;
            }
            const long n = std::lround(m.amount);
            const auto& g = m.grain;
            date d = a;
            char grain = 'D';
            if (g == "D") d = a + bg::days(dir * n);
            else if (g == "W") { d = a + bg::days(7 * dir * n); grain = 'W'; }
            else if (g == "WE") { d = a + bg::days(7 * dir * n); grain = 'W'; }
            else if (g == "M") { d = a + bg::months(static_cast<int>(dir * n)); grain = 'M'; }
            else if (g == "Q") { d = a + bg::months(static_cast<int>(3 * dir * n)); grain = 'Q'; }
            else if (g == "Y") {
                d = a + bg::years(static_cast<int>(dir * n));
                // In quarterly reporting "a year earlier" compares like periods: keep the grain
                // of the quarter under discussion.
                // "the year-ago period" names that period wherever the quarter was named.
                grain = (ctx.quarter && (m.like_period || ctx.sentence <= ctx.quarter->sentence + 3)) ? 'Q' : 'Y';
                if (grain == 'Q') d = ctx.quarter->day + bg::years(static_cast<int>(dir * n));
                // "sales dropped in November from a year earlier": the month a year before.
                // "sales in the fourth quarter of 2018 rose from a year earlier": that quarter a year before.
                if (grain == 'Y' && anchor.narrative && (anchor.grain == 'M' || anchor.grain == 'Q') &&
                    ctx.sentence == ctx.narrative->sentence)
                    grain = anchor.grain;
            } else if (g == "DE" || g == "CE") {
                d = a + bg::years(static_cast<int>((g == "DE" ? 10 : 100) * dir * n));
                grain = 'Y';
            } else if (g == "H" || g == "MI" || g == "S") {
                d = a;  // hours ago: the day is all we know
            } else {
                return r;
            }
            r.value = period_value(d, grain);
            produce(d, grain, false);
            how = number_str(m.amount) + " " + g + (dir < 0 ? " before " : " after ") + "the anchor";
            break;
        }
        case MeaningKind::shift: {
            r.type = m.type.empty() ? (m.part_of_day.empty() && m.hour < 0 ? "DATE" : "TIME") : m.type;
            r.temporal_function = true;
            r.used_narrative = anchor.narrative;
            const int dir = m.direction;
            const auto& g = m.grain;
            if (m.weekday) {
                int delta = m.weekday - iso_weekday(a);  // -6..6
                date d = a;
                if (dir < 0) d = a + bg::days(delta < 0 ? delta : delta - 7);
                else if (dir > 0) d = a + bg::days(delta > 0 ? delta : delta + 7);
                else if (ctx.tense == Tense::future) d = a + bg::days(delta >= 0 ? delta : delta + 7);
                else d = a + bg::days(delta <= 0 ? delta : delta - 7);
                r.value = day_str(d) + time_suffix(m);
                produce(d, 'D', false);
                how = (dir < 0 ? "the last " : dir > 0 ? "the next " : "this ") + std::string("weekday");
            } else if (m.month) {
                int y = a.year();
                // "In 1945 ... the following May": a year told as a whole is followed by the next.
                if (anchor.narrative && anchor.grain == 'Y') y += dir;
                else if (dir < 0) y = m.month < a.month() ? y : y - 1;
                else if (dir > 0) y = m.month > a.month() ? y : y + 1;
                r.value = month_str(y, m.month);
                produce(date(static_cast<unsigned short>(y), static_cast<unsigned short>(m.month), 1), 'M', false);
                how = "month relative to the anchor";
            } else if (!m.season.empty()) {
                int cy = 0;
                const auto cur = season_of(a, cy);
                const date cur_start = season_start(cur, cy);
                int y = a.year();
                if (anchor.narrative && anchor.grain == 'Y') y += dir;  // "in 1945 ... the following spring"
                else if (dir < 0) { y = a.year() + 1; while (season_start(m.season, y) >= cur_start) --y; }
                else if (dir > 0) { y = a.year() - 1; while (season_start(m.season, y) <= cur_start) ++y; }
                else if (m.season == "WI" && a.month() <= 2) y = a.year() - 1;
                r.value = year_str(y) + "-" + m.season;
                produce(season_start(m.season, y), 'S', false);
                how = "season relative to the anchor";
            } else if (g == "D") {
                const date d = a + bg::days(dir);
                r.value = day_str(d) + time_suffix(m);
                produce(d, 'D', false);
                how = dir == 0 ? "the anchor's day" : dir < 0 ? "the day before the anchor" : "the day after the anchor";
            } else if (g == "W" || g == "WE") {
                date d = a + bg::days(7 * dir);
                // "the weekend" in a past clause is the one before the anchor.
                if (g == "WE" && dir == 0 && ctx.tense == Tense::past && iso_weekday(a) < 6) d = a - bg::days(7);
                r.value = week_str(d) + (g == "WE" ? "-WE" : "");
                produce(d, 'W', false);
                how = "week relative to the anchor";
            } else if (g == "M") {
                const date d = date(a.year(), a.month(), 1) + bg::months(dir);
                r.value = month_str(d.year(), d.month());
                produce(d, 'M', false);
                how = "month relative to the anchor";
            } else if (g == "Q") {
                date d = date(a.year(), static_cast<unsigned short>((quarter_of(a) - 1) * 3 + 1), 1) + bg::months(3 * dir);
                if (m.year > 0) d = date(static_cast<unsigned short>(m.year), d.month(), 1);  // "the 1988 quarter"
                r.value = period_value(d, 'Q');
                produce(d, 'Q', false);
                how = "quarter relative to the anchor";
            } else if (g == "H") {
                const date d = date(a.year(), static_cast<unsigned short>(a.month() <= 6 ? 1 : 7), 1) + bg::months(6 * dir);
                r.value = period_value(d, 'H');
                produce(d, 'H', false);
                how = "half-year relative to the anchor";
            } else if (g == "Y") {
                const int y = a.year() + dir;
                r.value = year_str(y);
                produce(date(static_cast<unsigned short>(y), 1, 1), 'Y', false);
                how = "year relative to the anchor";
            } else if (g == "DE") {
                r.value = std::to_string(a.year() / 10 + dir);
                how = "decade relative to the anchor";
            } else if (g == "CE") {
                r.value = std::to_string(a.year() / 100 + dir);
                how = "century relative to the anchor";
            } else if (g == "SE") {
                int cy = 0;
                auto s = season_of(a, cy);
                date d = season_start(s, cy) + bg::months(3 * dir);
                r.value = period_value(d, 'S');
                produce(d, 'S', false);
                how = "season relative to the anchor";
            } else {
                return r;
            }
            break;
        }
        case MeaningKind::calendar: {
            r.type = m.type.empty() ? (m.hour >= 0 || !m.part_of_day.empty() ? "TIME" : "DATE") : m.type;
            if (m.grain == "CE" && m.ordinal > 0) { r.value = fmt("%02d", m.ordinal - 1); how = "century"; break; }
            if (m.century >= 0) { r.value = fmt("%02d", m.century); how = "century"; break; }
            if (m.decade >= 0) { r.value = fmt("%03d", m.decade); how = "decade"; break; }
            int quarter = m.quarter, half = m.half;
            if (m.ordinal && m.grain == "Q") quarter = m.ordinal;
            if (m.ordinal && m.grain == "H") half = m.ordinal;
            if (quarter > 4 || half > 2) return r;
            const bool has_year = m.year > 0;
            // Days and quarters named without a year are the nearest such: news reports "Nov. 6"
            // days ahead in past-tense sentences ("said it would close Nov. 6"). Months and
            // seasons follow the clause's tense.
            auto pick_year = [&](auto period, bool by_tense = true, long near_days = 60) {
                if (has_year) return m.year;
                r.temporal_function = true;
                r.used_narrative = anchor.narrative;
                if (m.has_year_shift) return static_cast<int>(a.year()) + m.year_shift;
                // "In 1902 ... In March": a period inside the narrative's year.
                if (anchor.narrative && anchor.grain == 'Y') return static_cast<int>(a.year());
                // "the second half of next year": the shift word moves the year.
                if ((m.grain == "H" || m.grain == "Q") && m.direction != 0) return static_cast<int>(a.year()) + m.direction;
                return infer_year(a, ctx.tense, period, by_tense, m.prefer != 0 ? m.prefer : m.direction, near_days);
            };
            if (m.year_end) {
                const int y = pick_year([](int y, date& f, date& l) { f = date(static_cast<unsigned short>(y), 12, 1); l = date(static_cast<unsigned short>(y), 12, 31); });
                r.value = m.year_end_period ? year_str(y) : year_str(y) + "-12-31";
                how = m.year_end_period ? "the end of the year (the year, mod END)" : "the last day of the year";
                break;
            }
            // "the first week of March": the week holding the middle of its first seven days.
            const int week_day = m.grain == "W" && m.ordinal >= 1 && m.ordinal <= 4 && m.month && !m.day ? 7 * m.ordinal - 3 : 0;
            if (!m.holiday.empty() || (m.month && (m.day || week_day))) {
                int month = m.month, day = m.day ? m.day : week_day;
                auto period = [&](int y, date& f, date& l) {
                    if (!m.holiday.empty()) {
                        auto h = ctx.holidays ? ctx.holidays->date_of(m.holiday, y) : std::nullopt;
                        f = l = h ? *h : date(static_cast<unsigned short>(y), 1, 1);
                    } else if (valid_ymd(y, month, day)) {
                        f = l = date(static_cast<unsigned short>(y), static_cast<unsigned short>(month), static_cast<unsigned short>(day));
                    } else {
                        f = l = date(static_cast<unsigned short>(y), static_cast<unsigned short>(month), 1);
                    }
                };
                const int y = pick_year(period);
                if (y < 1400 || y > 9999) return r;
                if (!m.holiday.empty()) {
                    auto h = ctx.holidays ? ctx.holidays->date_of(m.holiday, y) : std::nullopt;
                    if (!h) return r;
                    month = h->month();
                    day = h->day();
                }
                if (!valid_ymd(y, month, day)) return r;  // February 30: not a date
                const date d(static_cast<unsigned short>(y), static_cast<unsigned short>(month), static_cast<unsigned short>(day));
                if (m.weekday && iso_weekday(d) != m.weekday && has_year) {
                    // "Friday, Oct. 23" with a wrong weekday: trust the date
                }
                if (m.grain == "W") {  // "the week of March 6", "Easter week"
                    r.value = week_str(d);
                    produce(d, 'W', has_year);
                    how = "the week holding the date";
                    break;
                }
                if (m.grain == "Q") {  // "the quarter ended July 31": three months up to the date
                    // A company that named the quarter under discussion by its fiscal year ("its
                    // first quarter" ended Sept. 29) keeps that name; else the calendar quarter
                    // holding most of its months (its middle, 45 days before the end).
                    const bool fiscal_named = ctx.quarter && ctx.quarter->day <= d && d - ctx.quarter->day < bg::days(366);
                    const date middle = d - bg::days(45);
                    const date first = fiscal_named ? ctx.quarter->day
                                                    : date(middle.year(), static_cast<unsigned short>((quarter_of(middle) - 1) * 3 + 1), 1);
                    r.value = period_value(first, 'Q');
                    produce(first, 'Q', has_year);
                    how = fiscal_named ? "the quarter under discussion, which ended on the date"
                                       : "the calendar quarter holding most of the three months ended on the date";
                    break;
                }
                r.value = day_str(d) + time_suffix(m);
                produce(d, 'D', has_year);
                how = has_year ? "explicit date" : "month and day; year from the anchor";
                break;
            }
            if (m.day && !m.month) {
                // "the 25th": the nearest such day of the anchor's month or a neighbour.
                date best;
                long best_d = -1;
                for (int k = -1; k <= 1; ++k) {
                    const date first_of = date(a.year(), a.month(), 1) + bg::months(k);
                    if (!valid_ymd(first_of.year(), first_of.month(), m.day)) continue;
                    const date c(first_of.year(), first_of.month(), static_cast<unsigned short>(m.day));
                    if ((m.prefer > 0 || ctx.tense == Tense::future) && c < a) continue;
                    if ((m.prefer < 0 || ctx.tense == Tense::past) && c > a) continue;
                    const long dd = std::labs((c - a).days());
                    if (best_d < 0 || dd < best_d) { best = c; best_d = dd; }
                }
                if (best_d < 0) return r;
                r.temporal_function = true;
                r.value = day_str(best) + time_suffix(m);
                produce(best, 'D', false);
                how = "day of the month nearest the anchor";
                break;
            }
            if (m.weekday && m.after_day && ctx.day) {  // "from Monday to Wednesday": on or after Monday
                const date from = ctx.day->day;
                const date d = from + bg::days((m.weekday - iso_weekday(from) + 7) % 7);
                r.temporal_function = true;
                r.used_narrative = true;
                r.value = day_str(d) + time_suffix(m);
                produce(d, 'D', false);
                how = "the end of a range of weekdays: the first such day on or after its start";
                break;
            }
            if (m.weekday) {
                const int delta = m.weekday - iso_weekday(a);
                date d = a;
                // "Monday's vote" is most often behind the anchor, but not in a clause of "will":
                // "will miss Wednesday's trip", "will decide in Sunday's referendum". (Not in one of
                // "would": "would look for ways around Wednesday's ruling" looks back as often.)
                const bool back = m.prefer < 0 && ctx.tense != Tense::future;
                if (back || (m.prefer == 0 && ctx.tense == Tense::past)) d = a + bg::days(delta <= 0 ? delta : delta - 7);
                else if (ctx.tense == Tense::future || ctx.tense == Tense::future_in_past || ctx.tense == Tense::present ||
                         (m.prefer > 0 && !ctx.strong_past))
                    d = a + bg::days(delta >= 0 ? delta : delta + 7);  // "closes Saturday": scheduled
                else d = a + bg::days(delta <= 0 ? delta : delta - 7);  // news reports what has happened
                // "a service planned for Saturday was canceled", in Sunday's paper: what was still
                // ahead when it was said may be the day before the anchor, not six days on; nor
                // does a present clause name a day six days ahead by its bare weekday.
                if ((ctx.tense == Tense::future_in_past || ctx.tense == Tense::present) && m.prefer == 0 &&
                    (delta == -1 || delta == 6))
                    d = a - bg::days(1);
                r.temporal_function = true;
                r.used_narrative = anchor.narrative;
                r.value = day_str(d) + time_suffix(m);
                produce(d, 'D', false);
                // Said from the direction actually taken: a deadline word or a present clause
                // ("closes Saturday") looks ahead whatever the cue words were.
                how = d <= a ? (ctx.tense == Tense::none && m.prefer == 0
                                    ? "the most recent such weekday on or before the anchor (no tense cue)"
                                    : "the most recent such weekday on or before the anchor")
                             : "the next such weekday on or after the anchor";
                break;
            }
            if (m.month) {
                const int month = m.month;
                int y = pick_year([&](int y, date& f, date& l) {
                    f = date(static_cast<unsigned short>(y), static_cast<unsigned short>(month), 1);
                    l = f + bg::months(1) - bg::days(1);
                }, true, 0);
                // "told companies of a cutback in September" (said in August): a past verb far
                // off dates the telling, not the month, and the month just ahead of the DCT is
                // the one meant; "was reviewed in September" keeps the verb's past.
                if (!has_year && !m.has_year_shift && !anchor.narrative && ctx.tense == Tense::past && ctx.tense_from_afar &&
                    m.prefer == 0 && month == static_cast<int>(a.month()) % 12 + 1)
                    y = static_cast<int>((date(a.year(), a.month(), 1) + bg::months(1)).year());
                if (y < 1400 || y > 9999) return r;
                r.value = month_str(y, month);
                produce(date(static_cast<unsigned short>(y), static_cast<unsigned short>(month), 1), 'M', has_year);
                how = has_year ? "explicit month" : "month; year from the anchor";
                break;
            }
            if (!m.season.empty()) {
                const int y = pick_year([&](int y, date& f, date& l) { f = season_start(m.season, y); l = season_end(m.season, y); }, true);
                r.value = year_str(y) + "-" + m.season;
                produce(season_start(m.season, y), 'S', has_year);
                how = has_year ? "explicit season" : "season; year from the anchor and tense";
                break;
            }
            // A past verb speaks of a quarter or half already begun ("the 5.6 percent rate
            // recorded in the first quarter", said in late November, is this year's): unlike a
            // day, no period a few weeks ahead was reported on. (Not for a cue word's guess:
            // "could last until the end of the second quarter" is no past.)
            const long begun = ctx.tense_of_a_verb ? 0 : kSayingLag;
            if (quarter) {
                const int y = pick_year([&](int y, date& f, date& l) {
                    f = date(static_cast<unsigned short>(y), static_cast<unsigned short>((quarter - 1) * 3 + 1), 1);
                    l = f + bg::months(3) - bg::days(1);
                }, true, begun);
                r.value = year_str(y) + "-Q" + std::to_string(quarter);
                produce(date(static_cast<unsigned short>(y), static_cast<unsigned short>((quarter - 1) * 3 + 1), 1), 'Q', has_year);
                how = has_year ? "explicit quarter" : "quarter; year from the anchor";
                break;
            }
            if (half) {
                const int y = pick_year([&](int y, date& f, date& l) {
                    f = date(static_cast<unsigned short>(y), static_cast<unsigned short>(half == 1 ? 1 : 7), 1);
                    l = f + bg::months(6) - bg::days(1);
                }, true, begun);
                r.value = year_str(y) + "-H" + std::to_string(half);
                how = "half year";
                break;
            }
            if (m.ordinal > 0 && m.grain.empty() && !m.day && !m.month) {
                TimexMeaning day_only = m;  // "the 25th"
                day_only.day = m.ordinal;
                day_only.ordinal = 0;
                // Assigned, not returned: every return returns `r`, so it is built in place
                // in the caller's object instead of being moved there.
                r = resolve_meaning(day_only, ctx);
                return r;
            }
            if (has_year) {
                if (m.year < 1 || m.year > 2199) return r;
                // "the same period of 2005": the quarter under discussion, in that year.
                if (m.like_period && ctx.quarter) {
                    const date d(static_cast<unsigned short>(m.year), ctx.quarter->day.month(), 1);
                    r.value = period_value(d, 'Q');
                    produce(d, 'Q', true);
                    how = "the period under discussion, in the year named";
                    break;
                }
                r.value = year_str(m.year);
                if (m.year >= 1400) produce(date(static_cast<unsigned short>(m.year), 1, 1), 'Y', true);
                how = "explicit year";
                break;
            }
            if (m.hour >= 0 || !m.part_of_day.empty()) {
                // A clock time or part of day alone: on the day the narrative is at (a day named
                // in this sentence or the one before), else on the DCT.
                if (m.hour > 24 || m.minute > 59 || (m.ampm && (m.hour < 1 || m.hour > 12))) return r;
                r.temporal_function = true;
                date day = a;
                if (ctx.day_after) {
                    day = *ctx.day_after;
                    r.used_narrative = false;
                } else if (ctx.narrative && ctx.narrative->grain == 'D' && ctx.sentence <= ctx.narrative->sentence + 1) {
                    day = ctx.narrative->day;
                    r.used_narrative = true;
                }
                r.value = day_str(day) + time_suffix(m);
                how = ctx.day_after ? "time of day on the day named after it"
                      : r.used_narrative ? "time of day on the narrative's day" : "time of day on the anchor's day";
                break;
            }
            return r;
        }
        }
    } catch (const std::exception&) {
        return r;  // an out-of-range date from arithmetic: not a usable expression
    }
    if (r.value.empty()) return r;
    r.ok = true;
    // Values read off the text alone (explicit dates, durations, vague references) name no anchor.
    const bool anchored = r.temporal_function || r.used_narrative || m.kind == MeaningKind::shift || m.kind == MeaningKind::offset;
    r.explanation.reserve(48 + how.size());
    if (anchored) {
        r.explanation += "anchor=";
        r.explanation += anchor.narrative ? "narrative time " : "DCT ";
        r.explanation += day_str(a);
        r.explanation += "; tense=";
        r.explanation += tense_label(ctx.tense);
    } else {
        r.explanation += "anchor=none (explicit)";
    }
    r.explanation += "; ";
    r.explanation += how;
    return r;
}

// --- holidays.tsv ------------------------------------------------------------------------

HolidayTable HolidayTable::load(const std::filesystem::path& file) {
    HolidayTable table;
    auto number = [&](std::string_view text, int line, int lo, int hi) {
        int v = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec != std::errc{} || end != text.data() + text.size() || v < lo || v > hi)
            fail(file, line, "'" + std::string(text) + "' is not a number from " + std::to_string(lo) + " to " +
                                 std::to_string(hi));
        return v;
    };
    for_each_row(file, "the holidays", [&](std::string_view text, int line) {
        const auto cols = split(text, '\t');
        if (cols.size() != 3 || cols[0].empty()) fail(file, line, "want NAME<TAB>BASE<TAB>DAYS");
        if (table.find(cols[0])) fail(file, line, "holiday " + std::string(cols[0]) + " given twice");
        Rule rule;
        rule.name = std::string(cols[0]);
        rule.days = number(cols[2], line, -366, 366);
        if (cols[1] == "easter") {
            rule.base = Base::easter;
        } else if (const auto parts = split(cols[1], ':'); parts.size() == 3) {
            rule.base = Base::nth_weekday;
            rule.month = number(parts[0], line, 1, 12);
            rule.weekday = number(parts[1], line, 1, 7);
            rule.n = number(parts[2], line, -1, 5);
            if (rule.n == 0) fail(file, line, "N is 1 to 5, or -1 for the last");
        } else if (const Rule* earlier = table.find(cols[1])) {
            rule.base = Base::holiday;
            rule.holiday = static_cast<std::size_t>(earlier - table.rules_.data());
        } else {
            fail(file, line, "BASE '" + std::string(cols[1]) + "' is neither easter, MONTH:WEEKDAY:N nor a holiday above");
        }
        table.rules_.push_back(std::move(rule));
    });
    return table;
}

const HolidayTable::Rule* HolidayTable::find(std::string_view name) const {
    for (const Rule& r : rules_)
        if (r.name == name) return &r;
    return nullptr;
}

std::optional<date> HolidayTable::date_of(std::string_view name, int year) const {
    if (const Rule* rule = find(name)) return date_of(*rule, year);
    return std::nullopt;
}

date HolidayTable::date_of(const Rule& rule, int y) const {
    const auto uy = static_cast<unsigned short>(y);
    date base(uy, 1, 1);
    switch (rule.base) {
        case Base::easter: {
            // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
            const int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
            const int hh = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - hh - k) % 7;
            const int m = (a + 11 * hh + 22 * l) / 451;
            const int month = (hh + l - 7 * m + 114) / 31, day = (hh + l - 7 * m + 114) % 31 + 1;
            base = date(uy, static_cast<unsigned short>(month), static_cast<unsigned short>(day));
            break;
        }
        case Base::nth_weekday:
            if (rule.n > 0) {
                base = date(uy, static_cast<unsigned short>(rule.month), 1);
                while (iso_weekday(base) != rule.weekday) base += bg::days(1);
                base += bg::days(7 * (rule.n - 1));
            } else {
                base = date(uy, static_cast<unsigned short>(rule.month), 1) + bg::months(1) - bg::days(1);
                while (iso_weekday(base) != rule.weekday) base -= bg::days(1);
            }
            break;
        case Base::holiday: base = date_of(rules_[rule.holiday], y); break;
    }
    return base + bg::days(rule.days);
}

}  // namespace chronoline::timex
