//! Time to interactive: Debian's Chromium loads pages from the release server over an
//! emulated "Fast 3G" connection (see `tti.mjs`, run with node and the end-to-end
//! suite's Playwright), signed in as a seeded manager. Without node or Chromium the
//! goal is reported as not measured, with the reason; the bench never fails for it.

use reqwest::{redirect::Policy, Client};
use serde_json::{json, Value};
use std::{path::Path, process::Command};

const CHROMIUM: &str = "/usr/bin/chromium";
const END2END: &str = "../end2end";
/// Fresh page loads per page; the median is the figure.
const RUNS: usize = 5;

/// Loads each of `pages` (name, path) `RUNS` times as `email`; the script's figures,
/// or why they could not be measured.
pub async fn measure(base: &str, email: &str, pages: &[(&str, String)]) -> Result<Value, String> {
    if !Path::new(CHROMIUM).exists() {
        return Err(format!("no Chromium at {CHROMIUM}"));
    }
    if !Path::new(END2END).join("node_modules/playwright").exists() {
        return Err("Playwright is not installed in end2end/ (npm ci there)".into());
    }
    let cookie = session_cookie(base, email).await?;
    let settings = json!({
        "base": base,
        "cookie": cookie,
        "pages": pages.iter().map(|(name, path)| json!({ "name": name, "path": path })).collect::<Vec<_>>(),
        "runs": RUNS,
        "end2end": END2END,
        "chromium": CHROMIUM,
    });
    let ran = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .arg("benches/bench/tti.mjs")
            .arg(settings.to_string())
            .output()
    })
    .await
    .map_err(|e| e.to_string())?
    .map_err(|e| format!("cannot run node: {e}"))?;
    if !ran.status.success() {
        let error = String::from_utf8_lossy(&ran.stderr);
        let last = error.lines().rfind(|l| !l.trim().is_empty()).unwrap_or("");
        return Err(format!("the browser run failed: {last}"));
    }
    serde_json::from_slice(&ran.stdout).map_err(|e| format!("unreadable figures: {e}"))
}

/// Signs in and returns the browser session's cookie as `{name, value}`, for the
/// browser contexts the script opens.
async fn session_cookie(base: &str, email: &str) -> Result<Value, String> {
    let client = Client::builder()
        .redirect(Policy::none())
        .build()
        .map_err(|e| e.to_string())?;
    let fields = [
        ("email", email),
        ("password", super::common::PASSWORD),
        ("next", ""),
    ];
    let reply = client
        .post(format!("{base}/api/sign_in"))
        .form(&fields)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let set = reply
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .ok_or("signing in set no cookie")?;
    let pair = set.split(';').next().unwrap_or_default();
    let (name, value) = pair.split_once('=').ok_or("an unreadable cookie")?;
    Ok(json!({ "name": name, "value": value }))
}

/// The median "hydrated" and "painted" figures of the page named `name`, in ms, and
/// the wasm and JS it fetched, in KB.
pub fn medians(figures: &Value, name: &str) -> Option<(f64, f64, f64)> {
    let page = figures["pages"]
        .as_array()?
        .iter()
        .find(|p| p["name"] == name)?;
    Some((
        page["median_hydrated_ms"].as_f64()?,
        page["median_painted_ms"].as_f64().unwrap_or(f64::NAN),
        page["median_script_bytes"].as_f64().unwrap_or(f64::NAN) / 1024.0,
    ))
}

/// Measures Home and the session room (planned, and live) as manager 0, and records
/// the figures under `time_to_interactive`, or why they are missing.
pub async fn record(
    base: &str,
    seeded: &super::seed::Seeded,
    figures: &mut serde_json::Map<String, Value>,
    rows: &mut Vec<super::Row>,
) {
    let pages = [
        ("Home", "/".to_owned()),
        (
            "session room, planned",
            format!("/sessions/{}", seeded.planned_session),
        ),
        (
            "session room, live",
            format!("/sessions/{}", seeded.live_sessions[0]),
        ),
    ];
    match measure(base, &seeded.emails[0], &pages).await {
        Ok(measured) => {
            for (name, path) in &pages {
                let Some((hydrated, painted, scripts)) = medians(&measured, name) else {
                    continue;
                };
                let goal = if *name == "Home" { 1_500.0 } else { 2_000.0 };
                rows.push(super::row(
                    format!("interactive on Fast 3G: {name} ({path})"),
                    format!(
                        "{:.2} s (painted {:.2} s), {scripts:.0} KB wasm + JS",
                        hydrated / 1000.0,
                        painted / 1000.0
                    ),
                    None,
                    if goal < 2_000.0 {
                        "≤ 1.5 s"
                    } else {
                        "≤ 2.0 s"
                    },
                    Some(hydrated <= goal),
                ));
            }
            figures.insert("time_to_interactive".into(), measured);
        }
        Err(reason) => {
            println!("Time to interactive not measured: {reason}");
            figures.insert(
                "time_to_interactive".into(),
                json!({ "not_measured": reason }),
            );
        }
    }
}
