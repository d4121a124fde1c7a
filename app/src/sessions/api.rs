//! Server functions that start, open and end sessions. Only the two participants may
//! open a session or change it; everyone else, circle hosts included, gets "not found".

use super::{room::RoomView, SessionSummary};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::{
    access::{check_topic, participant_row, pinned_script, script_for, settle_abandoned},
    live::{publish, room_state_now},
    room_store as store, SessionStatus,
};
#[cfg(feature = "ssr")]
use crate::{
    accounts::auth::current_account,
    circles::{api::role_in, store as circles},
    db::now_millis,
    scripts::store as scripts,
    state::app_state,
};

/// Starts a session now (and opens its room) or plans it for a day.
#[server(endpoint = "start_session")]
pub async fn start_session(
    circle_id: String,
    peer_id: String,
    my_role: String,
    script_id: String,
    #[server(default)] topic: String,
    #[server(default)] day: String,
) -> Result<(), AppError> {
    use crate::{circles::api::check_planned_day, error::Problems, scripts::PairRole};
    let me = current_account().await?;
    let state = app_state()?;
    let mut tx = state.db.writer.begin().await?;
    role_in(&mut *tx, &circle_id, &me).await?;
    let mut problems = Problems::default();
    let peer_ok = peer_id != me.id
        && circles::role_of(&mut *tx, &circle_id, &peer_id)
            .await?
            .is_some();
    problems.check(
        "peer_id",
        peer_ok
            .then_some(())
            .ok_or("Choose a peer from this circle.".to_owned()),
    );
    let role = problems.check(
        "my_role",
        match my_role.as_str() {
            "coach" => Ok(PairRole::Coach),
            "coachee" => Ok(PairRole::Coachee),
            _ => Err("Choose whether you coach or are coached.".to_owned()),
        },
    );
    let script = problems.check(
        "script_id",
        script_for(&mut tx, &circle_id, &script_id).await?,
    );
    let topic = topic.trim();
    problems.check("topic", check_topic(topic));
    let day = problems.check("day", check_planned_day(&day, crate::db::now_seconds()));
    problems.finish()?;
    let (Some(role), Some(script), Some(day)) = (role, script, day) else {
        return Err(AppError::Internal);
    };
    let (coach, coachee) = match role {
        PairRole::Coach => (&me.id, &peer_id),
        PairRole::Coachee => (&peer_id, &me.id),
    };
    let id = store::create(
        &mut tx,
        &circle_id,
        coach,
        coachee,
        (&script.0, script.1),
        topic,
        day,
        now_millis(),
    )
    .await?;
    tx.commit().await?;
    if day.is_some() {
        leptos_axum::redirect(&format!(
            "{}?notice=session-planned",
            crate::circles::circle_path(&circle_id)
        ));
    } else {
        leptos_axum::redirect(&super::session_path(&id));
    }
    Ok(())
}

/// Everything the room shows, for one of the two participants.
#[server(endpoint = "load_room")]
pub async fn load_room(session_id: String) -> Result<RoomView, AppError> {
    let me = current_account().await?;
    let state = app_state()?;
    let row = participant_row(&state.db.reader, &session_id, &me).await?;
    let row = settle_abandoned(&state, row).await?;
    let my_role = row.role_of(&me.id).ok_or(AppError::NotFound)?;
    let script = pinned_script(&state, &row).await?;
    let steps = script
        .as_ref()
        .map(|s| s.content.steps.clone())
        .unwrap_or_default();
    let script_choices = if row.status() == SessionStatus::Planned {
        scripts::library(&state.db.reader, &me.id)
            .await?
            .into_iter()
            .filter(|s| s.circle_id.as_deref().is_none_or(|c| c == row.circle_id))
            .map(|s| (s.id, s.content.title))
            .collect()
    } else {
        Vec::new()
    };
    let private_notes =
        store::private_notes(&state.db.reader, &row.id, &me.id, steps.len()).await?;
    let room = room_state_now(&state.db, &state.live, &row.id).await?;
    Ok(RoomView {
        session_id: row.id.clone(),
        circle_id: row.circle_id.clone(),
        circle_name: row.circle_name.clone(),
        coach: row.coach(),
        coachee: row.coachee(),
        my_role,
        topic: row.topic.clone(),
        script_title: script.map(|s| s.content.title),
        steps,
        script_choices,
        private_notes,
        state: room,
    })
}

/// The room's shared state now: what a screen asks for when it has fallen behind.
#[server(endpoint = "room_state")]
pub async fn room_state(session_id: String) -> Result<super::room::RoomState, AppError> {
    let me = current_account().await?;
    let state = app_state()?;
    let row = participant_row(&state.db.reader, &session_id, &me).await?;
    settle_abandoned(&state, row).await?;
    room_state_now(&state.db, &state.live, &session_id).await
}

