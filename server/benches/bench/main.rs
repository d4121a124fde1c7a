//! `make bench`: seeds a realistic data set, starts the release server on it as its own
//! process, and measures it from this one: start-up, server-rendered pages against a
//! trivial page of the same binary, static files, writes from 64 writers, live rooms,
//! and the size of the browser build. Prints a table with each goal met or not and
//! writes every figure to `target/bench/bench.json`.
//!
//! Settings (environment): BENCH_CONNECTIONS (32), BENCH_LOAD_SECONDS (3),
//! BENCH_WRITERS (64), BENCH_MOVES (500), BENCH_ROOMS (1000), BENCH_SECONDS (10);
//! BENCH_SEED_TO=path (or a postgres:// URL) only seeds the data set there and stops;
//! BENCH_ONLY=postgres measures only the PostgreSQL figures (beside SQLite, by turns),
//! BENCH_ONLY=rooms only the memory of the live rooms on a fresh server, BENCH_ONLY=tti
//! only the time to interactive and what each page downloads, BENCH_ONLY=writes only
//! the writes (printing the server's process id first, to profile it);
//! BENCH_ALLOCATORS=compare measures the memory phase under each memory allocator
//! instead (see `allocators.rs`).

mod allocators;
mod common;
mod goals;
mod live;
mod load;
mod pages;
mod postgres;
mod seed;
mod tti;

use common::{setting, signed_in, DeadlineLog, Server};
use serde_json::{json, Map, Value};
use std::time::Instant;

/// One line of the printed table.
struct Row {
    figure: String,
    value: String,
    ratio: Option<f64>,
    goal: &'static str,
    met: Option<bool>,
}

fn row(
    figure: impl Into<String>,
    value: String,
    ratio: Option<f64>,
    goal: &'static str,
    met: Option<bool>,
) -> Row {
    Row {
        figure: figure.into(),
        value,
        ratio,
        goal,
        met,
    }
}

/// The deadline's log lines of the run: a page asked for again is a render that had not
/// answered within 5 s (a lost wake-up, `docs/measurements.md`, "A page that was never
/// answered"); a request given up on was answered 503. Both should be 0.
fn deadline_row(
    prefix: &str,
    log: DeadlineLog,
    figures: &mut Map<String, Value>,
    rows: &mut Vec<Row>,
) {
    figures.insert(
        "deadline".into(),
        json!({ "pages_asked_again": log.asked_again, "given_up_503": log.given_up }),
    );
    rows.push(row(
        format!("{prefix}pages asked again after 5 s / given up (503)"),
        format!("{} / {}", log.asked_again, log.given_up),
        None,
        "0 / 0",
        Some(log.asked_again == 0 && log.given_up == 0),
    ));
}

