//! Server functions for what happens inside a live room: moving between steps,
//! pausing, notes and commitments. Each checks that the caller is one of the pair,
//! changes the session in one transaction, then pushes the new state to both screens.

use super::room::{RoomState, SharedNote};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::{
    access::{participant_row, pinned_script},
    live::publish,
    room::{check_move, check_note, require_live, CommitmentStatus, StepClock, COMMITMENT_MAX},
    room_store::{self as store, SessionRow},
};
#[cfg(feature = "ssr")]
use crate::{
    accounts::{auth::current_account, Account},
    db::{now_millis, now_seconds},
    state::{app_state, AppState},
};

/// Moves the session from step `from` (where the caller's screen was) to step `to`.
#[server(endpoint = "move_step")]
pub async fn move_step(session_id: String, from: usize, to: usize) -> Result<RoomState, AppError> {
    let mut change = LiveChange::begin(&session_id).await?;
    let (row, tx) = (&change.row, &mut change.tx);
    check_move(row.status(), row.step(), from, to, change.step_count)?;
    let now = now_millis();
    store::save_spent(tx, &row.id, from, row.clock().elapsed_at(now)).await?;
    let banked = store::spent_on(tx, &row.id, to).await?;
    let clock = StepClock::enter(now, banked, row.paused);
    store::save_position(tx, &row.id, to, clock, now).await?;
    change.finish().await
}

/// Pauses or resumes the step clock.
#[server(endpoint = "set_paused")]
pub async fn set_paused(session_id: String, paused: bool) -> Result<RoomState, AppError> {
    let mut change = LiveChange::begin(&session_id).await?;
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
/// gets a conflict, so neither text is lost.
#[server(endpoint = "save_shared_note")]
pub async fn save_shared_note(
    session_id: String,
    step: usize,
    base_version: i64,
    #[server(default)] text: String,
) -> Result<SharedNote, AppError> {
    let mut change = LiveChange::begin(&session_id).await?;
    check_step(step, change.step_count)?;
    check_note(&text)?;
    let (id, tx) = (&change.row.id, &mut change.tx);
    let current = store::note_version(tx, id, step).await?;
    if current != base_version {
        return Err(AppError::Conflict(
            "Your peer changed this note while you were typing. Both versions are shown below; \
             choose what to keep."
                .into(),
        ));
    }
    store::save_shared_note(tx, id, step, &text, current + 1, &change.me.id).await?;
    store::touch(tx, id, now_millis()).await?;
    let by = change.me.display_name.clone();
    change.finish().await?;
    Ok(SharedNote {
        text,
        version: current + 1,
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
    let mut change = LiveChange::begin(&session_id).await?;
    check_step(step, change.step_count)?;
    check_note(&text)?;
    let (id, me) = (&change.row.id, &change.me.id);
    store::save_private_note(&mut change.tx, id, step, me, &text, now_seconds()).await?;
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
    let mut change = LiveChange::begin(&session_id).await?;
    let body = body.trim();
    let mut problems = crate::error::Problems::default();
    problems.check("body", check_commitment(body));
    let due = problems.check("due_on", check_due_day(&due_on));
    problems.finish()?;
    let (id, tx) = (&change.row.id, &mut change.tx);
    store::add_commitment(tx, id, body, due.flatten(), now_seconds()).await?;
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
    let mut change = LiveChange::begin(&session_id).await?;
    let (row, tx) = (&change.row, &mut change.tx);
    let origin = match crate::db::is_id(&commitment_id) {
        true => store::commitment_origin(tx, &commitment_id).await?,
        false => None,
    };
    let (origin_session, status) = origin.ok_or(AppError::NotFound)?;
    let origin_row = store::find(&mut **tx, &origin_session)
        .await?
        .ok_or(AppError::NotFound)?;
    if pair_of(&origin_row) != pair_of(row) {
        return Err(AppError::NotFound);
    }
    if status != CommitmentStatus::Open {
        return Err(AppError::Conflict(
            "That commitment is already closed.".into(),
        ));
    }
    let status = if done {
        CommitmentStatus::Done
    } else {
        CommitmentStatus::Dropped
    };
    store::close_commitment(tx, &commitment_id, status, now_seconds()).await?;
    store::touch(tx, &row.id, now_millis()).await?;
    change.finish().await
}

/// The two people of a session, in either role.
#[cfg(feature = "ssr")]
fn pair_of(row: &SessionRow) -> [&str; 2] {
    let mut pair = [row.coach_id.as_str(), row.coachee_id.as_str()];
    pair.sort_unstable();
    pair
}

/// A change to a live session in the making: the caller, their session (read inside
/// the write transaction, so the checks still hold when the change is written) and
/// how many steps its script has.
#[cfg(feature = "ssr")]
struct LiveChange {
    state: AppState,
    me: Account,
    tx: sqlx::Transaction<'static, sqlx::Sqlite>,
    row: SessionRow,
    step_count: usize,
}

#[cfg(feature = "ssr")]
impl LiveChange {
    /// "Not found" unless the caller is one of the pair; a clear conflict unless the
    /// session is live.
    async fn begin(session_id: &str) -> Result<Self, AppError> {
        let me = current_account().await?;
        let state = app_state()?;
        let mut tx = state.db.writer.begin().await?;
        let row = participant_row(&mut *tx, session_id, &me).await?;
        require_live(row.status())?;
        let step_count = pinned_script(&state, &row)
            .await?
            .map(|s| s.content.steps.len())
            .unwrap_or(0);
        Ok(Self {
            state,
            me,
            tx,
            row,
            step_count,
        })
    }

    /// Writes the change and sends the new state to both screens.
    async fn finish(self) -> Result<RoomState, AppError> {
        self.tx.commit().await?;
        publish(&self.state, &self.row.id).await
    }
}

#[cfg(feature = "ssr")]
fn check_step(step: usize, step_count: usize) -> Result<(), AppError> {
    if step >= step_count {
        return Err(AppError::invalid("step", "This script has no such step."));
    }
    Ok(())
}

#[cfg(feature = "ssr")]
fn check_commitment(body: &str) -> Result<(), String> {
    if body.is_empty() {
        return Err("Write what you commit to.".into());
    }
    if body.chars().count() > COMMITMENT_MAX {
        return Err(format!("Keep a commitment to {COMMITMENT_MAX} characters."));
    }
    Ok(())
}

/// An optional due day, today (UTC) or later.
#[cfg(feature = "ssr")]
fn check_due_day(raw: &str) -> Result<Option<i64>, String> {
    crate::circles::api::check_planned_day(raw).map_err(|message| {
        if message.starts_with("Choose today") {
            "A due day cannot be in the past.".to_owned()
        } else {
            message
        }
    })
}
