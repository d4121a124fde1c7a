//! Days and ISO weeks: the one place that does calendar arithmetic. Pure arithmetic
//! (no time zone database), so the server and the browser render the same text; the
//! time-zone part (`zone`) runs on the server only. The tests check the arithmetic
//! against `jiff` over random days.
//!
//! A check-in belongs to the ISO week (Monday to Sunday) it was made in, in the
//! manager's own time zone, so a Sunday-evening check-in in Auckland does not land in
//! next week because it is already Monday in UTC.

use serde::{Deserialize, Serialize};
use std::fmt;

const SECONDS_PER_DAY: i64 = 86_400;

/// A Unix time as a calendar day, "2026-11-25" (UTC).
pub fn format_day(seconds: i64) -> String {
    let (year, month, day) = civil_from_days(seconds.div_euclid(SECONDS_PER_DAY));
    format!("{year:04}-{month:02}-{day:02}")
}

/// A Unix time as people read a day, "Wed 25 Nov 2026" (UTC): what pages and mails
/// show. Forms, calendar files and exports keep [`format_day`].
pub fn day_label(seconds: i64) -> String {
    let days = seconds.div_euclid(SECONDS_PER_DAY);
    let (year, month, day) = civil_from_days(days);
    let weekday = WEEKDAYS[weekday(days) as usize];
    format!("{weekday} {day} {} {year:04}", MONTHS[month as usize - 1])
}

/// A "YYYY-MM-DD" day as Unix seconds at midnight UTC, if it is a real date.
pub fn parse_day(text: &str) -> Option<i64> {
    let mut parts = text.trim().splitn(3, '-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next()?.parse().ok()?;
    let day: u32 = parts.next()?.parse().ok()?;
    if !(1..=9999).contains(&year) || !(1..=12).contains(&month) || day == 0 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    // Reject 31 February and friends: the day must survive the round trip.
    (civil_from_days(days) == (year, month, day)).then_some(days * SECONDS_PER_DAY)
}

/// Why a day someone named cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayProblem {
    NotADate,
    InThePast,
    MoreThanAYearAhead,
}

/// An optional day (blank for none), from today (UTC, at `now`) up to a year ahead,
/// as Unix seconds at midnight UTC.
pub fn upcoming_day(raw: &str, now: i64) -> Result<Option<i64>, DayProblem> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    let day = parse_day(raw).ok_or(DayProblem::NotADate)?;
    let today = now.div_euclid(SECONDS_PER_DAY) * SECONDS_PER_DAY;
    if day < today {
        return Err(DayProblem::InThePast);
    }
    if day > today + 366 * SECONDS_PER_DAY {
        return Err(DayProblem::MoreThanAYearAhead);
    }
    Ok(Some(day))
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The calendar date of a day counted from 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Day of the week of a day counted from 1970-01-01 (a Thursday): 0 = Monday.
fn weekday(days: i64) -> i64 {
    (days + 3).rem_euclid(7)
}

/// An ISO 8601 week, like 2026-W48. Weeks order by year, then number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct IsoWeek {
    pub year: i16,
    pub week: i8,
}

impl fmt::Display for IsoWeek {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-W{:02}", self.year, self.week)
    }
}

impl IsoWeek {
    /// Reads "2026-W48" (as stored); `None` for anything else or a week that does
    /// not exist (W53 of a 52-week year).
    pub fn parse(text: &str) -> Option<Self> {
        let (year, week) = text.split_once("-W")?;
        let week = Self {
            year: year.parse().ok()?,
            week: week.parse().ok()?,
        };
        (1..=week_count(week.year))
            .contains(&week.week)
            .then_some(week)
    }

    pub fn previous(self) -> Self {
        if self.week > 1 {
            Self {
                year: self.year,
                week: self.week - 1,
            }
        } else {
            Self {
                year: self.year - 1,
                week: week_count(self.year - 1),
            }
        }
    }

    /// The `n` weeks up to and including this one, oldest first.
    pub fn last(self, n: usize) -> Vec<Self> {
        let mut weeks = vec![self];
        while weeks.len() < n {
            let earlier = weeks[weeks.len() - 1].previous();
            weeks.push(earlier);
        }
        weeks.reverse();
        weeks
    }

    /// Days from 1970-01-01 to this week's Monday.
    pub fn monday(self) -> i64 {
        let jan4 = days_from_civil(i64::from(self.year), 1, 4);
        jan4 - weekday(jan4) + 7 * (i64::from(self.week) - 1)
    }

