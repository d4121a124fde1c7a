//! What the server hands to every server function: the database, the throttle, the
//! turns for password hashing and the live session rooms. Provided as Leptos context
//! by the server crate.

use crate::{
    accounts::{passwords::PasswordWork, throttle::Throttle},
    clock::Clock,
    db::Db,
    error::AppError,
    sessions::open_rooms::LiveRooms,
};
use leptos::prelude::use_context;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct AppState {
    pub db: Db,
    pub throttle: Arc<Throttle>,
    /// Turns for password hashing: one per core, so a burst queues instead of
    /// allocating argon2's memory all at once.
    pub passwords: Arc<PasswordWork>,
    /// Who has which session room open, and the channels that update their screens.
    pub live: Arc<LiveRooms>,
    /// The other server nodes on the same PostgreSQL database; `None` on SQLite.
    pub cluster: Option<Arc<crate::cluster::Cluster>>,
    /// "Now", for everything that depends on the week.
    pub clock: Clock,
    /// Where mail is queued; `None` when the server has no SMTP relay to send it.
    pub outbox: Option<crate::mail::Outbox>,
    /// The site's public address (`--public-url`, like "https://coaching.example"),
    /// for links that leave the site: calendar files and feed addresses. Without it,
    /// the address the request came to.
    pub public_url: Option<String>,
    /// Whether a client's address is the last one in `X-Forwarded-For` (set by the
    /// load balancer in front, `--behind-proxy`) rather than the connection's.
    pub behind_proxy: bool,
    /// The id of the built-in behaviour "Recognizes coaching when they see it", read
    /// once at start: a built-in behaviour keeps its id once seeded.
    pub recognizes_coaching_id: Option<String>,
}

impl AppState {
    pub fn new(db: Db, clock: Clock) -> Self {
        Self {
            clock,
            db,
            throttle: Arc::new(Throttle::default()),
            passwords: Arc::new(PasswordWork::default()),
            live: Arc::new(LiveRooms::default()),
            cluster: None,
            outbox: None,
            public_url: None,
            behind_proxy: false,
            recognizes_coaching_id: None,
        }
    }
}

/// The server state, from inside a server function.
pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the Leptos context");
        AppError::Internal
    })
}

/// The scheme and host this request came to, for links people copy elsewhere (the
/// invite link). Behind a proxy the `X-Forwarded-Proto` header names the scheme.
pub async fn request_origin() -> String {
    let headers = leptos_axum::extract::<http::HeaderMap>()
        .await
        .unwrap_or_default();
    origin_from_headers(&headers)
}

/// The site's public address: `--public-url` when set, else the request's origin.
pub fn origin_of(state: &AppState, headers: &http::HeaderMap) -> String {
    match &state.public_url {
        Some(url) => url.trim_end_matches('/').to_owned(),
        None => origin_from_headers(headers),
    }
}

/// The site's public address, from inside a server function.
pub async fn public_origin(state: &AppState) -> String {
    match &state.public_url {
        Some(url) => url.trim_end_matches('/').to_owned(),
        None => request_origin().await,
    }
}

fn origin_from_headers(headers: &http::HeaderMap) -> String {
    let value = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let host = value("host").unwrap_or_else(|| "127.0.0.1:3000".into());
    let scheme = value("x-forwarded-proto").unwrap_or_else(|| "http".into());
    format!("{scheme}://{host}")
}
