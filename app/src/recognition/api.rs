//! Server functions for recognition. Each asks who is calling first; anyone the thing
//! is not for gets "not found".

use super::{CircleRecognition, MyRecognition, SessionRecognition};
#[cfg(feature = "ssr")]
use crate::db::Conn;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::{
    store::{self, NewRecognition},
    Peer, RecognitionInput, OUTSIDE_SESSIONS_A_DAY, SHOUT_OUTS_SHOWN,
};
#[cfg(feature = "ssr")]
use crate::{
    accounts::{auth::current_account, Account},
    circles::{circle_path, store as circles},
    db::is_id,
    sessions::{access::participant_row, session_path, SessionStatus},
    state::app_state,
};

/// An ended session of mine and the other participant's id: only its two participants,
/// while members of its circle, may recognize each other for it.
#[cfg(feature = "ssr")]
async fn ended_session_of(
    conn: &mut Conn,
    session_id: &str,
    me: &Account,
) -> Result<(String, String, String), AppError> {
    let row = participant_row(conn, session_id, me).await?;
    if row.status != SessionStatus::Done {
        return Err(AppError::NotFound);
    }
    let (other_id, other_name) = if row.coach_id == me.id {
        (row.coachee_id.clone(), row.coachee_name.clone())
    } else {
        (row.coach_id.clone(), row.coach_name.clone())
    };
    Ok((row.circle_id.clone(), other_id, other_name))
}

/// The form on an ended session's summary: whom I recognize, what I may name, and
/// what I already gave for it.
#[server(endpoint = "load_session_recognition")]
pub async fn load_session_recognition(session_id: String) -> Result<SessionRecognition, AppError> {
    let me = current_account().await?;
    let state = app_state()?;
    let mut conn = state.db.reader.acquire().await?;
    let (circle_id, _, recipient_name) = ended_session_of(&mut conn, &session_id, &me).await?;
    Ok(SessionRecognition {
        behaviours: crate::checkins::store::behaviours_of_circle(&mut conn, &circle_id).await?,
        mine: store::given_for_session(&mut conn, &session_id, &me.id).await?,
        session_id,
        recipient_name,
    })
}

/// Recognizes the other participant of an ended session. Once per person and session:
/// giving again changes what was given (people fix a typo or add a line).
#[server(endpoint = "recognize_in_session")]
pub async fn recognize_in_session(
    session_id: String,
    #[server(default)] behaviour_id: String,
    #[server(default)] note: String,
    #[server(default)] share: String,
) -> Result<(), AppError> {
    let me = current_account().await?;
    let state = app_state()?;
    let mut tx = state.db.writer.begin().await?;
    let (circle_id, recipient_id, _) = ended_session_of(&mut tx, &session_id, &me).await?;
    let offered = crate::checkins::store::behaviours_of_circle(&mut *tx, &circle_id).await?;
    let input = RecognitionInput::parse(&behaviour_id, &note, &share, &offered)?;
    let new = NewRecognition {
        giver_id: &me.id,
        recipient_id: &recipient_id,
        circle_id: &circle_id,
        session_id: Some(&session_id),
        input: &input,
    };
    store::save(&mut tx, new, state.clock.now_seconds()).await?;
    tx.commit().await?;
    leptos_axum::redirect(&format!("{}?notice=recognized", session_path(&session_id)));
    Ok(())
}

/// The circle page's part: the members I may recognize, the behaviours to name, and
/// the shout-outs. Current members only.
#[server(endpoint = "load_circle_recognition")]
pub async fn load_circle_recognition(circle_id: String) -> Result<CircleRecognition, AppError> {
    let me = current_account().await?;
    let reader = &app_state()?.db.reader;
    if !is_id(&circle_id)
        || circles::role_of_once(reader, &circle_id, &me.id)
            .await?
            .is_none()
    {
        return Err(AppError::NotFound);
    }
    let peers = circles::members_once(reader, &circle_id)
        .await?
        .into_iter()
        .filter(|m| m.account_id != me.id)
        .map(|m| Peer {
            id: m.account_id,
            name: m.display_name,
        })
        .collect();
    Ok(CircleRecognition {
        peers,
        behaviours: crate::checkins::store::behaviours_of_circle(reader, &circle_id).await?,
        shout_outs: store::shout_outs(reader, &circle_id, SHOUT_OUTS_SHOWN).await?,
        my_id: me.id,
        circle_id,
    })
}

