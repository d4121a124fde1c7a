//! Honest HTTP statuses: every refusal keeps its typed error as the body and gets the
//! status that says what it is, while plain form posts keep their redirect back.

use crate::support::{room::person, TestServer};
use app::error::AppError;

#[tokio::test]
async fn refusals_get_the_status_that_says_what_they_are() {
    let server = TestServer::start().await;
    let anonymous = server.browser();
    let ada = person(&server, "Ada Status").await;

    let not_signed_in = anonymous.call("load_mirror", &[]).await;
    assert_eq!(not_signed_in.status, 401);
    assert_eq!(not_signed_in.error(), AppError::NotSignedIn);

    let missing = ada
        .call(
            "load_circle",
            &[("circle_id", "00000000-0000-4000-8000-000000000000")],
        )
        .await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.error(), AppError::NotFound);

    let invalid = ada
        .call(
            "create_circle",
            &[("name", ""), ("purpose", ""), ("cadence", "weekly")],
        )
        .await;
    assert_eq!(invalid.status, 422);
    assert!(invalid.error().message_for("name").is_some());

    let malformed = ada.call("create_circle", &[("name", "only a name")]).await;
    assert!(malformed.status.is_client_error(), "{}", malformed.status);

    let huge = "x".repeat(3 * 1024 * 1024);
    let too_large = ada
        .call(
            "create_circle",
            &[("name", &huge), ("purpose", "p"), ("cadence", "weekly")],
        )
        .await;
    assert_eq!(too_large.status, 413);
    assert_eq!(too_large.error(), AppError::TooLarge);

    let mut throttled = None;
    for _ in 0..40 {
        let reply = anonymous
            .sign_in("ada.status@example.org", "not her password")
            .await;
        if reply.status == 429 {
            throttled = Some(reply);
            break;
        }
        assert_eq!(reply.status, 401, "a wrong password: {}", reply.body);
    }
    let throttled = throttled.expect("guessing is throttled");
    assert_eq!(throttled.error(), AppError::TooManyAttempts);
}

#[tokio::test]
async fn a_form_posted_without_javascript_still_goes_back_to_the_form() {
    let server = TestServer::start().await;
    let ada = person(&server, "Ada Form").await;
    let response = ada
        .client
        .post(format!("{}/api/create_circle", server.base))
        .header("accept", "text/html")
        .header("referer", format!("{}/circles/new", server.base))
        .form(&[("name", ""), ("purpose", ""), ("cadence", "weekly")])
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 302);
    let location = response.headers()["location"].to_str().expect("text");
    assert!(location.contains("/circles/new"), "{location}");
}

#[tokio::test]
async fn a_request_the_server_cannot_answer_is_given_up_on_within_its_deadline() {
    let server = TestServer::start_answering_within(2).await;
    let started = std::time::Instant::now();
    // A test-only route whose answer never comes: the backstop answers for it.
    let response = reqwest::Client::new()
        .get(format!("{}/test-clock/never-answers", server.base))
        .timeout(std::time::Duration::from_secs(15))
        .send()
        .await
        .expect("answered, not left hanging");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(response.status(), 503);
    assert_eq!(response.headers()["retry-after"], "5");
    let page = response.text().await.expect("body");
    assert!(page.contains("Please try again in a moment"), "{page}");
    let health = reqwest::get(format!("{}/healthz", server.base))
        .await
        .expect("health");
    assert_eq!(health.status(), 200, "the server goes on serving");
}

#[tokio::test]
async fn a_page_that_hangs_is_asked_for_again_within_the_deadline() {
    let server = TestServer::start_answering_within(4).await;
    let started = std::time::Instant::now();
    // A test-only route that never answers the first time, like a hung page render.
    let response = reqwest::Client::new()
        .get(format!(
            "{}/test-clock/answers-when-asked-again",
            server.base
        ))
        .timeout(std::time::Duration::from_secs(15))
        .send()
        .await
        .expect("answered, not left hanging");
    let waited = started.elapsed();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.text().await.expect("body"),
        "answered when asked again"
    );
    assert!(
        waited >= std::time::Duration::from_millis(900)
            && waited < std::time::Duration::from_secs(3),
        "asked again after a quarter of the deadline: {waited:?}"
    );
}
