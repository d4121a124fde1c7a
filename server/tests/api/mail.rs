//! Mail through a real SMTP receiver: a host invites by email, each address gets the
//! circle's link once, and only a host on a server with a relay can send.

use crate::support::{
    room::{create_circle, invite_token, person},
    smtp::SmtpReceiver,
    TestServer,
};
use app::{circles::CircleView, error::AppError};

async fn invite(
    host: &crate::support::Browser,
    circle_id: &str,
    addresses: &str,
) -> crate::support::Reply {
    host.call(
        "invite_by_email",
        &[("circle_id", circle_id), ("addresses", addresses)],
    )
    .await
}

#[tokio::test]
async fn a_host_invites_by_email_and_each_address_gets_the_link_once() {
    let receiver = SmtpReceiver::start().await;
    let server = TestServer::start_with_mail(receiver.url()).await;
    let hana = person(&server, "Hana Host").await;
    let circle_id = create_circle(&hana, "Mail circle").await;
    let token = invite_token(&hana, &circle_id).await;
    let view: CircleView = hana
        .call("load_circle", &[("circle_id", &circle_id)])
        .await
        .json();
    assert!(view.can_email_invites);

    let sent = invite(&hana, &circle_id, "bea@example.org,\nCai@Example.org").await;
    assert!(sent.is_success(), "{}: {}", sent.status, sent.body);
    let mails = receiver.wait_for(2).await;
    assert_eq!(mails.len(), 2);
    let mut to: Vec<String> = mails.iter().map(|m| m.header("To")).collect();
    to.sort();
    assert_eq!(to, ["bea@example.org", "cai@example.org"]);
    for mail in &mails {
        assert_eq!(
            mail.header("Subject"),
            "Hana Host invites you to Mail circle on Coaching Circles"
        );
        assert!(mail.header("From").contains("circles@example.org"));
        assert!(mail
            .header("Message-ID")
            .ends_with("@coaching-circles.invalid>"));
        let body = mail.body();
        assert!(body.contains(&format!("/join/{token}")), "{body}");
        assert!(body.contains("\u{201c}Mail circle\u{201d}"), "{body}");
    }

    // The same link to the same people is not sent again; a new person still gets it.
    assert!(invite(&hana, &circle_id, "bea@example.org dan@example.org")
        .await
        .is_success());
    let mails = receiver.wait_for(3).await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(receiver.received().len(), 3, "bea is not mailed twice");
    assert!(mails.iter().any(|m| m.header("To") == "dan@example.org"));

    // Wrong addresses are named and nothing is sent; members and strangers cannot send.
    let wrong = invite(&hana, &circle_id, "eve@example.org, not-an-address").await;
    match wrong.error() {
        AppError::Invalid(problems) => assert!(problems[0].message.contains("not-an-address")),
        other => panic!("expected the wrong address named, got {other:?}"),
    }
    let bea = person(&server, "Bea Peer").await;
    assert!(bea
        .call("join_circle", &[("token", &token)])
        .await
        .is_success());
    let cai = person(&server, "Cai Stranger").await;
    for other in [&bea, &cai] {
        assert_eq!(
            invite(other, &circle_id, "eve@example.org").await.error(),
            AppError::NotFound
        );
    }
    assert_eq!(
        invite(&server.browser(), &circle_id, "eve@example.org")
            .await
            .error(),
        AppError::NotSignedIn
    );
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(receiver.received().len(), 3, "nothing else was sent");
}

#[tokio::test]
async fn without_a_relay_inviting_by_email_is_not_offered() {
    let server = TestServer::start().await;
    let hana = person(&server, "Hana Host").await;
    let circle_id = create_circle(&hana, "No mail circle").await;
    let view: CircleView = hana
        .call("load_circle", &[("circle_id", &circle_id)])
        .await
        .json();
    assert!(!view.can_email_invites);
    assert_eq!(
        invite(&hana, &circle_id, "bea@example.org").await.error(),
        AppError::NotFound
    );
}
