//! The session room page: it loads the room on the server (so it is complete before
//! the wasm arrives), then follows the room's events. What it shows depends on where the
//! session is: planned (choose a script and start), live, done (the summary), or left
//! with nobody in it.

use super::{
    api::{load_room, BeginSession, SettleSession},
    cancel::{CancelForm, CancelledPanel},
    in_progress::SessionInProgress,
    reschedule::ChangeTimeForm,
    room_context::RoomContext,
    summary::Summary,
    RoomView, SessionStatus,
};
use crate::{
    circles::circle_path,
    recognition::pages::SessionRecognitionData,
    ui::{
        form::{latest_error, FormError, SelectField, SubmitButton},
        island_form::{IslandAction, IslandForm},
        islands::IslandPreload,
        kept_form::{kept_form, provide_kept, KeptForm},
        layout::{loaded, Page},
    },
};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn SessionPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let room = Resource::new_blocking(move || id.get(), load_room);
    // Both roles side by side, in larger type, for a pair at one screen.
    let query = use_query_map();
    let one_screen = move || query.with(|q| q.get("screen").as_deref() == Some("one"));
    view! {
        <Page title="Session">
            <Suspense fallback=|| view! { <p class="loading" role="status">"Opening the session…"</p> }>
                {move || Suspend::new(async move {
                    loaded(room.await.map(|view| view! { <IslandPreload/><Room view one_screen=one_screen() kept=kept_form()/> }))
                })}
            </Suspense>
        </Page>
    }
}

/// The live part of the page: the only part of it that runs in the browser. `kept` is
/// a form of the room the server refused and handed back, which the browser has no
/// other way to know.
#[island]
fn Room(view: RoomView, one_screen: bool, kept: Option<KeptForm>) -> impl IntoView {
    provide_kept(kept);
    let room = RoomContext::new(view, one_screen);
    room.connect();
    let status = Memo::new(move |_| room.state.with(|s| s.status));
    let cancelled = Memo::new(move |_| room.state.with(|s| s.cancelled));
    let done = Memo::new(move |_| status.get() == SessionStatus::Done);
    let recognition = SessionRecognitionData::new(room.session_id(), done);
    let (circle_id, circle_name) = room
        .view
        .with_value(|v| (v.circle_id.clone(), v.circle_name.clone()));
    view! {
        <p class="eyebrow"><a href=circle_path(&circle_id)>{circle_name}</a></p>
        {move || match (status.get(), cancelled.get()) {
            (SessionStatus::Planned, _) => view! { <BeginPanel room/> }.into_any(),
            (SessionStatus::Live, _) => view! { <SessionInProgress room/> }.into_any(),
            (SessionStatus::Done, _) => view! { <Summary room recognition/> }.into_any(),
            (SessionStatus::Abandoned, Some(why)) => view! { <CancelledPanel room why/> }.into_any(),
            (SessionStatus::Abandoned, None) => view! { <AbandonedPanel room/> }.into_any(),
        }}
    }
}

/// A planned session: the pair chooses the script and starts.
#[component]
fn BeginPanel(room: RoomContext) -> impl IntoView {
    let action = IslandAction::<BeginSession>::new();
    let error = latest_error(action.value());
    Effect::new(move |_| {
        if action.version().get() > 0 && matches!(action.value().get(), Some(Ok(()))) {
            room.resync();
        }
    });
    let (title, choices, id, when) = room.view.with_value(|v| {
        (
            format!("{} coaches {}", v.coach.name, v.coachee.name),
            v.script_choices.clone(),
            v.session_id.clone(),
            v.planned_when.clone(),
        )
    });
    let calendar = super::calendar_path(&id);
    let when = RwSignal::new(when);
    view! {
        <h1>{title}</h1>
        // A session a host paired without a day has no event to add to a calendar yet.
        <p>
            {move || match when.get() {
                Some(w) => view! {
                    {format!("Planned for {w}. ")}
                    <a href=calendar.clone() download="coaching-session.ics">"Add to my calendar (.ics)"</a>
                }
                    .into_any(),
                None => "No day is set yet: agree on one together and set it under \u{201c}Change the time\u{201d}."
                    .into_any(),
            }}
        </p>
        <section class="panel narrow" aria-labelledby="begin-heading">
            <h2 id="begin-heading">"Ready when you both are"</h2>
            <FormError error/>
            <IslandForm action>
                <input type="hidden" name="session_id" value=id/>
                <SelectField label="Script" name="script_id" error options=choices/>
                <SubmitButton label="Start the session" busy_label="Starting…" pending=action.pending()/>
            </IslandForm>
        </section>
        <ChangeTimeForm room when/>
        <CancelForm room/>
    }
}

/// A session nobody had open for two hours: carry on or close it.
#[component]
fn AbandonedPanel(room: RoomContext) -> impl IntoView {
    let action = IslandAction::<SettleSession>::new();
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
                        <IslandForm action>
                            <input type="hidden" name="session_id" value=resume_id/>
                            <input type="hidden" name="resume" value="true"/>
                            <button type="submit" class="button primary">"Resume the session"</button>
                        </IslandForm>
                        <IslandForm action>
                            <input type="hidden" name="session_id" value=close_id/>
                            <input type="hidden" name="resume" value="false"/>
                            <button type="submit" class="button">"Close it"</button>
                        </IslandForm>
                    </div>
                }.into_any()
            }}
        </section>
    }
}
