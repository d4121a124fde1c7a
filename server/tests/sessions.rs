//! The session room through the real server: who may open and change a session, the
//! step state machine, note versions, bad input, ending, swapping, abandoning, and
//! the live stream.

mod support;

use app::{
    circles::CircleView,
    error::AppError,
    sessions::{
        room::{RoomState, RoomView, SharedNote},
        SessionStatus,
    },
};
use support::{Browser, Reply, TestServer};

const PASSWORD: &str = "a long enough password";

async fn person(server: &TestServer, name: &str) -> Browser {
    let browser = server.browser();
    let email = format!("{}@example.org", name.to_lowercase().replace(' ', "."));
    let reply = browser.sign_up(&email, name, PASSWORD).await;
    assert!(reply.is_success(), "{}: {}", reply.status, reply.body);
    browser
}

/// Hana hosts a circle that Ada and Bea joined; Cai is signed in but not in it.
struct Cast {
    hana: Browser,
    ada: Browser,
    bea: Browser,
    cai: Browser,
    anonymous: Browser,
    circle_id: String,
    bea_id: String,
    grow_id: String,
}

async fn cast(server: &TestServer) -> Cast {
    let hana = person(server, "Hana Host").await;
    let reply = hana
        .call(
            "create_circle",
            &[
                ("name", "Room circle"),
                ("purpose", "Coaching."),
                ("cadence", "weekly"),
            ],
        )
        .await;
    let location = reply.location.expect("redirect to the circle");
    let circle_id = location
        .trim_start_matches("/circles/")
        .split('?')
        .next()
        .unwrap_or_default()
        .to_owned();
    let circle: CircleView = hana
        .call("load_circle", &[("circle_id", &circle_id)])
        .await
        .json();
    let token = circle
        .invite_url
        .expect("host sees the link")
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_owned();
    let ada = person(server, "Ada Coach").await;
    let bea = person(server, "Bea Coachee").await;
    for peer in [&ada, &bea] {
        assert!(peer
            .call("join_circle", &[("token", &token)])
            .await
            .is_success());
    }
    let circle: CircleView = ada
        .call("load_circle", &[("circle_id", &circle_id)])
        .await
        .json();
    let bea_id = circle
        .members
        .iter()
        .find(|m| m.display_name == "Bea Coachee")
        .expect("Bea")
        .account_id
        .clone();
    let grow_id = circle
        .scripts
        .iter()
        .find(|(_, title)| title == "GROW")
        .expect("GROW")
        .0
        .clone();
    Cast {
        hana,
        ada,
        bea,
        cai: person(server, "Cai Stranger").await,
        anonymous: server.browser(),
        circle_id,
        bea_id,
        grow_id,
    }
}

/// Ada starts a GROW session now, coaching Bea; returns its id.
async fn start(cast: &Cast) -> String {
    let reply = cast
        .ada
        .call(
            "start_session",
            &[
                ("circle_id", &cast.circle_id),
                ("peer_id", &cast.bea_id),
                ("my_role", "coach"),
                ("script_id", &cast.grow_id),
                ("topic", "Delegating"),
                ("day", ""),
            ],
        )
        .await;
    let location = reply
        .location
        .unwrap_or_else(|| panic!("{}: {}", reply.status, reply.body));
    location.trim_start_matches("/sessions/").to_owned()
}

async fn state(browser: &Browser, id: &str) -> RoomState {
    browser
        .call("room_state", &[("session_id", id)])
        .await
        .json()
}

async fn move_step(browser: &Browser, id: &str, from: usize, to: usize) -> Reply {
    browser
        .call(
            "move_step",
            &[
                ("session_id", id),
                ("from", &from.to_string()),
                ("to", &to.to_string()),
            ],
        )
        .await
}

