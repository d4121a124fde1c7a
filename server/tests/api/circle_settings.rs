//! A host changes the circle's name, purpose and rhythm: members see the new ones,
//! members and strangers cannot (404), a change over another host's newer one is
//! refused (409) and changes nothing, and a host who left is a stranger.

use crate::support::{
    room::{cast, hana_hands_over_and_leaves, member_id, Cast},
    Browser, Reply, TestServer,
};
use app::{
    circles::{Cadence, CircleView},
    error::AppError,
};

async fn change(who: &Browser, cast: &Cast, revision: i64, name: &str, cadence: &str) -> Reply {
    who.call(
        "change_circle",
        &[
            ("circle_id", cast.circle_id.as_str()),
            ("revision", &revision.to_string()),
            ("name", name),
            ("purpose", "Monthly practice, for the long haul."),
            ("cadence", cadence),
        ],
    )
    .await
}

async fn page(who: &Browser, cast: &Cast) -> String {
    let page = who.get(&format!("/circles/{}", cast.circle_id)).await;
    page.text().await.expect("the circle page")
}

async fn circle(who: &Browser, cast: &Cast) -> CircleView {
    who.call("load_circle", &[("circle_id", &cast.circle_id)])
        .await
        .json()
}

#[tokio::test]
async fn a_host_changes_the_circle_details_and_a_stale_change_is_refused() {
    let server = TestServer::start().await;
    let cast = cast(&server).await;
    let before = circle(&cast.hana, &cast).await;

    // Only hosts; the page offers it to them alone.
    for who in [&cast.ada, &cast.cai] {
        let refused = change(who, &cast, before.revision, "Taken over", "monthly").await;
        assert_eq!(refused.error(), AppError::NotFound, "{}", refused.body);
    }
    let anonymous = change(&cast.anonymous, &cast, before.revision, "X", "monthly").await;
    assert_eq!(anonymous.status, 401);
    let offer = "Change the name, purpose or rhythm";
    assert!(page(&cast.hana, &cast).await.contains(offer));
    assert!(!page(&cast.ada, &cast).await.contains(offer));

    // A name left empty is refused beside its field.
    let empty = change(&cast.hana, &cast, before.revision, " ", "monthly").await;
    assert_eq!(empty.status, 422, "{}", empty.body);
    assert_eq!(circle(&cast.ada, &cast).await.name, before.name);

    let done = change(
        &cast.hana,
        &cast,
        before.revision,
        "Monthly peers",
        "monthly",
    )
    .await;
    assert!(done.is_success(), "{}: {}", done.status, done.body);
    let back = format!("/circles/{}?notice=circle-saved", cast.circle_id);
    assert_eq!(done.location.as_deref(), Some(back.as_str()));
    let after = circle(&cast.ada, &cast).await;
    assert_eq!(after.name, "Monthly peers");
    assert_eq!(after.purpose, "Monthly practice, for the long haul.");
    assert_eq!(after.cadence, Cadence::Monthly);
    assert_eq!(after.revision, before.revision + 1);

    // A change from a page that showed the old details changes nothing.
    let stale = change(&cast.hana, &cast, before.revision, "Weekly peers", "weekly").await;
    assert_eq!(stale.status, 409, "{}", stale.body);
    assert_eq!(stale.error(), AppError::CircleChanged);
    let unchanged = circle(&cast.ada, &cast).await;
    assert_eq!(
        (unchanged.name, unchanged.cadence, unchanged.revision),
        (after.name.clone(), after.cadence, after.revision)
    );

    // A host who left is a stranger to it.
    let ada_id = member_id(&cast.bea, &cast.circle_id, "Ada Coach").await;
    hana_hands_over_and_leaves(&cast, &ada_id).await;
    let gone = change(&cast.hana, &cast, after.revision, "Ours again", "weekly").await;
    assert_eq!(gone.error(), AppError::NotFound);
    // Ada, a host now, can.
    assert!(
        change(&cast.ada, &cast, after.revision, "Ada's peers", "weekly")
            .await
            .is_success()
    );
}
