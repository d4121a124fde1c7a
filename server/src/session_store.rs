//! The browser-session store: tower-sessions' SQLite store, read through the reader
//! pool and written through the one writer; or its PostgreSQL store, which every node
//! shares, so a browser stays signed in whichever node answers.
//!
//! Every page load reads its browser session. On the writer pool alone those reads
//! queued behind every save in the app (one connection, see `app::db`). Readers see
//! each committed save (WAL), and a session is saved before its response is sent, so
//! the next request of that browser reads what the last one wrote.
//!
//! A session is written only when it changed (tower-sessions), so a page view writes
//! nothing. Its expiry ("14 days without a visit") is pushed back when it is written;
//! [`renew_once_a_day`] writes a session in use once a day for that, rather than on
//! every request.

use app::db::Pool;
use async_trait::async_trait;
use axum::{extract::Request, middleware::Next, response::Response};
use tower_sessions::{
    session::{Id, Record},
    session_store::{self, ExpiredDeletion},
    Session, SessionStore,
};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

/// The store of one database.
#[derive(Clone, Debug)]
enum Store {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl Store {
    fn of(pool: &Pool) -> Self {
        match pool {
            Pool::Sqlite(pool) => Self::Sqlite(SqliteStore::new(pool.clone())),
            // The table is made by the PostgreSQL migrations (0001), in `public`.
            Pool::Postgres(pool) => Self::Postgres(
                PostgresStore::new(pool.clone())
                    .with_schema_name("public")
                    .and_then(|store| store.with_table_name("tower_sessions"))
                    .unwrap_or_else(|_| unreachable!("both names are plain identifiers")),
            ),
        }
    }
}

/// Runs one store call on whichever store it is.
macro_rules! on_store {
    ($store:expr, $call:ident($($arg:expr),*)) => {
        match $store {
            Store::Sqlite(store) => store.$call($($arg),*).await,
            Store::Postgres(store) => store.$call($($arg),*).await,
        }
    };
}

#[derive(Clone, Debug)]
pub struct BrowserSessions {
    reads: Store,
    writes: Store,
}

impl BrowserSessions {
    pub fn new(db: &app::db::Db) -> Self {
        Self {
            reads: Store::of(&db.reader),
            writes: Store::of(&db.writer),
        }
    }

    /// Creates the store's table if it is not there yet (SQLite; PostgreSQL's
    /// migrations made it).
    pub async fn migrate(&self) -> Result<(), sqlx::Error> {
        match &self.writes {
            Store::Sqlite(store) => store.migrate().await,
            Store::Postgres(_) => Ok(()),
        }
    }

    /// Deletes expired sessions every `period`, for as long as the server runs.
    pub async fn delete_expired_every(self, period: tokio::time::Duration) {
        if let Err(error) = on_store!(self.writes, continuously_delete_expired(period)) {
            tracing::error!(%error, "deleting expired browser sessions stopped");
        }
    }
}

#[async_trait]
impl SessionStore for BrowserSessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        on_store!(&self.writes, create(record))
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        on_store!(&self.writes, save(record))
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        on_store!(&self.reads, load(id))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        on_store!(&self.writes, delete(id))
    }
}

/// The day (days since the Unix epoch) a session was last written to keep it alive.
const RENEWED_ON: &str = "renewed_on";

/// Keeps a browser session that is in use from expiring: the first request of each
/// day marks it changed, so it is written back with a new expiry. Sessions holding
/// nothing (strangers) are left alone, and so are requests for static files. The
/// day is the system clock's, like the store's expiry dates.
pub async fn renew_once_a_day(request: Request, next: Next) -> Response {
    let session = request.extensions().get::<Session>().cloned();
    if let Some(session) = session.filter(|_| !request.uri().path().starts_with("/pkg/")) {
        if let Err(error) = renew(&session).await {
            tracing::warn!(%error, "could not renew a browser session");
        }
    }
    next.run(request).await
}

async fn renew(session: &Session) -> Result<(), tower_sessions::session::Error> {
    if session.is_empty().await {
        return Ok(());
    }
    let today = tower_sessions::cookie::time::OffsetDateTime::now_utc().unix_timestamp() / 86_400;
    if session.get::<i64>(RENEWED_ON).await? != Some(today) {
        session.insert(RENEWED_ON, today).await?;
    }
    Ok(())
}