/// Every room server function with valid arguments for session `id`.
fn every_room_call(id: &str) -> Vec<(&'static str, Vec<(&'static str, String)>)> {
    let id = id.to_owned();
    let with = |extra: &[(&'static str, &str)]| {
        let mut fields = vec![("session_id", id.clone())];
        fields.extend(extra.iter().map(|(k, v)| (*k, (*v).to_owned())));
        fields
    };
    vec![
        ("load_room", with(&[])),
        ("room_state", with(&[])),
        ("begin_session", with(&[])),
        ("move_step", with(&[("from", "0"), ("to", "1")])),
        ("set_paused", with(&[("paused", "true")])),
        (
            "save_shared_note",
            with(&[("step", "0"), ("base_version", "0"), ("text", "secret")]),
        ),
        (
            "save_private_note",
            with(&[("step", "0"), ("text", "secret")]),
        ),
        (
            "add_commitment",
            with(&[("body", "secret"), ("due_on", "")]),
        ),
        (
            "close_commitment",
            with(&[
                ("commitment_id", "00000000-0000-4000-8000-000000000000"),
                ("done", "true"),
            ]),
        ),
        ("end_session", with(&[])),
        ("swap_roles", with(&[])),
        ("settle_session", with(&[("resume", "true")])),
    ]
}

#[tokio::test]
async fn only_the_pair_may_open_or_change_a_session() {
    let server = TestServer::start().await;
    let cast = cast(&server).await;
    let id = start(&cast).await;
    let revision = state(&cast.ada, &id).await.revision;
    for (name, fields) in every_room_call(&id) {
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let anonymous = cast.anonymous.call(name, &fields).await;
        assert_eq!(
            anonymous.error(),
            AppError::NotSignedIn,
            "{name} as anonymous"
        );
        for (who, browser) in [("the host", &cast.hana), ("a stranger", &cast.cai)] {
            let reply = browser.call(name, &fields).await;
            assert_eq!(reply.error(), AppError::NotFound, "{name} as {who}");
        }
        let mut malformed = fields.clone();
        malformed[0].1 = "not-an-id";
        assert_eq!(
            cast.ada.call(name, &malformed).await.error(),
            AppError::NotFound,
            "{name} with a bad id"
        );
    }
    assert_eq!(
        state(&cast.ada, &id).await.revision,
        revision,
        "nothing changed"
    );
    assert_eq!(
        server.count("private_notes").await + server.count("commitments").await,
        0
    );

    // The live stream too.
    for browser in [&cast.hana, &cast.cai, &cast.anonymous] {
        assert_eq!(
            browser.get(&format!("/sessions/{id}/live")).await.status(),
            404
        );
    }

    // Participants may: both open the room, each with their own role.
    let ada_view: RoomView = cast
        .ada
        .call("load_room", &[("session_id", &id)])
        .await
        .json();
    let bea_view: RoomView = cast
        .bea
        .call("load_room", &[("session_id", &id)])
        .await
        .json();
    assert_eq!(ada_view.my_role, app::scripts::PairRole::Coach);
    assert_eq!(bea_view.my_role, app::scripts::PairRole::Coachee);
    assert_eq!(ada_view.steps.len(), 6);

    // Starting one needs a circle I am in, and a peer from it.
    let start_with = |peer: String, circle: String| {
        vec![
            ("circle_id", circle),
            ("peer_id", peer),
            ("my_role", "coach".to_owned()),
            ("script_id", cast.grow_id.clone()),
        ]
    };
    let fields = start_with(cast.bea_id.clone(), cast.circle_id.clone());
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        cast.cai.call("start_session", &fields).await.error(),
        AppError::NotFound
    );
    assert_eq!(
        cast.anonymous.call("start_session", &fields).await.error(),
        AppError::NotSignedIn
    );
    assert!(
        cast.bea
            .call("start_session", &fields)
            .await
            .error()
            .message_for("peer_id")
            .is_some(),
        "not with myself"
    );
    assert_eq!(server.count("sessions").await, 1);
}

#[tokio::test]
async fn moves_carry_their_step_and_stale_ones_are_refused() {
    let server = TestServer::start().await;
    let cast = cast(&server).await;
    let id = start(&cast).await;
    let moved: RoomState = move_step(&cast.ada, &id, 0, 1).await.json();
    assert_eq!(moved.step, 1);
    // Bea's screen still showed step 0: her "next" must not move the session.
    let stale = move_step(&cast.bea, &id, 0, 1).await.error();
    assert!(matches!(stale, AppError::Conflict(_)), "{stale:?}");
    let stale_back = move_step(&cast.bea, &id, 2, 1).await.error();
    assert!(
        matches!(stale_back, AppError::Conflict(_)),
        "{stale_back:?}"
    );
    assert_eq!(state(&cast.bea, &id).await.step, 1);
    // Bea catches up and moves on; then back is fine too.
    assert_eq!(
        move_step(&cast.bea, &id, 1, 2)
            .await
            .json::<RoomState>()
            .step,
        2
    );
    assert_eq!(
        move_step(&cast.ada, &id, 2, 1)
            .await
            .json::<RoomState>()
            .step,
        1
    );
    let past_end = move_step(&cast.ada, &id, 1, 6).await.error();
    assert!(past_end.message_for("to").is_some(), "{past_end:?}");

    // Pause stops the clock for both; resume carries on.
    let paused: RoomState = cast
        .ada
        .call("set_paused", &[("session_id", &id), ("paused", "true")])
        .await
        .json();
    assert!(paused.paused);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let later = state(&cast.bea, &id).await;
    assert_eq!(
        later.elapsed_ms, paused.elapsed_ms,
        "a paused clock does not run"
    );
    let resumed: RoomState = cast
        .bea
        .call("set_paused", &[("session_id", &id), ("paused", "false")])
        .await
        .json();
    assert!(!resumed.paused);
}

