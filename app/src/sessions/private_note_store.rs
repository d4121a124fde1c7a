//! SQL for the `private_notes` table: each participant's own notes per step, only
//! ever read for their author.

use super::session_row::SessionRow;
use crate::error::AppError;
use sqlx::{FromRow, SqliteConnection, SqliteExecutor};

pub async fn save(
    tx: &mut SqliteConnection,
    session_id: &str,
    step: usize,
    account_id: &str,
    text: &str,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO private_notes (session_id, step_index, account_id, body, updated_at)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (session_id, step_index, account_id)
         DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
    )
    .bind(session_id)
    .bind(step as i64)
    .bind(account_id)
    .bind(text)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

#[derive(FromRow)]
struct PrivateNote {
    step_index: i64,
    body: String,
}

/// My private note of each step of the session `row`.
pub async fn of_author<'e>(
    db: impl SqliteExecutor<'e>,
    row: &SessionRow,
    account_id: &str,
) -> Result<Vec<String>, AppError> {
    let rows: Vec<PrivateNote> = sqlx::query_as(
        "SELECT step_index, body FROM private_notes WHERE session_id = ? AND account_id = ?",
    )
    .bind(&row.id)
    .bind(account_id)
    .fetch_all(db)
    .await?;
    let mut notes = vec![String::new(); row.step_count()];
    for row in rows {
        if let Some(slot) = usize::try_from(row.step_index)
            .ok()
            .and_then(|s| notes.get_mut(s))
        {
            *slot = row.body;
        }
    }
    Ok(notes)
}
