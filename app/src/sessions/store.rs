//! SQL for the `sessions` table: creating sessions, the row the room works from
//! (where it is, its clock and status), and the lists other pages show.
//!
//! A person's sessions are asked for as `(s.coach_id = ?1 OR s.coachee_id = ?1)`
//! (here and in the other stores that read `sessions`): SQLite answers that from the
//! two indexes, while `?1 IN (s.coach_id, s.coachee_id)` reads every session ever held.

use super::{
    rules::{StepClock, ABANDON_AFTER_SECONDS},
    schedule::PlannedTime,
    session_row::SessionRow,
    Cancelled, SessionStatus, SessionSummary,
};
use crate::db::{Conn, Exec, Pool};
use crate::{circles::rotation::Pairing, db::new_id, error::AppError};
use crate::{execute_on, on_db};
use sqlx::FromRow;

/// The session with the names the room shows; `None` when there is none.
pub async fn find<'e>(db: impl Into<Exec<'e>>, id: &str) -> Result<Option<SessionRow>, AppError> {
    // The step count is read from the stored JSON by SQLite, so the script's steps are
    // not decoded for every change made in the room.
    Ok(on_db!(
        db,
        sqlx::query_as(
            "SELECT s.id, s.circle_id, c.name AS circle_name, s.coach_id,
                coach.display_name AS coach_name, s.coachee_id,
                coachee.display_name AS coachee_name, s.status, s.planned_for,
                s.starts_at, s.length_minutes, s.script_id, s.script_version,
                COALESCE(json_array_length(v.steps), 0) AS step_count,
                s.topic, s.step_index, s.step_started_ms, s.step_elapsed_ms, s.paused,
                s.revision, s.last_seen_at, s.swapped_to, s.cancelled, s.created_at, s.ended_at
         FROM sessions s
         JOIN circles c ON c.id = s.circle_id
         JOIN accounts coach ON coach.id = s.coach_id
         JOIN accounts coachee ON coachee.id = s.coachee_id
         LEFT JOIN script_versions v
           ON v.script_id = s.script_id AND v.version = s.script_version
         WHERE s.id = $1",
        )
        .bind(id)
        .fetch_optional
    )?)
}

/// A session about to be created.
pub struct NewSession<'a> {
    pub circle_id: &'a str,
    pub coach_id: &'a str,
    pub coachee_id: &'a str,
    /// `Live` to start now, else `Planned`.
    pub status: SessionStatus,
    /// The script and the version to pin; `None` leaves the choice to the pair.
    pub script: Option<(&'a str, i64)>,
    pub topic: &'a str,
    /// The day the pair plans to meet, if named.
    pub planned_for: Option<i64>,
    /// The time of day on that day, if named.
    pub time: Option<PlannedTime>,
    /// Who started or planned it.
    pub created_by: &'a str,
}

/// Creates a session; returns its id.
pub async fn create(tx: &mut Conn, new: &NewSession<'_>, now_ms: i64) -> Result<String, AppError> {
    let id = new_id();
    execute_on!(
        &mut *tx,
        sqlx::query(
            "INSERT INTO sessions (id, circle_id, coach_id, coachee_id, status, planned_for,
             created_at, script_id, script_version, topic, step_started_ms, last_seen_at,
             starts_at, length_minutes, planned_zone, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
        )
        .bind(&id)
        .bind(new.circle_id)
        .bind(new.coach_id)
        .bind(new.coachee_id)
        .bind(new.status)
        .bind(new.planned_for)
        .bind(now_ms / 1000)
        .bind(new.script.map(|(script_id, _)| script_id))
        .bind(new.script.map(|(_, version)| version))
        .bind(new.topic)
        .bind(now_ms)
        .bind(now_ms / 1000)
        .bind(new.time.as_ref().map(|t| t.starts_at))
        .bind(new.time.as_ref().map(|t| t.length_minutes))
        .bind(new.time.as_ref().map(|t| t.zone.as_str()))
        .bind(new.created_by)
    )?;
    Ok(id)
}

/// Records a session `planned_by` a host from the pairing rotation (inside the
/// caller's transaction); the pair chooses the script when they meet.
pub async fn create_planned(
    tx: &mut Conn,
    circle_id: &str,
    (coach_id, coachee_id): (&str, &str),
    planned_by: &str,
    planned_for: Option<i64>,
    time: Option<PlannedTime>,
    now_ms: i64,
) -> Result<String, AppError> {
    let new = NewSession {
        circle_id,
        coach_id,
        coachee_id,
        status: SessionStatus::Planned,
        script: None,
        topic: "",
        planned_for,
        time,
        created_by: planned_by,
    };
    create(tx, &new, now_ms).await
}

/// Starts a planned session on its first step with `script` pinned.
pub async fn begin(
    tx: &mut Conn,
    id: &str,
    script: (&str, i64),
    now_ms: i64,
) -> Result<(), AppError> {
    execute_on!(&mut *tx, sqlx::query(
        "UPDATE sessions SET status = 'live', script_id = $1, script_version = $2, step_index = 0,
             step_started_ms = $3, step_elapsed_ms = 0, paused = FALSE, revision = revision + 1,
             last_seen_at = $4
         WHERE id = $5",
    )
    .bind(script.0)
    .bind(script.1)
    .bind(now_ms)
    .bind(now_ms / 1000)
    .bind(id))?;
    Ok(())
}

