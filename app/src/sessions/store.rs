//! SQL for session metadata.

use super::{SessionStatus, SessionSummary};
use crate::{
    db::{new_id, now_seconds},
    error::AppError,
};
use sqlx::{sqlite::SqliteRow, Row, SqliteConnection, SqlitePool};

const SUMMARY_COLUMNS: &str = "s.id, s.circle_id, circle.name AS circle_name, s.coach_id,
    coach.display_name AS coach_name,
    s.coachee_id, coachee.display_name AS coachee_name, s.status, s.planned_for,
    s.created_at, s.ended_at
    FROM sessions s
    JOIN circles circle ON circle.id = s.circle_id
    JOIN accounts coach ON coach.id = s.coach_id
    JOIN accounts coachee ON coachee.id = s.coachee_id";

fn summary(row: &SqliteRow) -> Result<SessionSummary, sqlx::Error> {
    Ok(SessionSummary {
        id: row.try_get("id")?,
        circle_id: row.try_get("circle_id")?,
        circle_name: row.try_get("circle_name")?,
        coach_id: row.try_get("coach_id")?,
        coach_name: row.try_get("coach_name")?,
        coachee_id: row.try_get("coachee_id")?,
        coachee_name: row.try_get("coachee_name")?,
        status: SessionStatus::from_db(row.try_get("status")?),
        planned_for: row.try_get("planned_for")?,
        created_at: row.try_get("created_at")?,
        ended_at: row.try_get("ended_at")?,
    })
}

/// The circle's sessions, newest first (at most `limit`).
pub async fn list_for_circle(
    reader: &SqlitePool,
    circle_id: &str,
    limit: i64,
) -> Result<Vec<SessionSummary>, AppError> {
    let rows = sqlx::query(&format!(
        "SELECT {SUMMARY_COLUMNS} WHERE s.circle_id = ?
         ORDER BY COALESCE(s.ended_at, s.planned_for, s.created_at) DESC, s.created_at DESC
         LIMIT ?"
    ))
    .bind(circle_id)
    .bind(limit)
    .fetch_all(reader)
    .await?;
    Ok(rows.iter().map(summary).collect::<Result<_, _>>()?)
}

/// My planned sessions in a circle, soonest first.
pub async fn planned_for(
    reader: &SqlitePool,
    circle_id: &str,
    account_id: &str,
) -> Result<Vec<SessionSummary>, AppError> {
    let rows = sqlx::query(&format!(
        "SELECT {SUMMARY_COLUMNS}
         WHERE s.circle_id = ? AND s.status = 'planned' AND ? IN (s.coach_id, s.coachee_id)
         ORDER BY s.planned_for IS NULL, s.planned_for, s.created_at"
    ))
    .bind(circle_id)
    .bind(account_id)
    .fetch_all(reader)
    .await?;
    Ok(rows.iter().map(summary).collect::<Result<_, _>>()?)
}

/// My sessions that are planned or in progress, in every circle: live ones first,
/// then by day.
pub async fn open_for(
    reader: &SqlitePool,
    account_id: &str,
) -> Result<Vec<SessionSummary>, AppError> {
    let rows = sqlx::query(&format!(
        "SELECT {SUMMARY_COLUMNS}
         WHERE circle.archived_at IS NULL AND s.status IN ('planned', 'live') AND ? IN (s.coach_id, s.coachee_id)
         ORDER BY s.status <> 'live', s.planned_for IS NULL, s.planned_for, s.created_at
         LIMIT 50"
    ))
    .bind(account_id)
    .fetch_all(reader)
    .await?;
    Ok(rows.iter().map(summary).collect::<Result<_, _>>()?)
}

/// Who coached whom in the circle, for the pairing rotation: every session that was
/// not abandoned, planned ones included so an accepted round is not suggested again.
pub async fn pair_history(
    reader: &SqlitePool,
    circle_id: &str,
) -> Result<Vec<(String, String)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT coach_id, coachee_id FROM sessions
         WHERE circle_id = ? AND status <> 'abandoned' ORDER BY created_at",
    )
    .bind(circle_id)
    .fetch_all(reader)
    .await?)
}

