//! Who coached whom and when, never what was said: the newest sessions on the circle
//! page, and all of them, a page at a time, on the circle's sessions pages.

use super::{
    circle_path, circle_sessions_path, sessions_api::circle_sessions, CircleSessionList,
    CircleView, Role,
};
use crate::sessions::{cancel::CancelSession, session_path, SessionStatus, SessionSummary};
use crate::ui::{
    form::{latest_error, FormError},
    layout::{loaded, Page, Panel},
    pager::{page_in_address, Pager},
};
use leptos::{form::ActionForm, prelude::*};
use leptos_router::hooks::use_params_map;

/// The circle page's list: its newest sessions, and a link to the rest.
#[component]
pub(super) fn SessionsSection(circle: StoredValue<CircleView>) -> impl IntoView {
    let (sessions, more, is_host, me, id) = circle.with_value(|c| {
        (
            c.sessions.clone(),
            c.more_sessions,
            c.my_role == Role::Host,
            c.my_id.clone(),
            c.id.clone(),
        )
    });
    // A host may call off a planned session of the circle (the pair may in its room).
    let cancel = is_host.then(ServerAction::<CancelSession>::new);
    let error = cancel.map(|cancel| latest_error(cancel.value()));
    let body = if sessions.is_empty() {
        let next_step = if is_host {
            " Plan the first round above."
        } else {
            ""
        };
        view! { <p>"No sessions yet." {next_step}</p> }.into_any()
    } else {
        view! { <SessionsTable sessions me cancel/> }.into_any()
    };
    view! {
        <Panel heading_id="sessions-heading" title="Sessions">
            {error.map(|error| view! { <FormError error/> })}
            {body}
            {more.then(|| view! {
                <p><a href=circle_sessions_path(&id)>"All sessions in this circle"</a></p>
            })}
        </Panel>
    }
}

/// Sessions newest first; the pair's own link to its room or summary, and a host's
/// "Cancel" beside each planned one when `cancel` is given.
#[component]
fn SessionsTable(
    sessions: Vec<SessionSummary>,
    me: String,
    cancel: Option<ServerAction<CancelSession>>,
) -> impl IntoView {
    view! {
        <table>
            <caption class="visually-hidden">"Sessions in this circle, newest first"</caption>
            <thead>
                <tr><th scope="col">"Day"</th><th scope="col">"Coach"</th><th scope="col">"Coachee"</th><th scope="col">"Status"</th></tr>
            </thead>
            <tbody>
                {sessions
                    .into_iter()
                    .map(|s| {
                        // A session started on the spot has its day: today.
                        let day = match (s.status, s.planned_for) {
                            (SessionStatus::Planned, None) => "Day not set".to_owned(),
                            _ => s.when_text(),
                        };
                        let status = s.status_text();
                        let call_off = cancel
                            .filter(|_| s.status == SessionStatus::Planned)
                            .map(|action| {
                                let pair = format!("{} and {}", s.coach_name, s.coachee_name);
                                view! { " " <CancelButton action session_id=s.id.clone() pair/> }
                            });
                        view! {
                            <tr>
                                <td>{day}</td>
                                <td>{s.coach_name}</td>
                                <td>{s.coachee_name}</td>
                                // The pair's own link sits with the status: a fifth column
                                // would not fit a phone.
                                <td>
                                    {status}
                                    {(s.coach_id == me || s.coachee_id == me).then(|| view! {
                                        " " <a href=session_path(&s.id)>{if s.status == SessionStatus::Done { "Summary" } else { "Open" }}</a>
                                    })}
                                    {call_off}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// A host's "Cancel" for one planned session; the second click confirms, with or
/// without JavaScript.
#[component]
fn CancelButton(
    action: ServerAction<CancelSession>,
    session_id: String,
    pair: String,
) -> impl IntoView {
    view! {
        <details class="confirm">
            <summary class="button small">
                "Cancel" <span class="visually-hidden">{format!(" the session of {pair}")}</span>
            </summary>
            <ActionForm action>
                <input type="hidden" name="session_id" value=session_id/>
                <button type="submit" class="button danger small">
                    "Yes, cancel" <span class="visually-hidden">{format!(" the session of {pair}")}</span>
                </button>
            </ActionForm>
        </details>
    }
}

/// `/circles/:id/sessions?page=N`: one page of the circle's sessions. A page number
/// that is not a number shows the first page.
#[component]
pub fn CircleSessionsPage() -> impl IntoView {
    let params = use_params_map();
    let page = page_in_address();
    let list = Resource::new_blocking(
        move || (params.with(|p| p.get("id")).unwrap_or_default(), page.get()),
        |(id, page)| circle_sessions(id, page),
    );
    view! {
        <Page title="Circle sessions">
            <Suspense fallback=|| view! { <p class="loading" role="status">"Loading the sessions…"</p> }>
                {move || Suspend::new(async move { loaded(list.await.map(|page| view! { <SessionsPageBody page/> })) })}
            </Suspense>
        </Page>
    }
}

#[component]
fn SessionsPageBody(page: CircleSessionList) -> impl IntoView {
    let CircleSessionList {
        circle_id,
        circle_name,
        my_id,
        page,
        sessions,
        has_older,
    } = page;
    let path = circle_sessions_path(&circle_id);
    let body = if sessions.is_empty() {
        view! { <p>"No sessions on this page. "<a href=path.clone()>"See the newest sessions"</a></p> }.into_any()
    } else {
        view! { <SessionsTable sessions me=my_id cancel=None/> }.into_any()
    };
    view! {
        <p><a href=circle_path(&circle_id)>{format!("Back to {circle_name}")}</a></p>
        <h1>{format!("Sessions in {circle_name}")}</h1>
        <p class="lead">
            "Who coached whom and when, newest first. What was said stays with each pair."
            {(page > 1).then(|| format!(" Page {page}."))}
        </p>
        <section class="panel" aria-label="Sessions">{body}</section>
        <Pager label="Pages of sessions" path page has_older newer_text="Newer sessions" older_text="Older sessions"/>
    }
}
