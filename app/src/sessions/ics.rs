//! Sessions as iCalendar (RFC 5545) text, written by the `icalendar` crate, which
//! folds lines at 75 octets and escapes `,;\` and newlines in text values.
//!
//! Each session is one event whose UID is the session's id, so a calendar app updates
//! the copy it holds; SEQUENCE is the session's `calendar_sequence`, raised whenever
//! its time changes or it is cancelled. Times are in UTC. The description names who
//! coaches and who is coached, and the room's address: never the topic or notes.
//!
//! A feed may also hold the owner's weekly check-in: one event that repeats every
//! week (RRULE) at a local time in their own zone (TZID, an IANA name, which calendar
//! apps resolve themselves), so it stays at 09:30 across daylight-saving changes.

use super::{
    calendar_store::{CalendarEntry, FeedCheckinRow},
    session_path, SessionStatus,
};
use crate::calendar::zone;
use chrono::{DateTime, NaiveDate, Utc};
use icalendar::{Calendar, CalendarDateTime, Component, Event, EventLike, EventStatus, Property};

const PRODID: &str = "-//Coaching Circles//Sessions//EN";

fn utc(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds, 0).unwrap_or_default()
}

fn is_cancelled(entry: &CalendarEntry) -> bool {
    entry.status == SessionStatus::Abandoned
}

/// The event for one session. `origin` is the site's public address
/// ("https://coaching.example"), `stamp` the time the file is written.
fn event(entry: &CalendarEntry, origin: &str, stamp: i64) -> Event {
    let room = format!("{origin}{}", session_path(&entry.id));
    let mut event = Event::new();
    event
        .uid(&format!("{}@coaching-circles", entry.id))
        .sequence(u32::try_from(entry.calendar_sequence).unwrap_or(0))
        .timestamp(utc(stamp))
        .summary(&format!(
            "Coaching session: {} coaches {}",
            entry.coach_name, entry.coachee_name
        ))
        .description(&format!(
            "Coaching session in {circle}.\nCoach: {coach}\nCoachee: {coachee}\nRoom: {room}",
            circle = entry.circle_name,
            coach = entry.coach_name,
            coachee = entry.coachee_name,
        ))
        .location(&room)
        .url(&room)
        .status(if is_cancelled(entry) {
            EventStatus::Cancelled
        } else {
            EventStatus::Confirmed
        });
    match (entry.starts_at, entry.length_minutes, entry.planned_for) {
        (Some(start), Some(length), _) => {
            event.starts(utc(start)).ends(utc(start + length * 60));
        }
        // A day without a time: an all-day event (DTEND is the day after).
        (_, _, Some(day)) => {
            let date = |seconds: i64| utc(seconds).date_naive();
            let first: NaiveDate = date(day);
            event.starts(first).ends(date(day + 86_400));
        }
        _ => {}
    }
    event.done()
}

fn calendar(method: &str) -> Calendar {
    let mut calendar = Calendar::empty();
    calendar
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("PRODID", PRODID))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .append_property(Property::new("METHOD", method));
    calendar
}

/// One session's calendar file: a cancelled session is a cancellation
/// (METHOD:CANCEL, STATUS:CANCELLED), any other an event to publish.
pub fn session_file(entry: &CalendarEntry, origin: &str, stamp: i64) -> String {
    let method = if is_cancelled(entry) {
        "CANCEL"
    } else {
        "PUBLISH"
    };
    let mut calendar = calendar(method);
    calendar.push(event(entry, origin, stamp));
    calendar.to_string()
}

/// How long the weekly check-in event lasts in a calendar.
const CHECKIN_MINUTES: i64 = 15;

/// A local time in `zone_name`, as a calendar writes it: in UTC for UTC, else with
/// the zone's name.
fn local(at: jiff::civil::DateTime, zone_name: &str) -> CalendarDateTime {
    let naive = NaiveDate::from_ymd_opt(
        i32::from(at.year()),
        u32::try_from(at.month()).unwrap_or(1),
        u32::try_from(at.day()).unwrap_or(1),
    )
    .and_then(|day| {
        day.and_hms_opt(
            u32::try_from(at.hour()).unwrap_or(0),
            u32::try_from(at.minute()).unwrap_or(0),
            0,
        )
    })
    .unwrap_or_default();
    if zone_name == "UTC" {
        CalendarDateTime::Utc(naive.and_utc())
    } else {
        CalendarDateTime::WithTimezone {
            date_time: naive,
            tzid: zone_name.to_owned(),
        }
    }
}

