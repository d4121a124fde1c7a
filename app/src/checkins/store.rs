//! SQL for behaviours, tracking and check-ins (the mirror's figures: `mirror_store`).

use super::{circle_behaviours::NewCircleBehaviour, Behaviour, Rating};
use crate::calendar::IsoWeek;
use crate::db::{Conn, Exec, Pool};
use crate::{db::new_id, error::AppError};
use crate::{execute_on, on_db, with_conn};

const BEHAVIOUR_COLUMNS: &str = "b.id, b.title, b.description, b.anchors, c.name AS circle_name
     FROM behaviours b
     LEFT JOIN circles c ON c.id = b.circle_id";
/// Whom a behaviour is offered to: everyone for a built-in, else the members of its
/// circle (`$1` is the member).
const OFFERED_TO_ME: &str = "(b.circle_id IS NULL OR b.circle_id IN
             (SELECT circle_id FROM circle_members WHERE account_id = $1))";

/// Built-ins, then the behaviours of circles `account_id` is in.
pub async fn catalogue<'e>(
    db: impl Into<Exec<'e>>,
    account_id: &str,
) -> Result<Vec<Behaviour>, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_as(&format!(
            "SELECT {BEHAVIOUR_COLUMNS} WHERE {OFFERED_TO_ME}
         ORDER BY b.circle_id IS NOT NULL, b.rowid"
        ))
        .bind(account_id)
        .fetch_all
    )?)
}

/// The behaviours `account_id` tracks, in their order, that they may still see: a
/// built-in, or one of a circle they are still in (the catalogue's rule).
pub async fn tracked_behaviours<'e>(
    db: impl Into<Exec<'e>>,
    account_id: &str,
) -> Result<Vec<Behaviour>, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_as(&format!(
            "SELECT {BEHAVIOUR_COLUMNS}
         JOIN tracked_behaviours t ON t.behaviour_id = b.id AND t.account_id = $1
         WHERE {OFFERED_TO_ME} ORDER BY t.position"
        ))
        .bind(account_id)
        .fetch_all
    )?)
}

/// Built-ins, then the behaviours of circles both `viewer` and `subject` are in: what
/// a peer may see of someone's tracked behaviours. A circle the viewer is not in stays
/// private, its behaviours, name and description included.
pub async fn shared_catalogue<'e>(
    db: impl Into<Exec<'e>>,
    viewer: &str,
    subject: &str,
) -> Result<Vec<Behaviour>, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_as(&format!(
            "SELECT {BEHAVIOUR_COLUMNS}
         WHERE b.circle_id IS NULL OR b.circle_id IN
             (SELECT v.circle_id FROM circle_members v
              JOIN circle_members s ON s.circle_id = v.circle_id
              WHERE v.account_id = $1 AND s.account_id = $2)
         ORDER BY b.circle_id IS NOT NULL, b.rowid"
        ))
        .bind(viewer)
        .bind(subject)
        .fetch_all
    )?)
}

/// The ids of the behaviours I track, in my order.
pub async fn tracked<'e>(
    db: impl Into<Exec<'e>>,
    account_id: &str,
) -> Result<Vec<String>, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_scalar(
            "SELECT behaviour_id FROM tracked_behaviours WHERE account_id = $1 ORDER BY position",
        )
        .bind(account_id)
        .fetch_all
    )?)
}

pub async fn set_tracked(tx: &mut Conn, account_id: &str, ids: &[String]) -> Result<(), AppError> {
    execute_on!(
        &mut *tx,
        sqlx::query("DELETE FROM tracked_behaviours WHERE account_id = $1").bind(account_id)
    )?;
    for (position, id) in ids.iter().enumerate() {
        execute_on!(&mut *tx, sqlx::query(
            "INSERT INTO tracked_behaviours (account_id, behaviour_id, position) VALUES ($1, $2, $3)",
        )
        .bind(account_id)
        .bind(id)
        .bind(position as i64))?;
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
    db: impl Into<Exec<'e>>,
    account_id: &str,
    week: IsoWeek,
) -> Result<WeekProgress, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM tracked_behaviours WHERE account_id = $1) AS tracking,
                EXISTS (SELECT 1 FROM checkins WHERE account_id = $1 AND week = $2) AS checked_in",
        )
        .bind(account_id)
        .bind(week)
        .fetch_one
    )?)
}

