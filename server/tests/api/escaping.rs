//! HTML from users is always escaped: markup typed into every text field a person can
//! fill in comes back on every page that shows it as text, never as markup, also in
//! the data the pages carry for hydration.

use crate::support::{
    room::{
        check_in, circle_script, commit, create_circle, invite_token, member_id, track_three,
        PASSWORD,
    },
    Browser, TestServer,
};
use app::scripts::ScriptDetail;
use serde_json::json;

/// Short enough for every field (names take 80 characters, anchors 60). It closes a
/// textarea first: text inside one is where escaping is easiest to forget.
const MARKUP: &str = "</textarea><script>alert(1)</script><img src=x onerror=alert()>";

async fn person(server: &TestServer, email: &str, name: &str) -> Browser {
    let browser = server.browser();
    let reply = browser.sign_up(email, name, PASSWORD).await;
    assert!(reply.is_success(), "{}", reply.body);
    browser
}

fn fields(pairs: &[(String, String)]) -> Vec<(&str, &str)> {
    pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

async fn expect_success(reply: crate::support::Reply) {
    assert!(reply.is_success(), "{}: {}", reply.status, reply.body);
}

/// `coach` holds a session now with `coachee_id` on `script_id`, and ends it.
async fn hold(coach: &Browser, circle_id: &str, coachee_id: &str, script_id: &str) {
    let started = coach
        .call(
            "start_session",
            &[
                ("circle_id", circle_id),
                ("peer_id", coachee_id),
                ("my_role", "coach"),
                ("script_id", script_id),
                ("day", ""),
            ],
        )
        .await;
    let id = started
        .location
        .unwrap_or_else(|| panic!("{}", started.body))
        .trim_start_matches("/sessions/")
        .to_owned();
    expect_success(coach.call("end_session", &[("session_id", &id)]).await).await;
}

/// Loads `path` and checks that the markup is there, escaped, and nowhere raw.
async fn check_page(who: &Browser, path: &str) -> Option<String> {
    let response = who.get(path).await;
    let status = response.status();
    let html = response.text().await.expect("page");
    if status != 200 {
        return Some(format!("{path}: status {status}"));
    }
    let lower = html.to_lowercase();
    if lower.contains("<script>alert") || lower.contains("<img src=x") {
        let at = lower
            .find("<script>alert")
            .or_else(|| lower.find("<img src=x"))
            .unwrap_or_default();
        let from = html.floor_char_boundary(at.saturating_sub(120));
        let to = html.floor_char_boundary(at + 60);
        return Some(format!(
            "{path}: the markup is in the page unescaped: …{}…",
            &html[from..to]
        ));
    }
    if !html.contains("&lt;script&gt;alert(1)") {
        return Some(format!("{path}: the typed text is not shown"));
    }
    None
}

#[tokio::test]
async fn markup_in_every_text_field_is_shown_as_text_on_every_page() {
    let server = TestServer::start().await;
    let hana = person(&server, "hana@example.org", &format!("{MARKUP} H")).await;
    let ada = person(&server, "ada@example.org", &format!("{MARKUP} A")).await;
    let bea = person(&server, "bea@example.org", &format!("{MARKUP} B")).await;

    // A circle named and described with markup, which Ada and Bea join.
    let circle_id = create_circle(&hana, MARKUP).await;
    let token = invite_token(&hana, &circle_id).await;
    for who in [&ada, &bea] {
        expect_success(who.call("join_circle", &[("token", &token)]).await).await;
    }
    let bea_id = member_id(&ada, &circle_id, &format!("{MARKUP} B")).await;

    // A circle behaviour and a circle script, every text of them markup.
    let mut behaviour: Vec<(String, String)> = vec![
        ("circle_id".into(), circle_id.clone()),
        ("title".into(), MARKUP.into()),
        ("description".into(), MARKUP.into()),
    ];
    behaviour.extend((0..5).map(|i| (format!("anchors[{i}]"), format!("{i}{}", &MARKUP[..58]))));
    expect_success(hana.call("add_circle_behaviour", &fields(&behaviour)).await).await;
    let script_id = circle_script(&hana, &circle_id, MARKUP).await;
    let detail: ScriptDetail = hana
        .call("load_script", &[("script_id", &script_id)])
        .await
        .json();
    let mut content = detail.content;
    content.description = MARKUP.into();
    for step in &mut content.steps {
        step.title = MARKUP.into();
        step.coach_guidance = MARKUP.into();
        step.coachee_guidance = MARKUP.into();
        step.questions = vec![MARKUP.into()];
    }
    let body =
        json!({ "script_id": script_id, "base_version": detail.version, "content": content });
    expect_success(hana.call_json("save_script", &body).await).await;

    // A session on that script with a topic, notes and a commitment in markup.
    let started = ada
        .call(
            "start_session",
            &[
                ("circle_id", &circle_id),
                ("peer_id", &bea_id),
                ("my_role", "coach"),
                ("script_id", &script_id),
                ("topic", MARKUP),
                ("day", ""),
            ],
        )
        .await;
    let session_id = started
        .location
        .unwrap_or_else(|| panic!("{}", started.body))
        .trim_start_matches("/sessions/")
        .to_owned();
    let session = |extra: &[(&str, &str)]| {
        let mut all = vec![("session_id", session_id.as_str())];
        all.extend_from_slice(extra);
        all.into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect::<Vec<_>>()
    };
    let shared = session(&[("step", "0"), ("base_version", "0"), ("text", MARKUP)]);
    expect_success(ada.call("save_shared_note", &fields(&shared)).await).await;
    let private = session(&[("step", "0"), ("text", MARKUP)]);
    expect_success(ada.call("save_private_note", &fields(&private)).await).await;
    commit(&bea, &session_id, MARKUP).await;

    // A check-in with evidence and a reflection, and a peer view with a note.
    let tracked = track_three(&ada).await;
    expect_success(check_in(&ada, &tracked, "3", MARKUP, MARKUP).await).await;
    let bea_tracks = track_three(&bea).await;
    let view = vec![
        ("subject_id".to_owned(), bea_id.clone()),
        ("views[0][behaviour_id]".to_owned(), bea_tracks[0].clone()),
        ("views[0][rating]".to_owned(), "4".to_owned()),
        ("views[0][note]".to_owned(), MARKUP.to_owned()),
    ];
    expect_success(ada.call("record_peer_views", &fields(&view)).await).await;

    let room = format!("/sessions/{session_id}");
    let mut wrong = Vec::new();
    let pages = [
        "/".to_owned(),
        "/account".into(),
        "/circles".into(),
        format!("/circles/{circle_id}"),
        "/scripts".into(),
        format!("/scripts/{script_id}"),
        room.clone(),
        format!("{room}?screen=one"),
        "/checkin".into(),
        "/mirror".into(),
        format!("/peers/{bea_id}"),
    ];
    for path in &pages {
        wrong.extend(check_page(&ada, path).await);
    }
    wrong.extend(check_page(&bea, "/mirror").await);
    expect_success(
        ada.call("end_session", &[("session_id", &session_id)])
            .await,
    )
    .await;
    // Bea recognizes Ada for the session, with a note in markup, shared with the circle.
    let recognition = session(&[
        ("behaviour_id", tracked[0].as_str()),
        ("note", MARKUP),
        ("share", "yes"),
    ]);
    expect_success(
        bea.call("recognize_in_session", &fields(&recognition))
            .await,
    )
    .await;
    for who in [&ada, &bea] {
        wrong.extend(check_page(who, &room).await);
    }
    // The circle completes a full rotation, whose milestone names the circle on Home
    // and in the mirror's timeline; Ada hides the shout-out, which Home then offers to
    // show again.
    let ada_id = member_id(&bea, &circle_id, &format!("{MARKUP} A")).await;
    let hana_id = member_id(&ada, &circle_id, &format!("{MARKUP} H")).await;
    for (coach, coachee) in [
        (&bea, &ada_id),
        (&ada, &hana_id),
        (&hana, &ada_id),
        (&bea, &hana_id),
        (&hana, &bea_id),
    ] {
        hold(coach, &circle_id, coachee, &script_id).await;
    }
    let received: app::recognition::MyRecognition =
        ada.call("load_my_recognition", &[]).await.json();
    let hide = [("recognition_id", received.received[0].id.as_str())];
    expect_success(ada.call("hide_shout_out", &hide).await).await;
    wrong.extend(check_page(&ada, "/").await);
    wrong.extend(check_page(&ada, "/mirror").await);
    wrong.extend(check_page(&bea, "/mirror").await);
    wrong.extend(check_page(&hana, &format!("/circles/{circle_id}")).await);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
