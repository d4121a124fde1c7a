//! A behaviour's trend as an SVG chart, rendered on the server (readable without
//! JavaScript: axes, labels, and a tooltip per point), with the same figures as a
//! table. Once hydrated, hovering or focusing a point shows that week's note.

use super::{Trend, WeekPoint};
use leptos::prelude::*;

const WIDTH: f32 = 640.0;
const HEIGHT: f32 = 220.0;
const LEFT: f32 = 36.0;
const RIGHT: f32 = 12.0;
const TOP: f32 = 12.0;
const BOTTOM: f32 = 32.0;

fn x(i: usize, count: usize) -> f32 {
    let span = WIDTH - LEFT - RIGHT;
    LEFT + span * i as f32 / (count.max(2) - 1) as f32
}

fn y(value: f32) -> f32 {
    let span = HEIGHT - TOP - BOTTOM;
    TOP + span * (5.0 - value) / 4.0
}

/// Polyline point lists for the runs of weeks that have a value: a missed week breaks
/// the line instead of inventing a value.
fn runs(values: &[Option<f32>]) -> Vec<String> {
    let mut runs = Vec::new();
    let mut current = Vec::new();
    for (i, value) in values.iter().enumerate() {
        match value {
            Some(v) => current.push(format!("{:.1},{:.1}", x(i, values.len()), y(*v))),
            None if !current.is_empty() => runs.push(std::mem::take(&mut current).join(" ")),
            None => {}
        }
    }
    if !current.is_empty() {
        runs.push(current.join(" "));
    }
    runs
}

fn describe(point: &WeekPoint, anchor: &str) -> String {
    let mine = match point.rating {
        Some(r) => format!("you {r} ({anchor})"),
        None => "missed".to_owned(),
    };
    let peers = point
        .peer_average
        .map(|p| format!(", peers {p:.1}"))
        .unwrap_or_default();
    let note = if point.evidence.is_empty() {
        String::new()
    } else {
        format!(" — “{}”", point.evidence)
    };
    format!("{}: {mine}{peers}{note}", point.week)
}

#[component]
pub fn TrendChart(trend: Trend) -> impl IntoView {
    let count = trend.points.len();
    let selected = RwSignal::new(None::<String>);
    let mine: Vec<Option<f32>> = trend
        .points
        .iter()
        .map(|p| p.rating.map(f32::from))
        .collect();
    let peers: Vec<Option<f32>> = trend.points.iter().map(|p| p.peer_average).collect();
    let id = format!("chart-{}", trend.behaviour.id);
    let axis_labels = (1..=5u8)
        .map(|v| {
            let at = y(f32::from(v));
            view! {
                <line x1=LEFT x2=WIDTH - RIGHT y1=at y2=at class="grid"/>
                <text x=LEFT - 8.0 y=at + 4.0 text-anchor="end">{v}</text>
            }
        })
        .collect_view();
    let week_labels = trend
        .points
        .iter()
        .enumerate()
        .map(|(i, p)| view! { <text x=x(i, count) y=HEIGHT - 10.0 text-anchor="middle">{p.week.short_label()}</text> })
        .collect_view();
    let points = trend
        .points
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let rating = p.rating?;
            let text = describe(p, trend.behaviour.anchor(rating));
            let (label, shown) = (text.clone(), text.clone());
            let show = move || selected.set(Some(shown.clone()));
            Some(view! {
                <circle
                    class="point"
                    cx=x(i, count)
                    cy=y(f32::from(rating))
                    r="6"
                    tabindex="0"
                    aria-label=label
                    on:mouseenter={let show = show.clone(); move |_| show()}
                    on:focus=move |_| show()
                >
                    <title>{text}</title>
                </circle>
            })
        })
        .collect_view();
    let rows = trend
        .points
        .iter()
        .map(|p| {
            let rating = p.rating.map(|r| format!("{r} · {}", trend.behaviour.anchor(r))).unwrap_or_else(|| "missed".into());
            let peers = p.peer_average.map(|a| format!("{a:.1}")).unwrap_or_else(|| "—".into());
            view! { <tr><th scope="row">{p.week.to_string()}</th><td>{rating}</td><td>{peers}</td><td>{p.evidence.clone()}</td></tr> }
        })
        .collect_view();
    view! {
        <figure class="trend">
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-labelledby=format!("{id}-caption") class="chart">
                {axis_labels}
                {week_labels}
                {runs(&peers).into_iter().map(|p| view! { <polyline points=p class="peer-line"/> }).collect_view()}
                {runs(&mine).into_iter().map(|p| view! { <polyline points=p class="self-line"/> }).collect_view()}
                {points}
            </svg>
            <figcaption id=format!("{id}-caption")>
                {format!("{}: your weekly rating (solid) and what peers saw (dashed), 1 to 5, last {count} weeks", trend.behaviour.title)}
            </figcaption>
            <p class="chart-detail" aria-live="polite">{move || selected.get()}</p>
            <details>
                <summary>"Show as a table"</summary>
                <table>
                    <thead><tr><th scope="col">"Week"</th><th scope="col">"You"</th><th scope="col">"Peers"</th><th scope="col">"Evidence"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </details>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::runs;

    #[test]
    fn a_missed_week_breaks_the_line() {
        let lines = runs(&[Some(3.0), Some(4.0), None, Some(5.0), None]);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].split(' ').count(), 2);
        assert_eq!(lines[1].split(' ').count(), 1);
        assert!(runs(&[None, None]).is_empty());
    }
}
