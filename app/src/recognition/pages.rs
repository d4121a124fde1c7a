//! Recognition on the pages: the form on an ended session's summary and on the circle
//! page, the circle's shout-outs, Home's "Recognition for you", and the mirror's
//! evidence from peers. Every form also posts without JavaScript: the summary's is an
//! `IslandForm`, as it lives in the room's island; the others are `ActionForm`s.

use super::{
    api::{
        load_circle_recognition, load_my_recognition, load_session_recognition, HideShoutOut,
        RecognizeInSession, RecognizePeer, ShowShoutOut,
    },
    BehaviourChoice, CircleRecognition, MyRecognition, Recognition, SessionRecognition, NOTE_MAX,
};
use crate::{
    calendar::day_label,
    error::AppError,
    ui::{
        form::{latest_error, FormError, SelectField, SubmitButton, TextArea},
        island_form::{IslandAction, IslandForm},
        kept_form::kept_choice,
        layout::loaded,
    },
};
use leptos::{form::ActionForm, prelude::*, server_fn::ServerFn};

/// Recognitions Home shows.
const ON_HOME: usize = 5;

/// "Behaviour — “note”", as a recognition reads everywhere.
fn what_helped(r: &Recognition) -> String {
    format!("{}: “{}”", r.behaviour_title, r.note)
}

/// What helped, the note, and whether the circle sees it: the fields both forms share.
#[component]
fn RecognitionFields(
    path: &'static str,
    behaviours: Vec<BehaviourChoice>,
    earlier: Option<Recognition>,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let options = behaviours.into_iter().map(|b| (b.id, b.title)).collect();
    let selected = earlier
        .as_ref()
        .map(|r| r.behaviour_id.clone())
        .unwrap_or_default();
    let note = earlier.as_ref().map(|r| r.note.clone()).unwrap_or_default();
    let shared = kept_choice(path, "share", "yes", earlier.is_some_and(|r| r.shared));
    view! {
        <SelectField label="What helped" name="behaviour_id" error options selected/>
        <TextArea label="A short note" name="note" error value=note maxlength=NOTE_MAX hint="What they did, in a line or two."/>
        <div class="choice">
            <input type="checkbox" id="recognition-share" name="share" value="yes" checked=shared/>
            <label for="recognition-share">
                <strong>"Share with the circle"</strong>
                <span class="hint">"Members see it on the circle page. Otherwise only the two of you see it."</span>
            </label>
        </div>
    }
}

/// The summary's recognition: the form's action and what it shows, loaded once the
/// session is done.
#[derive(Clone, Copy)]
pub struct SessionRecognitionData {
    action: IslandAction<RecognizeInSession>,
    data: Resource<Result<Option<SessionRecognition>, AppError>>,
}

impl SessionRecognitionData {
    /// Created with the room, not with its summary: a resource made while an island
    /// renders is not sent along with the page, and the summary would then hydrate
    /// against nothing.
    pub fn new(session_id: String, done: Memo<bool>) -> Self {
        let action = IslandAction::<RecognizeInSession>::new();
        let data = Resource::new(
            move || (session_id.clone(), done.get(), action.version().get()),
            |(id, done, _)| async move {
                match done {
                    true => load_session_recognition(id).await.map(Some),
                    false => Ok(None),
                }
            },
        );
        Self { action, data }
    }
}

/// The summary's "Recognize …": for the other participant, once per session, changeable.
#[component]
pub fn SessionRecognitionSection(recognition: SessionRecognitionData) -> impl IntoView {
    let SessionRecognitionData { action, data } = recognition;
    let error = latest_error(action.value());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(data.await.map(|r| r.map(|r| {
                    let given = r.mine.as_ref().map(|m| view! {
                        <p>{format!("You recognized {} for {}", r.recipient_name, what_helped(m))}</p>
                        <p class="meta">{if m.shared { "Shared with the circle." } else { "Only the two of you see it." }}</p>
                    });
                    let (label, busy) = match r.mine.is_some() {
                        true => ("Change recognition", "Saving…"),
                        false => ("Send recognition", "Sending…"),
                    };
                    view! {
                        <section class="panel" aria-labelledby="recognize-heading">
                            <h2 id="recognize-heading">{format!("Recognize {}", r.recipient_name)}</h2>
                            {given}
                            <p class="hint">"Name what they did that helped you. It counts as evidence in their mirror."</p>
                            <FormError error/>
                            <IslandForm action>
                                <input type="hidden" name="session_id" value=r.session_id.clone()/>
                                <RecognitionFields path=RecognizeInSession::PATH behaviours=r.behaviours earlier=r.mine error/>
                                <SubmitButton label busy_label=busy pending=action.pending()/>
                            </IslandForm>
                        </section>
                    }
                })))
            })}
        </Suspense>
    }
}

