//! Commitments in the room: recorded by either person on any step after the goal,
//! followed up in the script's follow-up step in the pair's later sessions.

use super::{
    room_api::{AddCommitment, CloseCommitment},
    room_context::RoomContext,
    rules::COMMITMENT_MAX,
    Commitment, CommitmentStatus,
};
use crate::calendar::day_label;
use crate::ui::{
    form::{latest_error, FormError, SubmitButton},
    island_form::{IslandAction, IslandForm},
    kept_form::kept_value,
};
use leptos::prelude::*;

/// "Due Tue 1 Dec 2026" or nothing.
pub fn due_text(commitment: &Commitment) -> Option<String> {
    commitment
        .due_on
        .map(|day| format!("Due {}", day_label(day)))
}

/// The pair's open commitments from earlier sessions, to mark done or dropped.
#[component]
pub fn FollowUp(room: RoomContext) -> impl IntoView {
    let close = IslandAction::<CloseCommitment>::new();
    room.follow(close);
    let id = room.session_id();
    let list = move || room.state.with(|s| s.earlier_commitments.clone());
    view! {
        <section class="follow-up" aria-labelledby="follow-up-heading">
            <h3 id="follow-up-heading">"Commitments from earlier sessions"</h3>
            {move || {
                let items = list();
                if items.is_empty() {
                    return view! { <p>"No open commitments between the two of you."</p> }.into_any();
                }
                let id = id.clone();
                view! {
                    <ul class="commitments">
                        {items
                            .into_iter()
                            .map(|c| {
                                let open = c.status == CommitmentStatus::Open;
                                let (cid, sid) = (c.id.clone(), id.clone());
                                view! {
                                    <li>
                                        <span class="commitment-body">{c.body.clone()}</span>
                                        <span class="meta">{due_text(&c)}</span>
                                        {if open {
                                            view! {
                                                <span class="button-row">
                                                    <CloseButton close session_id=sid.clone() commitment_id=cid.clone() done=true/>
                                                    <CloseButton close session_id=sid commitment_id=cid done=false/>
                                                </span>
                                            }.into_any()
                                        } else {
                                            view! { <span class="badge">{c.status.label()}</span> }.into_any()
                                        }}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
}

#[component]
fn CloseButton(
    close: IslandAction<CloseCommitment>,
    session_id: String,
    commitment_id: String,
    done: bool,
) -> impl IntoView {
    let fields = vec![
        ("session_id", session_id),
        ("commitment_id", commitment_id),
        ("done", done.to_string()),
    ];
    view! {
        <IslandForm action=close>
            <SettleChoice fields done/>
        </IslandForm>
    }
}

/// The inside of a "Mark done" or "Drop" form, in the room and on Home alike: the
/// hidden `fields` that name the commitment, and the button.
#[component]
pub fn SettleChoice(fields: Vec<(&'static str, String)>, done: bool) -> impl IntoView {
    view! {
        {fields
            .into_iter()
            .map(|(name, value)| view! { <input type="hidden" name=name value=value/> })
            .collect_view()}
        <button type="submit" class="button small">{if done { "Mark done" } else { "Drop" }}</button>
    }
}

/// What the coachee commits to, with optional due days; either person may type it.
#[component]
pub fn CommitmentsStep(room: RoomContext) -> impl IntoView {
    let add = IslandAction::<AddCommitment>::new();
    room.follow(add);
    let error = latest_error(add.value());
    let body_problem = move || error.get().and_then(|e| e.message_for("body"));
    let due_problem = move || error.get().and_then(|e| e.message_for("due_on"));
    let coachee = room.view.with_value(|v| v.coachee.name.clone());
    let heading = format!("{coachee}'s commitments");
    // Empty fields after each recorded commitment. (Rendering the form again would not
    // do: Leptos patches the same inputs, typed text and all.)
    let body = NodeRef::<leptos::html::Input>::new();
    let due = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if matches!(add.value().get(), Some(Ok(_))) {
            for field in [body, due] {
                if let Some(input) = field.get_untracked() {
                    input.set_value("");
                }
            }
        }
    });
    let label = format!("{coachee} commits to…");
    view! {
        <section class="commitments-step" aria-labelledby="commitments-heading">
            <h3 id="commitments-heading">{heading}</h3>
            <CommitmentList commitments=Signal::derive(move || room.state.with(|s| s.commitments.clone()))/>
            <FormError error/>
            <IslandForm action=add attr:class="commitment-form">
                <input type="hidden" name="session_id" value=room.session_id()/>
                <div class="field">
                    <label for="commitment-body">{label}</label>
                    <input id="commitment-body" node_ref=body type="text" name="body" value=kept_value("body", None) required maxlength=COMMITMENT_MAX aria-describedby="commitment-body-error"/>
                    <p class="field-error" id="commitment-body-error">{body_problem}</p>
                </div>
                <div class="field">
                    <label for="commitment-due">"Due (optional)"</label>
                    <input id="commitment-due" node_ref=due type="date" name="due_on" value=kept_value("due_on", None) aria-describedby="commitment-due-error"/>
                    <p class="field-error" id="commitment-due-error">{due_problem}</p>
                </div>
                <SubmitButton label="Add commitment" busy_label="Adding…" pending=add.pending()/>
            </IslandForm>
        </section>
    }
}

/// Commitments as a list, with due days and status.
#[component]
pub fn CommitmentList(#[prop(into)] commitments: Signal<Vec<Commitment>>) -> impl IntoView {
    view! {
        {move || {
            let items = commitments.get();
            if items.is_empty() {
                return view! { <p class="meta">"No commitments yet."</p> }.into_any();
            }
            view! {
                <ul class="commitments">
                    {items
                        .into_iter()
                        .map(|c| view! {
                            <li>
                                <span class="commitment-body">{c.body.clone()}</span>
                                <span class="meta">{due_text(&c)}</span>
                                {(c.status != CommitmentStatus::Open).then(|| view! { <span class="badge">{c.status.label()}</span> })}
                            </li>
                        })
                        .collect_view()}
                </ul>
            }
            .into_any()
        }}
    }
}
