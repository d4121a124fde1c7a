//! SQL for the session room: the session's live columns, per-step notes and times,
//! private notes and commitments.

use super::{
    room::{Commitment, CommitmentStatus, Participant, RoomState, SharedNote, StepClock},
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
