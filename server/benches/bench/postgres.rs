//! Issue 16's figures: the same release server on PostgreSQL, each as a ratio to the
//! same binary on SQLite. Runs when `TEST_POSTGRES_URL` names a PostgreSQL server
//! (`make bench` starts a throwaway cluster through `server/tests/with-postgres.sh`);
//! otherwise says it did not.
//!
//! - pages and writes: the data set is seeded into PostgreSQL and into a fresh SQLite
//!   file, a server runs on each, and every figure is measured on both by turns —
//!   SQLite, PostgreSQL, PostgreSQL, SQLite — the ratio being PostgreSQL's requests
//!   per second over SQLite's; the goal is within 2× (≥ 0.5). By turns because this
//!   machine's speed drifts over minutes: with SQLite measured at the start of the
//!   bench and PostgreSQL twenty minutes later, the sign-in page, which reads nothing
//!   from either database, came out anywhere from 0.63× to 0.90× SQLite's;
//! - move → other screen across two nodes: the coach moves through node A, the
//!   coachee's stream is on node B; p50/p95 over `BENCH_CROSS_MOVES` (10,000) moves,
//!   one at a time, and how many never arrived: goals p95 ≤ 100 ms and none lost;
//! - 5xx answers under all of it.

use super::{
    common::{browser, setting, signed_in, Server},
    live,
    load::{self, Load},
    pages::{self, HTML},
    row, seed, Row,
};
use app::db::Location;
use reqwest::Client;
use serde_json::{json, Map, Value};

/// One database's server, with what the load needs on it.
struct Side {
    server: Server,
    seeded: seed::Seeded,
    /// The measured pages, as (name, URL).
    pages: Vec<(&'static str, String)>,
    /// Manager 0, signed in.
    me: Client,
    /// The other managers with a live session, signed in, for the writes.
    writers: Vec<(Client, String)>,
}

impl Side {
    async fn start(database: &std::ffi::OsStr, seeded: seed::Seeded) -> Self {
        let server = Server::start(database).await;
        let pages = pages::measured(&seeded.circle_id, &seeded.live_sessions[0])
            .into_iter()
            .map(|(name, path)| (name, format!("{}{path}", server.base)))
            .collect();
        Self {
            me: signed_in(&server.base, &seeded.emails[0]).await,
            writers: load::writing_managers(&server.base, &seeded).await,
            pages,
            server,
            seeded,
        }
    }
}

/// `run` on SQLite (0), PostgreSQL (1), PostgreSQL, SQLite, and each side's two runs
/// as one: a drift in the machine's speed during the four weighs on both alike.
async fn by_turns(mut run: impl AsyncFnMut(usize) -> Load) -> [Load; 2] {
    let mut runs: [Vec<Load>; 2] = Default::default();
    for side in [0, 1, 1, 0] {
        runs[side].push(run(side).await);
    }
    runs.map(|two| Load {
        requests: two.iter().map(|l| l.requests).sum(),
        per_second: two.iter().map(|l| l.per_second).sum::<f64>() / two.len() as f64,
        p50_ms: two.iter().map(|l| l.p50_ms).sum::<f64>() / two.len() as f64,
        p99_ms: two.iter().map(|l| l.p99_ms).fold(0.0, f64::max),
        failed: two.iter().map(|l| l.failed).sum(),
        server_errors: two.iter().map(|l| l.server_errors).sum(),
    })
}

pub async fn measure(
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
    let folder = tempfile::tempdir().expect("temp folder");
    let file = folder.path().join("beside-postgres.db");
    let sides = [
        Side::start(
            file.as_os_str(),
            seed::seed(&Location::File(file.clone())).await,
        )
        .await,
        Side::start(
            url.as_ref(),
            seed::seed(&Location::Postgres(url.clone())).await,
        )
        .await,
    ];
    let b = Server::start(&url).await;
    let mut own = Map::new();
    let mut server_errors = 0;
    let stranger = browser();
    let mut measured: Vec<(String, [Load; 2])> = Vec::new();
    let sign_in = by_turns(async |side| {
        let url = format!("{}/sign-in", sides[side].server.base);
        load::get(&stranger, &url, &HTML, connections, seconds).await
    })
    .await;
    measured.push(("baseline_sign_in_page".into(), sign_in));
    for n in 0..sides[0].pages.len() {
        let url = |side: usize| &sides[side].pages[n].1;
        // A second of the same load first on each, not counted: a fresh server's
        // connections prepare each statement on first use.
        for side in [0, 1] {
            load::get(&sides[side].me, url(side), &HTML, connections, 1.0).await;
        }
        let loads = by_turns(async |side| {
            load::get(&sides[side].me, url(side), &HTML, connections, seconds).await
        })
        .await;
        let name = sides[0].pages[n].0;
        let key = format!("page_{}", name.replace(' ', "_").to_lowercase());
        measured.push((key, loads));
    }
    let writers = setting("BENCH_WRITERS", 64);
    let written = by_turns(async |side| {
        let s = &sides[side];
        let tracked = &s.seeded.tracked;
        load::writes(&s.server.base, &s.writers, tracked, writers, seconds)
            .await
            .load
    })
    .await;
    measured.push(("writes_checkins_and_notes".into(), written));
    for (key, [lite, pg]) in measured {
        server_errors += lite.server_errors + pg.server_errors;
        let ratio = pg.per_second / lite.per_second;
        let mut entry = pg.to_json();
        entry["ratio_to_sqlite"] = json!(ratio);
        entry["sqlite_by_turns"] = lite.to_json();
        own.insert(key.clone(), entry);
        // The sign-in page reads nothing from either database: it shows how evenly
        // the turns fell, and is no goal.
        let goal = !key.starts_with("baseline");
        rows.push(row(
            format!("PostgreSQL: {}", key.replace('_', " ")),
            format!("{} (SQLite {:.0}/s)", pages::rate(&pg), lite.per_second),
            Some(ratio),
            if goal { "≥ 0.5× SQLite's" } else { "" },
            goal.then_some(ratio >= 0.5),
        ));
    }
    // The SQLite side stops here; what its deadline logged is counted first.
    let sqlite_logged = sides[0].server.deadline_log();
    let [_, Side { server: a, .. }] = sides;
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
    let logged = sqlite_logged + a.deadline_log() + b.deadline_log();
    super::deadline_row("PostgreSQL: ", logged, &mut own, rows);
    a.stop();
    b.stop();
    figures.insert("postgres".into(), Value::Object(own));
}
