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
async fn a_refused_form_without_javascript_comes_back_with_its_input_and_a_clean_address() {
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
    assert_eq!(back, "/sign-in", "the address stays clean");
    let page = browser.get(&back).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("html");
    assert!(
        html.contains("That email and password do not match an account."),
        "{html}"
    );
    assert!(
        html.contains(r#"value="ada@example.org""#),
        "the email is kept"
    );
    assert!(
        !html.contains("not the password"),
        "a password is never kept"
    );
    let again = browser.get("/sign-in").await.text().await.expect("html");
    assert!(!again.contains("do not match"), "shown once, then gone");
}