/// Starts a planned session, with the script the pair chose (or the one it was
/// planned with).
#[server(endpoint = "begin_session")]
pub async fn begin_session(
    session_id: String,
    #[server(default)] script_id: String,
) -> Result<(), AppError> {
    let me = current_account().await?;
    let state = app_state()?;
    let mut tx = state.db.writer.begin().await?;
    let row = participant_row(&mut *tx, &session_id, &me).await?;
    if row.status() != SessionStatus::Planned {
        return Err(AppError::Conflict(
            "This session has already started.".into(),
        ));
    }
    let chosen = if script_id.is_empty() {
        row.script_id.clone().unwrap_or_default()
    } else {
        script_id
    };
    let script = script_for(&mut tx, &row.circle_id, &chosen)
        .await?
        .map_err(|message| AppError::invalid("script_id", message))?;
    store::begin(&mut tx, &row.id, (&script.0, script.1), now_millis()).await?;
    tx.commit().await?;
    publish(&state, &row.id).await?;
    Ok(())
}

/// Ends the session: it is stored as done and both screens show the summary.
#[server(endpoint = "end_session")]
pub async fn end_session(session_id: String) -> Result<(), AppError> {
    let me = current_account().await?;
    let state = app_state()?;
    let mut tx = state.db.writer.begin().await?;
    let row = participant_row(&mut *tx, &session_id, &me).await?;
    super::room::require_live(row.status())?;
    let now = now_millis();
    store::save_spent(&mut tx, &row.id, row.step(), row.clock().elapsed_at(now)).await?;
    store::save_position(&mut tx, &row.id, row.step(), row.clock().pause(now), now).await?;
    store::set_status(&mut tx, &row.id, SessionStatus::Done, true, now).await?;
    tx.commit().await?;
    publish(&state, &row.id).await?;
    Ok(())
}

/// Starts the reciprocal session (roles swapped, same script) and opens it. Asked
/// twice, by either participant, it opens the same one.
#[server(endpoint = "swap_roles")]
pub async fn swap_roles(session_id: String) -> Result<(), AppError> {
    let me = current_account().await?;
    let state = app_state()?;
    let mut tx = state.db.writer.begin().await?;
    let row = participant_row(&mut *tx, &session_id, &me).await?;
    if let Some(next) = &row.swapped_to {
        leptos_axum::redirect(&super::session_path(next));
        return Ok(());
    }
    if row.status() != SessionStatus::Done {
        return Err(AppError::Conflict(
            "End this session before swapping roles.".into(),
        ));
    }
    let script_id = row.script_id.clone().unwrap_or_default();
    let script = script_for(&mut tx, &row.circle_id, &script_id)
        .await?
        .map_err(|message| AppError::invalid("script_id", message))?;
    let id = store::create(
        &mut tx,
        &row.circle_id,
        &row.coachee_id,
        &row.coach_id,
        (&script.0, script.1),
        "",
        None,
        now_millis(),
    )
    .await?;
    store::set_swapped_to(&mut tx, &row.id, &id).await?;
    tx.commit().await?;
    publish(&state, &row.id).await?;
    leptos_axum::redirect(&super::session_path(&id));
    Ok(())
}

/// Carries on with a session that was left with nobody in it, or closes it for good.
#[server(endpoint = "settle_session")]
pub async fn settle_session(session_id: String, resume: bool) -> Result<(), AppError> {
    let me = current_account().await?;
    let state = app_state()?;
    let mut tx = state.db.writer.begin().await?;
    let row = participant_row(&mut *tx, &session_id, &me).await?;
    if row.status() != SessionStatus::Abandoned || row.swapped_to.is_some() {
        return Err(AppError::Conflict("This session was not left open.".into()));
    }
    let now = now_millis();
    if resume {
        store::save_position(&mut tx, &row.id, row.step(), row.clock().resume(now), now).await?;
        store::set_status(&mut tx, &row.id, SessionStatus::Live, false, now).await?;
    } else {
        store::set_status(&mut tx, &row.id, SessionStatus::Abandoned, true, now).await?;
    }
    tx.commit().await?;
    publish(&state, &row.id).await?;
    Ok(())
}

/// My sessions still to hold or in progress, soonest first.
#[server(endpoint = "my_sessions")]
pub async fn my_sessions() -> Result<Vec<SessionSummary>, AppError> {
    let me = current_account().await?;
    super::store::open_for(&app_state()?.db.reader, &me.id).await
}
