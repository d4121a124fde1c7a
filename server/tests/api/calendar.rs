//! Planned session times and calendar files: a time typed in the planner's zone is
//! shown in each person's own; a session's `.ics` is for its pair only (a stranger, a
//! member outside the pair, a former member and anonymous get 404); a person's feed
//! opens with its secret token alone, and a rotated token's old address is 404. The
//! files are read back with a real iCalendar parser.

use crate::support::{
    room::{
        cast, create_circle, invite_token, member_id, person, round_of_ada_and_bea, state, PASSWORD,
    },
    Browser, TestServer,
};
use app::sessions::SessionSummary;
use icalendar::{Calendar, CalendarComponent, CalendarDateTime, Component, DatePerhapsTime, Event};

/// Monday 23 November 2026, 00:00 UTC.
pub(crate) const MONDAY: i64 = 1_795_392_000;

pub(crate) async fn set_zone(who: &Browser, zone: &str) {
    let reply = who.call("set_time_zone", &[("time_zone", zone)]).await;
    assert!(reply.is_success(), "{}: {}", reply.status, reply.body);
}

/// `planner` plans a GROW session on 1 December 2026 at `time`, coaching `peer_id`;
/// returns its id.
pub(crate) async fn plan(
    planner: &Browser,
    circle_id: &str,
    peer_id: &str,
    grow_id: &str,
    time: &str,
) -> String {
    plan_on(planner, [circle_id, peer_id, grow_id], "2026-12-01", time).await;
    planned(planner).await.id
}

/// `planner` plans a GROW session (`[circle_id, peer_id, grow_id]`) on `day` at `time`,
/// coaching the peer.
pub(crate) async fn plan_on(
    planner: &Browser,
    [circle_id, peer_id, grow_id]: [&str; 3],
    day: &str,
    time: &str,
) {
    let reply = planner
        .call(
            "start_session",
            &[
                ("circle_id", circle_id),
                ("peer_id", peer_id),
                ("my_role", "coach"),
                ("script_id", grow_id),
                ("topic", "Secret topic"),
                ("day", day),
                ("time", time),
                ("length", ""),
            ],
        )
        .await;
    assert!(reply.is_success(), "{}: {}", reply.status, reply.body);
}

pub(crate) async fn planned(who: &Browser) -> SessionSummary {
    let sessions: Vec<SessionSummary> = who.call("my_sessions", &[]).await.json();
    sessions.into_iter().next().expect("a planned session")
}

pub(crate) async fn download(who: &Browser, path: &str) -> (u16, String) {
    let response = who.get(path).await;
    let status = response.status().as_u16();
    if status == 200 {
        let kind = response.headers()["content-type"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(kind.starts_with("text/calendar"), "{kind}");
    }
    (status, response.text().await.expect("body"))
}

/// The path of `who`'s feed address, which they must have made.
pub(crate) async fn feed_path(server: &TestServer, who: &Browser) -> String {
    let url: Option<String> = who.call("calendar_feed", &[]).await.json();
    let url = url.expect("a feed address");
    url.strip_prefix(&server.base)
        .expect("an absolute address")
        .to_owned()
}

/// Makes `who` a new feed address (replacing any old one); returns its path.
pub(crate) async fn make_feed(server: &TestServer, who: &Browser) -> String {
    let made = who.call("rotate_calendar_feed", &[]).await;
    assert!(made.is_success(), "{}: {}", made.status, made.body);
    feed_path(server, who).await
}

pub(crate) fn parse(text: &str) -> Calendar {
    text.parse()
        .unwrap_or_else(|e| panic!("not iCalendar ({e}): {text}"))
}

pub(crate) fn events(calendar: &Calendar) -> Vec<Event> {
    calendar
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e.clone()),
            _ => None,
        })
        .collect()
}

pub(crate) fn utc_start(event: &Event) -> i64 {
    match event.get_start() {
        Some(DatePerhapsTime::DateTime(CalendarDateTime::Utc(at))) => at.timestamp(),
        other => panic!("DTSTART is not in UTC: {other:?}"),
    }
}

