//! "Join now": the sessions of mine that are live, shown prominently on Home and on
//! the circle page so that a peer waiting in the room is not missed.

use crate::sessions::{session_path, SessionStatus, SessionSummary};
use leptos::prelude::*;

/// Whether `session` is live and `me` takes part in it.
fn is_live_for(session: &SessionSummary, me: &str) -> bool {
    session.status == SessionStatus::Live && (session.coach_id == me || session.coachee_id == me)
}

/// A panel with a "Join now" button per session of `me`'s that is live; nothing when
/// there is none.
#[component]
pub fn LiveNow(sessions: Vec<SessionSummary>, me: String) -> impl IntoView {
    let sessions: Vec<_> = sessions
        .into_iter()
        .filter(|s| is_live_for(s, &me))
        .collect();
    (!sessions.is_empty()).then(|| {
        view! {
            <section class="panel live-now" aria-labelledby="live-now-heading">
                <h2 id="live-now-heading">"Live now"</h2>
                <ul class="plain-list">
                    {sessions
                        .into_iter()
                        .map(|s| view! {
                            <li>
                                <span>{format!("{} coaches {} · {}", s.coach_name, s.coachee_name, s.circle_name)}</span>
                                <a class="button primary" href=session_path(&s.id)>"Join now"</a>
                            </li>
                        })
                        .collect_view()}
                </ul>
            </section>
        }
    })
}
