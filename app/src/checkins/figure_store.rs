//! SQL for `circle_week_figures`: a circle's check-in figure for a closed week, computed
//! once and kept.

use crate::db::Exec;
use crate::{calendar::IsoWeek, db::Db, error::AppError};
use crate::{execute_on, on_db};

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
        "SELECT contributors, average FROM circle_week_figures WHERE circle_id = $1 AND week = $2";
    let kept: Option<WeekFigure> = on_db!(
        &db.reader,
        sqlx::query_as(KEPT)
            .bind(circle_id)
            .bind(week)
            .fetch_optional
    )?;
    if let Some(kept) = kept {
        return Ok(kept);
    }
    let mut tx = db.writer.begin().await?;
    execute_on!(
        &mut *tx,
        sqlx::query(
            "INSERT INTO circle_week_figures (circle_id, week, contributors, average)
         SELECT $1, $2, COUNT(DISTINCT c.account_id), CAST(AVG(r.rating) AS DOUBLE PRECISION)
         FROM checkins c
         JOIN checkin_ratings r ON r.checkin_id = c.id
         JOIN circle_members m ON m.account_id = c.account_id AND m.circle_id = $1
         WHERE c.week = $2 AND m.joined_at <= $3
         ON CONFLICT DO NOTHING",
        )
        .bind(circle_id)
        .bind(week)
        .bind(week.earliest_start())
    )?;
    let figure = on_db!(
        &mut *tx,
        sqlx::query_as(KEPT).bind(circle_id).bind(week).fetch_one
    )?;
    tx.commit().await?;
    Ok(figure)
}

/// Whether `account_id` is among the contributors of the circle's figure for `week`.
pub async fn contributed_to_figure<'e>(
    db: impl Into<Exec<'e>>,
    circle_id: &str,
    account_id: &str,
    week: IsoWeek,
) -> Result<bool, AppError> {
    let found: Option<i32> = on_db!(
        db,
        sqlx::query_scalar(
            "SELECT 1 FROM checkins c
         JOIN circle_members m ON m.account_id = c.account_id AND m.circle_id = $1
         WHERE c.account_id = $2 AND c.week = $3 AND m.joined_at <= $4",
        )
        .bind(circle_id)
        .bind(account_id)
        .bind(week)
        .bind(week.earliest_start())
        .fetch_optional
    )?;
    Ok(found.is_some())
}