/// Moves a planned session to `day` (and `time`, or the day only): counted as a change
/// of the session and of its calendar event, whose SEQUENCE calendar apps compare.
pub async fn set_planned_time(
    tx: &mut Conn,
    id: &str,
    day: i64,
    time: Option<&PlannedTime>,
) -> Result<(), AppError> {
    execute_on!(
        &mut *tx,
        sqlx::query(
            "UPDATE sessions SET planned_for = $1, starts_at = $2, length_minutes = $3,
             planned_zone = $4, calendar_sequence = calendar_sequence + 1,
             revision = revision + 1
         WHERE id = $5 AND status = 'planned'",
        )
        .bind(day)
        .bind(time.map(|t| t.starts_at))
        .bind(time.map(|t| t.length_minutes))
        .bind(time.map(|t| t.zone.as_str()))
        .bind(id)
    )?;
    Ok(())
}

/// Records where the session is and its clock, and counts the change.
pub async fn save_position(
    tx: &mut Conn,
    id: &str,
    step: usize,
    clock: StepClock,
    now_ms: i64,
) -> Result<(), AppError> {
    execute_on!(&mut *tx, sqlx::query(
        "UPDATE sessions SET step_index = $1, step_started_ms = $2, step_elapsed_ms = $3, paused = $4,
             revision = revision + 1, last_seen_at = $5
         WHERE id = $6",
    )
    .bind(step as i64)
    .bind(clock.started_ms)
    .bind(clock.banked_ms)
    .bind(clock.paused)
    .bind(now_ms / 1000)
    .bind(id))?;
    Ok(())
}

/// Counts a change that did not move the session (a note, a commitment).
pub async fn touch(tx: &mut Conn, id: &str, now_ms: i64) -> Result<(), AppError> {
    execute_on!(
        &mut *tx,
        sqlx::query("UPDATE sessions SET revision = revision + 1, last_seen_at = $1 WHERE id = $2")
            .bind(now_ms / 1000)
            .bind(id)
    )?;
    Ok(())
}

/// Sets the status; `ended` stamps `ended_at` (done, or closed after abandoning).
pub async fn set_status(
    tx: &mut Conn,
    id: &str,
    status: SessionStatus,
    ended: bool,
    now_ms: i64,
) -> Result<(), AppError> {
    execute_on!(
        &mut *tx,
        sqlx::query(
            "UPDATE sessions SET status = $1, revision = revision + 1,
             ended_at = CASE WHEN $2 THEN $3 ELSE ended_at END
         WHERE id = $4",
        )
        .bind(status)
        .bind(ended)
        .bind(now_ms / 1000)
        .bind(id)
    )?;
    Ok(())
}

pub async fn set_swapped_to(tx: &mut Conn, id: &str, to: &str) -> Result<(), AppError> {
    execute_on!(
        &mut *tx,
        sqlx::query("UPDATE sessions SET swapped_to = $1, revision = revision + 1 WHERE id = $2")
            .bind(to)
            .bind(id)
    )?;
    Ok(())
}

/// Notes who was last in the room (when it empties), for spotting abandoned sessions.
pub async fn mark_seen<'e>(db: impl Into<Exec<'e>>, id: &str, now: i64) -> Result<(), AppError> {
    execute_on!(
        db,
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id = $2 AND status = 'live'")
            .bind(now)
            .bind(id)
    )?;
    Ok(())
}

/// Marks someone's planned sessions in a circle as not held (they left it); their
/// calendar events become cancellations.
pub async fn abandon_planned(
    tx: &mut Conn,
    circle_id: &str,
    account_id: &str,
    now: i64,
) -> Result<(), AppError> {
    execute_on!(
        &mut *tx,
        sqlx::query(
            "UPDATE sessions SET status = 'abandoned', ended_at = $1, cancelled = 'member_left',
             calendar_sequence = calendar_sequence + 1, revision = revision + 1
         WHERE circle_id = $2 AND status = 'planned' AND $3 IN (coach_id, coachee_id)",
        )
        .bind(now)
        .bind(circle_id)
        .bind(account_id)
    )?;
    Ok(())
}

/// Calls off a planned session (inside a room change): it is not held, and its
/// calendar event becomes a cancellation.
pub async fn cancel(tx: &mut Conn, id: &str, why: Cancelled, now_ms: i64) -> Result<(), AppError> {
    execute_on!(
        &mut *tx,
        sqlx::query(
            "UPDATE sessions SET status = 'abandoned', ended_at = $1, cancelled = $2,
             calendar_sequence = calendar_sequence + 1, revision = revision + 1
         WHERE id = $3 AND status = 'planned'",
        )
        .bind(now_ms / 1000)
        .bind(why)
        .bind(id)
    )?;
    Ok(())
}

