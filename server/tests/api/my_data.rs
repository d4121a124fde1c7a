//! My data through the real server: time zone, export, and deleting an account.

use crate::support::{
    room::{cast, check_in, create_circle, invite_token, move_step, start, track_three, PASSWORD},
    Browser, TestServer,
};
use app::{circles::CircleView, error::AppError};

async fn track_and_check_in(browser: &Browser) {
    let ids = track_three(browser).await;
    let reply = check_in(browser, &ids, "4", "", "Ada's own reflection").await;
    assert!(reply.is_success(), "{}", reply.body);
}

#[tokio::test]
async fn the_time_zone_must_be_a_real_one() {
    let server = TestServer::start().await;
    let cast = cast(&server).await;
    for wrong in ["Mars/Base", "", "UTC; DROP TABLE accounts"] {
        let error = cast
            .ada
            .call("set_time_zone", &[("time_zone", wrong)])
            .await
            .error();
        assert!(error.message_for("time_zone").is_some(), "{wrong}");
    }
    assert!(cast
        .ada
        .call("set_time_zone", &[("time_zone", "Pacific/Auckland")])
        .await
        .is_success());
    let me: serde_json::Value = cast.ada.call("current_account", &[]).await.json();
    assert_eq!(me["time_zone"], "Pacific/Auckland");
    assert_eq!(
        cast.anonymous
            .call("set_time_zone", &[("time_zone", "UTC")])
            .await
            .error(),
        AppError::NotSignedIn
    );
}

#[tokio::test]
async fn the_export_holds_everything_about_me_and_nothing_private_of_others() {
    let server = TestServer::start().await;
    let cast = cast(&server).await;
    track_and_check_in(&cast.ada).await;
    let id = start(&cast).await;
    move_step(&cast.ada, &id, 0, 1).await;
    for (who, text) in [
        (&cast.ada, "Ada's private thought"),
        (&cast.bea, "Bea's private thought"),
    ] {
        let reply = who
            .call(
                "save_private_note",
                &[("session_id", &id), ("step", "1"), ("text", text)],
            )
            .await;
        assert!(reply.is_success());
    }
    assert_eq!(
        cast.anonymous.get("/account/export.json").await.status(),
        404
    );
    let response = cast.ada.get("/account/export.json").await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-disposition"]
        .to_str()
        .unwrap_or_default()
        .starts_with("attachment"));
    let json = response.text().await.unwrap_or_default();
    for expected in [
        "ada.coach@example.org",
        "Ada's own reflection",
        "Ada's private thought",
        "Room circle",
    ] {
        assert!(json.contains(expected), "{expected} in the export");
    }
    assert!(!json.contains("Bea's private thought"));
    let csv = cast
        .ada
        .get("/account/export.csv")
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(csv.starts_with("section,field,value,record\n"));
    assert!(csv.contains("check_ins,reflection,Ada's own reflection"));
    assert!(!csv.contains("Bea's private thought"));
}

