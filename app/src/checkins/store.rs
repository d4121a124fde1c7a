//! SQL for behaviours, tracking, check-ins and the mirror's figures.

use super::{week::IsoWeek, Behaviour, PeerView, Rating};
use crate::{db::new_id, error::AppError};
use sqlx::{SqliteConnection, SqliteExecutor};

type BehaviourRow = (String, String, String, String, Option<String>);

fn behaviour((id, title, description, anchors, circle_name): BehaviourRow) -> Behaviour {
    Behaviour {
        id,
        title,
        description,
        anchors: serde_json::from_str(&anchors).unwrap_or_default(),
        circle_name,
    }
}

const BEHAVIOUR_COLUMNS: &str = "b.id, b.title, b.description, b.anchors, c.name FROM behaviours b
     LEFT JOIN circles c ON c.id = b.circle_id";

/// Built-ins, then the behaviours of circles `account_id` is in.
pub async fn catalogue<'e>(
    db: impl SqliteExecutor<'e>,
    account_id: &str,
) -> Result<Vec<Behaviour>, AppError> {
    let rows: Vec<BehaviourRow> = sqlx::query_as(&format!(
        "SELECT {BEHAVIOUR_COLUMNS}
         WHERE b.circle_id IS NULL OR b.circle_id IN
             (SELECT circle_id FROM circle_members WHERE account_id = ?)
         ORDER BY b.circle_id IS NOT NULL, b.rowid"
    ))
    .bind(account_id)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(behaviour).collect())
}

/// Built-ins, then the behaviours of circles both `viewer` and `subject` are in: what
/// a peer may see of someone's tracked behaviours. A circle the viewer is not in stays
/// private, its behaviours, name and description included.
pub async fn shared_catalogue<'e>(
    db: impl SqliteExecutor<'e>,
    viewer: &str,
    subject: &str,
) -> Result<Vec<Behaviour>, AppError> {
    let rows: Vec<BehaviourRow> = sqlx::query_as(&format!(
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
    .await?;
    Ok(rows.into_iter().map(behaviour).collect())
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

/// My check-in of `week`: its reflection and ratings.
pub async fn checkin<'e, E>(
    db: E,
    account_id: &str,
    week: IsoWeek,
) -> Result<Option<(String, Vec<Rating>)>, AppError>
where
    E: SqliteExecutor<'e> + Copy,
{
    let found: Option<(String, String)> =
        sqlx::query_as("SELECT id, reflection FROM checkins WHERE account_id = ? AND week = ?")
            .bind(account_id)
            .bind(week.to_string())
            .fetch_optional(db)
            .await?;
    let Some((id, reflection)) = found else {
        return Ok(None);
    };
    let ratings: Vec<(String, i64, String)> = sqlx::query_as(
        "SELECT behaviour_id, rating, evidence FROM checkin_ratings WHERE checkin_id = ?",
    )
    .bind(&id)
    .fetch_all(db)
    .await?;
    Ok(Some((
        reflection,
        ratings.into_iter().map(rating).collect(),
    )))
}

fn rating((behaviour_id, rating, evidence): (String, i64, String)) -> Rating {
    Rating {
        behaviour_id,
        rating: u8::try_from(rating).unwrap_or(0),
        evidence,
    }
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
    .bind(week.to_string())
    .bind(reflection)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM checkin_ratings WHERE checkin_id = ?")
        .bind(&id)
        .execute(&mut *tx)
        .await?;
    for r in ratings {
        sqlx::query(
            "INSERT INTO checkin_ratings (checkin_id, behaviour_id, rating, evidence)
             VALUES (?, ?, ?, ?)",
        )
        .bind(&id)
        .bind(&r.behaviour_id)
        .bind(i64::from(r.rating))
        .bind(&r.evidence)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Every rating I gave from `since` on, as (week, rating).
pub async fn ratings_since<'e>(
    db: impl SqliteExecutor<'e>,
    account_id: &str,
    since: IsoWeek,
) -> Result<Vec<(IsoWeek, Rating)>, AppError> {
    let rows: Vec<(String, String, i64, String)> = sqlx::query_as(
        "SELECT c.week, r.behaviour_id, r.rating, r.evidence
         FROM checkins c JOIN checkin_ratings r ON r.checkin_id = c.id
         WHERE c.account_id = ? AND c.week >= ?",
    )
    .bind(account_id)
    .bind(since.to_string())
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(week, b, r, e)| Some((IsoWeek::parse(&week)?, rating((b, r, e)))))
        .collect())
}

/// The weeks I checked in, newest first (for the streak).
pub async fn weeks_checked<'e>(
    db: impl SqliteExecutor<'e>,
    account_id: &str,
) -> Result<Vec<IsoWeek>, AppError> {
    let weeks: Vec<String> = sqlx::query_scalar(
        "SELECT week FROM checkins WHERE account_id = ? ORDER BY week DESC LIMIT 520",
    )
    .bind(account_id)
    .fetch_all(db)
    .await?;
    Ok(weeks.iter().filter_map(|w| IsoWeek::parse(w)).collect())
}

