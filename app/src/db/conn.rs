//! One query text, run on whichever database the server was started with.
//!
//! Store functions take a [`Pool`] (a read outside any transaction) or a [`Conn`] (a
//! write transaction, or a connection held for several reads) and run each query
//! through [`on_db!`](crate::on_db), which hands the query the driver's own
//! connection. Each query is thus compiled once per driver with the driver's native
//! types; `sqlx::Any` was tried first and cannot decode a `bool` from SQLite (see the
//! README, "Two databases").

use sqlx::{
    pool::PoolConnection, PgConnection, PgPool, Postgres, Sqlite, SqliteConnection, SqlitePool,
    Transaction,
};

/// A pool of connections to one of the two databases.
#[derive(Clone, Debug)]
pub enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// PostgreSQL runs write transactions one at a time, like SQLite's single writer: each
/// takes this transaction-scoped advisory lock first. The checks that re-read inside
/// a write transaction ("is this session still planned?") then hold on every node
/// exactly as they do on SQLite, with no retry loop for serialization failures.
/// [`Pool::begin_for`] takes it shared instead, beside a lock of its owner.
const WRITE_LOCK: i64 = 0x0043_4952_434c_4553; // "CIRCLES"
/// The first half of an owner's lock (the second is from the owner's id). Locks
/// keyed by two 32-bit halves never collide with the one 64-bit [`WRITE_LOCK`].
const OWNER_LOCKS: i32 = 0x4f57_4e52; // "OWNR"

impl Pool {
    /// Starts a write transaction.
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        Ok(Tx(match self {
            Self::Sqlite(pool) => Conn::SqliteTx(pool.begin().await?),
            // `BEGIN` and the lock in one round trip (the simple query protocol runs
            // both); a write transaction holds the lock for all of its round trips.
            Self::Postgres(pool) => Conn::PostgresTx(
                pool.begin_with(format!("BEGIN; SELECT pg_advisory_xact_lock({WRITE_LOCK})"))
                    .await?,
            ),
        }))
    }

    /// Starts a write transaction that writes only rows belonging to `owner` (an id:
    /// my check-ins, my notes of one session) and whose checks read nothing that a
    /// transaction of another owner writes. On PostgreSQL such transactions of
    /// different owners run side by side, and every [`Pool::begin`] waits for them (and
    /// they for it): the most frequent writes, a note saved as it is typed, then stop
    /// queueing behind each other on every node. On SQLite it is [`Pool::begin`].
    pub async fn begin_for(&self, owner: &str) -> Result<Tx, sqlx::Error> {
        let Self::Postgres(pool) = self else {
            return self.begin().await;
        };
        // The shared lock first, in a CTE read before the owner's lock is taken: always
        // in that order, so that no two writers wait on each other. Owners whose keys
        // collide only take turns.
        let key = owner_key(owner);
        let begin = format!(
            "BEGIN; WITH writing AS MATERIALIZED (SELECT pg_advisory_xact_lock_shared({WRITE_LOCK}))
             SELECT pg_advisory_xact_lock({OWNER_LOCKS}, {key}) FROM writing"
        );
        Ok(Tx(Conn::PostgresTx(pool.begin_with(begin).await?)))
    }

    /// Starts a write of exactly one statement by `owner`, as [`Pool::begin_for`]. On
    /// SQLite it begins no transaction: SQLite makes a statement atomic by itself, and
    /// the one writer connection runs nothing else meanwhile, so the statement costs one
    /// round trip to that connection's thread where `BEGIN`, it and `COMMIT` cost three,
    /// while every other writer waits. A second statement would not be atomic with the
    /// first: only for writes of one statement, whose checks are in that statement.
    pub async fn begin_statement_for(&self, owner: &str) -> Result<Tx, sqlx::Error> {
        match self {
            Self::Sqlite(pool) => Ok(Tx(Conn::Sqlite(pool.acquire().await?))),
            Self::Postgres(_) => self.begin_for(owner).await,
        }
    }

    /// Holds one connection, for several reads in a row (no transaction).
    pub async fn acquire(&self) -> Result<Conn, sqlx::Error> {
        Ok(match self {
            Self::Sqlite(pool) => Conn::Sqlite(pool.acquire().await?),
            Self::Postgres(pool) => Conn::Postgres(pool.acquire().await?),
        })
    }

    /// The SQLite pool, for unit tests on the in-memory database.
    #[cfg(test)]
    pub fn sqlite(&self) -> &SqlitePool {
        match self {
            Self::Sqlite(pool) => pool,
            Self::Postgres(_) => unreachable!("unit tests run on SQLite"),
        }
    }

    /// The PostgreSQL pool, for what only PostgreSQL has (several nodes: [`crate::cluster`]).
    pub fn postgres(&self) -> Option<&PgPool> {
        match self {
            Self::Sqlite(_) => None,
            Self::Postgres(pool) => Some(pool),
        }
    }

    pub async fn close(&self) {
        match self {
            Self::Sqlite(pool) => pool.close().await,
            Self::Postgres(pool) => pool.close().await,
        }
    }
}

/// The second half of `owner`'s lock: the first four bytes of its id (random), the
/// same on every node; 0 for what is not an id (the caller then finds nothing).
fn owner_key(owner: &str) -> i32 {
    uuid::Uuid::try_parse(owner).map_or(0, |id| {
        let [a, b, c, d, ..] = *id.as_bytes();
        i32::from_be_bytes([a, b, c, d])
    })
}

