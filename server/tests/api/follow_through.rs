//! Home's follow-through: the coachee settles their own commitments between sessions,
//! the coach sees the ones they helped set, and nobody else can touch or see them.

use crate::support::{
    room::{cast, commit, commit_due, end_session, member_id, start, start_coaching},
    Browser, TestServer,
};
use app::{error::AppError, sessions::FollowThrough};

async fn follow_through(browser: &Browser) -> FollowThrough {
    browser.call("my_commitments", &[]).await.json()
}

async fn settle(browser: &Browser, id: &str, kept: bool) -> crate::support::Reply {
    let kept = kept.to_string();
    browser
        .call(
            "settle_commitment",
            &[("commitment_id", id), ("kept", kept.as_str())],
        )
        .await
}

#[tokio::test]
async fn the_coachee_settles_their_commitments_and_the_coach_sees_them() {
    let server = crate::support::TestServer::start().await;
    let cast = cast(&server).await;
    let session = start(&cast).await;
    commit(&cast.ada, &session, "Delegate the weekly report").await;
    commit(&cast.bea, &session, "Ask before telling").await;
    end_session(&cast.ada, &session).await;

    let bea = follow_through(&cast.bea).await;
    assert_eq!(bea.made.len(), 2);
    assert!(bea.made.iter().all(|c| c.peer_name == "Ada Coach"));
    assert_eq!((bea.kept, bea.settled), (0, 0));
    let ada = follow_through(&cast.ada).await;
    assert!(ada.made.is_empty());
    let helped: Vec<&str> = ada
        .helped
        .iter()
        .map(|c| c.commitment.body.as_str())
        .collect();
    assert_eq!(helped.len(), 2, "{helped:?}");
    assert!(ada.helped.iter().all(|c| c.peer_name == "Bea Coachee"));

    // Nobody but Bea may settle hers: the coach, the host, a stranger get "not found".
    let first = bea.made[0].commitment.id.clone();
    for other in [&cast.ada, &cast.hana, &cast.cai] {
        assert_eq!(
            settle(other, &first, true).await.error(),
            AppError::NotFound
        );
    }
    assert_eq!(
        settle(&cast.anonymous, &first, true).await.error(),
        AppError::NotSignedIn
    );
    assert_eq!(
        settle(&cast.bea, "not-an-id", true).await.error(),
        AppError::NotFound
    );

    assert!(settle(&cast.bea, &first, true).await.is_success());
    // Settled once: a second click (another tab) is told, not applied twice.
    assert_eq!(
        settle(&cast.bea, &first, false).await.error(),
        AppError::CommitmentClosed
    );
    let bea = follow_through(&cast.bea).await;
    assert_eq!(bea.made.len(), 1);
    assert_eq!((bea.kept, bea.settled), (1, 1));
    let second = bea.made[0].commitment.id.clone();

    // Once Bea has left the circle, its commitments are no longer hers to settle.
    let left = cast
        .bea
        .call("leave_circle", &[("circle_id", &cast.circle_id)])
        .await;
    assert!(left.is_success(), "{}", left.body);
    assert_eq!(
        settle(&cast.bea, &second, false).await.error(),
        AppError::NotFound
    );
    assert!(follow_through(&cast.bea).await.made.is_empty());
    assert!(follow_through(&cast.ada).await.helped.is_empty());
}

fn bodies(list: &[app::sessions::PeerCommitment]) -> Vec<&str> {
    list.iter().map(|c| c.commitment.body.as_str()).collect()
}

/// Both sides are read in one statement: each commitment stays on its own side, and
/// each side is soonest due first, undated last.
#[tokio::test]
async fn each_side_lists_its_own_commitments_soonest_due_first() {
    let server = TestServer::start_at(crate::calendar::MONDAY).await;
    let cast = cast(&server).await;
    let first = start(&cast).await;
    commit_due(&cast.bea, &first, "Whenever it fits", "").await;
    commit_due(&cast.bea, &first, "Later", "2027-01-15").await;
    commit_due(&cast.bea, &first, "Sooner", "2026-12-01").await;
    end_session(&cast.ada, &first).await;

    // Then Bea coaches Ada.
    let ada_id = member_id(&cast.bea, &cast.circle_id, "Ada Coach").await;
    let second = start_coaching(&cast, &cast.bea, &ada_id, "Saying no").await;
    commit_due(&cast.ada, &second, "Decline one meeting", "2026-12-10").await;

    let bea = follow_through(&cast.bea).await;
    assert_eq!(bodies(&bea.made), ["Sooner", "Later", "Whenever it fits"]);
    assert_eq!(bodies(&bea.helped), ["Decline one meeting"]);
    let ada = follow_through(&cast.ada).await;
    assert_eq!(bodies(&ada.made), ["Decline one meeting"]);
    assert_eq!(bodies(&ada.helped), ["Sooner", "Later", "Whenever it fits"]);
}

async fn nudges(browser: &Browser) -> Vec<String> {
    let reminders: app::nudges::Reminders = browser.call("load_reminders", &[]).await.json();
    reminders.nudges
}

/// Home reminds me of a circle I have not met in for longer than its rhythm, from the
/// last session I took part in there (or when I joined), read with my circles.
#[tokio::test]
async fn home_reminds_me_of_a_circle_gone_quiet_until_a_session_is_held() {
    let server = TestServer::start_at(crate::calendar::MONDAY).await;
    let cast = cast(&server).await;
    let quiet = |list: &[String]| {
        list.iter()
            .any(|n| n.starts_with("No session for you in Room circle"))
    };
    assert!(!quiet(&nudges(&cast.ada).await));

    server.advance_days(8).await;
    let ada = nudges(&cast.ada).await;
    assert!(
        ada.contains(&"No session for you in Room circle for 8 days.".to_owned()),
        "{ada:?}"
    );

    let session = start(&cast).await;
    end_session(&cast.ada, &session).await;
    assert!(!quiet(&nudges(&cast.ada).await));
    assert!(!quiet(&nudges(&cast.bea).await));
    // The host took no part in that session: the circle is still quiet for her.
    assert!(quiet(&nudges(&cast.hana).await));
}
