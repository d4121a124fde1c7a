//! Other browsers are signed out by a password change, or on request.

use crate::support::{room::person, room::PASSWORD, Browser, TestServer};
use app::error::AppError;

const NEW_PASSWORD: &str = "a brand new password";

/// Ada signed in on two browsers, and Bea on her own.
async fn two_browsers(server: &TestServer) -> (Browser, Browser, Browser) {
    let here = person(server, "Ada").await;
    let laptop = server.browser();
    assert!(laptop
        .sign_in("ada@example.org", PASSWORD)
        .await
        .is_success());
    let bea = person(server, "Bea").await;
    (here, laptop, bea)
}

#[tokio::test]
async fn changing_the_password_signs_out_every_other_browser() {
    let server = TestServer::start().await;
    let (here, laptop, bea) = two_browsers(&server).await;
    let fields = [
        ("current_password", PASSWORD),
        ("new_password", NEW_PASSWORD),
    ];
    assert!(here.call("change_password", &fields).await.is_success());
    assert_eq!(here.who_am_i().await.as_deref(), Some("Ada"));
    assert_eq!(laptop.who_am_i().await, None);
    assert_eq!(
        laptop.call("my_circles", &[]).await.error(),
        AppError::NotSignedIn
    );
    assert_eq!(bea.who_am_i().await.as_deref(), Some("Bea"));
    assert!(laptop
        .sign_in("ada@example.org", NEW_PASSWORD)
        .await
        .is_success());
    assert_eq!(laptop.who_am_i().await.as_deref(), Some("Ada"));
}

#[tokio::test]
async fn sign_out_everywhere_else_keeps_only_this_browser() {
    let server = TestServer::start().await;
    let (here, laptop, bea) = two_browsers(&server).await;
    let page = here.get("/account").await.text().await.expect("html");
    assert!(
        page.contains(r#"action="/api/sign_out_elsewhere""#),
        "a form that posts without JavaScript"
    );
    assert!(page.contains("Sign out everywhere else"), "{page}");

    let reply = here.call("sign_out_elsewhere", &[]).await;
    assert!(reply.is_success(), "{}: {}", reply.status, reply.body);
    assert_eq!(
        reply.location.as_deref(),
        Some("/account?notice=signed-out-elsewhere")
    );
    assert_eq!(here.who_am_i().await.as_deref(), Some("Ada"));
    assert_eq!(laptop.who_am_i().await, None);
    assert_eq!(bea.who_am_i().await.as_deref(), Some("Bea"));
    let anonymous = server.browser();
    assert_eq!(
        anonymous.call("sign_out_elsewhere", &[]).await.error(),
        AppError::NotSignedIn
    );
}
