//! Server functions for a session's life: start or plan it, open its room, begin,
//! end, swap roles, settle one left open, and list mine. Only the two participants
//! may open a session or change it; everyone else, circle hosts included, gets "not
//! found". What happens inside a live room is in `room_api`.

// `start_session` takes one argument per form field (a plain form posts them by
// name), and the server macro copies them into the browser's call too.
#![allow(clippy::too_many_arguments)]

use super::{FollowThrough, PastSessions, RoomView, SessionSummary};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::{
    access::{participant_row, script_for},
    commitment_store, history_store, private_note_store,
    room_change::RoomChange,
    room_events, room_state,
    rules::{check_topic, is_abandoned},
    session_row::SessionRow,
    step_store,
    store::{self, NewSession},
    CommitmentStatus, PastSession, PeerCommitment, SessionStatus, HISTORY_PER_PAGE,
};
#[cfg(feature = "ssr")]
use crate::{
    accounts::auth::current_account,
    circles::{api::role_in, store as circles},
    recognition::milestones::record_reached,
    scripts::store as scripts,
    state::{app_state, AppState},
};

/// Starts a session now (and opens its room) or plans it for a day, optionally at a
/// time in my zone.
#[server(endpoint = "start_session")]
pub async fn start_session(
    circle_id: String,
    peer_id: String,
    my_role: String,
    script_id: String,
    #[server(default)] topic: String,
    #[server(default)] day: String,
    #[server(default)] time: String,
    #[server(default)] length: String,
) -> Result<(), AppError> {
    use super::schedule::{check_planned_time, script_minutes};
    use crate::{
        circles::planned_round::check_planned_day, input::field_problems, scripts::PairRole,
    };
    let me = current_account().await?;
    let state = app_state()?;
    let now = state.clock.now_millis();
    let mut tx = state.db.writer.begin().await?;
    role_in(&mut *tx, &circle_id, &me).await?;
    let peer_ok = crate::db::is_id(&peer_id)
        && peer_id != me.id
        && circles::role_of(&mut *tx, &circle_id, &peer_id)
            .await?
            .is_some();
    let topic = topic.trim();
    let checked = (
        peer_ok
            .then_some(())
            .ok_or("Choose a peer from this circle.".to_owned()),
        match my_role.as_str() {
            "coach" => Ok(PairRole::Coach),
            "coachee" => Ok(PairRole::Coachee),
            _ => Err("Choose whether you coach or are coached.".to_owned()),
        },
        script_for(&mut tx, &circle_id, &script_id).await?,
        check_topic(topic),
        check_planned_day(&day, now / 1000),
    );
    // The length defaults to the chosen script's timeboxes added up.
    let default_length = match &checked.2 {
        Ok((id, version)) => scripts::find(&mut *tx, id, Some(*version))
            .await?
            .map_or(0, |s| script_minutes(&s.content.steps)),
        Err(_) => 0,
    };
    let planned_day = checked.4.as_ref().ok().copied().flatten();
    let time = check_planned_time(
        planned_day,
        &time,
        &length,
        &me.time_zone,
        default_length,
        now / 1000,
    );
    let (role, script, day, time) = match (checked, time) {
        ((Ok(()), Ok(role), Ok(script), Ok(()), Ok(day)), Ok(time)) => (role, script, day, time),
        ((peer, role, script, topic, day), time) => {
            let mut problems = field_problems([
                ("peer_id", peer.err()),
                ("my_role", role.err()),
                ("script_id", script.err()),
                ("topic", topic.err()),
                ("day", day.err()),
            ]);
            problems.extend(time.err().unwrap_or_default());
            return Err(problems.into());
        }
    };
    let to_hold = store::count_to_hold(&mut *tx, &circle_id, now / 1000).await?;
    super::rules::check_room_to_plan(to_hold, 1)?;
    let (coach, coachee) = match role {
        PairRole::Coach => (&me.id, &peer_id),
        PairRole::Coachee => (&peer_id, &me.id),
    };
    let new = NewSession {
        circle_id: &circle_id,
        coach_id: coach,
        coachee_id: coachee,
        status: match day {
            Some(_) => SessionStatus::Planned,
            None => SessionStatus::Live,
        },
        script: Some((&script.0, script.1)),
        topic,
        planned_for: day,
        time,
        created_by: &me.id,
    };
    let id = store::create(&mut tx, &new, now).await?;
    tx.commit().await?;
    crate::mail::wake_sender(&state);
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
    let row = participant_row(&mut state.db.reader.acquire().await?, &session_id, &me).await?;
    let row = settle_abandoned(&state, row).await?;
    let my_role = row.role_of(&me.id).ok_or(AppError::NotFound)?;
    let script = match (&row.script_id, row.script_version) {
        (Some(id), Some(version)) => scripts::find(&state.db.reader, id, Some(version)).await?,
        _ => None,
    };
    let steps = script
        .as_ref()
        .map(|s| s.content.steps.clone())
        .unwrap_or_default();
    let script_choices = if row.status == SessionStatus::Planned {
        scripts::library(&state.db.reader, &me.id)
            .await?
            .into_iter()
            .filter(|s| s.circle_id.as_deref().is_none_or(|c| c == row.circle_id))
            .map(|s| (s.id, s.content.title))
            .collect()
    } else {
        Vec::new()
    };
    let private_notes = private_note_store::of_author(&state.db.reader, &row, &me.id).await?;
    let planned_when =
        (row.status == SessionStatus::Planned && row.planned_for.is_some()).then(|| {
            let mut shown = [row.summary.clone()];
            super::schedule::show_in_zone(&mut shown, &me.time_zone);
            shown[0].when_text()
        });
    let planned_inputs = (row.status == SessionStatus::Planned).then(|| {
        super::schedule::inputs_in_zone(
            row.planned_for,
            row.starts_at,
            row.length_minutes,
            &me.time_zone,
        )
    });
    let room = room_state::now_from(&state, &row).await?;
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
        planned_when,
        planned_inputs,
        private_notes,
        state: room,
    })
}

