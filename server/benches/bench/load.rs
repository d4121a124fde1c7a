//! Load from many connections at once: pages and files read as fast as the server
//! answers, and writes from many writers.

use super::common::{call, percentile};
use reqwest::Client;
use serde_json::{json, Value};
use std::{
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};

/// What one load run measured.
#[derive(Clone, Debug, Default)]
pub struct Load {
    pub requests: usize,
    pub per_second: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// Answers that were not 2xx (5xx counted apart).
    pub failed: usize,
    pub server_errors: usize,
}

impl Load {
    pub fn to_json(&self) -> Value {
        json!({
            "requests": self.requests, "requests_per_second": self.per_second,
            "p50_ms": self.p50_ms, "p99_ms": self.p99_ms,
            "failed": self.failed, "server_errors_5xx": self.server_errors,
        })
    }
}

/// How long a request under load may wait for its whole answer.
const ANSWER_WITHIN: Duration = Duration::from_secs(10);

/// `connections` loops, each sending its next request as soon as the last answered,
/// for `seconds`; every answer's body is read to the end.
pub async fn get(
    client: &Client,
    url: &str,
    headers: &[(&str, &str)],
    connections: usize,
    seconds: f64,
) -> Load {
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let workers: Vec<_> = (0..connections)
        .map(|_| {
            let (client, url, stop) = (client.clone(), url.to_owned(), stop.clone());
            let headers: Vec<(String, String)> = headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            tokio::spawn(async move {
                let mut seen = Vec::new();
                while !stop.load(Ordering::Relaxed) {
                    // An answer that never comes counts as failed (status 0) instead
                    // of holding up the whole bench.
                    let mut request = client.get(&url).timeout(ANSWER_WITHIN);
                    for (k, v) in &headers {
                        request = request.header(k, v);
                    }
                    let sent = Instant::now();
                    let status = match request.send().await {
                        Ok(response) => {
                            let status = response.status().as_u16();
                            let _ = response.bytes().await;
                            status
                        }
                        Err(_) => 0,
                    };
                    seen.push((sent.elapsed().as_secs_f64() * 1000.0, status));
                }
                seen
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_secs_f64(seconds)).await;
    stop.store(true, Ordering::Relaxed);
    let mut all = Vec::new();
    for worker in workers {
        all.extend(worker.await.unwrap_or_default());
    }
    summarise(&all, started.elapsed().as_secs_f64())
}

fn summarise(seen: &[(f64, u16)], seconds: f64) -> Load {
    let mut latencies: Vec<f64> = seen.iter().map(|(ms, _)| *ms).collect();
    latencies.sort_by(f64::total_cmp);
    Load {
        requests: seen.len(),
        per_second: seen.len() as f64 / seconds,
        p50_ms: percentile(&latencies, 0.50),
        p99_ms: percentile(&latencies, 0.99),
        failed: seen.iter().filter(|(_, s)| !(200..300).contains(s)).count(),
        server_errors: seen.iter().filter(|(_, s)| *s >= 500 || *s == 0).count(),
    }
}

/// What the writers achieved.
#[derive(Debug, Default)]
pub struct Writes {
    pub load: Load,
    /// Internal errors among the refusals: a locked database shows up as one of these
    /// (the server logs the cause).
    pub internal_errors: usize,
}

/// [`writes`] by the managers with a live session in the seeded data (but the first).
pub async fn managers_writing(
    base: &str,
    seeded: &super::seed::Seeded,
    writers: usize,
    seconds: f64,
) -> Writes {
    let managers = writing_managers(base, seeded).await;
    writes(base, &managers, &seeded.tracked, writers, seconds).await
}

/// The managers with a live session in the seeded data (but the first), each signed in
/// on a browser of their own, with that session.
pub async fn writing_managers(base: &str, seeded: &super::seed::Seeded) -> Vec<(Client, String)> {
    let mut managers = Vec::new();
    for i in 1..super::seed::LIVE {
        managers.push((
            super::common::signed_in(base, &seeded.emails[i]).await,
            seeded.live_sessions[i].clone(),
        ));
    }
    managers
}

/// `writers` loops, each a signed-in manager saving this week's check-in and a private
/// note in their live session by turns, for `seconds`.
pub async fn writes(
    base: &str,
    managers: &[(Client, String)],
    tracked: &[String],
    writers: usize,
    seconds: f64,
) -> Writes {
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let tasks: Vec<_> = (0..writers)
        .map(|w| {
            let (client, session) = managers[w % managers.len()].clone();
            let (base, stop) = (base.to_owned(), stop.clone());
            let mut checkin = vec![("reflection".to_owned(), format!("Writer {w}"))];
            for (i, id) in tracked.iter().enumerate() {
                checkin.push((format!("ratings[{i}][behaviour_id]"), id.clone()));
                checkin.push((format!("ratings[{i}][rating]"), "4".to_owned()));
            }
            tokio::spawn(async move {
                let mut seen = Vec::new();
                let mut internal = 0;
                let mut n = 0usize;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    let sent = Instant::now();
                    let reply = if n.is_multiple_of(2) {
                        let fields: Vec<(&str, String)> = checkin
                            .iter()
                            .map(|(k, v)| (k.as_str(), v.clone()))
                            .collect();
                        call(&client, &base, "save_checkin", &fields).await
                    } else {
                        let note = [
                            ("session_id", session.clone()),
                            ("step", "0".to_owned()),
                            ("text", format!("Note {n} from writer {w}")),
                        ];
                        call(&client, &base, "save_private_note", &note).await
                    };
                    // Refusals come back as 500 with a typed error; only the internal
                    // error (a locked database among them) counts as a server error.
                    let ok = reply.status().is_success() || reply.status().is_redirection();
                    let body = reply.text().await.unwrap_or_default();
                    let status = if ok {
                        200
                    } else if body.contains("Internal") {
                        internal += 1;
                        500
                    } else {
                        400
                    };
                    seen.push((sent.elapsed().as_secs_f64() * 1000.0, status));
                }
                (seen, internal)
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_secs_f64(seconds)).await;
    stop.store(true, Ordering::Relaxed);
    let (mut all, mut internal_errors) = (Vec::new(), 0);
    for task in tasks {
        let (seen, internal) = task.await.unwrap_or_default();
        all.extend(seen);
        internal_errors += internal;
    }
    Writes {
        load: summarise(&all, started.elapsed().as_secs_f64()),
        internal_errors,
    }
}

/// `BENCH_ONLY=writes`: the writes on a fresh server, with its process id printed once
/// the writers have signed in, so a profiler can attach for the load that follows.
pub async fn only_writes(database: &std::path::Path, seeded: &super::seed::Seeded, seconds: f64) {
    let server = super::common::Server::start(database).await;
    let managers = writing_managers(&server.base, seeded).await;
    println!("writers signed in; the server is process {}", server.pid());
    let writers = super::common::setting("BENCH_WRITERS", 64);
    let written = writes(&server.base, &managers, &seeded.tracked, writers, seconds).await;
    println!(
        "{writers} writers: {}, {} refused ({} internal)",
        super::pages::rate(&written.load),
        written.load.failed,
        written.internal_errors
    );
}
