//! The weekly check-in in a person's calendar feed: off until chosen; once chosen, one
//! event repeating weekly at the chosen local time in the owner's own zone (TZID, so it
//! stays at that time across daylight-saving changes), with a SEQUENCE that rises on
//! every change; taken out again when unticked. Read back with a real iCalendar parser.

use crate::{
    calendar::{download, events, feed_path, make_feed, parse, set_zone, MONDAY},
    support::{room::cast, Browser, Reply, TestServer},
};
use app::sessions::FeedCheckin;
use icalendar::{CalendarDateTime, Component, DatePerhapsTime, Event};

async fn save(who: &Browser, in_feed: &str, weekday: &str, time: &str) -> Reply {
    who.call(
        "save_feed_checkin",
        &[
            ("checkin_in_feed", in_feed),
            ("slot_weekday", weekday),
            ("slot_time", time),
        ],
    )
    .await
}

/// The check-in events in `who`'s feed, fetched as a calendar app would (no session).
async fn checkin_events(server: &TestServer, who: &Browser) -> Vec<Event> {
    let path = feed_path(server, who).await;
    let (status, text) = download(&server.browser(), &path).await;
    assert_eq!(status, 200, "{text}");
    events(&parse(&text))
        .into_iter()
        .filter(|e| e.get_uid().is_some_and(|uid| uid.starts_with("checkin-")))
        .collect()
}

fn local_start(event: &Event) -> (String, String) {
    match event.get_start() {
        Some(DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { date_time, tzid })) => {
            (date_time.format("%Y-%m-%d %H:%M").to_string(), tzid)
        }
        other => panic!("DTSTART is not a local time in a zone: {other:?}"),
    }
}

#[tokio::test]
async fn the_weekly_checkin_joins_the_feed_at_my_local_time_and_leaves_it_when_unticked() {
    let server = TestServer::start_at(MONDAY).await;
    let cast = cast(&server).await;
    set_zone(&cast.ada, "Europe/Berlin").await;

    // Nothing chosen yet: offered Monday 09:00, not in the feed, and no feed made.
    let offered: FeedCheckin = cast.ada.call("load_feed_checkin", &[]).await.json();
    assert_eq!(
        offered,
        FeedCheckin {
            in_feed: false,
            weekday: 1,
            time: "09:00".into()
        }
    );
    let none: Option<String> = cast.ada.call("calendar_feed", &[]).await.json();
    assert_eq!(none, None);

    // Wednesday 09:30 in Berlin: saving makes the feed, which holds one weekly event.
    assert!(save(&cast.ada, "on", "3", "09:30").await.is_success());
    let found = checkin_events(&server, &cast.ada).await;
    assert_eq!(found.len(), 1, "{found:?}");
    let event = &found[0];
    assert_eq!(
        local_start(event),
        ("2026-11-25 09:30".into(), "Europe/Berlin".into())
    );
    assert_eq!(event.property_value("RRULE"), Some("FREQ=WEEKLY"));
    assert_eq!(event.property_value("SEQUENCE"), Some("1"));
    assert_eq!(event.get_summary(), Some("Weekly check-in"));
    assert_eq!(
        event.get_url(),
        Some(format!("{}/checkin", server.base).as_str())
    );
    let uid = event.get_uid().unwrap().to_owned();

    // A new time replaces the same event, with a higher SEQUENCE.
    assert!(save(&cast.ada, "on", "3", "10:00").await.is_success());
    let found = checkin_events(&server, &cast.ada).await;
    assert_eq!(found[0].get_uid(), Some(uid.as_str()));
    assert_eq!(found[0].property_value("SEQUENCE"), Some("2"));
    assert_eq!(local_start(&found[0]).0, "2026-11-25 10:00");

    // Nobody else's feed holds it.
    make_feed(&server, &cast.bea).await;
    assert!(checkin_events(&server, &cast.bea).await.is_empty());

    // Unticked: out of the feed; the day and time are remembered for next time.
    assert!(save(&cast.ada, "", "3", "10:00").await.is_success());
    assert!(checkin_events(&server, &cast.ada).await.is_empty());
    let kept: FeedCheckin = cast.ada.call("load_feed_checkin", &[]).await.json();
    assert_eq!(
        (kept.in_feed, kept.weekday, kept.time.as_str()),
        (false, 3, "10:00")
    );
}

#[tokio::test]
async fn a_wrong_day_or_time_is_refused_in_words_and_strangers_must_sign_in() {
    let server = TestServer::start_at(MONDAY).await;
    let cast = cast(&server).await;
    let reply = cast
        .ada
        .call(
            "save_feed_checkin",
            &[
                ("checkin_in_feed", "on"),
                ("slot_weekday", "8"),
                ("slot_time", "noon"),
            ],
        )
        .await;
    assert_eq!(reply.status, 422, "{}", reply.body);
    for field in ["slot_weekday", "slot_time"] {
        assert!(reply.error().message_for(field).is_some(), "{}", reply.body);
    }
    let none: Option<String> = cast.ada.call("calendar_feed", &[]).await.json();
    assert_eq!(none, None, "a refused save makes no feed");
    assert_eq!(save(&cast.anonymous, "on", "1", "09:00").await.status, 401);
    assert_eq!(
        cast.anonymous.call("load_feed_checkin", &[]).await.status,
        401
    );
}
