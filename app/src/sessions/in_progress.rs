//! The room while the session is in progress: the current step large and calm, the
//! progress rail, who is here, the countdown and the controls. Every control is a
//! form, so it also works before the wasm has loaded.

use super::{
    api::EndSession,
    commitments::{CommitmentsStep, FollowUp},
    notes::{EarlierNotes, StepNotes},
    room_api::{MoveStep, SetPaused},
    room_context::RoomContext,
    rules::{countdown_text, first_commitment_step},
    session_path,
};
use crate::{
    scripts::{view::StepGuidance, PairRole},
    ui::island_form::{IslandAction, IslandForm},
};
use leptos::prelude::*;

#[component]
pub fn SessionInProgress(room: RoomContext) -> impl IntoView {
    let step_index = Memo::new(move |_| room.state.with(|s| s.step));
    let (title, pair, topic) = room.view.with_value(|v| {
        (
            v.script_title.clone().unwrap_or_default(),
            format!("{} coaches {}", v.coach.name, v.coachee.name),
            (!v.topic.is_empty()).then(|| format!(" · Topic: {}", v.topic)),
        )
    });
    view! {
        <div class="room" class:one-screen=move || room.one_screen>
            <header class="room-header">
                <div>
                    <h1>{title}</h1>
                    <p class="meta">{pair}{topic}</p>
                </div>
                <Presence room/>
                <ScreenToggle room/>
            </header>
            <div class="room-body">
                <StepRail room/>
                <div class="room-main">
                    {move || {
                        let index = step_index.get();
                        view! { <CurrentStep room index/> }
                    }}
                    <Controls room/>
                    {move || {
                        let index = step_index.get();
                        view! {
                            <StepNotes room index/>
                            <EarlierNotes room index/>
                        }
                    }}
                    <EndSession room/>
                </div>
            </div>
        </div>
    }
}

