//! Server-rendered pages: each measured against two pages of the same binary in the
//! same run — `/healthz` (no page at all) and the signed-out sign-in page (a page with
//! no data) — and the SQL statements one visit to each page runs.

use super::{
    common::{browser, Server},
    load::{self, Load},
    row, Row,
};
use reqwest::Client;
use serde_json::{json, Map};
use std::{path::Path, time::Duration};

/// The signed-in pages the goals name, as (name, path).
pub fn measured(circle_id: &str, live_session: &str) -> Vec<(&'static str, String)> {
    vec![
        ("Home", "/".to_owned()),
        ("circle page", format!("/circles/{circle_id}")),
        ("mirror", "/mirror".to_owned()),
        ("session room", format!("/sessions/{live_session}")),
    ]
}

pub const HTML: [(&str, &str); 1] = [("accept", "text/html")];

/// Load on `/healthz`, the sign-in page and each of `pages`; returns `/healthz`'s
/// requests per second and the count of 5xx answers.
pub async fn throughput(
    base: &str,
    me: &Client,
    pages: &[(&'static str, String)],
    (connections, seconds): (usize, f64),
    figures: &mut Map<String, serde_json::Value>,
    rows: &mut Vec<Row>,
) -> (f64, usize) {
    let healthz = load::get(me, &format!("{base}/healthz"), &HTML, connections, seconds).await;
    figures.insert("baseline_healthz".into(), healthz.to_json());
    rows.push(row(
        format!("baseline: /healthz, {connections} connections"),
        rate(&healthz),
        Some(1.0),
        "",
        None,
    ));
    let stranger = browser();
    let sign_in = load::get(
        &stranger,
        &format!("{base}/sign-in"),
        &HTML,
        connections,
        seconds,
    )
    .await;
    let page_base = sign_in.per_second;
    let mut entry = sign_in.to_json();
    entry["ratio_to_healthz"] = json!(page_base / healthz.per_second);
    figures.insert("baseline_sign_in_page".into(), entry);
    rows.push(row(
        "page baseline: sign-in page, signed out",
        rate(&sign_in),
        Some(1.0),
        "",
        None,
    ));
    let mut server_errors = healthz.server_errors + sign_in.server_errors;
    for (name, path) in pages {
        let first = me
            .get(format!("{base}{path}"))
            .header("accept", "text/html");
        let status = first.send().await.expect("page").status();
        assert_eq!(status, 200, "{name} ({path}) answers");
        // A second of the same load first, not counted: a fresh server's connections
        // prepare each statement on first use (and PostgreSQL plans it), which is
        // not what a page costs once the server has run a while.
        load::get(me, &format!("{base}{path}"), &HTML, connections, 1.0).await;
        let measured = load::get(me, &format!("{base}{path}"), &HTML, connections, seconds).await;
        let ratio = measured.per_second / page_base;
        let met = ratio >= 0.5 && measured.p99_ms <= 25.0;
        server_errors += measured.server_errors;
        let mut entry = measured.to_json();
        entry["ratio_to_sign_in_page"] = json!(ratio);
        entry["ratio_to_healthz"] = json!(measured.per_second / healthz.per_second);
        entry["met"] = json!(met);
        figures.insert(
            format!("page_{}", name.replace(' ', "_").to_lowercase()),
            entry,
        );
        rows.push(row(
            format!("{name} ({path})"),
            rate(&measured),
            Some(ratio),
            "≥ 0.5× sign-in page, p99 ≤ 25 ms",
            Some(met),
        ));
    }
    (healthz.per_second, server_errors)
}

/// Starts a second server on the same database that logs every SQL statement, and
/// counts the statements of one visit to each page (the browser session's own
/// load and save included) for each of `emails`: managers with other roles and other
/// rows, so a statement per row shows as a difference. Run apart from the load:
/// logging every statement would slow the figures above.
pub async fn queries(
    database: &Path,
    emails: &[&str],
    pages: &[(&'static str, String)],
    figures: &mut Map<String, serde_json::Value>,
    rows: &mut Vec<Row>,
) {
    let log = database.with_extension("statements.log");
    let server = Server::start_logging(database, "warn,sqlx::query=debug", &log).await;
    // Each statement's summary (its first words), in the order they ran.
    let statements = || -> Vec<String> {
        std::fs::read_to_string(&log)
            .unwrap_or_default()
            .lines()
            .filter(|l| l.contains("sqlx::query"))
            .map(|l| {
                let plain = without_colours(l);
                let summary = plain.split("summary=").nth(1).unwrap_or(&plain);
                summary.chars().take(90).collect()
            })
            .collect()
    };
    let mut counts = vec![Vec::new(); pages.len()];
    let mut listed = Map::new();
    for email in emails {
        let me = super::common::signed_in(&server.base, email).await;
        for (n, (_, path)) in pages.iter().enumerate() {
            // Once to warm up, then the visit that is counted.
            let visit = || {
                me.get(format!("{}{path}", server.base))
                    .header("accept", "text/html")
            };
            let warm = visit().send().await.expect("page");
            assert_eq!(warm.status(), 200, "{email} may see {path}");
            let _ = warm.text().await;
            tokio::time::sleep(Duration::from_millis(200)).await;
            let before = statements().len();
            let _ = visit().send().await.expect("page").text().await;
            tokio::time::sleep(Duration::from_millis(200)).await;
            let run = statements().split_off(before);
            counts[n].push(run.len());
            listed.entry(pages[n].0).or_insert(json!(run));
        }
    }
    let mut counted = Map::new();
    for ((name, _), counts) in pages.iter().zip(counts) {
        let shown: Vec<String> = counts.iter().map(|c| c.to_string()).collect();
        counted.insert((*name).into(), json!(counts));
        rows.push(row(
            format!("SQL statements for one visit: {name}"),
            format!("{} (one per manager)", shown.join(" / ")),
            None,
            "",
            None,
        ));
    }
    figures.insert(
        "statements_per_page".into(),
        serde_json::Value::Object(counted),
    );
    figures.insert(
        "statements_of_one_visit".into(),
        serde_json::Value::Object(listed),
    );
    server.stop();
}

/// A log line without its terminal colour codes (`ESC [ … m`).
fn without_colours(line: &str) -> String {
    let mut plain = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            chars.by_ref().find(|&c| c == 'm');
        } else {
            plain.push(c);
        }
    }
    plain
}

pub fn rate(load: &Load) -> String {
    format!(
        "{:.0}/s p50 {:.2} p99 {:.2} ms",
        load.per_second, load.p50_ms, load.p99_ms
    )
}