    /// The moment (Unix seconds) this week begins in the earliest time zone (UTC+14):
    /// whoever was there before it was there for the whole week, wherever they live.
    pub fn earliest_start(self) -> i64 {
        self.monday() * SECONDS_PER_DAY - 14 * 3_600
    }

    /// "23 Nov": the day and month of this week's Monday, for chart axes.
    pub fn short_label(self) -> String {
        let (_, month, day) = civil_from_days(self.monday());
        format!("{day} {}", MONTHS[month as usize - 1])
    }

    /// "week of 23 Nov": how people see a week (the code, "2026-W48", stays in
    /// stored data, exports and addresses).
    pub fn label(self) -> String {
        format!("week of {}", self.short_label())
    }
}

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

#[cfg(feature = "ssr")]
mod stored_week;

/// How many ISO weeks `year` has: 53 when it starts on a Thursday, or on a Wednesday
/// in a leap year; else 52.
pub fn week_count(year: i16) -> i8 {
    let year = i64::from(year);
    let jan1 = weekday(days_from_civil(year, 1, 1));
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if jan1 == 3 || (jan1 == 2 && leap) {
        53
    } else {
        52
    }
}

/// How many weeks in a row up to `current` have a check-in. The current week not
/// yet checked in does not break the streak: it is still open.
pub fn streak(checked: &[IsoWeek], current: IsoWeek) -> usize {
    let has = |week: IsoWeek| checked.contains(&week);
    let mut week = if has(current) {
        current
    } else {
        current.previous()
    };
    let mut count = 0;
    while has(week) {
        count += 1;
        week = week.previous();
    }
    count
}

