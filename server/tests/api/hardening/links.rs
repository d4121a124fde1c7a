//! What a crafted link can and cannot make the site show.

use crate::support::{room::person, TestServer};
use base64::{engine::general_purpose::URL_SAFE, Engine};

const PHISHING: &str = "Your account is locked. Call +1 555 0100 to unlock it.";

#[tokio::test]
async fn a_crafted_error_link_cannot_put_text_on_the_sign_in_page() {
    let server = TestServer::start().await;
    let visitor = server.browser();
    let error = URL_SAFE.encode(format!(r#"{{"Conflict":"{PHISHING}"}}"#));
    for link in [
        format!("/sign-in?next=%2Fcircles&__path=%2Fapi%2Fsign_in&__err={error}"),
        format!(
            "/sign-in?next=%2Fcircles&__path=%2Fapi%2Fsign_in&__err={error}&__sig={}",
            "0".repeat(64)
        ),
    ] {
        let response = visitor.get(&link).await;
        let location = response
            .headers()
            .get("location")
            .map(|v| v.to_str().expect("ascii").to_owned());
        let html = response.text().await.expect("html");
        assert!(!html.contains("Call +1 555"), "{html}");
        assert_eq!(location.as_deref(), Some("/sign-in?next=%2Fcircles"));
    }
    let page = visitor
        .get("/sign-in?next=%2Fcircles")
        .await
        .text()
        .await
        .expect("html");
    assert!(!page.contains("Call +1 555"));
}

#[tokio::test]
async fn a_form_posted_without_javascript_still_shows_our_own_error() {
    let server = TestServer::start().await;
    person(&server, "Ada").await;
    let browser = server.browser();
    let reply = browser
        .client
        .post(format!("{}/api/sign_in", server.base))
        .header("accept", "text/html")
        .header("referer", format!("{}/sign-in", server.base))
        .form(&[
            ("email", "ada@example.org"),
            ("password", "not the password"),
            ("next", ""),
        ])
        .send()
        .await
        .expect("request");
    assert!(reply.status().is_redirection(), "{}", reply.status());
    let back = reply.headers()["location"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(back.contains("__err=") && back.contains("__sig="), "{back}");
    let page = browser
        .client
        .get(back)
        .header("accept", "text/html")
        .send()
        .await
        .expect("request");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("html");
    assert!(
        html.contains("That email and password do not match an account."),
        "{html}"
    );
}
