//! ISO weeks: a check-in belongs to the week (Monday to Sunday) it was made in, in the
//! manager's own time zone, so a Sunday-evening check-in in Auckland does not land in
//! next week because it is already Monday in UTC.

use serde::{Deserialize, Serialize};
use std::fmt;

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

    /// "W48": the week's short name, for chart axes.
    pub fn short_label(self) -> String {
        format!("W{}", self.week)
    }
}

/// How many ISO weeks `year` has: 53 when it starts on a Thursday, or on a Wednesday
/// in a leap year; else 52.
pub fn week_count(year: i16) -> i8 {
    let year = i64::from(year);
    // Day of the week of 1 January (0 = Monday), by Gauss's algorithm.
    let y = year - 1;
    let jan1 = (1 + 5 * (y % 4) + 4 * (y % 100) + 6 * (y % 400)) % 7;
    let jan1 = (jan1 + 6) % 7;
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

/// Time-zone arithmetic, on the server (the browser only shows weeks).
#[cfg(feature = "ssr")]
pub mod zone {
    use super::IsoWeek;
    use jiff::{tz::TimeZone, Timestamp};

    /// Whether `name` is a time zone we know (IANA, like "Europe/Berlin", or "UTC").
    pub fn is_known(name: &str) -> bool {
        TimeZone::get(name).is_ok()
    }

    fn zone(name: &str) -> TimeZone {
        TimeZone::get(name).unwrap_or(TimeZone::UTC)
    }

    /// The week that `unix_seconds` falls in, in time zone `zone_name` (UTC if unknown).
    pub fn week_at(unix_seconds: i64, zone_name: &str) -> IsoWeek {
        let date = Timestamp::from_second(unix_seconds)
            .unwrap_or(Timestamp::UNIX_EPOCH)
            .to_zoned(zone(zone_name))
            .date();
        let iso = date.iso_week_date();
        IsoWeek {
            year: iso.year(),
            week: iso.week(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
