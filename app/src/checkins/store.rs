//! SQL for behaviours, tracking, check-ins and the mirror's figures.

use super::{circle_behaviours::NewCircleBehaviour, Behaviour, Rating};
use crate::calendar::IsoWeek;
use crate::{db::new_id, error::AppError};
use sqlx::{SqliteConnection, SqliteExecutor};

const BEHAVIOUR_COLUMNS: &str = "b.id, b.title, b.description, b.anchors, c.name AS circle_name
     FROM behaviours b
     LEFT JOIN circles c ON c.id = b.circle_id";

/// Built-ins, then the behaviours of circles `account_id` is in.
pub async fn catalogue<'e>(
    db: impl SqliteExecutor<'e>,
    account_id: &str,
) -> Result<Vec<Behaviour>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {BEHAVIOUR_COLUMNS}
         WHERE b.circle_id IS NULL OR b.circle_id IN
             (SELECT circle_id FROM circle_members WHERE account_id = ?)
         ORDER BY b.circle_id IS NOT NULL, b.rowid"
    ))
    .bind(account_id)
    .fetch_all(db)
    .await?)
}

/// Built-ins, then the behaviours of circles both `viewer` and `subject` are in: what
/// a peer may see of someone's tracked behaviours. A circle the viewer is not in stays
/// private, its behaviours, name and description included.
pub async fn shared_catalogue<'e>(
    db: impl SqliteExecutor<'e>,
    viewer: &str,
    subject: &str,
) -> Result<Vec<Behaviour>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {BEHAVIOUR_COLUMNS}
         WHERE b.circle_id IS NULL OR b.circle_id IN
             (SELECT v.circle_id FROM circle_members v
              JOIN circle_members s ON s.circle_id = v.circle_id
              WHERE v.account_id = ? AND s.account_id = ?)
         ORDER BY b.circle_id IS NOT NULL, b.rowid"
    ))
    .bind(viewer)
    .bind(subject)
    .fetch_all(db)
    .await?)
}

/// The ids of the behaviours I track, in my order.
pub async fn tracked<'e>(
    db: impl SqliteExecutor<'e>,
    account_id: &str,
) -> Result<Vec<String>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT behaviour_id FROM tracked_behaviours WHERE account_id = ? ORDER BY position",
    )
    .bind(account_id)
    .fetch_all(db)
    .await?)
}

pub async fn set_tracked(
    tx: &mut SqliteConnection,
    account_id: &str,
    ids: &[String],
) -> Result<(), AppError> {
    sqlx::query("DELETE FROM tracked_behaviours WHERE account_id = ?")
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
    for (position, id) in ids.iter().enumerate() {
        sqlx::query(
            "INSERT INTO tracked_behaviours (account_id, behaviour_id, position) VALUES (?, ?, ?)",
        )
        .bind(account_id)
        .bind(id)
        .bind(position as i64)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// How far I am with `week`: how many behaviours I track and whether I checked in.
#[derive(Clone, Copy, Debug, sqlx::FromRow)]
pub struct WeekProgress {
    pub tracking: i64,
    pub checked_in: bool,
}

/// [`WeekProgress`] in one statement, for pages that only need to know (Home's line
/// about this week and its reminders), where [`checkin`] reads the whole check-in.
pub async fn week_progress<'e>(
    db: impl SqliteExecutor<'e>,
    account_id: &str,
    week: IsoWeek,
) -> Result<WeekProgress, AppError> {
    Ok(sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM tracked_behaviours WHERE account_id = ?1) AS tracking,
                EXISTS (SELECT 1 FROM checkins WHERE account_id = ?1 AND week = ?2) AS checked_in",
    )
    .bind(account_id)
    .bind(week)
    .fetch_one(db)
    .await?)
}

/// [`week_progress`] on the reader, read once per request: Home's line about this
/// week and its reminders both need it (see `request_memo`).
pub async fn week_progress_once(
    reader: &sqlx::SqlitePool,
    account_id: &str,
    week: IsoWeek,
) -> Result<WeekProgress, AppError> {
    let key = format!("week_progress/{account_id}/{week}");
    crate::request_memo::once(key, || week_progress(reader, account_id, week)).await
}

/// A check-in as stored: its week's reflection and ratings.
#[derive(Clone, Debug, Default)]
pub struct StoredCheckin {
    pub reflection: String,
    pub ratings: Vec<Rating>,
}

