//! Quotas: what one account can pile up is bounded, and a refusal says so in words.

use crate::support::{
    room::{create_circle, invite_token, person},
    TestServer,
};

#[tokio::test]
async fn circles_scripts_and_behaviours_have_a_ceiling() {
    let server = TestServer::start().await;
    let hana = person(&server, "Hana Quota").await;
    let mut circles = Vec::new();
    for n in 0..app::circles::CIRCLES_PER_ACCOUNT_MAX {
        circles.push(create_circle(&hana, &format!("Circle {n}")).await);
    }
    let one_more = hana
        .call(
            "create_circle",
            &[
                ("name", "One too many"),
                ("purpose", "p"),
                ("cadence", "weekly"),
            ],
        )
        .await;
    assert_eq!(one_more.status, 422);
    assert!(one_more.error().message_for("name").is_some());
    assert_eq!(
        server.count("circles").await,
        app::circles::CIRCLES_PER_ACCOUNT_MAX
    );

    // Joining counts too: Ada can create no more, so she cannot join Hana's circle.
    let ada = person(&server, "Ada Quota").await;
    for n in 0..app::circles::CIRCLES_PER_ACCOUNT_MAX {
        create_circle(&ada, &format!("Ada's {n}")).await;
    }
    let token = invite_token(&hana, &circles[0]).await;
    let join = ada.call("join_circle", &[("token", &token)]).await;
    assert_eq!(join.status, 422, "{}", join.body);

    let circle = circles[0].as_str();
    for n in 0..app::scripts::CIRCLE_SCRIPTS_MAX {
        let made = hana
            .call(
                "create_script",
                &[("circle_id", circle), ("title", &format!("Script {n}"))],
            )
            .await;
        assert!(made.is_success(), "{}", made.body);
    }
    let refused = hana
        .call(
            "create_script",
            &[("circle_id", circle), ("title", "One more")],
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);

    let labels = ["Never", "Rarely", "Sometimes", "Mostly", "Always"];
    let hana = &hana;
    let add = |title: String| {
        let mut fields = vec![
            ("circle_id".to_owned(), circle.to_owned()),
            ("title".to_owned(), title),
        ];
        for (i, label) in labels.iter().enumerate() {
            fields.push((format!("anchors[{i}]"), (*label).to_owned()));
        }
        async move { hana.call_owned("add_circle_behaviour", &fields).await }
    };
    for n in 0..app::checkins::circle_behaviours::CIRCLE_BEHAVIOURS_MAX {
        let added = add(format!("Behaviour {n}")).await;
        assert!(added.is_success(), "{}", added.body);
    }
    assert_eq!(add("One more".into()).await.status, 422);
}

#[tokio::test]
async fn a_session_holds_a_bounded_number_of_commitments() {
    let server = TestServer::start().await;
    let cast = crate::support::room::cast(&server).await;
    let id = crate::support::room::start(&cast).await;
    for n in 0..app::sessions::rules::COMMITMENTS_PER_SESSION {
        crate::support::room::commit(&cast.ada, &id, &format!("Commitment {n}")).await;
    }
    let one_more = cast
        .ada
        .call(
            "add_commitment",
            &[("session_id", &id), ("body", "One more"), ("due_on", "")],
        )
        .await;
    assert_eq!(one_more.status, 422, "{}", one_more.body);
    assert!(one_more.error().message_for("body").is_some());
}