#[tokio::main]
async fn main() {
    let connections = setting("BENCH_CONNECTIONS", 32);
    let seconds = setting("BENCH_LOAD_SECONDS", 3) as f64;
    let folder = tempfile::tempdir().expect("temp folder");
    let database = folder.path().join("bench.db");
    let mut figures = Map::new();
    let mut rows = Vec::new();

    // BENCH_SEED_TO=path or postgres://…: only seed the data set there (to profile a
    // server on it).
    if let Some(kept) = std::env::var("BENCH_SEED_TO")
        .ok()
        .filter(|v| !v.is_empty())
    {
        let location: app::db::Location = kept.parse().expect("BENCH_SEED_TO");
        let seeded = seed::seed(&location).await;
        println!(
            "Seeded {} rows into {location}; manager0@bench.example, circle {}",
            seeded.rows, seeded.circle_id
        );
        return;
    }
    if std::env::var("BENCH_ONLY").is_ok_and(|v| v == "postgres") {
        postgres::measure((connections, seconds), &mut figures, &mut rows).await;
        print_table(&rows);
        write_figures("bench-postgres.json", Value::Object(figures));
        return;
    }
    let seeding = Instant::now();
    let seeded = seed::seed(&app::db::Location::File(database.clone())).await;
    println!(
        "Seeded {} rows ({} managers, {} circles, {} weeks of check-ins, {} sessions) in {:.1} s",
        seeded.rows,
        seed::USERS,
        seed::CIRCLES,
        seed::WEEKS,
        seed::SESSIONS,
        seeding.elapsed().as_secs_f64()
    );

    if std::env::var("BENCH_ALLOCATORS").is_ok_and(|v| v == "compare") {
        let pages = pages::measured(&seeded.circle_id, &seeded.live_sessions[0]);
        let compared = allocators::compare(&database, &seeded, &pages).await;
        write_figures("allocators.json", compared);
        return;
    }

    if std::env::var("BENCH_ONLY").is_ok_and(|v| v == "tti") {
        let server = Server::start(&database).await;
        tti::record(&server.base, &seeded, &mut figures, &mut rows).await;
        print_table(&rows);
        write_figures("bench-tti.json", Value::Object(figures));
        return;
    }
    if std::env::var("BENCH_ONLY").is_ok_and(|v| v == "rooms") {
        live::only_rooms(&database).await;
        return;
    }
    if std::env::var("BENCH_ONLY").is_ok_and(|v| v == "writes") {
        load::only_writes(&database, &seeded, seconds).await;
        return;
    }
    // Start-up on an existing database: the median of five starts.
    let mut starts = Vec::new();
    for _ in 0..4 {
        let server = Server::start(&database).await;
        starts.push(server.start_ms);
        server.stop();
    }
    let server = Server::start(&database).await;
    starts.push(server.start_ms);
    starts.sort_by(f64::total_cmp);
    let start_ms = starts[2];
    figures.insert(
        "start_to_first_request_ms".into(),
        json!({ "median_of_5": start_ms, "all": starts, "goal": 300.0, "met": start_ms <= 300.0 }),
    );
    rows.push(row(
        "start to first answered request",
        format!("{start_ms:.0} ms"),
        None,
        "≤ 300 ms",
        Some(start_ms <= 300.0),
    ));

    let base = server.base.clone();
    let me = signed_in(&base, &seeded.emails[0]).await;
    let (before_load, heap_before, descriptors) = (
        server.resident_mb(),
        server.heap_mb(),
        server.open_descriptors(),
    );
    let pages = pages::measured(&seeded.circle_id, &seeded.live_sessions[0]);
    let (healthz_per_second, mut server_errors) = pages::throughput(
        &base,
        &me,
        &pages,
        (connections, seconds),
        &mut figures,
        &mut rows,
    )
    .await;

    let pkg = std::path::Path::new("../target/site/pkg");
    for extension in ["wasm", "js"] {
        let Some(file) = asset(pkg, extension) else {
            continue;
        };
        let url = format!("{base}/pkg/{file}");
        let measured = load::get(
            &me,
            &url,
            &[("accept-encoding", "br")],
            connections,
            seconds,
        )
        .await;
        let ratio = measured.per_second / healthz_per_second;
        server_errors += measured.server_errors;
        let mut entry = measured.to_json();
        entry["ratio_to_baseline"] = json!(ratio);
        figures.insert(format!("static_{extension}"), entry);
        rows.push(row(
            format!("static {extension} (brotli)"),
            pages::rate(&measured),
            Some(ratio),
            "≥ baseline",
            Some(ratio >= 1.0),
        ));
    }

    let writers = setting("BENCH_WRITERS", 64);
    let written = load::managers_writing(&base, &seeded, writers, seconds).await;
    server_errors += written.load.server_errors;
    let write_met = written.load.per_second >= 5_000.0
        && written.internal_errors == 0
        && written.load.failed == 0;
    let mut entry = written.load.to_json();
    entry["writers"] = json!(writers);
    entry["internal_errors"] = json!(written.internal_errors);
    entry["met"] = json!(write_met);
    figures.insert("writes_checkins_and_notes".into(), entry);
    rows.push(row(
        format!("check-in and note writes, {writers} writers"),
        pages::rate(&written.load),
        None,
        "≥ 5,000/s",
        Some(written.load.per_second >= 5_000.0),
    ));
    rows.push(row(
        "writes refused (database locked or other)",
        format!(
            "{} ({} internal)",
            written.load.failed, written.internal_errors
        ),
        None,
        "0",
        Some(written.load.failed == 0),
    ));

    let pair = live::Pair::meet(&base).await;
    let moves = setting("BENCH_MOVES", 500);
    let latencies = live::sync_latency(&pair, moves).await;
    let (p50, p95) = (
        common::percentile(&latencies, 0.5),
        common::percentile(&latencies, 0.95),
    );
    figures.insert(
        "sync_latency_ms".into(),
        json!({ "moves": moves, "p50": p50, "p95": p95, "goal_p95": 50.0, "met": p95 <= 50.0 }),
    );
    rows.push(row(
        format!("move → other screen p50 / p95 ({moves} moves)"),
        format!("{p50:.1} / {p95:.1} ms"),
        None,
        "p95 ≤ 50 ms",
        Some(p95 <= 50.0),
    ));
    let (rooms, room_seconds) = (setting("BENCH_ROOMS", 1_000), setting("BENCH_SECONDS", 10));
    // The load above has already grown the heap; the figure before the rooms shows how
    // much of the peak is theirs.
    let before_rooms = server.resident_mb();
    let capacity = live::capacity(&pair, &server, rooms, room_seconds).await;
    let held = capacity.failed == 0 && capacity.missed == 0;
    figures.insert(
        "live_rooms".into(),
        json!({
            "rooms": rooms, "screens": rooms * 2, "seconds": room_seconds, "moves": capacity.moves,
            "failed_moves": capacity.failed, "updates_missed": capacity.missed,
            "server_resident_mb": capacity.resident_mb,
            "server_resident_mb_before_rooms": before_rooms, "goal": "1000 rooms add at most 40 MB",
            "met": rooms >= 1_000 && capacity.resident_mb - before_rooms <= 40.0 && held,
        }),
    );
    rows.push(row(
        format!("{rooms} live rooms, 2 screens each: resident memory"),
        format!("{:.1} MB ({before_rooms:.1} before)", capacity.resident_mb),
        None,
        "adds ≤ 40 MB",
        Some(capacity.resident_mb - before_rooms <= 40.0),
    ));
    rows.push(row(
        "live updates missed / moves failed",
        format!(
            "{} / {} of {}",
            capacity.missed, capacity.failed, capacity.moves
        ),
        None,
        "0",
        Some(held),
    ));
    // The rooms have closed; what the heap gives back after all the load, once the
    // server has closed its connections.
    server.settle(descriptors).await;
    let (after_load, heap_after) = (server.resident_mb(), server.heap_mb());
    figures.insert(
        "server_resident_mb".into(),
        json!({ "before_load": before_load, "after_all_load": after_load,
                "heap_before_load": heap_before, "heap_after_all_load": heap_after }),
    );
    rows.push(row(
        "resident memory before / after all the load",
        format!("{before_load:.1} / {after_load:.1} MB (heap {heap_before:.1} / {heap_after:.1})"),
        None,
        "after ≤ 1.25× before",
        Some(after_load <= before_load * 1.25),
    ));
    // Last, so the browser's work does not weigh on the figures above.
    tti::record(&base, &seeded, &mut figures, &mut rows).await;
    figures.insert("server_errors_5xx".into(), json!(server_errors));
    rows.push(row(
        "5xx answers under all the load above",
        server_errors.to_string(),
        None,
        "0",
        Some(server_errors == 0),
    ));
    deadline_row("", server.deadline_log(), &mut figures, &mut rows);

    for extension in ["wasm", "js"] {
        let Some(file) = asset(pkg, extension) else {
            continue;
        };
        let size = |suffix: &str| {
            std::fs::metadata(pkg.join(format!("{file}{suffix}")))
                .map(|m| m.len())
                .unwrap_or(0)
        };
        let (raw, gz, br) = (size(""), size(".gz"), size(".br"));
        figures.insert(
            format!("{extension}_bytes"),
            json!({ "raw": raw, "gzip": gz, "brotli": br }),
        );
        rows.push(row(
            format!("release {extension} raw / gzip / brotli"),
            format!("{} / {} / {} KB", raw / 1024, gz / 1024, br / 1024),
            None,
            "",
            None,
        ));
    }
    server.stop();
    // Manager CIRCLES is in manager 0's circle (and live session), as a member.
    pages::queries(
        &database,
        &[&seeded.emails[0], &seeded.emails[seed::CIRCLES]],
        &pages,
        &mut figures,
        &mut rows,
    )
    .await;

    // Issue 16: the same on PostgreSQL, two nodes, as ratios to the figures above.
    postgres::measure((connections, seconds), &mut figures, &mut rows).await;

    figures.insert("machine".into(), json!(machine()));
    print_table(&rows);
    let goals = goals::judge(&figures);
    goals::print(&goals);
    figures.insert("goals".into(), goals::to_json(&goals));
    write_figures("bench.json", Value::Object(figures));
}