/// The circle page's recognition: its forms' actions and what it shows.
#[derive(Clone, Copy)]
pub struct CircleRecognitionData {
    give: ServerAction<RecognizePeer>,
    hide: ServerAction<HideShoutOut>,
    data: Resource<Result<CircleRecognition, AppError>>,
}

impl CircleRecognitionData {
    /// Created with the page, not inside the circle's boundary, where the section is
    /// shown: a resource created by a boundary's child while the page renders is the
    /// pattern of a Leptos server-rendering hang (leptos#4866), which this page hit
    /// about once in a thousand renders under load (`docs/measurements.md`, "A page
    /// that was never answered").
    pub fn new(circle_id: Memo<String>) -> Self {
        let give = ServerAction::<RecognizePeer>::new();
        let hide = ServerAction::<HideShoutOut>::new();
        let data = Resource::new_blocking(
            move || (circle_id.get(), give.version().get(), hide.version().get()),
            |(id, ..)| load_circle_recognition(id),
        );
        Self { give, hide, data }
    }
}

/// The circle page's shout-outs (the recipient may hide one) and "Recognize a peer".
#[component]
pub fn CircleRecognitionSection(recognition: CircleRecognitionData) -> impl IntoView {
    let CircleRecognitionData { give, hide, data } = recognition;
    let error = latest_error(give.value());
    let hide_error = latest_error(hide.value());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(data.await.map(|c| {
                    let peers = c.peers.iter().map(|p| (p.id.clone(), p.name.clone())).collect::<Vec<_>>();
                    let shout_outs = if c.shout_outs.is_empty() {
                        view! { <p>"No shout-outs yet."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="shout-outs" aria-label="Shout-outs">
                                {c.shout_outs.into_iter().map(|r| {
                                    let mine = r.recipient_id == c.my_id;
                                    view! {
                                        <li>
                                            <p>{format!("{} recognized {} for {}", r.giver_name, r.recipient_name, what_helped(&r))}</p>
                                            <p class="meta">{day_label(r.created_at)}</p>
                                            {mine.then(|| view! {
                                                <ActionForm action=hide>
                                                    <input type="hidden" name="recognition_id" value=r.id.clone()/>
                                                    <button type="submit" class="button">"Hide from the circle page"</button>
                                                </ActionForm>
                                            })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }
                        .into_any()
                    };
                    let form = (!peers.is_empty()).then(|| view! {
                        <details>
                            <summary>"Recognize a peer"</summary>
                            <FormError error/>
                            <ActionForm action=give>
                                <input type="hidden" name="circle_id" value=c.circle_id.clone()/>
                                <SelectField label="Whom" name="recipient_id" error options=peers/>
                                <RecognitionFields path=RecognizePeer::PATH behaviours=c.behaviours earlier=None error/>
                                <SubmitButton label="Send recognition" busy_label="Sending…" pending=give.pending()/>
                            </ActionForm>
                        </details>
                    });
                    view! {
                        <section class="panel" aria-labelledby="shout-outs-heading">
                            <h2 id="shout-outs-heading">"Shout-outs"</h2>
                            <FormError error=hide_error/>
                            {shout_outs}
                            {form}
                        </section>
                    }
                }))
            })}
        </Suspense>
    }
}

/// Home's "Recognition for you": the latest few, quietly, and every shout-out I hid
/// from a circle's page, to show there again; nothing when there is none.
#[component]
pub fn RecognitionForYou() -> impl IntoView {
    let show = ServerAction::<ShowShoutOut>::new();
    let error = latest_error(show.value());
    let data = Resource::new_blocking(move || show.version().get(), |_| load_my_recognition());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(data.await.map(|mine| {
                    (!mine.received.is_empty()).then(|| view! {
                        <section class="panel" aria-labelledby="recognition-heading">
                            <h2 id="recognition-heading">"Recognition for you"</h2>
                            <FormError error/>
                            <ul class="recognitions" aria-label="Recognition for you">
                                {mine.received.into_iter().enumerate()
                                    .filter(|(n, r)| *n < ON_HOME || (r.shared && r.hidden))
                                    .map(|(_, r)| view! { <ReceivedItem r show/> })
                                    .collect_view()}
                            </ul>
                            <p class="more-link"><a href="/mirror">"See it in the mirror"</a></p>
                        </section>
                    })
                }))
            })}
        </Suspense>
    }
}

