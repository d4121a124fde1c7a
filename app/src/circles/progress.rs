//! The circle's progress section: sessions and check-ins per week over the quarter,
//! the rotation, and commitments kept. Only counts, and only once three people
//! contributed to each (the server leaves the rest out).

use super::{CircleProgress, CircleView, PROGRESS_MIN_PEOPLE, PROGRESS_WEEKS};
use crate::ui::{count_of, layout::Panel};
use leptos::prelude::*;

/// Said where a figure is not shown yet.
fn waiting(what: &str) -> String {
    format!("{what} appear once at least {PROGRESS_MIN_PEOPLE} members have taken part.")
}

#[component]
pub(super) fn ProgressSection(circle: StoredValue<CircleView>) -> impl IntoView {
    let CircleProgress {
        weeks,
        rotation,
        commitments,
    } = circle.with_value(|c| c.progress.clone());
    let members = circle.with_value(|c| c.members.len());
    let weeks = match weeks {
        Some(weeks) => view! {
            <table class="progress-weeks">
                <caption>{format!("The last {PROGRESS_WEEKS} weeks")}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Week"</th>
                        <th scope="col">"Sessions held"</th>
                        <th scope="col">"Members checked in"</th>
                    </tr>
                </thead>
                <tbody>
                    {weeks
                        .into_iter()
                        .rev()
                        .map(|w| view! {
                            <tr>
                                <th scope="row">{w.week.label()}</th>
                                <td>{w.sessions}</td>
                                <td>{match w.checked_in {
                                    Some(n) => format!("{n} of {members}"),
                                    None => format!("fewer than {PROGRESS_MIN_PEOPLE}"),
                                }}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
        .into_any(),
        None => {
            view! { <p class="meta">{waiting("Sessions and check-ins per week")}</p> }.into_any()
        }
    };
    let rotation = match rotation {
        Some(r) => {
            let total = r.met as usize + r.to_meet.len();
            let to_meet = r
                .to_meet
                .iter()
                .map(|p| {
                    let (coach, coachee) =
                        circle.with_value(|c| (c.name_of(&p.coach), c.name_of(&p.coachee)));
                    view! { <li>{format!("{coach} coaches {coachee}")}</li> }
                })
                .collect_view();
            view! {
                <p>
                    {format!("Rotation {}: {} of {total} pairings have met.", r.completed + 1, r.met)}
                    {(r.completed > 0).then(|| format!(" {} completed so far.", count_of(r.completed, "rotation", "rotations")))}
                </p>
                <details>
                    <summary>"Still to meet in this rotation"</summary>
                    <ul class="to-meet">{to_meet}</ul>
                </details>
            }
            .into_any()
        }
        None => {
            view! { <p class="meta">"The rotation shows once the circle has three members."</p> }
                .into_any()
        }
    };
    let commitments = match commitments {
        Some(k) => format!(
            "{} of {} commitments settled in the last {PROGRESS_WEEKS} weeks were kept.",
            k.kept, k.settled
        ),
        None => waiting("Commitments kept"),
    };
    view! {
        <Panel heading_id="progress-heading" title="Progress">
            <h3>"Sessions and check-ins"</h3>
            {weeks}
            <h3>"This rotation"</h3>
            {rotation}
            <h3>"Commitments"</h3>
            <p>{commitments}</p>
        </Panel>
    }
}
