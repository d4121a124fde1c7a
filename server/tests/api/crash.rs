//! Crash safety: the real server binary takes concurrent writes, is killed with
//! SIGKILL mid-stream, and restarts; every write it acknowledged is still there and
//! the database passes its integrity check.

use crate::support::{
    fresh_location, integrity_is_ok, open_database,
    process::{free_port, serve},
};
use reqwest::{redirect::Policy, Client};
use std::{
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_writes_survive_a_kill() {
    let folder = tempfile::tempdir().expect("temp");
    let database = fresh_location(&folder).await;
    let port = free_port();
    let mut server = serve(&database, port, &[]);
    let base = format!("http://127.0.0.1:{port}");
    let client = Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .expect("client");
    let signed_up = client
        .post(format!("{base}/api/sign_up"))
        .form(&[
            ("email", "crash@example.org"),
            ("display_name", "Crash Test"),
            ("password", "a long enough password"),
            ("next", ""),
        ])
        .send()
        .await
        .expect("sign up");
    assert!(signed_up.status().is_redirection() || signed_up.status().is_success());

    // Eight writers each save new versions of their own script as fast as they can
    // (versions are unbounded, unlike circles per person); each title the server
    // acknowledged is recorded.
    let created = client
        .post(format!("{base}/api/create_circle"))
        .form(&[
            ("name", "Crash"),
            ("purpose", "Crash test."),
            ("cadence", "weekly"),
        ])
        .send()
        .await
        .expect("circle");
    let circle_id = created.headers()["location"]
        .to_str()
        .expect("location")
        .trim_start_matches("/circles/")
        .split('?')
        .next()
        .unwrap_or_default()
        .to_owned();
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let mut writers = Vec::new();
    for writer in 0..8 {
        let script = client
            .post(format!("{base}/api/create_script"))
            .form(&[("circle_id", circle_id.as_str()), ("title", "Draft")])
            .send()
            .await
            .expect("script");
        let script_id = script.headers()["location"]
            .to_str()
            .expect("location")
            .trim_start_matches("/scripts/")
            .trim_end_matches("/edit")
            .to_owned();
        let detail: app::scripts::ScriptDetail = client
            .post(format!("{base}/api/load_script"))
            .form(&[("script_id", script_id.as_str())])
            .send()
            .await
            .expect("load")
            .json()
            .await
            .expect("detail");
        let (client, base, acknowledged) = (client.clone(), base.clone(), acknowledged.clone());
        writers.push(tokio::spawn(async move {
            let mut content = detail.content;
            for version in 1.. {
                content.title = format!("Version {writer}-{version}");
                let reply = client
                    .post(format!("{base}/api/save_script"))
                    .json(&serde_json::json!({
                        "script_id": script_id, "base_version": version, "content": content,
                    }))
                    .send()
                    .await;
                match reply {
                    Ok(r) if r.status().is_success() => {
                        acknowledged
                            .lock()
                            .map(|mut a| a.push(content.title.clone()))
                            .ok();
                    }
                    // The server is gone: stop.
                    _ => break,
                }
            }
        }));
    }
    // Let writes flow, then kill the server without warning. A bound, so writers that
    // stopped early fail the test instead of hanging it.
    let deadline = Instant::now() + Duration::from_secs(90);
    while acknowledged.lock().map(|a| a.len()).unwrap_or(0) < 200 {
        assert!(Instant::now() < deadline, "200 writes acknowledged in time");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    server.kill().expect("SIGKILL");
    server.wait().expect("reaped");
    for writer in writers {
        let _ = writer.await;
    }
    let acknowledged = acknowledged.lock().map(|a| a.clone()).unwrap_or_default();

    // Restart on the same file: it opens, and everything acknowledged is there.
    let mut restarted = serve(&database, port, &[]);
    let health = client
        .get(format!("{base}/healthz"))
        .send()
        .await
        .expect("health");
    assert!(health.status().is_success());
    restarted.kill().expect("stop");
    restarted.wait().expect("reaped");

    let db = open_database(&database).await;
    let stored: Vec<String> = sqlx::query_scalar("SELECT title FROM script_versions")
        .fetch_all(&db)
        .await
        .expect("names");
    let missing: Vec<&String> = acknowledged
        .iter()
        .filter(|n| !stored.contains(n))
        .collect();
    assert!(
        missing.is_empty(),
        "{} acknowledged writes lost: {missing:?}",
        missing.len()
    );
    assert!(integrity_is_ok(&db).await);
    assert!(acknowledged.len() >= 200);
}
