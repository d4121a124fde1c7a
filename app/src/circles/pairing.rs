//! The circle page's coaching sections: the suggested next round and the rhythm of the
//! last weeks.

use super::{api::AcceptRound, CircleView, Role, RHYTHM_WEEKS};
use crate::ui::{
    form::{latest_error, option_list, FormError, SubmitButton},
    kept_form::{kept_text, kept_value},
    layout::Panel,
};
use leptos::{form::ActionForm, prelude::*};

/// The suggested pairs. Hosts can change who is in each pair and plan the round.
#[component]
pub(super) fn PairingSection(
    circle: StoredValue<CircleView>,
    action: ServerAction<AcceptRound>,
) -> impl IntoView {
    let error = latest_error(action.value());
    let problem = Signal::derive(move || error.get().and_then(|e| e.message_for("pairs")));
    let day_problem =
        Signal::derive(move || error.get().and_then(|e| e.message_for("planned_for")));
    let time_problem =
        Signal::derive(move || error.get().and_then(|e| e.message_for("planned_time")));
    let (round, is_host, circle_id) =
        circle.with_value(|c| (c.suggestion.clone(), c.my_role == Role::Host, c.id.clone()));
    let name = move |id: &str| circle.with_value(|c| c.name_of(id));
    let resting = round
        .resting
        .as_deref()
        .map(|id| view! { <p class="meta">{format!("{} rests this round.", name(id))}</p> });
    let body = if round.pairs.is_empty() {
        view! { <p>"Pairs are suggested once the circle has at least two members."</p> }.into_any()
    } else if !is_host {
        view! {
            <ul class="pair-list">
                {round
                    .pairs
                    .iter()
                    .map(|p| view! { <li>{format!("{} coaches {}", name(&p.coach), name(&p.coachee))}</li> })
                    .collect_view()}
            </ul>
            {resting}
            <p class="hint">"A host plans the round."</p>
        }
        .into_any()
    } else {
        let people: Vec<(String, String)> = circle.with_value(|c| {
            c.members
                .iter()
                .map(|m| (m.account_id.clone(), m.display_name.clone()))
                .collect()
        });
        view! {
            <FormError error/>
            <ActionForm action>
                <input type="hidden" name="circle_id" value=circle_id/>
                {round
                    .pairs
                    .iter()
                    .enumerate()
                    .map(|(i, p)| {
                        view! {
                            <fieldset class="pair">
                                <legend>{format!("Pair {}", i + 1)}</legend>
                                <PersonChoice label="Coach" name=format!("pairs[{i}][coach]") people=people.clone() selected=p.coach.clone()/>
                                <PersonChoice label="Coachee" name=format!("pairs[{i}][coachee]") people=people.clone() selected=p.coachee.clone()/>
                            </fieldset>
                        }
                    })
                    .collect_view()}
                {resting}
                <p class="field-error" id="pairs-error">{move || problem.get()}</p>
                <div class="field">
                    <label for="planned-for">"Day to meet (optional)"</label>
                    <input id="planned-for" type="date" name="planned_for" value=kept_value("planned_for", None) aria-describedby="planned-for-error"/>
                    <p class="field-error" id="planned-for-error">{move || day_problem.get()}</p>
                </div>
                <div class="field">
                    <label for="planned-time">"Start time (optional)"</label>
                    <p class="hint" id="planned-time-hint">"In your own time zone; each person sees it in theirs."</p>
                    <input id="planned-time" type="time" name="planned_time" aria-describedby="planned-time-hint planned-time-error"/>
                    <p class="field-error" id="planned-time-error">{move || time_problem.get()}</p>
                </div>
                <SubmitButton label="Plan these sessions" busy_label="Planning…" pending=action.pending()/>
            </ActionForm>
        }
        .into_any()
    };
    view! {
        <Panel heading_id="pairs-heading" title="Next round">
            <p class="hint">
                "Suggested so that, over the rounds, everyone coaches and is coached by everyone else."
            </p>
            {body}
        </Panel>
    }
}

/// One choice of person in a pair.
#[component]
fn PersonChoice(
    label: &'static str,
    name: String,
    people: Vec<(String, String)>,
    selected: String,
) -> impl IntoView {
    let id = name.replace(['[', ']'], "-");
    let selected = kept_text(&name, selected);
    view! {
        <div class="field inline">
            <label for=id.clone()>{label}</label>
            <select id=id name=name aria-describedby="pairs-error">
                {option_list(people, &selected)}
            </select>
        </div>
    }
}

/// Sessions given and received per member over the last weeks, and this week's
/// check-in figure when enough members contributed.
#[component]
pub(super) fn RhythmSection(circle: StoredValue<CircleView>) -> impl IntoView {
    let rows = circle.with_value(|c| c.rhythm.clone());
    let figure = circle.with_value(|c| match &c.checkin_figure {
        Some(f) => format!(
            "Last week ({}): members rated themselves about {:.1} on average.",
            f.week.label(), f.average
        ),
        None => format!(
            "The circle's check-in figure for last week appears once at least {} members besides you checked in.",
            crate::checkins::FIGURE_MIN_CONTRIBUTORS
        ),
    });
    view! {
        <section class="panel" aria-labelledby="rhythm-heading">
            <h2 id="rhythm-heading">"Rhythm"</h2>
            <table>
                <caption>{format!("Sessions held in the last {RHYTHM_WEEKS} weeks")}</caption>
                <thead>
                    <tr><th scope="col">"Member"</th><th scope="col">"Coached"</th><th scope="col">"Was coached"</th></tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|r| view! {
                            <tr><td>{r.display_name}</td><td>{r.coached}</td><td>{r.was_coached}</td></tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
            <p class="meta circle-figure">{figure}</p>
        </section>
    }
}
