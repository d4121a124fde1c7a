//! Check-ins through the real server on a test clock: access, tracking 3 to 8
//! behaviours, bad ratings, two weeks of check-ins and the mirror.

use crate::support::{
    room::{ask_to_track, person},
    Browser, TestServer,
};
use app::{
    checkins::{CheckinPageData, Mirror, WeekStatus},
    error::AppError,
};

/// Monday 23 November 2026, 09:00 UTC: week 2026-W48.
const MONDAY: i64 = 1_795_424_400;

async fn page(browser: &Browser) -> CheckinPageData {
    browser.call("checkin_page", &[]).await.json()
}

/// The ids of every behaviour `browser` may track.
async fn catalogue_ids(browser: &Browser) -> Vec<String> {
    page(browser)
        .await
        .catalogue
        .into_iter()
        .map(|b| b.id)
        .collect()
}

/// A check-in rating every id with `rating`.
async fn check_in(browser: &Browser, ids: &[String], rating: &str) -> crate::support::Reply {
    let mut fields: Vec<(String, String)> = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        fields.push((format!("ratings[{i}][behaviour_id]"), id.clone()));
        fields.push((format!("ratings[{i}][rating]"), rating.to_owned()));
        fields.push((format!("ratings[{i}][evidence]"), format!("Evidence {i}")));
    }
    fields.push(("reflection".into(), "A good week.".into()));
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    browser.call("save_checkin", &fields).await
}

#[tokio::test]
async fn check_ins_are_signed_in_only() {
    let server = TestServer::start_at(MONDAY).await;
    let anonymous = server.browser();
    for name in [
        "checkin_page",
        "track_behaviours",
        "save_checkin",
        "load_mirror",
        "load_week_status",
    ] {
        assert_eq!(
            anonymous.call(name, &[]).await.error(),
            AppError::NotSignedIn,
            "{name}"
        );
    }
}

#[tokio::test]
async fn tracking_takes_three_to_eight_known_behaviours() {
    let server = TestServer::start_at(MONDAY).await;
    let ada = person(&server, "Ada Mirror").await;
    let catalogue = catalogue_ids(&ada).await;
    assert_eq!(catalogue.len(), 8, "the built-ins are seeded");
    let mut nine = catalogue.clone();
    nine.push("00000000-0000-4000-8000-000000000000".into());
    for wrong in [&catalogue[..2], &nine[..], &nine[5..]] {
        let error = ask_to_track(&ada, wrong).await.error();
        assert!(error.message_for("behaviour_ids").is_some(), "{error:?}");
    }
    assert_eq!(
        server.count("tracked_behaviours").await,
        0,
        "nothing written"
    );
    assert!(ask_to_track(&ada, &catalogue[..3]).await.is_success());
    assert_eq!(page(&ada).await.tracked, catalogue[..3]);
}

#[tokio::test]
async fn bad_ratings_are_refused_and_change_nothing() {
    let server = TestServer::start_at(MONDAY).await;
    let ada = person(&server, "Ada Mirror").await;
    let catalogue = catalogue_ids(&ada).await;
    let tracked = &catalogue[..3];
    let before_tracking = check_in(&ada, tracked, "3").await.error();
    assert!(before_tracking.message_for("ratings").is_some());
    assert!(ask_to_track(&ada, tracked).await.is_success());
    for rating in ["0", "6", "2.5", "three", ""] {
        let error = check_in(&ada, tracked, rating).await.error();
        assert!(
            error.message_for("ratings").is_some(),
            "{rating:?}: {error:?}"
        );
    }
    let untracked = check_in(&ada, &catalogue[..4], "3").await.error();
    assert!(untracked.message_for("ratings").is_some());
    let missing = check_in(&ada, &catalogue[..2], "3").await.error();
    assert!(missing.message_for("ratings").is_some());
    let long = "x".repeat(2_001);
    let reflection = ada
        .call(
            "save_checkin",
            &[
                ("ratings[0][behaviour_id]", tracked[0].as_str()),
                ("ratings[0][rating]", "3"),
                ("ratings[1][behaviour_id]", tracked[1].as_str()),
                ("ratings[1][rating]", "3"),
                ("ratings[2][behaviour_id]", tracked[2].as_str()),
                ("ratings[2][rating]", "3"),
                ("reflection", long.as_str()),
            ],
        )
        .await
        .error();
    assert!(reflection.message_for("reflection").is_some());
    assert_eq!(
        server.count("checkins").await + server.count("checkin_ratings").await,
        0
    );
}

