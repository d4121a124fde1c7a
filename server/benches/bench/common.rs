//! The server process under measurement and the small helpers every part uses.

use reqwest::{Client, Response};
use std::{
    ffi::OsStr,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

/// The password of every account the bench creates.
pub const PASSWORD: &str = "a long enough password";

/// A whole number from the environment, or `default`.
pub fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The release server, as its own process, on a free port.
pub struct Server {
    child: Child,
    pub base: String,
    /// Where its warnings and errors go, to be counted (see [`Server::deadline_log`]).
    log: PathBuf,
    /// From spawning the process to its first answered request.
    pub start_ms: f64,
}

impl Server {
    /// Starts `target/release/server` on the database at `database` (a SQLite file
    /// or a PostgreSQL URL).
    pub async fn start(database: impl AsRef<OsStr>) -> Self {
        Self::spawn(database, "warn", None, &[]).await
    }

    /// The same, with these variables added to its environment (an allocator to
    /// preload, `MALLOC_ARENA_MAX`).
    pub async fn start_with(database: &Path, environment: &[(&str, &str)]) -> Self {
        Self::spawn(database, "warn", None, environment).await
    }

    /// The same, with the log filter `log` and the log written to `file`.
    pub async fn start_logging(database: &Path, log: &str, file: &Path) -> Self {
        Self::spawn(database, log, Some(file.to_owned()), &[]).await
    }

    /// The server logs to its standard output (`log`), which goes to `file`, or to a
    /// file of its own under `target/bench/logs/`.
    async fn spawn(
        database: impl AsRef<OsStr>,
        log: &str,
        file: Option<PathBuf>,
        environment: &[(&str, &str)],
    ) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let file = file.unwrap_or_else(|| {
            let logs = Path::new("../target/bench/logs");
            std::fs::create_dir_all(logs).expect("target/bench/logs");
            logs.join(format!("server-{port}.log"))
        });
        let output = Stdio::from(std::fs::File::create(&file).expect("a log file"));
        let base = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let child = Command::new("../target/release/server")
            .args(["--addr", &format!("127.0.0.1:{port}")])
            .arg("--database")
            .arg(database)
            .args(["--site-root", "../target/site", "--log", log])
            .envs(environment.iter().copied())
            .stdout(output)
            .spawn()
            .expect("run target/release/server (make bench builds it)");
        let client = Client::new();
        let deadline = started + Duration::from_secs(20);
        loop {
            let answered = client.get(format!("{base}/healthz")).send().await;
            if answered.is_ok_and(|r| r.status().is_success()) {
                break;
            }
            assert!(Instant::now() < deadline, "the server did not start");
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        Self {
            child,
            base,
            log: file,
            start_ms: started.elapsed().as_secs_f64() * 1000.0,
        }
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The server's resident memory now, in MB.
    pub fn resident_mb(&self) -> f64 {
        self.status_mb("VmRSS:")
    }

    /// The part of it that is the server's own (heap, stacks): resident memory less the
    /// pages mapped from the binary's file, which grow as code first runs and which the
    /// kernel may drop and read again at any time.
    pub fn heap_mb(&self) -> f64 {
        self.status_mb("RssAnon:")
    }

    fn status_mb(&self, field: &str) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix(field))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .map(|kb| kb / 1024.0)
            .unwrap_or(f64::NAN)
    }

    /// How many files and sockets the server has open.
    pub fn open_descriptors(&self) -> usize {
        std::fs::read_dir(format!("/proc/{}/fd", self.child.id()))
            .map(|entries| entries.count())
            .unwrap_or(0)
    }

    /// Waits, at most 30 s, until the server has closed the connections a load left
    /// and the database connections it opened for it, which it ends once idle for 10 s
    /// (checked every 10 s): no more descriptors open than `before` and a few. Then 3 s
    /// more.
    pub async fn settle(&self, before: usize) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while self.open_descriptors() > before + 16 && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        tokio::time::sleep(Duration::from_secs(3)).await;
    }

    /// What the server's deadline (`server/src/deadline.rs`) logged so far: pages asked
    /// for again because their first render had not answered within a quarter of the
    /// deadline (a render that never finished), and requests given up on with a 503.
    pub fn deadline_log(&self) -> DeadlineLog {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let count = |words: &str| text.lines().filter(|l| l.contains(words)).count();
        DeadlineLog {
            asked_again: count("asking again"),
            given_up: count("gave up on a request"),
        }
    }

    /// Stops the server the way a supervisor would, and waits for it.
    pub fn stop(mut self) {
        let _ = Command::new("kill")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Counts of the deadline's log lines; see [`Server::deadline_log`].
#[derive(Default, Clone, Copy)]
pub struct DeadlineLog {
    pub asked_again: usize,
    pub given_up: usize,
}

impl std::ops::Add for DeadlineLog {
    type Output = Self;
    fn add(self, other: Self) -> Self {
        Self {
            asked_again: self.asked_again + other.asked_again,
            given_up: self.given_up + other.given_up,
        }
    }
}

/// A client with its own cookie jar: one browser.
pub fn browser() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(64)
        .build()
        .expect("client")
}

/// Calls the server function `name` with form fields.
pub async fn call(client: &Client, base: &str, name: &str, fields: &[(&str, String)]) -> Response {
    client
        .post(format!("{base}/api/{name}"))
        .form(fields)
        .send()
        .await
        .expect("request")
}

/// Signs `email` in on a new browser.
pub async fn signed_in(base: &str, email: &str) -> Client {
    let client = browser();
    let fields = [
        ("email", email.to_owned()),
        ("password", PASSWORD.to_owned()),
        ("next", String::new()),
    ];
    let reply = call(&client, base, "sign_in", &fields).await;
    assert!(
        reply.status().is_success() || reply.status().is_redirection(),
        "sign in as {email}: {}",
        reply.status()
    );
    client
}

/// The value below which a share `p` of the sorted figures lie.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}
