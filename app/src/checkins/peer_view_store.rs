//! SQL for `peer_views`: what a peer saw someone model in a week, and who may share one.

use super::{PeerView, SharedView};
use crate::{calendar::IsoWeek, db::new_id, error::AppError};
use sqlx::{SqliteConnection, SqliteExecutor};

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

/// The views I shared of `subject` in `week`.
pub async fn views_shared<'e>(
    db: impl SqliteExecutor<'e>,
    author: &str,
    subject: &str,
    week: IsoWeek,
) -> Result<Vec<SharedView>, AppError> {
    Ok(sqlx::query_as(
        "SELECT behaviour_id, rating, note FROM peer_views
         WHERE author_id = ? AND subject_id = ? AND week = ?",
    )
    .bind(author)
    .bind(subject)
    .bind(week)
    .fetch_all(db)
    .await?)
}

/// Records what I saw of one behaviour in `week`, replacing what I shared of it that
/// week (one view per peer, behaviour and week).
#[allow(clippy::too_many_arguments)]
pub async fn save_peer_view(
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
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (subject_id, author_id, behaviour_id, week)
         DO UPDATE SET rating = excluded.rating, note = excluded.note",
    )
    .bind(new_id())
    .bind(subject)
    .bind(author)
    .bind(behaviour_id)
    .bind(week)
    .bind(rating)
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
    Ok(sqlx::query_as(
        "SELECT a.display_name AS author_name, v.behaviour_id, v.week, v.rating, v.note
         FROM peer_views v JOIN accounts a ON a.id = v.author_id
         WHERE v.subject_id = ? AND v.week >= ? ORDER BY v.week DESC, v.created_at DESC",
    )
    .bind(subject)
    .bind(since)
    .fetch_all(db)
    .await?)
}
