//! The session room through the real server: who may open and change a session, the
//! step state machine, note versions and bad input.

use crate::support::{
    room::{cast, move_step, start, state},
    Browser, TestServer,
};
use app::{
    error::AppError,
    sessions::room::{RoomState, RoomView, SharedNote},
};

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
