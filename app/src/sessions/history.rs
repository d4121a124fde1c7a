//! "My sessions": the sessions I took part in that have ended, newest first, each with
//! a link to its summary and my own private notes from it.

use super::{api::session_history, session_path, MyNote, PastSession, PastSessions, SessionStatus};
use crate::{
    calendar::day_label,
    ui::{
        layout::{loaded, Page},
        pager::{page_in_address, Pager},
    },
};
use leptos::prelude::*;

/// The history's address (its first page).
pub const HISTORY_PATH: &str = "/sessions";

/// `/sessions?page=N`: a page number that is not a number shows the first page.
#[component]
pub fn SessionHistoryPage() -> impl IntoView {
    let page = page_in_address();
    let history = Resource::new_blocking(move || page.get(), session_history);
    view! {
        <Page title="My sessions">
            <h1>"My sessions"</h1>
            <p class="lead">"Sessions you took part in that have ended, newest first. Your private notes are shown to you alone."</p>
            <Suspense fallback=|| view! { <p class="loading" role="status">"Loading your sessions…"</p> }>
                {move || Suspend::new(async move {
                    loaded(history.await.map(|history| view! { <HistoryPage history/> }))
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn HistoryPage(history: PastSessions) -> impl IntoView {
    let PastSessions {
        page,
        sessions,
        has_older,
    } = history;
    let list = match (sessions.is_empty(), page) {
        (true, 1) => view! { <p>"None yet. Sessions appear here once they have ended; sessions to come are on Home."</p> }.into_any(),
        (true, _) => view! { <p>"No sessions on this page. "<a href=HISTORY_PATH>"See your newest sessions"</a></p> }.into_any(),
        (false, _) => view! {
            <ol class="session-history" aria-label="Past sessions">
                {sessions.into_iter().map(|past| view! { <PastSessionItem past/> }).collect_view()}
            </ol>
        }
        .into_any(),
    };
    view! {
        {list}
        <Pager label="Pages of sessions" path=HISTORY_PATH.to_owned() page has_older newer_text="Newer sessions" older_text="Older sessions"/>
    }
}

#[component]
fn PastSessionItem(past: PastSession) -> impl IntoView {
    let s = past.session;
    let held = s.status == SessionStatus::Done;
    let meta = format!(
        "{} · {} · {}",
        day_label(s.day()),
        s.circle_name,
        if held { "Held" } else { s.status_text() }
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
