//! A weekly slot in a person's own time zone, a day of the week and a time of day:
//! when the weekly check-in reminder is mailed, and the check-in event in the
//! calendar feed. Read from a form's day and time fields into [`WeeklySlot`] once.

use crate::error::{AppError, FieldProblem};

/// The days of the week, ISO numbered from 1 (Monday).
pub const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WeeklySlot {
    /// 1 = Monday … 7 = Sunday.
    pub weekday: i64,
    /// Minutes after midnight.
    pub minute: i64,
}

/// The names of the two form fields a slot is read from (each form on a page has its
/// own, so their ids and kept values never mix).
pub struct SlotFields {
    pub weekday: &'static str,
    pub time: &'static str,
}

impl WeeklySlot {
    /// Monday 09:00: what a person is offered before choosing.
    pub const DEFAULT: Self = Self {
        weekday: 1,
        minute: 9 * 60,
    };

    /// Reads a day ("1" … "7") and a time ("09:30"), naming each field that is wrong.
    pub fn parse(fields: &SlotFields, weekday: &str, time: &str) -> Result<Self, AppError> {
        let mut problems = Vec::new();
        let weekday = match weekday.trim().parse::<i64>() {
            Ok(day @ 1..=7) => day,
            _ => {
                problems.push(FieldProblem::new(
                    fields.weekday,
                    "Choose a day of the week.",
                ));
                0
            }
        };
        let minute = parse_time(time).unwrap_or_else(|| {
            problems.push(FieldProblem::new(
                fields.time,
                "Enter the time as hours and minutes, like 09:00.",
            ));
            0
        });
        if problems.is_empty() {
            Ok(Self { weekday, minute })
        } else {
            Err(AppError::Invalid(problems))
        }
    }

    /// The time of day as "09:30".
    pub fn time_text(self) -> String {
        format!("{:02}:{:02}", self.minute / 60, self.minute % 60)
    }

    /// The day as a form's select value ("1" … "7").
    pub fn weekday_value(self) -> String {
        self.weekday.to_string()
    }
}

/// The options of a day-of-the-week select: ("1", "Monday") … ("7", "Sunday").
pub fn weekday_options() -> Vec<(String, String)> {
    WEEKDAYS
        .iter()
        .enumerate()
        .map(|(i, day)| ((i + 1).to_string(), (*day).to_owned()))
        .collect()
}

/// "09:30" (or "09:30:00", as some browsers send) as minutes after midnight.
fn parse_time(text: &str) -> Option<i64> {
    let (hours, minutes) = text.trim().split_once(':')?;
    let (hours, minutes): (i64, i64) = (hours.parse().ok()?, minutes.get(..2)?.parse().ok()?);
    ((0..24).contains(&hours) && (0..60).contains(&minutes)).then_some(hours * 60 + minutes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELDS: SlotFields = SlotFields {
        weekday: "day",
        time: "time",
    };

    #[test]
    fn times_read_as_hours_and_minutes() {
        assert_eq!(parse_time("09:30"), Some(570));
        assert_eq!(parse_time("00:00"), Some(0));
        assert_eq!(parse_time("23:59"), Some(1439));
        assert_eq!(parse_time("09:30:00"), Some(570));
        assert_eq!(parse_time("24:00"), None);
        assert_eq!(parse_time("9"), None);
        assert_eq!(parse_time("noon"), None);
        let slot = WeeklySlot::parse(&FIELDS, "3", "09:30").unwrap();
        assert_eq!(
            slot,
            WeeklySlot {
                weekday: 3,
                minute: 570
            }
        );
        assert_eq!(slot.time_text(), "09:30");
    }

    #[test]
    fn each_wrong_field_is_named() {
        let Err(AppError::Invalid(problems)) = WeeklySlot::parse(&FIELDS, "8", "noon") else {
            panic!("accepted");
        };
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["day", "time"]);
    }
}
