//! The circle pages: my circles, a new circle, one circle, and joining by invite.

use super::{
    api::{
        load_circle, my_circles, open_invite, AcceptRound, CreateCircle, JoinCircle, MakeHost,
        RemoveMember, RotateInvite,
    },
    circle_path,
    invite::InviteSection,
    members::MembersSection,
    pairing::{PairingSection, RhythmSection},
    progress::ProgressSection,
    sessions_page::SessionsSection,
    settings::CircleSettingsSection,
    Cadence, CircleSummary, CircleView, Role, NAME_MAX, PURPOSE_MAX,
};
use crate::checkins::circle_behaviours::CircleBehavioursSection;
use crate::live_now::LiveNow;
use crate::recognition::pages::{CircleRecognitionData, CircleRecognitionSection};
use crate::sessions::start::StartSessionSection;
use crate::sessions::{api::my_sessions, session_path, SessionStatus, SessionSummary};
use crate::ui::{
    count_of,
    form::{latest_error, FormError, SelectField, SubmitButton, TextArea, TextField},
    layout::{loaded, Page},
};
use leptos::{form::ActionForm, prelude::*};
use leptos_router::hooks::use_params_map;

/// A route parameter, or an empty string (which the server treats as "not found").
fn param(name: &'static str) -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get(name)).unwrap_or_default())
}

#[component]
fn Loading(what: &'static str) -> impl IntoView {
    view! { <p class="loading" role="status">{what}</p> }
}

