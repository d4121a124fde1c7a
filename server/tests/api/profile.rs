//! Changing my name, email and time zone, and choosing a zone at sign-up.

use crate::support::{
    room::{person, PASSWORD},
    TestServer,
};
use app::error::AppError;

#[tokio::test]
async fn a_new_name_needs_nothing_more_and_a_new_email_needs_my_password() {
    let server = TestServer::start().await;
    let ada = person(&server, "Ada").await;
    person(&server, "Bea").await;

    let renamed = ada
        .call(
            "change_profile",
            &[
                ("display_name", "Ada Lovelace"),
                ("email", "ada@example.org"),
            ],
        )
        .await;
    assert!(renamed.is_success(), "{}", renamed.body);
    assert_eq!(ada.who_am_i().await.as_deref(), Some("Ada Lovelace"));

    let new_email = [
        ("display_name", "Ada Lovelace"),
        ("email", "ada@lovelace.org"),
    ];
    let without = ada.call("change_profile", &new_email).await.error();
    assert!(
        without.message_for("password_for_email").is_some(),
        "{without:?}"
    );
    let wrong = ada
        .call(
            "change_profile",
            &[
                new_email[0],
                new_email[1],
                ("password_for_email", "not my password"),
            ],
        )
        .await
        .error();
    assert!(
        wrong.message_for("password_for_email").is_some(),
        "{wrong:?}"
    );
    let taken = ada
        .call(
            "change_profile",
            &[
                ("display_name", "Ada"),
                ("email", "BEA@example.org"),
                ("password_for_email", PASSWORD),
            ],
        )
        .await
        .error();
    assert!(
        taken.message_for("email").is_some(),
        "one email, one account"
    );
    let bad = ada
        .call(
            "change_profile",
            &[("display_name", " "), ("email", "ada@")],
        )
        .await
        .error();
    assert!(bad.message_for("display_name").is_some() && bad.message_for("email").is_some());

    let changed = ada
        .call(
            "change_profile",
            &[new_email[0], new_email[1], ("password_for_email", PASSWORD)],
        )
        .await;
    assert!(changed.is_success(), "{}", changed.body);
    let me: serde_json::Value = ada.call("current_account", &[]).await.json();
    assert_eq!(me["email"], "ada@lovelace.org");
    let again = server.browser();
    assert!(again
        .sign_in("Ada@Lovelace.org", PASSWORD)
        .await
        .is_success());
    assert!(!server
        .browser()
        .sign_in("ada@example.org", PASSWORD)
        .await
        .is_success());
}

#[tokio::test]
async fn only_the_signed_in_person_changes_their_own_profile() {
    let server = TestServer::start().await;
    let ada = person(&server, "Ada").await;
    let anonymous = server.browser();
    let error = anonymous
        .call(
            "change_profile",
            &[("display_name", "Mallory"), ("email", "ada@example.org")],
        )
        .await
        .error();
    assert_eq!(error, AppError::NotSignedIn);
    // There is no account id to name: the call changes the caller's own account only.
    let bea = person(&server, "Bea").await;
    assert!(bea
        .call(
            "change_profile",
            &[
                ("display_name", "Bea B"),
                ("email", "bea@example.org"),
                ("account_id", "x")
            ],
        )
        .await
        .is_success());
    assert_eq!(ada.who_am_i().await.as_deref(), Some("Ada"));
}

#[tokio::test]
async fn sign_up_takes_a_known_time_zone_and_the_list_offers_them() {
    let server = TestServer::start().await;
    let visitor = server.browser();
    let zones: Vec<String> = visitor.call("time_zones", &[]).await.json();
    assert!(zones.len() > 300, "{}", zones.len());
    assert_eq!(zones[0], "UTC");
    assert!(zones.iter().any(|zone| zone == "Asia/Tokyo"));
    let fields = |zone| {
        [
            ("email", "kim@example.org"),
            ("display_name", "Kim"),
            ("password", PASSWORD),
            ("time_zone", zone),
        ]
    };
    let refused = visitor
        .call("sign_up", &fields("Mars/Olympus"))
        .await
        .error();
    assert!(refused.message_for("time_zone").is_some(), "{refused:?}");
    assert!(visitor
        .call("sign_up", &fields("Asia/Tokyo"))
        .await
        .is_success());
    let me: serde_json::Value = visitor.call("current_account", &[]).await.json();
    assert_eq!(me["time_zone"], "Asia/Tokyo");
}
