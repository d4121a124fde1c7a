//! Live session rooms: how fast a move reaches the other screen, and how many rooms
//! the server holds at once.
//!
//! - sync latency: one participant moves, the other's live stream receives the new
//!   state; p50/p95 over `BENCH_MOVES` moves (default 500) on loopback;
//! - capacity: `BENCH_ROOMS` live rooms (default 1,000), two connected screens each,
//!   one move per second per room for `BENCH_SECONDS` (default 10); the server's
//!   resident memory, failed moves and updates that never reached a screen.

use super::common::{browser, call, Server, PASSWORD};
use reqwest::{Client, Response};
use serde_json::Value;
use std::{
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};

/// Two signed-in people in one circle, each with their own cookie jar.
pub struct Pair {
    base: String,
    ada: Client,
    bea: Client,
    start_fields: Vec<(&'static str, String)>,
}

impl Pair {
    pub async fn meet(base: &str) -> Self {
        Self::meet_as(base, "").await
    }

    /// Another pair, in a circle of its own: `suffix` tells their accounts apart.
    async fn meet_as(base: &str, suffix: &str) -> Self {
        let (ada, bea) = (browser(), browser());
        for (client, name) in [(&ada, "Ada"), (&bea, "Bea")] {
            let fields = [
                ("email", format!("{name}{suffix}-bench@example.org")),
                ("display_name", name.to_owned()),
                ("password", PASSWORD.to_owned()),
                ("next", String::new()),
            ];
            call(client, base, "sign_up", &fields).await;
        }
        let created = call(
            &ada,
            base,
            "create_circle",
            &[
                ("name", "Bench circle".to_owned()),
                ("purpose", "Measuring.".to_owned()),
                ("cadence", "weekly".to_owned()),
            ],
        )
        .await;
        let location = created.headers()["location"]
            .to_str()
            .unwrap_or_default()
            .to_owned();
        let circle_id = location
            .trim_start_matches("/circles/")
            .split('?')
            .next()
            .unwrap_or_default()
            .to_owned();
        let circle = load_circle(&ada, base, &circle_id).await;
        let token = circle["invite_url"]
            .as_str()
            .unwrap_or_default()
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_owned();
        call(&bea, base, "join_circle", &[("token", token)]).await;
        let circle = load_circle(&ada, base, &circle_id).await;
        let bea_id = circle["members"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|m| m["display_name"] == "Bea")
            .and_then(|m| m["account_id"].as_str())
            .unwrap_or_default()
            .to_owned();
        let grow_id = circle["scripts"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|s| s[1] == "GROW")
            .and_then(|s| s[0].as_str())
            .unwrap_or_default()
            .to_owned();
        Self {
            base: base.to_owned(),
            ada,
            bea,
            start_fields: vec![
                ("circle_id", circle_id),
                ("peer_id", bea_id),
                ("my_role", "coach".to_owned()),
                ("script_id", grow_id),
            ],
        }
    }

    /// Starts a live session; returns its id.
    async fn start(&self) -> String {
        let reply = call(&self.ada, &self.base, "start_session", &self.start_fields).await;
        let location = reply
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .unwrap_or_default();
        location.trim_start_matches("/sessions/").to_owned()
    }

    async fn move_step(&self, id: &str, from: usize, to: usize) -> bool {
        let fields = [
            ("session_id", id.to_owned()),
            ("from", from.to_string()),
            ("to", to.to_string()),
        ];
        call(&self.ada, &self.base, "move_step", &fields)
            .await
            .status()
            .is_success()
    }

    async fn stream(&self, client: &Client, id: &str) -> Events {
        self.stream_at(&self.base, client, id).await
    }

    async fn stream_at(&self, base: &str, client: &Client, id: &str) -> Events {
        let response = client
            .get(format!("{base}/sessions/{id}/live"))
            .send()
            .await
            .expect("open the live stream");
        assert!(
            response.status().is_success(),
            "live stream: {}",
            response.status()
        );
        Events {
            response,
            buffer: String::new(),
        }
    }
}

async fn load_circle(client: &Client, base: &str, circle_id: &str) -> Value {
    let fields = [("circle_id", circle_id.to_owned())];
    let reply = call(client, base, "load_circle", &fields).await;
    reply.json().await.expect("circle")
}

/// Reads server-sent events: each `data:` line is a whole room state.
struct Events {
    response: Response,
    buffer: String,
}

impl Events {
    async fn next_state(&mut self) -> Option<Value> {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let event: String = self.buffer.drain(..end + 2).collect();
                if let Some(data) = event.lines().find_map(|l| l.strip_prefix("data:")) {
                    if let Ok(state) = serde_json::from_str(data.trim_start()) {
                        return Some(state);
                    }
                }
                continue;
            }
            let chunk = self.response.chunk().await.ok()??;
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }
}

/// Move → the other participant's stream, one move at a time, back and forth.
pub async fn sync_latency(pair: &Pair, moves: usize) -> Vec<f64> {
    sync_through(pair, &pair.base, moves).await.latencies
}

/// How fast moves reached the other screen, and how many never did.
pub struct Sync {
    /// Milliseconds, sorted, of the moves that arrived.
    pub latencies: Vec<f64>,
    /// Moves whose state did not reach the other screen within 2 s.
    pub lost: usize,
}