#[component]
pub fn CirclesPage() -> impl IntoView {
    let circles = Resource::new_blocking(|| (), |_| my_circles());
    let sessions = Resource::new_blocking(|| (), |_| my_sessions());
    view! {
        <Page title="Circles">
            <div class="page-heading">
                <h1>"Your circles"</h1>
                <a class="button primary" href="/circles/new">"Create a circle"</a>
            </div>
            <Suspense fallback=|| view! { <Loading what="Loading your circles…"/> }>
                {move || Suspend::new(async move {
                    let open = sessions.await.unwrap_or_default();
                    loaded(circles.await.map(|list| {
                        if list.is_empty() {
                            view! {
                                <section class="panel empty-state">
                                    <h2>"No circles yet"</h2>
                                    <p>
                                        "A circle is 3 to 12 peer managers who coach each other. "
                                        "Create one and invite your peers, or open an invite link a peer sent you."
                                    </p>
                                </section>
                            }
                                .into_any()
                        } else {
                            view! {
                                <ul class="card-list" aria-label="Your circles">
                                    {list.into_iter().map(|c| {
                                        let live = open.iter().filter(|s| s.circle_id == c.id && s.status == SessionStatus::Live).cloned().collect();
                                        view! { <CircleCard circle=c live/> }
                                    }).collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                    }))
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn CircleCard(
    circle: CircleSummary,
    /// My sessions in this circle that are live now.
    live: Vec<SessionSummary>,
) -> impl IntoView {
    let next = circle.next_session.map(|s| {
        let when = match s.planned_for {
            Some(_) => s.when_text(),
            None => "no day set".into(),
        };
        format!("Next: {} coaches {} ({when})", s.coach_name, s.coachee_name)
    });
    let open_items = match circle.planned_for_me {
        _ if !live.is_empty() => "A session of yours is live now".to_owned(),
        0 => "No planned sessions for you".to_owned(),
        1 => "1 planned session for you".to_owned(),
        n => format!("{n} planned sessions for you"),
    };
    view! {
        <li class="card">
            <h2><a href=circle_path(&circle.id)>{circle.name}</a></h2>
            <p>{circle.purpose}</p>
            <p class="meta">
                {format!(
                    "{} · {} · {}",
                    circle.cadence.label(),
                    count_of(circle.member_count, "member", "members"),
                    circle.my_role.label(),
                )}
            </p>
            <p class="meta">{open_items}</p>
            {live.into_iter().next().map(|s| view! {
                <p><a class="button primary" href=session_path(&s.id)>"Join now"</a></p>
            })}
            {next.map(|text| view! { <p class="meta">{text}</p> })}
        </li>
    }
}

#[component]
pub fn NewCirclePage() -> impl IntoView {
    let create = ServerAction::<CreateCircle>::new();
    let error = latest_error(create.value());
    let cadences = Cadence::options();
    view! {
        <Page title="Create a circle">
            <section class="panel narrow" aria-labelledby="new-circle-heading">
                <h1 id="new-circle-heading">"Create a circle"</h1>
                <p>"You will be its host: you invite peers and keep the pairing fair."</p>
                <FormError error/>
                <ActionForm action=create>
                    <TextField label="Name" name="name" maxlength=NAME_MAX error/>
                    <TextArea
                        label="Purpose"
                        name="purpose"
                        hint="In a sentence: what this circle is for."
                        maxlength=PURPOSE_MAX
                        error
                    />
                    <SelectField label="How often you meet" name="cadence" options=cadences selected="fortnightly" error/>
                    <SubmitButton label="Create circle" busy_label="Creating…" pending=create.pending()/>
                </ActionForm>
            </section>
        </Page>
    }
}

/// The actions on a circle page; the page reloads its data after each.
#[derive(Clone, Copy)]
pub(super) struct CircleActions {
    pub rotate: ServerAction<RotateInvite>,
    pub remove: ServerAction<RemoveMember>,
    pub make_host: ServerAction<MakeHost>,
    pub accept: ServerAction<AcceptRound>,
}

#[component]
pub fn CirclePage() -> impl IntoView {
    let id = param("id");
    let actions = CircleActions {
        rotate: ServerAction::new(),
        remove: ServerAction::new(),
        make_host: ServerAction::new(),
        accept: ServerAction::new(),
    };
    // A refused round changes nothing: loading the circle again would put the
    // suggested pairs back over what the host chose, so only a planned one counts.
    let planned = Memo::new(move |before: Option<&usize>| {
        let refused = actions.accept.value().with(|v| matches!(v, Some(Err(_))));
        match (refused, before) {
            (true, Some(before)) => *before,
            _ => actions.accept.version().get(),
        }
    });
    let recognition = CircleRecognitionData::new(id);
    let circle = Resource::new_blocking(
        move || {
            (
                id.get(),
                actions.rotate.version().get(),
                actions.remove.version().get(),
                actions.make_host.version().get(),
                planned.get(),
            )
        },
        |(id, ..)| load_circle(id),
    );
    view! {
        <Page title="Circle">
            <Transition fallback=|| view! { <Loading what="Loading the circle…"/> }>
                {move || Suspend::new(async move {
                    loaded(circle.await.map(|view| view! { <CircleDetails circle=view actions recognition/> }))
                })}
            </Transition>
        </Page>
    }
}

#[component]
fn CircleDetails(
    circle: CircleView,
    actions: CircleActions,
    recognition: CircleRecognitionData,
) -> impl IntoView {
    let is_host = circle.my_role == Role::Host;
    let circle = StoredValue::new(circle);
    let read = move |f: fn(&CircleView) -> String| circle.with_value(f);
    let read_sessions = move || circle.with_value(|c| c.sessions.clone());
    view! {
        <div class="page-heading">
            <h1>{read(|c| c.name.clone())}</h1>
        </div>
        <p class="lead">{read(|c| c.purpose.clone())}</p>
        <LiveNow sessions=read_sessions() me=read(|c| c.my_id.clone())/>
        <p class="meta">
            {read(|c| c.cadence.label().to_owned())} " · "
            {read(|c| count_of(c.members.len() as i64, "member", "members"))} " · "
            {read(|c| format!("You are a {}", c.my_role.label().to_lowercase()))}
        </p>
        <div class="columns">
            <div>
                <StartSessionSection circle/>
                <PairingSection circle action=actions.accept/>
                <SessionsSection circle/>
                <RhythmSection circle/>
                <ProgressSection circle/>
            </div>
            <div>
                <MembersSection circle remove=actions.remove make_host=actions.make_host/>
                {is_host.then(|| view! { <InviteSection circle rotate=actions.rotate/> })}
                {is_host.then(|| view! { <CircleSettingsSection circle/> })}
                <CircleBehavioursSection circle/>
                <CircleRecognitionSection recognition/>
            </div>
        </div>
    }
}

#[component]
pub fn JoinPage() -> impl IntoView {
    let token = param("token");
    let join = ServerAction::<JoinCircle>::new();
    let error = latest_error(join.value());
    let preview = Resource::new_blocking(move || token.get(), open_invite);
    view! {
        <Page title="Join a circle">
            <Suspense fallback=|| view! { <Loading what="Opening the invitation…"/> }>
                {move || Suspend::new(async move {
                    loaded(preview.await.map(|invite| {
                        let name = invite.name.clone();
                        let body = if invite.already_member {
                            view! {
                                <p>"You are already a member of this circle."</p>
                                <p><a class="button primary" href=circle_path(&invite.circle_id)>"Open the circle"</a></p>
                            }
                                .into_any()
                        } else if invite.full {
                            view! {
                                <p class="form-error" role="alert">
                                    "This circle is full: it already has 12 members. Ask a host to make room."
                                </p>
                            }
                                .into_any()
                        } else {
                            view! {
                                <FormError error/>
                                <ActionForm action=join>
                                    <input type="hidden" name="token" value=token.get_untracked()/>
                                    <SubmitButton label="Join this circle" busy_label="Joining…" pending=join.pending()/>
                                </ActionForm>
                            }
                                .into_any()
                        };
                        view! {
                            <section class="panel narrow" aria-labelledby="join-heading">
                                <p class="eyebrow">"You are invited to join"</p>
                                <h1 id="join-heading">{name}</h1>
                                <p class="lead">{invite.purpose}</p>
                                <p class="meta">{format!("{} so far", count_of(invite.member_count, "member", "members"))}</p>
                                {body}
                            </section>
                        }
                    }))
                })}
            </Suspense>
        </Page>
    }
}
