//! The [`RoomState`] both screens show, put together from the session row, its steps
//! and its commitments. Always read on one connection, so a state built inside a
//! write transaction is exactly what that transaction wrote.

use super::{
    commitment_store, session_row::SessionRow, step_store, store, RoomState, SessionStatus,
    SharedNote,
};
use crate::db::Conn;
use crate::{error::AppError, state::AppState};

/// The session's state as of `now_ms`; `present` comes from the open rooms.
pub async fn read(
    conn: &mut Conn,
    session_id: &str,
    present: Vec<String>,
    now_ms: i64,
) -> Result<RoomState, AppError> {
    let row = store::find(&mut *conn, session_id)
        .await?
        .ok_or(AppError::NotFound)?;
    build(conn, &row, present, now_ms).await
}

/// The state of the session `row` (just read on `conn`) as of `now_ms`.
pub async fn build(
    conn: &mut Conn,
    row: &SessionRow,
    present: Vec<String>,
    now_ms: i64,
) -> Result<RoomState, AppError> {
    let step_count = row.step_count();
    let mut spent_ms = vec![0; step_count];
    let mut shared_notes = vec![SharedNote::default(); step_count];
    for step in step_store::steps_of(conn, &row.id).await? {
        let Some(i) = usize::try_from(step.step_index)
            .ok()
            .filter(|i| *i < step_count)
        else {
            continue;
        };
        spent_ms[i] = step.spent_ms;
        shared_notes[i] = step.note();
    }
    let clock = row.clock();
    let elapsed_ms = if row.status == SessionStatus::Live {
        clock.elapsed_at(now_ms)
    } else {
        clock.banked_ms
    };
    // The current step's time is still running (or banked); a done session's is stored.
    if let Some(slot) = spent_ms.get_mut(row.step()) {
        if row.status != SessionStatus::Done {
            *slot = elapsed_ms;
        }
    }
    let (commitments, earlier_commitments) =
        commitment_store::of_session_and_earlier(conn, row).await?;
    Ok(RoomState {
        status: row.status,
        step: row.step(),
        revision: row.revision,
        paused: row.paused,
        elapsed_ms,
        spent_ms,
        shared_notes,
        commitments,
        earlier_commitments,
        present,
        swapped_to: row.swapped_to.clone(),
        ended_at: row.ended_at,
        cancelled: row.cancelled,
    })
}

/// The session's state now, read for a screen (not inside a change), with who has
/// the room open.
pub async fn now(state: &AppState, session_id: &str) -> Result<RoomState, AppError> {
    let present = super::across_nodes::present(state, session_id).await?;
    let mut conn = state.db.reader.acquire().await?;
    read(&mut conn, session_id, present, state.clock.now_millis()).await
}

/// [`now`] from a session row this request has just read (checking who may see it),
/// instead of reading the row a second time. A move made in between reaches the
/// screen as its own event, with a newer revision.
pub async fn now_from(state: &AppState, row: &SessionRow) -> Result<RoomState, AppError> {
    let present = super::across_nodes::present(state, &row.id).await?;
    let mut conn = state.db.reader.acquire().await?;
    build(&mut conn, row, present, state.clock.now_millis()).await
}
