//! SQL for `peer_views`: what a peer saw someone model in a week, and who may share one.

use super::{PeerView, SharedView};
use crate::db::{Conn, Exec};
use crate::{calendar::IsoWeek, db::new_id, error::AppError};
use crate::{execute_on, on_db};

/// Whether two people share a circle that is not archived.
pub async fn share_a_circle<'e>(
    db: impl Into<Exec<'e>>,
    me: &str,
    other: &str,
) -> Result<bool, AppError> {
    let found: Option<i32> = on_db!(
        db,
        sqlx::query_scalar(
            "SELECT 1 FROM circle_members a
         JOIN circle_members b ON b.circle_id = a.circle_id
         JOIN circles c ON c.id = a.circle_id AND c.archived_at IS NULL
         WHERE a.account_id = $1 AND b.account_id = $2 LIMIT 1",
        )
        .bind(me)
        .bind(other)
        .fetch_optional
    )?;
    Ok(found.is_some())
}

/// The views I shared of `subject` in `week`.
pub async fn views_shared<'e>(
    db: impl Into<Exec<'e>>,
    author: &str,
    subject: &str,
    week: IsoWeek,
) -> Result<Vec<SharedView>, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_as(
            "SELECT behaviour_id, rating, note FROM peer_views
         WHERE author_id = $1 AND subject_id = $2 AND week = $3",
        )
        .bind(author)
        .bind(subject)
        .bind(week)
        .fetch_all
    )?)
}

/// Records what I saw of one behaviour in `week`, replacing what I shared of it that
/// week (one view per peer, behaviour and week).
#[allow(clippy::too_many_arguments)]
pub async fn save_peer_view(
    tx: &mut Conn,
    author: &str,
    subject: &str,
    behaviour_id: &str,
    week: IsoWeek,
    rating: u8,
    note: &str,
    now: i64,
) -> Result<(), AppError> {
    execute_on!(&mut *tx, sqlx::query(
        "INSERT INTO peer_views (id, subject_id, author_id, behaviour_id, week, rating, note, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (subject_id, author_id, behaviour_id, week)
         DO UPDATE SET rating = excluded.rating, note = excluded.note",
    )
    .bind(new_id())
    .bind(subject)
    .bind(author)
    .bind(behaviour_id)
    .bind(week)
    .bind(i64::from(rating))
    .bind(note)
    .bind(now))?;
    Ok(())
}

/// Peer views about `subject` from `since` on, newest first, with the peers' names.
pub async fn views_about<'e>(
    db: impl Into<Exec<'e>>,
    subject: &str,
    since: IsoWeek,
) -> Result<Vec<PeerView>, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_as(
            "SELECT a.display_name AS author_name, v.behaviour_id, v.week, v.rating, v.note
         FROM peer_views v JOIN accounts a ON a.id = v.author_id
         WHERE v.subject_id = $1 AND v.week >= $2 ORDER BY v.week DESC, v.created_at DESC",
        )
        .bind(subject)
        .bind(since)
        .fetch_all
    )?)
}
