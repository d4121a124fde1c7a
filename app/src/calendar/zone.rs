//! Time-zone arithmetic, on the server (the browser only shows weeks).

use super::IsoWeek;
use jiff::{tz::TimeZone, Timestamp};

/// Whether `name` is a time zone we know (IANA, like "Europe/Berlin", or "UTC").
pub fn is_known(name: &str) -> bool {
    TimeZone::get(name).is_ok()
}

/// The zones a person chooses from: UTC and every "Region/City" name, sorted
/// (not the legacy aliases like "US/Pacific" or "Etc/GMT+5", which are accepted
/// when typed but would only crowd the list).
pub fn names() -> Vec<String> {
    static NAMES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    const REGIONS: [&str; 9] = [
        "Africa",
        "America",
        "Antarctica",
        "Asia",
        "Atlantic",
        "Australia",
        "Europe",
        "Indian",
        "Pacific",
    ];
    NAMES
        .get_or_init(|| {
            let mut names: Vec<String> = jiff::tz::db()
                .available()
                .map(|name| name.as_str().to_owned())
                .filter(|name| {
                    name.split_once('/')
                        .is_some_and(|(region, _)| REGIONS.contains(&region))
                })
                .collect();
            names.sort();
            names.insert(0, "UTC".to_owned());
            names
        })
        .clone()
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

/// Whether, at `unix_seconds` in zone `zone_name`, this week has reached the slot
/// `weekday` (1 = Monday … 7 = Sunday) at `minute` after midnight.
pub fn weekly_slot_reached(unix_seconds: i64, zone_name: &str, weekday: i64, minute: i64) -> bool {
    let now = Timestamp::from_second(unix_seconds)
        .unwrap_or(Timestamp::UNIX_EPOCH)
        .to_zoned(zone(zone_name));
    let today = i64::from(now.weekday().to_monday_one_offset());
    let minute_now = i64::from(now.hour()) * 60 + i64::from(now.minute());
    (today, minute_now) >= (weekday, minute)
}

/// The first `slot` on or after the day `unix_seconds` falls on in zone `zone_name`,
/// as a local date and time there: where a weekly event in that zone starts.
pub fn first_slot_from(
    unix_seconds: i64,
    zone_name: &str,
    slot: super::weekly_slot::WeeklySlot,
) -> jiff::civil::DateTime {
    let day = Timestamp::from_second(unix_seconds)
        .unwrap_or(Timestamp::UNIX_EPOCH)
        .to_zoned(zone(zone_name))
        .date();
    let today = i64::from(day.weekday().to_monday_one_offset());
    let ahead = (slot.weekday - today).rem_euclid(7);
    let day = day
        .checked_add(jiff::Span::new().days(ahead))
        .unwrap_or(day);
    let (hour, minute) = (
        slot.minute.clamp(0, 1439) / 60,
        slot.minute.clamp(0, 1439) % 60,
    );
    day.at(
        i8::try_from(hour).unwrap_or(0),
        i8::try_from(minute).unwrap_or(0),
        0,
        0,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_weekly_slot_is_reached_in_the_persons_own_zone() {
        // Monday 23 November 2026, 09:00 UTC: 10:00 in Berlin, 04:00 in New York.
        let monday_nine_utc = 1_795_424_400;
        assert!(weekly_slot_reached(
            monday_nine_utc,
            "Europe/Berlin",
            1,
            600
        ));
        assert!(!weekly_slot_reached(
            monday_nine_utc,
            "Europe/Berlin",
            1,
            601
        ));
        assert!(!weekly_slot_reached(
            monday_nine_utc,
            "America/New_York",
            1,
            300
        ));
        assert!(!weekly_slot_reached(monday_nine_utc, "UTC", 2, 0));
        assert!(weekly_slot_reached(
            monday_nine_utc + 6 * 86_400,
            "UTC",
            7,
            0
        ));
    }

    #[test]
    fn a_weekly_event_starts_on_the_first_chosen_day_in_the_persons_zone() {
        use super::super::weekly_slot::WeeklySlot;
        // Sunday 22 November 2026, 23:30 UTC: already Monday in Tokyo.
        let sunday_late_utc = 1_795_392_000 - 1_800;
        let slot = WeeklySlot {
            weekday: 1,
            minute: 570,
        };
        let at = |zone| first_slot_from(sunday_late_utc, zone, slot).to_string();
        assert_eq!(at("Asia/Tokyo"), "2026-11-23T09:30:00");
        assert_eq!(at("Europe/Berlin"), "2026-11-23T09:30:00");
        assert_eq!(at("America/New_York"), "2026-11-23T09:30:00");
        let friday = WeeklySlot {
            weekday: 5,
            minute: 0,
        };
        assert_eq!(
            first_slot_from(sunday_late_utc, "Asia/Tokyo", friday).to_string(),
            "2026-11-27T00:00:00"
        );
        assert_eq!(
            first_slot_from(sunday_late_utc, "UTC", friday).to_string(),
            "2026-11-27T00:00:00"
        );
    }
}
