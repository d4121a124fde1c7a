//! Live rooms: who has each session open, and pushing every change to their screens
//! as server-sent events.
//!
//! Each event carries the whole [`RoomState`], so a screen that missed events (a
//! dropped connection, a server restart) is whole again with the first event after it
//! reconnects; the browser's `EventSource` reconnects by itself. The state holds no
//! private notes, so one message serves both participants.

use super::{room::RoomState, room_store};
use crate::{
    accounts::auth::account_of,
    db::{now_millis, Db},
    error::AppError,
    scripts::store as scripts,
    state::AppState,
};
use axum::{
    extract::Path,
    http::StatusCode,
    response::{
        sse::{Event, KeepAlive, Sse},
        IntoResponse, Response,
    },
    Extension,
};
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::Duration,
};
use tokio::sync::{broadcast, watch};
use tower_sessions::Session;

/// States waiting to be sent per room; a screen further behind skips to the newest,
/// which is all it needs.
const BACKLOG: usize = 4;

/// The open rooms of this server process.
#[derive(Debug)]
pub struct LiveRooms {
    rooms: Mutex<HashMap<String, Room>>,
    closing: watch::Sender<bool>,
}

#[derive(Debug)]
struct Room {
    sender: broadcast::Sender<Arc<str>>,
    /// Open screens per participant (one person may have two tabs).
    present: HashMap<String, usize>,
}

impl Default for LiveRooms {
    fn default() -> Self {
        Self {
            rooms: Mutex::default(),
            closing: watch::Sender::new(false),
        }
    }
}

impl LiveRooms {
    fn rooms(&self) -> std::sync::MutexGuard<'_, HashMap<String, Room>> {
        // A panic while holding the lock leaves the map intact; carry on with it.
        self.rooms
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Participants with the room open, in no particular order.
    pub fn present(&self, session_id: &str) -> Vec<String> {
        self.rooms()
            .get(session_id)
            .map(|room| room.present.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// How many rooms have someone in them (for the benchmark).
    pub fn open_rooms(&self) -> usize {
        self.rooms().len()
    }

    fn join(&self, session_id: &str, account_id: &str) -> broadcast::Receiver<Arc<str>> {
        let mut rooms = self.rooms();
        let room = rooms.entry(session_id.to_owned()).or_insert_with(|| Room {
            sender: broadcast::channel(BACKLOG).0,
            present: HashMap::new(),
        });
        *room.present.entry(account_id.to_owned()).or_default() += 1;
        room.sender.subscribe()
    }

    /// Returns whether the room is now empty.
    fn leave(&self, session_id: &str, account_id: &str) -> bool {
        let mut rooms = self.rooms();
        let Some(room) = rooms.get_mut(session_id) else {
            return true;
        };
        if let Some(count) = room.present.get_mut(account_id) {
            *count -= 1;
            if *count == 0 {
                room.present.remove(account_id);
            }
        }
        let empty = room.present.is_empty();
        if empty {
            rooms.remove(session_id);
        }
        empty
    }

    fn send(&self, session_id: &str, message: Arc<str>) {
        if let Some(room) = self.rooms().get(session_id) {
            // No receivers is fine: nobody has the room open.
            let _ = room.sender.send(message);
        }
    }

    /// Ends every live stream, so a graceful shutdown is not held up by open rooms.
    pub fn close_all(&self) {
        self.closing.send_replace(true);
    }
}

/// Loads the room's state now and pushes it to every open screen; returns it too.
pub async fn publish(state: &AppState, session_id: &str) -> Result<RoomState, AppError> {
    let room = room_state_now(&state.db, &state.live, session_id).await?;
    match serde_json::to_string(&room) {
        Ok(json) => state.live.send(session_id, json.into()),
        Err(error) => tracing::error!(%error, "cannot encode a room state"),
    }
    Ok(room)
}

/// The room's state as of now, with who is present.
pub async fn room_state_now(
    db: &Db,
    live: &LiveRooms,
    session_id: &str,
) -> Result<RoomState, AppError> {
    let row = room_store::find(&db.reader, session_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let step_count = match (&row.script_id, row.script_version) {
        (Some(id), Some(version)) => scripts::find(&db.reader, id, Some(version))
            .await?
            .map(|s| s.content.steps.len())
            .unwrap_or(0),
        _ => 0,
    };
    room_store::room_state(
        &db.reader,
        &row,
        step_count,
        live.present(session_id),
        now_millis(),
    )
    .await
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
        let empty = self.state.live.leave(&self.session_id, &self.account_id);
        let (state, session_id) = (self.state.clone(), self.session_id.clone());
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                if empty {
                    let now = crate::db::now_seconds();
                    let _ = room_store::mark_seen(&state.db.writer, &session_id, now).await;
                } else {
                    let _ = publish(&state, &session_id).await;
                }
            });
        }
    }
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
    if !crate::db::is_id(&session_id) {
        return Err(AppError::NotFound);
    }
    let row = room_store::find(&state.db.reader, &session_id)
        .await?
        .ok_or(AppError::NotFound)?;
    row.role_of(&me.id).ok_or(AppError::NotFound)?;

    let receiver = state.live.join(&session_id, &me.id);
    let closing = state.live.closing.subscribe();
    let presence = Presence {
        state: state.clone(),
        session_id: session_id.clone(),
        account_id: me.id,
    };
    // Everyone, this screen included, learns who is present now.
    publish(&state, &session_id).await?;
    let events = futures::stream::unfold(
        (receiver, closing, presence),
        |(mut receiver, mut closing, presence)| async move {
            loop {
                let message = tokio::select! {
                    message = receiver.recv() => message,
                    _ = closing.wait_for(|closing| *closing) => return None,
                };
                match message {
                    Ok(json) => {
                        let event = Event::default()
                            .event("state")
                            .retry(Duration::from_secs(1))
                            .data(&*json);
                        return Some((
                            Ok::<_, std::convert::Infallible>(event),
                            (receiver, closing, presence),
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
