//! Circles through the real server: access rules for every circle server function,
//! invites and token rotation, members, and planning a round.

use crate::support::{
    room::{create_circle, person},
    Browser, Reply, TestServer,
};
use app::{
    circles::{CircleSummary, CircleView, InvitePreview, Role},
    error::AppError,
};

/// The calls only a host of circle `id` may make, aimed at member `target`.
fn host_calls<'a>(
    id: &'a str,
    target: &'a str,
) -> Vec<(&'static str, Vec<(&'static str, &'a str)>)> {
    vec![
        ("rotate_invite", vec![("circle_id", id)]),
        (
            "remove_member",
            vec![("circle_id", id), ("account_id", target)],
        ),
        ("make_host", vec![("circle_id", id), ("account_id", target)]),
        ("accept_round", vec![("circle_id", id)]),
    ]
}

async fn view(browser: &Browser, id: &str) -> Result<CircleView, AppError> {
    browser
        .call("load_circle", &[("circle_id", id)])
        .await
        .result()
}

async fn token_of(host: &Browser, id: &str) -> String {
    let url = view(host, id)
        .await
        .expect("host sees circle")
        .invite_url
        .expect("host sees link");
    url.rsplit('/').next().unwrap_or_default().to_owned()
}

async fn join(browser: &Browser, token: &str) -> Reply {
    browser.call("join_circle", &[("token", token)]).await
}

/// `remove_member` or `make_host` in circle `id`, aimed at `account`.
async fn about_member(browser: &Browser, call: &str, id: &str, account: &str) -> Reply {
    browser
        .call(call, &[("circle_id", id), ("account_id", account)])
        .await
}

/// Leaves circle `id`, naming `new_host` when given.
async fn leave(browser: &Browser, id: &str, new_host: Option<&str>) -> Reply {
    let mut fields = vec![("circle_id", id)];
    fields.extend(new_host.map(|host| ("new_host", host)));
    browser.call("leave_circle", &fields).await
}

/// Plans a round of one pair in circle `id`, on `day` when given.
async fn plan_pair(host: &Browser, id: &str, pair: [&str; 2], day: Option<&str>) -> Reply {
    let [coach, coachee] = pair;
    let mut fields = vec![
        ("circle_id", id),
        ("pairs[0][coach]", coach),
        ("pairs[0][coachee]", coachee),
    ];
    fields.extend(day.map(|day| ("planned_for", day)));
    host.call("accept_round", &fields).await
}

/// A circle with a host and two members who joined by the link.
async fn circle_of_three(server: &TestServer) -> (String, Browser, Browser, Browser) {
    let host = person(server, "Hana Host").await;
    let id = create_circle(&host, "Tuesday peers").await;
    let token = token_of(&host, &id).await;
    let member = person(server, "Mo Member").await;
    let other = person(server, "Olu Other").await;
    assert!(join(&member, &token).await.is_success());
    assert!(join(&other, &token).await.is_success());
    (id, host, member, other)
}

#[tokio::test]
async fn anonymous_callers_are_asked_to_sign_in_everywhere() {
    let server = TestServer::start().await;
    let (id, ..) = circle_of_three(&server).await;
    let anonymous = server.browser();
    let id = id.as_str();
    let mut calls = vec![
        ("my_circles", vec![]),
        (
            "create_circle",
            vec![("name", "x"), ("purpose", "y"), ("cadence", "weekly")],
        ),
        ("load_circle", vec![("circle_id", id)]),
        ("open_invite", vec![("token", "0")]),
        ("join_circle", vec![("token", "0")]),
        ("leave_circle", vec![("circle_id", id)]),
    ];
    calls.extend(host_calls(id, "x"));
    assert_eq!(calls.len(), 10);
    for (name, fields) in calls {
        let reply = anonymous.call(name, &fields).await;
        assert_eq!(reply.error(), AppError::NotSignedIn, "{name}");
    }
    assert_eq!(server.count("circles").await, 1);
}

#[tokio::test]
async fn strangers_get_not_found_for_everything_about_a_circle() {
    let server = TestServer::start().await;
    let (id, host, member, _) = circle_of_three(&server).await;
    let member_id = view(&member, &id).await.expect("member view").my_id;
    let stranger = person(&server, "Sam Stranger").await;
    let id = id.as_str();
    let mut calls = vec![
        ("load_circle", vec![("circle_id", id)]),
        ("leave_circle", vec![("circle_id", id)]),
    ];
    calls.extend(host_calls(id, &member_id));
    for (name, fields) in calls {
        assert_eq!(
            stranger.call(name, &fields).await.error(),
            AppError::NotFound,
            "{name}"
        );
    }
    let mine: Vec<CircleSummary> = stranger.call("my_circles", &[]).await.json();
    assert!(mine.is_empty());
    // Malformed and unknown ids look exactly the same.
    for bad in [
        "",
        "not-an-id",
        "../../etc/passwd",
        "00000000-0000-0000-0000-000000000000",
    ] {
        assert_eq!(view(&host, bad).await, Err(AppError::NotFound), "{bad:?}");
    }
    assert_eq!(server.count("circle_members").await, 3);
}

