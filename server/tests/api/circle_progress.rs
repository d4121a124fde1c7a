//! The circle's progress on the circle page: counts only, each shown once three
//! people contributed, and the rotation's pairings that have and have not met.

use crate::support::room::{cast, commit, member_id, start, start_coaching, Cast};
use app::circles::{CircleProgress, CircleView};

async fn progress(cast: &Cast) -> CircleProgress {
    cast.hana
        .call("load_circle", &[("circle_id", &cast.circle_id)])
        .await
        .json::<CircleView>()
        .progress
}

async fn end(cast: &Cast, session_id: &str) {
    let ended = cast
        .ada
        .call("end_session", &[("session_id", session_id)])
        .await;
    assert!(ended.is_success(), "{}", ended.body);
}

#[tokio::test]
async fn progress_counts_sessions_once_three_people_held_them() {
    let server = crate::support::TestServer::start().await;
    let cast = cast(&server).await;
    let fresh = progress(&cast).await;
    assert_eq!(fresh.weeks, None);
    assert_eq!(fresh.commitments, None);
    let rotation = fresh.rotation.expect("three members have a rotation");
    assert_eq!(
        (rotation.completed, rotation.met, rotation.to_meet.len()),
        (0, 0, 6)
    );

    // Ada coaches Bea: two people, so no weekly figures yet, but the pairing has met.
    let first = start(&cast).await;
    commit(&cast.bea, &first, "Delegate the weekly report").await;
    end(&cast, &first).await;
    let after_one = progress(&cast).await;
    assert_eq!(after_one.weeks, None, "two people could be told apart");
    let rotation = after_one.rotation.expect("rotation");
    assert_eq!(rotation.met, 1);
    let ada_id = member_id(&cast.hana, &cast.circle_id, "Ada Coach").await;
    assert!(!rotation
        .to_meet
        .iter()
        .any(|p| p.coach == ada_id && p.coachee == cast.bea_id));

    // Hana coaches Ada: three people have held sessions this quarter.
    let second = start_coaching(&cast, &cast.hana, &ada_id, "Hiring").await;
    end(&cast, &second).await;
    let after_two = progress(&cast).await;
    let weeks = after_two.weeks.expect("three people held sessions");
    assert_eq!(weeks.len(), app::circles::PROGRESS_WEEKS);
    assert_eq!(weeks.last().map(|w| w.sessions), Some(2));
    assert_eq!(weeks.iter().map(|w| w.sessions).sum::<u32>(), 2);
    assert!(
        weeks.iter().all(|w| w.checked_in.is_none()),
        "nobody checked in"
    );
    assert_eq!(after_two.rotation.map(|r| r.met), Some(2));
    // One coachee settled nothing yet, and one person is never a figure.
    assert_eq!(after_two.commitments, None);

    // A member sees the same counts; a stranger sees no circle at all.
    let members_view: CircleView = cast
        .bea
        .call("load_circle", &[("circle_id", &cast.circle_id)])
        .await
        .json();
    assert_eq!(members_view.progress.weeks.map(|w| w.len()), Some(13));
    assert_eq!(
        cast.cai
            .call("load_circle", &[("circle_id", &cast.circle_id)])
            .await
            .error(),
        app::error::AppError::NotFound
    );
}