/// The owner's weekly check-in, repeating from the first chosen day after they chose it.
fn checkin_event(account_id: &str, row: &FeedCheckinRow, origin: &str, stamp: i64) -> Event {
    let page = format!("{origin}/checkin");
    let start = zone::first_slot_from(
        row.checkin_chosen_at.unwrap_or(stamp),
        &row.time_zone,
        row.slot(),
    );
    let end = start
        .checked_add(jiff::Span::new().minutes(CHECKIN_MINUTES))
        .unwrap_or(start);
    Event::new()
        .uid(&format!("checkin-{account_id}@coaching-circles"))
        .sequence(u32::try_from(row.checkin_sequence).unwrap_or(0))
        .timestamp(utc(stamp))
        .summary("Weekly check-in")
        .description(&format!(
            "Check in on the behaviours you model for your team, and see what your peers saw.\nCheck in: {page}"
        ))
        .url(&page)
        .starts(local(start, &row.time_zone))
        .ends(local(end, &row.time_zone))
        .add_property("RRULE", "FREQ=WEEKLY")
        .done()
}

/// A person's feed: all their sessions with a day, cancelled ones marked so, and
/// their weekly check-in if they put it in.
pub fn feed(
    entries: &[CalendarEntry],
    checkin: Option<(&str, &FeedCheckinRow)>,
    origin: &str,
    stamp: i64,
) -> String {
    let mut calendar = calendar("PUBLISH");
    calendar.append_property(Property::new("X-WR-CALNAME", "Coaching sessions"));
    for entry in entries {
        calendar.push(event(entry, origin, stamp));
    }
    if let Some((account_id, row)) = checkin.filter(|(_, row)| row.checkin_in_feed) {
        calendar.push(checkin_event(account_id, row, origin, stamp));
    }
    calendar.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(coach: &str) -> CalendarEntry {
        CalendarEntry {
            id: "0d6f3d6c-0000-4000-8000-000000000001".into(),
            circle_name: "Tuesday peers".into(),
            coach_name: coach.into(),
            coachee_name: "Bo".into(),
            status: SessionStatus::Planned,
            planned_for: Some(1_796_083_200),
            starts_at: Some(1_796_083_200 + 30_600),
            length_minutes: Some(45),
            calendar_sequence: 2,
        }
    }

    #[test]
    fn lines_fold_at_75_octets_and_text_is_escaped() {
        let long = "Ána, the; very\\long ".repeat(8);
        let text = session_file(&entry(&long), "https://example.test", 0);
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{line:?} is {} octets", line.len());
        }
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains(r"Ána\, the\; very\\long"), "{unfolded}");
        assert!(unfolded.contains(r"Coaching session in Tuesday peers.\nCoach: "));
        assert!(unfolded.contains("DTSTART:20261201T083000Z"));
        assert!(unfolded.contains("DTEND:20261201T091500Z"));
        assert!(unfolded.contains("SEQUENCE:2"));
        assert!(unfolded.contains("METHOD:PUBLISH"));
    }

    #[test]
    fn a_day_only_session_is_an_all_day_event_and_a_cancelled_one_a_cancellation() {
        let mut day_only = entry("Al");
        day_only.starts_at = None;
        let text = session_file(&day_only, "https://example.test", 0);
        assert!(text.contains("DTSTART;VALUE=DATE:20261201"), "{text}");
        assert!(text.contains("DTEND;VALUE=DATE:20261202"), "{text}");
        let mut cancelled = entry("Al");
        cancelled.status = SessionStatus::Abandoned;
        let text = session_file(&cancelled, "https://example.test", 0);
        assert!(text.contains("METHOD:CANCEL\r\n"));
        assert!(text.contains("STATUS:CANCELLED\r\n"));
    }
}
