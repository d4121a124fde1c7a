//! A circle's sessions, a page at a time: the circle page lists the newest, the
//! circle's sessions pages list every one exactly once, and only members see them.

use crate::support::{
    room::{cast, member_id, round_of_ada_and_bea, Cast},
    Browser, TestServer,
};
use app::{
    circles::{CircleSessionList, CircleView, SESSIONS_ON_CIRCLE_PAGE, SESSIONS_PER_PAGE},
    error::AppError,
};

async fn page_of(
    who: &Browser,
    circle_id: &str,
    page: &str,
) -> Result<CircleSessionList, AppError> {
    who.call(
        "circle_sessions",
        &[("circle_id", circle_id), ("page", page)],
    )
    .await
    .result()
}

/// Hana plans `count` sessions of Ada coaching Bea, one round at a time.
async fn plan_sessions(cast: &Cast, count: usize) {
    let ada_id = member_id(&cast.hana, &cast.circle_id, "Ada Coach").await;
    for _ in 0..count {
        let reply = round_of_ada_and_bea(cast, &ada_id).await;
        assert!(reply.is_success(), "{}: {}", reply.status, reply.body);
    }
}

#[tokio::test]
async fn every_session_is_on_exactly_one_page_and_the_circle_page_lists_the_newest() {
    let server = TestServer::start().await;
    let cast = cast(&server).await;
    let total = SESSIONS_PER_PAGE + 5;
    plan_sessions(&cast, total).await;

    let circle: CircleView = cast
        .bea
        .call("load_circle", &[("circle_id", &cast.circle_id)])
        .await
        .json();
    assert_eq!(circle.sessions.len(), SESSIONS_ON_CIRCLE_PAGE);
    assert!(circle.more_sessions);

    let first = page_of(&cast.bea, &cast.circle_id, "1")
        .await
        .expect("page 1");
    let second = page_of(&cast.bea, &cast.circle_id, "2")
        .await
        .expect("page 2");
    let third = page_of(&cast.bea, &cast.circle_id, "3")
        .await
        .expect("page 3");
    assert_eq!(
        (first.sessions.len(), first.has_older),
        (SESSIONS_PER_PAGE, true)
    );
    assert_eq!((second.sessions.len(), second.has_older), (5, false));
    assert!(third.sessions.is_empty() && !third.has_older);
    assert_eq!(first.circle_name, "Room circle");
    let on_circle_page: Vec<_> = circle.sessions.iter().map(|s| &s.id).collect();
    let newest: Vec<_> = first
        .sessions
        .iter()
        .take(SESSIONS_ON_CIRCLE_PAGE)
        .map(|s| &s.id)
        .collect();
    assert_eq!(
        on_circle_page, newest,
        "the circle page shows the first page's newest"
    );
    let mut ids: Vec<_> = first
        .sessions
        .iter()
        .chain(&second.sessions)
        .map(|s| s.id.clone())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), total, "no session twice, none left out");

    for page in ["0", "10001"] {
        let reply = cast
            .bea
            .call(
                "circle_sessions",
                &[("circle_id", &cast.circle_id), ("page", page)],
            )
            .await;
        assert_eq!(reply.status, 422, "page {page}: {}", reply.body);
        assert!(reply.error().message_for("page").is_some());
    }
}

#[tokio::test]
async fn the_pages_work_without_javascript_and_only_for_members() {
    let server = TestServer::start().await;
    let cast = cast(&server).await;
    plan_sessions(&cast, SESSIONS_PER_PAGE + 1).await;
    let circle_page = format!("/circles/{}", cast.circle_id);
    let sessions_page = format!("/circles/{}/sessions", cast.circle_id);

    let html = cast.ada.get(&circle_page).await.text().await.expect("body");
    assert!(
        html.contains(&format!("href=\"{sessions_page}\"")),
        "a link to all sessions"
    );
    let first = cast.ada.get(&sessions_page).await;
    assert_eq!(first.status(), 200);
    let html = first.text().await.expect("body");
    assert!(html.contains("<h1>Sessions in Room circle"), "the heading");
    assert!(html.contains(&format!("href=\"{sessions_page}?page=2\"")));
    assert!(!html.contains("Newer sessions"));
    let second = cast.ada.get(&format!("{sessions_page}?page=2")).await;
    assert_eq!(second.status(), 200);
    let html = second.text().await.expect("body");
    assert!(html.contains("Newer sessions") && !html.contains("Older sessions"));
    // A page number that is not one shows the first page.
    let odd = cast.ada.get(&format!("{sessions_page}?page=many")).await;
    assert_eq!(odd.status(), 200);
    assert!(odd.text().await.expect("body").contains("Older sessions"));

    let stranger = cast.cai.get(&sessions_page).await;
    assert_eq!(stranger.status(), 404);
    assert_eq!(
        page_of(&cast.cai, &cast.circle_id, "1").await,
        Err(AppError::NotFound)
    );
    let signed_out = cast.anonymous.get(&sessions_page).await;
    assert!(signed_out.status().is_redirection());
    let to = signed_out.headers()["location"].to_str().expect("location");
    assert!(to.starts_with("/sign-in?next="), "{to}");

    // Bea leaves: the circle's sessions, hers among them, are no longer hers to see.
    let reply = cast
        .bea
        .call("leave_circle", &[("circle_id", cast.circle_id.as_str())])
        .await;
    assert!(reply.is_success(), "{}: {}", reply.status, reply.body);
    assert_eq!(
        page_of(&cast.bea, &cast.circle_id, "1").await,
        Err(AppError::NotFound)
    );
    assert_eq!(cast.bea.get(&sessions_page).await.status(), 404);
}
