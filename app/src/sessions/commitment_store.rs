//! SQL for what is said in the session room: shared notes (versioned), private
//! notes, commitments, and the room state both screens show.

use super::{
    room::{Commitment, CommitmentStatus, RoomState, SharedNote},
    room_store::SessionRow,
    SessionStatus,
};
use crate::{db::new_id, error::AppError};
use sqlx::{SqliteConnection, SqliteExecutor};

/// The shared note's current version (0 when never saved).
pub async fn note_version(
    tx: &mut SqliteConnection,
    id: &str,
    step: usize,
) -> Result<i64, AppError> {
    let version: Option<i64> = sqlx::query_scalar(
        "SELECT note_version FROM session_steps WHERE session_id = ? AND step_index = ?",
    )
    .bind(id)
    .bind(step as i64)
    .fetch_optional(&mut *tx)
    .await?;
    Ok(version.unwrap_or(0))
}

/// Writes the shared note as `version` (the caller checked the one it replaces).
pub async fn save_shared_note(
    tx: &mut SqliteConnection,
    id: &str,
    step: usize,
    text: &str,
    version: i64,
    by: &str,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO session_steps (session_id, step_index, shared_note, note_version, note_by)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (session_id, step_index) DO UPDATE SET shared_note = excluded.shared_note,
             note_version = excluded.note_version, note_by = excluded.note_by",
    )
    .bind(id)
    .bind(step as i64)
    .bind(text)
    .bind(version)
    .bind(by)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

pub async fn save_private_note(
    tx: &mut SqliteConnection,
    id: &str,
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
    .bind(id)
    .bind(step as i64)
    .bind(account_id)
    .bind(text)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// My private note of each of `step_count` steps.
pub async fn private_notes<'e>(
    db: impl SqliteExecutor<'e>,
    id: &str,
    account_id: &str,
    step_count: usize,
) -> Result<Vec<String>, AppError> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT step_index, body FROM private_notes WHERE session_id = ? AND account_id = ?",
    )
    .bind(id)
    .bind(account_id)
    .fetch_all(db)
    .await?;
    let mut notes = vec![String::new(); step_count];
    for (step, body) in rows {
        if let Some(slot) = usize::try_from(step).ok().and_then(|s| notes.get_mut(s)) {
            *slot = body;
        }
    }
    Ok(notes)
}

pub async fn add_commitment(
    tx: &mut SqliteConnection,
    session_id: &str,
    body: &str,
    due_on: Option<i64>,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO commitments (id, session_id, body, due_on, created_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(new_id())
    .bind(session_id)
    .bind(body)
    .bind(due_on)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The session a commitment was made in, and whether it is still open.
pub async fn commitment_origin(
    tx: &mut SqliteConnection,
    commitment_id: &str,
) -> Result<Option<(String, CommitmentStatus)>, AppError> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT session_id, status FROM commitments WHERE id = ?")
            .bind(commitment_id)
            .fetch_optional(&mut *tx)
            .await?;
    Ok(row.map(|(session, status)| (session, CommitmentStatus::from_db(&status))))
}

pub async fn close_commitment(
    tx: &mut SqliteConnection,
    commitment_id: &str,
    status: CommitmentStatus,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query("UPDATE commitments SET status = ?, closed_at = ? WHERE id = ?")
        .bind(status.as_str())
        .bind(now)
        .bind(commitment_id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

type CommitmentRow = (String, String, Option<i64>, String, i64);

fn commitment((id, body, due_on, status, made_at): CommitmentRow) -> Commitment {
    Commitment {
        id,
        body,
        due_on,
        status: CommitmentStatus::from_db(&status),
        made_at,
    }
}

/// The state both screens show, as of `now_ms`; `present` comes from the live rooms.
pub async fn room_state<'e, E>(
    db: E,
    row: &SessionRow,
    step_count: usize,
    present: Vec<String>,
    now_ms: i64,
) -> Result<RoomState, AppError>
where
    E: SqliteExecutor<'e> + Copy,
{
    let steps: Vec<(i64, i64, String, i64, Option<String>)> = sqlx::query_as(
        "SELECT t.step_index, t.spent_ms, t.shared_note, t.note_version, a.display_name
         FROM session_steps t LEFT JOIN accounts a ON a.id = t.note_by
         WHERE t.session_id = ?",
    )
    .bind(&row.id)
    .fetch_all(db)
    .await?;
    let mut spent_ms = vec![0; step_count];
    let mut shared_notes = vec![SharedNote::default(); step_count];
    for (step, spent, text, version, by) in steps {
        let Some(i) = usize::try_from(step).ok().filter(|i| *i < step_count) else {
            continue;
        };
        spent_ms[i] = spent;
        shared_notes[i] = SharedNote { text, version, by };
    }
    let status = row.status();
    let clock = row.clock();
    let elapsed_ms = if status == SessionStatus::Live {
        clock.elapsed_at(now_ms)
    } else {
        clock.banked_ms
    };
    if let Some(slot) = spent_ms.get_mut(row.step()) {
        if status != SessionStatus::Done {
            *slot = elapsed_ms;
        }
    }
    let commitments = sqlx::query_as::<_, CommitmentRow>(
        "SELECT id, body, due_on, status, created_at FROM commitments
         WHERE session_id = ? ORDER BY created_at, rowid",
    )
    .bind(&row.id)
    .fetch_all(db)
    .await?
    .into_iter()
    .map(commitment)
    .collect();
    // Commitments this pair made in earlier sessions, whoever coached: the open ones,
    // and those closed since this session began (so the room shows what was ticked).
    let earlier_commitments = sqlx::query_as::<_, CommitmentRow>(
        "SELECT k.id, k.body, k.due_on, k.status, k.created_at
         FROM commitments k JOIN sessions s ON s.id = k.session_id
         WHERE (k.status = 'open' OR k.closed_at >= ?4) AND s.id <> ?1 AND s.created_at <= ?4
           AND ((s.coach_id = ?2 AND s.coachee_id = ?3) OR (s.coach_id = ?3 AND s.coachee_id = ?2))
         ORDER BY k.created_at, k.rowid",
    )
    .bind(&row.id)
    .bind(&row.coach_id)
    .bind(&row.coachee_id)
    .bind(row.created_at)
    .fetch_all(db)
    .await?
    .into_iter()
    .map(commitment)
    .collect();
    Ok(RoomState {
        status,
        step: row.step(),
        revision: row.revision,
        paused: row.paused,
        elapsed_ms,
        spent_ms,
        shared_notes,
        commitments,
        earlier_commitments,
        present,
        swapped_to: row.swapped_to.clone(),
        ended_at: row.ended_at,
    })
}
