//! Peer views and circle-level figures through the real server: only circle peers may
//! record a view, once a week per behaviour; the subject sees it with the peer's name;
//! circle figures appear only with three contributors.

use crate::support::{
    room::{cast, check_in, track_three},
    Browser, TestServer,
};
use app::{
    checkins::{CheckinPageData, Mirror, PeerViewForm},
    circles::CircleView,
    error::AppError,
};

/// Tracks the first three behaviours and checks in rating them all `rating`.
async fn track_and_check_in(browser: &Browser, rating: &str) -> Vec<String> {
    let ids = track_three(browser).await;
    let reply = check_in(browser, &ids, rating, "", "").await;
    assert!(reply.is_success(), "{}", reply.body);
    ids
}

async fn view_of(
    browser: &Browser,
    subject: &str,
    behaviour: &str,
    rating: &str,
) -> crate::support::Reply {
    browser
        .call(
            "record_peer_views",
            &[
                ("subject_id", subject),
                ("views[0][behaviour_id]", behaviour),
                ("views[0][rating]", rating),
                ("views[0][note]", "Asked before advising in standup"),
            ],
        )
        .await
}

#[tokio::test]
async fn only_circle_peers_record_views_once_a_week_and_only_the_subject_sees_them() {
    let server = TestServer::start().await;
    let cast = cast(&server).await;
    let ids = track_and_check_in(&cast.ada, "3").await;
    let circle: CircleView = cast
        .ada
        .call("load_circle", &[("circle_id", &cast.circle_id)])
        .await
        .json();
    let ada_id = circle.my_id.clone();

    // Who may open the form: a peer yes; a stranger, myself, a bad id: not found.
    let form: PeerViewForm = cast
        .bea
        .call("load_peer_view_form", &[("subject_id", &ada_id)])
        .await
        .json();
    assert_eq!(form.behaviours.len(), 3);
    assert_eq!(
        cast.anonymous
            .call("load_peer_view_form", &[("subject_id", &ada_id)])
            .await
            .error(),
        AppError::NotSignedIn
    );
    for (who, browser, subject) in [
        ("a stranger", &cast.cai, ada_id.as_str()),
        ("herself", &cast.ada, ada_id.as_str()),
        ("a bad id", &cast.bea, "nobody"),
    ] {
        assert_eq!(
            browser
                .call("load_peer_view_form", &[("subject_id", subject)])
                .await
                .error(),
            AppError::NotFound,
            "{who}"
        );
        assert_eq!(
            view_of(browser, subject, &ids[0], "4").await.error(),
            AppError::NotFound,
            "{who}"
        );
    }
    assert_eq!(
        view_of(&cast.anonymous, &ada_id, &ids[0], "4")
            .await
            .error(),
        AppError::NotSignedIn
    );

    // Bad input: nothing written.
    for (behaviour, rating) in [
        (ids[0].as_str(), "6"),
        (ids[0].as_str(), "x"),
        ("00000000-0000-4000-8000-000000000000", "3"),
    ] {
        assert!(view_of(&cast.bea, &ada_id, behaviour, rating)
            .await
            .error()
            .message_for("views")
            .is_some());
    }
    assert_eq!(server.count("peer_views").await, 0);

    assert!(view_of(&cast.bea, &ada_id, &ids[0], "4").await.is_success());
    let again = view_of(&cast.bea, &ada_id, &ids[0], "5").await.error();
    assert!(
        again.message_for("views").is_some(),
        "once a week: {again:?}"
    );
    assert_eq!(server.count("peer_views").await, 1);

    let mirror: Mirror = cast.ada.call("load_mirror", &[]).await.json();
    let seen = &mirror.trends[0].peer_views;
    assert_eq!(seen.len(), 1);
    assert_eq!(
        (seen[0].author_name.as_str(), seen[0].rating),
        ("Bea Coachee", 4)
    );
    let theirs: Mirror = cast.hana.call("load_mirror", &[]).await.json();
    assert!(theirs.trends.is_empty(), "Hana sees nothing of Ada's");
}

