//! SQL for the mirror's figures: my ratings over the weeks, what peers saw, and the
//! sessions and commitments of the period. Read only, from several tables.

use super::Rating;
use crate::calendar::IsoWeek;
use crate::db::Exec;
use crate::{error::AppError, on_db};

/// One rating I gave, with its week.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct WeekRating {
    pub week: IsoWeek,
    #[sqlx(flatten)]
    pub rating: Rating,
}

/// Every rating I gave from `since` on.
pub async fn ratings_since<'e>(
    db: impl Into<Exec<'e>>,
    account_id: &str,
    since: IsoWeek,
) -> Result<Vec<WeekRating>, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_as(
            "SELECT c.week, r.behaviour_id, r.rating, r.evidence
         FROM checkins c JOIN checkin_ratings r ON r.checkin_id = c.id
         WHERE c.account_id = $1 AND c.week >= $2",
        )
        .bind(account_id)
        .bind(since)
        .fetch_all
    )?)
}

/// The weeks I checked in, newest first (for the streak).
pub async fn weeks_checked<'e>(
    db: impl Into<Exec<'e>>,
    account_id: &str,
) -> Result<Vec<IsoWeek>, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_scalar(
            "SELECT week FROM checkins WHERE account_id = $1 ORDER BY week DESC LIMIT 520",
        )
        .bind(account_id)
        .fetch_all
    )?)
}

/// What peers saw of one behaviour in one week, on average.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PeerAverage {
    pub week: IsoWeek,
    pub behaviour_id: String,
    pub average: f64,
}

/// Average of what peers saw per (week, behaviour), from `since` on.
pub async fn peer_averages<'e>(
    db: impl Into<Exec<'e>>,
    subject_id: &str,
    since: IsoWeek,
) -> Result<Vec<PeerAverage>, AppError> {
    Ok(on_db!(db, sqlx::query_as(
        "SELECT week, behaviour_id, CAST(AVG(rating) AS DOUBLE PRECISION) AS average FROM peer_views
         WHERE subject_id = $1 AND week >= $2 GROUP BY week, behaviour_id",
    )
    .bind(subject_id)
    .bind(since).fetch_all)?)
}

/// How many sessions someone coached (`given`) and was coached in (`received`).
#[derive(Clone, Copy, Debug, sqlx::FromRow)]
pub struct SessionsHeld {
    pub given: i64,
    pub received: i64,
}

/// The sessions I took part in that were done since `since` (Unix seconds).
pub async fn sessions_held<'e>(
    db: impl Into<Exec<'e>>,
    account_id: &str,
    since: i64,
) -> Result<SessionsHeld, AppError> {
    Ok(on_db!(db, sqlx::query_as(
        "SELECT COALESCE(SUM(CASE WHEN coach_id = $1 THEN 1 ELSE 0 END), 0) AS given,
                COALESCE(SUM(CASE WHEN coachee_id = $1 THEN 1 ELSE 0 END), 0) AS received FROM sessions
         WHERE status = 'done' AND ended_at >= $2 AND (coach_id = $1 OR coachee_id = $1)",
    )
    .bind(account_id)
    .bind(since).fetch_one)?)
}

/// Of the commitments someone made, how many are `done`, and how many were `due`.
#[derive(Clone, Copy, Debug, sqlx::FromRow)]
pub struct CommitmentsKept {
    pub done: i64,
    pub due: i64,
}

/// My commitments made since `since`: those done, and those due by `now` or done.
pub async fn commitments_kept<'e>(
    db: impl Into<Exec<'e>>,
    account_id: &str,
    since: i64,
    now: i64,
) -> Result<CommitmentsKept, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_as(
            "SELECT COALESCE(SUM(CASE WHEN k.status = 'done' THEN 1 ELSE 0 END), 0) AS done,
                COALESCE(SUM(CASE WHEN k.due_on IS NOT NULL AND k.due_on <= $3 OR k.status = 'done'
                    THEN 1 ELSE 0 END), 0) AS due
         FROM commitments k JOIN sessions s ON s.id = k.session_id
         WHERE s.coachee_id = $1 AND k.created_at >= $2",
        )
        .bind(account_id)
        .bind(since)
        .bind(now)
        .fetch_one
    )?)
}
