//! PostgreSQL for the API tests. The suite runs on SQLite unless `TEST_POSTGRES_URL`
//! names a PostgreSQL server, as `server/tests/with-postgres.sh` does (`make
//! test-api-postgres`); then every test server gets a database of its own on it,
//! made empty here, so tests running side by side never see each other's rows.

use sqlx::{Connection, PgConnection};
use std::sync::atomic::{AtomicU64, Ordering};

/// The variable `server/tests/with-postgres.sh` sets for the command it runs.
const URL_VARIABLE: &str = "TEST_POSTGRES_URL";

/// Databases made by this process so far: with the process id, a unique name.
static MADE: AtomicU64 = AtomicU64::new(0);

/// The cluster's address when the suite runs on PostgreSQL.
fn cluster_url() -> Option<String> {
    std::env::var(URL_VARIABLE)
        .ok()
        .filter(|url| !url.trim().is_empty())
}

/// Whether the suite runs on PostgreSQL (`TEST_POSTGRES_URL` set).
pub fn on_postgres() -> bool {
    cluster_url().is_some()
}

/// A fresh, empty PostgreSQL database for one test server, when the suite runs on PostgreSQL
/// (`TEST_POSTGRES_URL` set by server/tests/with-postgres.sh); None on SQLite.
pub async fn fresh_database_url() -> Option<String> {
    let url = cluster_url()?;
    // Lower case letters, digits and `_` only: a valid name without quoting.
    let name = format!(
        "t_{}_{}",
        std::process::id(),
        MADE.fetch_add(1, Ordering::Relaxed)
    );
    let mut admin = PgConnection::connect(&url)
        .await
        .unwrap_or_else(|e| panic!("connect to {URL_VARIABLE} ({url}): {e}"));
    // The simple query protocol: CREATE DATABASE may not run in a transaction block.
    sqlx::raw_sql(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .unwrap_or_else(|e| panic!("create database {name}: {e}"));
    // Closing politely (not just dropping) ends the server's backend at once, so a
    // large suite stays well under the cluster's max_connections.
    admin.close().await.ok();
    Some(with_database(&url, &name))
}

/// A connection to the cluster's own `postgres` database, for what a test does to a
/// whole database (refusing connections to it).
pub async fn admin() -> PgConnection {
    let url = cluster_url().expect("on PostgreSQL");
    PgConnection::connect(&url).await.expect("connect as admin")
}

/// `url` with its database (the path) replaced by `name`, keeping any `?options`.
fn with_database(url: &str, name: &str) -> String {
    let mut url = reqwest::Url::parse(url).unwrap_or_else(|e| panic!("{URL_VARIABLE}: {e}"));
    url.set_path(name);
    url.to_string()
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn the_database_is_replaced_and_the_rest_kept() {
        let cases = [
            (
                "postgres://postgres@127.0.0.1:5432/postgres",
                "postgres://postgres@127.0.0.1:5432/t_1_0",
            ),
            (
                "postgres://postgres@127.0.0.1:5432",
                "postgres://postgres@127.0.0.1:5432/t_1_0",
            ),
            (
                "postgres://u:p@h/db?sslmode=disable",
                "postgres://u:p@h/t_1_0?sslmode=disable",
            ),
        ];
        for (url, want) in cases {
            assert_eq!(with_database(url, "t_1_0"), want, "from {url}");
        }
    }
}
