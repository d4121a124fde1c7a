//! `BENCH_ALLOCATORS=compare`: the bench's memory phase once per memory allocator,
//! on the same release binary, to choose the server's allocator on figures. Each
//! allocator gets its own server on its own copy of the freshly seeded database, and
//! the same load in the same order as the whole bench: the pages, the writes, then
//! the live rooms; resident memory is read before the load, before the rooms, at
//! the rooms' peak and 3 s after everything stopped.
//!
//! glibc is chosen through its `MALLOC_ARENA_MAX` (its own default is 8 arenas per
//! core; the server's code default yields to the variable), jemalloc and mimalloc
//! by preloading Debian's libraries (`libjemalloc2`, `libmimalloc2.0`), which replace
//! `malloc` for the whole process. The server now builds mimalloc in as Rust's global
//! allocator (chosen on these figures), so on today's binary these settings only reach
//! what C allocates (SQLite); to compare again, build the server without the
//! `#[global_allocator]` in `server/src/main.rs` first.

use super::{
    common::{percentile, setting, signed_in, Server},
    live, load, seed,
};
use serde_json::{json, Value};
use std::{path::Path, time::Duration};

const JEMALLOC: &str = "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2";
const MIMALLOC: &str = "/usr/lib/x86_64-linux-gnu/libmimalloc.so.2";

/// Each allocator's name and the environment that selects it.
fn candidates() -> Vec<(&'static str, Vec<(&'static str, String)>)> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut all = vec![
        (
            "glibc, default arenas",
            vec![("MALLOC_ARENA_MAX", (8 * cores).to_string())],
        ),
        ("glibc, 2 arenas", vec![("MALLOC_ARENA_MAX", "2".into())]),
    ];
    for (name, library) in [("jemalloc", JEMALLOC), ("mimalloc", MIMALLOC)] {
        if Path::new(library).exists() {
            all.push((name, vec![("LD_PRELOAD", library.to_owned())]));
        } else {
            println!("{name}: {library} is missing (apt-get install libjemalloc2 libmimalloc2.0)");
        }
    }
    all
}

/// Runs the memory phase under each allocator; prints a table and returns the figures.
pub async fn compare(database: &Path, seeded: &seed::Seeded, pages: &[(&str, String)]) -> Value {
    let mut figures = Vec::new();
    println!(
        "\n{:<24} {:>8} {:>12} {:>11} {:>11} {:>9} {:>18} {:>14} {:>10}",
        "allocator",
        "idle MB",
        "before rooms",
        "rooms peak",
        "rooms add",
        "after",
        "after / before",
        "Home /s, p99",
        "writes /s"
    );
    for (n, (name, environment)) in candidates().into_iter().enumerate() {
        let copy = database.with_file_name(format!("allocator-{n}.db"));
        std::fs::copy(database, &copy).expect("copy the seeded database");
        let environment: Vec<(&str, &str)> =
            environment.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let server = Server::start_with(&copy, &environment).await;
        let measured = memory_phase(&server, seeded, pages).await;
        server.stop();
        println!(
            "{name:<24} {:>8.1} {:>12.1} {:>11.1} {:>11.1} {:>9.1} {:>18.2} {:>8.0} {:>4.0} ms {:>10.0}",
            measured["idle_mb"].as_f64().unwrap_or(f64::NAN),
            measured["before_rooms_mb"].as_f64().unwrap_or(f64::NAN),
            measured["rooms_peak_mb"].as_f64().unwrap_or(f64::NAN),
            measured["rooms_add_mb"].as_f64().unwrap_or(f64::NAN),
            measured["after_mb"].as_f64().unwrap_or(f64::NAN),
            measured["after_over_idle"].as_f64().unwrap_or(f64::NAN),
            measured["home_per_second"].as_f64().unwrap_or(f64::NAN),
            measured["home_p99_ms"].as_f64().unwrap_or(f64::NAN),
            measured["writes_per_second"].as_f64().unwrap_or(f64::NAN),
        );
        figures.push(json!({ "allocator": name, "environment": format!("{environment:?}"), "figures": measured }));
    }
    Value::Array(figures)
}

/// The bench's load, in its order, with the server's resident memory along the way.
async fn memory_phase(server: &Server, seeded: &seed::Seeded, pages: &[(&str, String)]) -> Value {
    let connections = setting("BENCH_CONNECTIONS", 32);
    let seconds = setting("BENCH_LOAD_SECONDS", 3) as f64;
    let base = &server.base;
    let me = signed_in(base, &seeded.emails[0]).await;
    let idle = server.resident_mb();
    let html = [("accept", "text/html")];
    let mut home = None;
    for (_, path) in pages {
        let url = format!("{base}{path}");
        let measured = load::get(&me, &url, &html, connections, seconds).await;
        home.get_or_insert(measured);
    }
    let mut managers = Vec::new();
    for i in 1..seed::LIVE {
        let client = signed_in(base, &seeded.emails[i]).await;
        managers.push((client, seeded.live_sessions[i].clone()));
    }
    let writers = setting("BENCH_WRITERS", 64);
    let written = load::writes(base, &managers, &seeded.tracked, writers, seconds).await;
    let pair = live::Pair::meet(base).await;
    let latencies = live::sync_latency(&pair, setting("BENCH_MOVES", 500)).await;
    let before_rooms = server.resident_mb();
    let rooms = setting("BENCH_ROOMS", 1_000);
    let capacity = live::capacity(&pair, server, rooms, setting("BENCH_SECONDS", 10)).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let after = server.resident_mb();
    let home = home.unwrap_or_default();
    json!({
        "idle_mb": idle,
        "before_rooms_mb": before_rooms,
        "rooms_peak_mb": capacity.resident_mb,
        "rooms_add_mb": capacity.resident_mb - before_rooms,
        "rooms": rooms,
        "updates_missed": capacity.missed,
        "after_mb": after,
        "after_over_idle": after / idle,
        "home_per_second": home.per_second,
        "home_p99_ms": home.p99_ms,
        "writes_per_second": written.load.per_second,
        "writes_p99_ms": written.load.p99_ms,
        "move_p95_ms": percentile(&latencies, 0.95),
    })
}
