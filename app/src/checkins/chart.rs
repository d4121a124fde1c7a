//! A behaviour's trend as an SVG chart, rendered on the server (readable without
//! JavaScript: axes, labels, and a tooltip per point), with the same figures as a
//! table. Hovering or focusing a point shows that week in words, through a few lines
//! of script after the chart (see `ui::inline_script`).

use super::{Trend, WeekPoint};
use crate::ui::inline_script::InlineScript;
use leptos::prelude::*;

// The drawing's own units. On a phone the chart is drawn at about half this width, so
// the stylesheet sets the text at twice its desktop size in these units (it reads at
// 12 px or more at 360 px), and axis labels leave room for that size.
const WIDTH: f32 = 640.0;
const HEIGHT: f32 = 340.0;
const LEFT: f32 = 56.0;
const RIGHT: f32 = 56.0;
const TOP: f32 = 20.0;
const BOTTOM: f32 = 60.0;
/// Room a week label needs at its phone size, so that labels never overlap.
const LABEL_ROOM: f32 = 120.0;

/// Room between the value axis and the first and last weeks, so that points stay
/// clear of the axis labels.
const INSET: f32 = 24.0;

/// Where week `i` of `count` sits; a single week sits in the middle.
fn x(i: usize, count: usize) -> f32 {
    let span = WIDTH - LEFT - RIGHT - 2.0 * INSET;
    if count < 2 {
        return LEFT + INSET + span / 2.0;
    }
    LEFT + INSET + span * i as f32 / (count - 1) as f32
}

fn y(value: f32) -> f32 {
    let span = HEIGHT - TOP - BOTTOM;
    TOP + span * (5.0 - value) / 4.0
}

/// Whether week `i` of `count` gets an axis label: the newest always, then every
/// n-th back so that neighbouring labels keep their distance.
fn labelled(i: usize, count: usize) -> bool {
    let gap = if count < 2 {
        WIDTH
    } else {
        x(1, count) - x(0, count)
    };
    let every = (LABEL_ROOM / gap).ceil().max(1.0) as usize;
    (count - 1 - i).is_multiple_of(every)
}

/// Polyline point lists for the runs of two or more weeks in a row that have a
/// value: a missed week breaks the line instead of inventing a value, and a lone
/// week is drawn as a point only.
fn runs(values: &[Option<f32>]) -> Vec<String> {
    let mut runs = Vec::new();
    let mut current = Vec::new();
    for (i, value) in values.iter().chain([&None]).enumerate() {
        match value {
            Some(v) => current.push(format!("{:.1},{:.1}", x(i, values.len()), y(*v))),
            None if current.len() > 1 => runs.push(std::mem::take(&mut current).join(" ")),
            None => current.clear(),
        }
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
    format!("{}: {mine}{peers}{note}", point.week.label())
}

/// The chart of one behaviour's weeks, its caption, and the table under it.
#[component]
pub fn TrendChart(trend: Trend) -> impl IntoView {
    let count = trend.points.len();
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
        .filter(|(i, _)| labelled(*i, count))
        .map(|(i, p)| view! { <text x=x(i, count) y=HEIGHT - 16.0 text-anchor="middle">{p.week.short_label()}</text> })
        .collect_view();
    let peer_points = trend
        .points
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let seen = p.peer_average?;
            let text = format!("{}: peers saw {seen:.1} on average", p.week.label());
            Some(view! {
                <circle class="peer-point" cx=x(i, count) cy=y(seen) r="9"><title>{text}</title></circle>
            })
        })
        .collect_view();
    let points = trend
        .points
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let rating = p.rating?;
            let text = describe(p, trend.behaviour.anchor(rating));
            let label = text.clone();
            Some(view! {
                <circle
                    class="point"
                    cx=x(i, count)
                    cy=y(f32::from(rating))
                    r="6"
                    tabindex="0"
                    aria-label=label
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
            view! { <tr><th scope="row">{p.week.short_label()}</th><td>{rating}</td><td>{peers}</td><td>{p.evidence.clone()}</td></tr> }
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
                // Rings around, over my points: a week where both agree shows both.
                {peer_points}
            </svg>
            <figcaption id=format!("{id}-caption")>
                {format!(
                    "{}: your weekly rating (solid line, filled points) and what peers saw (dashed line, open points), 1 to 5, {}",
                    trend.behaviour.title,
                    if count == 1 { "this week".to_owned() } else { format!("last {count} weeks") },
                )}
            </figcaption>
            <p class="chart-detail" aria-live="polite"></p>
            <details>
                <summary>"Show as a table"</summary>
                <table>
                    <thead><tr><th scope="col">"Week of"</th><th scope="col">"You"</th><th scope="col">"Peers"</th><th scope="col">"Evidence"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </details>
        </figure>
        <InlineScript code=POINT_SCRIPT/>
    }
}

/// Says in words the week of the point the pointer or the keyboard is on: its label.
const POINT_SCRIPT: &str = r#"{const chart = document.currentScript.previousElementSibling;
const detail = chart.querySelector(".chart-detail");
const show = (event) => {
  const point = event.target.closest?.(".point");
  if (point) detail.textContent = point.getAttribute("aria-label");
};
chart.addEventListener("focusin", show);
chart.addEventListener("mouseover", show);}"#;

#[cfg(test)]
mod tests {
    use super::{labelled, runs, x, LEFT, RIGHT, WIDTH};

    #[test]
    fn a_missed_week_breaks_the_line_and_a_lone_week_is_only_a_point() {
        let lines = runs(&[
            Some(3.0),
            Some(4.0),
            None,
            Some(5.0),
            None,
            Some(2.0),
            Some(1.0),
        ]);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].split(' ').count(), 2);
        assert_eq!(lines[1].split(' ').count(), 2);
        assert!(runs(&[None, None]).is_empty());
        assert!(runs(&[Some(4.0)]).is_empty());
    }

    #[test]
    fn labels_keep_their_distance_and_the_newest_week_is_always_named() {
        for count in 1..=12 {
            assert!(labelled(count - 1, count), "{count} weeks");
            let named: Vec<f32> = (0..count)
                .filter(|i| labelled(*i, count))
                .map(|i| x(i, count))
                .collect();
            assert!(
                named.windows(2).all(|w| w[1] - w[0] >= super::LABEL_ROOM),
                "{count} weeks"
            );
        }
        assert_eq!(
            x(0, 1),
            LEFT + (WIDTH - LEFT - RIGHT) / 2.0,
            "one week sits in the middle"
        );
    }
}