/// My check-in of `week`, if I made one.
pub async fn checkin<'e, E>(
    db: E,
    account_id: &str,
    week: IsoWeek,
) -> Result<Option<StoredCheckin>, AppError>
where
    E: SqliteExecutor<'e> + Copy,
{
    #[derive(sqlx::FromRow)]
    struct Found {
        id: String,
        reflection: String,
    }
    let found: Option<Found> =
        sqlx::query_as("SELECT id, reflection FROM checkins WHERE account_id = ? AND week = ?")
            .bind(account_id)
            .bind(week)
            .fetch_optional(db)
            .await?;
    let Some(found) = found else {
        return Ok(None);
    };
    let ratings = sqlx::query_as(
        "SELECT behaviour_id, rating, evidence FROM checkin_ratings WHERE checkin_id = ?",
    )
    .bind(&found.id)
    .fetch_all(db)
    .await?;
    Ok(Some(StoredCheckin {
        reflection: found.reflection,
        ratings,
    }))
}

/// Writes my check-in of `week`, replacing what it held.
pub async fn save_checkin(
    tx: &mut SqliteConnection,
    account_id: &str,
    week: IsoWeek,
    reflection: &str,
    ratings: &[Rating],
    now: i64,
) -> Result<(), AppError> {
    let id: String = sqlx::query_scalar(
        "INSERT INTO checkins (id, account_id, week, reflection, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (account_id, week) DO UPDATE SET reflection = excluded.reflection,
             updated_at = excluded.updated_at
         RETURNING id",
    )
    .bind(new_id())
    .bind(account_id)
    .bind(week)
    .bind(reflection)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM checkin_ratings WHERE checkin_id = ?")
        .bind(&id)
        .execute(&mut *tx)
        .await?;
    if ratings.is_empty() {
        return Ok(());
    }
    // One statement for all the ratings (a handful: one per tracked behaviour): the
    // transaction holds the one writer, and each statement is a round trip to it.
    let mut insert = sqlx::QueryBuilder::new(
        "INSERT INTO checkin_ratings (checkin_id, behaviour_id, rating, evidence) ",
    );
    insert.push_values(ratings, |mut row, r| {
        row.push_bind(&id)
            .push_bind(&r.behaviour_id)
            .push_bind(r.rating)
            .push_bind(&r.evidence);
    });
    insert.build().execute(&mut *tx).await?;
    Ok(())
}

/// One rating I gave, with its week.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct WeekRating {
    pub week: IsoWeek,
    #[sqlx(flatten)]
    pub rating: Rating,
}

/// Every rating I gave from `since` on.
pub async fn ratings_since<'e>(
    db: impl SqliteExecutor<'e>,
    account_id: &str,
    since: IsoWeek,
) -> Result<Vec<WeekRating>, AppError> {
    Ok(sqlx::query_as(
        "SELECT c.week, r.behaviour_id, r.rating, r.evidence
         FROM checkins c JOIN checkin_ratings r ON r.checkin_id = c.id
         WHERE c.account_id = ? AND c.week >= ?",
    )
    .bind(account_id)
    .bind(since)
    .fetch_all(db)
    .await?)
}

/// When the account was created (Unix seconds): the mirror starts in that week.
pub async fn account_created_at<'e>(
    db: impl SqliteExecutor<'e>,
    account_id: &str,
) -> Result<i64, AppError> {
    Ok(
        sqlx::query_scalar("SELECT created_at FROM accounts WHERE id = ?")
            .bind(account_id)
            .fetch_one(db)
            .await?,
    )
}

/// The weeks I checked in, newest first (for the streak).
pub async fn weeks_checked<'e>(
    db: impl SqliteExecutor<'e>,
    account_id: &str,
) -> Result<Vec<IsoWeek>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT week FROM checkins WHERE account_id = ? ORDER BY week DESC LIMIT 520",
    )
    .bind(account_id)
    .fetch_all(db)
    .await?)
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
    db: impl SqliteExecutor<'e>,
    subject_id: &str,
    since: IsoWeek,
) -> Result<Vec<PeerAverage>, AppError> {
    Ok(sqlx::query_as(
        "SELECT week, behaviour_id, AVG(rating) AS average FROM peer_views
         WHERE subject_id = ? AND week >= ? GROUP BY week, behaviour_id",
    )
    .bind(subject_id)
    .bind(since)
    .fetch_all(db)
    .await?)
}

