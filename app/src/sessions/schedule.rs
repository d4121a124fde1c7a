//! A planned session's time: a day, a start time and a length, typed in the planner's
//! own time zone, stored as a UTC instant with that zone, and shown to each person in
//! theirs ("Tue 1 Dec, 09:30–10:15 (your time, Europe/Berlin)"). Sessions planned for
//! a day only have no time and are shown with their day.

/// A planned session's length in minutes: at least this…
pub const LENGTH_MIN: i64 = 5;
/// …and at most this (a coaching session is not a workshop).
pub const LENGTH_MAX: i64 = 240;

/// A planned session's day, time and length as the form to change them starts, in the
/// viewer's own zone ("2026-12-01", "09:30", "37"); blank for what was not named.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PlannedInputs {
    pub day: String,
    pub time: String,
    pub length: String,
}

/// When a session is planned to start and how long it lasts, as the planner gave it.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedTime {
    /// Unix seconds (UTC).
    pub starts_at: i64,
    pub length_minutes: i64,
    /// The planner's time zone, in which they typed the time.
    pub zone: String,
}

#[cfg(feature = "ssr")]
pub use server::*;

#[cfg(feature = "ssr")]
mod server {
    use super::{PlannedInputs, PlannedTime, LENGTH_MAX, LENGTH_MIN};
    use crate::{
        calendar::format_day, error::FieldProblem, input::field_problems, sessions::SessionSummary,
    };
    use jiff::{civil::Time, tz::TimeZone, Timestamp};

    fn zone(name: &str) -> TimeZone {
        TimeZone::get(name).unwrap_or(TimeZone::UTC)
    }

    /// The time typed into a planning form: none when `time` is blank, else the start
    /// on `day` (Unix seconds at midnight UTC, already checked) at `time` ("09:30") in
    /// `zone`, lasting `length` minutes (blank for `default_length`). Each problem is
    /// named by its field: `time` or `length`.
    ///
    /// The script's timeboxes add up to `default_length`: see `script_minutes`.
    pub fn check_planned_time(
        day: Option<i64>,
        time: &str,
        length: &str,
        zone_name: &str,
        default_length: i64,
        now: i64,
    ) -> Result<Option<PlannedTime>, Vec<FieldProblem>> {
        let (time, length) = (time.trim(), length.trim());
        if time.is_empty() {
            return Ok(None);
        }
        let length_minutes = if length.is_empty() {
            Ok(default_length.clamp(LENGTH_MIN, LENGTH_MAX))
        } else {
            length
                .parse::<i64>()
                .ok()
                .filter(|m| (LENGTH_MIN..=LENGTH_MAX).contains(m))
                .ok_or(format!(
                    "Enter the length in minutes, from {LENGTH_MIN} to {LENGTH_MAX}."
                ))
        };
        let starts_at = match day {
            None => Err("Choose the day first: a time needs a day.".to_owned()),
            Some(day) => start_in_zone(day, time, zone_name).and_then(|start| {
                if start < now {
                    Err("That time has already passed: choose a later one.".to_owned())
                } else {
                    Ok(start)
                }
            }),
        };
        match (starts_at, length_minutes) {
            (Ok(starts_at), Ok(length_minutes)) => Ok(Some(PlannedTime {
                starts_at,
                length_minutes,
                zone: zone_name.to_owned(),
            })),
            (start, length) => Err(field_problems([
                ("time", start.err()),
                ("length", length.err()),
            ])),
        }
    }

    /// `time` ("09:30", or "09:30:00" as some browsers send it) on `day` in `zone_name`,
    /// as Unix seconds. A time skipped by a clock change counts as the moment after.
    fn start_in_zone(day: i64, time: &str, zone_name: &str) -> Result<i64, String> {
        let refused = || "Enter the time as hours and minutes, like 09:30.".to_owned();
        let mut parts = time.splitn(3, ':');
        let hour: i8 = parts
            .next()
            .and_then(|h| h.parse().ok())
            .ok_or_else(refused)?;
        let minute: i8 = parts
            .next()
            .and_then(|m| m.parse().ok())
            .ok_or_else(refused)?;
        if parts.next().is_some_and(|s| s.parse::<u8>().is_err()) {
            return Err(refused());
        }
        let time = Time::new(hour, minute, 0, 0).map_err(|_| refused())?;
        let date: jiff::civil::Date = format_day(day).parse().map_err(|_| refused())?;
        let zoned = date
            .to_datetime(time)
            .to_zoned(zone(zone_name))
            .map_err(|_| refused())?;
        Ok(zoned.timestamp().as_second())
    }

    /// A script's length: its steps' timeboxes added up.
    pub fn script_minutes(steps: &[crate::scripts::Step]) -> i64 {
        steps.iter().map(|step| i64::from(step.minutes)).sum()
    }

