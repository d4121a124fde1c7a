//! Two server nodes on one PostgreSQL database (skipped on SQLite, which has one
//! node): a room stays in step across them, presence counts the screens on both,
//! a node whose listening connection is cut catches up, and mail is sent once.

use crate::support::{
    postgres::{admin, on_postgres},
    room::{cast, create_circle, move_step, person, start, state, Cast},
    smtp::SmtpReceiver,
    Browser, TestServer,
};
use app::sessions::RoomState;
use std::time::Duration;

/// An open `GET /sessions/{id}/live` stream, read event by event.
struct Screen {
    stream: reqwest::Response,
    unread: String,
    shows: Option<RoomState>,
}

impl Screen {
    async fn open(browser: &Browser, session_id: &str) -> Self {
        let stream = browser.get(&format!("/sessions/{session_id}/live")).await;
        assert_eq!(stream.status(), 200);
        Self {
            stream,
            unread: String::new(),
            shows: None,
        }
    }

    /// Reads events until the state the screen shows satisfies `wanted`.
    async fn wait_until(&mut self, what: &str, wanted: impl Fn(&RoomState) -> bool) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while !self.shows.as_ref().is_some_and(&wanted) {
            let chunk = tokio::time::timeout_at(deadline, self.stream.chunk())
                .await
                .unwrap_or_else(|_| panic!("{what} in time; the screen shows {:?}", self.shows));
            let chunk = chunk.expect("read").expect("still open");
            self.unread.push_str(&String::from_utf8_lossy(&chunk));
            while let Some((event, rest)) = self.unread.split_once("\n\n") {
                if let Some(data) = event.lines().find_map(|l| l.strip_prefix("data: ")) {
                    self.shows = Some(serde_json::from_str(data).expect("a room state"));
                }
                self.unread = rest.to_owned();
            }
        }
    }

    async fn wait_for_step(&mut self, step: usize) {
        self.wait_until(&format!("step {step}"), |room| room.step == step)
            .await;
    }
}