/// A connection held by the caller: a write transaction or a plain pooled connection.
#[derive(Debug)]
pub enum Conn {
    SqliteTx(Transaction<'static, Sqlite>),
    PostgresTx(Transaction<'static, Postgres>),
    Sqlite(PoolConnection<Sqlite>),
    Postgres(PoolConnection<Postgres>),
}

impl Conn {
    /// The driver's connection, for [`on_db!`](crate::on_db).
    pub fn raw(&mut self) -> Raw<'_> {
        match self {
            Self::SqliteTx(tx) => Raw::Sqlite(tx),
            Self::Sqlite(conn) => Raw::Sqlite(conn),
            Self::PostgresTx(tx) => Raw::Postgres(tx),
            Self::Postgres(conn) => Raw::Postgres(conn),
        }
    }
}

/// A write transaction: store functions take it as `&mut *tx` (a [`Conn`]); nothing
/// is written until [`Tx::commit`], and dropping it rolls back.
#[derive(Debug)]
pub struct Tx(Conn);

impl Tx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self.0 {
            Conn::SqliteTx(tx) => tx.commit().await,
            Conn::PostgresTx(tx) => tx.commit().await,
            Conn::Sqlite(_) | Conn::Postgres(_) => Ok(()),
        }
    }
}

impl std::ops::Deref for Tx {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        &self.0
    }
}

impl std::ops::DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut Conn {
        &mut self.0
    }
}

/// A driver's own connection.
pub enum Raw<'c> {
    Sqlite(&'c mut SqliteConnection),
    Postgres(&'c mut PgConnection),
}

/// Where a query runs: a pool (a connection is borrowed for the one query) or a
/// connection the caller holds.
pub enum Exec<'e> {
    Pool(&'e Pool),
    Conn(&'e mut Conn),
}

impl<'e> From<&'e Pool> for Exec<'e> {
    fn from(pool: &'e Pool) -> Self {
        Self::Pool(pool)
    }
}

impl<'e> From<&'e mut Conn> for Exec<'e> {
    fn from(conn: &'e mut Conn) -> Self {
        Self::Conn(conn)
    }
}

impl<'e> From<&'e mut Tx> for Exec<'e> {
    fn from(tx: &'e mut Tx) -> Self {
        Self::Conn(&mut tx.0)
    }
}

impl<'e> Exec<'e> {
    /// The connection the query runs on.
    pub async fn lend(self) -> Result<Lent<'e>, sqlx::Error> {
        Ok(match self {
            Self::Pool(pool) => Lent::Owned(pool.acquire().await?),
            Self::Conn(conn) => Lent::Borrowed(conn),
        })
    }
}

/// A connection lent to one query.
pub enum Lent<'e> {
    Owned(Conn),
    Borrowed(&'e mut Conn),
}

impl Lent<'_> {
    pub fn raw(&mut self) -> Raw<'_> {
        match self {
            Self::Owned(conn) => conn.raw(),
            Self::Borrowed(conn) => conn.raw(),
        }
    }
}

/// Runs one query that reads rows on `db` (a `&Pool`, `&mut Conn` or `&mut Tx`),
/// whichever database it is: `on_db!(db, sqlx::query_as("…").bind(x).fetch_all)` is
/// `sqlx::query_as("…").bind(x).fetch_all(connection).await`. The query is written
/// with `$1, $2, …` placeholders, which both drivers read. Borrowing a connection can
/// fail, with a `sqlx::Error`, which the macro returns with `?`.
#[macro_export]
macro_rules! on_db {
    ($db:expr, $($query:tt)+) => {{
        let exec: $crate::db::Exec<'_> = ($db).into();
        let mut lent = exec.lend().await?;
        match lent.raw() {
            $crate::db::Raw::Sqlite(conn) => $($query)+(conn).await,
            $crate::db::Raw::Postgres(conn) => $($query)+(conn).await,
        }
    }};
}

/// Runs `body` with `conn` bound to the driver's own connection of `db`, for a query
/// built step by step (a bind per item of a list): `with_conn!(db, |conn| { … })`. The
/// body is compiled once per driver.
#[macro_export]
macro_rules! with_conn {
    ($db:expr, |$conn:ident| $body:block) => {{
        let exec: $crate::db::Exec<'_> = ($db).into();
        let mut lent = exec.lend().await?;
        match lent.raw() {
            $crate::db::Raw::Sqlite($conn) => $body,
            $crate::db::Raw::Postgres($conn) => $body,
        }
    }};
}

/// Runs one statement that writes on `db`, like [`on_db!`](crate::on_db):
/// `execute_on!(db, sqlx::query("…").bind(x))` is the number of rows it changed.
#[macro_export]
macro_rules! execute_on {
    ($db:expr, $query:expr) => {{
        let exec: $crate::db::Exec<'_> = ($db).into();
        let mut lent = exec.lend().await?;
        match lent.raw() {
            $crate::db::Raw::Sqlite(conn) => {
                $query.execute(conn).await.map(|done| done.rows_affected())
            }
            $crate::db::Raw::Postgres(conn) => {
                $query.execute(conn).await.map(|done| done.rows_affected())
            }
        }
    }};
}