/// The room's shared state now: what a screen asks for when it has fallen behind.
#[server(endpoint = "room_state")]
pub async fn room_state(session_id: String) -> Result<super::RoomState, AppError> {
    let me = current_account().await?;
    let state = app_state()?;
    let row = participant_row(&mut state.db.reader.acquire().await?, &session_id, &me).await?;
    let row = settle_abandoned(&state, row).await?;
    room_state::now_from(&state, &row).await
}

/// Starts a planned session, with the script the pair chose (or the one it was
/// planned with).
#[server(endpoint = "begin_session")]
pub async fn begin_session(
    session_id: String,
    #[server(default)] script_id: String,
) -> Result<(), AppError> {
    let mut change = RoomChange::begin(&session_id).await?;
    let row = &change.row;
    super::rules::require_planned(row.status)?;
    let chosen = if script_id.is_empty() {
        row.script_id.clone().unwrap_or_default()
    } else {
        script_id
    };
    let script = script_for(&mut change.tx, &row.circle_id, &chosen)
        .await?
        .map_err(|message| AppError::invalid("script_id", message))?;
    store::begin(
        &mut change.tx,
        &row.id,
        (&script.0, script.1),
        change.now_ms,
    )
    .await?;
    change.finish().await?;
    Ok(())
}

/// Ends the session: it is stored as done and both screens show the summary.
#[server(endpoint = "end_session")]
pub async fn end_session(session_id: String) -> Result<(), AppError> {
    let mut change = RoomChange::begin_live(&session_id).await?;
    let (row, tx, now) = (&change.row, &mut change.tx, change.now_ms);
    step_store::save_spent(tx, &row.id, row.step(), row.clock().elapsed_at(now)).await?;
    store::save_position(tx, &row.id, row.step(), row.clock().pause(now), now).await?;
    store::set_status(tx, &row.id, SessionStatus::Done, true, now).await?;
    // The pair's milestones, and, when this session completes the circle's rotation,
    // every member's.
    let members = crate::circles::store::members(&mut **tx, &row.circle_id).await?;
    let mut people: Vec<&str> = vec![&row.coach_id, &row.coachee_id];
    people.extend(members.iter().map(|m| m.account_id.as_str()));
    people.sort_unstable();
    people.dedup();
    for person in people {
        record_reached(tx, person, now / 1000).await?;
    }
    change.finish().await?;
    Ok(())
}

