//! A circle with a pair in it, and the steps many tests take with it.

use super::{Browser, Reply, TestServer};
use app::{checkins::CheckinPageData, circles::CircleView, sessions::RoomState};

pub const PASSWORD: &str = "a long enough password";

pub async fn person(server: &TestServer, name: &str) -> Browser {
    let browser = server.browser();
    let email = format!("{}@example.org", name.to_lowercase().replace(' ', "."));
    let reply = browser.sign_up(&email, name, PASSWORD).await;
    assert!(reply.is_success(), "{}: {}", reply.status, reply.body);
    browser
}

/// Hana hosts a circle that Ada and Bea joined; Cai is signed in but not in it.
pub struct Cast {
    pub hana: Browser,
    pub ada: Browser,
    pub bea: Browser,
    pub cai: Browser,
    pub anonymous: Browser,
    pub circle_id: String,
    /// The circle's invite token.
    pub token: String,
    pub bea_id: String,
    pub grow_id: String,
}

/// Creates a weekly circle named `name` as `host`; returns its id.
pub async fn create_circle(host: &Browser, name: &str) -> String {
    let reply = host
        .call(
            "create_circle",
            &[
                ("name", name),
                ("purpose", "Coaching."),
                ("cadence", "weekly"),
            ],
        )
        .await;
    let location = reply.location.expect("redirect to the circle");
    location
        .trim_start_matches("/circles/")
        .split('?')
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// The account id of the member named `name`, as `viewer` (a member) sees it.
pub async fn member_id(viewer: &Browser, circle_id: &str, name: &str) -> String {
    let circle: CircleView = viewer
        .call("load_circle", &[("circle_id", circle_id)])
        .await
        .json();
    let member = circle.members.iter().find(|m| m.display_name == name);
    member.expect("a member").account_id.clone()
}

/// The circle's invite token, as its host sees it.
pub async fn invite_token(host: &Browser, circle_id: &str) -> String {
    let circle: CircleView = host
        .call("load_circle", &[("circle_id", circle_id)])
        .await
        .json();
    circle
        .invite_url
        .expect("host sees the link")
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// Creates a script of the circle titled `title` as `author`; returns its id.
pub async fn circle_script(author: &Browser, circle_id: &str, title: &str) -> String {
    let reply = author
        .call(
            "create_script",
            &[("circle_id", circle_id), ("title", title)],
        )
        .await;
    let location = reply.location.unwrap_or_else(|| panic!("{}", reply.body));
    location
        .trim_start_matches("/scripts/")
        .trim_end_matches("/edit")
        .to_owned()
}

/// Records a commitment without a due day in the session; returns the room's state.
pub async fn commit(browser: &Browser, session_id: &str, body: &str) -> RoomState {
    commit_due(browser, session_id, body, "").await
}

/// Records a commitment due on `due_on` (`YYYY-MM-DD`, or "" for none); returns the
/// room's state.
pub async fn commit_due(
    browser: &Browser,
    session_id: &str,
    body: &str,
    due_on: &str,
) -> RoomState {
    browser
        .call(
            "add_commitment",
            &[
                ("session_id", session_id),
                ("body", body),
                ("due_on", due_on),
            ],
        )
        .await
        .json()
}

/// `browser`, one of the pair, ends the session.
pub async fn end_session(browser: &Browser, session_id: &str) {
    let ended = browser
        .call("end_session", &[("session_id", session_id)])
        .await;
    assert!(ended.is_success(), "{}: {}", ended.status, ended.body);
}

/// `who` tracks the first three behaviours of the catalogue; returns their ids.
pub async fn track_three(who: &Browser) -> Vec<String> {
    let page: CheckinPageData = who.call("checkin_page", &[]).await.json();
    let ids: Vec<String> = page
        .catalogue
        .iter()
        .take(3)
        .map(|b| b.id.clone())
        .collect();
    track(who, &ids).await;
    ids
}

/// `who` tracks the behaviours `ids`, in that order.
pub async fn track(who: &Browser, ids: &[String]) {
    let reply = ask_to_track(who, ids).await;
    assert!(reply.is_success(), "{}", reply.body);
}

/// `who` asks to track `ids`; the server's answer.
pub async fn ask_to_track(who: &Browser, ids: &[String]) -> Reply {
    let fields: Vec<(String, String)> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (format!("behaviour_ids[{i}]"), id.clone()))
        .collect();
    who.call_owned("track_behaviours", &fields).await
}

/// `who` checks in on `ids`, rating each `rating`, with `evidence` for each.
pub async fn check_in(
    who: &Browser,
    ids: &[String],
    rating: &str,
    evidence: &str,
    reflection: &str,
) -> Reply {
    let mut fields = vec![("reflection".to_owned(), reflection.to_owned())];
    for (i, id) in ids.iter().enumerate() {
        fields.push((format!("ratings[{i}][behaviour_id]"), id.clone()));
        fields.push((format!("ratings[{i}][rating]"), rating.to_owned()));
        fields.push((format!("ratings[{i}][evidence]"), evidence.to_owned()));
    }
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    who.call("save_checkin", &fields).await
}

pub async fn cast(server: &TestServer) -> Cast {
    let hana = person(server, "Hana Host").await;
    let circle_id = create_circle(&hana, "Room circle").await;
    let token = invite_token(&hana, &circle_id).await;
    let ada = person(server, "Ada Coach").await;
    let bea = person(server, "Bea Coachee").await;
    for peer in [&ada, &bea] {
        assert!(peer
            .call("join_circle", &[("token", &token)])
            .await
            .is_success());
    }
    let bea_id = member_id(&ada, &circle_id, "Bea Coachee").await;
    let circle: CircleView = ada
        .call("load_circle", &[("circle_id", &circle_id)])
        .await
        .json();
    let grow_id = circle
        .scripts
        .iter()
        .find(|(_, title)| title == "GROW")
        .expect("GROW")
        .0
        .clone();
    Cast {
        hana,
        ada,
        bea,
        cai: person(server, "Cai Stranger").await,
        anonymous: server.browser(),
        circle_id,
        token,
        bea_id,
        grow_id,
    }
}

/// Ada starts a GROW session now, coaching Bea; returns its id.
pub async fn start(cast: &Cast) -> String {
    start_coaching(cast, &cast.ada, &cast.bea_id, "Delegating").await
}

/// Hana, the cast's host, accepts a round of one pair, Ada (`ada_id`) coaching Bea,
/// with no day named.
pub async fn round_of_ada_and_bea(cast: &Cast, ada_id: &str) -> Reply {
    cast.hana
        .call(
            "accept_round",
            &[
                ("circle_id", cast.circle_id.as_str()),
                ("pairs[0][coach]", ada_id),
                ("pairs[0][coachee]", cast.bea_id.as_str()),
            ],
        )
        .await
}

/// `coach` starts a GROW session now in the cast's circle, coaching the member
/// `peer_id` on `topic`; returns its id.
pub async fn start_coaching(cast: &Cast, coach: &Browser, peer_id: &str, topic: &str) -> String {
    let reply = coach
        .call(
            "start_session",
            &[
                ("circle_id", &cast.circle_id),
                ("peer_id", peer_id),
                ("my_role", "coach"),
                ("script_id", &cast.grow_id),
                ("topic", topic),
                ("day", ""),
            ],
        )
        .await;
    let location = reply
        .location
        .unwrap_or_else(|| panic!("{}: {}", reply.status, reply.body));
    location.trim_start_matches("/sessions/").to_owned()
}

pub async fn state(browser: &Browser, id: &str) -> RoomState {
    browser
        .call("room_state", &[("session_id", id)])
        .await
        .json()
}

pub async fn move_step(browser: &Browser, id: &str, from: usize, to: usize) -> Reply {
    browser
        .call(
            "move_step",
            &[
                ("session_id", id),
                ("from", &from.to_string()),
                ("to", &to.to_string()),
            ],
        )
        .await
}

/// Hana, the circle's host, makes `new_host_id` a host and leaves the circle.
pub async fn hana_hands_over_and_leaves(cast: &Cast, new_host_id: &str) {
    let made = cast
        .hana
        .call(
            "make_host",
            &[
                ("circle_id", cast.circle_id.as_str()),
                ("account_id", new_host_id),
            ],
        )
        .await;
    assert!(made.is_success(), "{}", made.body);
    let left = cast
        .hana
        .call("leave_circle", &[("circle_id", &cast.circle_id)])
        .await;
    assert!(left.is_success(), "{}", left.body);
}
