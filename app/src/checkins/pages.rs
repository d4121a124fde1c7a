//! The check-in page (choose behaviours, rate this week) and the mirror. Both forms
//! are plain posts, so they work before the wasm arrives; errors come back in the
//! address and are read by the matching action.

use super::{
    api::{checkin_page, load_mirror, SaveCheckin, TrackBehaviours},
    chart::TrendChart,
    CheckinPageData, Mirror, Trend, NOTE_MAX, TRACK_MAX, TRACK_MIN,
};
use crate::recognition::{
    api::load_my_recognition,
    milestones::MilestoneTimeline,
    pages::{evidence_for, OtherRecognition},
    MyRecognition,
};
use crate::ui::{
    count_of,
    form::{latest_error, textarea_text, FormError, PostForm, SubmitButton},
    kept_form::{kept_choice, kept_text},
    layout::{loaded, Page},
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_query_map;

#[component]
pub fn CheckinPage() -> impl IntoView {
    let data = Resource::new_blocking(|| (), |_| checkin_page());
    let query = use_query_map();
    view! {
        <Page title="Check-in">
            <Suspense fallback=|| view! { <p class="loading" role="status">"Loading your check-in…"</p> }>
                {move || Suspend::new(async move {
                    loaded(data.await.map(|data| {
                        let choosing = data.tracked.len() < TRACK_MIN
                            || query.with_untracked(|q| q.get("choose").is_some());
                        if choosing {
                            view! { <TrackForm data/> }.into_any()
                        } else {
                            view! { <CheckinForm data/> }.into_any()
                        }
                    }))
                })}
            </Suspense>
        </Page>
    }
}

/// Choose 3 to 8 behaviours to track.
#[component]
fn TrackForm(data: CheckinPageData) -> impl IntoView {
    let action = ServerAction::<TrackBehaviours>::new();
    let error = latest_error(action.value());
    let busy = RwSignal::new(false);
    let problem = move || error.get().and_then(|e| e.message_for("behaviour_ids"));
    view! {
        <h1>"Behaviours you want to model"</h1>
        <p class="lead">
            {format!("Choose {TRACK_MIN} to {TRACK_MAX} behaviours you want your team to copy. You rate each once a week.")}
        </p>
        <FormError error/>
        <PostForm path=TrackBehaviours::PATH busy>
            <fieldset class="behaviour-choices" aria-describedby="behaviour-ids-error">
                <legend class="visually-hidden">"Behaviours"</legend>
                {data
                    .catalogue
                    .iter()
                    .enumerate()
                    .map(|(i, b)| {
                        let id = format!("behaviour-{i}");
                        let chosen = kept_choice(TrackBehaviours::PATH, "behaviour_ids[", &b.id, data.tracked.contains(&b.id));
                        let owner = b.circle_name.clone().map(|c| format!(" · {c}"));
                        view! {
                            <div class="choice">
                                <input type="checkbox" id=id.clone() name=format!("behaviour_ids[{i}]") value=b.id.clone() checked=chosen/>
                                <label for=id>
                                    <strong>{b.title.clone()}</strong>
                                    <span class="hint">{b.description.clone()}{owner}</span>
                                </label>
                            </div>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <p class="field-error" id="behaviour-ids-error">{problem}</p>
            <SubmitButton label="Save my behaviours" busy_label="Saving…" pending=busy/>
        </PostForm>
    }
}

/// Rate each tracked behaviour for this week.
#[component]
fn CheckinForm(data: CheckinPageData) -> impl IntoView {
    let action = ServerAction::<SaveCheckin>::new();
    let error = latest_error(action.value());
    let busy = RwSignal::new(false);
    let ratings_problem = move || error.get().and_then(|e| e.message_for("ratings"));
    let reflection_problem = move || error.get().and_then(|e| e.message_for("reflection"));
    let status = if data.checked_in {
        "You checked in this week. You can change it until the week ends."
    } else {
        "Not checked in yet this week."
    };
    let behaviours = data.tracked_behaviours();
    view! {
        <div class="page-heading">
            <h1>{format!("Check-in · {}", data.week.label())}</h1>
            <a href="/checkin?choose=1">"Change behaviours"</a>
        </div>
        <p class="lead">{status}</p>
        <FormError error/>
        <PostForm path=SaveCheckin::PATH busy>
            {behaviours
                .into_iter()
                .enumerate()
                .map(|(i, b)| {
                    let mine = data.ratings.iter().find(|r| r.behaviour_id == b.id).cloned();
                    let current = mine.as_ref().map(|r| r.rating).unwrap_or(0);
                    let evidence_name = format!("ratings[{i}][evidence]");
                    let evidence = kept_text(&evidence_name, mine.map(|r| r.evidence).unwrap_or_default());
                    let evidence_id = format!("evidence-{i}");
                    let rating_name = format!("ratings[{i}][rating]");
                    view! {
                        <fieldset class="rating panel">
                            <legend>{b.title.clone()}</legend>
                            <p class="hint">{b.description.clone()}</p>
                            <input type="hidden" name=format!("ratings[{i}][behaviour_id]") value=b.id.clone()/>
                            <div class="scale">
                                {(1..=5u8)
                                    .map(|v| view! {
                                        <label class="scale-option">
                                            <input type="radio" name=rating_name.clone() value=v required
                                                checked=kept_choice(SaveCheckin::PATH, &rating_name, &v.to_string(), current == v)/>
                                            <span class="scale-value">{v}</span>
                                            <span class="scale-anchor">{b.anchor(v).to_owned()}</span>
                                        </label>
                                    })
                                    .collect_view()}
                            </div>
                            <label for=evidence_id.clone()>"What did I actually do? (optional)"</label>
                            <textarea id=evidence_id name=evidence_name rows="2" maxlength=NOTE_MAX>{textarea_text(evidence)}</textarea>
                        </fieldset>
                    }
                })
                .collect_view()}
            <p class="field-error" role="alert">{ratings_problem}</p>
            <div class="field">
                <label for="reflection">"Reflection on the week (optional)"</label>
                <textarea id="reflection" name="reflection" rows="3" maxlength=NOTE_MAX aria-describedby="reflection-error">{textarea_text(kept_text("reflection", data.reflection.clone()))}</textarea>
                <p class="field-error" id="reflection-error">{reflection_problem}</p>
            </div>
            <SubmitButton label="Save check-in" busy_label="Saving…" pending=busy/>
        </PostForm>
    }
}

#[component]
pub fn MirrorPage() -> impl IntoView {
    let data = Resource::new_blocking(|| (), |_| load_mirror());
    let recognition = Resource::new_blocking(|| (), |_| load_my_recognition());
    view! {
        <Page title="Mirror">
            <h1>"Mirror"</h1>
            <Suspense fallback=|| view! { <p class="loading" role="status">"Loading your mirror…"</p> }>
                {move || Suspend::new(async move {
                    let recognition = recognition.await;
                    let mirror = data.await;
                    loaded(recognition.and_then(|recognition| mirror.map(|m| view! { <MirrorBody mirror=m recognition/> })))
                })}
            </Suspense>
            <MilestoneTimeline/>
        </Page>
    }
}

#[component]
fn MirrorBody(mirror: Mirror, recognition: MyRecognition) -> impl IntoView {
    let tracked: Vec<String> = mirror
        .trends
        .iter()
        .map(|t| t.behaviour.id.clone())
        .collect();
    let others = view! { <OtherRecognition mine=recognition.clone() tracked/> };
    if mirror.trends.is_empty() {
        return view! {
            <section class="panel empty-state">
                <h2>"Your mirror is empty for now"</h2>
                <p>"Choose the behaviours you want to model and check in each week; your trend fills in week by week."</p>
                <p><a class="button primary" href="/checkin">"Choose behaviours"</a></p>
            </section>
            {others}
        }
        .into_any();
    }
    let weeks = count_of(mirror.streak as i64, "week", "weeks");
    view! {
        <dl class="facts mirror-facts">
            <dt>"Check-in streak"</dt>
            <dd class="streak">{format!("{weeks} in a row")}</dd>
            <dt>"Commitments kept"</dt>
            <dd>{format!("{} done of {} due", mirror.commitments_done, mirror.commitments_due)}</dd>
            <dt>"Sessions"</dt>
            <dd>{format!("{} given, {} received", mirror.sessions_given, mirror.sessions_received)}</dd>
        </dl>
        <p>
            <a class="button primary" href="/checkin">
                {if mirror.checked_in {
                    "Change this week's check-in".to_owned()
                } else {
                    format!("Check in for the {}", mirror.current.label())
                }}
            </a>
        </p>
        {mirror
            .trends
            .into_iter()
            .map(|trend| {
                let (title, label) = (trend.behaviour.title.clone(), trend.behaviour.title.clone());
                let seen = PeerViews(trend.clone());
                let recognized = evidence_for(&recognition, &trend.behaviour.id);
                view! {
                    <section class="panel" aria-label=label>
                        <h2>{title}</h2>
                        <TrendChart trend/>
                        {seen}
                        {recognized}
                    </section>
                }
            })
            .collect_view()}
        {others}
    }
    .into_any()
}

/// Each peer view of a behaviour, with the peer's name.
#[allow(non_snake_case)]
fn PeerViews(trend: Trend) -> impl IntoView {
    (!trend.peer_views.is_empty()).then(|| {
        view! {
            <h3>"What peers saw"</h3>
            <ul class="peer-views">
                {trend
                    .peer_views
                    .iter()
                    .map(|v| {
                        let anchor = trend.behaviour.anchor(v.rating).to_owned();
                        let note = (!v.note.is_empty()).then(|| format!(" — “{}”", v.note));
                        view! {
                            <li>
                                {format!("{} · {}: {} ({anchor})", v.week.label(), v.author_name, v.rating)}
                                {note}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    })
}
