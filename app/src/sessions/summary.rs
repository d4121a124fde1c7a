//! What both participants see once a session has ended: each step with its time and
//! shared note (and my own private note, which only I see), the commitments, and
//! "swap roles" to start the reciprocal session.

use super::{
    api::SwapRoles, commitments::CommitmentList, history::HISTORY_PATH, room_context::RoomContext,
    rules::format_duration, session_path,
};
use crate::recognition::pages::{SessionRecognitionData, SessionRecognitionSection};
use crate::ui::{
    form::{latest_error, FormError, SubmitButton},
    island_form::{IslandAction, IslandForm},
};
use leptos::prelude::*;

#[component]
pub fn Summary(room: RoomContext, recognition: SessionRecognitionData) -> impl IntoView {
    let swap = IslandAction::<SwapRoles>::new();
    let error = latest_error(swap.value());
    let (title, pair, steps, mine) = room.view.with_value(|v| {
        (
            v.script_title.clone().unwrap_or_default(),
            format!("{} coached {}", v.coach.name, v.coachee.name),
            v.steps.clone(),
            v.private_notes.clone(),
        )
    });
    let (spent, notes) = room
        .state
        .with_untracked(|s| (s.spent_ms.clone(), s.shared_notes.clone()));
    let total: i64 = spent.iter().sum();
    let id = room.session_id();
    let swapped_to = move || room.state.with(|s| s.swapped_to.clone());
    view! {
        <h1>"Session summary"</h1>
        <p class="lead">{format!("{title} · {pair} · {} in all", format_duration(total))}</p>
        <section class="panel" aria-labelledby="steps-summary-heading">
            <h2 id="steps-summary-heading">"Steps"</h2>
            <ol class="summary-steps">
                {steps
                    .into_iter()
                    .enumerate()
                    .map(|(i, step)| {
                        let time = format_duration(spent.get(i).copied().unwrap_or(0));
                        let note = notes.get(i).map(|n| n.text.clone()).unwrap_or_default();
                        let private = mine.get(i).filter(|text| !text.is_empty()).cloned();
                        view! {
                            <li>
                                <h3>{step.title}</h3>
                                <p class="meta">{format!("{time} spent · {} min planned", step.minutes)}</p>
                                {if note.is_empty() {
                                    view! { <p class="meta">"No shared notes."</p> }.into_any()
                                } else {
                                    view! { <p class="shared-note">{note}</p> }.into_any()
                                }}
                                {private.map(|text| view! {
                                    <div class="my-private-note">
                                        <p class="meta">"My private note (only you see this)"</p>
                                        <p class="shared-note">{text}</p>
                                    </div>
                                })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
        <section class="panel" aria-labelledby="commitments-summary-heading">
            <h2 id="commitments-summary-heading">"Commitments"</h2>
            <CommitmentList commitments=Signal::derive(move || room.state.with(|s| s.commitments.clone()))/>
        </section>
        <SessionRecognitionSection recognition/>
        <section class="panel" aria-labelledby="next-heading">
            <h2 id="next-heading">"Next"</h2>
            {move || match swapped_to() {
                Some(next) => view! {
                    <p><a class="button primary" href=session_path(&next) rel="external">"Open the session with roles swapped"</a></p>
                }
                .into_any(),
                None => {
                    let id = id.clone();
                    view! {
                        <p>"Swap roles: the same script, with the coachee now coaching."</p>
                        <FormError error/>
                        <IslandForm action=swap>
                            <input type="hidden" name="session_id" value=id/>
                            <SubmitButton label="Swap roles and start" busy_label="Starting…" pending=swap.pending()/>
                        </IslandForm>
                    }
                    .into_any()
                }
            }}
            <p class="more-link"><a href=HISTORY_PATH>"All my sessions"</a></p>
        </section>
    }
}