/// Each participant, here or away; and this screen's own connection.
#[component]
fn Presence(room: RoomContext) -> impl IntoView {
    let people = room.view.with_value(|v| {
        [
            (v.coach.clone(), PairRole::Coach),
            (v.coachee.clone(), PairRole::Coachee),
        ]
    });
    view! {
        <div class="presence">
            <ul aria-label="Who is in the room">
                {people
                    .into_iter()
                    .map(|(person, role)| {
                        let id = person.id.clone();
                        let here = Memo::new(move |_| room.state.with(|s| s.present.contains(&id)));
                        view! {
                            <li class:here=move || here.get()>
                                <span class="dot" aria-hidden="true"></span>
                                {format!("{} ({}) ", person.name, role.in_sentence())}
                                <span class="presence-word">{move || if here.get() { "here" } else { "away" }}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <p class="hint" role="status">
                {move || (!room.connected.get()).then_some("Connecting to the live room…")}
            </p>
        </div>
    }
}

/// One-screen mode: a link, so it works with or without JavaScript.
#[component]
fn ScreenToggle(room: RoomContext) -> impl IntoView {
    let path = session_path(&room.session_id());
    let href = {
        let path = path.clone();
        move || {
            if room.one_screen {
                path.clone()
            } else {
                format!("{path}?screen=one")
            }
        }
    };
    view! {
        <a class="button" href=href>
            {move || if room.one_screen { "Back to my own screen" } else { "One screen for both of us" }}
        </a>
    }
}

/// Every step, with where the session is. Each other step is a button that moves the
/// session there: a form naming the step this screen is on, so the server refuses the
/// jump when the other person moved first.
#[component]
fn StepRail(room: RoomContext) -> impl IntoView {
    let moves = IslandAction::<MoveStep>::new();
    room.follow(moves);
    let steps = room.view.with_value(|v| v.steps.clone());
    let id = room.session_id();
    view! {
        <nav class="step-rail" aria-label="Steps">
            <ol>
                {steps
                    .into_iter()
                    .enumerate()
                    .map(|(i, step)| {
                        let current = Memo::new(move |_| room.state.with(|s| s.step == i));
                        let passed = move || room.state.with(|s| i < s.step);
                        let (title, id) = (step.title.clone(), id.clone());
                        let entry = move || {
                            if current.get() {
                                view! { <span class="rail-title">{title.clone()}</span> }.into_any()
                            } else {
                                let (id, title) = (id.clone(), title.clone());
                                view! {
                                    <IslandForm action=moves attr:class="rail-jump">
                                        <input type="hidden" name="session_id" value=id/>
                                        <input type="hidden" name="from" value=move || room.state.with(|s| s.step)/>
                                        <input type="hidden" name="to" value=i/>
                                        <button type="submit" class="link-button rail-title">
                                            <span class="visually-hidden">"Go to step "{i + 1}": "</span>
                                            {title}
                                        </button>
                                    </IslandForm>
                                }
                                .into_any()
                            }
                        };
                        view! {
                            <li class:current=move || current.get() class:passed=passed aria-current=move || current.get().then_some("step")>
                                {entry}
                                <span class="meta">{format!("{} min", step.minutes)}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </nav>
    }
}

#[component]
fn CurrentStep(room: RoomContext, index: usize) -> impl IntoView {
    let (step, count, my_role, commitments_from) = room.view.with_value(|v| {
        (
            v.steps.get(index).cloned().unwrap_or_default(),
            v.steps.len(),
            v.my_role,
            first_commitment_step(&v.steps),
        )
    });
    let minutes = step.minutes;
    let heading = step.title.clone();
    let follow_up = step.follow_up;
    let guidance = move || {
        let role = (!room.one_screen).then_some(my_role);
        view! { <StepGuidance step=step.clone() role level=3/> }
    };
    view! {
        <section class="current-step" aria-labelledby="step-heading">
            <p class="eyebrow">{format!("Step {} of {count} · {minutes} min", index + 1)}</p>
            <h2 id="step-heading">{heading}</h2>
            <Countdown room minutes/>
            {guidance}
            {follow_up.then(|| view! { <FollowUp room/> })}
            {(index >= commitments_from).then(|| view! { <CommitmentsStep room/> })}
        </section>
    }
}

/// The time left on this step, from the server's clock; overtime is shown, not
/// enforced.
#[component]
fn Countdown(room: RoomContext, minutes: u32) -> impl IntoView {
    let reading = Memo::new(move |_| countdown_text(minutes, room.elapsed_ms()));
    let paused = move || room.state.with(|s| s.paused);
    view! {
        <p class="countdown" class:overtime=move || reading.get().1 role="timer" aria-live="off">
            <span class="countdown-time">{move || reading.get().0}</span>
            <span class="countdown-word">
                {move || if paused() { " · paused" } else if reading.get().1 { "" } else { " left" }}
            </span>
        </p>
    }
}

/// Back, pause or resume, next. Ending is apart from these (see [`EndSession`]).
#[component]
fn Controls(room: RoomContext) -> impl IntoView {
    let moves = IslandAction::<MoveStep>::new();
    let pause = IslandAction::<SetPaused>::new();
    room.follow(moves);
    room.follow(pause);
    let count = room.view.with_value(|v| v.steps.len());
    let id = room.session_id();
    let [back_id, pause_id, next_id] = [(); 3].map(|_| id.clone());
    let step = move || room.state.with(|s| s.step);
    let paused = move || room.state.with(|s| s.paused);
    view! {
        <div class="room-controls" role="group" aria-label="Session controls">
            <IslandForm action=moves>
                <input type="hidden" name="session_id" value=back_id/>
                <input type="hidden" name="from" value=step/>
                <input type="hidden" name="to" value=move || step().saturating_sub(1)/>
                <button type="submit" class="button" disabled=move || step() == 0>"← Back"</button>
            </IslandForm>
            <IslandForm action=pause>
                <input type="hidden" name="session_id" value=pause_id/>
                <input type="hidden" name="paused" value=move || (!paused()).to_string()/>
                <button type="submit" class="button">{move || if paused() { "Resume" } else { "Pause" }}</button>
            </IslandForm>
            <IslandForm action=moves>
                <input type="hidden" name="session_id" value=next_id/>
                <input type="hidden" name="from" value=step/>
                <input type="hidden" name="to" value=move || step() + 1/>
                <button type="submit" class="button primary" disabled=move || { step() + 1 >= count }>"Next step →"</button>
            </IslandForm>
        </div>
        <p class="form-error" role="alert">{move || room.problem.get()}</p>
    }
}

/// Ending the session, away from the step controls and asked twice: it ends for both
/// people at once. A disclosure, so the question works without JavaScript too ("Keep
/// going" then reloads the room, which closes it).
#[component]
fn EndSession(room: RoomContext) -> impl IntoView {
    let end = IslandAction::<EndSession>::new();
    Effect::new(move |_| match end.value().get() {
        Some(Ok(())) => room.resync(),
        Some(Err(error)) => room.report(error),
        None => {}
    });
    let disclosure = NodeRef::<leptos::html::Details>::new();
    let keep_going = move |ev: leptos::ev::MouseEvent| {
        if let Some(details) = disclosure.get() {
            ev.prevent_default();
            details.set_open(false);
            // The keyboard goes back to "End session…", which the question hid behind.
            #[cfg(feature = "hydrate")]
            {
                use wasm_bindgen::JsCast;
                if let Some(summary) = details
                    .first_element_child()
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let _ = summary.focus();
                }
            }
        }
    };
    let (id, peer, here) = room.view.with_value(|v| {
        (
            v.session_id.clone(),
            v.peer().name.clone(),
            session_path(&v.session_id),
        )
    });
    let here = move || {
        if room.one_screen {
            format!("{here}?screen=one")
        } else {
            here.clone()
        }
    };
    view! {
        <details class="end-session" node_ref=disclosure>
            <summary class="button danger">"End session…"</summary>
            <div class="end-session-confirm" role="group" aria-labelledby="end-session-question">
                <p id="end-session-question">
                    <strong>"End the session now?"</strong>
                    {format!(" It ends for you and {peer} at once, and both screens go to the summary. This cannot be undone.")}
                </p>
                <div class="button-row">
                    <IslandForm action=end>
                        <input type="hidden" name="session_id" value=id/>
                        <button type="submit" class="button danger">"End the session for both of us"</button>
                    </IslandForm>
                    <a class="button" href=here on:click=keep_going>"Keep going"</a>
                </div>
            </div>
        </details>
    }
}
