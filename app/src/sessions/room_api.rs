//! Server functions for what happens inside a live room: moving between steps,
//! pausing, notes and commitments. Each is a [`RoomChange`]: the caller must be one
//! of the pair, the session must be live, and the new state goes to both screens.

use super::{RoomState, SharedNote};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::{
    commitment_store, private_note_store,
    room_change::RoomChange,
    rules::{check_commitment, check_move, check_note, StepClock},
    step_store, store, CommitmentStatus,
};
#[cfg(feature = "ssr")]
use crate::db::{now_millis, now_seconds};

/// Moves the session from step `from` (where the caller's screen was) to step `to`.
#[server(endpoint = "move_step")]
pub async fn move_step(session_id: String, from: usize, to: usize) -> Result<RoomState, AppError> {
    let mut change = RoomChange::begin_live(&session_id).await?;
    let (row, tx) = (&change.row, &mut change.tx);
    check_move(row.status, row.step(), from, to, row.step_count())?;
    let now = now_millis();
    step_store::save_spent(tx, &row.id, from, row.clock().elapsed_at(now)).await?;
    let banked = step_store::spent_on(&mut **tx, &row.id, to).await?;
    let clock = StepClock::enter(now, banked, row.paused);
    store::save_position(tx, &row.id, to, clock, now).await?;
    change.finish().await
}

/// Pauses or resumes the step clock.
#[server(endpoint = "set_paused")]
pub async fn set_paused(session_id: String, paused: bool) -> Result<RoomState, AppError> {
    let mut change = RoomChange::begin_live(&session_id).await?;
    let row = &change.row;
    let now = now_millis();
    let clock = if paused {
        row.clock().pause(now)
    } else {
        row.clock().resume(now)
    };
    store::save_position(&mut change.tx, &row.id, row.step(), clock, now).await?;
    change.finish().await
}

/// Saves a step's shared note over `base_version`, the version the caller's screen
/// had. If the other participant saved in between, nothing is written and the caller
/// gets their version back, so neither text is lost.
#[server(endpoint = "save_shared_note")]
pub async fn save_shared_note(
    session_id: String,
    step: usize,
    base_version: i64,
    #[server(default)] text: String,
) -> Result<SharedNote, AppError> {
    let mut change = RoomChange::begin_live(&session_id).await?;
    check_step(step, change.row.step_count())?;
    check_note(&text)?;
    let (id, tx) = (&change.row.id, &mut change.tx);
    let theirs = step_store::shared_note(tx, id, step).await?;
    if theirs.version != base_version {
        return Err(AppError::NoteCollision { theirs });
    }
    let version = theirs.version + 1;
    step_store::save_shared_note(tx, id, step, &text, version, &change.me.id).await?;
    store::touch(tx, id, now_millis()).await?;
    let by = change.me.display_name.clone();
    change.finish().await?;
    Ok(SharedNote {
        text,
        version,
        by: Some(by),
    })
}

/// Saves my private note of a step. It is never sent to the other participant (and
/// nothing is pushed to the screens: the shared state does not change).
#[server(endpoint = "save_private_note")]
pub async fn save_private_note(
    session_id: String,
    step: usize,
    #[server(default)] text: String,
) -> Result<(), AppError> {
    let mut change = RoomChange::begin_live(&session_id).await?;
    check_step(step, change.row.step_count())?;
    check_note(&text)?;
    let (id, me) = (&change.row.id, &change.me.id);
    private_note_store::save(&mut change.tx, id, step, me, &text, now_seconds()).await?;
    change.tx.commit().await?;
    Ok(())
}

/// Records a commitment, with an optional due day (today or later).
#[server(endpoint = "add_commitment")]
pub async fn add_commitment(
    session_id: String,
    body: String,
    #[server(default)] due_on: String,
) -> Result<RoomState, AppError> {
    let mut change = RoomChange::begin_live(&session_id).await?;
    let body = body.trim();
    let mut problems = crate::error::Problems::default();
    problems.check("body", check_commitment(body));
    let due = problems.check("due_on", check_due_day(&due_on));
    problems.finish()?;
    let (id, tx) = (&change.row.id, &mut change.tx);
    commitment_store::add(tx, id, body, due.flatten(), now_seconds()).await?;
    store::touch(tx, id, now_millis()).await?;
    change.finish().await
}

/// Marks an open commitment of this pair (from this or an earlier session) as done
/// or dropped.
#[server(endpoint = "close_commitment")]
pub async fn close_commitment(
    session_id: String,
    commitment_id: String,
    done: bool,
) -> Result<RoomState, AppError> {
    let mut change = RoomChange::begin_live(&session_id).await?;
    let (row, tx) = (&change.row, &mut change.tx);
    let origin = match crate::db::is_id(&commitment_id) {
        true => commitment_store::origin(tx, &commitment_id).await?,
        false => None,
    };
    let origin = origin.ok_or(AppError::NotFound)?;
    let origin_row = store::find(&mut **tx, &origin.session_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if origin_row.pair() != row.pair() {
        return Err(AppError::NotFound);
    }
    if origin.status != CommitmentStatus::Open {
        return Err(AppError::CommitmentClosed);
    }
    let status = if done {
        CommitmentStatus::Done
    } else {
        CommitmentStatus::Dropped
    };
    commitment_store::close(tx, &commitment_id, status, now_seconds()).await?;
    store::touch(tx, &row.id, now_millis()).await?;
    change.finish().await
}

#[cfg(feature = "ssr")]
fn check_step(step: usize, step_count: usize) -> Result<(), AppError> {
    if step >= step_count {
        return Err(AppError::invalid("step", "This script has no such step."));
    }
    Ok(())
}

/// An optional due day, today (UTC) or later.
#[cfg(feature = "ssr")]
fn check_due_day(raw: &str) -> Result<Option<i64>, String> {
    crate::circles::api::check_planned_day(raw, crate::db::now_seconds()).map_err(|message| {
        if message.starts_with("Choose today") {
            "A due day cannot be in the past.".to_owned()
        } else {
            message
        }
    })
}
