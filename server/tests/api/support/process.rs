//! The real server binary as its own process, for the tests that kill it.

use std::{
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Starts the server on `port` with `database` and the `extra` arguments, once it
/// accepts connections.
pub fn serve(database: &app::db::Location, port: u16, extra: &[&str]) -> ServerProcess {
    let child = Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["--addr", &format!("127.0.0.1:{port}"), "--log", "error"])
        .args(extra)
        .arg("--database")
        .arg(match database {
            app::db::Location::File(path) => path.as_os_str().to_owned(),
            app::db::Location::Postgres(url) => url.into(),
        })
        .stdout(Stdio::null())
        .spawn()
        .expect("start the server");
    // Stopped by its guard if it never comes up, too.
    let server = ServerProcess(child);
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "the server did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    server
}

/// A server process that is stopped when it goes out of scope, also when its test
/// panics before stopping it: a failed run must not leave servers running (holding
/// their port, their database, and whatever the test runner's descriptors held).
pub struct ServerProcess(Child);

impl std::ops::Deref for ServerProcess {
    type Target = Child;
    fn deref(&self) -> &Child {
        &self.0
    }
}

impl std::ops::DerefMut for ServerProcess {
    fn deref_mut(&mut self) -> &mut Child {
        &mut self.0
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        // Already stopped by the test: both are then harmless.
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