/// Move → the other participant's stream, which is opened through `screen_base`
/// (another node, on PostgreSQL; the moves go through the pair's own).
pub async fn sync_through(pair: &Pair, screen_base: &str, moves: usize) -> Sync {
    let id = pair.start().await;
    let mut events = pair.stream_at(screen_base, &pair.bea, &id).await;
    events.next_state().await;
    let mut latencies = Vec::with_capacity(moves);
    let mut lost = 0;
    for i in 0..moves {
        let (from, to) = (i % 2, 1 - i % 2);
        let started = Instant::now();
        assert!(pair.move_step(&id, from, to).await, "move {i} refused");
        let arrived = tokio::time::timeout(Duration::from_secs(2), async {
            while let Some(state) = events.next_state().await {
                if state["step"] == to {
                    return true;
                }
            }
            false
        })
        .await;
        if arrived == Ok(true) {
            latencies.push(started.elapsed().as_secs_f64() * 1000.0);
        } else {
            lost += 1;
        }
    }
    latencies.sort_by(f64::total_cmp);
    Sync { latencies, lost }
}

pub struct Capacity {
    pub moves: u64,
    pub failed: u64,
    pub missed: u64,
    pub resident_mb: f64,
}

/// Rooms started in one circle: well under its limit of sessions still to hold
/// (`app::sessions::rules::SESSIONS_TO_HOLD_MAX`), which the latency test's rooms share.
const ROOMS_PER_CIRCLE: usize = 300;

/// Many rooms at once, each with both screens connected and one move a second.
pub async fn capacity(pair: &Pair, server: &Server, rooms: usize, seconds: usize) -> Capacity {
    let mut pairs = vec![Arc::new(Pair {
        base: pair.base.clone(),
        ada: pair.ada.clone(),
        bea: pair.bea.clone(),
        start_fields: pair.start_fields.clone(),
    })];
    let mut ids = Vec::with_capacity(rooms);
    for n in 0..rooms {
        // A circle holds at most `SESSIONS_TO_HOLD_MAX` sessions under way, so the rooms
        // are spread over as many pairs, each in a circle of its own, as that takes.
        if n > 0 && n % ROOMS_PER_CIRCLE == 0 {
            let suffix = format!("-{}", n / ROOMS_PER_CIRCLE);
            pairs.push(Arc::new(Pair::meet_as(&pair.base, &suffix).await));
        }
        let pair = pairs.last().expect("a pair").clone();
        let id = pair.start().await;
        assert!(!id.is_empty(), "room {n} did not start");
        ids.push((pair, id));
    }
    let received = Arc::new(AtomicU64::new(0));
    let mut readers = Vec::new();
    for (pair, id) in &ids {
        for client in [&pair.ada, &pair.bea] {
            let mut events = pair.stream(client, id).await;
            let received = received.clone();
            readers.push(tokio::spawn(async move {
                // Count distinct steps arriving after the first (whole) state.
                let mut last = events.next_state().await.map(|s| s["revision"].clone());
                while let Some(state) = events.next_state().await {
                    if Some(&state["revision"]) != last.as_ref() {
                        last = Some(state["revision"].clone());
                        received.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }));
        }
    }
    // Let the presence events settle before counting.
    tokio::time::sleep(Duration::from_secs(2)).await;
    received.store(0, Ordering::Relaxed);
    let (moves, failed) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let movers: Vec<_> = ids
        .iter()
        .enumerate()
        .map(|(n, (pair, id))| {
            let (pair, id, moves, failed) =
                (pair.clone(), id.clone(), moves.clone(), failed.clone());
            tokio::spawn(async move {
                // Spread the rooms over the second.
                tokio::time::sleep(Duration::from_millis((n * 1000 / rooms.max(1)) as u64)).await;
                let mut tick = tokio::time::interval(Duration::from_secs(1));
                for i in 0..seconds {
                    tick.tick().await;
                    let (from, to) = (i % 2, 1 - i % 2);
                    if pair.move_step(&id, from, to).await {
                        moves.fetch_add(1, Ordering::Relaxed);
                    } else {
                        failed.fetch_add(1, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();
    let mut peak = 0.0_f64;
    for mover in movers {
        let _ = mover.await;
        peak = peak.max(server.resident_mb());
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    peak = peak.max(server.resident_mb());
    let moves = moves.load(Ordering::Relaxed);
    let expected = moves * 2;
    let got = received.load(Ordering::Relaxed);
    for reader in readers {
        reader.abort();
    }
    Capacity {
        moves,
        failed: failed.load(Ordering::Relaxed),
        missed: expected.saturating_sub(got),
        resident_mb: peak,
    }
}

/// `BENCH_ONLY=rooms`: the rooms on a fresh server, nothing measured before them.
pub async fn only_rooms(database: &std::path::Path) {
    let server = Server::start(database).await;
    let pair = Pair::meet(&server.base).await;
    let before = server.resident_mb();
    let rooms = super::common::setting("BENCH_ROOMS", 1_000);
    let seconds = super::common::setting("BENCH_SECONDS", 10);
    let held = capacity(&pair, &server, rooms, seconds).await;
    println!(
        "{rooms} rooms on a fresh server: {before:.1} → {:.1} MB (+{:.1}), {} missed, {} failed",
        held.resident_mb,
        held.resident_mb - before,
        held.missed,
        held.failed
    );
}
