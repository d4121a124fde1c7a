//! How a script looks: its steps for one role (the session room, previews) or for both
//! side by side (the script page, one-screen mode), and its version history.

use super::{PairRole, ScriptDetail, Step};
use crate::calendar::day_label;
use leptos::prelude::*;

/// One step, showing the guidance for `role`, or for both roles when `None`.
#[component]
pub fn StepCard(step: Step, number: usize, role: Option<PairRole>) -> impl IntoView {
    let (title, minutes, follow_up) = (step.title.clone(), step.minutes, step.follow_up);
    view! {
        <li class="step-card">
            <h3>
                <span class="step-number">{format!("Step {number}")}</span>
                " "
                {title}
            </h3>
            <p class="meta">
                {format!("{minutes} min")}
                {follow_up.then_some(" · Follow-up: open commitments from earlier sessions appear here")}
            </p>
            <StepGuidance step role level=4/>
        </li>
    }
}

/// A heading of `level` (3 or 4): the guidance sits under a step's h3 on script pages
/// and under the room's h2, and heading levels must not skip.
fn heading(level: u8, text: String) -> AnyView {
    match level {
        3 => view! { <h3>{text}</h3> }.into_any(),
        _ => view! { <h4>{text}</h4> }.into_any(),
    }
}

/// A step's guidance for `role` (both roles when `None`) and its questions, under
/// headings of `level`.
#[component]
pub fn StepGuidance(step: Step, role: Option<PairRole>, level: u8) -> impl IntoView {
    let guidance = move |who: PairRole, text: String| {
        let text = if text.is_empty() {
            "No guidance for this step.".to_owned()
        } else {
            text
        };
        view! {
            <div class="guidance">
                {heading(level, format!("{} guidance", who.label()))}
                <p>{text}</p>
            </div>
        }
    };
    let roles = match role {
        Some(PairRole::Coach) => vec![(PairRole::Coach, step.coach_guidance)],
        Some(PairRole::Coachee) => vec![(PairRole::Coachee, step.coachee_guidance)],
        None => vec![
            (PairRole::Coach, step.coach_guidance),
            (PairRole::Coachee, step.coachee_guidance),
        ],
    };
    let questions = (!step.questions.is_empty()).then(|| {
        view! {
            {heading(level, "Suggested questions".to_owned())}
            <ul class="questions">
                {step.questions.into_iter().map(|q| view! { <li>{q}</li> }).collect_view()}
            </ul>
        }
    });
    view! {
        <div class="guidance-pair">
            {roles.into_iter().map(|(who, text)| guidance(who, text)).collect_view()}
        </div>
        {questions}
    }
}

/// Every step of a script, in order.
#[component]
pub fn StepList(steps: Vec<Step>, role: Option<PairRole>) -> impl IntoView {
    view! {
        <ol class="step-list">
            {steps
                .into_iter()
                .enumerate()
                .map(|(i, step)| view! { <StepCard step number=i + 1 role/> })
                .collect_view()}
        </ol>
    }
}

/// Who saved each version, and when.
#[component]
pub fn VersionHistory(detail: ScriptDetail) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="history-heading">
            <h2 id="history-heading">"Version history"</h2>
            <ol class="history" aria-label="Versions">
                {detail
                    .history
                    .into_iter()
                    .map(|v| {
                        let who = v.author.unwrap_or_else(|| "Coaching Circles".into());
                        view! { <li>{format!("Version {} — {who}, {}", v.version, day_label(v.created_at))}</li> }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
}
