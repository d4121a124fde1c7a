//! SQL for the `private_notes` table: each participant's own notes per step, only
//! ever read for their author.

use super::session_row::SessionRow;
use crate::db::{Conn, Exec};
use crate::error::AppError;
use crate::{execute_on, on_db};
use sqlx::FromRow;

/// Saves my note of a step if the session is still live, I am still one of its pair and
/// a member of its circle, and the circle is not archived: the checks of
/// [`super::access::live_participant_row`] again, inside the one statement that is the
/// whole write ([`crate::db::Pool::begin_statement_for`]), so they still hold when it is
/// written. Whether it was saved.
pub async fn save_if_live(
    tx: &mut Conn,
    session_id: &str,
    step: usize,
    account_id: &str,
    text: &str,
    now: i64,
) -> Result<bool, AppError> {
    let saved = execute_on!(
        &mut *tx,
        sqlx::query(
            "INSERT INTO private_notes (session_id, step_index, account_id, body, updated_at)
         SELECT s.id, $2, $3, $4, $5 FROM sessions s
         JOIN circles c ON c.id = s.circle_id AND c.archived_at IS NULL
         JOIN circle_members m ON m.circle_id = s.circle_id AND m.account_id = $3
         WHERE s.id = $1 AND s.status = 'live' AND $3 IN (s.coach_id, s.coachee_id)
         ON CONFLICT (session_id, step_index, account_id)
         DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
        )
        .bind(session_id)
        .bind(step as i64)
        .bind(account_id)
        .bind(text)
        .bind(now)
    )?;
    Ok(saved == 1)
}

#[derive(FromRow)]
struct PrivateNote {
    step_index: i64,
    body: String,
}

/// My private note of each step of the session `row`.
pub async fn of_author<'e>(
    db: impl Into<Exec<'e>>,
    row: &SessionRow,
    account_id: &str,
) -> Result<Vec<String>, AppError> {
    let rows: Vec<PrivateNote> =
        on_db!(db, sqlx::query_as(
        "SELECT step_index, body FROM private_notes WHERE session_id = $1 AND account_id = $2",
    )
    .bind(&row.id)
    .bind(account_id).fetch_all)?;
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