/// Starts the reciprocal session (roles swapped, same script) and opens it. Asked
/// twice, by either participant, it opens the same one.
#[server(endpoint = "swap_roles")]
pub async fn swap_roles(session_id: String) -> Result<(), AppError> {
    let mut change = RoomChange::begin(&session_id).await?;
    let (row, tx, now) = (&change.row, &mut change.tx, change.now_ms);
    if let Some(next) = &row.swapped_to {
        leptos_axum::redirect(&super::session_path(next));
        return Ok(());
    }
    if row.status != SessionStatus::Done {
        return Err(AppError::SessionNotEnded);
    }
    let script_id = row.script_id.clone().unwrap_or_default();
    let script = script_for(tx, &row.circle_id, &script_id)
        .await?
        .map_err(|message| AppError::invalid("script_id", message))?;
    let new = NewSession {
        circle_id: &row.circle_id,
        coach_id: &row.coachee_id,
        coachee_id: &row.coach_id,
        status: SessionStatus::Live,
        script: Some((&script.0, script.1)),
        topic: "",
        planned_for: None,
        time: None,
        created_by: &change.me.id,
    };
    let id = store::create(tx, &new, now).await?;
    store::set_swapped_to(tx, &row.id, &id).await?;
    change.finish().await?;
    leptos_axum::redirect(&super::session_path(&id));
    Ok(())
}

/// Carries on with a session that was left with nobody in it, or closes it for good.
#[server(endpoint = "settle_session")]
pub async fn settle_session(session_id: String, resume: bool) -> Result<(), AppError> {
    let mut change = RoomChange::begin(&session_id).await?;
    let (row, tx, now) = (&change.row, &mut change.tx, change.now_ms);
    // A session closed for good (or cancelled before it began) stays so.
    if row.status != SessionStatus::Abandoned || row.swapped_to.is_some() || row.ended_at.is_some()
    {
        return Err(AppError::SessionNotLeftOpen);
    }
    if resume {
        store::save_position(tx, &row.id, row.step(), row.clock().resume(now), now).await?;
        store::set_status(tx, &row.id, SessionStatus::Live, false, now).await?;
    } else {
        store::set_status(tx, &row.id, SessionStatus::Abandoned, true, now).await?;
    }
    change.finish().await?;
    Ok(())
}

/// How many of my open sessions Home lists.
#[cfg(feature = "ssr")]
const OPEN_SESSIONS_SHOWN: usize = 50;

/// My sessions still to hold or in progress, soonest first.
#[server(endpoint = "my_sessions")]
pub async fn my_sessions() -> Result<Vec<SessionSummary>, AppError> {
    let me = current_account().await?;
    let mut sessions = store::open_for_once(&app_state()?.db.reader, &me.id).await?;
    sessions.truncate(OPEN_SESSIONS_SHOWN);
    super::schedule::show_in_zone(&mut sessions, &me.time_zone);
    Ok(sessions)
}