#[tokio::test]
async fn a_planned_time_is_shown_in_each_zone_and_downloads_for_the_pair_only() {
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

    // GROW's timeboxes add up to 37 minutes.
    let mine = planned(&cast.ada).await;
    assert_eq!(
        mine.local_time.as_deref(),
        Some("Tue 1 Dec, 09:30–10:07 (your time, Europe/Berlin)")
    );
    let theirs = planned(&cast.bea).await;
    assert_eq!(
        theirs.local_time.as_deref(),
        Some("Tue 1 Dec, 03:30–04:07 (your time, America/New_York)")
    );

    let path = format!("/sessions/{id}/calendar.ics");
    let (status, text) = download(&cast.ada, &path).await;
    assert_eq!(status, 200, "{text}");
    let calendar = parse(&text);
    assert_eq!(calendar.property_value("METHOD"), Some("PUBLISH"));
    let event = &events(&calendar)[0];
    assert_eq!(
        event.get_uid(),
        Some(format!("{id}@coaching-circles").as_str())
    );
    assert_eq!(event.get_sequence(), Some(0));
    assert_eq!(utc_start(event), 1_796_083_200 + 8 * 3600 + 30 * 60);
    let description = event.get_description().expect("a description");
    assert!(
        description.contains("Coach: Ada Coach\nCoachee: Bea Coachee"),
        "{description}"
    );
    assert!(
        description.contains(&format!("{}/sessions/{id}", server.base)),
        "{description}"
    );
    assert!(
        !text.contains("Secret topic"),
        "the topic stays out: {text}"
    );
    let (status, _) = download(&cast.bea, &path).await;
    assert_eq!(status, 200);

    // Nobody else learns the session exists: not the host (a member outside the
    // pair), a stranger, or anonymous; nor a made-up id.
    for who in [&cast.hana, &cast.cai, &cast.anonymous] {
        assert_eq!(download(who, &path).await.0, 404);
    }
    assert_eq!(
        download(&cast.ada, "/sessions/nonsense/calendar.ics")
            .await
            .0,
        404
    );

    // Bea leaves: she is a former member now (404), and the session is cancelled for
    // Ada, with its sequence raised.
    let left = cast
        .bea
        .call("leave_circle", &[("circle_id", &cast.circle_id)])
        .await;
    assert!(left.is_success(), "{}: {}", left.status, left.body);
    assert_eq!(download(&cast.bea, &path).await.0, 404);
    let (_, text) = download(&cast.ada, &path).await;
    let calendar = parse(&text);
    assert_eq!(calendar.property_value("METHOD"), Some("CANCEL"));
    let event = &events(&calendar)[0];
    assert_eq!(event.property_value("STATUS"), Some("CANCELLED"));
    assert_eq!(event.get_sequence(), Some(1));
}

#[tokio::test]
async fn a_day_only_session_keeps_working_and_a_bad_time_is_refused_in_words() {
    let server = TestServer::start_at(MONDAY).await;
    let cast = cast(&server).await;
    let id = plan(&cast.ada, &cast.circle_id, &cast.bea_id, &cast.grow_id, "").await;
    assert_eq!(planned(&cast.ada).await.local_time, None);
    let (status, text) = download(&cast.ada, &format!("/sessions/{id}/calendar.ics")).await;
    assert_eq!(status, 200);
    let event = &events(&parse(&text))[0];
    assert!(
        matches!(event.get_start(), Some(DatePerhapsTime::Date(_))),
        "{text}"
    );

    for (time, length, field) in [("25:99", "", "time"), ("09:30", "1000", "length")] {
        let reply = cast
            .ada
            .call(
                "start_session",
                &[
                    ("circle_id", cast.circle_id.as_str()),
                    ("peer_id", &cast.bea_id),
                    ("my_role", "coach"),
                    ("script_id", &cast.grow_id),
                    ("day", "2026-12-02"),
                    ("time", time),
                    ("length", length),
                ],
            )
            .await;
        assert_eq!(reply.status, 422, "{}", reply.body);
        assert!(reply.error().message_for(field).is_some(), "{}", reply.body);
    }
}