/// How many sessions of a circle are still to be held: planned, or live and not yet
/// left with nobody in it for [`ABANDON_AFTER_SECONDS`].
pub async fn count_to_hold<'e>(
    db: impl Into<Exec<'e>>,
    circle_id: &str,
    now: i64,
) -> Result<i64, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM sessions WHERE circle_id = $1
               AND (status = 'planned'
                    OR (status = 'live' AND COALESCE(last_seen_at, created_at) > $2))",
        )
        .bind(circle_id)
        .bind(now - ABANDON_AFTER_SECONDS)
        .fetch_one
    )?)
}

pub(super) const SUMMARY_COLUMNS: &str =
    "s.id, s.circle_id, circle.name AS circle_name, s.coach_id,
    coach.display_name AS coach_name,
    s.coachee_id, coachee.display_name AS coachee_name, s.status, s.planned_for,
    s.starts_at, s.length_minutes, s.created_at, s.ended_at, s.cancelled
    FROM sessions s
    JOIN circles circle ON circle.id = s.circle_id
    JOIN accounts coach ON coach.id = s.coach_id
    JOIN accounts coachee ON coachee.id = s.coachee_id";

/// The circle's sessions, newest first: at most `limit` of them, after skipping the
/// `skip` newest (the pages of the circle's sessions).
pub async fn list_for_circle(
    reader: &Pool,
    circle_id: &str,
    limit: i64,
    skip: i64,
) -> Result<Vec<SessionSummary>, AppError> {
    Ok(on_db!(
        reader,
        sqlx::query_as(&format!(
            "SELECT {SUMMARY_COLUMNS} WHERE s.circle_id = $1
         ORDER BY COALESCE(s.ended_at, s.planned_for, s.created_at) DESC, s.created_at DESC, s.id
         LIMIT $2 OFFSET $3"
        ))
        .bind(circle_id)
        .bind(limit)
        .bind(skip)
        .fetch_all
    )?)
}

/// The script the circle's sessions have used most, if it has held any.
pub async fn usual_script(reader: &Pool, circle_id: &str) -> Result<Option<String>, AppError> {
    Ok(on_db!(
        reader,
        sqlx::query_scalar(
            "SELECT script_id FROM sessions WHERE circle_id = $1 AND script_id IS NOT NULL
         GROUP BY script_id ORDER BY COUNT(*) DESC, MAX(created_at) DESC LIMIT 1",
        )
        .bind(circle_id)
        .fetch_optional
    )?)
}

/// My sessions that are planned or in progress, in every circle: live ones first,
/// then by day (undated last). Read once per request: Home's next sessions and its
/// circles list (my next session in each) both need them (see `request_memo`).
pub async fn open_for_once(
    reader: &Pool,
    account_id: &str,
) -> Result<Vec<SessionSummary>, AppError> {
    let key = format!("open_for/{account_id}");
    crate::request_memo::once(key, || open_for(reader, account_id)).await
}

async fn open_for(reader: &Pool, account_id: &str) -> Result<Vec<SessionSummary>, AppError> {
    Ok(on_db!(
        reader,
        sqlx::query_as(&format!(
            "SELECT {SUMMARY_COLUMNS}
         WHERE circle.archived_at IS NULL AND s.status IN ('planned', 'live')
           AND (s.coach_id = $1 OR s.coachee_id = $1)
         ORDER BY s.status <> 'live', s.planned_for IS NULL, s.planned_for, s.starts_at,
             s.created_at"
        ))
        .bind(account_id)
        .fetch_all
    )?)
}

/// Who coached whom in the circle, oldest first, for the pairing rotation: every
/// session that was not abandoned, planned ones included so an accepted round is not
/// suggested again.
pub async fn pair_history(reader: &Pool, circle_id: &str) -> Result<Vec<Pairing>, AppError> {
    Ok(on_db!(
        reader,
        sqlx::query_as(
            "SELECT coach_id AS coach, coachee_id AS coachee FROM sessions
         WHERE circle_id = $1 AND status <> 'abandoned' ORDER BY created_at",
        )
        .bind(circle_id)
        .fetch_all
    )?)
}

/// How many sessions one member held in a circle, per role.
#[derive(FromRow)]
pub struct HeldCount {
    pub account_id: String,
    pub coached: i64,
    pub was_coached: i64,
}

/// Sessions held (done) since `since`, counted per member who held any.
pub async fn held_since(
    reader: &Pool,
    circle_id: &str,
    since: i64,
) -> Result<Vec<HeldCount>, AppError> {
    Ok(on_db!(
        reader,
        sqlx::query_as(
            "SELECT person AS account_id,
                SUM(CASE WHEN role = 'coach' THEN 1 ELSE 0 END) AS coached,
                SUM(CASE WHEN role = 'coachee' THEN 1 ELSE 0 END) AS was_coached
         FROM (SELECT coach_id AS person, 'coach' AS role FROM sessions
                 WHERE circle_id = $1 AND status = 'done' AND ended_at >= $2
               UNION ALL
               SELECT coachee_id, 'coachee' FROM sessions
                 WHERE circle_id = $1 AND status = 'done' AND ended_at >= $2) AS taking_part
         GROUP BY person",
        )
        .bind(circle_id)
        .bind(since)
        .fetch_all
    )?)
}
