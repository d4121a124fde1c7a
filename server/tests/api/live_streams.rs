//! The room's live stream is for a signed-in participant only, for as long as they
//! are one: it ends when its browser signs out, when the account's password changes
//! elsewhere, when the account is deleted, when its person leaves the circle; and one
//! person opens only a few at once.

use crate::support::{
    room::{cast, move_step, start, PASSWORD},
    Browser, TestServer,
};
use std::time::Duration;

/// Reads the stream until it has said `text`.
async fn read_until(stream: &mut reqwest::Response, text: &str) {
    let mut received = String::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while !received.contains(text) {
        let chunk = tokio::time::timeout_at(deadline, stream.chunk())
            .await
            .expect("in time")
            .expect("read")
            .expect("still open");
        received.push_str(&String::from_utf8_lossy(&chunk));
    }
}

/// Whether the stream ends (rather than saying more) once the peer moves on.
async fn ends_after_a_move(mut stream: reqwest::Response, mover: &Browser, id: &str) -> bool {
    move_step(mover, id, 0, 1).await;
    // The move's event, or failing that the stream's periodic check, ends it.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        match tokio::time::timeout_at(deadline, stream.chunk()).await {
            Ok(Ok(None)) | Ok(Err(_)) => return true,
            Ok(Ok(Some(chunk))) if String::from_utf8_lossy(&chunk).contains("\"step\":1") => {
                return false
            }
            Ok(Ok(Some(_))) => continue,
            Err(_) => return false,
        }
    }
}

/// A stream of the room, once it has sent the room's first state.
async fn open(browser: &Browser, id: &str) -> reqwest::Response {
    let mut stream = browser.get(&format!("/sessions/{id}/live")).await;
    assert_eq!(stream.status(), 200);
    read_until(&mut stream, "\"step\":0").await;
    stream
}

/// Bea, signed in on a second browser.
async fn bea_elsewhere(server: &TestServer) -> Browser {
    let other = server.browser();
    let signed_in = other.sign_in("bea.coachee@example.org", PASSWORD).await;
    assert!(signed_in.is_success(), "{}", signed_in.body);
    other
}

#[tokio::test]
async fn a_stream_ends_when_its_browser_signs_out() {
    let server = TestServer::start().await;
    let cast = cast(&server).await;
    let id = start(&cast).await;
    let stream = open(&cast.bea, &id).await;
    let bea = cast.bea.client.clone();
    let signed_out = bea
        .post(format!("{}/api/sign_out", server.base))
        .send()
        .await
        .expect("sign out");
    assert!(signed_out.status().is_redirection() || signed_out.status().is_success());
    assert!(ends_after_a_move(stream, &cast.ada, &id).await);
}

#[tokio::test]
async fn a_stream_ends_when_the_password_changes_elsewhere() {
    let server = TestServer::start().await;
    let cast = cast(&server).await;
    let id = start(&cast).await;
    let stream = open(&cast.bea, &id).await;
    let other = bea_elsewhere(&server).await;
    let changed = other
        .call(
            "change_password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "an entirely new password"),
            ],
        )
        .await;
    assert!(changed.is_success(), "{}", changed.body);
    assert!(ends_after_a_move(stream, &cast.ada, &id).await);
}

#[tokio::test]
async fn a_stream_ends_when_the_account_is_deleted() {
    let server = TestServer::start().await;
    let cast = cast(&server).await;
    let id = start(&cast).await;
    let stream = open(&cast.ada, &id).await;
    let other = bea_elsewhere(&server).await;
    // Bea, coachee, moves; Ada's stream must end once Ada's account is gone.
    let deleted = cast
        .ada
        .call("delete_account", &[("password", PASSWORD)])
        .await;
    assert!(deleted.is_success(), "{}", deleted.body);
    assert!(ends_after_a_move(stream, &other, &id).await);
}

#[tokio::test]
async fn a_stream_ends_when_its_person_leaves_the_circle() {
    let server = TestServer::start().await;
    let cast = cast(&server).await;
    let id = start(&cast).await;
    let stream = open(&cast.bea, &id).await;
    let left = cast
        .bea
        .call("leave_circle", &[("circle_id", &cast.circle_id)])
        .await;
    assert!(left.is_success(), "{}: {}", left.status, left.body);
    assert!(ends_after_a_move(stream, &cast.ada, &id).await);
}

#[tokio::test]
async fn one_person_opens_a_few_screens_not_hundreds() {
    let server = TestServer::start().await;
    let cast = cast(&server).await;
    let id = start(&cast).await;
    let mut open = Vec::new();
    for _ in 0..app::sessions::open_rooms::SCREENS_PER_PERSON {
        let stream = cast.bea.get(&format!("/sessions/{id}/live")).await;
        assert_eq!(stream.status(), 200);
        open.push(stream);
    }
    let one_more = cast.bea.get(&format!("/sessions/{id}/live")).await;
    assert_eq!(one_more.status(), 429);
    // Closing one makes room again.
    drop(open.pop());
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        let again = cast.bea.get(&format!("/sessions/{id}/live")).await;
        if again.status() == 200 {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "room again");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
