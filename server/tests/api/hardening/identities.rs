//! Look-alike emails and names: the same person, or refused.

use crate::support::{room::PASSWORD, TestServer};

#[tokio::test]
async fn full_width_and_invisible_look_alikes_are_one_person_or_refused() {
    let server = TestServer::start().await;
    let ada = server.browser();
    assert!(ada
        .sign_up("ada@example.org", "Ada", PASSWORD)
        .await
        .is_success());
    let twin = server.browser();
    let error = twin
        .sign_up("ａｄａ@ｅｘａｍｐｌｅ.org", "Ａｄａ", PASSWORD)
        .await
        .error();
    assert!(error.message_for("email").is_some(), "{error:?}");
    let error = twin
        .sign_up("a\u{200B}da@example.org", "Ada\u{202E}", PASSWORD)
        .await
        .error();
    assert!(error.message_for("email").is_some(), "{error:?}");
    assert!(error.message_for("display_name").is_some(), "{error:?}");
    assert_eq!(server.count("accounts").await, 1);
    assert!(twin
        .sign_in("ＡＤＡ@example.org", PASSWORD)
        .await
        .is_success());
    assert_eq!(twin.who_am_i().await.as_deref(), Some("Ada"));
}
