//! Accounts, sessions and the app shell, tested through the real server over HTTP.

use crate::support::{set_cookie, TestServer};
use app::error::AppError;

const PASSWORD: &str = "a long enough password";

#[tokio::test]
async fn signing_up_signs_in_and_home_greets_by_name() {
    let server = TestServer::start().await;
    let ada = server.browser();
    let reply = ada
        .sign_up(" Ada@Example.org ", "Ada Lovelace", PASSWORD)
        .await;
    assert!(reply.is_success(), "{}: {}", reply.status, reply.body);
    assert_eq!(ada.who_am_i().await.as_deref(), Some("Ada Lovelace"));
    let home = ada.get("/").await;
    assert_eq!(home.status(), 200);
    let html = home.text().await.expect("html");
    assert!(html.contains("Good to see you, <!>Ada Lovelace"), "{html}");
    let stored: String = sqlx::query_scalar("SELECT email FROM accounts")
        .fetch_one(&server.db().await)
        .await
        .expect("row");
    assert_eq!(stored, "ada@example.org");
}

#[tokio::test]
async fn bad_sign_up_input_names_every_problem_and_writes_nothing() {
    let server = TestServer::start().await;
    let reply = server
        .browser()
        .sign_up("not-an-email", &"n".repeat(81), "short")
        .await;
    let error = reply.error();
    assert!(error.message_for("email").is_some(), "{error:?}");
    assert!(error.message_for("display_name").is_some(), "{error:?}");
    assert!(error.message_for("password").is_some(), "{error:?}");
    let long_email = format!("{}@example.org", "a".repeat(250));
    let too_long = "p".repeat(1025);
    let error = server
        .browser()
        .sign_up(&long_email, "Ada", &too_long)
        .await
        .error();
    assert!(error
        .message_for("email")
        .is_some_and(|m| m.contains("254")));
    assert!(error
        .message_for("password")
        .is_some_and(|m| m.contains("1,024")));
    assert_eq!(server.count("accounts").await, 0);
}

#[tokio::test]
async fn a_taken_email_is_refused_beside_the_email_field() {
    let server = TestServer::start().await;
    assert!(server
        .browser()
        .sign_up("ada@example.org", "Ada", PASSWORD)
        .await
        .is_success());
    let error = server
        .browser()
        .sign_up("ADA@example.org", "Someone else", PASSWORD)
        .await
        .error();
    assert!(error.message_for("email").is_some(), "{error:?}");
    assert_eq!(server.count("accounts").await, 1);
}

#[tokio::test]
async fn wrong_password_and_unknown_email_get_the_same_answer() {
    let server = TestServer::start().await;
    let ada = server.browser();
    ada.sign_up("ada@example.org", "Ada", PASSWORD).await;
    ada.call("sign_out", &[]).await;
    let wrong = ada
        .sign_in("ada@example.org", "not the password")
        .await
        .error();
    let unknown = ada.sign_in("nobody@example.org", PASSWORD).await.error();
    assert_eq!(wrong, AppError::BadCredentials);
    assert_eq!(unknown, AppError::BadCredentials);
    assert_eq!(ada.who_am_i().await, None);
    assert!(ada.sign_in("ADA@example.org", PASSWORD).await.is_success());
    assert_eq!(ada.who_am_i().await.as_deref(), Some("Ada"));
}

#[tokio::test]
async fn sign_in_attempts_are_throttled_per_account() {
    let server = TestServer::start().await;
    server
        .browser()
        .sign_up("ada@example.org", "Ada", PASSWORD)
        .await;
    let guesser = server.browser();
    for _ in 0..5 {
        assert_eq!(
            guesser
                .sign_in("ada@example.org", "guess guess guess")
                .await
                .error(),
            AppError::BadCredentials
        );
    }
    assert_eq!(
        guesser.sign_in("ada@example.org", PASSWORD).await.error(),
        AppError::TooManyAttempts
    );
    assert_eq!(guesser.who_am_i().await, None);
}

