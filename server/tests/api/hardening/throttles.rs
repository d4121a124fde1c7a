//! Sign-up and sign-in limits that stop floods without locking out the owner.

use crate::support::{room::person, room::PASSWORD, TestServer};
use app::error::AppError;

#[tokio::test]
async fn a_burst_of_sign_ups_from_one_address_is_throttled() {
    let server = TestServer::start().await;
    let mut attempts = tokio::task::JoinSet::new();
    for i in 0..40 {
        let browser = server.browser();
        attempts.spawn(async move {
            let email = format!("burst{i}@example.org");
            browser.sign_up(&email, "Burst", PASSWORD).await
        });
    }
    let replies = attempts.join_all().await;
    let accepted = replies.iter().filter(|r| r.is_success()).count();
    let refused = replies
        .iter()
        .filter(|r| !r.is_success() && r.error() == AppError::TooManyAttempts)
        .count();
    assert_eq!(accepted + refused, 40);
    assert!(accepted <= 20, "{accepted} of 40 accepted");
    assert_eq!(server.count("accounts").await, accepted as i64);
}

#[tokio::test]
async fn a_strangers_guesses_do_not_lock_the_signed_in_owner_out() {
    let server = TestServer::start().await;
    let ada = person(&server, "Ada").await;
    let stranger = server.browser();
    for _ in 0..6 {
        stranger
            .sign_in("ada@example.org", "guess guess guess")
            .await;
    }
    assert_eq!(
        stranger.sign_in("ada@example.org", PASSWORD).await.error(),
        AppError::TooManyAttempts,
        "the stranger is still held back"
    );
    let new_password = "a brand new password";
    let fields = [
        ("current_password", PASSWORD),
        ("new_password", new_password),
    ];
    let reply = ada.call("change_password", &fields).await;
    assert!(reply.is_success(), "{}: {}", reply.status, reply.body);
    let reply = ada
        .call("delete_account", &[("password", new_password)])
        .await;
    assert!(reply.is_success(), "{}: {}", reply.status, reply.body);
}

#[tokio::test]
async fn the_owners_own_confirmations_are_limited_per_session() {
    let server = TestServer::start().await;
    let ada = person(&server, "Ada").await;
    for _ in 0..5 {
        let error = ada
            .call("delete_account", &[("password", "not it at all")])
            .await
            .error();
        assert!(error.message_for("password").is_some(), "{error:?}");
    }
    assert_eq!(
        ada.call("delete_account", &[("password", PASSWORD)])
            .await
            .error(),
        AppError::TooManyAttempts
    );
    // Another browser of hers is not held back by this one.
    let other = server.browser();
    assert!(other
        .sign_in("ada@example.org", PASSWORD)
        .await
        .is_success());
}

#[tokio::test]
async fn over_long_emails_are_refused_before_they_count() {
    let server = TestServer::start().await;
    person(&server, "Ada").await;
    let guesser = server.browser();
    let huge = format!("{}@example.org", "a".repeat(1_000_000));
    let error = guesser.sign_in(&huge, "whatever password").await.error();
    assert!(error.message_for("email").is_some(), "{error:?}");
    // Forty of them would have used up this address's thirty quick attempts.
    for i in 0..40 {
        let long = format!("{i}{}@example.org", "a".repeat(300));
        let error = guesser.sign_in(&long, "whatever password").await.error();
        assert!(error.message_for("email").is_some(), "{error:?}");
    }
    assert!(guesser
        .sign_in("ada@example.org", PASSWORD)
        .await
        .is_success());
}

/// Signs up a fresh account at `base` as if from `claimed` (an `X-Forwarded-For`
/// value); the response's status.
async fn sign_up_as_from(base: &str, claimed: &str, n: usize) -> reqwest::StatusCode {
    reqwest::Client::new()
        .post(format!("{base}/api/sign_up"))
        .header("x-forwarded-for", claimed)
        .form(&[
            ("email", format!("proxied{n}@example.org")),
            ("display_name", "Proxied".into()),
            ("password", PASSWORD.into()),
            ("next", String::new()),
        ])
        .send()
        .await
        .expect("request")
        .status()
}

#[tokio::test]
async fn behind_a_proxy_each_forwarded_address_has_its_own_limit_and_otherwise_none_does() {
    use crate::support::{
        fresh_location,
        process::{free_port, serve},
    };
    for behind_proxy in [true, false] {
        let folder = tempfile::tempdir().expect("temp folder");
        let port = free_port();
        let mut args = vec!["--sign-up-burst", "1"];
        if behind_proxy {
            args.push("--behind-proxy");
        }
        let mut server = serve(&fresh_location(&folder).await, port, &args);
        let base = format!("http://127.0.0.1:{port}");
        // What the proxy appended comes last; the client may claim anything before it.
        let first = sign_up_as_from(&base, "203.0.113.9, 10.0.0.1", 1).await;
        let same = sign_up_as_from(&base, "203.0.113.8, 10.0.0.1", 2).await;
        let other = sign_up_as_from(&base, "10.0.0.2", 3).await;
        server.kill().expect("SIGKILL");
        server.wait().expect("reaped");
        assert!(first.is_redirection() || first.is_success(), "{first}");
        assert_eq!(same, 429, "one address, its burst used");
        if behind_proxy {
            assert!(other.is_redirection() || other.is_success(), "{other}");
        } else {
            assert_eq!(other, 429, "a header anyone can write changes nothing");
        }
    }
}