#[tokio::test]
async fn two_weeks_of_check_ins_make_a_trend_and_a_streak_only_their_author_sees() {
    let server = TestServer::start_at(MONDAY).await;
    let ada = person(&server, "Ada Mirror").await;
    let catalogue = catalogue_ids(&ada).await;
    let tracked = &catalogue[2..5];
    assert!(ask_to_track(&ada, tracked).await.is_success());
    let status: WeekStatus = ada.call("load_week_status", &[]).await.json();
    assert_eq!(
        (status.week.to_string(), status.checked_in),
        ("2026-W48".into(), false)
    );

    assert!(check_in(&ada, tracked, "2").await.is_success());
    // Editable until the week ends: a second save replaces the first.
    assert!(check_in(&ada, tracked, "3").await.is_success());
    assert_eq!(server.count("checkins").await, 1);
    server.advance_days(7).await;
    assert!(
        !ada.call("load_week_status", &[])
            .await
            .json::<WeekStatus>()
            .checked_in
    );
    assert!(check_in(&ada, tracked, "4").await.is_success());

    let mirror: Mirror = ada.call("load_mirror", &[]).await.json();
    assert_eq!(mirror.current.to_string(), "2026-W49");
    assert_eq!(mirror.streak, 2);
    assert_eq!(mirror.trends.len(), 3);
    let rated: Vec<(String, u8)> = mirror.trends[0]
        .points
        .iter()
        .filter_map(|p| p.rating.map(|r| (p.week.to_string(), r)))
        .collect();
    assert_eq!(
        rated,
        [("2026-W48".to_owned(), 3), ("2026-W49".to_owned(), 4)]
    );
    assert_eq!(
        mirror.trends[0].points.len(),
        2,
        "the mirror starts at the account's first week: nothing before it was missed"
    );

    // A week missed breaks the streak, and stays missed; nobody else sees Ada's
    // check-ins.
    server.advance_days(14).await;
    let later: Mirror = ada.call("load_mirror", &[]).await.json();
    assert_eq!(later.streak, 0);
    let missed: Vec<String> = later.trends[0]
        .points
        .iter()
        .filter(|p| p.rating.is_none())
        .map(|p| p.week.to_string())
        .collect();
    assert_eq!(missed, ["2026-W50", "2026-W51"]);
    let bea = person(&server, "Bea Mirror").await;
    let hers: Mirror = bea.call("load_mirror", &[]).await.json();
    assert!(hers.trends.is_empty());
    assert!(!page(&bea).await.checked_in);

    let html = ada.get("/mirror").await.text().await.unwrap_or_default();
    assert!(html.contains("<svg"), "the chart renders on the server");
    assert!(
        html.contains("week of 30 Nov: you 4"),
        "each point says what it is"
    );
}

#[tokio::test]
async fn the_check_in_that_reaches_a_streak_records_its_milestone_and_home_only_reads_it() {
    let server = TestServer::start_at(MONDAY).await;
    let ada = person(&server, "Ada Mirror").await;
    let catalogue = catalogue_ids(&ada).await;
    let tracked = &catalogue[..3];
    assert!(ask_to_track(&ada, tracked).await.is_success());
    for week in 0..4 {
        if week > 0 {
            server.advance_days(7).await;
        }
        assert_eq!(server.count("milestones").await, 0, "week {week}");
        assert!(check_in(&ada, tracked, "3").await.is_success());
    }
    assert_eq!(
        server.count("milestones").await,
        1,
        "recorded by the fourth check-in, before any page asked"
    );
    let seen: Vec<String> = ada.call("load_milestones", &[]).await.json();
    assert_eq!(seen, ["4 weeks of check-ins in a row."]);
    assert!(ada.get("/").await.status().is_success());
    assert_eq!(server.count("milestones").await, 1, "Home wrote nothing");
    // Shown for a week after it was reached, then no more.
    server.advance_days(8).await;
    let later: Vec<String> = ada.call("load_milestones", &[]).await.json();
    assert!(later.is_empty(), "{later:?}");
}
