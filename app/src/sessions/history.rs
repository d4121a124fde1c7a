//! "My sessions": the sessions I took part in that have ended, newest first, each with
//! a link to its summary and my own private notes from it.

use super::{api::session_history, session_path, MyNote, PastSession, SessionStatus};
use crate::{
    calendar::format_day,
    ui::layout::{loaded, Page},
};
use leptos::prelude::*;

/// The history's address.
pub const HISTORY_PATH: &str = "/sessions";

#[component]
pub fn SessionHistoryPage() -> impl IntoView {
    let history = Resource::new_blocking(|| (), |_| session_history());
    view! {
        <Page title="My sessions">
            <h1>"My sessions"</h1>
            <p class="lead">"Sessions you took part in that have ended, newest first. Your private notes are shown to you alone."</p>
            <Suspense fallback=|| view! { <p class="loading" role="status">"Loading your sessions…"</p> }>
                {move || Suspend::new(async move {
                    loaded(history.await.map(|list| {
                        if list.is_empty() {
                            view! { <p>"None yet. Sessions appear here once they have ended; sessions to come are on Home."</p> }.into_any()
                        } else {
                            view! {
                                <ol class="session-history" aria-label="Past sessions">
                                    {list.into_iter().map(|past| view! { <PastSessionItem past/> }).collect_view()}
                                </ol>
                            }
                            .into_any()
                        }
                    }))
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn PastSessionItem(past: PastSession) -> impl IntoView {
    let s = past.session;
    let held = s.status == SessionStatus::Done;
    let meta = format!(
        "{} · {} · {}",
        format_day(s.day()),
        s.circle_name,
        if held { "Held" } else { s.status.label() }
    );
    view! {
        <li class="panel past-session">
            <h2><a href=session_path(&s.id)>{format!("{} coached {}", s.coach_name, s.coachee_name)}</a></h2>
            <p class="meta">{meta}</p>
            <MyNotes notes=past.my_notes/>
        </li>
    }
}

/// My private notes from one session, folded away until asked for.
#[component]
fn MyNotes(notes: Vec<MyNote>) -> impl IntoView {
    if notes.is_empty() {
        return view! { <p class="meta">"No private notes of yours."</p> }.into_any();
    }
    view! {
        <details class="my-notes">
            <summary>{format!("My private notes ({})", notes.len())}</summary>
            <dl>
                {notes
                    .into_iter()
                    .map(|note| {
                        let step = if note.step_title.is_empty() {
                            format!("Step {}", note.step + 1)
                        } else {
                            format!("Step {}: {}", note.step + 1, note.step_title)
                        };
                        view! {
                            <dt>{step}</dt>
                            <dd class="shared-note">{note.text}</dd>
                        }
                    })
                    .collect_view()}
            </dl>
        </details>
    }
    .into_any()
}
