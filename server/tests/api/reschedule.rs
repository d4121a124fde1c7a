//! Changing a planned session's time: either of the pair moves it, each sees the new
//! time in their own zone, its `.ics` keeps the UID with SEQUENCE raised and the feed
//! shows the new time; a change made over a time the peer already changed is refused
//! (409) and writes nothing; nobody else learns the session exists (404); a session
//! that started can no longer be moved.

use crate::{
    calendar::{download, events, parse, plan, planned, set_zone, utc_start, MONDAY},
    support::{room::cast, Browser, Reply, TestServer},
};
use app::{error::AppError, sessions::RoomView};
use icalendar::Component;

/// 1 December 2026, 00:00 UTC.
const DEC_1: i64 = 1_796_083_200;

async fn room(who: &Browser, id: &str) -> RoomView {
    who.call("load_room", &[("session_id", id)]).await.json()
}

async fn change(
    who: &Browser,
    id: &str,
    revision: i64,
    (day, time, length): (&str, &str, &str),
) -> Reply {
    who.call(
        "change_session_time",
        &[
            ("session_id", id),
            ("revision", &revision.to_string()),
            ("day", day),
            ("time", time),
            ("length", length),
        ],
    )
    .await
}

#[tokio::test]
async fn either_of_the_pair_moves_a_planned_session_and_every_copy_follows() {
    let server = TestServer::start_at(MONDAY).await;
    let cast = cast(&server).await;
    set_zone(&cast.ada, "Europe/Berlin").await;
    set_zone(&cast.bea, "America/New_York").await;
    let id = plan(
        &cast.ada,
        &cast.circle_id,
        &cast.bea_id,
        &cast.grow_id,
        "09:30",
    )
    .await;
    let feed = crate::calendar::make_feed(&server, &cast.ada).await;

    // Bea's form starts from the time in her zone.
    let seen = room(&cast.bea, &id).await;
    let inputs = seen.planned_inputs.clone().expect("planned");
    assert_eq!(
        (
            inputs.day.as_str(),
            inputs.time.as_str(),
            inputs.length.as_str()
        ),
        ("2026-12-01", "03:30", "37")
    );
    let stale = room(&cast.ada, &id).await.state.revision;

    // Bea, who did not plan it, moves it to 2 December at 10:00 her time.
    let moved = change(
        &cast.bea,
        &id,
        seen.state.revision,
        ("2026-12-02", "10:00", ""),
    )
    .await;
    assert!(moved.is_success(), "{}: {}", moved.status, moved.body);
    assert_eq!(
        planned(&cast.bea).await.local_time.as_deref(),
        Some("Wed 2 Dec, 10:00–10:37 (your time, America/New_York)")
    );
    assert_eq!(
        planned(&cast.ada).await.local_time.as_deref(),
        Some("Wed 2 Dec, 16:00–16:37 (your time, Europe/Berlin)")
    );
    let new_start = DEC_1 + 86_400 + 15 * 3600;
    let (status, text) = download(&cast.ada, &format!("/sessions/{id}/calendar.ics")).await;
    assert_eq!(status, 200, "{text}");
    let calendar = parse(&text);
    assert_eq!(calendar.property_value("METHOD"), Some("PUBLISH"));
    let event = &events(&calendar)[0];
    assert_eq!(
        event.get_uid(),
        Some(format!("{id}@coaching-circles").as_str())
    );
    assert_eq!(event.get_sequence(), Some(1));
    assert_eq!(utc_start(event), new_start);
    let (status, text) = download(&server.browser(), &feed).await;
    assert_eq!(status, 200);
    let event = &events(&parse(&text))[0];
    assert_eq!(
        (utc_start(event), event.get_sequence()),
        (new_start, Some(1))
    );

    // Ada's page still showed the old time: her change is refused and writes nothing.
    let over = change(&cast.ada, &id, stale, ("2026-12-03", "08:00", "30")).await;
    assert_eq!(over.status, 409, "{}", over.body);
    assert_eq!(over.error(), AppError::SessionMoved);
    let (_, text) = download(&cast.ada, &format!("/sessions/{id}/calendar.ics")).await;
    assert_eq!(utc_start(&events(&parse(&text))[0]), new_start);

    // From the time she now sees, she moves it to a day only; the length is dropped.
    let current = room(&cast.ada, &id).await;
    assert_eq!(
        current.planned_inputs.as_ref().map(|i| i.time.as_str()),
        Some("16:00")
    );
    let day_only = change(
        &cast.ada,
        &id,
        current.state.revision,
        ("2026-12-03", "", ""),
    )
    .await;
    assert!(day_only.is_success(), "{}", day_only.body);
    let mine = planned(&cast.ada).await;
    assert_eq!((mine.local_time, mine.starts_at), (None, None));
    let (_, text) = download(&cast.bea, &format!("/sessions/{id}/calendar.ics")).await;
    assert_eq!(events(&parse(&text))[0].get_sequence(), Some(2));

    // Bad input is refused in words beside its field, and writes nothing.
    let revision = room(&cast.ada, &id).await.state.revision;
    for (input, field) in [
        (("", "09:00", ""), "day"),
        (("2026-11-20", "", ""), "day"),
        (("2026-12-04", "25:61", ""), "time"),
        (("2026-12-04", "09:00", "1000"), "length"),
    ] {
        let reply = change(&cast.ada, &id, revision, input).await;
        assert_eq!(reply.status, 422, "{input:?}: {}", reply.body);
        assert!(
            reply.error().message_for(field).is_some(),
            "{input:?}: {}",
            reply.body
        );
    }
    assert_eq!(room(&cast.ada, &id).await.state.revision, revision);

    // Nobody outside the pair learns it exists; signed out asks for a sign-in.
    for who in [&cast.hana, &cast.cai] {
        let reply = change(who, &id, revision, ("2026-12-04", "", "")).await;
        assert_eq!(reply.error(), AppError::NotFound, "{}", reply.body);
    }
    let anonymous = change(&cast.anonymous, &id, revision, ("2026-12-04", "", "")).await;
    assert_eq!(anonymous.status, 401);

    // Once started it can no longer be moved.
    let begun = cast
        .bea
        .call(
            "begin_session",
            &[("session_id", &id), ("script_id", &cast.grow_id)],
        )
        .await;
    assert!(begun.is_success(), "{}", begun.body);
    let revision = room(&cast.bea, &id).await.state.revision;
    let late = change(&cast.bea, &id, revision, ("2026-12-04", "", "")).await;
    assert_eq!(late.status, 409);
    assert_eq!(late.error(), AppError::SessionStarted);
}

#[tokio::test]
async fn a_former_member_cannot_move_the_session_they_were_planned_into() {
    let server = TestServer::start_at(MONDAY).await;
    let cast = cast(&server).await;
    let id = plan(
        &cast.ada,
        &cast.circle_id,
        &cast.bea_id,
        &cast.grow_id,
        "09:30",
    )
    .await;
    let revision = room(&cast.bea, &id).await.state.revision;
    let left = cast
        .bea
        .call("leave_circle", &[("circle_id", &cast.circle_id)])
        .await;
    assert!(left.is_success(), "{}", left.body);
    let reply = change(&cast.bea, &id, revision, ("2026-12-04", "", "")).await;
    assert_eq!(reply.error(), AppError::NotFound);
    // Her leaving cancelled it for Ada, who can no longer move it either.
    let revision = room(&cast.ada, &id).await.state.revision;
    let reply = change(&cast.ada, &id, revision, ("2026-12-04", "", "")).await;
    assert_eq!(reply.status, 409, "{}", reply.body);
    assert_eq!(reply.error(), AppError::SessionNotHeld);
    let begun = cast.ada.call("begin_session", &[("session_id", &id)]).await;
    assert_eq!(begun.error(), AppError::SessionNotHeld, "{}", begun.body);
}
