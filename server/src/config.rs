//! Command line and environment configuration.

use clap::{Parser, Subcommand};
use std::{net::SocketAddr, num::NonZeroU32, path::PathBuf};

/// Coaching Circles web server.
///
/// Serves the app and its static files, with an embedded SQLite database that is
/// created, migrated and seeded on first start. Every option can also be given as
/// an environment variable (shown in brackets).
#[derive(Debug, Clone, Parser)]
#[command(name = "server", version, about, long_about)]
pub struct Config {
    /// Address and port to listen on.
    #[arg(long, env = "COACHING_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,

    /// SQLite database file (its folder is created if missing), or a PostgreSQL URL
    /// (`postgres://user:password@host:5432/name`) that several server nodes share.
    #[arg(long, env = "COACHING_DATABASE", default_value = "data/coaching.db")]
    pub database: app::db::Location,

    /// Folder with the built site (the wasm, JS and CSS under `pkg/`), as written by
    /// `cargo leptos build`.
    #[arg(long, env = "COACHING_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,

    /// The site is served over https (for example behind a TLS-terminating proxy):
    /// the session cookie becomes `__Host-cc_session` (Secure; browsers drop it on
    /// plain http), responses carry Strict-Transport-Security, and posts must come
    /// from an https origin.
    #[arg(long, env = "COACHING_SECURE_COOKIES", default_value_t = false)]
    pub secure_cookies: bool,

    /// How many accounts one network address may create at once before sign-ups
    /// from it slow to one every 30 seconds. Raise it when a whole organisation signs
    /// up from behind one address.
    #[arg(long, env = "COACHING_SIGN_UP_BURST", default_value_t = app::accounts::throttle::SIGN_UP_BURST)]
    pub sign_up_burst: NonZeroU32,

    /// SMTP relay that mail (invitations) is sent through, e.g. `smtp://127.0.0.1:25`
    /// (plain SMTP, optionally `smtp://user:password@host:port`). Without it no mail is
    /// sent and "invite by email" is not offered.
    #[arg(long, env = "COACHING_SMTP_URL", requires = "mail_from")]
    pub smtp_url: Option<String>,

    /// The sender of that mail, e.g. `Coaching Circles <circles@example.org>`.
    #[arg(long, env = "COACHING_MAIL_FROM")]
    pub mail_from: Option<String>,
    /// The site's public address, like `https://coaching.example`: calendar files
    /// and feed addresses link to the session room with it, and invite links start
    /// with it. Without it, links use the address each request came to.
    #[arg(long, env = "COACHING_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Clients reach this server through a load balancer or proxy that appends each
    /// client's address to `X-Forwarded-For` (HAProxy's `option forwardfor`): the
    /// sign-up and sign-in limits then count that address (the header's last one),
    /// not the proxy's. Leave it off when clients can reach the server directly, or
    /// anyone could claim any address.
    #[arg(long, env = "COACHING_BEHIND_PROXY", default_value_t = false)]
    pub behind_proxy: bool,

    /// Seconds a request may take before the server gives up on it and answers
    /// "503, try again" (see `server/src/deadline.rs`). Pages take milliseconds; this
    /// is the backstop for one that would otherwise never be answered.
    #[arg(long, env = "COACHING_ANSWER_WITHIN", default_value_t = 20,
          value_parser = clap::value_parser!(u64).range(1..=600))]
    pub answer_within: u64,

    /// Log filter, in tracing's `EnvFilter` syntax (e.g. `info,sqlx=warn`).
    #[arg(
        long,
        env = "COACHING_LOG",
        default_value = "info,sqlx=warn,tower_sessions=warn"
    )]
    pub log: String,

    /// For tests only: start the clock at this moment (Unix seconds) and let
    /// `POST /test-clock/advance?days=N` step it forward. Refused unless the
    /// environment also sets COACHING_ALLOW_TEST_CLOCK=yes, so a production server
    /// cannot be started with a clock someone can move.
    #[arg(long, env = "COACHING_TEST_CLOCK")]
    pub test_clock: Option<i64>,

    /// Whether `--test-clock` may be used: only the environment can say so
    /// (COACHING_ALLOW_TEST_CLOCK=yes), never a command-line flag.
    #[arg(skip = std::env::var("COACHING_ALLOW_TEST_CLOCK").as_deref() == Ok("yes"))]
    pub allow_test_clock: bool,

    /// Without a command, the server serves the app.
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Write a consistent copy of the database to PATH (a new file), even while a
    /// server is serving from it.
    Backup {
        /// Where to write the copy; must not exist yet.
        path: PathBuf,
    },
}
