//! Server functions for what happens inside a live room: moving between steps,
//! pausing, notes and commitments. Each is a [`RoomChange`]: the caller must be one
//! of the pair, the session must be live, and the new state goes to both screens.

use super::{RoomState, SharedNote};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::access::live_participant_row;
#[cfg(feature = "ssr")]
use super::{
    commitment_store, private_note_store,
    room_change::RoomChange,
    rules::{check_commitment, check_move, check_note, StepClock, COMMITMENTS_PER_SESSION},
    step_store, store, CommitmentStatus,
};
#[cfg(feature = "ssr")]
use crate::{
    accounts::auth::current_account, error::FieldProblem, input::field_problems, state::app_state,
};

/// Moves the session from step `from` (where the caller's screen was) to step `to`.
#[server(endpoint = "move_step")]
pub async fn move_step(session_id: String, from: usize, to: usize) -> Result<RoomState, AppError> {
    let mut change = RoomChange::begin_live(&session_id).await?;
    let (row, tx, now) = (&change.row, &mut change.tx, change.now_ms);
    check_move(row.status, row.step(), from, to, row.step_count())?;
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
    let (row, now) = (&change.row, change.now_ms);
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
    let mut change = RoomChange::begin_live_private(&session_id).await?;
    check_step(step, change.row.step_count())?;
    check_note(&text)?;
    let (id, tx, now) = (&change.row.id, &mut change.tx, change.now_ms);
    let theirs = step_store::shared_note(tx, id, step).await?;
    if theirs.version != base_version {
        return Err(AppError::NoteCollision { theirs });
    }
    let version = theirs.version + 1;
    step_store::save_shared_note(tx, id, step, &text, version, &change.me.id).await?;
    store::touch(tx, id, now).await?;
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
    let me = current_account().await?;
    let state = app_state()?;
    let row = live_participant_row(&state.db.reader, &session_id, &me).await?;
    check_step(step, row.step_count())?;
    check_note(&text)?;
    let now = state.clock.now_seconds();
    let mut write = state.db.writer.begin_statement_for(&row.id).await?;
    let saved =
        private_note_store::save_if_live(&mut write, &row.id, step, &me.id, &text, now).await?;
    write.commit().await?;
    match saved {
        true => Ok(()),
        // The session ended, or I left its circle, since it was read: say which.
        false => live_participant_row(&state.db.reader, &session_id, &me)
            .await
            .and(Err(AppError::NotFound)),
    }
}

/// Records a commitment, with an optional due day (today or later).
#[server(endpoint = "add_commitment")]
pub async fn add_commitment(
    session_id: String,
    body: String,
    #[server(default)] due_on: String,
) -> Result<RoomState, AppError> {
    let mut change = RoomChange::begin_live(&session_id).await?;
    let (id, tx, now) = (&change.row.id, &mut change.tx, change.now_ms);
    let commitment = NewCommitment::parse(&body, &due_on, now / 1000)?;
    if commitment_store::count_in(tx, id).await? >= COMMITMENTS_PER_SESSION {
        return Err(AppError::invalid(
            "body",
            format!("A session holds at most {COMMITMENTS_PER_SESSION} commitments."),
        ));
    }
    commitment_store::add(tx, id, &commitment.body, commitment.due_on, now / 1000).await?;
    store::touch(tx, id, now).await?;
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
    let (row, tx, now) = (&change.row, &mut change.tx, change.now_ms);
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
    commitment_store::close(tx, &commitment_id, status, now / 1000).await?;
    store::touch(tx, &row.id, now).await?;
    change.finish().await
}

#[cfg(feature = "ssr")]
fn check_step(step: usize, step_count: usize) -> Result<(), AppError> {
    if step >= step_count {
        return Err(AppError::invalid("step", "This script has no such step."));
    }
    Ok(())
}

/// A commitment as the room's form describes it: what the coachee commits to, and
/// an optional due day, today (UTC) or later.
#[cfg(feature = "ssr")]
struct NewCommitment {
    body: String,
    due_on: Option<i64>,
}

#[cfg(feature = "ssr")]
impl NewCommitment {
    fn parse(body: &str, due_on: &str, now: i64) -> Result<Self, Vec<FieldProblem>> {
        use crate::calendar::{upcoming_day, DayProblem};
        let body = body.trim();
        let due_on = upcoming_day(due_on, now).map_err(|problem| {
            match problem {
                DayProblem::NotADate => "Enter the due day as a date, like 2026-12-01.",
                DayProblem::InThePast => "A due day cannot be in the past.",
                DayProblem::MoreThanAYearAhead => "Choose a due day within the next year.",
            }
            .to_owned()
        });
        match (check_commitment(body), due_on) {
            (Ok(()), Ok(due_on)) => Ok(Self {
                body: body.to_owned(),
                due_on,
            }),
            (body, due_on) => Err(field_problems([
                ("body", body.err()),
                ("due_on", due_on.err()),
            ])),
        }
    }
}
