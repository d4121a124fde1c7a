//! Peer views and circle-level figures through the real server: only circle peers may
//! record a view, one a week per behaviour (sharing again changes it); the subject sees it with the peer's name;
//! circle figures give nobody's ratings away.

use crate::support::{
    room::{cast, check_in, person, track_three},
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

    assert!(view_of(&cast.bea, &ada_id, &ids[0], "5").await.is_success());
    // Sharing again the same week changes the view: still one per week.
    assert!(view_of(&cast.bea, &ada_id, &ids[0], "4").await.is_success());
    assert_eq!(server.count("peer_views").await, 1);
    let form: PeerViewForm = cast
        .bea
        .call("load_peer_view_form", &[("subject_id", &ada_id)])
        .await
        .json();
    assert_eq!(
        form.shared
            .iter()
            .map(|v| (v.behaviour_id.as_str(), v.rating))
            .collect::<Vec<_>>(),
        [(ids[0].as_str(), 4)]
    );

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

/// Monday 23 November 2026, 09:00 UTC.
const MONDAY: i64 = 1_795_424_400;

async fn join(server: &TestServer, token: &str, name: &str) -> Browser {
    let browser = person(server, name).await;
    let joined = browser.call("join_circle", &[("token", token)]).await;
    assert!(joined.is_success(), "{}", joined.body);
    browser
}

/// The circle figure cannot be worked back to one person's ratings: it covers only a
/// closed week, only people who were members for all of it, needs three contributors
/// besides the viewer, is rounded, and stays as it was when people leave afterwards.
#[tokio::test]
async fn the_circle_figure_gives_nobody_away() {
    let server = TestServer::start_at(MONDAY).await;
    let cast = cast(&server).await;
    let dee = join(&server, &cast.token, "Dee Quiet").await;
    // The circle formed this week, so next week is the first its members had whole.
    server.advance_days(7).await;
    // Two rate 1 and one rates 5.
    track_and_check_in(&cast.ada, "1").await;
    track_and_check_in(&cast.bea, "1").await;
    track_and_check_in(&cast.hana, "5").await;
    // Cai is not in the circle; Eve joins in the middle of the week: neither counts.
    track_and_check_in(&cast.cai, "5").await;
    server.advance_days(3).await;
    let eve = join(&server, &cast.token, "Eve Late").await;
    track_and_check_in(&eve, "5").await;
    assert_eq!(
        figure(&dee, &cast.circle_id).await,
        None,
        "the week is still open"
    );

    server.advance_days(4).await;
    let shown = figure(&dee, &cast.circle_id)
        .await
        .expect("three members who were there all week checked in");
    assert_eq!(
        shown.average, 2.5,
        "7/3 rounded to half a point; Eve not in it"
    );
    for (who, browser) in [("Ada", &cast.ada), ("Bea", &cast.bea), ("Hana", &cast.hana)] {
        assert_eq!(
            figure(browser, &cast.circle_id).await,
            None,
            "{who} knows her own ratings: two others are too few"
        );
    }
    // Leaving (or being removed) afterwards does not move a closed week's figure.
    let left = cast
        .bea
        .call("leave_circle", &[("circle_id", &cast.circle_id)])
        .await;
    assert!(left.is_success(), "{}", left.body);
    let after = figure(&dee, &cast.circle_id).await.expect("still shown");
    assert_eq!(after.average, 2.5);
    let body = dee
        .call("load_circle", &[("circle_id", &cast.circle_id)])
        .await
        .body;
    assert!(
        !body.contains("contributors"),
        "no count on the wire: {body}"
    );
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
