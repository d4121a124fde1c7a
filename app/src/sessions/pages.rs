//! The session room page: it loads the room on the server (so it is complete before
//! the wasm arrives), then follows the live stream. What it shows depends on where the
//! session is: planned (choose a script and start), live, done (the summary), or left
//! with nobody in it.

use super::{
    api::{load_room, room_state, BeginSession, SettleSession},
    live_view::LiveRoom,
    room::{RoomState, RoomView},
    summary::Summary,
    SessionStatus,
};
use crate::{
    circles::circle_path,
    error::AppError,
    ui::{
        form::{latest_error, FormError, SelectField, SubmitButton},
        layout::Page,
    },
};
use leptos::{form::ActionForm, prelude::*, server_fn::ServerFn};
use leptos_router::hooks::{use_params_map, use_query_map};

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
    pub one_screen: Memo<bool>,
}

impl RoomContext {
    fn new(view: RoomView) -> Self {
        let query = use_query_map();
        let started = browser_now();
        Self {
            state: RwSignal::new(view.state.clone()),
            view: StoredValue::new(view),
            received_at: RwSignal::new(started),
            now: RwSignal::new(started),
            connected: RwSignal::new(false),
            problem: RwSignal::new(None),
            one_screen: Memo::new(move |_| {
                query.with(|q| q.get("screen").as_deref() == Some("one"))
            }),
        }
    }

    pub fn session_id(&self) -> String {
        self.view.with_value(|v| v.session_id.clone())
    }

    /// Shows `state` unless the screen already shows a newer one.
    pub fn apply(&self, state: RoomState) {
        let newer = self
            .state
            .try_with_untracked(|shown| state.revision >= shown.revision)
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

    /// Shows the outcome of an action that answers with the new state; a refused
    /// change (the session moved on) brings the screen up to date.
    pub fn follow<S>(&self, action: ServerAction<S>)
    where
        S: ServerFn<Output = RoomState, Error = AppError> + Clone + Send + Sync + 'static,
    {
        let room = *self;
        Effect::new(move |_| match action.value().get() {
            Some(Ok(state)) => {
                room.problem.set(None);
                room.apply(state);
            }
            Some(Err(error)) => {
                if matches!(error, AppError::Conflict(_)) {
                    room.resync();
                }
                room.problem.set(Some(error.to_string()));
            }
            None => {}
        });
    }
}

fn browser_now() -> f64 {
    #[cfg(feature = "hydrate")]
    return super::client::now_ms();
    #[cfg(not(feature = "hydrate"))]
    0.0
}

#[component]
pub fn SessionPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let room = Resource::new_blocking(move || id.get(), load_room);
    view! {
        <Page title="Session">
            <Suspense fallback=|| view! { <p class="loading" role="status">"Opening the session…"</p> }>
                {move || Suspend::new(async move {
                    room.await.map(|view| view! { <Room view/> })
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn Room(view: RoomView) -> impl IntoView {
    let room = RoomContext::new(view);
    #[cfg(feature = "hydrate")]
    {
        let stream = super::client::LiveStream::start(
            &room.session_id(),
            move |state| room.apply(state),
            room.connected,
        );
        StoredValue::new_local(stream);
        super::client::tick_every_second(room.now);
    }
    let status = Memo::new(move |_| room.state.with(|s| s.status));
    let (circle_id, circle_name) = room
        .view
        .with_value(|v| (v.circle_id.clone(), v.circle_name.clone()));
    view! {
        <p class="eyebrow"><a href=circle_path(&circle_id)>{circle_name}</a></p>
        {move || match status.get() {
            SessionStatus::Planned => view! { <BeginPanel room/> }.into_any(),
            SessionStatus::Live => view! { <LiveRoom room/> }.into_any(),
            SessionStatus::Done => view! { <Summary room/> }.into_any(),
            SessionStatus::Abandoned => view! { <AbandonedPanel room/> }.into_any(),
        }}
    }
}

/// A planned session: the pair chooses the script and starts.
#[component]
fn BeginPanel(room: RoomContext) -> impl IntoView {
    let action = ServerAction::<BeginSession>::new();
    let error = latest_error(action.value());
    Effect::new(move |_| {
        if action.version().get() > 0 && matches!(action.value().get(), Some(Ok(()))) {
            room.resync();
        }
    });
    let (title, choices, id) = room.view.with_value(|v| {
        (
            format!("{} coaches {}", v.coach.name, v.coachee.name),
            v.script_choices.clone(),
            v.session_id.clone(),
        )
    });
    view! {
        <h1>{title}</h1>
        <section class="panel narrow" aria-labelledby="begin-heading">
            <h2 id="begin-heading">"Ready when you both are"</h2>
            <FormError error/>
            <ActionForm action>
                <input type="hidden" name="session_id" value=id/>
                <SelectField label="Script" name="script_id" error options=choices/>
                <SubmitButton label="Start the session" busy_label="Starting…" pending=action.pending()/>
            </ActionForm>
        </section>
    }
}

/// A session nobody had open for two hours: carry on or close it.
#[component]
fn AbandonedPanel(room: RoomContext) -> impl IntoView {
    let action = ServerAction::<SettleSession>::new();
    let error = latest_error(action.value());
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(()))) {
            room.resync();
        }
    });
    let id = room.session_id();
    let closed = Memo::new(move |_| room.state.with(|s| s.ended_at.is_some()));
    view! {
        <h1>"This session was left open"</h1>
        <section class="panel narrow">
            {move || if closed.get() {
                view! { <p>"It was closed without finishing. Start a new session from the circle page."</p> }.into_any()
            } else {
                let (resume_id, close_id) = (id.clone(), id.clone());
                view! {
                    <p>"Nobody had it open for over two hours. Carry on where you stopped, or close it."</p>
                    <FormError error/>
                    <div class="button-row">
                        <ActionForm action>
                            <input type="hidden" name="session_id" value=resume_id/>
                            <input type="hidden" name="resume" value="true"/>
                            <button type="submit" class="button primary">"Resume the session"</button>
                        </ActionForm>
                        <ActionForm action>
                            <input type="hidden" name="session_id" value=close_id/>
                            <input type="hidden" name="resume" value="false"/>
                            <button type="submit" class="button">"Close it"</button>
                        </ActionForm>
                    </div>
                }.into_any()
            }}
        </section>
    }
}
