//! SQL for the session room's session row: where it is, its clock and status. Notes,
//! commitments and the assembled room state are in `room_content`, re-exported here so
//! callers find all the room's SQL under one name.

pub use super::room_content::*;

use super::{
    room::{Participant, StepClock},
    SessionStatus,
};
use crate::{db::new_id, error::AppError, scripts::PairRole};
use sqlx::{FromRow, SqliteConnection, SqliteExecutor};

/// A session row with the names the room shows.
#[derive(Debug, Clone, FromRow)]
pub struct SessionRow {
    pub id: String,
    pub circle_id: String,
    pub circle_name: String,
    pub coach_id: String,
    pub coach_name: String,
    pub coachee_id: String,
    pub coachee_name: String,
    pub status: String,
    pub script_id: Option<String>,
    pub script_version: Option<i64>,
    pub topic: String,
    pub step_index: i64,
    pub step_started_ms: i64,
    pub step_elapsed_ms: i64,
    pub paused: bool,
    pub revision: i64,
    pub last_seen_at: Option<i64>,
    pub swapped_to: Option<String>,
    pub created_at: i64,
    pub ended_at: Option<i64>,
}

impl SessionRow {
    pub fn status(&self) -> SessionStatus {
        SessionStatus::from_db(&self.status)
    }

    pub fn step(&self) -> usize {
        usize::try_from(self.step_index).unwrap_or(0)
    }

    pub fn clock(&self) -> StepClock {
        StepClock {
            started_ms: self.step_started_ms,
            banked_ms: self.step_elapsed_ms,
            paused: self.paused,
        }
    }

    /// The caller's side of the pair; `None` for anyone else.
    pub fn role_of(&self, account_id: &str) -> Option<PairRole> {
        if self.coach_id == account_id {
            Some(PairRole::Coach)
        } else if self.coachee_id == account_id {
            Some(PairRole::Coachee)
        } else {
            None
        }
    }

    pub fn coach(&self) -> Participant {
        Participant {
            id: self.coach_id.clone(),
            name: self.coach_name.clone(),
        }
    }

    pub fn coachee(&self) -> Participant {
        Participant {
            id: self.coachee_id.clone(),
            name: self.coachee_name.clone(),
        }
    }
}

pub async fn find<'e>(
    db: impl SqliteExecutor<'e>,
    id: &str,
) -> Result<Option<SessionRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT s.id, s.circle_id, c.name AS circle_name, s.coach_id,
                coach.display_name AS coach_name, s.coachee_id,
                coachee.display_name AS coachee_name, s.status, s.script_id, s.script_version,
                s.topic, s.step_index, s.step_started_ms, s.step_elapsed_ms, s.paused,
                s.revision, s.last_seen_at, s.swapped_to, s.created_at, s.ended_at
         FROM sessions s
         JOIN circles c ON c.id = s.circle_id
         JOIN accounts coach ON coach.id = s.coach_id
         JOIN accounts coachee ON coachee.id = s.coachee_id
         WHERE s.id = ?",
    )
    .bind(id)
    .fetch_optional(db)
    .await?)
}

/// Creates a session following `script_id` at `script_version`; live at once unless
/// planned for a day.
#[allow(clippy::too_many_arguments)]
pub async fn create(
    tx: &mut SqliteConnection,
    circle_id: &str,
    coach_id: &str,
    coachee_id: &str,
    script: (&str, i64),
    topic: &str,
    planned_for: Option<i64>,
    now_ms: i64,
) -> Result<String, AppError> {
    let id = new_id();
    let status = if planned_for.is_some() {
        "planned"
    } else {
        "live"
    };
    sqlx::query(
        "INSERT INTO sessions (id, circle_id, coach_id, coachee_id, status, planned_for,
             created_at, script_id, script_version, topic, step_started_ms, last_seen_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(circle_id)
    .bind(coach_id)
    .bind(coachee_id)
    .bind(status)
    .bind(planned_for)
    .bind(now_ms / 1000)
    .bind(script.0)
    .bind(script.1)
    .bind(topic)
    .bind(now_ms)
    .bind(now_ms / 1000)
    .execute(&mut *tx)
    .await?;
    Ok(id)
}

/// Starts a planned session on its first step with `script` pinned.
pub async fn begin(
    tx: &mut SqliteConnection,
    id: &str,
    script: (&str, i64),
    now_ms: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE sessions SET status = 'live', script_id = ?, script_version = ?, step_index = 0,
             step_started_ms = ?, step_elapsed_ms = 0, paused = 0, revision = revision + 1,
             last_seen_at = ?
         WHERE id = ?",
    )
    .bind(script.0)
    .bind(script.1)
    .bind(now_ms)
    .bind(now_ms / 1000)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Records where the session is and its clock, and counts the change.
pub async fn save_position(
    tx: &mut SqliteConnection,
    id: &str,
    step: usize,
    clock: StepClock,
    now_ms: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE sessions SET step_index = ?, step_started_ms = ?, step_elapsed_ms = ?, paused = ?,
             revision = revision + 1, last_seen_at = ?
         WHERE id = ?",
    )
    .bind(step as i64)
    .bind(clock.started_ms)
    .bind(clock.banked_ms)
    .bind(clock.paused)
    .bind(now_ms / 1000)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Counts a change that did not move the session (a note, a commitment).
pub async fn touch(tx: &mut SqliteConnection, id: &str, now_ms: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE sessions SET revision = revision + 1, last_seen_at = ? WHERE id = ?")
        .bind(now_ms / 1000)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Sets the status; `ended` stamps `ended_at` (done, or closed after abandoning).
pub async fn set_status(
    tx: &mut SqliteConnection,
    id: &str,
    status: SessionStatus,
    ended: bool,
    now_ms: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE sessions SET status = ?, revision = revision + 1,
             ended_at = CASE WHEN ? THEN ? ELSE ended_at END
         WHERE id = ?",
    )
    .bind(status.as_str())
    .bind(ended)
    .bind(now_ms / 1000)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

pub async fn set_swapped_to(tx: &mut SqliteConnection, id: &str, to: &str) -> Result<(), AppError> {
    sqlx::query("UPDATE sessions SET swapped_to = ?, revision = revision + 1 WHERE id = ?")
        .bind(to)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Notes who was last in the room (when it empties), for spotting abandoned sessions.
pub async fn mark_seen<'e>(
    db: impl SqliteExecutor<'e>,
    id: &str,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query("UPDATE sessions SET last_seen_at = ? WHERE id = ? AND status = 'live'")
        .bind(now)
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// Stores the total time spent on `step`.
pub async fn save_spent(
    tx: &mut SqliteConnection,
    id: &str,
    step: usize,
    spent_ms: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO session_steps (session_id, step_index, spent_ms) VALUES (?, ?, ?)
         ON CONFLICT (session_id, step_index) DO UPDATE SET spent_ms = excluded.spent_ms",
    )
    .bind(id)
    .bind(step as i64)
    .bind(spent_ms)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The time already spent on `step` (0 if never entered).
pub async fn spent_on(tx: &mut SqliteConnection, id: &str, step: usize) -> Result<i64, AppError> {
    let spent: Option<i64> = sqlx::query_scalar(
        "SELECT spent_ms FROM session_steps WHERE session_id = ? AND step_index = ?",
    )
    .bind(id)
    .bind(step as i64)
    .fetch_optional(&mut *tx)
    .await?;
    Ok(spent.unwrap_or(0))
}
