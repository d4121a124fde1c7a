//! The room's events: `GET /sessions/{id}/live` streams the room's state to each open
//! screen as server-sent events, once on opening and again after every change.
//!
//! Each event carries the whole [`RoomState`], so a screen that missed events (a
//! dropped connection, a server restart) is whole again with the first event after it
//! reconnects; the browser's `EventSource` reconnects by itself. The state holds no
//! private notes, so one message serves both participants.

use super::{access::participant_row, across_nodes, room_state, store, RoomState};
use crate::accounts::{
    auth::{account_of, claim_of},
    store::may_still_follow,
};
use crate::{error::AppError, state::AppState};
use axum::{
    extract::Path,
    http::StatusCode,
    response::{
        sse::{Event, KeepAlive, Sse},
        IntoResponse, Response,
    },
    Extension,
};
use std::time::Duration;
use tokio::sync::broadcast;
use tower_sessions::Session;

/// Sends `room`, the session's new state, to every screen that has the room open on
/// this node (the other nodes hear of it through [`across_nodes`]).
pub fn broadcast(state: &AppState, session_id: &str, room: &RoomState) {
    match serde_json::to_string(room) {
        Ok(json) => state.live.send(session_id, json.into()),
        Err(error) => tracing::error!(%error, "cannot encode a room state"),
    }
}

/// Sends the open rooms of these sessions their state now, after a change made outside
/// them (a commitment settled on Home, which their follow-up step lists). The change
/// is written already, so a failure here is logged, not returned.
pub async fn refresh_open_rooms(state: &AppState, session_ids: &[String]) {
    for id in session_ids {
        across_nodes::changed_now(state, id).await;
        if state.live.present(id).is_empty() {
            continue;
        }
        if let Err(error) = publish_now(state, id).await {
            tracing::warn!(%error, "could not refresh an open room");
        }
    }
}

/// Reads the room's state now and sends it to every screen open on this node: for
/// changes that are not writes here, like someone opening or leaving the room, or a
/// change made through another node.
pub(super) async fn publish_now(state: &AppState, session_id: &str) -> Result<(), AppError> {
    let room = room_state::now(state, session_id).await?;
    broadcast(state, session_id, &room);
    Ok(())
}

/// Leaves the room when the stream ends (the screen closed or lost its connection),
/// and tells the other screen.
struct Presence {
    state: AppState,
    session_id: String,
    account_id: String,
}

impl Drop for Presence {
    fn drop(&mut self) {
        let left = self.state.live.leave(&self.session_id, &self.account_id);
        let (state, session_id) = (self.state.clone(), self.session_id.clone());
        let account_id = self.account_id.clone();
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                if left.last_screen {
                    // As it is now: another screen of theirs may have opened meanwhile.
                    let here = state.live.present(&session_id).contains(&account_id);
                    across_nodes::set_present(&state, &session_id, &account_id, here).await;
                }
                if left.room_empty {
                    let now = state.clock.now_seconds();
                    let _ = store::mark_seen(&state.db.writer, &session_id, now).await;
                } else {
                    let _ = publish_now(&state, &session_id).await;
                }
            });
        }
    }
}

/// How often a quiet stream checks that its reader may still read it.
const RECHECK_EVERY: Duration = Duration::from_secs(15);

/// Whether the browser behind a stream is still signed in as the participant who
/// opened it, and that person still one of the pair in a circle they are still in.
async fn still_allowed(presence: &Presence, session: &Session) -> bool {
    let (Some(browser), Ok(Some(claim))) = (session.id(), claim_of(session).await) else {
        return false;
    };
    if claim.account_id != presence.account_id {
        return false;
    }
    let reader = &presence.state.db.reader;
    let browser = browser.to_string();
    may_still_follow(reader, &browser, &claim, &presence.session_id)
        .await
        .unwrap_or(false)
}

/// `GET /sessions/{id}/live`: the room's state now, then again after every change.
/// Only the two participants get a stream; anyone else gets "not found".
pub async fn stream(
    Path(session_id): Path<String>,
    Extension(state): Extension<AppState>,
    session: Session,
) -> Response {
    match open_stream(session_id, state, session).await {
        Ok(response) => response,
        Err(AppError::Internal) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        Err(AppError::TooManyAttempts) => StatusCode::TOO_MANY_REQUESTS.into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn open_stream(
    session_id: String,
    state: AppState,
    session: Session,
) -> Result<Response, AppError> {
    let me = account_of(&session, &state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    participant_row(&mut state.db.reader.acquire().await?, &session_id, &me).await?;
    let joined = state
        .live
        .join(&session_id, &me.id)
        .ok_or(AppError::TooManyAttempts)?;
    let receiver = joined.receiver;
    let closing = state.live.closing();
    let presence = Presence {
        state: state.clone(),
        session_id: session_id.clone(),
        account_id: me.id.clone(),
    };
    // Everyone, this screen included and on every node, learns who is present now.
    if joined.first_screen {
        across_nodes::set_present(&state, &session_id, &me.id, true).await;
    }
    publish_now(&state, &session_id).await?;
    let recheck = tokio::time::interval(RECHECK_EVERY);
    let events = futures::stream::unfold(
        (receiver, closing, recheck, (presence, session)),
        |(mut receiver, mut closing, mut recheck, reader)| async move {
            loop {
                // `None`: time to check that the reader may still read.
                let message = tokio::select! {
                    message = receiver.recv() => Some(message),
                    _ = closing.wait_for(|closing| *closing) => return None,
                    _ = recheck.tick() => None,
                };
                // Signed out, signed out elsewhere, password changed, account deleted,
                // left the circle: the stream ends before it says more.
                // Boxed: its database calls would otherwise make every resting stream
                // as large as their futures, for the whole life of the stream.
                if !Box::pin(still_allowed(&reader.0, &reader.1)).await {
                    return None;
                }
                let Some(message) = message else {
                    continue;
                };
                match message {
                    Ok(json) => {
                        let event = Event::default()
                            .event("state")
                            .retry(Duration::from_secs(1))
                            .data(&*json);
                        return Some((
                            Ok::<_, std::convert::Infallible>(event),
                            (receiver, closing, recheck, reader),
                        ));
                    }
                    // Each state is whole: a screen that fell behind takes the newest.
                    Err(broadcast::error::RecvError::Lagged(_)) => continue,
                    Err(broadcast::error::RecvError::Closed) => return None,
                }
            }
        },
    );
    Ok(Sse::new(events)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response())
}
