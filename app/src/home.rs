//! Home, the manager's dashboard: this week's check-in, my next sessions and my
//! circles.

use crate::{
    accounts::pages::use_auth,
    checkins::api::load_week_status,
    circles::{api::my_circles, circle_path, CircleSummary},
    error::AppError,
    live_now::LiveNow,
    nudges::load_reminders,
    recognition::{milestones::MilestonesPanel, pages::RecognitionForYou},
    sessions::follow_through::MyCommitmentsPanel,
    sessions::{api::my_sessions, session_path, SessionStatus, SessionSummary},
    ui::layout::{loaded, Page, Panel},
};
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    let me = use_auth().account().cloned();
    let my_id = me.as_ref().map(|a| a.id.clone()).unwrap_or_default();
    let circles = Resource::new_blocking(|| (), |_| my_circles());
    // "Live now" and the dashboard's "Next sessions" each have their own resource: one
    // resource read by two boundaries is the pattern of a Leptos server-rendering hang
    // (`docs/measurements.md`, "A page that was never answered"). My sessions are read
    // from the database once per request either way (`open_for_once`).
    let sessions = Resource::new_blocking(|| (), |_| my_sessions());
    let next_sessions = Resource::new_blocking(|| (), |_| my_sessions());

    view! {
        <Page title="Home">
            {me.map(|account| view! { <h1>"Good to see you, " {account.display_name}</h1> })}
            <Suspense fallback=|| ()>
                {move || {
                    let me = my_id.clone();
                    Suspend::new(async move {
                        loaded(sessions.await.map(|list| view! { <LiveNow sessions=list me/> }))
                    })
                }}
            </Suspense>
            <ThisWeek/>
            <RemindersSection/>
            <MyCommitmentsPanel/>
            <RecognitionForYou/>
            <MilestonesPanel/>
            <Suspense fallback=|| view! { <p class="loading">"Loading your circles…"</p> }>
                {move || Suspend::new(async move {
                    let sessions = next_sessions.await;
                    loaded(circles.await.map(|list| {
                        if list.is_empty() {
                            view! { <GettingStarted/> }.into_any()
                        } else {
                            view! { <Dashboard circles=list sessions/> }.into_any()
                        }
                    }))
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn Dashboard(
    circles: Vec<CircleSummary>,
    sessions: Result<Vec<SessionSummary>, AppError>,
) -> impl IntoView {
    view! {
        <div class="columns">
            <section class="panel" aria-labelledby="next-heading">
                <h2 id="next-heading">"Next sessions"</h2>
                {loaded(sessions.map(|list| view! { <NextSessions list/> }))}
            </section>
            <section class="panel" aria-labelledby="my-circles-heading">
                <h2 id="my-circles-heading">"My circles"</h2>
                <ul class="plain-list">
                    {circles
                        .into_iter()
                        .map(|c| view! { <li><a href=circle_path(&c.id)>{c.name}</a></li> })
                        .collect_view()}
                </ul>
                <p><a href="/circles/new">"Create another circle"</a></p>
            </section>
        </div>
    }
}

/// This week's check-in: done, or a call to do it.
#[component]
fn ThisWeek() -> impl IntoView {
    let status = Resource::new_blocking(|| (), |_| load_week_status());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(status.await.map(|s| {
                    let (text, link, label) = if s.tracking == 0 {
                        ("Choose the behaviours you want to model, then check in once a week.".to_owned(), "/checkin", "Choose behaviours")
                    } else if s.checked_in {
                        (format!("You checked in for the {}. Well done.", s.week.label()), "/mirror", "Look in the mirror")
                    } else {
                        (format!("Your check-in for the {} is due.", s.week.label()), "/checkin", "Check in now")
                    };
                    let due = !s.checked_in;
                    view! {
                        <section class="panel this-week" class:due=due aria-labelledby="this-week-heading">
                            <h2 id="this-week-heading">"This week"</h2>
                            <p>{text}</p>
                            <p><a class="button" class:primary=due href=link>{label}</a></p>
                        </section>
                    }
                }))
            })}
        </Suspense>
    }
}

/// Nudges; nothing at all when there are none.
#[component]
fn RemindersSection() -> impl IntoView {
    let reminders = Resource::new_blocking(|| (), |_| load_reminders());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(reminders.await.map(|r| {
                    let nudges = (!r.nudges.is_empty()).then(|| view! {
                        <section class="panel nudges" aria-labelledby="nudges-heading">
                            <h2 id="nudges-heading">"Reminders"</h2>
                            <ul>{r.nudges.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
                        </section>
                    });
                    nudges
                }))
            })}
        </Suspense>
    }
}

/// My sessions in progress and planned, each linking to its room.
#[component]
fn NextSessions(list: Vec<SessionSummary>) -> impl IntoView {
    if list.is_empty() {
        return view! {
            <p>"No sessions planned for you. Start one from a circle page, or wait for a host to plan the next round."</p>
        }
        .into_any();
    }
    view! {
        <ul class="plain-list" aria-label="Next sessions">
            {list
                .into_iter()
                .map(|s| {
                    let when = match (s.status, s.planned_for) {
                        (SessionStatus::Live, _) => "in progress".to_owned(),
                        (_, Some(_)) => s.when_text(),
                        _ => "day not set".to_owned(),
                    };
                    // A session paired without a day is no calendar event yet.
                    let calendar = (s.status == SessionStatus::Planned && s.planned_for.is_some()).then(|| {
                        let label = format!("Calendar file for {} coaches {}", s.coach_name, s.coachee_name);
                        view! {
                            " · "
                            <a href=s.calendar_path() download="coaching-session.ics" aria-label=label>"Add to calendar"</a>
                        }
                    });
                    view! {
                        <li>
                            <a href=session_path(&s.id)>{format!("{} coaches {}", s.coach_name, s.coachee_name)}</a>
                            {format!(" · {when} · {}", s.circle_name)}
                            {calendar}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn GettingStarted() -> impl IntoView {
    view! {
        <Panel heading_id="start-heading" title="Getting started">
            <p>
                "Coaching Circles helps you and a few peer managers coach each other: "
                "follow a guided script together, keep the commitments you make, and see "
                "how well you model the habits you want your team to copy."
            </p>
            <p>
                <a class="button primary" href="/circles/new">"Create a circle"</a>
                " or open an invite link a peer sent you. Meanwhile, "
                <a href="/scripts">"browse the coaching scripts"</a> "."
            </p>
        </Panel>
    }
}
