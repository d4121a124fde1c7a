//! The peer-view form shows only what the viewer shares with the subject.

use crate::support::{
    room::{cast, create_circle, member_id, track},
    Browser, TestServer,
};
use app::checkins::{CheckinPageData, PeerViewForm};

const PRIVATE_CIRCLE: &str = "Ada's board prep";
const PRIVATE_TITLE: &str = "Name the board's fear";
const PRIVATE_DESCRIPTION: &str = "Only for the board prep circle";

/// `host` adds a behaviour to `circle_id`.
async fn add_behaviour(host: &Browser, circle_id: &str, title: &str, description: &str) {
    let mut fields = vec![
        ("circle_id", circle_id.to_owned()),
        ("title", title.to_owned()),
        ("description", description.to_owned()),
    ];
    let names: Vec<String> = (0..5).map(|i| format!("anchors[{i}]")).collect();
    for (i, name) in names.iter().enumerate() {
        fields.push((name.as_str(), format!("Level {}", i + 1)));
    }
    let fields: Vec<(&str, &str)> = fields.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let reply = host.call("add_circle_behaviour", &fields).await;
    assert!(reply.is_success(), "{}", reply.body);
}

/// `who` tracks the first two built-ins and every circle behaviour they may.
async fn track_all_circle_behaviours(who: &Browser) -> Vec<String> {
    let page: CheckinPageData = who.call("checkin_page", &[]).await.json();
    let builtins = page
        .catalogue
        .iter()
        .filter(|b| b.circle_name.is_none())
        .take(2);
    let own = page.catalogue.iter().filter(|b| b.circle_name.is_some());
    let ids: Vec<String> = builtins.chain(own).map(|b| b.id.clone()).collect();
    track(who, &ids).await;
    ids
}

#[tokio::test]
async fn the_peer_form_shows_only_builtins_and_shared_circles_behaviours() {
    let server = TestServer::start().await;
    let cast = cast(&server).await;
    add_behaviour(&cast.hana, &cast.circle_id, "Shared habit", "Ours").await;
    let private = create_circle(&cast.ada, PRIVATE_CIRCLE).await;
    add_behaviour(&cast.ada, &private, PRIVATE_TITLE, PRIVATE_DESCRIPTION).await;
    let tracked = track_all_circle_behaviours(&cast.ada).await;
    assert_eq!(
        tracked.len(),
        4,
        "two built-ins and both circles' behaviours"
    );
    let ada_id = member_id(&cast.bea, &cast.circle_id, "Ada Coach").await;

    let reply = cast
        .bea
        .call("load_peer_view_form", &[("subject_id", &ada_id)])
        .await;
    for secret in [PRIVATE_CIRCLE, PRIVATE_TITLE, PRIVATE_DESCRIPTION] {
        assert!(!reply.body.contains(secret), "{secret:?} in {}", reply.body);
    }
    let form: PeerViewForm = reply.json();
    let titles: Vec<&str> = form.behaviours.iter().map(|b| b.title.as_str()).collect();
    assert_eq!(form.behaviours.len(), 3, "{titles:?}");
    assert!(titles.contains(&"Shared habit"), "{titles:?}");

    // Nor can a view of the private behaviour be recorded by its id.
    let hidden = tracked.last().expect("the private behaviour");
    let reply = cast
        .bea
        .call(
            "record_peer_views",
            &[
                ("subject_id", ada_id.as_str()),
                ("views[0][behaviour_id]", hidden.as_str()),
                ("views[0][rating]", "4"),
                ("views[0][note]", ""),
            ],
        )
        .await;
    assert!(
        reply.error().message_for("views").is_some(),
        "{}",
        reply.body
    );
    assert_eq!(server.count("peer_views").await, 0);
}