#[tokio::test]
async fn members_see_the_circle_but_only_hosts_run_it() {
    let server = TestServer::start().await;
    let (id, host, member, other) = circle_of_three(&server).await;
    let seen = view(&member, &id).await.expect("member sees the circle");
    assert_eq!(seen.my_role, Role::Member);
    assert_eq!(seen.invite_url, None, "members do not see the invite link");
    let names: Vec<_> = seen
        .members
        .iter()
        .map(|m| m.display_name.as_str())
        .collect();
    assert_eq!(names, ["Hana Host", "Mo Member", "Olu Other"]);
    let other_id = view(&other, &id).await.expect("view").my_id;
    let id = id.as_str();
    for (name, fields) in host_calls(id, &other_id) {
        assert_eq!(
            member.call(name, &fields).await.error(),
            AppError::NotFound,
            "{name}"
        );
    }
    assert_eq!(server.count("sessions").await, 0);
    let hosted = view(&host, id).await.expect("host view");
    assert!(hosted.invite_url.is_some());
    let mine: Vec<CircleSummary> = member.call("my_circles", &[]).await.json();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].member_count, 3);
}

#[tokio::test]
async fn a_rotated_token_stops_working_at_once() {
    let server = TestServer::start().await;
    let host = person(&server, "Hana Host").await;
    let id = create_circle(&host, "Rotating").await;
    let old = token_of(&host, &id).await;
    assert!(old.len() >= 32, "at least 128 bits: {old}");
    let late = person(&server, "Lee Late").await;
    let preview: InvitePreview = late.call("open_invite", &[("token", &old)]).await.json();
    assert_eq!(preview.name, "Rotating");
    assert!(host
        .call("rotate_invite", &[("circle_id", &id)])
        .await
        .is_success());
    let new = token_of(&host, &id).await;
    assert_ne!(old, new);
    assert_eq!(
        late.call("open_invite", &[("token", &old)]).await.error(),
        AppError::NotFound
    );
    assert_eq!(join(&late, &old).await.error(), AppError::NotFound);
    assert_eq!(view(&late, &id).await, Err(AppError::NotFound));
    assert!(join(&late, &new).await.is_success());
    assert!(view(&late, &id).await.is_ok());
    assert_eq!(join(&late, "junk").await.error(), AppError::NotFound);
}

#[tokio::test]
async fn an_invite_link_tells_a_visitor_the_circle_and_host_and_a_bad_one_nothing() {
    let server = TestServer::start().await;
    let host = person(&server, "Hana Host").await;
    let id = create_circle(&host, "Tuesday peers").await;
    let token = token_of(&host, &id).await;
    let visitor = server.browser();
    let welcome: app::landing::Invitation = visitor
        .call("invite_welcome", &[("token", &token)])
        .await
        .json();
    assert_eq!(
        (welcome.circle_name.as_str(), welcome.host_name.as_str()),
        ("Tuesday peers", "Hana Host")
    );
    let page = visitor.get(&format!("/join/{token}")).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap_or_default();
    assert!(html.contains("Tuesday peers") && html.contains("Hana Host invites you"));

    assert!(host
        .call("rotate_invite", &[("circle_id", &id)])
        .await
        .is_success());
    for bad in [token.as_str(), "junk"] {
        assert_eq!(
            visitor
                .call("invite_welcome", &[("token", bad)])
                .await
                .error(),
            AppError::NotFound
        );
        let page = visitor.get(&format!("/join/{bad}")).await;
        assert_eq!(page.status(), 404, "{bad}");
        let html = page.text().await.unwrap_or_default();
        assert!(html.contains("This invite link is not valid"));
        assert!(!html.contains("Tuesday peers") && !html.contains("Hana Host"));
    }
}

#[tokio::test]
async fn a_full_circle_refuses_a_thirteenth_member() {
    let server = TestServer::start().await;
    let host = person(&server, "Hana Host").await;
    let id = create_circle(&host, "Full house").await;
    let token = token_of(&host, &id).await;
    for i in 1..12 {
        let peer = person(&server, &format!("Peer {i}")).await;
        assert!(join(&peer, &token).await.is_success(), "peer {i}");
    }
    let thirteenth = person(&server, "Peer Thirteen").await;
    let preview: InvitePreview = thirteenth
        .call("open_invite", &[("token", &token)])
        .await
        .json();
    assert!(preview.full);
    let error = join(&thirteenth, &token).await.error();
    assert!(
        matches!(&error, AppError::CircleFull { .. }) && error.to_string().contains("full"),
        "{error:?}"
    );
    assert_eq!(server.count("circle_members").await, 12);
}

