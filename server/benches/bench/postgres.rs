//! Issue 16's figures: the same release server on PostgreSQL, measured in the same run
//! after the SQLite figures and printed as ratios to them. Runs when
//! `TEST_POSTGRES_URL` names a PostgreSQL server (`make bench` starts a throwaway
//! cluster through `server/tests/with-postgres.sh`); otherwise says it did not.
//!
//! - pages (the same seeded data set, one node) and writes (64 writers), each as a
//!   ratio of requests per second to SQLite's: the goal is within 2× (≥ 0.5);
//! - move → other screen across two nodes: the coach moves through node A, the
//!   coachee's stream is on node B; p50/p95 over `BENCH_CROSS_MOVES` (10,000) moves,
//!   one at a time, and how many never arrived: goals p95 ≤ 100 ms and none lost;
//! - 5xx answers under all of it.

use super::{
    common::{setting, signed_in, Server},
    live, load, pages, row, seed, Row,
};
use app::db::Location;
use serde_json::{json, Map, Value};

pub async fn measure(
    sqlite: &Map<String, Value>,
    (connections, seconds): (usize, f64),
    figures: &mut Map<String, Value>,
    rows: &mut Vec<Row>,
) {
    let Some(url) = std::env::var("TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        rows.push(row(
            "PostgreSQL",
            "not measured: TEST_POSTGRES_URL unset (make bench sets it)".into(),
            None,
            "",
            None,
        ));
        return;
    };
    let seeded = seed::seed(&Location::Postgres(url.clone())).await;
    let (a, b) = (Server::start(&url).await, Server::start(&url).await);
    let me = signed_in(&a.base, &seeded.emails[0]).await;
    let measured = pages::measured(&seeded.circle_id, &seeded.live_sessions[0]);
    let mut own = Map::new();
    let (_, mut server_errors) = pages::throughput(
        &a.base,
        &me,
        &measured,
        (connections, seconds),
        &mut own,
        &mut Vec::new(),
    )
    .await;
    let written =
        load::managers_writing(&a.base, &seeded, setting("BENCH_WRITERS", 64), seconds).await;
    server_errors += written.load.server_errors;
    own.insert("writes_checkins_and_notes".into(), written.load.to_json());
    let mut keys: Vec<String> = own.keys().cloned().collect();
    keys.sort();
    for key in keys {
        let per_second = |figures: &Map<String, Value>| {
            figures[&key]["requests_per_second"]
                .as_f64()
                .unwrap_or(f64::NAN)
        };
        let ratio = per_second(&own) / per_second(sqlite);
        own[&key]["ratio_to_sqlite"] = json!(ratio);
        rows.push(row(
            format!("PostgreSQL: {}", key.replace('_', " ")),
            pages::rate(&load_of(&own[&key])),
            Some(ratio),
            "≥ 0.5× SQLite's",
            Some(ratio >= 0.5),
        ));
    }

    let pair = live::Pair::meet(&a.base).await;
    let moves = setting("BENCH_CROSS_MOVES", 10_000);
    let across = live::sync_through(&pair, &b.base, moves).await;
    let (p50, p95) = (
        super::common::percentile(&across.latencies, 0.5),
        super::common::percentile(&across.latencies, 0.95),
    );
    own.insert(
        "move_across_nodes_ms".into(),
        json!({ "moves": moves, "p50": p50, "p95": p95, "lost": across.lost,
                "goal": "p95 ≤ 100 ms, none lost", "met": p95 <= 100.0 && across.lost == 0 }),
    );
    rows.push(row(
        format!("PostgreSQL: move on node A → screen on node B ({moves} moves)"),
        format!("p50 {p50:.1} / p95 {p95:.1} ms"),
        None,
        "p95 ≤ 100 ms",
        Some(p95 <= 100.0),
    ));
    rows.push(row(
        "PostgreSQL: moves that never reached the other node's screen",
        across.lost.to_string(),
        None,
        "0",
        Some(across.lost == 0),
    ));
    own.insert("server_errors_5xx".into(), json!(server_errors));
    rows.push(row(
        "PostgreSQL: 5xx answers under all the load above",
        server_errors.to_string(),
        None,
        "0",
        Some(server_errors == 0),
    ));
    a.stop();
    b.stop();
    figures.insert("postgres".into(), Value::Object(own));
}

/// A measured load back from its JSON, for the table's wording.
fn load_of(figure: &Value) -> load::Load {
    let number = |key: &str| figure[key].as_f64().unwrap_or(f64::NAN);
    load::Load {
        requests: number("requests") as usize,
        per_second: number("requests_per_second"),
        p50_ms: number("p50_ms"),
        p99_ms: number("p99_ms"),
        failed: number("failed") as usize,
        server_errors: number("server_errors_5xx") as usize,
    }
}