/// Writes `figures` to `target/bench/{name}` and says so.
fn write_figures(name: &str, figures: Value) {
    let _ = std::fs::create_dir_all("../target/bench");
    let written = std::fs::write(
        format!("../target/bench/{name}"),
        serde_json::to_string_pretty(&figures).unwrap_or_default(),
    );
    println!(
        "\n{} target/bench/{name}",
        if written.is_ok() {
            "Written to"
        } else {
            "Could not write"
        }
    );
}

/// The name of the site's `.extension` file in `pkg` (not its compressed copies).
fn asset(pkg: &std::path::Path, extension: &str) -> Option<String> {
    let entries = std::fs::read_dir(pkg).ok()?;
    entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .find(|name| name.ends_with(&format!(".{extension}")))
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpu
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|m| m.trim_start_matches([' ', '\t', ':']).to_owned())
        .unwrap_or_default();
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    format!("{cores} cores, {model}")
}

fn print_table(rows: &[Row]) {
    println!(
        "\nCoaching Circles bench — release server, loopback, {}",
        machine()
    );
    println!("{:<52} {:<34} {:>7}  goal", "figure", "value", "× base");
    for r in rows {
        let ratio = r.ratio.map(|x| format!("{x:.2}")).unwrap_or_default();
        let verdict = match r.met {
            Some(true) => format!("{} — met", r.goal),
            Some(false) => format!("{} — NOT met", r.goal),
            None => String::new(),
        };
        println!("{:<52} {:<34} {:>7}  {verdict}", r.figure, r.value, ratio);
    }
}
