//! The goals of issue 13 ("Light and fast"), each judged from the figures measured
//! in this run: printed as met / NOT met, or "see figures" when no number decides it
//! (not measured yet, or judged by reading), and kept under "goals" in `bench.json`.

use serde_json::{json, Map, Value};

pub struct Goal {
    name: &'static str,
    target: &'static str,
    measured: String,
    met: Option<bool>,
}

/// Every goal, in the order.
pub fn judge(figures: &Map<String, Value>) -> Vec<Goal> {
    vec![
        download(figures),
        interactive(figures),
        pages(figures),
        reads(figures),
        writes(figures),
        memory(figures),
    ]
}

fn number(figures: &Map<String, Value>, path: &[&str]) -> f64 {
    let mut value = figures.get(path[0]);
    for key in &path[1..] {
        value = value.and_then(|v| v.get(key));
    }
    value.and_then(Value::as_f64).unwrap_or(f64::NAN)
}

/// The pages the browser measured (`tti.mjs`).
fn browser_pages(figures: &Map<String, Value>) -> Vec<Value> {
    figures
        .get("time_to_interactive")
        .and_then(|m| m["pages"].as_array())
        .cloned()
        .unwrap_or_default()
}

/// The largest `figure` of Home and of the session room's pages (it is measured in
/// two states), each divided by `unit`.
fn home_and_room(pages: &[Value], figure: &str, unit: f64) -> (f64, f64) {
    let largest = |room: bool| {
        pages
            .iter()
            .filter(|p| {
                p["name"]
                    .as_str()
                    .unwrap_or_default()
                    .starts_with("session room")
                    == room
            })
            .map(|p| p[figure].as_f64().unwrap_or(f64::NAN) / unit)
            .fold(f64::NAN, f64::max)
    };
    (largest(false), largest(true))
}

/// What each page fetched in wasm and JS before it was live (measured in Chromium
/// with the time to interactive): pages without islands fetch none.
fn download(figures: &Map<String, Value>) -> Goal {
    let (home, room) = home_and_room(&browser_pages(figures), "median_script_bytes", 1024.0);
    let wasm = number(figures, &["wasm_bytes", "brotli"]) / 1024.0;
    Goal {
        name: "1. download before interactive (wasm + JS, brotli)",
        target: "Home ≤ 200 KB, room ≤ 300 KB, no page needs every page's code",
        measured: format!(
            "Home {home:.0} KB, room {room:.0} KB (the islands' one wasm: {wasm:.0} KB; pages without islands fetch none)"
        ),
        met: Some(home <= 200.0 && room <= 300.0),
    }
}

/// Navigation start to hydrated, the median of 5 fresh loads in Chromium; the
/// session room is judged by the slower of its two states (planned and live).
fn interactive(figures: &Map<String, Value>) -> Goal {
    let (name, target) = (
        "2. interactive on Fast 3G",
        "Home ≤ 1.5 s, room ≤ 2.0 s (median of 5)",
    );
    let measured = figures.get("time_to_interactive");
    if let Some(reason) = measured.and_then(|m| m["not_measured"].as_str()) {
        return Goal {
            name,
            target,
            measured: format!("not measured: {reason}"),
            met: None,
        };
    }
    let pages = browser_pages(figures);
    let median = |page: &Value, key: &str| page[key].as_f64().unwrap_or(f64::NAN) / 1000.0;
    let shown: Vec<String> = pages
        .iter()
        .map(|p| {
            format!(
                "{} {:.2} s (painted {:.2} s)",
                p["name"].as_str().unwrap_or_default(),
                median(p, "median_hydrated_ms"),
                median(p, "median_painted_ms")
            )
        })
        .collect();
    let (home, room) = home_and_room(&pages, "median_hydrated_ms", 1000.0);
    Goal {
        name,
        target,
        measured: shown.join("; "),
        met: Some(home <= 1.5 && room <= 2.0),
    }
}