/// Recognizes a current member of a circle I am in, outside a session. Never myself;
/// a few a day to one person.
#[server(endpoint = "recognize_peer")]
pub async fn recognize_peer(
    circle_id: String,
    #[server(default)] recipient_id: String,
    #[server(default)] behaviour_id: String,
    #[server(default)] note: String,
    #[server(default)] share: String,
) -> Result<(), AppError> {
    let me = current_account().await?;
    let state = app_state()?;
    let mut tx = state.db.writer.begin().await?;
    if !is_id(&circle_id)
        || circles::role_of(&mut *tx, &circle_id, &me.id)
            .await?
            .is_none()
    {
        return Err(AppError::NotFound);
    }
    let peer = is_id(&recipient_id) && recipient_id != me.id && {
        let members = circles::members(&mut *tx, &circle_id).await?;
        members.iter().any(|m| m.account_id == recipient_id)
    };
    // Myself, a former member or a stranger: as if there were no such person.
    if !peer {
        return Err(AppError::NotFound);
    }
    let offered = crate::checkins::store::behaviours_of_circle(&mut *tx, &circle_id).await?;
    let input = RecognitionInput::parse(&behaviour_id, &note, &share, &offered)?;
    let now = state.clock.now_seconds();
    let today =
        store::given_outside_sessions_since(&mut *tx, &me.id, &recipient_id, now - 86_400).await?;
    if today >= OUTSIDE_SESSIONS_A_DAY {
        return Err(AppError::invalid(
            "note",
            format!("You can recognize one person {OUTSIDE_SESSIONS_A_DAY} times a day; try again tomorrow."),
        ));
    }
    let new = NewRecognition {
        giver_id: &me.id,
        recipient_id: &recipient_id,
        circle_id: &circle_id,
        session_id: None,
        input: &input,
    };
    store::save(&mut tx, new, now).await?;
    tx.commit().await?;
    leptos_axum::redirect(&format!("{}?notice=recognized", circle_path(&circle_id)));
    Ok(())
}

/// Hides a shout-out about me from its circle's page. Only its recipient may.
#[server(endpoint = "hide_shout_out")]
pub async fn hide_shout_out(recognition_id: String) -> Result<(), AppError> {
    let circle_id = set_hidden(&recognition_id, true).await?;
    leptos_axum::redirect(&format!(
        "{}?notice=shout-out-hidden",
        circle_path(&circle_id)
    ));
    Ok(())
}

/// Shows a shout-out about me that I hid on its circle's page again, from Home. Only
/// its recipient may, while a member of that circle.
#[server(endpoint = "show_shout_out")]
pub async fn show_shout_out(recognition_id: String) -> Result<(), AppError> {
    set_hidden(&recognition_id, false).await?;
    leptos_axum::redirect("/?notice=shout-out-shown");
    Ok(())
}

/// Hides or shows a shout-out about the caller; returns its circle.
#[cfg(feature = "ssr")]
async fn set_hidden(recognition_id: &str, hidden: bool) -> Result<String, AppError> {
    let me = current_account().await?;
    if !is_id(recognition_id) {
        return Err(AppError::NotFound);
    }
    let state = app_state()?;
    let mut tx = state.db.writer.begin().await?;
    let circle_id = store::set_hidden(&mut tx, recognition_id, &me.id, hidden)
        .await?
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(circle_id)
}

/// Recognition I received and gave, newest first, for Home and the mirror.
#[server(endpoint = "load_my_recognition")]
pub async fn load_my_recognition() -> Result<MyRecognition, AppError> {
    let me = current_account().await?;
    let state = app_state()?;
    let (received, given) = store::mine_both_sides(&state.db.reader, &me.id, 50).await?;
    Ok(MyRecognition {
        received,
        given,
        recognizes_coaching_id: state.recognizes_coaching_id,
    })
}
