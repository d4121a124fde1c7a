//! The SQLite database: how it is opened, tuned and migrated.
//!
//! SQLite allows one writer at a time. Rather than let many pooled connections race
//! for the write lock (and fail with "database is locked" when a read transaction
//! tries to upgrade), all writes go through a pool of exactly one connection, and
//! reads use a separate, wider pool. WAL mode lets the readers run while it writes.

use sqlx::{
    migrate::Migrator,
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
    SqlitePool,
};
use std::{path::Path, time::Duration};

/// The migrations under `app/migrations`, compiled into the binary.
pub static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// How long a statement waits for the write lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
const READ_CONNECTIONS: u32 = 8;

/// Why the database could not be opened, in words for the person starting the server.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("cannot create the database folder {path}: {source}")]
    Folder {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot open the database at {path}: {source}")]
    Open { path: String, source: sqlx::Error },
    #[error("cannot bring the database at {path} up to date: {source}")]
    Migrate {
        path: String,
        source: sqlx::migrate::MigrateError,
    },
}

/// The two pools every query goes through.
#[derive(Clone, Debug)]
pub struct Db {
    /// For reads; many at once.
    pub reader: SqlitePool,
    /// For writes; one connection, so writers queue instead of failing.
    pub writer: SqlitePool,
}

impl Db {
    /// Opens (creating if needed) the database file at `path` and applies migrations.
    pub async fn open(path: &Path) -> Result<Self, OpenError> {
        let shown = path.display().to_string();
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder).map_err(|source| OpenError::Folder {
                path: folder.display().to_string(),
                source,
            })?;
        }
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .pragma("secure_delete", "ON")
            .busy_timeout(BUSY_TIMEOUT);
        let open_error = |source| OpenError::Open {
            path: shown.clone(),
            source,
        };
        // sqlx pings a pooled connection before lending it by default, a round trip to
        // the connection's thread that doubled the cost of every statement; a SQLite
        // connection is a file handle in this process and cannot drop like a socket.
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .test_before_acquire(false)
            .connect_with(options.clone())
            .await
            .map_err(open_error)?;
        MIGRATOR
            .run(&writer)
            .await
            .map_err(|source| OpenError::Migrate {
                path: shown.clone(),
                source,
            })?;
        let reader = SqlitePoolOptions::new()
            .max_connections(READ_CONNECTIONS)
            .test_before_acquire(false)
            .connect_with(options.read_only(true))
            .await
            .map_err(open_error)?;
        Ok(Self { reader, writer })
    }

    /// A private in-memory database for unit tests: one connection serves as both pools.
    pub async fn in_memory() -> Result<Self, OpenError> {
        let options = SqliteConnectOptions::new()
            .in_memory(true)
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await
            .map_err(|source| OpenError::Open {
                path: ":memory:".into(),
                source,
            })?;
        MIGRATOR
            .run(&pool)
            .await
            .map_err(|source| OpenError::Migrate {
                path: ":memory:".into(),
                source,
            })?;
        Ok(Self {
            reader: pool.clone(),
            writer: pool,
        })
    }

    /// Answers whether the database responds, for the health check.
    pub async fn ping(&self) -> bool {
        sqlx::query_scalar::<_, i64>("SELECT 1")
            .fetch_one(&self.reader)
            .await
            .is_ok()
    }
}

impl Db {
    /// Writes a consistent snapshot of the database to a new file at `path`
    /// (`VACUUM INTO`): it reads one transaction's view, so writers carry on meanwhile.
    pub async fn backup_to(&self, path: &Path) -> Result<(), sqlx::Error> {
        sqlx::query("VACUUM INTO ?")
            .bind(path.to_string_lossy().as_ref())
            .execute(&self.reader)
            .await?;
        Ok(())
    }
}

/// Seconds since the Unix epoch: how every timestamp is stored.
pub fn now_seconds() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// Milliseconds since the Unix epoch: the session room's step clock.
pub fn now_millis() -> i64 {
    i64::try_from(time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000)
        .unwrap_or(i64::MAX)
}

/// A new random id for a row.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Whether `raw` is shaped like one of our ids. Anything else is "not found" before it
/// reaches a query.
pub fn is_id(raw: &str) -> bool {
    uuid::Uuid::try_parse(raw).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn migrations_apply_twice_to_the_same_file() {
        let folder = std::env::temp_dir().join(format!("cc-db-{}", new_id()));
        let path = folder.join("twice.db");
        let first = Db::open(&path).await.expect("first open");
        first.writer.close().await;
        first.reader.close().await;
        let second = Db::open(&path).await.expect("second open");
        assert!(second.ping().await);
        let _ = std::fs::remove_dir_all(folder);
    }

    #[tokio::test]
    async fn a_file_that_is_not_sqlite_is_a_clear_error() {
        let folder = std::env::temp_dir().join(format!("cc-db-{}", new_id()));
        std::fs::create_dir_all(&folder).expect("folder");
        let path = folder.join("not.db");
        std::fs::write(
            &path,
            b"this is plain text, not a database, and it is long enough",
        )
        .expect("write");
        let error = Db::open(&path).await.expect_err("must refuse");
        assert!(
            matches!(error, OpenError::Open { .. } | OpenError::Migrate { .. }),
            "{error}"
        );
        let _ = std::fs::remove_dir_all(folder);
    }
}