#[tokio::test]
async fn bad_circle_input_is_named_and_writes_nothing() {
    let server = TestServer::start().await;
    let host = person(&server, "Hana Host").await;
    let long_name = "n".repeat(81);
    let long_purpose = "p".repeat(501);
    let error = host
        .call(
            "create_circle",
            &[
                ("name", &long_name),
                ("purpose", &long_purpose),
                ("cadence", "daily"),
            ],
        )
        .await
        .error();
    for field in ["name", "purpose", "cadence"] {
        assert!(error.message_for(field).is_some(), "{field}: {error:?}");
    }
    let error = host
        .call(
            "create_circle",
            &[("name", "  "), ("purpose", ""), ("cadence", "weekly")],
        )
        .await
        .error();
    assert!(error.message_for("name").is_some() && error.message_for("purpose").is_some());
    assert_eq!(server.count("circles").await, 0);
}

#[tokio::test]
async fn the_last_host_names_a_successor_and_the_last_member_archives() {
    let server = TestServer::start().await;
    let (id, host, member, other) = circle_of_three(&server).await;
    let member_id = view(&member, &id).await.expect("view").my_id;
    for new_host in [None, Some("someone-else")] {
        let error = leave(&host, &id, new_host).await.error();
        assert!(error.message_for("new_host").is_some(), "{error:?}");
    }
    assert_eq!(server.count("circle_members").await, 3);
    let reply = leave(&host, &id, Some(&member_id)).await;
    assert!(reply.is_success(), "{}", reply.body);
    assert_eq!(view(&host, &id).await, Err(AppError::NotFound));
    assert_eq!(view(&member, &id).await.expect("view").my_role, Role::Host);
    assert!(leave(&other, &id, None).await.is_success());
    assert!(leave(&member, &id, None).await.is_success());
    assert_eq!(server.count("circles").await, 1, "archived, not deleted");
    assert_eq!(
        server.count("circles WHERE archived_at IS NOT NULL").await,
        1
    );
    assert_eq!(view(&member, &id).await, Err(AppError::NotFound));
}

#[tokio::test]
async fn hosts_remove_members_and_make_hosts() {
    let server = TestServer::start().await;
    let (id, host, member, other) = circle_of_three(&server).await;
    let host_id = view(&host, &id).await.expect("view").my_id;
    let member_id = view(&member, &id).await.expect("view").my_id;
    let other_id = view(&other, &id).await.expect("view").my_id;
    let stranger = person(&server, "Sam Stranger").await;
    let stranger_id = stranger
        .call("current_account", &[])
        .await
        .json::<serde_json::Value>()["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    // Not a member, and oneself.
    for account in [&stranger_id, &host_id] {
        let error = about_member(&host, "remove_member", &id, account)
            .await
            .error();
        assert!(error.message_for("account_id").is_some(), "{error:?}");
    }
    assert_eq!(server.count("circle_members").await, 3);
    assert!(about_member(&host, "make_host", &id, &member_id)
        .await
        .is_success());
    assert_eq!(view(&member, &id).await.expect("view").my_role, Role::Host);
    assert!(about_member(&host, "remove_member", &id, &other_id)
        .await
        .is_success());
    assert_eq!(view(&other, &id).await, Err(AppError::NotFound));
    assert_eq!(server.count("circle_members").await, 2);
}

#[tokio::test]
async fn a_host_plans_the_suggested_round_or_a_swapped_one() {
    let server = TestServer::start().await;
    let (id, host, member, _) = circle_of_three(&server).await;
    let circle = view(&host, &id).await.expect("view");
    assert_eq!(circle.suggestion.pairs.len(), 1, "{:?}", circle.suggestion);
    assert!(circle.suggestion.resting.is_some());
    let pair = &circle.suggestion.pairs[0];
    // Everything wrong at once: a non-member, and a day in the past.
    let coach = pair.coach.as_str();
    let coachee = pair.coachee.as_str();
    let error = plan_pair(&host, &id, [coach, "not-a-member"], Some("2001-01-01"))
        .await
        .error();
    assert!(
        error.message_for("pairs").is_some() && error.message_for("planned_for").is_some(),
        "{error:?}"
    );
    let error = plan_pair(&host, &id, [coach, coach], None).await.error();
    assert!(error.message_for("pairs").is_some(), "{error:?}");
    assert_eq!(server.count("sessions").await, 0);
    // Swapped: the coachee coaches.
    let reply = plan_pair(&host, &id, [coachee, coach], Some("2099-01-01")).await;
    assert!(
        reply.error().message_for("planned_for").is_some(),
        "more than a year ahead"
    );
    let reply = plan_pair(&host, &id, [coachee, coach], None).await;
    assert!(reply.is_success(), "{}: {}", reply.status, reply.body);
    let seen = view(&member, &id).await.expect("member view");
    assert_eq!(seen.sessions.len(), 1);
    assert_eq!(seen.sessions[0].coach_id, pair.coachee);
    assert_ne!(
        seen.suggestion, circle.suggestion,
        "the next suggestion moves on"
    );
}