/// Waits until the room, as `browser` reads it, has `count` people present.
async fn present_becomes(browser: &Browser, session_id: &str, count: usize) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let present = state(browser, session_id).await.present.len();
        if present == count {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{present} present, not {count}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Nodes A and B on one database, and a live session whose coachee, Bea, has the
/// room open through B; `None` on SQLite.
struct TwoNodes {
    a: TestServer,
    b: TestServer,
    cast: Cast,
    id: String,
    bea_screen: Screen,
}

async fn two_nodes() -> Option<TwoNodes> {
    if !on_postgres() {
        return None;
    }
    let a = TestServer::start().await;
    let b = a.node_beside(None).await;
    let cast = cast(&a).await;
    let id = start(&cast).await;
    // Signed in once through A: the browser session is in the database, so B knows it.
    let mut bea_screen = Screen::open(&cast.bea.through(&b), &id).await;
    bea_screen.wait_for_step(0).await;
    Some(TwoNodes {
        a,
        b,
        cast,
        id,
        bea_screen,
    })
}

#[tokio::test]
async fn a_room_stays_in_step_across_two_nodes() {
    let Some(mut n) = two_nodes().await else {
        return;
    };
    let bea_on_b = n.cast.bea.through(&n.b);
    // Ada, reading through A, sees Bea, whose screen is on B; Bea sees Ada arrive.
    present_becomes(&n.cast.ada, &n.id, 1).await;
    let mut ada_screen = Screen::open(&n.cast.ada, &n.id).await;
    n.bea_screen
        .wait_until("both present", |room| room.present.len() == 2)
        .await;
    ada_screen
        .wait_until("both present", |room| room.present.len() == 2)
        .await;

    assert!(move_step(&n.cast.ada, &n.id, 0, 1).await.is_success());
    n.bea_screen.wait_for_step(1).await;
    assert!(move_step(&bea_on_b, &n.id, 1, 2).await.is_success());
    ada_screen.wait_for_step(2).await;

    // Bea closes her screen on B: Ada's screen on A says so.
    drop(n.bea_screen);
    ada_screen
        .wait_until("Bea gone", |room| room.present.len() == 1)
        .await;
    assert_eq!(
        state(&bea_on_b, &n.id).await.present.len(),
        1,
        "only Ada now"
    );
}

#[tokio::test]
async fn a_node_that_lost_its_listener_catches_up() {
    let Some(mut n) = two_nodes().await else {
        return;
    };
    // The database ends both nodes' listening connections, as a restart or a network
    // cut would, and refuses new ones for a while: moves made meanwhile are notices
    // nobody hears.
    let name: String = sqlx::query_scalar("SELECT CAST(current_database() AS TEXT)")
        .fetch_one(&n.a.db().await)
        .await
        .expect("name");
    let mut admin = admin().await;
    let allow = |yes: bool| format!("ALTER DATABASE \"{name}\" WITH ALLOW_CONNECTIONS {yes}");
    sqlx::query(&allow(false))
        .execute(&mut admin)
        .await
        .expect("refuse connections");
    let cut: Vec<bool> = sqlx::query_scalar(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = $1 AND application_name LIKE 'coaching-circles listener %'",
    )
    .bind(&name)
    .fetch_all(&mut admin)
    .await
    .expect("cut the listeners");
    assert_eq!(cut, [true, true], "both nodes were listening");
    assert!(move_step(&n.cast.ada, &n.id, 0, 1).await.is_success());
    assert!(move_step(&n.cast.ada, &n.id, 1, 2).await.is_success());
    // Long enough for the listeners to try again, and be refused, at least once.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    sqlx::query(&allow(true))
        .execute(&mut admin)
        .await
        .expect("allow connections");

    // Node B listens again, re-reads its open room, and Bea's screen is whole.
    n.bea_screen.wait_for_step(2).await;
    assert!(move_step(&n.cast.ada, &n.id, 2, 3).await.is_success());
    n.bea_screen.wait_for_step(3).await;
}

#[tokio::test]
async fn two_nodes_send_each_mail_once() {
    if !on_postgres() {
        return;
    }
    let receiver = SmtpReceiver::start().await;
    let a = TestServer::start_with_mail(receiver.url()).await;
    let b = a.node_beside(Some(receiver.url())).await;
    let hana = person(&a, "Hana Host").await;
    let circle_id = create_circle(&hana, "Two-node circle").await;
    // Invitations queued through each node; whichever node leads sends them all.
    for (node, address) in [(&a, "bea@example.org"), (&b, "cai@example.org")] {
        let sent = hana
            .through(node)
            .call(
                "invite_by_email",
                &[("circle_id", &circle_id), ("addresses", address)],
            )
            .await;
        assert!(sent.is_success(), "{}: {}", sent.status, sent.body);
    }
    assert_eq!(receiver.wait_for(2).await.len(), 2);
    // Whichever node does not lead never sends: nothing comes twice.
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(receiver.received().len(), 2, "each mail sent once");
    let sent: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL")
        .fetch_one(&a.db().await)
        .await
        .expect("count");
    assert_eq!(sent, 2);
}

#[tokio::test]
async fn a_nodes_presence_rows_are_written_again_when_they_go_missing() {
    let Some(n) = two_nodes().await else {
        return;
    };
    present_becomes(&n.cast.ada, &n.id, 1).await;
    // Lost as a screen closing while another opens can lose them: node B writes its
    // rows again from the rooms it has open, at its next stamp (every 5 s).
    sqlx::query("DELETE FROM room_presence")
        .execute(&n.a.db().await)
        .await
        .expect("delete");
    present_becomes(&n.cast.ada, &n.id, 1).await;
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM room_presence")
        .fetch_one(&n.a.db().await)
        .await
        .expect("count");
    assert_eq!(rows, 1, "Bea's screen on node B, written again");
    drop(n.bea_screen);
}

/// A database restart ends every connection a node holds. The node lends a pooled
/// connection without pinging it first unless it has been idle for a second, so after
/// a quiet second every request still finds a live connection: nobody sees an error.
#[tokio::test]
async fn a_node_outlives_the_database_ending_its_connections() {
    if !on_postgres() {
        return;
    }
    let server = TestServer::start().await;
    let ada = person(&server, "Ada Coach").await;
    let db = server.db().await;
    let name: String = sqlx::query_scalar("SELECT CAST(current_database() AS TEXT)")
        .fetch_one(&db)
        .await
        .expect("name");
    db.close().await;
    let mut admin = admin().await;
    let cut: Vec<bool> = sqlx::query_scalar(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = $1 AND pid <> pg_backend_pid()",
    )
    .bind(&name)
    .fetch_all(&mut admin)
    .await
    .expect("end the node's connections");
    assert!(cut.len() >= 2, "the node's pool and its listener: {cut:?}");
    tokio::time::sleep(Duration::from_millis(1200)).await;
    for _ in 0..20 {
        let page = ada.call("checkin_page", &[]).await;
        assert!(page.is_success(), "{}: {}", page.status, page.body);
    }
}
