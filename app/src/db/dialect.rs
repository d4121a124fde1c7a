//! Where SQLite and PostgreSQL differ, and how each difference is handled. Every query
//! in the app is one text for both databases; these are the rules that make it so.
//! (Nothing here is code: the rules live in the queries and the two migration folders.)
//!
//! - Placeholders are `$1, $2, …`, which both drivers read (never `?`).
//! - Upserts are `INSERT … ON CONFLICT … DO NOTHING / DO UPDATE SET x = excluded.x`,
//!   and new ids come back with `RETURNING`; both databases have them.
//! - Flags are `BOOLEAN` on PostgreSQL and 0/1 integers on SQLite: queries compare
//!   them with `TRUE`/`FALSE` (SQLite reads those as 1/0), and Rust binds `bool`.
//! - Numbers are `BIGINT` on PostgreSQL (the Rust side is `i64`); `AVG` is cast to
//!   `DOUBLE PRECISION`, and sums count with `CASE WHEN … THEN 1 ELSE 0 END`, because
//!   PostgreSQL has no booleans-as-integers and sums a BIGINT into a NUMERIC.
//! - Insertion order: SQLite's implicit `rowid` breaks ties in a few `ORDER BY`s;
//!   the PostgreSQL tables that need it carry an identity column named `rowid`.
//! - `lower(name)` sorts names without regard to case (not `COLLATE NOCASE`).
//! - JSON columns (a script version's `steps`, a behaviour's `anchors`) are JSONB on
//!   PostgreSQL and JSON text on SQLite; Rust binds and reads them as `Json`.
//!   PostgreSQL gets SQLite's `json_array_length` and `json_extract` (migration 0003)
//!   and `instr` (0001), so queries call them the same way.
//! - Browser sessions live in a `tower_sessions` table on both (PostgreSQL: made by its
//!   migration 0001, in `public`).
//! - SQLite-only statements stay behind a `Pool::Sqlite` match: the WAL checkpoint
//!   after an account is deleted, and `VACUUM INTO` for `server backup`.
//! - Write transactions: SQLite has one writer connection; PostgreSQL takes an
//!   advisory lock at `BEGIN` ([`super::Pool::begin`]), so the "re-read inside the
//!   write transaction" checks hold the same way on both (writes of one owner take it
//!   shared: [`super::Pool::begin_for`]).
//! - PostgreSQL-only tables: `server_nodes` and `room_presence` (migration 0014), for
//!   several nodes on one database ([`crate::cluster`]); a SQLite file has one node.
