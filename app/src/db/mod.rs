//! The database: SQLite in one file (the default), or PostgreSQL for several server
//! nodes; how each is opened, tuned and migrated.
//!
//! SQLite allows one writer at a time. Rather than let many pooled connections race
//! for the write lock (and fail with "database is locked" when a read transaction
//! tries to upgrade), all writes go through a pool of exactly one connection, and
//! reads use a separate, wider pool. WAL mode lets the readers run while it writes.
//! On PostgreSQL both are one pool, and write transactions take turns on an advisory
//! lock instead ([`conn`]).

mod conn;
pub mod dialect;
mod location;

pub use conn::{Conn, Exec, Lent, Pool, Raw, Tx};
pub use location::Location;

use crate::execute_on;

use sqlx::{
    migrate::Migrator,
    postgres::{PgConnectOptions, PgPoolOptions},
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
};
use std::{path::Path, str::FromStr, time::Duration};

/// The migrations under `app/migrations`, compiled into the binary.
pub static MIGRATOR: Migrator = sqlx::migrate!("./migrations");
/// The same schema for PostgreSQL, under `app/migrations_postgres`.
pub static MIGRATOR_POSTGRES: Migrator = sqlx::migrate!("./migrations_postgres");

/// How long a statement waits for the write lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
const READ_CONNECTIONS: u32 = 8;
/// A reader connection unused this long is closed (one is opened again in about a
/// millisecond when needed). Each SQLite connection has a thread of its own and holds
/// its page cache and its thread's part of the heap for as long as it is open: after a
/// load of the seeded pages, ending the idle readers took the heap from 26–27 MB to
/// 11–12 MB (`docs/measurements.md`, "What the server keeps after a load").
const READER_IDLE: Duration = Duration::from_secs(10);
/// Connections each node opens to PostgreSQL (its `max_connections` is 100 by
/// default: room for several nodes and the operator's own tools).
const POSTGRES_CONNECTIONS: u32 = 16;
/// A PostgreSQL connection idle this long is pinged before it is lent.
const PING_WHEN_IDLE_FOR: Duration = Duration::from_secs(1);

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
    pub reader: Pool,
    /// For writes; on SQLite one connection, so writers queue instead of failing.
    pub writer: Pool,
}

impl Db {
    /// Opens the database at `location` (creating a SQLite file if needed) and
    /// applies migrations.
    pub async fn open(location: &Location) -> Result<Self, OpenError> {
        match location {
            Location::File(path) => Self::open_file(path).await,
            Location::Postgres(url) => Self::open_postgres(url, &location.to_string()).await,
        }
    }

    async fn open_file(path: &Path) -> Result<Self, OpenError> {
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
            .idle_timeout(READER_IDLE)
            .test_before_acquire(false)
            .connect_with(options.read_only(true))
            .await
            .map_err(open_error)?;
        Ok(Self {
            reader: Pool::Sqlite(reader),
            writer: Pool::Sqlite(writer),
        })
    }

    /// Several nodes may start at once: sqlx's migrator holds an advisory lock while
    /// it migrates, so one applies the migrations and the others find them done.
    async fn open_postgres(url: &str, shown: &str) -> Result<Self, OpenError> {
        let open_error = |source| OpenError::Open {
            path: shown.to_owned(),
            source,
        };
        // Every statement looks rows up by ids, and sqlx prepares each once per
        // connection; left to choose, PostgreSQL planned some of them again on every
        // call (a custom plan), which cost more than running them. Measured with
        // pg_stat_statements under load on Home: a third of the database's time went
        // to planning two statements; forcing the prepared plan served Home and the
        // mirror 2–14% faster in three runs of each.
        let options = PgConnectOptions::from_str(url)
            .map_err(open_error)?
            .options([("plan_cache_mode", "force_generic_plan")]);
        // sqlx pings a pooled connection before lending it by default: a round trip to
        // the database before every statement, on the page's critical path. A
        // connection that has just been used is alive (a broken one is dropped when it
        // is handed back, after sqlx's ping then); only one left idle for a while, which
        // may have died with a database restart, is pinged first.
        let pool = PgPoolOptions::new()
            .max_connections(POSTGRES_CONNECTIONS)
            .test_before_acquire(false)
            .before_acquire(|conn, meta| {
                Box::pin(async move {
                    if meta.idle_for >= PING_WHEN_IDLE_FOR {
                        sqlx::Connection::ping(conn).await?;
                    }
                    Ok(true)
                })
            })
            .connect_with(options)
            .await
            .map_err(open_error)?;
        MIGRATOR_POSTGRES
            .run(&pool)
            .await
            .map_err(|source| OpenError::Migrate {
                path: shown.to_owned(),
                source,
            })?;
        Ok(Self {
            reader: Pool::Postgres(pool.clone()),
            writer: Pool::Postgres(pool),
        })
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
            reader: Pool::Sqlite(pool.clone()),
            writer: Pool::Sqlite(pool),
        })
    }

    /// Answers whether the database responds, for the health check.
    pub async fn ping(&self) -> bool {
        let answer: Result<u64, sqlx::Error> =
            async { execute_on!(&self.reader, sqlx::query("SELECT 1")) }.await;
        answer.is_ok()
    }
}

impl Db {
    /// Writes a consistent snapshot of a SQLite database to a new file at `path`
    /// (`VACUUM INTO`): it reads one transaction's view, so writers carry on
    /// meanwhile. PostgreSQL is backed up with its own tools (`pg_dump`).
    pub async fn backup_to(&self, path: &Path) -> Result<(), sqlx::Error> {
        match &self.reader {
            Pool::Sqlite(reader) => {
                sqlx::query("VACUUM INTO $1")
                    .bind(path.to_string_lossy().as_ref())
                    .execute(reader)
                    .await?;
                Ok(())
            }
            Pool::Postgres(_) => Err(sqlx::Error::Configuration(
                "a PostgreSQL database is backed up with pg_dump".into(),
            )),
        }
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
        let first = Db::open(&Location::File(path.clone()))
            .await
            .expect("first open");
        first.writer.close().await;
        first.reader.close().await;
        let second = Db::open(&Location::File(path.clone()))
            .await
            .expect("second open");
        assert!(second.ping().await);
        let _ = std::fs::remove_dir_all(folder);
    }

    #[tokio::test]
    async fn a_reader_connection_unused_for_ten_seconds_is_closed() {
        let folder = std::env::temp_dir().join(format!("cc-db-{}", new_id()));
        let db = Db::open(&Location::File(folder.join("idle.db")))
            .await
            .expect("open");
        let Pool::Sqlite(reader) = &db.reader else {
            panic!("a file opens SQLite pools");
        };
        assert_eq!(reader.options().get_idle_timeout(), Some(READER_IDLE));
        assert_eq!(reader.options().get_min_connections(), 0);
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
        let error = Db::open(&Location::File(path.clone()))
            .await
            .expect_err("must refuse");
        assert!(
            matches!(error, OpenError::Open { .. } | OpenError::Migrate { .. }),
            "{error}"
        );
        let _ = std::fs::remove_dir_all(folder);
    }
}