#[tokio::test]
async fn a_session_paired_without_a_day_offers_no_calendar_file_until_it_has_a_day() {
    let server = TestServer::start_at(MONDAY).await;
    let cast = cast(&server).await;
    let ada_id = member_id(&cast.bea, &cast.circle_id, "Ada Coach").await;
    let round = round_of_ada_and_bea(&cast, &ada_id).await;
    assert!(round.is_success(), "{}", round.body);
    let id = planned(&cast.ada).await.id;
    let file = format!("/sessions/{id}/calendar.ics");
    assert_eq!(download(&cast.ada, &file).await.0, 404, "no day, no event");
    let room = cast.ada.get(&format!("/sessions/{id}")).await;
    let html = room.text().await.expect("the room page");
    assert!(html.contains("No day is set yet"), "{html}");
    assert!(!html.contains("calendar.ics"), "{html}");
    let home = cast.ada.get("/").await.text().await.expect("Home");
    assert!(home.contains("day not set"), "{home}");
    assert!(!home.contains("calendar.ics"), "{home}");

    // Bea sets the day: now there is an event to add, and the room says when.
    let revision = state(&cast.bea, &id).await.revision.to_string();
    let set = cast
        .bea
        .call(
            "change_session_time",
            &[
                ("session_id", id.as_str()),
                ("revision", &revision),
                ("day", "2026-12-03"),
            ],
        )
        .await;
    assert!(set.is_success(), "{}: {}", set.status, set.body);
    assert_eq!(download(&cast.ada, &file).await.0, 200);
    let room = cast.ada.get(&format!("/sessions/{id}")).await;
    let html = room.text().await.expect("the room page");
    assert!(html.contains("Planned for Thu 3 Dec 2026."), "{html}");
    let home = cast.ada.get("/").await.text().await.expect("Home");
    assert!(home.contains(&file), "{home}");
}

#[tokio::test]
async fn a_feed_opens_with_its_token_alone_and_a_rotated_token_is_gone() {
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
    let none: Option<String> = cast.ada.call("calendar_feed", &[]).await.json();
    assert_eq!(none, None);
    let path = make_feed(&server, &cast.ada).await;

    // No browser session needed: a calendar app has none.
    let app = server.browser();
    let (status, text) = download(&app, &path).await;
    assert_eq!(status, 200, "{text}");
    let uids: Vec<String> = events(&parse(&text))
        .iter()
        .filter_map(|e| e.get_uid().map(str::to_owned))
        .collect();
    assert_eq!(uids, [format!("{id}@coaching-circles")]);

    // Another person's token opens their own feed, never Ada's sessions.
    let cais = make_feed(&server, &cast.cai).await;
    let (status, text) = download(&app, &cais).await;
    assert_eq!(status, 200);
    assert!(events(&parse(&text)).is_empty(), "{text}");

    // Rotating: the old address is "not found", the new one works.
    let new = make_feed(&server, &cast.ada).await;
    assert_eq!(download(&app, &path).await.0, 404);
    assert_ne!(new, path);
    assert_eq!(download(&app, &new).await.0, 200);
    for guess in [
        "/calendar/0000/coaching.ics",
        &format!("/calendar/{}/coaching.ics", "a".repeat(64)),
    ] {
        assert_eq!(download(&app, guess).await.0, 404);
    }
    // Signed out, the account page's functions ask for a sign-in.
    assert_eq!(cast.anonymous.call("calendar_feed", &[]).await.status, 401);
}

#[tokio::test]
async fn names_are_escaped_in_the_event_and_read_back_whole() {
    let server = TestServer::start_at(MONDAY).await;
    let host = person(&server, "Hana Host").await;
    let circle_id = create_circle(&host, "Escapes").await;
    let token = invite_token(&host, &circle_id).await;
    let tricky = r#"Zoë; "the, coach" \o/"#;
    let zoe = server.browser();
    let reply = zoe.sign_up("zoe@example.org", tricky, PASSWORD).await;
    assert!(reply.is_success(), "{}: {}", reply.status, reply.body);
    assert!(zoe
        .call("join_circle", &[("token", &token)])
        .await
        .is_success());
    let host_id = member_id(&zoe, &circle_id, "Hana Host").await;
    let circle: app::circles::CircleView = zoe
        .call("load_circle", &[("circle_id", &circle_id)])
        .await
        .json();
    let grow = circle
        .scripts
        .iter()
        .find(|(_, t)| t == "GROW")
        .unwrap()
        .0
        .clone();
    let id = plan(&zoe, &circle_id, &host_id, &grow, "18:00").await;

    let (status, text) = download(&zoe, &format!("/sessions/{id}/calendar.ics")).await;
    assert_eq!(status, 200);
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "{line:?} is longer than 75 octets");
    }
    let unfolded = text.replace("\r\n ", "");
    assert!(
        unfolded.contains(r#"Coach: Zoë\; "the\, coach" \\o/\nCoachee: Hana Host"#),
        "{unfolded}"
    );
    let event = &events(&parse(&text))[0];
    let description = event.get_description().unwrap();
    assert!(
        description.contains(&format!("Coach: {tricky}\nCoachee: Hana Host")),
        "{description}"
    );
}