#[tokio::test]
async fn deleting_my_account_removes_my_personal_rows_and_keeps_circles_consistent() {
    let server = TestServer::start().await;
    let cast = cast(&server).await;
    track_and_check_in(&cast.ada).await;
    let id = start(&cast).await;
    assert!(cast
        .ada
        .call(
            "save_private_note",
            &[("session_id", &id), ("step", "0"), ("text", "mine")]
        )
        .await
        .is_success());
    // Ada hosts a circle of her own with Bea in it.
    let circle_id = create_circle(&cast.ada, "Ada's circle").await;
    let circle: CircleView = cast
        .ada
        .call("load_circle", &[("circle_id", &circle_id)])
        .await
        .json();
    let ada_id = circle.my_id.clone();
    let token = invite_token(&cast.ada, &circle_id).await;
    assert!(cast
        .bea
        .call("join_circle", &[("token", &token)])
        .await
        .is_success());
    // Bea recognizes Ada there, and Ada her.
    let part: app::recognition::CircleRecognition = cast
        .bea
        .call("load_circle_recognition", &[("circle_id", &circle_id)])
        .await
        .json();
    let behaviour = part.behaviours[0].id.clone();
    for (giver, recipient) in [(&cast.bea, &ada_id), (&cast.ada, &cast.bea_id)] {
        let given = giver
            .call(
                "recognize_peer",
                &[
                    ("circle_id", &circle_id),
                    ("recipient_id", recipient),
                    ("behaviour_id", &behaviour),
                    ("note", "Thank you"),
                ],
            )
            .await;
        assert!(given.is_success(), "{}", given.body);
    }
    assert_eq!(server.count("recognitions").await, 2);

    let wrong = cast
        .ada
        .call("delete_account", &[("password", "not the password at all")])
        .await
        .error();
    assert!(wrong.message_for("password").is_some());
    assert_eq!(server.count("checkins").await, 1, "nothing deleted");

    assert!(cast
        .ada
        .call("delete_account", &[("password", PASSWORD)])
        .await
        .is_success());
    assert_eq!(cast.ada.who_am_i().await, None, "signed out");
    let db = server.db().await;
    for (table, column) in [
        ("checkins", "account_id"),
        ("tracked_behaviours", "account_id"),
        ("peer_views", "author_id"),
        ("peer_views", "subject_id"),
        ("private_notes", "account_id"),
        ("recognitions", "giver_id"),
        ("recognitions", "recipient_id"),
        ("circle_members", "account_id"),
    ] {
        let left: i64 =
            sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table} WHERE {column} = $1"))
                .bind(&ada_id)
                .fetch_one(&db)
                .await
                .expect("count");
        assert_eq!(left, 0, "{table}");
    }
    let named: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM accounts WHERE email LIKE 'ada%' OR display_name LIKE 'Ada%'",
    )
    .fetch_one(&db)
    .await
    .expect("count");
    assert_eq!(named, 0, "no name or email left");
    let status: String = sqlx::query_scalar("SELECT status FROM sessions WHERE id = $1")
        .bind(&id)
        .fetch_one(&db)
        .await
        .expect("session");
    assert_eq!(status, "abandoned", "the live session is closed");
    // Bea now hosts Ada's circle.
    let theirs: CircleView = cast
        .bea
        .call("load_circle", &[("circle_id", &circle_id)])
        .await
        .json();
    assert_eq!(theirs.members.len(), 1);
    assert_eq!(theirs.my_role, app::circles::Role::Host);
    assert_eq!(
        cast.ada
            .sign_in("ada.coach@example.org", PASSWORD)
            .await
            .error(),
        AppError::BadCredentials
    );
}

#[tokio::test]
async fn the_export_covers_my_calendar_feed_without_its_secret_address() {
    let server = TestServer::start_at(crate::calendar::MONDAY).await;
    let cast = cast(&server).await;
    let export = || async {
        let text = cast
            .ada
            .get("/account/export.json")
            .await
            .text()
            .await
            .unwrap_or_default();
        serde_json::from_str::<serde_json::Value>(&text).expect("JSON")
    };
    let none = export().await;
    assert!(none["calendar_feed"].is_null(), "{none}");
    assert_eq!(none["calendar_feed_events"], serde_json::json!([]));

    let id = crate::calendar::plan(
        &cast.ada,
        &cast.circle_id,
        &cast.bea_id,
        &cast.grow_id,
        "09:30",
    )
    .await;
    let feed = crate::calendar::make_feed(&server, &cast.ada).await;
    let token = feed
        .rsplit('/')
        .nth(1)
        .expect("a token in the address")
        .to_owned();
    let data = export().await;
    let text = data.to_string();
    assert!(
        !text.contains(&token),
        "the feed's secret stays out: {text}"
    );
    let made = data["calendar_feed"]["address_made_at"]
        .as_str()
        .unwrap_or_default();
    assert!(
        made.starts_with("2026-11-23T00:0") && made.ends_with('Z'),
        "{made}"
    );
    assert_eq!(data["calendar_feed"]["address_included"], false);
    let event = &data["calendar_feed_events"][0];
    assert_eq!(event["session_id"], id.as_str());
    assert_eq!(event["starts_at"], "2026-12-01T09:30:00Z");
    assert_eq!(event["ends_at"], "2026-12-01T10:07:00Z");
    assert_eq!(event["status"], "confirmed");
    assert_eq!(event["sequence"], 0);
    let csv = cast
        .ada
        .get("/account/export.csv")
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(csv.contains("calendar_feed_events,starts_at,2026-12-01T09:30:00Z,1"));
    assert!(!csv.contains(&token));
}
