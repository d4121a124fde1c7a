//! Milestones of a circle's full rotation (every member coached and was coached by
//! every other), recognized once for each member, and the mirror's timeline of all my
//! milestones with their days, newest first.

use crate::{
    calendar::MONDAY,
    support::{
        room::{cast, member_id, Cast},
        Browser, TestServer,
    },
};
use app::recognition::milestones::MilestoneEntry;

/// `coach` holds a session now with `coachee_id` and ends it.
async fn hold(cast: &Cast, coach: &Browser, coachee_id: &str) {
    let started = coach
        .call(
            "start_session",
            &[
                ("circle_id", cast.circle_id.as_str()),
                ("peer_id", coachee_id),
                ("my_role", "coach"),
                ("script_id", &cast.grow_id),
                ("day", ""),
            ],
        )
        .await;
    let id = started
        .location
        .unwrap_or_else(|| panic!("{}: {}", started.status, started.body))
        .trim_start_matches("/sessions/")
        .to_owned();
    let ended = coach.call("end_session", &[("session_id", &id)]).await;
    assert!(ended.is_success(), "{}", ended.body);
}

async fn milestones(who: &Browser) -> Vec<String> {
    who.call("load_milestones", &[]).await.json()
}

async fn timeline(who: &Browser) -> Vec<MilestoneEntry> {
    who.call("load_milestone_timeline", &[]).await.json()
}

const ROTATION: &str = "Room circle completed a full rotation: everyone has coached and \
                        been coached by everyone else.";

#[tokio::test]
async fn a_full_rotation_is_recognized_once_for_each_member_and_the_timeline_keeps_it() {
    let server = TestServer::start_at(MONDAY).await;
    let cast = cast(&server).await;
    let hana_id = member_id(&cast.ada, &cast.circle_id, "Hana Host").await;
    let ada_id = member_id(&cast.hana, &cast.circle_id, "Ada Coach").await;
    assert!(timeline(&cast.ada).await.is_empty());

    hold(&cast, &cast.ada, &hana_id).await;
    assert_eq!(
        milestones(&cast.ada).await,
        ["You coached your first session."]
    );
    server.advance_days(2).await;
    for (coach, coachee) in [
        (&cast.hana, &ada_id),
        (&cast.ada, &cast.bea_id),
        (&cast.bea, &ada_id),
        (&cast.hana, &cast.bea_id),
    ] {
        hold(&cast, coach, coachee).await;
    }
    // Five of the six coach → coachee pairs have met: no rotation yet.
    assert!(!milestones(&cast.ada).await.iter().any(|m| m == ROTATION));
    hold(&cast, &cast.bea, &hana_id).await;
    for who in [&cast.ada, &cast.bea, &cast.hana] {
        let seen = milestones(who).await;
        assert!(seen.iter().any(|m| m == ROTATION), "{seen:?}");
    }
    let recorded = server.count("milestones").await;
    for who in [&cast.ada, &cast.bea, &cast.hana] {
        milestones(who).await;
    }
    assert_eq!(server.count("milestones").await, recorded, "once each");
    assert!(milestones(&cast.cai).await.is_empty(), "only the circle's");

    // The mirror's timeline: every milestone with its day, newest first.
    let line = timeline(&cast.ada).await;
    let words: Vec<&str> = line.iter().map(|m| m.words.as_str()).collect();
    assert_eq!(
        words,
        [
            ROTATION,
            "A peer coached you for the first time.",
            "You coached your first session."
        ]
    );
    assert!(line.windows(2).all(|w| w[0].reached_at >= w[1].reached_at));
    assert!(line[0].reached_at - line[2].reached_at >= 2 * 86_400);
    // A week on, Home no longer shows them; the timeline still does.
    server.advance_days(8).await;
    assert!(milestones(&cast.ada).await.is_empty());
    assert_eq!(timeline(&cast.ada).await.len(), 3);
    assert_eq!(
        cast.anonymous
            .call("load_milestone_timeline", &[])
            .await
            .status,
        401
    );
}
