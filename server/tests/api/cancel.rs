//! Cancelling a planned session: either of the pair may, until it begins, and so may a
//! host of the circle; it is then not held for good (it cannot be begun, moved,
//! resumed or cancelled again), its `.ics` becomes a cancellation, and both screens say
//! who cancelled it. Nobody else learns the session exists (404; the access matrix
//! covers members, former members and strangers). A circle holds a bounded number of
//! sessions still to hold, and cancelling one makes room again.

use crate::{
    calendar::{download, events, parse, plan, MONDAY},
    support::{
        room::{
            cast, hana_hands_over_and_leaves, member_id, round_of_ada_and_bea, start, state, Cast,
        },
        Browser, Reply, TestServer,
    },
};
use app::{
    error::AppError,
    sessions::{rules::SESSIONS_TO_HOLD_MAX, Cancelled, SessionStatus, SessionSummary},
};
use icalendar::Component;

async fn cancel(who: &Browser, id: &str) -> Reply {
    who.call("cancel_session", &[("session_id", id)]).await
}

async fn circle_page(who: &Browser, circle_id: &str) -> String {
    let page = who.get(&format!("/circles/{circle_id}")).await;
    page.text().await.expect("the circle page")
}

/// Bea plans a session for 2 December with Ada (`ada_id`) coaching, without a time.
async fn plan_day(cast: &Cast, ada_id: &str) -> Reply {
    cast.bea
        .call(
            "start_session",
            &[
                ("circle_id", cast.circle_id.as_str()),
                ("peer_id", ada_id),
                ("my_role", "coachee"),
                ("script_id", &cast.grow_id),
                ("day", "2026-12-02"),
            ],
        )
        .await
}

/// The id of `who`'s soonest planned session (a live one comes first in the list).
async fn first_planned(who: &Browser) -> String {
    let sessions: Vec<SessionSummary> = who.call("my_sessions", &[]).await.json();
    let planned = sessions
        .into_iter()
        .find(|s| s.status == SessionStatus::Planned);
    planned.expect("a planned session").id
}

/// A server on Monday 23 November, its cast, and the session Ada plans with Bea for
/// 1 December at 09:30, Ada coaching.
async fn planned_by_ada() -> (TestServer, Cast, String) {
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
    (server, cast, id)
}

#[tokio::test]
async fn either_of_the_pair_cancels_a_planned_session_for_good() {
    let (_server, cast, id) = planned_by_ada().await;

    // Nobody outside the pair and the circle's hosts learns it exists; signed out asks
    // for a sign-in.
    assert_eq!(cancel(&cast.cai, &id).await.error(), AppError::NotFound);
    assert_eq!(cancel(&cast.anonymous, &id).await.status, 401);
    assert_eq!(
        cancel(&cast.ada, "no-such-session").await.error(),
        AppError::NotFound
    );

    // Bea, who is coached and did not plan it, cancels it.
    let done = cancel(&cast.bea, &id).await;
    assert!(done.is_success(), "{}: {}", done.status, done.body);
    let seen = state(&cast.ada, &id).await;
    assert_eq!(seen.status, SessionStatus::Abandoned);
    assert_eq!(seen.cancelled, Some(Cancelled::ByCoachee));
    assert!(seen.ended_at.is_some());

    // The circle lists it as cancelled on the day it was to be (1 December), not the
    // day it was cancelled.
    let circle: app::circles::CircleView = cast
        .hana
        .call("load_circle", &[("circle_id", &cast.circle_id)])
        .await
        .json();
    let listed = circle.sessions.iter().find(|s| s.id == id).expect("listed");
    assert_eq!(listed.status_text(), "Cancelled");
    assert_eq!(listed.when_text(), "Tue 1 Dec 2026");

    // Its calendar file is now a cancellation of the same event.
    let (status, text) = download(&cast.ada, &format!("/sessions/{id}/calendar.ics")).await;
    assert_eq!(status, 200, "{text}");
    let calendar = parse(&text);
    assert_eq!(calendar.property_value("METHOD"), Some("CANCEL"));
    assert_eq!(events(&calendar)[0].get_sequence(), Some(1));

    // The room says who cancelled it, before any script runs.
    let page = cast.ada.get(&format!("/sessions/{id}")).await;
    let html = page.text().await.expect("the room page");
    assert!(
        html.contains("Bea Coachee cancelled this session."),
        "{html}"
    );
    let page = cast.bea.get(&format!("/sessions/{id}")).await;
    let html = page.text().await.expect("the room page");
    assert!(html.contains("You cancelled this session."), "{html}");

    // Not held for good: it cannot begin, move, be resumed or be cancelled again.
    let begun = cast.ada.call("begin_session", &[("session_id", &id)]).await;
    assert_eq!(begun.error(), AppError::SessionNotHeld, "{}", begun.body);
    let moved = cast
        .ada
        .call(
            "change_session_time",
            &[
                ("session_id", id.as_str()),
                ("revision", &seen.revision.to_string()),
                ("day", "2026-12-04"),
            ],
        )
        .await;
    assert_eq!(moved.error(), AppError::SessionNotHeld, "{}", moved.body);
    let resumed = cast
        .ada
        .call(
            "settle_session",
            &[("session_id", id.as_str()), ("resume", "true")],
        )
        .await;
    assert_eq!(
        resumed.error(),
        AppError::SessionNotLeftOpen,
        "{}",
        resumed.body
    );
    let again = cancel(&cast.ada, &id).await;
    assert_eq!(again.error(), AppError::SessionNotHeld, "{}", again.body);
    assert_eq!(state(&cast.bea, &id).await.revision, seen.revision);
}