pub mod weekly_slot;
/// Time-zone arithmetic, on the server (the browser only shows weeks).
#[cfg(feature = "ssr")]
pub mod zone;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip() {
        assert_eq!(format_day(0), "1970-01-01");
        assert_eq!(format_day(1_795_564_800), "2026-11-25");
        assert_eq!(day_label(1_795_564_800 + 3_600), "Wed 25 Nov 2026");
        assert_eq!(day_label(-1), "Wed 31 Dec 1969");
        assert_eq!(parse_day("2026-11-25"), Some(1_795_564_800));
        assert_eq!(
            parse_day("2024-02-29").map(format_day).as_deref(),
            Some("2024-02-29")
        );
        assert_eq!(parse_day("2026-02-29"), None);
        assert_eq!(parse_day("2026-13-01"), None);
        assert_eq!(parse_day("yesterday"), None);
        assert_eq!(parse_day(""), None);
    }

    fn week(year: i16, week: i8) -> IsoWeek {
        IsoWeek { year, week }
    }

    #[test]
    fn weeks_read_and_write_as_iso() {
        assert_eq!(week(2026, 48).to_string(), "2026-W48");
        assert_eq!(IsoWeek::parse("2026-W05"), Some(week(2026, 5)));
        assert_eq!(
            IsoWeek::parse("2026-W53"),
            Some(week(2026, 53)),
            "2026 has 53 weeks"
        );
        assert_eq!(IsoWeek::parse("2025-W53"), None, "2025 has 52");
        assert_eq!(IsoWeek::parse("2026-W00"), None);
        assert_eq!(IsoWeek::parse("week 5"), None);
    }

    #[test]
    fn years_with_53_weeks() {
        for year in [2015, 2020, 2026, 2032] {
            assert_eq!(week_count(year), 53, "{year}");
        }
        for year in [2019, 2021, 2024, 2025, 2027] {
            assert_eq!(week_count(year), 52, "{year}");
        }
    }

    #[test]
    fn weeks_read_as_the_day_their_monday_falls_on() {
        assert_eq!(week(2026, 48).label(), "week of 23 Nov");
        assert_eq!(week(2026, 53).short_label(), "28 Dec");
        assert_eq!(week(2027, 1).label(), "week of 4 Jan");
        assert_eq!(
            week(2026, 1).label(),
            "week of 29 Dec",
            "the Monday is in 2025"
        );
    }

    #[test]
    fn the_week_before_the_first_is_the_last_of_last_year() {
        assert_eq!(week(2027, 1).previous(), week(2026, 53));
        assert_eq!(week(2026, 1).previous(), week(2025, 52));
        assert_eq!(
            week(2027, 2).last(3),
            vec![week(2026, 53), week(2027, 1), week(2027, 2)]
        );
    }

    #[test]
    fn streaks_count_back_from_now_and_stop_at_a_gap() {
        let checked = [week(2026, 45), week(2026, 46), week(2026, 47)];
        assert_eq!(streak(&checked, week(2026, 47)), 3);
        assert_eq!(
            streak(&checked, week(2026, 48)),
            3,
            "this week is still open"
        );
        assert_eq!(streak(&checked, week(2026, 49)), 0, "a whole week missed");
        let gap = [week(2026, 40), week(2026, 42), week(2026, 43)];
        assert_eq!(streak(&gap, week(2026, 43)), 2);
        let over_new_year = [week(2026, 52), week(2026, 53), week(2027, 1)];
        assert_eq!(streak(&over_new_year, week(2027, 1)), 3);
        assert_eq!(streak(&[], week(2027, 1)), 0);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_week_depends_on_the_managers_time_zone() {
        use zone::week_at;
        // Sunday 2026-11-29 20:00 UTC: still Sunday in New York, already Monday in
        // Auckland.
        let sunday_evening_utc = 1_795_982_400;
        assert_eq!(week_at(sunday_evening_utc, "UTC"), week(2026, 48));
        assert_eq!(
            week_at(sunday_evening_utc, "America/New_York"),
            week(2026, 48)
        );
        assert_eq!(
            week_at(sunday_evening_utc, "Pacific/Auckland"),
            week(2026, 49)
        );
        // Thursday 2026-12-31 is in week 53 of 2026; Friday 1 January 2027 too.
        let new_years_day_noon_utc = 1_798_804_800;
        assert_eq!(week_at(new_years_day_noon_utc, "UTC"), week(2026, 53));
        // Sunday 3 January 2027, 23:30 UTC, is already Monday 4 January, week 1, in
        // Berlin.
        let monday_berlin = 1_799_019_000;
        assert_eq!(week_at(monday_berlin, "Europe/Berlin"), week(2027, 1));
        assert_eq!(week_at(monday_berlin, "UTC"), week(2026, 53));
        // An unknown zone is read as UTC.
        assert_eq!(week_at(sunday_evening_utc, "Mars/Olympus"), week(2026, 48));
    }

    /// The arithmetic above against `jiff`, a maintained calendar library, over days
    /// from year 1 to 9999.
    #[cfg(feature = "ssr")]
    mod against_jiff {
        use super::super::*;
        use jiff::civil::Date;
        use proptest::prelude::*;

        const FIRST: i64 = -719_162; // 0001-01-01
        const LAST: i64 = 2_932_896; // 9999-12-31

        fn jiff_date(days: i64) -> Date {
            jiff::Timestamp::from_second(days * SECONDS_PER_DAY)
                .expect("in range")
                .to_zoned(jiff::tz::TimeZone::UTC)
                .date()
        }

        proptest! {
            #[test]
            fn days_agree_with_jiff(days in FIRST..=LAST) {
                let date = jiff_date(days);
                prop_assert_eq!(format_day(days * SECONDS_PER_DAY), date.to_string());
                prop_assert_eq!(
                    day_label(days * SECONDS_PER_DAY),
                    date.strftime("%a %-d %b %Y").to_string()
                );
                prop_assert_eq!(parse_day(&date.to_string()), Some(days * SECONDS_PER_DAY));
                prop_assert_eq!(
                    weekday(days),
                    i64::from(date.weekday().to_monday_zero_offset())
                );
            }

            #[test]
            fn weeks_agree_with_jiff(days in FIRST + 7..=LAST - 7) {
                let iso = jiff_date(days).iso_week_date();
                let week = IsoWeek { year: iso.year(), week: iso.week() };
                prop_assert_eq!(zone::week_at(days * SECONDS_PER_DAY, "UTC"), week);
                prop_assert!(week.week <= week_count(week.year));
                let has_53 = jiff::civil::ISOWeekDate::new(iso.year(), 53, jiff::civil::Weekday::Monday).is_ok();
                prop_assert_eq!(week_count(week.year), if has_53 { 53 } else { 52 });
                prop_assert_eq!(IsoWeek::parse(&week.to_string()), Some(week));
                let monday = jiff::civil::ISOWeekDate::new(iso.year(), iso.week(), jiff::civil::Weekday::Monday)
                    .expect("a week")
                    .date();
                prop_assert_eq!(format_day(week.monday() * SECONDS_PER_DAY), monday.to_string());
            }
        }
    }
}