async fn figure(browser: &Browser, circle_id: &str) -> Option<app::checkins::CircleFigure> {
    browser
        .call("load_circle", &[("circle_id", circle_id)])
        .await
        .json::<CircleView>()
        .checkin_figure
}

#[tokio::test]
async fn circle_figures_appear_with_three_contributors() {
    let server = TestServer::start().await;
    let cast = cast(&server).await;
    track_and_check_in(&cast.ada, "2").await;
    track_and_check_in(&cast.bea, "4").await;
    assert_eq!(
        figure(&cast.hana, &cast.circle_id).await,
        None,
        "two people are too few"
    );
    // Cai checks in but is not in the circle: does not count.
    track_and_check_in(&cast.cai, "5").await;
    assert_eq!(figure(&cast.hana, &cast.circle_id).await, None);
    track_and_check_in(&cast.hana, "3").await;
    let shown = figure(&cast.ada, &cast.circle_id)
        .await
        .expect("three members checked in");
    assert_eq!(shown.contributors, 3);
    assert!((shown.average - 3.0).abs() < 1e-9);
}

#[tokio::test]
async fn a_host_adds_a_behaviour_that_members_can_track() {
    let server = TestServer::start().await;
    let cast = cast(&server).await;
    let mut fields = vec![
        ("circle_id", cast.circle_id.clone()),
        ("title", "Ends meetings on time".to_owned()),
        (
            "description",
            "Our meetings finish when they say they will.".to_owned(),
        ),
    ];
    let labels = ["Never", "Rarely", "Half the time", "Mostly", "Always"];
    let names: Vec<String> = (0..5).map(|i| format!("anchors[{i}]")).collect();
    let as_fields = |fields: &[(&'static str, String)], labels: &[&str]| {
        let mut all: Vec<(String, String)> = fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect();
        all.extend(
            names
                .iter()
                .zip(labels)
                .map(|(n, l)| (n.clone(), (*l).to_owned())),
        );
        all
    };
    let call = |browser: &Browser, all: Vec<(String, String)>| {
        let browser = browser.client.clone();
        let url = format!("{}/api/add_circle_behaviour", server.base);
        async move { browser.post(url).form(&all).send().await.expect("request") }
    };
    let error_of = |response: reqwest::Response| async move {
        serde_json::from_str::<AppError>(&response.text().await.unwrap_or_default())
            .expect("an AppError")
    };
    // Members and strangers may not; a host may, with five labels.
    for browser in [&cast.ada, &cast.cai] {
        let refused = call(browser, as_fields(&fields, &labels)).await;
        assert_eq!(error_of(refused).await, AppError::NotFound);
    }
    let four = call(&cast.hana, as_fields(&fields, &labels[..4])).await;
    assert!(error_of(four).await.message_for("anchors").is_some());
    assert_eq!(server.count("behaviours").await, 8, "nothing added");
    fields[1].1 = "Ends meetings on time".to_owned();
    let added = call(&cast.hana, as_fields(&fields, &labels)).await;
    let status = added.status();
    assert!(
        status.is_success() || status.is_redirection(),
        "{status}: {}",
        added.text().await.unwrap_or_default()
    );
    let page: CheckinPageData = cast.ada.call("checkin_page", &[]).await.json();
    let added = page
        .catalogue
        .iter()
        .find(|b| b.title == "Ends meetings on time")
        .expect("members see it");
    assert_eq!(added.anchors[4], "Always");
    assert_eq!(added.circle_name.as_deref(), Some("Room circle"));
    let theirs: CheckinPageData = cast.cai.call("checkin_page", &[]).await.json();
    assert!(
        theirs
            .catalogue
            .iter()
            .all(|b| b.title != "Ends meetings on time"),
        "not outside the circle"
    );
}
