//! Who may do what with a session, and the checks the session server functions share.

use super::{
    room::{is_abandoned, TOPIC_MAX},
    room_store::{self as store, SessionRow},
    SessionStatus,
};
use crate::{
    accounts::Account, db::is_id, error::AppError, scripts::store as scripts, state::AppState,
};

/// The session, when the caller is one of its two participants; "not found" for
/// everyone else and for anything that is not an id.
pub async fn participant_row<'e>(
    db: impl sqlx::SqliteExecutor<'e>,
    session_id: &str,
    me: &Account,
) -> Result<SessionRow, AppError> {
    if !is_id(session_id) {
        return Err(AppError::NotFound);
    }
    store::find(db, session_id)
        .await?
        .filter(|row| row.role_of(&me.id).is_some())
        .ok_or(AppError::NotFound)
}

/// A script the circle may follow (built-in or its own, not archived), as its id
/// and current version; the message says what is wrong otherwise.
pub async fn script_for(
    tx: &mut sqlx::SqliteConnection,
    circle_id: &str,
    script_id: &str,
) -> Result<Result<(String, i64), String>, AppError> {
    let refused = || Ok(Err("Choose one of the scripts offered.".to_owned()));
    if !is_id(script_id) || scripts::is_archived(&mut *tx, script_id).await? {
        return refused();
    }
    match scripts::find(&mut *tx, script_id, None).await? {
        Some(s) if s.circle_id.as_deref().is_none_or(|c| c == circle_id) => {
            Ok(Ok((s.id, s.version)))
        }
        _ => refused(),
    }
}

/// The script version the session is pinned to, if it has one yet.
pub async fn pinned_script(
    state: &AppState,
    row: &SessionRow,
) -> Result<Option<scripts::StoredScript>, AppError> {
    match (&row.script_id, row.script_version) {
        (Some(id), Some(version)) => scripts::find(&state.db.reader, id, Some(version)).await,
        _ => Ok(None),
    }
}

pub fn check_topic(topic: &str) -> Result<(), String> {
    if topic.chars().count() > TOPIC_MAX {
        return Err(format!("Keep the topic to {TOPIC_MAX} characters."));
    }
    Ok(())
}

/// Marks a live session nobody has had open for two hours as abandoned, its clock
/// stopped when the last person left.
pub async fn settle_abandoned(state: &AppState, row: SessionRow) -> Result<SessionRow, AppError> {
    let last_seen = row.last_seen_at.unwrap_or(row.created_at);
    let anyone = !state.live.present(&row.id).is_empty();
    if !is_abandoned(row.status(), last_seen, crate::db::now_seconds(), anyone) {
        return Ok(row);
    }
    let left_ms = last_seen * 1000;
    let mut tx = state.db.writer.begin().await?;
    store::save_position(
        &mut tx,
        &row.id,
        row.step(),
        row.clock().pause(left_ms),
        left_ms,
    )
    .await?;
    store::set_status(&mut tx, &row.id, SessionStatus::Abandoned, false, left_ms).await?;
    tx.commit().await?;
    store::find(&state.db.reader, &row.id)
        .await?
        .ok_or(AppError::NotFound)
}
