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
pub fn serve(database: &app::db::Location, port: u16, extra: &[&str]) -> Child {
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
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "the server did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    child
}
