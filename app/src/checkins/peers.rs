//! Peer views: what a circle peer saw someone model this week. Only people who share
//! a circle may record one; the subject sees each with the peer's name; nobody else
//! sees them at all.

#[cfg(feature = "ssr")]
use super::Behaviour;
use super::{anchor_about, PeerViewForm, PeerViewInput};
#[cfg(feature = "ssr")]
use crate::db::{Conn, Pool};
use crate::{
    error::AppError,
    ui::{
        form::{latest_error, textarea_text, FormError, PostForm, SubmitButton},
        kept_form::{kept_choice, kept_text},
        layout::{loaded, Page},
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_params_map;

#[cfg(feature = "ssr")]
use super::{
    api::{check_length, this_week},
    peer_view_store, store,
};
#[cfg(feature = "ssr")]
use crate::{
    accounts::{auth::current_account, Account},
    db::is_id,
    state::app_state,
};

/// Someone I share a circle with, or "not found" (myself included).
#[cfg(feature = "ssr")]
async fn peer_name(db: &Pool, me: &Account, subject_id: &str) -> Result<String, AppError> {
    if !is_id(subject_id)
        || subject_id == me.id
        || !peer_view_store::share_a_circle(db, &me.id, subject_id).await?
    {
        return Err(AppError::NotFound);
    }
    crate::accounts::store::find_by_id(db, subject_id)
        .await?
        .map(|a| a.display_name)
        .ok_or(AppError::NotFound)
}

/// The behaviours `subject_id` tracks that I may see: built-ins and those of circles we
/// are both in, in their order.
#[cfg(feature = "ssr")]
async fn viewable(
    db: &mut Conn,
    me: &Account,
    subject_id: &str,
) -> Result<Vec<Behaviour>, AppError> {
    let shared = store::shared_catalogue(&mut *db, &me.id, subject_id).await?;
    Ok(store::tracked(&mut *db, subject_id)
        .await?
        .iter()
        .filter_map(|id| shared.iter().find(|b| &b.id == id).cloned())
        .collect())
}

/// What I may record about a peer this week.
#[server(endpoint = "load_peer_view_form")]
pub async fn load_peer_view_form(subject_id: String) -> Result<PeerViewForm, AppError> {
    let me = current_account().await?;
    let state = app_state()?;
    let reader = &state.db.reader;
    let subject_name = peer_name(reader, &me, &subject_id).await?;
    let week = this_week(&state, &me);
    let behaviours = viewable(&mut reader.acquire().await?, &me, &subject_id).await?;
    Ok(PeerViewForm {
        shared: peer_view_store::views_shared(reader, &me.id, &subject_id, week).await?,
        subject_id,
        subject_name,
        week,
        behaviours,
    })
}

/// Records what I saw a peer model this week: a rating 1 to 5 and an optional note per
/// behaviour they track, one per behaviour and week (sharing again changes it). Blank
/// ratings are skipped.
#[server(endpoint = "record_peer_views")]
pub async fn record_peer_views(
    subject_id: String,
    #[server(default)] views: Vec<PeerViewInput>,
) -> Result<(), AppError> {
    let me = current_account().await?;
    let state = app_state()?;
    peer_name(&state.db.reader, &me, &subject_id).await?;
    let week = this_week(&state, &me);
    let mut tx = state.db.writer.begin().await?;
    let tracked: Vec<String> = viewable(&mut tx, &me, &subject_id)
        .await?
        .into_iter()
        .map(|b| b.id)
        .collect();
    let invalid = |message: &str| AppError::invalid("views", message);
    let mut chosen = Vec::new();
    for view in views.iter().filter(|v| !v.rating.trim().is_empty()) {
        if !tracked.contains(&view.behaviour_id) {
            return Err(invalid("They do not track that behaviour."));
        }
        if chosen.iter().any(|(id, _, _)| *id == &view.behaviour_id) {
            return Err(invalid("Rate each behaviour once."));
        }
        let rating = match view.rating.trim().parse::<u8>() {
            Ok(r @ 1..=5) => r,
            _ => return Err(invalid("Rate with a whole number from 1 to 5.")),
        };
        let note = view.note.trim();
        check_length(note, "A note").map_err(|m| invalid(&m))?;
        chosen.push((&view.behaviour_id, rating, note));
    }
    if chosen.is_empty() {
        return Err(invalid("Rate at least one behaviour."));
    }
    let now = state.clock.now_seconds();
    for (behaviour_id, rating, note) in chosen {
        peer_view_store::save_peer_view(
            &mut tx,
            &me.id,
            &subject_id,
            behaviour_id,
            week,
            rating,
            note,
            now,
        )
        .await?;
    }
    tx.commit().await?;
    crate::mail::wake_sender(&state);
    leptos_axum::redirect(&format!("/peers/{subject_id}?notice=peer-view-saved"));
    Ok(())
}

/// `/peers/:id`: what I saw a circle peer model this week.
#[component]
pub fn PeerViewPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let form = Resource::new_blocking(move || id.get(), load_peer_view_form);
    view! {
        <Page title="Share what you saw">
            <Suspense fallback=|| view! { <p class="loading" role="status">"Loading…"</p> }>
                {move || Suspend::new(async move { loaded(form.await.map(|data| view! { <PeerViewBody data/> })) })}
            </Suspense>
        </Page>
    }
}

#[component]
fn PeerViewBody(data: PeerViewForm) -> impl IntoView {
    let action = ServerAction::<RecordPeerViews>::new();
    let error = latest_error(action.value());
    let busy = RwSignal::new(false);
    let problem = move || error.get().and_then(|e| e.message_for("views"));
    let shared_all = !data.behaviours.is_empty()
        && data
            .behaviours
            .iter()
            .all(|b| data.shared.iter().any(|v| v.behaviour_id == b.id));
    let body = if data.behaviours.is_empty() {
        view! { <p>{format!("{} has not chosen behaviours to track yet.", data.subject_name)}</p> }
            .into_any()
    } else {
        let name = data.subject_name.clone();
        view! {
            {shared_all.then(|| view! {
                <p>"You shared what you saw of every behaviour this week. Thank you. You can change it until the week ends."</p>
            })}
            <FormError error/>
            <PostForm path=RecordPeerViews::PATH busy>
                <input type="hidden" name="subject_id" value=data.subject_id.clone()/>
                {data.behaviours
                    .into_iter()
                    .enumerate()
                    .map(|(i, b)| {
                        let note_id = format!("peer-note-{i}");
                        let mine = data.shared.iter().find(|v| v.behaviour_id == b.id).cloned();
                        let current = mine.as_ref().map(|v| v.rating).unwrap_or(0);
                        let note_name = format!("views[{i}][note]");
                        let note = kept_text(&note_name, mine.map(|v| v.note).unwrap_or_default());
                        let rating_name = format!("views[{i}][rating]");
                        let name = name.clone();
                        view! {
                            <fieldset class="rating panel">
                                <legend>{b.title.clone()}</legend>
                                <input type="hidden" name=format!("views[{i}][behaviour_id]") value=b.id.clone()/>
                                <div class="scale">
                                    {(1..=5u8).map(|v| view! {
                                        <label class="scale-option">
                                            <input type="radio" name=rating_name.clone() value=v
                                                checked=kept_choice(RecordPeerViews::PATH, &rating_name, &v.to_string(), current == v)/>
                                            <span class="scale-value">{v}</span>
                                            <span class="scale-anchor">{anchor_about(b.anchor(v), &name)}</span>
                                        </label>
                                    }).collect_view()}
                                </div>
                                <label for=note_id.clone()>"What did you see? (optional)"</label>
                                <textarea id=note_id name=note_name rows="2" maxlength=super::NOTE_MAX>{textarea_text(note)}</textarea>
                            </fieldset>
                        }
                    })
                    .collect_view()}
                <p class="field-error" role="alert">{problem}</p>
                <SubmitButton label="Share what I saw" busy_label="Sharing…" pending=busy/>
            </PostForm>
        }
        .into_any()
    };
    view! {
        <h1>{format!("What you saw {} model", data.subject_name)}</h1>
        <p class="lead">
            {format!("This is the {}. Only {} sees this, with your name. Rate what you saw; leave the rest blank.", data.week.label(), data.subject_name)}
        </p>
        {body}
    }
}
