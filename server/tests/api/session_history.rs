//! My session history: each person gets the sessions they took part in once they have
//! ended, with their own private notes and never the other person's; nobody else
//! (the circle's host included) gets anything of it.

use crate::support::{
    room::{cast, end_session, move_step, start},
    Browser, TestServer,
};
use app::{
    error::AppError,
    sessions::{MyNote, PastSession, PastSessions, HISTORY_PER_PAGE},
};

async fn history(browser: &Browser) -> Vec<PastSession> {
    browser
        .call("session_history", &[])
        .await
        .json::<PastSessions>()
        .sessions
}

async fn private_note(browser: &Browser, id: &str, step: &str, text: &str) {
    let reply = browser
        .call(
            "save_private_note",
            &[("session_id", id), ("step", step), ("text", text)],
        )
        .await;
    assert!(reply.is_success(), "{}", reply.body);
}

async fn page(browser: &Browser, path: &str) -> String {
    browser.get(path).await.text().await.unwrap_or_default()
}

#[tokio::test]
async fn each_person_gets_only_their_own_private_notes_once_the_session_ended() {
    let server = TestServer::start().await;
    let cast = cast(&server).await;
    let id = start(&cast).await;
    private_note(&cast.ada, &id, "0", "Ada's own thought").await;
    private_note(&cast.bea, &id, "0", "Bea's own worry").await;
    assert!(move_step(&cast.ada, &id, 0, 1).await.is_success());
    private_note(&cast.ada, &id, "1", "Ada on the goal").await;
    // An emptied note is no note.
    private_note(&cast.bea, &id, "1", "gone").await;
    private_note(&cast.bea, &id, "1", "").await;

    // A live session is not history yet.
    assert!(history(&cast.ada).await.is_empty());
    let ended = cast.bea.call("end_session", &[("session_id", &id)]).await;
    assert!(ended.is_success(), "{}", ended.body);

    let ada = history(&cast.ada).await;
    assert_eq!(ada.len(), 1);
    assert_eq!(ada[0].session.id, id);
    assert_eq!(
        ada[0].my_notes,
        vec![
            MyNote {
                step: 0,
                step_title: "Check in".into(),
                text: "Ada's own thought".into(),
            },
            MyNote {
                step: 1,
                step_title: "Goal".into(),
                text: "Ada on the goal".into(),
            },
        ]
    );
    let bea = cast.bea.call("session_history", &[]).await;
    assert!(!bea.body.contains("Ada's own") && !bea.body.contains("Ada on the goal"));
    let bea: PastSessions = bea.json();
    let texts: Vec<&str> = bea.sessions[0]
        .my_notes
        .iter()
        .map(|n| n.text.as_str())
        .collect();
    assert_eq!(texts, ["Bea's own worry"]);

    // The same on the pages the server renders: the summary and the history.
    for path in [format!("/sessions/{id}"), "/sessions".to_owned()] {
        let html = page(&cast.bea, &path).await;
        assert!(html.contains("Bea&#x27;s own worry") || html.contains("Bea's own worry"));
        assert!(!html.contains("Ada&#x27;s own") && !html.contains("Ada's own"));
        assert!(!html.contains("Ada on the goal"));
    }

    // Nobody else gets the session or anyone's notes: not the host, not a stranger.
    for other in [&cast.hana, &cast.cai] {
        let reply = other.call("session_history", &[]).await;
        assert!(reply.json::<PastSessions>().sessions.is_empty());
        assert!(!reply.body.contains("own"));
    }
    assert_eq!(
        cast.anonymous.call("session_history", &[]).await.error(),
        AppError::NotSignedIn
    );

    // Having left the circle, Bea is answered as about any session of it: not at all.
    let left = cast
        .bea
        .call("leave_circle", &[("circle_id", &cast.circle_id)])
        .await;
    assert!(left.is_success(), "{}", left.body);
    assert!(history(&cast.bea).await.is_empty());
    assert_eq!(history(&cast.ada).await.len(), 1);
}

#[tokio::test]
async fn a_long_history_comes_a_page_at_a_time_each_session_once() {
    let server = TestServer::start().await;
    let cast = cast(&server).await;
    let total = HISTORY_PER_PAGE + 1;
    for _ in 0..total {
        let id = start(&cast).await;
        end_session(&cast.bea, &id).await;
    }
    let page = |n: &'static str| {
        let ada = &cast.ada;
        async move {
            ada.call("session_history", &[("page", n)])
                .await
                .result::<PastSessions>()
        }
    };
    let first = page("1").await.expect("page 1");
    let second = page("2").await.expect("page 2");
    assert_eq!(
        (first.sessions.len(), first.has_older),
        (HISTORY_PER_PAGE, true)
    );
    assert_eq!((second.sessions.len(), second.has_older), (1, false));
    assert_eq!(
        history(&cast.ada).await,
        first.sessions,
        "no page is the first"
    );
    let mut ids: Vec<_> = first
        .sessions
        .iter()
        .chain(&second.sessions)
        .map(|p| &p.session.id)
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), total, "no session twice, none left out");
    assert!(page("3").await.expect("page 3").sessions.is_empty());
    for beyond in ["0", "10001"] {
        let reply = cast.ada.call("session_history", &[("page", beyond)]).await;
        assert_eq!(reply.status, 422, "page {beyond}: {}", reply.body);
    }

    // The pages the server renders link to each other.
    let html = cast.ada.get("/sessions").await.text().await.expect("body");
    assert!(html.contains("href=\"/sessions?page=2\"") && !html.contains("Newer sessions"));
    let html = cast
        .ada
        .get("/sessions?page=2")
        .await
        .text()
        .await
        .expect("body");
    assert!(html.contains("Newer sessions") && !html.contains("Older sessions"));
}