#[tokio::test]
async fn shared_notes_never_silently_overwrite_and_private_notes_stay_private() {
    let server = TestServer::start().await;
    let cast = cast(&server).await;
    let id = start(&cast).await;
    let save = |browser: &Browser, base: &str, text: &str| {
        let fields = [
            ("session_id", id.as_str()),
            ("step", "0"),
            ("base_version", base),
            ("text", text),
        ];
        let fields: Vec<(String, String)> = fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let browser = browser.client.clone();
        let url = format!("{}/api/save_shared_note", server.base);
        async move {
            browser
                .post(url)
                .form(&fields)
                .send()
                .await
                .expect("request")
        }
    };
    let first: SharedNote = serde_json::from_str(
        &save(&cast.ada, "0", "Ada's words")
            .await
            .text()
            .await
            .unwrap_or_default(),
    )
    .expect("saved");
    assert_eq!(first.version, 1);
    // Bea typed over version 0 too: refused, and Ada's words stay.
    let collided = save(&cast.bea, "0", "Bea's words").await;
    assert!(!collided.status().is_success());
    let error: AppError =
        serde_json::from_str(&collided.text().await.unwrap_or_default()).expect("an AppError");
    assert!(matches!(error, AppError::Conflict(_)), "{error:?}");
    assert_eq!(
        state(&cast.ada, &id).await.shared_notes[0].text,
        "Ada's words"
    );
    // Over the current version it goes through.
    assert!(save(&cast.bea, "1", "Ada's words\nBea's words")
        .await
        .status()
        .is_success());
    let note = &state(&cast.ada, &id).await.shared_notes[0];
    assert_eq!(
        (note.version, note.text.as_str()),
        (2, "Ada's words\nBea's words")
    );
    assert_eq!(note.by.as_deref(), Some("Bea Coachee"));

    let private = cast
        .ada
        .call(
            "save_private_note",
            &[("session_id", &id), ("step", "0"), ("text", "only for Ada")],
        )
        .await;
    assert!(private.is_success(), "{}", private.body);
    let ada_view: RoomView = cast
        .ada
        .call("load_room", &[("session_id", &id)])
        .await
        .json();
    assert_eq!(ada_view.private_notes[0], "only for Ada");
    for reply in [
        cast.bea.call("load_room", &[("session_id", &id)]).await,
        cast.bea.call("room_state", &[("session_id", &id)]).await,
    ] {
        assert!(!reply.body.contains("only for Ada"));
    }
    let page = cast
        .bea
        .get(&format!("/sessions/{id}"))
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(
        page.contains("Ada&#x27;s words") || page.contains("Ada's words"),
        "the room renders on the server"
    );
    assert!(!page.contains("only for Ada"));
}

#[tokio::test]
async fn bad_input_gets_a_clear_message_and_changes_nothing() {
    let server = TestServer::start().await;
    let cast = cast(&server).await;
    let id = start(&cast).await;
    let before = state(&cast.ada, &id).await;
    let long_note = "n".repeat(10_001);
    let long_commitment = "c".repeat(501);
    type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, &'a str);
    let cases: Vec<Case> = vec![
        (
            "save_shared_note",
            vec![("step", "0"), ("base_version", "0"), ("text", &long_note)],
            "text",
        ),
        (
            "save_private_note",
            vec![("step", "0"), ("text", &long_note)],
            "text",
        ),
        (
            "save_private_note",
            vec![("step", "6"), ("text", "x")],
            "step",
        ),
        (
            "add_commitment",
            vec![("body", &long_commitment), ("due_on", "")],
            "body",
        ),
        (
            "add_commitment",
            vec![("body", "  "), ("due_on", "")],
            "body",
        ),
        (
            "add_commitment",
            vec![("body", "Do it"), ("due_on", "2001-01-01")],
            "due_on",
        ),
        (
            "add_commitment",
            vec![("body", "Do it"), ("due_on", "2030-02-31")],
            "due_on",
        ),
    ];
    for (name, extra, field) in cases {
        let mut fields = vec![("session_id", id.as_str())];
        fields.extend(extra);
        let error = cast.ada.call(name, &fields).await.error();
        assert!(error.message_for(field).is_some(), "{name}: {error:?}");
    }
    let nowhere = move_step(&cast.ada, &id, 0, 0).await.error();
    assert!(nowhere.message_for("to").is_some());
    let after = state(&cast.ada, &id).await;
    assert_eq!(after.revision, before.revision);
    assert_eq!(
        server.count("commitments").await + server.count("private_notes").await,
        0
    );
    assert_eq!(server.count("session_steps").await, 0);
}

