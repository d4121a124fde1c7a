//! The browser-session store: tower-sessions' SQLite store, read through the reader
//! pool and written through the one writer.
//!
//! Every page load reads its browser session. On the writer pool alone those reads
//! queued behind every save in the app (one connection, see `app::db`). Readers see
//! each committed save (WAL), and a session is saved before its response is sent, so
//! the next request of that browser reads what the last one wrote.

use async_trait::async_trait;
use tower_sessions::{
    session::{Id, Record},
    session_store::{self, ExpiredDeletion},
    SessionStore,
};
use tower_sessions_sqlx_store::SqliteStore;

#[derive(Clone, Debug)]
pub struct BrowserSessions {
    reads: SqliteStore,
    writes: SqliteStore,
}

impl BrowserSessions {
    pub fn new(db: &app::db::Db) -> Self {
        Self {
            reads: SqliteStore::new(db.reader.clone()),
            writes: SqliteStore::new(db.writer.clone()),
        }
    }

    /// Creates the store's table if it is not there yet.
    pub async fn migrate(&self) -> Result<(), sqlx::Error> {
        self.writes.migrate().await
    }

    /// Deletes expired sessions every `period`, for as long as the server runs.
    pub async fn delete_expired_every(self, period: tokio::time::Duration) {
        if let Err(error) = self.writes.continuously_delete_expired(period).await {
            tracing::error!(%error, "deleting expired browser sessions stopped");
        }
    }
}

#[async_trait]
impl SessionStore for BrowserSessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        self.writes.create(record).await
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        self.writes.save(record).await
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        self.reads.load(id).await
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.writes.delete(id).await
    }
}