/// Sessions held (done) since `since`, as (account, coached, was coached) counts.
pub async fn held_since(
    reader: &SqlitePool,
    circle_id: &str,
    since: i64,
) -> Result<Vec<(String, i64, i64)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT person,
                SUM(CASE WHEN role = 'coach' THEN 1 ELSE 0 END),
                SUM(CASE WHEN role = 'coachee' THEN 1 ELSE 0 END)
         FROM (SELECT coach_id AS person, 'coach' AS role FROM sessions
                 WHERE circle_id = ?1 AND status = 'done' AND ended_at >= ?2
               UNION ALL
               SELECT coachee_id, 'coachee' FROM sessions
                 WHERE circle_id = ?1 AND status = 'done' AND ended_at >= ?2)
         GROUP BY person",
    )
    .bind(circle_id)
    .bind(since)
    .fetch_all(reader)
    .await?)
}

/// Records a planned session (inside the caller's transaction).
pub async fn create_planned(
    tx: &mut SqliteConnection,
    circle_id: &str,
    coach_id: &str,
    coachee_id: &str,
    planned_for: Option<i64>,
) -> Result<String, AppError> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO sessions (id, circle_id, coach_id, coachee_id, status, planned_for, created_at)
         VALUES (?, ?, ?, ?, 'planned', ?, ?)",
    )
    .bind(&id)
    .bind(circle_id)
    .bind(coach_id)
    .bind(coachee_id)
    .bind(planned_for)
    .bind(now_seconds())
    .execute(&mut *tx)
    .await?;
    Ok(id)
}

/// Marks someone's planned sessions in a circle as not held (they left it).
pub async fn abandon_planned(
    tx: &mut SqliteConnection,
    circle_id: &str,
    account_id: &str,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE sessions SET status = 'abandoned', ended_at = ?
         WHERE circle_id = ? AND status = 'planned' AND ? IN (coach_id, coachee_id)",
    )
    .bind(now_seconds())
    .bind(circle_id)
    .bind(account_id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// My open commitments (as the coachee), soonest due first, with the coach's name.
pub async fn open_commitments_of(
    reader: &SqlitePool,
    account_id: &str,
) -> Result<Vec<(crate::sessions::room::Commitment, String)>, AppError> {
    use crate::sessions::room::{Commitment, CommitmentStatus};
    let rows: Vec<(String, String, Option<i64>, i64, String)> = sqlx::query_as(
        "SELECT k.id, k.body, k.due_on, k.created_at, coach.display_name
         FROM commitments k
         JOIN sessions s ON s.id = k.session_id
         JOIN accounts coach ON coach.id = s.coach_id
         WHERE s.coachee_id = ? AND k.status = 'open'
         ORDER BY k.due_on IS NULL, k.due_on, k.created_at LIMIT 50",
    )
    .bind(account_id)
    .fetch_all(reader)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, body, due_on, made_at, coach)| {
            (
                Commitment {
                    id,
                    body,
                    due_on,
                    status: CommitmentStatus::Open,
                    made_at,
                },
                coach,
            )
        })
        .collect())
}

/// For each of my circles: its name, cadence, when I joined, and when I last took part
/// in a session held there.
pub async fn last_held_per_circle(
    reader: &SqlitePool,
    account_id: &str,
) -> Result<Vec<(String, String, i64, Option<i64>)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT c.name, c.cadence, m.joined_at,
                (SELECT MAX(s.ended_at) FROM sessions s
                 WHERE s.circle_id = c.id AND s.status = 'done'
                   AND ?1 IN (s.coach_id, s.coachee_id))
         FROM circle_members m JOIN circles c ON c.id = m.circle_id
         WHERE m.account_id = ?1 AND c.archived_at IS NULL
         ORDER BY c.name",
    )
    .bind(account_id)
    .fetch_all(reader)
    .await?)
}