#[tokio::test]
async fn an_ended_session_is_read_only_and_swapping_roles_happens_once() {
    let server = TestServer::start().await;
    let cast = cast(&server).await;
    let id = start(&cast).await;
    move_step(&cast.ada, &id, 0, 1).await.json::<RoomState>();
    let added: RoomState = cast
        .bea
        .call(
            "add_commitment",
            &[
                ("session_id", &id),
                ("body", "Delegate the report"),
                ("due_on", ""),
            ],
        )
        .await
        .json();
    assert_eq!(added.commitments.len(), 1);
    assert!(cast
        .bea
        .call("end_session", &[("session_id", &id)])
        .await
        .is_success());
    let ended = state(&cast.ada, &id).await;
    assert_eq!(ended.status, SessionStatus::Done);
    assert!(ended.ended_at.is_some());
    let refused = move_step(&cast.ada, &id, 1, 2).await.error();
    assert!(matches!(refused, AppError::Conflict(_)), "{refused:?}");
    assert!(matches!(
        cast.ada
            .call("end_session", &[("session_id", &id)])
            .await
            .error(),
        AppError::Conflict(_)
    ));

    let first = cast
        .bea
        .call("swap_roles", &[("session_id", &id)])
        .await
        .location
        .expect("to the new room");
    let second = cast
        .ada
        .call("swap_roles", &[("session_id", &id)])
        .await
        .location
        .expect("to the same room");
    assert_eq!(first, second);
    let swapped = first.trim_start_matches("/sessions/");
    let view: RoomView = cast
        .bea
        .call("load_room", &[("session_id", swapped)])
        .await
        .json();
    assert_eq!(view.coach.name, "Bea Coachee");
    assert_eq!(view.script_title.as_deref(), Some("GROW"));
    // The swapped session's follow-up step shows the pair's open commitment.
    assert_eq!(view.state.earlier_commitments.len(), 1);
    let commitment = view.state.earlier_commitments[0].id.clone();
    let closed: RoomState = cast
        .ada
        .call(
            "close_commitment",
            &[
                ("session_id", swapped),
                ("commitment_id", &commitment),
                ("done", "true"),
            ],
        )
        .await
        .json();
    assert_eq!(
        closed.earlier_commitments[0].status,
        app::sessions::room::CommitmentStatus::Done
    );
    assert_eq!(server.count("sessions").await, 2);
}

#[tokio::test]
async fn a_session_left_for_two_hours_can_be_resumed() {
    let server = TestServer::start().await;
    let cast = cast(&server).await;
    let id = start(&cast).await;
    let writer = sqlx::SqlitePool::connect(&format!("sqlite://{}", server.database().display()))
        .await
        .expect("open");
    sqlx::query("UPDATE sessions SET last_seen_at = last_seen_at - 3 * 3600 WHERE id = ?")
        .bind(&id)
        .execute(&writer)
        .await
        .expect("age the session");
    writer.close().await;
    assert_eq!(state(&cast.bea, &id).await.status, SessionStatus::Abandoned);
    assert!(matches!(
        move_step(&cast.ada, &id, 0, 1).await.error(),
        AppError::Conflict(_)
    ));
    assert!(cast
        .ada
        .call("settle_session", &[("session_id", &id), ("resume", "true")])
        .await
        .is_success());
    let resumed = state(&cast.bea, &id).await;
    assert_eq!(resumed.status, SessionStatus::Live);
    assert_eq!(
        move_step(&cast.ada, &id, 0, 1)
            .await
            .json::<RoomState>()
            .step,
        1
    );
}

#[tokio::test]
async fn the_live_stream_brings_each_move_to_the_other_screen() {
    let server = TestServer::start().await;
    let cast = cast(&server).await;
    let id = start(&cast).await;
    let mut stream = cast.bea.get(&format!("/sessions/{id}/live")).await;
    assert_eq!(stream.status(), 200);
    let mut received = String::new();
    // The first event is the whole state, with Bea present.
    while !received.contains("\"step\":0") {
        received.push_str(&String::from_utf8_lossy(
            &stream.chunk().await.expect("read").expect("open"),
        ));
    }
    move_step(&cast.ada, &id, 0, 1).await.json::<RoomState>();
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(5);
    while !received.contains("\"step\":1") {
        let chunk = tokio::time::timeout_at(deadline, stream.chunk())
            .await
            .expect("in time");
        received.push_str(&String::from_utf8_lossy(
            &chunk.expect("read").expect("open"),
        ));
    }
    let present = state(&cast.ada, &id).await.present;
    assert_eq!(present.len(), 1, "Bea is in the room");
    drop(stream);
    // Once she leaves, the room says so.
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(5);
    while !state(&cast.ada, &id).await.present.is_empty() {
        assert!(tokio::time::Instant::now() < deadline, "presence cleared");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}
