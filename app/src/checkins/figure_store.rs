//! SQL for `circle_week_figures`: a circle's check-in figure for a closed week, computed
//! once and kept.

use crate::{calendar::IsoWeek, db::Db, error::AppError};
use sqlx::SqliteExecutor;

/// A circle's check-in figure for one closed week: how many members contributed
/// (never shown) and their average rating.
#[derive(Clone, Copy, Debug, sqlx::FromRow)]
pub struct WeekFigure {
    pub contributors: i64,
    pub average: Option<f64>,
}

/// The circle's figure for the closed week `week`, from the check-ins of people who
/// were members for the whole week (joined before it began). Computed once, inside a
/// write transaction so two first viewers keep the same figure, and kept from then on.
pub async fn closed_week_figure(
    db: &Db,
    circle_id: &str,
    week: IsoWeek,
) -> Result<WeekFigure, AppError> {
    const KEPT: &str =
        "SELECT contributors, average FROM circle_week_figures WHERE circle_id = ? AND week = ?";
    let kept: Option<WeekFigure> = sqlx::query_as(KEPT)
        .bind(circle_id)
        .bind(week)
        .fetch_optional(&db.reader)
        .await?;
    if let Some(kept) = kept {
        return Ok(kept);
    }
    let mut tx = db.writer.begin().await?;
    sqlx::query(
        "INSERT OR IGNORE INTO circle_week_figures (circle_id, week, contributors, average)
         SELECT ?1, ?2, COUNT(DISTINCT c.account_id), AVG(r.rating)
         FROM checkins c
         JOIN checkin_ratings r ON r.checkin_id = c.id
         JOIN circle_members m ON m.account_id = c.account_id AND m.circle_id = ?1
         WHERE c.week = ?2 AND m.joined_at <= ?3",
    )
    .bind(circle_id)
    .bind(week)
    .bind(week.earliest_start())
    .execute(&mut *tx)
    .await?;
    let figure = sqlx::query_as(KEPT)
        .bind(circle_id)
        .bind(week)
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(figure)
}

/// Whether `account_id` is among the contributors of the circle's figure for `week`.
pub async fn contributed_to_figure<'e>(
    db: impl SqliteExecutor<'e>,
    circle_id: &str,
    account_id: &str,
    week: IsoWeek,
) -> Result<bool, AppError> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM checkins c
         JOIN circle_members m ON m.account_id = c.account_id AND m.circle_id = ?
         WHERE c.account_id = ? AND c.week = ? AND m.joined_at <= ?",
    )
    .bind(circle_id)
    .bind(account_id)
    .bind(week)
    .bind(week.earliest_start())
    .fetch_optional(db)
    .await?;
    Ok(found.is_some())
}
