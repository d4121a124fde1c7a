//! Choosing a new password through a mailed link, with a real SMTP receiver: the
//! answer to "forgot your password?" is the same for every address, only an account's
//! own address gets a mail (one a quarter of an hour), the link works for an hour and
//! once, signs every other browser out, and a changed or old link is not found, nor one
//! mailed to an address the account no longer uses.

use crate::reminders::still;
use crate::support::{smtp::SmtpReceiver, Browser, TestServer};
use app::error::AppError;

const ADA: &str = "ada.forgets@example.org";
/// Monday 23 November 2026, 09:00 UTC: the test clock, so it can move on an hour.
const START: i64 = 1_795_424_400;

async fn ask(who: &Browser, email: &str) -> crate::support::Reply {
    who.call("ask_password_reset", &[("email", email)]).await
}

async fn reset(who: &Browser, token: &str, password: &str) -> crate::support::Reply {
    who.call(
        "reset_password",
        &[("token", token), ("new_password", password)],
    )
    .await
}

/// A mail server, a server that sends through it, and Ada signed up on it.
async fn ada_signed_up() -> (SmtpReceiver, TestServer, Browser) {
    let receiver = SmtpReceiver::start().await;
    let server = TestServer::start_at_with_mail(START, receiver.url()).await;
    let ada = server.browser();
    let made = ada.sign_up(ADA, "Ada Forgets", "the old password").await;
    assert!(made.is_success(), "{}", made.body);
    (receiver, server, ada)
}

#[tokio::test]
async fn a_mailed_link_sets_a_new_password_once_and_signs_every_other_browser_out() {
    let (receiver, server, ada) = ada_signed_up().await;
    let stranger = server.browser();

    // The same answer for an address nobody uses, and no mail for it.
    let unknown = ask(&stranger, "nobody@example.org").await;
    let known = ask(&stranger, ADA).await;
    for reply in [&unknown, &known] {
        assert!(reply.is_success(), "{}: {}", reply.status, reply.body);
        assert_eq!(
            reply.location.as_deref(),
            Some("/sign-in?notice=reset-sent")
        );
    }
    let mails = receiver.wait_for(1).await;
    assert_eq!(mails[0].header("To"), ADA);
    assert_eq!(
        mails[0].header("Subject"),
        "Choose a new password for Coaching Circles"
    );
    let link = mails[0].link(&format!("{}/reset-password/", server.base));
    let path = link.trim_start_matches(&server.base).to_owned();
    let token = path.trim_start_matches("/reset-password/").to_owned();
    // Asking again at once mails nothing more.
    assert!(ask(&stranger, ADA).await.is_success());
    still(&receiver, 1).await;

    // The link's page names the account, signed out.
    let page = stranger.get(&path).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("the page");
    assert!(
        html.contains("Choose a new password") && html.contains(ADA),
        "{html}"
    );

    // A password too short is refused beside its field, and the link still works.
    let short = reset(&stranger, &token, "short").await;
    assert_eq!(short.status, 422, "{}", short.body);
    let done = reset(&stranger, &token, "the new password").await;
    assert!(done.is_success(), "{}: {}", done.status, done.body);
    assert_eq!(done.location.as_deref(), Some("/?notice=password-reset"));
    assert_eq!(stranger.who_am_i().await.as_deref(), Some("Ada Forgets"));
    assert_eq!(
        ada.who_am_i().await,
        None,
        "every other browser is signed out"
    );

    // Used once, the link is not found; the old password no longer signs in.
    let again = reset(&stranger, &token, "yet another password").await;
    assert_eq!(again.error(), AppError::NotFound);
    assert_eq!(stranger.get(&path).await.status(), 404);
    let old = server.browser().sign_in(ADA, "the old password").await;
    assert_eq!(old.error(), AppError::BadCredentials);
    assert!(server
        .browser()
        .sign_in(ADA, "the new password")
        .await
        .is_success());
}

#[tokio::test]
async fn a_link_works_for_an_hour_cannot_be_changed_and_asking_is_throttled() {
    let (receiver, server, _ada) = ada_signed_up().await;
    let stranger = server.browser();
    assert!(ask(&stranger, ADA).await.is_success());
    let mails = receiver.wait_for(1).await;
    let link = mails[0].link(&format!("{}/reset-password/", server.base));
    let token = link.rsplit('/').next().expect("a token").to_owned();

    // A changed link is not found, nor is one for another account.
    let last = if token.ends_with('0') { "1" } else { "0" };
    let changed = format!("{}{last}", &token[..token.len() - 1]);
    let long = "x".repeat(300);
    for bad in [changed.as_str(), "nonsense", long.as_str()] {
        let offer = stranger
            .call("load_password_reset", &[("token", bad)])
            .await;
        assert_eq!(offer.error(), AppError::NotFound, "{bad}");
    }
    assert!(stranger
        .call("load_password_reset", &[("token", &token)])
        .await
        .is_success());

    // An hour on, it no longer works.
    server.advance_hours(1).await;
    let late = reset(&stranger, &token, "the new password").await;
    assert_eq!(late.error(), AppError::NotFound);

    // One network asks five times a minute at most.
    let mut statuses = Vec::new();
    for n in 0..8 {
        statuses.push(
            ask(&stranger, &format!("person{n}@example.org"))
                .await
                .status,
        );
    }
    assert!(
        statuses.iter().all(|s| s.is_success() || *s == 429),
        "{statuses:?}"
    );
    assert!(statuses.iter().any(|s| *s == 429), "{statuses:?}");
    // A malformed address is refused beside its field, before it counts.
    let malformed = ask(&server.browser(), "not an address").await;
    assert_eq!(malformed.status, 422, "{}", malformed.body);
}

#[tokio::test]
async fn a_link_mailed_before_the_address_changed_no_longer_works() {
    let (receiver, server, ada) = ada_signed_up().await;
    assert!(ask(&server.browser(), ADA).await.is_success());
    let mails = receiver.wait_for(1).await;
    let link = mails[0].link(&format!("{}/reset-password/", server.base));
    let token = link.rsplit('/').next().expect("a token").to_owned();

    // Ada moves to a new address (her old mailbox may no longer be hers alone).
    let moved = ada
        .call(
            "change_profile",
            &[
                ("display_name", "Ada Forgets"),
                ("email", "ada.moved@example.org"),
                ("password_for_email", "the old password"),
            ],
        )
        .await;
    assert!(moved.is_success(), "{}: {}", moved.status, moved.body);

    let stranger = server.browser();
    let offer = stranger
        .call("load_password_reset", &[("token", &token)])
        .await;
    assert_eq!(offer.error(), AppError::NotFound);
    let used = reset(&stranger, &token, "the new password").await;
    assert_eq!(used.error(), AppError::NotFound);
    assert!(server
        .browser()
        .sign_in("ada.moved@example.org", "the old password")
        .await
        .is_success());
}

#[tokio::test]
async fn without_a_mail_relay_the_page_says_so_and_nothing_is_asked() {
    let server = TestServer::start().await;
    let visitor = server.browser();
    let page = visitor.get("/forgot-password").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("the page");
    assert!(html.contains("This server sends no mail"), "{html}");
    assert!(!html.contains("Mail me a link"), "{html}");
    let refused = ask(&visitor, "someone@example.org").await;
    assert_eq!(refused.error(), AppError::NotFound);
    let signed_in = visitor.get("/sign-in").await.text().await.expect("page");
    assert!(signed_in.contains("Forgot your password?"), "{signed_in}");
}
