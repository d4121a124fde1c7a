//! SQL for the `commitments` table: what coachees commit to, closing them, and the
//! lists the room and Home show.

use super::{session_row::SessionRow, Commitment, CommitmentStatus};
use crate::{db::new_id, error::AppError};
use sqlx::{FromRow, SqliteConnection, SqlitePool};

/// How many commitments were made in the session.
pub async fn count_in(tx: &mut SqliteConnection, session_id: &str) -> Result<i64, AppError> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM commitments WHERE session_id = ?")
            .bind(session_id)
            .fetch_one(&mut *tx)
            .await?,
    )
}

pub async fn add(
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
#[derive(FromRow)]
pub struct Origin {
    pub session_id: String,
    pub status: CommitmentStatus,
}

pub async fn origin(
    tx: &mut SqliteConnection,
    commitment_id: &str,
) -> Result<Option<Origin>, AppError> {
    Ok(
        sqlx::query_as("SELECT session_id, status FROM commitments WHERE id = ?")
            .bind(commitment_id)
            .fetch_optional(&mut *tx)
            .await?,
    )
}

pub async fn close(
    tx: &mut SqliteConnection,
    commitment_id: &str,
    status: CommitmentStatus,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query("UPDATE commitments SET status = ?, closed_at = ? WHERE id = ?")
        .bind(status)
        .bind(now)
        .bind(commitment_id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Commitments made in this session, in the order they were made.
pub async fn of_session(
    tx: &mut SqliteConnection,
    session_id: &str,
) -> Result<Vec<Commitment>, AppError> {
    Ok(sqlx::query_as(
        "SELECT id, body, due_on, status, created_at AS made_at FROM commitments
         WHERE session_id = ? ORDER BY created_at, rowid",
    )
    .bind(session_id)
    .fetch_all(&mut *tx)
    .await?)
}

/// Commitments this pair made in earlier sessions, whoever coached: the open ones,
/// and those closed since this session began (so the room shows what was ticked).
pub async fn earlier_of_pair(
    tx: &mut SqliteConnection,
    session: &SessionRow,
) -> Result<Vec<Commitment>, AppError> {
    Ok(sqlx::query_as(
        "SELECT k.id, k.body, k.due_on, k.status, k.created_at AS made_at
         FROM commitments k JOIN sessions s ON s.id = k.session_id
         WHERE (k.status = 'open' OR k.closed_at >= ?4) AND s.id <> ?1 AND s.created_at <= ?4
           AND ((s.coach_id = ?2 AND s.coachee_id = ?3) OR (s.coach_id = ?3 AND s.coachee_id = ?2))
         ORDER BY k.created_at, k.rowid",
    )
    .bind(&session.id)
    .bind(&session.coach_id)
    .bind(&session.coachee_id)
    .bind(session.created_at)
    .fetch_all(&mut *tx)
    .await?)
}

/// An open commitment of mine with the name of the coach it was made to.
#[derive(FromRow)]
pub struct CommitmentToCoach {
    #[sqlx(flatten)]
    pub commitment: Commitment,
    pub coach_name: String,
}

/// My open commitments (as the coachee), soonest due first.
pub async fn open_of_coachee(
    reader: &SqlitePool,
    account_id: &str,
) -> Result<Vec<CommitmentToCoach>, AppError> {
    Ok(sqlx::query_as(
        "SELECT k.id, k.body, k.due_on, k.status, k.created_at AS made_at,
                coach.display_name AS coach_name
         FROM commitments k
         JOIN sessions s ON s.id = k.session_id
         JOIN accounts coach ON coach.id = s.coach_id
         WHERE s.coachee_id = ? AND k.status = 'open'
         ORDER BY k.due_on IS NULL, k.due_on, k.created_at LIMIT 50",
    )
    .bind(account_id)
    .fetch_all(reader)
    .await?)
}