fn pages(figures: &Map<String, Value>) -> Goal {
    let names = ["home", "circle_page", "mirror", "session_room"];
    let shown: Vec<String> = names
        .iter()
        .map(|name| {
            let key = format!("page_{name}");
            format!(
                "{name} {:.2}× p99 {:.0} ms",
                number(figures, &[key.as_str(), "ratio_to_sign_in_page"]),
                number(figures, &[key.as_str(), "p99_ms"])
            )
        })
        .collect();
    let met = names.iter().all(|name| {
        figures
            .get(&format!("page_{name}"))
            .and_then(|p| p.get("met"))
            .and_then(Value::as_bool)
            .unwrap_or(false)
    });
    Goal {
        name: "3. server-rendered pages",
        target: "each ≥ 0.5× sign-in page, p99 ≤ 25 ms",
        measured: shown.join("; "),
        met: Some(met),
    }
}

/// Browser sessions load through the reader pool and the account once per request
/// (both by construction, see `server/src/session_store.rs` and `accounts::auth`).
/// Statements per visit are printed for two managers; they differ by role (a host
/// sees more) and by what there is to show, so "no query per row" is judged by
/// reading the statements listed under `statements_of_one_visit`, not by a number.
fn reads(figures: &Map<String, Value>) -> Goal {
    let counted = figures
        .get("statements_per_page")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let shown: Vec<String> = counted
        .iter()
        .map(|(page, counts)| format!("{page} {counts}"))
        .collect();
    Goal {
        name: "4. reads never wait on the writer",
        target: "sessions via readers, account once a request, no query per row",
        measured: format!("statements per visit, two managers: {}", shown.join("; ")),
        met: None,
    }
}

fn writes(figures: &Map<String, Value>) -> Goal {
    let key = "writes_checkins_and_notes";
    let (rate, p99) = (
        number(figures, &[key, "requests_per_second"]),
        number(figures, &[key, "p99_ms"]),
    );
    let (refused, internal) = (
        number(figures, &[key, "failed"]),
        number(figures, &[key, "internal_errors"]),
    );
    Goal {
        name: "5. writes, 64 writers",
        target: "≥ 5,000 saves/s, p99 ≤ 50 ms, 0 refused (durability: the crash test)",
        measured: format!("{rate:.0}/s, p99 {p99:.0} ms, {refused} refused ({internal} internal)"),
        met: Some(rate >= 5_000.0 && p99 <= 50.0 && refused == 0.0 && internal == 0.0),
    }
}

fn memory(figures: &Map<String, Value>) -> Goal {
    let rooms = "live_rooms";
    let added = number(figures, &[rooms, "server_resident_mb"])
        - number(figures, &[rooms, "server_resident_mb_before_rooms"]);
    let (start, end) = (
        number(figures, &["server_resident_mb", "before_load"]),
        number(figures, &["server_resident_mb", "after_all_load"]),
    );
    let (heap_start, heap_end) = (
        number(figures, &["server_resident_mb", "heap_before_load"]),
        number(figures, &["server_resident_mb", "heap_after_all_load"]),
    );
    Goal {
        name: "6. memory",
        target: "1,000 rooms add ≤ 40 MB; after the bench ≤ 1.25× before",
        measured: format!(
            "rooms add {added:.0} MB; {start:.0} MB before the load, {end:.0} MB after ({:.2}×; \
             heap {heap_start:.0} → {heap_end:.0} MB, the rest mapped from the binary)",
            end / start
        ),
        met: Some(added <= 40.0 && end <= start * 1.25),
    }
}

pub fn print(goals: &[Goal]) {
    println!("\nGoals of issue 13");
    for goal in goals {
        let verdict = match goal.met {
            Some(true) => "met",
            Some(false) => "NOT met",
            None => "see figures",
        };
        println!(
            "{:<52} {verdict:<12} {} — {}",
            goal.name, goal.target, goal.measured
        );
    }
}

pub fn to_json(goals: &[Goal]) -> Value {
    Value::Array(
        goals
            .iter()
            .map(|g| {
                json!({ "goal": g.name, "target": g.target, "measured": g.measured, "met": g.met })
            })
            .collect(),
    )
}