/// [`week_progress`] on the reader, read once per request: Home's line about this
/// week and its reminders both need it (see `request_memo`).
pub async fn week_progress_once(
    reader: &Pool,
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
    E: Into<Exec<'e>> + Copy,
{
    #[derive(sqlx::FromRow)]
    struct Found {
        id: String,
        reflection: String,
    }
    let found: Option<Found> = on_db!(
        db,
        sqlx::query_as("SELECT id, reflection FROM checkins WHERE account_id = $1 AND week = $2")
            .bind(account_id)
            .bind(week)
            .fetch_optional
    )?;
    let Some(found) = found else {
        return Ok(None);
    };
    let ratings = on_db!(
        db,
        sqlx::query_as(
            "SELECT behaviour_id, rating, evidence FROM checkin_ratings WHERE checkin_id = $1",
        )
        .bind(&found.id)
        .fetch_all
    )?;
    Ok(Some(StoredCheckin {
        reflection: found.reflection,
        ratings,
    }))
}

/// Writes my check-in of `week`, replacing what it held.
pub async fn save_checkin(
    tx: &mut Conn,
    account_id: &str,
    week: IsoWeek,
    reflection: &str,
    ratings: &[Rating],
    now: i64,
) -> Result<(), AppError> {
    let id: String = on_db!(&mut *tx, sqlx::query_scalar(
        "INSERT INTO checkins (id, account_id, week, reflection, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (account_id, week) DO UPDATE SET reflection = excluded.reflection,
             updated_at = excluded.updated_at
         RETURNING id",
    )
    .bind(new_id())
    .bind(account_id)
    .bind(week)
    .bind(reflection)
    .bind(now).fetch_one)?;
    execute_on!(
        &mut *tx,
        sqlx::query("DELETE FROM checkin_ratings WHERE checkin_id = $1").bind(&id)
    )?;
    if ratings.is_empty() {
        return Ok(());
    }
    // One statement for all the ratings (a handful: one per tracked behaviour): the
    // transaction holds the one writer, and each statement is a round trip to it.
    with_conn!(&mut *tx, |conn| {
        let mut insert = sqlx::QueryBuilder::new(
            "INSERT INTO checkin_ratings (checkin_id, behaviour_id, rating, evidence) ",
        );
        insert.push_values(ratings, |mut row, r| {
            row.push_bind(&id)
                .push_bind(&r.behaviour_id)
                .push_bind(i64::from(r.rating))
                .push_bind(&r.evidence);
        });
        insert.build().execute(conn).await?;
    });
    Ok(())
}

/// Adds a behaviour of the circle's own.
pub async fn add_circle_behaviour<'e>(
    db: impl Into<Exec<'e>>,
    circle_id: &str,
    behaviour: &NewCircleBehaviour,
    now: i64,
) -> Result<(), AppError> {
    execute_on!(
        db,
        sqlx::query(
            "INSERT INTO behaviours (id, circle_id, title, description, anchors, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(new_id())
        .bind(circle_id)
        .bind(&behaviour.title)
        .bind(&behaviour.description)
        .bind(sqlx::types::Json(&behaviour.anchors))
        .bind(now)
    )?;
    Ok(())
}

/// How many behaviours the circle added of its own.
pub async fn circle_behaviour_count<'e>(
    db: impl Into<Exec<'e>>,
    circle_id: &str,
) -> Result<i64, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_scalar("SELECT COUNT(*) FROM behaviours WHERE circle_id = $1")
            .bind(circle_id)
            .fetch_one
    )?)
}

/// The titles of the circle's own behaviours, oldest first.
pub async fn circle_behaviour_titles<'e>(
    db: impl Into<Exec<'e>>,
    circle_id: &str,
) -> Result<Vec<String>, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_scalar(
            "SELECT title FROM behaviours WHERE circle_id = $1 ORDER BY created_at, rowid",
        )
        .bind(circle_id)
        .fetch_all
    )?)
}

/// The built-ins, then the circle's own behaviours: what its members may name.
pub async fn behaviours_of_circle<'e>(
    db: impl Into<Exec<'e>>,
    circle_id: &str,
) -> Result<Vec<crate::recognition::BehaviourChoice>, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_as(
            "SELECT id, title FROM behaviours WHERE circle_id IS NULL OR circle_id = $1
         ORDER BY circle_id IS NOT NULL, rowid",
        )
        .bind(circle_id)
        .fetch_all
    )?)
}

/// The id of a built-in behaviour by its key.
pub async fn builtin_behaviour_id<'e>(
    db: impl Into<Exec<'e>>,
    key: &str,
) -> Result<Option<String>, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_scalar("SELECT id FROM behaviours WHERE builtin_key = $1")
            .bind(key)
            .fetch_optional
    )?)
}