/// Page `page` (from 1; none is the first) of my sessions that have ended, newest
/// first, each with my own private notes from it (only mine: the other person's never
/// leave the server).
#[server(endpoint = "session_history")]
pub async fn session_history(
    #[server(default)] page: Option<u32>,
) -> Result<PastSessions, AppError> {
    use crate::ui::pager::{one_page, PageNumber};
    let me = current_account().await?;
    let reader = &app_state()?.db.reader;
    let page = PageNumber::parse(page)?;
    let rows = history_store::ended_for(reader, &me.id, page).await?;
    let (sessions, has_older) = one_page(rows, HISTORY_PER_PAGE);
    let ids: Vec<String> = sessions.iter().map(|s| s.id.clone()).collect();
    let mut notes = std::collections::HashMap::<String, Vec<_>>::new();
    for (id, note) in history_store::my_notes_in(reader, &me.id, &ids).await? {
        notes.entry(id).or_default().push(note);
    }
    let sessions = sessions
        .into_iter()
        .map(|session| PastSession {
            my_notes: notes.remove(&session.id).unwrap_or_default(),
            session,
        })
        .collect();
    Ok(PastSessions {
        page: page.get(),
        sessions,
        has_older,
    })
}

/// My open commitments, those I helped set, and my record of keeping them.
#[server(endpoint = "my_commitments")]
pub async fn my_commitments() -> Result<FollowThrough, AppError> {
    let me = current_account().await?;
    let reader = &app_state()?.db.reader;
    let with_peer = |rows: Vec<commitment_store::CommitmentWithPeer>| {
        rows.into_iter()
            .map(|row| PeerCommitment {
                commitment: row.commitment,
                peer_name: row.peer_name,
            })
            .collect()
    };
    let record = commitment_store::kept_record(reader, &me.id).await?;
    let (made, helped) = commitment_store::open_both_sides_once(reader, &me.id).await?;
    Ok(FollowThrough {
        made: with_peer(made),
        helped: with_peer(helped),
        kept: record.kept,
        settled: record.settled,
    })
}

/// Marks one of my open commitments kept or let go, from Home, between sessions.
/// Only the person who made it may; for anyone else it is "not found".
#[server(endpoint = "settle_commitment")]
pub async fn settle_commitment(commitment_id: String, kept: bool) -> Result<(), AppError> {
    let me = current_account().await?;
    if !crate::db::is_id(&commitment_id) {
        return Err(AppError::NotFound);
    }
    let state = app_state()?;
    let status = match kept {
        true => CommitmentStatus::Done,
        false => CommitmentStatus::Dropped,
    };
    let mut tx = state.db.writer.begin().await?;
    commitment_store::settle_mine(
        &mut tx,
        &commitment_id,
        &me.id,
        status,
        state.clock.now_millis(),
    )
    .await?;
    tx.commit().await?;
    let rooms =
        commitment_store::live_sessions_of_its_pair(&state.db.reader, &commitment_id).await?;
    room_events::refresh_open_rooms(&state, &rooms).await;
    // Without JavaScript the form's post lands back on Home.
    leptos_axum::redirect("/");
    Ok(())
}

/// Marks a live session nobody has had open for two hours as abandoned, its clock
/// stopped when the last person left. Checked whenever the session is opened, so no
/// timer has to watch the rooms.
#[cfg(feature = "ssr")]
async fn settle_abandoned(state: &AppState, row: SessionRow) -> Result<SessionRow, AppError> {
    let last_seen = row.last_seen_at.unwrap_or(row.created_at);
    let anyone = !super::across_nodes::present(state, &row.id)
        .await?
        .is_empty();
    if !is_abandoned(row.status, last_seen, state.clock.now_seconds(), anyone) {
        return Ok(row);
    }
    let left_ms = last_seen * 1000;
    let mut tx = state.db.writer.begin().await?;
    let (step, clock) = (row.step(), row.clock().pause(left_ms));
    store::save_position(&mut tx, &row.id, step, clock, left_ms).await?;
    store::set_status(&mut tx, &row.id, SessionStatus::Abandoned, false, left_ms).await?;
    let settled = store::find(&mut *tx, &row.id).await?;
    tx.commit().await?;
    settled.ok_or(AppError::NotFound)
}
