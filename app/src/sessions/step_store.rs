//! SQL for the `session_steps` table: per step of a session, the time spent on it and
//! its shared note, versioned so a save typed over an older version is refused.

use super::SharedNote;
use crate::db::{Conn, Exec};
use crate::error::AppError;
use crate::{execute_on, on_db};
use sqlx::FromRow;

/// One step's stored time and shared note, with the name of who saved the note.
#[derive(FromRow)]
pub struct StepRow {
    pub step_index: i64,
    pub spent_ms: i64,
    pub shared_note: String,
    pub note_version: i64,
    pub note_by: Option<String>,
}

impl StepRow {
    pub fn note(self) -> SharedNote {
        SharedNote {
            text: self.shared_note,
            version: self.note_version,
            by: self.note_by,
        }
    }
}

const SELECT_STEPS: &str = "SELECT t.step_index, t.spent_ms, t.shared_note, t.note_version,
        a.display_name AS note_by
    FROM session_steps t LEFT JOIN accounts a ON a.id = t.note_by
    WHERE t.session_id = $1";

/// The steps of a session that have a time or a note stored, in no particular order.
pub async fn steps_of(tx: &mut Conn, session_id: &str) -> Result<Vec<StepRow>, AppError> {
    Ok(on_db!(
        &mut *tx,
        sqlx::query_as(SELECT_STEPS).bind(session_id).fetch_all
    )?)
}

/// The step's shared note as stored now (empty, version 0, when never saved).
pub async fn shared_note(
    tx: &mut Conn,
    session_id: &str,
    step: usize,
) -> Result<SharedNote, AppError> {
    let row: Option<StepRow> = on_db!(
        &mut *tx,
        sqlx::query_as(&format!("{SELECT_STEPS} AND t.step_index = $2"))
            .bind(session_id)
            .bind(step as i64)
            .fetch_optional
    )?;
    Ok(row.map(StepRow::note).unwrap_or_default())
}

/// Writes the shared note as `version` (the caller checked the one it replaces).
pub async fn save_shared_note(
    tx: &mut Conn,
    session_id: &str,
    step: usize,
    text: &str,
    version: i64,
    by: &str,
) -> Result<(), AppError> {
    execute_on!(
        &mut *tx,
        sqlx::query(
            "INSERT INTO session_steps (session_id, step_index, shared_note, note_version, note_by)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (session_id, step_index) DO UPDATE SET shared_note = excluded.shared_note,
             note_version = excluded.note_version, note_by = excluded.note_by",
        )
        .bind(session_id)
        .bind(step as i64)
        .bind(text)
        .bind(version)
        .bind(by)
    )?;
    Ok(())
}

/// Stores the total time spent on `step`.
pub async fn save_spent(
    tx: &mut Conn,
    session_id: &str,
    step: usize,
    spent_ms: i64,
) -> Result<(), AppError> {
    execute_on!(
        &mut *tx,
        sqlx::query(
            "INSERT INTO session_steps (session_id, step_index, spent_ms) VALUES ($1, $2, $3)
         ON CONFLICT (session_id, step_index) DO UPDATE SET spent_ms = excluded.spent_ms",
        )
        .bind(session_id)
        .bind(step as i64)
        .bind(spent_ms)
    )?;
    Ok(())
}

/// The time already spent on `step` (0 if never entered).
pub async fn spent_on<'e>(
    db: impl Into<Exec<'e>>,
    session_id: &str,
    step: usize,
) -> Result<i64, AppError> {
    let spent: Option<i64> = on_db!(
        db,
        sqlx::query_scalar(
            "SELECT spent_ms FROM session_steps WHERE session_id = $1 AND step_index = $2",
        )
        .bind(session_id)
        .bind(step as i64)
        .fetch_optional
    )?;
    Ok(spent.unwrap_or(0))
}