#[tokio::test]
async fn a_host_cancels_a_planned_session_of_two_members_from_the_circle_page() {
    let (_server, cast, id) = planned_by_ada().await;
    // The circle page offers it to the host only, beside the planned session.
    let offer = "the session of Ada Coach and Bea Coachee";
    assert!(circle_page(&cast.hana, &cast.circle_id)
        .await
        .contains(offer));
    assert!(!circle_page(&cast.ada, &cast.circle_id)
        .await
        .contains(offer));

    // Hana, the host, is not one of the pair and cancels it, and is back on the
    // circle page.
    let done = cancel(&cast.hana, &id).await;
    assert!(done.is_success(), "{}: {}", done.status, done.body);
    let back = format!("/circles/{}?notice=session-cancelled", cast.circle_id);
    assert_eq!(done.location.as_deref(), Some(back.as_str()));
    let seen = state(&cast.ada, &id).await;
    assert_eq!(seen.status, SessionStatus::Abandoned);
    assert_eq!(seen.cancelled, Some(Cancelled::ByHost));
    for who in [&cast.ada, &cast.bea] {
        let html = who
            .get(&format!("/sessions/{id}"))
            .await
            .text()
            .await
            .expect("the room page");
        assert!(html.contains("host cancelled this session."), "{html}");
    }
    // Nothing is offered for it any more, and it cannot be cancelled twice.
    assert!(!circle_page(&cast.hana, &cast.circle_id)
        .await
        .contains(offer));
    let again = cancel(&cast.hana, &id).await;
    assert_eq!(again.error(), AppError::SessionNotHeld, "{}", again.body);

    // A session that began is the pair's: the host is told it started, as they are.
    let live = start(&cast).await;
    let refused = cancel(&cast.hana, &live).await;
    assert_eq!(
        refused.error(),
        AppError::SessionStarted,
        "{}",
        refused.body
    );
    assert_eq!(state(&cast.ada, &live).await.status, SessionStatus::Live);

    // A host no longer in the circle is a stranger to its sessions.
    let ada_id = member_id(&cast.bea, &cast.circle_id, "Ada Coach").await;
    assert!(plan_day(&cast, &ada_id).await.is_success());
    let planned = first_planned(&cast.bea).await;
    hana_hands_over_and_leaves(&cast, &ada_id).await;
    assert_eq!(
        cancel(&cast.hana, &planned).await.error(),
        AppError::NotFound
    );
    assert_eq!(
        state(&cast.bea, &planned).await.status,
        SessionStatus::Planned
    );
}

#[tokio::test]
async fn a_session_that_began_cannot_be_cancelled_and_leaving_cancels_what_was_planned() {
    let server = TestServer::start_at(MONDAY).await;
    let cast = cast(&server).await;
    let live = start(&cast).await;
    let refused = cancel(&cast.ada, &live).await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert_eq!(refused.error(), AppError::SessionStarted);
    assert_eq!(state(&cast.ada, &live).await.status, SessionStatus::Live);

    let ada_id = member_id(&cast.bea, &cast.circle_id, "Ada Coach").await;
    let planned = plan_day(&cast, &ada_id).await;
    assert!(planned.is_success(), "{}", planned.body);
    let id = first_planned(&cast.bea).await;
    let left = cast
        .bea
        .call("leave_circle", &[("circle_id", &cast.circle_id)])
        .await;
    assert!(left.is_success(), "{}", left.body);
    assert_eq!(cancel(&cast.bea, &id).await.error(), AppError::NotFound);
    let seen = state(&cast.ada, &id).await;
    assert_eq!(seen.cancelled, Some(Cancelled::MemberLeft));
    let html = cast
        .ada
        .get(&format!("/sessions/{id}"))
        .await
        .text()
        .await
        .expect("the room page");
    assert!(
        html.contains("because one of you left the circle"),
        "{html}"
    );
}

#[tokio::test]
async fn a_circle_holds_a_bounded_number_of_sessions_to_hold() {
    let server = TestServer::start_at(MONDAY).await;
    let cast = cast(&server).await;
    let ada_id = member_id(&cast.bea, &cast.circle_id, "Ada Coach").await;
    // One live session counts until it has been left for two hours.
    start(&cast).await;
    for _ in 1..SESSIONS_TO_HOLD_MAX {
        let reply = plan_day(&cast, &ada_id).await;
        assert!(reply.is_success(), "{}: {}", reply.status, reply.body);
    }
    let full = plan_day(&cast, &ada_id).await;
    assert_eq!(full.status, 422, "{}", full.body);
    assert!(
        full.error().to_string().contains("can hold"),
        "{}",
        full.body
    );
    let round = round_of_ada_and_bea(&cast, &ada_id).await;
    assert_eq!(round.status, 422, "{}", round.body);
    let sessions = server.count("sessions").await;

    // The live session left alone for two hours no longer counts.
    server.advance_hours(2).await;
    assert!(plan_day(&cast, &ada_id).await.is_success());
    assert_eq!(plan_day(&cast, &ada_id).await.status, 422);

    // Cancelling one makes room for another.
    let one = first_planned(&cast.bea).await;
    assert!(cancel(&cast.bea, &one).await.is_success());
    assert!(plan_day(&cast, &ada_id).await.is_success());
    assert_eq!(server.count("sessions").await, sessions + 2);
}