    /// "Tue 1 Dec, 09:30–10:15 (your time, Europe/Berlin)": a session's time in the
    /// viewer's zone.
    pub fn local_text(starts_at: i64, length_minutes: i64, zone_name: &str) -> String {
        let tz = zone(zone_name);
        let at = |seconds: i64| {
            Timestamp::from_second(seconds)
                .unwrap_or(Timestamp::UNIX_EPOCH)
                .to_zoned(tz.clone())
        };
        let (start, end) = (at(starts_at), at(starts_at + length_minutes * 60));
        let shown_zone = if TimeZone::get(zone_name).is_ok() {
            zone_name
        } else {
            "UTC"
        };
        format!(
            "{}, {}–{} (your time, {shown_zone})",
            start.strftime("%a %-d %b"),
            start.strftime("%H:%M"),
            end.strftime("%H:%M"),
        )
    }

    /// A planned session's day, time and length as `zone_name` would type them: the
    /// day of its start there (a time near midnight can fall on another day than the
    /// planner's), or its day alone when no time was named.
    pub fn inputs_in_zone(
        planned_for: Option<i64>,
        starts_at: Option<i64>,
        length_minutes: Option<i64>,
        zone_name: &str,
    ) -> PlannedInputs {
        match starts_at.zip(length_minutes) {
            Some((start, length)) => {
                let at = Timestamp::from_second(start)
                    .unwrap_or(Timestamp::UNIX_EPOCH)
                    .to_zoned(zone(zone_name));
                PlannedInputs {
                    day: at.strftime("%Y-%m-%d").to_string(),
                    time: at.strftime("%H:%M").to_string(),
                    length: length.to_string(),
                }
            }
            None => PlannedInputs {
                day: planned_for.map(format_day).unwrap_or_default(),
                ..PlannedInputs::default()
            },
        }
    }

    /// Fills in each session's time as `zone_name` sees it (sessions with a day only
    /// keep none).
    pub fn show_in_zone(sessions: &mut [SessionSummary], zone_name: &str) {
        for session in sessions {
            session.local_time = session
                .starts_at
                .zip(session.length_minutes)
                .map(|(start, length)| local_text(start, length, zone_name));
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        const DEC_1: i64 = 1_796_083_200; // 2026-12-01 00:00 UTC
        const NOW: i64 = DEC_1 - 86_400;

        #[test]
        fn a_time_is_typed_in_the_planners_zone_and_shown_in_each_viewers() {
            let planned = check_planned_time(Some(DEC_1), "09:30", "", "Europe/Berlin", 45, NOW)
                .unwrap()
                .unwrap();
            assert_eq!(planned.starts_at, DEC_1 + 8 * 3600 + 30 * 60);
            assert_eq!(planned.length_minutes, 45);
            assert_eq!(
                local_text(planned.starts_at, 45, "Europe/Berlin"),
                "Tue 1 Dec, 09:30–10:15 (your time, Europe/Berlin)"
            );
            assert_eq!(
                local_text(planned.starts_at, 45, "America/New_York"),
                "Tue 1 Dec, 03:30–04:15 (your time, America/New_York)"
            );
        }

        #[test]
        fn blank_time_is_a_day_only_and_bad_input_is_named_by_field() {
            assert_eq!(
                check_planned_time(Some(DEC_1), " ", "", "UTC", 45, NOW),
                Ok(None)
            );
            let problems = check_planned_time(None, "25:00", "1000", "UTC", 45, NOW).unwrap_err();
            let fields: Vec<_> = problems.iter().map(|p| p.field.as_str()).collect();
            assert_eq!(fields, ["time", "length"]);
            let problems =
                check_planned_time(Some(DEC_1), "nine", "30", "UTC", 45, NOW).unwrap_err();
            assert_eq!(problems[0].field, "time");
            let past = check_planned_time(Some(DEC_1), "09:00", "", "UTC", 45, DEC_1 + 36_000)
                .unwrap_err();
            assert_eq!(past[0].field, "time");
            let seconds = check_planned_time(Some(DEC_1), "09:30:00", "30", "UTC", 45, NOW);
            assert_eq!(seconds.unwrap().unwrap().length_minutes, 30);
        }

        #[test]
        fn the_change_form_starts_from_the_time_in_the_viewers_zone() {
            let start = DEC_1 + 30 * 60; // 00:30 UTC: still 30 November in New York
            let shown = inputs_in_zone(Some(DEC_1), Some(start), Some(45), "America/New_York");
            assert_eq!(
                (
                    shown.day.as_str(),
                    shown.time.as_str(),
                    shown.length.as_str()
                ),
                ("2026-11-30", "19:30", "45")
            );
            let day_only = inputs_in_zone(Some(DEC_1), None, None, "Europe/Berlin");
            assert_eq!(
                (day_only.day.as_str(), day_only.time.as_str()),
                ("2026-12-01", "")
            );
        }
    }
}