/// One recognition I received; a shout-out I hid offers to show it again.
#[component]
fn ReceivedItem(r: Recognition, show: ServerAction<ShowShoutOut>) -> impl IntoView {
    let hidden = r.shared && r.hidden;
    let place = match (r.shared, r.hidden) {
        (true, true) => " · hidden from the circle page",
        (true, false) => " · shared with the circle",
        _ => "",
    };
    view! {
        <li>
            <p>{format!("{} recognized you for {}", r.giver_name, what_helped(&r))}</p>
            <p class="meta">{format!("{} · {}{place}", day_label(r.created_at), r.circle_name)}</p>
            {hidden.then(|| view! {
                <ActionForm action=show>
                    <input type="hidden" name="recognition_id" value=r.id.clone()/>
                    <button type="submit" class="button">"Show on the circle page again"</button>
                </ActionForm>
            })}
        </li>
    }
}

/// The mirror's evidence for one behaviour: peers who recognized me for it, and, for
/// "Recognizes coaching when they see it", the recognition I gave.
pub fn evidence_for(mine: &MyRecognition, behaviour_id: &str) -> impl IntoView {
    let received: Vec<String> = mine
        .received
        .iter()
        .filter(|r| r.behaviour_id == behaviour_id)
        .map(|r| {
            format!(
                "{} · {}: “{}”",
                day_label(r.created_at),
                r.giver_name,
                r.note
            )
        })
        .collect();
    let given = match mine.recognizes_coaching_id.as_deref() == Some(behaviour_id) {
        true => given_lines(mine),
        false => Vec::new(),
    };
    view! {
        {(!received.is_empty()).then(|| view! {
            <h3>"Recognized by peers"</h3>
            <ul class="peer-views">{received.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul>
        })}
        {(!given.is_empty()).then(|| view! {
            <h3>"Recognition you gave"</h3>
            <ul class="peer-views">{given.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul>
        })}
    }
}

/// The recognition I gave, as evidence of "Recognizes coaching when they see it".
fn given_lines(mine: &MyRecognition) -> Vec<String> {
    mine.given
        .iter()
        .map(|r| {
            let when = day_label(r.created_at);
            format!(
                "{when} · you recognized {} for {}",
                r.recipient_name,
                what_helped(r)
            )
        })
        .collect()
}

/// Recognition for behaviours I do not track, so none is lost from the mirror.
#[component]
pub fn OtherRecognition(mine: MyRecognition, tracked: Vec<String>) -> impl IntoView {
    // Giving counts for "Recognizes coaching when they see it"; when I do not track it,
    // what I gave is listed here instead of beside it.
    let coaching_untracked = mine
        .recognizes_coaching_id
        .as_ref()
        .is_some_and(|id| !tracked.contains(id));
    let given = match coaching_untracked {
        true => given_lines(&mine),
        false => Vec::new(),
    };
    let others: Vec<Recognition> = mine
        .received
        .into_iter()
        .filter(|r| !tracked.contains(&r.behaviour_id))
        .collect();
    (!others.is_empty() || !given.is_empty()).then(|| view! {
        <section class="panel" aria-labelledby="other-recognition-heading">
            <h2 id="other-recognition-heading">"Recognized by peers"</h2>
            <ul class="peer-views">
                {others.into_iter().map(|r| view! {
                    <li>{format!("{} · {} recognized you for {}", day_label(r.created_at), r.giver_name, what_helped(&r))}</li>
                }).collect_view()}
            </ul>
            {(!given.is_empty()).then(|| view! {
                <h3>"Recognition you gave"</h3>
                <p class="hint">"Evidence of “Recognizes coaching when they see it”, which you do not track."</p>
                <ul class="peer-views">{given.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul>
            })}
        </section>
    })
}