#[tokio::test]
async fn signing_out_ends_the_session() {
    let server = TestServer::start().await;
    let ada = server.browser();
    ada.sign_up("ada@example.org", "Ada", PASSWORD).await;
    assert!(ada.call("sign_out", &[]).await.is_success());
    assert_eq!(ada.who_am_i().await, None);
    let circles = ada.get("/circles").await;
    assert!(circles.status().is_redirection(), "{}", circles.status());
    let location = circles.headers()["location"].to_str().expect("location");
    assert_eq!(location, "/sign-in?next=/circles");
    // The start page is the landing page for visitors.
    let home = ada.get("/").await;
    assert_eq!(home.status(), 200);
    assert!(home
        .text()
        .await
        .unwrap_or_default()
        .contains("Peer coaching for managers"));
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one() {
    let server = TestServer::start().await;
    let anonymous = server.browser();
    let fields = [
        ("current_password", PASSWORD),
        ("new_password", "a brand new password"),
    ];
    assert_eq!(
        anonymous.call("change_password", &fields).await.error(),
        AppError::NotSignedIn
    );
    let ada = server.browser();
    ada.sign_up("ada@example.org", "Ada", PASSWORD).await;
    let wrong = [
        ("current_password", "not it at all"),
        ("new_password", "a brand new password"),
    ];
    let error = ada.call("change_password", &wrong).await.error();
    assert!(error.message_for("current_password").is_some(), "{error:?}");
    let short = [("current_password", PASSWORD), ("new_password", "short")];
    let error = ada.call("change_password", &short).await.error();
    assert!(error.message_for("new_password").is_some(), "{error:?}");
    assert!(ada.call("change_password", &fields).await.is_success());
    let later = server.browser();
    assert_eq!(
        later.sign_in("ada@example.org", PASSWORD).await.error(),
        AppError::BadCredentials
    );
    assert!(later
        .sign_in("ada@example.org", "a brand new password")
        .await
        .is_success());
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_lax() {
    let server = TestServer::start().await;
    let response = server.sign_up_from(None).await;
    let cookie = set_cookie(&response, "cc_session");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "{cookie}");
}

#[tokio::test]
async fn a_cross_site_post_is_refused() {
    let server = TestServer::start().await;
    let response = server.sign_up_from(Some("https://elsewhere.example")).await;
    assert_eq!(response.status(), 403);
    assert_eq!(server.count("accounts").await, 0);
}

#[tokio::test]
async fn health_check_and_404_page() {
    let server = TestServer::start().await;
    let browser = server.browser();
    let health = browser.get("/healthz").await;
    assert_eq!(health.status(), 200);
    let missing = browser.get("/no/such/page").await;
    assert_eq!(missing.status(), 404);
    let html = missing.text().await.expect("html");
    assert!(html.contains("We could not find that page"), "{html}");
    assert!(html.contains("<html lang=\"en\""), "{html}");
}

#[tokio::test]
async fn pages_carry_security_headers_and_a_nonce_policy() {
    let server = TestServer::start().await;
    let page = server.browser().get("/sign-in").await;
    let header = |name: &str| {
        page.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(header("referrer-policy"), "same-origin");
    assert_eq!(header("x-frame-options"), "DENY");
    let policy = header("content-security-policy");
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap_or_default()
        .to_owned();
    assert!(!nonce.is_empty(), "{policy}");
    let html = page.text().await.expect("html");
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "the hydration script carries the nonce"
    );
}

/// Whether `response` writes the browser session back (a written session comes with
/// its cookie again, with the new expiry).
fn writes_session(response: &reqwest::Response) -> bool {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|c| c.starts_with("cc_session="))
}

#[tokio::test]
async fn pages_read_the_browser_session_and_write_it_at_most_once_a_day() {
    let server = TestServer::start().await;
    let ada = server.browser();
    assert!(ada
        .sign_up("ada@example.org", "Ada", PASSWORD)
        .await
        .is_success());
    let first = ada.get("/").await;
    assert_eq!(first.status(), 200);
    assert!(
        writes_session(&first),
        "the day's first request renews the session"
    );
    for path in ["/", "/circles", "/mirror", "/healthz"] {
        let again = ada.get(path).await;
        assert!(again.status().is_success(), "{path}: {}", again.status());
        assert!(!writes_session(&again), "{path} wrote the session");
    }
    assert_eq!(ada.who_am_i().await.as_deref(), Some("Ada"));
}
