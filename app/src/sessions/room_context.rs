//! The room's model in the browser (and while rendering on the server): the state
//! both screens share, the countdown's clock, the connection and the last problem.
//! Every part of the room reads and updates it.

use super::{api::room_state, RoomState, RoomView, SessionStatus};
use crate::{error::AppError, ui::island_form::IslandAction};
use leptos::{prelude::*, server_fn::ServerFn};

/// What every part of the room reads and updates.
#[derive(Clone, Copy)]
pub struct RoomContext {
    pub view: StoredValue<RoomView>,
    pub state: RwSignal<RoomState>,
    /// The browser's time when `state` arrived, and the browser's time now (ticking
    /// once a second): the countdown runs on from the server's elapsed time.
    pub received_at: RwSignal<f64>,
    pub now: RwSignal<f64>,
    /// Whether the live stream is open.
    pub connected: RwSignal<bool>,
    /// The last problem an action in the room ran into, in words.
    pub problem: RwSignal<Option<String>>,
    /// Both roles side by side, in larger type, for a pair at one screen.
    pub one_screen: bool,
}

impl RoomContext {
    pub fn new(view: RoomView, one_screen: bool) -> Self {
        let started = browser_now();
        Self {
            state: RwSignal::new(view.state.clone()),
            view: StoredValue::new(view),
            received_at: RwSignal::new(started),
            now: RwSignal::new(started),
            connected: RwSignal::new(false),
            problem: RwSignal::new(None),
            one_screen,
        }
    }

    pub fn session_id(&self) -> String {
        self.view.with_value(|v| v.session_id.clone())
    }

    /// From the browser: follows the room's events and ticks the countdown for as
    /// long as the room is shown. Nothing on the server.
    pub fn connect(&self) {
        #[cfg(feature = "hydrate")]
        {
            let room = *self;
            let events = super::event_source::RoomEvents::open(
                &self.session_id(),
                move |state| room.apply(state),
                self.connected,
            );
            // Both are dropped (closed, cancelled) with the component that connected.
            StoredValue::new_local(events);
            let now = self.now;
            let tick = gloo_timers::callback::Interval::new(1_000, move || {
                let _ = now.try_set(browser_now());
            });
            StoredValue::new_local(tick);
        }
    }

    /// Shows `state` unless the screen already shows it or a newer one. The screen
    /// that made a change gets its state twice (as the answer and as an event), and
    /// a presence change keeps the revision, hence the comparison.
    pub fn apply(&self, state: RoomState) {
        let newer = self
            .state
            .try_with_untracked(|shown| {
                state.revision > shown.revision
                    || (state.revision == shown.revision && state != *shown)
            })
            .unwrap_or(false);
        if newer {
            let _ = self.received_at.try_set(browser_now());
            let _ = self.state.try_set(state);
        }
    }

    /// Fetches the whole state again (after a refused, stale change).
    pub fn resync(&self) {
        let (room, id) = (*self, self.session_id());
        leptos::task::spawn_local(async move {
            if let Ok(state) = room_state(id).await {
                room.apply(state);
            }
        });
    }

    /// Shows what went wrong; when the session is no longer what this screen shows
    /// (it moved on, ended, or the commitment was closed), brings the screen up to date.
    pub fn report(&self, error: AppError) {
        if shows_screen_behind(&error) {
            self.resync();
        }
        let _ = self.problem.try_set(Some(error.to_string()));
    }

    /// Milliseconds spent on the current step by now.
    pub fn elapsed_ms(&self) -> i64 {
        let running = self
            .state
            .with(|s| s.status == SessionStatus::Live && !s.paused);
        let base = self.state.with(|s| s.elapsed_ms);
        if running {
            base + (self.now.get() - self.received_at.get()).max(0.0) as i64
        } else {
            base
        }
    }

    /// Shows the outcome of an action that answers with the new state; a change
    /// refused because the screen was behind brings it up to date.
    pub fn follow<S>(&self, action: IslandAction<S>)
    where
        S: ServerFn<Output = RoomState, Error = AppError> + Clone + Send + Sync + 'static,
    {
        let room = *self;
        Effect::new(move |_| match action.value().get() {
            Some(Ok(state)) => {
                room.problem.set(None);
                room.apply(state);
            }
            Some(Err(error)) => room.report(error),
            None => {}
        });
    }
}

/// Milliseconds since the epoch by the browser's clock; 0 while rendering on the
/// server (the countdown starts from the server's elapsed time either way).
fn browser_now() -> f64 {
    #[cfg(feature = "hydrate")]
    return js_sys::Date::now();
    #[cfg(not(feature = "hydrate"))]
    0.0
}

/// Errors that mean the session is no longer what this screen shows.
fn shows_screen_behind(error: &AppError) -> bool {
    matches!(
        error,
        AppError::StaleStep
            | AppError::NotLive(_)
            | AppError::CommitmentClosed
            | AppError::SessionStarted
            | AppError::SessionNotHeld
            | AppError::SessionNotEnded
            | AppError::SessionNotLeftOpen
    )
}
