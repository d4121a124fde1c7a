//! The tables `server_nodes` and `room_presence` (PostgreSQL only: migration 0014 of
//! `app/migrations_postgres`), and the notices between nodes.

use sqlx::{postgres::PgPool, PgExecutor};

/// Stamps the node's row, writing it afresh if needed (a new node, or one forgotten
/// after going quiet).
pub async fn stamp(pool: &PgPool, node_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO server_nodes (id) VALUES ($1)
         ON CONFLICT (id) DO UPDATE SET seen_at = now()",
    )
    .bind(node_id)
    .execute(pool)
    .await
    .map(drop)
}

/// The rooms this node has said are open through it, as (session, account).
pub async fn presence_of(
    pool: &PgPool,
    node_id: &str,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT session_id, account_id FROM room_presence WHERE node_id = $1")
        .bind(node_id)
        .fetch_all(pool)
        .await
}

/// Forgets nodes unstamped for a minute (twelve missed stamps), with their rooms;
/// how many.
pub async fn forget_quiet_nodes(pool: &PgPool) -> Result<u64, sqlx::Error> {
    let done =
        sqlx::query("DELETE FROM server_nodes WHERE seen_at < now() - interval '60 seconds'")
            .execute(pool)
            .await?;
    Ok(done.rows_affected())
}

pub async fn forget(pool: &PgPool, node_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM server_nodes WHERE id = $1")
        .bind(node_id)
        .execute(pool)
        .await
        .map(drop)
}

/// Accounts with the room open on other nodes stamped in the last 15 seconds (three
/// stamps): a node killed mid-session stops counting soon after.
pub async fn present_elsewhere(
    pool: &PgPool,
    node_id: &str,
    session_id: &str,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT DISTINCT p.account_id FROM room_presence p
         JOIN server_nodes n ON n.id = p.node_id
         WHERE p.session_id = $1 AND p.node_id <> $2
           AND n.seen_at > now() - interval '15 seconds'",
    )
    .bind(session_id)
    .bind(node_id)
    .fetch_all(pool)
    .await
}

pub async fn set_present(
    pool: &PgPool,
    node_id: &str,
    session_id: &str,
    account_id: &str,
    present: bool,
) -> Result<(), sqlx::Error> {
    let query = if present {
        "INSERT INTO room_presence (node_id, session_id, account_id) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING"
    } else {
        "DELETE FROM room_presence WHERE node_id = $1 AND session_id = $2 AND account_id = $3"
    };
    sqlx::query(query)
        .bind(node_id)
        .bind(session_id)
        .bind(account_id)
        .execute(pool)
        .await
        .map(drop)
}

/// Sends `payload` on `channel` to every listening node (this one included; it skips
/// its own).
/// On a pool (sent at once) or in a transaction (sent when it commits).
pub async fn notify(
    db: impl PgExecutor<'_>,
    channel: &str,
    payload: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT pg_notify($1, $2)")
        .bind(channel)
        .bind(payload)
        .execute(db)
        .await
        .map(drop)
}