/// Average of what peers saw per (week, behaviour), from `since` on.
pub async fn peer_averages<'e>(
    db: impl SqliteExecutor<'e>,
    subject_id: &str,
    since: IsoWeek,
) -> Result<Vec<(IsoWeek, String, f64)>, AppError> {
    let rows: Vec<(String, String, f64)> = sqlx::query_as(
        "SELECT week, behaviour_id, AVG(rating) FROM peer_views
         WHERE subject_id = ? AND week >= ? GROUP BY week, behaviour_id",
    )
    .bind(subject_id)
    .bind(since.to_string())
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(w, b, avg)| Some((IsoWeek::parse(&w)?, b, avg)))
        .collect())
}

/// (sessions I coached, sessions I was coached in), done since `since` (Unix seconds).
pub async fn sessions_held<'e>(
    db: impl SqliteExecutor<'e>,
    account_id: &str,
    since: i64,
) -> Result<(i64, i64), AppError> {
    Ok(sqlx::query_as(
        "SELECT COALESCE(SUM(coach_id = ?1), 0), COALESCE(SUM(coachee_id = ?1), 0) FROM sessions
         WHERE status = 'done' AND ended_at >= ?2 AND ?1 IN (coach_id, coachee_id)",
    )
    .bind(account_id)
    .bind(since)
    .fetch_one(db)
    .await?)
}

/// (commitments I made that are done, those due by `now`), made since `since`.
pub async fn commitments_kept<'e>(
    db: impl SqliteExecutor<'e>,
    account_id: &str,
    since: i64,
    now: i64,
) -> Result<(i64, i64), AppError> {
    Ok(sqlx::query_as(
        "SELECT COALESCE(SUM(k.status = 'done'), 0),
                COALESCE(SUM(k.due_on IS NOT NULL AND k.due_on <= ?3 OR k.status = 'done'), 0)
         FROM commitments k JOIN sessions s ON s.id = k.session_id
         WHERE s.coachee_id = ?1 AND k.created_at >= ?2",
    )
    .bind(account_id)
    .bind(since)
    .bind(now)
    .fetch_one(db)
    .await?)
}

/// Whether two people share a circle that is not archived.
pub async fn share_a_circle<'e>(
    db: impl SqliteExecutor<'e>,
    me: &str,
    other: &str,
) -> Result<bool, AppError> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM circle_members a
         JOIN circle_members b ON b.circle_id = a.circle_id
         JOIN circles c ON c.id = a.circle_id AND c.archived_at IS NULL
         WHERE a.account_id = ? AND b.account_id = ? LIMIT 1",
    )
    .bind(me)
    .bind(other)
    .fetch_optional(db)
    .await?;
    Ok(found.is_some())
}

/// The behaviours I already recorded a view of for `subject` in `week`.
pub async fn views_recorded<'e>(
    db: impl SqliteExecutor<'e>,
    author: &str,
    subject: &str,
    week: IsoWeek,
) -> Result<Vec<String>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT behaviour_id FROM peer_views WHERE author_id = ? AND subject_id = ? AND week = ?",
    )
    .bind(author)
    .bind(subject)
    .bind(week.to_string())
    .fetch_all(db)
    .await?)
}

#[allow(clippy::too_many_arguments)]
pub async fn add_peer_view(
    tx: &mut SqliteConnection,
    author: &str,
    subject: &str,
    behaviour_id: &str,
    week: IsoWeek,
    rating: u8,
    note: &str,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO peer_views (id, subject_id, author_id, behaviour_id, week, rating, note, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(new_id())
    .bind(subject)
    .bind(author)
    .bind(behaviour_id)
    .bind(week.to_string())
    .bind(i64::from(rating))
    .bind(note)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Peer views about `subject` from `since` on, newest first, with the peers' names.
pub async fn views_about<'e>(
    db: impl SqliteExecutor<'e>,
    subject: &str,
    since: IsoWeek,
) -> Result<Vec<PeerView>, AppError> {
    let rows: Vec<(String, String, String, i64, String)> = sqlx::query_as(
        "SELECT a.display_name, v.behaviour_id, v.week, v.rating, v.note
         FROM peer_views v JOIN accounts a ON a.id = v.author_id
         WHERE v.subject_id = ? AND v.week >= ? ORDER BY v.week DESC, v.created_at DESC",
    )
    .bind(subject)
    .bind(since.to_string())
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(author_name, behaviour_id, week, rating, note)| {
            Some(PeerView {
                author_name,
                behaviour_id,
                week: IsoWeek::parse(&week)?,
                rating: u8::try_from(rating).ok()?,
                note,
            })
        })
        .collect())
}

/// (members who checked in for `week`, their average rating) in a circle.
pub async fn circle_week<'e>(
    db: impl SqliteExecutor<'e>,
    circle_id: &str,
    week: IsoWeek,
) -> Result<(i64, Option<f64>), AppError> {
    Ok(sqlx::query_as(
        "SELECT COUNT(DISTINCT c.account_id), AVG(r.rating)
         FROM checkins c
         JOIN checkin_ratings r ON r.checkin_id = c.id
         JOIN circle_members m ON m.account_id = c.account_id AND m.circle_id = ?
         WHERE c.week = ?",
    )
    .bind(circle_id)
    .bind(week.to_string())
    .fetch_one(db)
    .await?)
}
