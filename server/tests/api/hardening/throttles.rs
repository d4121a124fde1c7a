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
