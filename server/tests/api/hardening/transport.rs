//! Served over https: a `__Host-` cookie, HSTS, and origins whose scheme must match.
//! And the request log keeps invite secrets out.

use crate::support::{set_cookie, TestServer};
use std::sync::{Arc, Mutex};

#[tokio::test]
async fn over_https_the_cookie_is_host_only_and_hsts_is_sent() {
    let server = TestServer::start_secure().await;
    let host = server.base.trim_start_matches("http://").to_owned();
    let response = server.sign_up_from(Some(&format!("https://{host}"))).await;
    assert!(response.status().is_success(), "{}", response.status());
    let cookie = set_cookie(&response, "__Host-cc_session");
    for part in ["Secure", "Path=/", "HttpOnly"] {
        assert!(cookie.contains(part), "{cookie}");
    }
    assert!(!cookie.contains("Domain"), "{cookie}");
    assert_eq!(
        response.headers()["strict-transport-security"],
        "max-age=31536000"
    );
    let plain = TestServer::start().await.browser().get("/sign-in").await;
    assert!(plain.headers().get("strict-transport-security").is_none());
}

#[tokio::test]
async fn the_origins_scheme_must_match_the_sites() {
    let secure = TestServer::start_secure().await;
    let host = secure.base.trim_start_matches("http://").to_owned();
    let from_http = secure.sign_up_from(Some(&format!("http://{host}"))).await;
    assert_eq!(from_http.status(), 403);
    assert_eq!(secure.count("accounts").await, 0);

    let plain = TestServer::start().await;
    let host = plain.base.trim_start_matches("http://").to_owned();
    let from_https = plain.sign_up_from(Some(&format!("https://{host}"))).await;
    assert_eq!(from_https.status(), 403);
    let same = plain.sign_up_from(Some(&format!("http://{host}"))).await;
    assert!(same.status().is_success(), "{}", same.status());
}

/// Everything logged, from the moment it is installed (for the whole test binary).
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut log) = self.0.lock() {
            log.extend_from_slice(bytes);
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn the_request_log_keeps_invite_tokens_out() {
    let log = Captured::default();
    let writer = log.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::INFO)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .try_init()
        .expect("the only test that installs a logger");
    let server = TestServer::start().await;
    let token = "InviteSecret0123456789abcdef";
    server.browser().get(&format!("/join/{token}")).await;
    let text = String::from_utf8_lossy(&log.0.lock().expect("log").clone()).into_owned();
    assert!(
        text.contains("/join/[token]"),
        "the request is logged: {text:.2000}"
    );
    assert!(!text.contains(token), "{text:.2000}");
}
