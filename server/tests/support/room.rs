//! A circle with a pair in it, for the session room tests.

use super::{Browser, Reply, TestServer};
use app::{circles::CircleView, sessions::room::RoomState};

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

pub async fn cast(server: &TestServer) -> Cast {
    let hana = person(server, "Hana Host").await;
    let circle_id = create_circle(&hana, "Room circle").await;
    let circle: CircleView = hana
        .call("load_circle", &[("circle_id", &circle_id)])
        .await
        .json();
    let token = circle
        .invite_url
        .expect("host sees the link")
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_owned();
    let ada = person(server, "Ada Coach").await;
    let bea = person(server, "Bea Coachee").await;
    for peer in [&ada, &bea] {
        assert!(peer
            .call("join_circle", &[("token", &token)])
            .await
            .is_success());
    }
    let circle: CircleView = ada
        .call("load_circle", &[("circle_id", &circle_id)])
        .await
        .json();
    let bea_id = circle
        .members
        .iter()
        .find(|m| m.display_name == "Bea Coachee")
        .expect("Bea")
        .account_id
        .clone();
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
        bea_id,
        grow_id,
    }
}

/// Ada starts a GROW session now, coaching Bea; returns its id.
pub async fn start(cast: &Cast) -> String {
    let reply = cast
        .ada
        .call(
            "start_session",
            &[
                ("circle_id", &cast.circle_id),
                ("peer_id", &cast.bea_id),
                ("my_role", "coach"),
                ("script_id", &cast.grow_id),
                ("topic", "Delegating"),
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