/// How many sessions someone coached (`given`) and was coached in (`received`).
#[derive(Clone, Copy, Debug, sqlx::FromRow)]
pub struct SessionsHeld {
    pub given: i64,
    pub received: i64,
}

/// The sessions I took part in that were done since `since` (Unix seconds).
pub async fn sessions_held<'e>(
    db: impl SqliteExecutor<'e>,
    account_id: &str,
    since: i64,
) -> Result<SessionsHeld, AppError> {
    Ok(sqlx::query_as(
        "SELECT COALESCE(SUM(coach_id = ?1), 0) AS given,
                COALESCE(SUM(coachee_id = ?1), 0) AS received FROM sessions
         WHERE status = 'done' AND ended_at >= ?2 AND (coach_id = ?1 OR coachee_id = ?1)",
    )
    .bind(account_id)
    .bind(since)
    .fetch_one(db)
    .await?)
}

/// Of the commitments someone made, how many are `done`, and how many were `due`.
#[derive(Clone, Copy, Debug, sqlx::FromRow)]
pub struct CommitmentsKept {
    pub done: i64,
    pub due: i64,
}

/// My commitments made since `since`: those done, and those due by `now` or done.
pub async fn commitments_kept<'e>(
    db: impl SqliteExecutor<'e>,
    account_id: &str,
    since: i64,
    now: i64,
) -> Result<CommitmentsKept, AppError> {
    Ok(sqlx::query_as(
        "SELECT COALESCE(SUM(k.status = 'done'), 0) AS done,
                COALESCE(SUM(k.due_on IS NOT NULL AND k.due_on <= ?3 OR k.status = 'done'), 0) AS due
         FROM commitments k JOIN sessions s ON s.id = k.session_id
         WHERE s.coachee_id = ?1 AND k.created_at >= ?2",
    )
    .bind(account_id)
    .bind(since)
    .bind(now)
    .fetch_one(db)
    .await?)
}

/// Adds a behaviour of the circle's own.
pub async fn add_circle_behaviour<'e>(
    db: impl SqliteExecutor<'e>,
    circle_id: &str,
    behaviour: &NewCircleBehaviour,
    now: i64,
) -> Result<(), AppError> {
    let anchors = serde_json::to_string(&behaviour.anchors).map_err(|error| {
        tracing::error!(%error, "cannot serialise anchors");
        AppError::Internal
    })?;
    sqlx::query(
        "INSERT INTO behaviours (id, circle_id, title, description, anchors, created_at)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(new_id())
    .bind(circle_id)
    .bind(&behaviour.title)
    .bind(&behaviour.description)
    .bind(anchors)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// How many behaviours the circle added of its own.
pub async fn circle_behaviour_count<'e>(
    db: impl SqliteExecutor<'e>,
    circle_id: &str,
) -> Result<i64, AppError> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM behaviours WHERE circle_id = ?")
            .bind(circle_id)
            .fetch_one(db)
            .await?,
    )
}

/// The titles of the circle's own behaviours, oldest first.
pub async fn circle_behaviour_titles<'e>(
    db: impl SqliteExecutor<'e>,
    circle_id: &str,
) -> Result<Vec<String>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT title FROM behaviours WHERE circle_id = ? ORDER BY created_at, rowid",
    )
    .bind(circle_id)
    .fetch_all(db)
    .await?)
}

/// The built-ins, then the circle's own behaviours: what its members may name.
pub async fn behaviours_of_circle<'e>(
    db: impl SqliteExecutor<'e>,
    circle_id: &str,
) -> Result<Vec<crate::recognition::BehaviourChoice>, AppError> {
    Ok(sqlx::query_as(
        "SELECT id, title FROM behaviours WHERE circle_id IS NULL OR circle_id = ?
         ORDER BY circle_id IS NOT NULL, rowid",
    )
    .bind(circle_id)
    .fetch_all(db)
    .await?)
}

/// The id of a built-in behaviour by its key.
pub async fn builtin_behaviour_id<'e>(
    db: impl SqliteExecutor<'e>,
    key: &str,
) -> Result<Option<String>, AppError> {
    Ok(
        sqlx::query_scalar("SELECT id FROM behaviours WHERE builtin_key = ?")
            .bind(key)
            .fetch_optional(db)
            .await?,
    )
}
