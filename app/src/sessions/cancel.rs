//! Calling off a planned session: either of the pair may, until it begins, and so may a
//! host of its circle, who plans the rounds (the circle page offers it to hosts). It
//! stays on record as not held (so the circle's history is honest), its calendar event
//! becomes a cancellation, and both screens show who cancelled it. Once cancelled it
//! cannot be begun, moved or resumed; the pair plans another from the circle page.

use super::{room_context::RoomContext, Cancelled};
use crate::{
    circles::circle_path,
    error::AppError,
    ui::{
        form::{latest_error, FormError, SubmitButton},
        island_form::{IslandAction, IslandForm},
    },
};
use leptos::prelude::*;

/// Cancels a planned session, of mine or (as a host) of my circle; only before it
/// starts. One of the pair goes back to its room, a host to the circle page.
#[server(endpoint = "cancel_session")]
pub async fn cancel_session(session_id: String) -> Result<(), AppError> {
    let mut change = super::room_change::RoomChange::begin_by_pair_or_host(&session_id).await?;
    super::rules::require_planned(change.row.status)?;
    let role = change.row.role_of(&change.me.id);
    let why = role.map_or(Cancelled::ByHost, Cancelled::by);
    let (id, circle_id, now) = (
        change.row.id.clone(),
        change.row.circle_id.clone(),
        change.now_ms,
    );
    super::store::cancel(&mut change.tx, &id, why, now).await?;
    let state = change.state.clone();
    change.finish().await?;
    // The pair may have asked to hear of it.
    crate::mail::wake_sender(&state);
    let back = match role {
        Some(_) => super::session_path(&id),
        None => circle_path(&circle_id),
    };
    leptos_axum::redirect(&format!("{back}?notice=session-cancelled"));
    Ok(())
}

/// "Cancel the session", under a planned session's forms; the second click confirms.
#[component]
pub fn CancelForm(room: RoomContext) -> impl IntoView {
    let action = IslandAction::<CancelSession>::new();
    let error = latest_error(action.value());
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(()))) {
            room.resync();
        }
    });
    view! {
        <section class="panel narrow" aria-labelledby="cancel-heading">
            <h2 id="cancel-heading">"Cancel the session"</h2>
            <p>"If you cannot meet, cancel it. It stays on record as not held, and calendars that follow yours remove it."</p>
            <FormError error/>
            <details class="confirm">
                <summary class="button">"Cancel this session"</summary>
                <IslandForm action>
                    <input type="hidden" name="session_id" value=room.session_id()/>
                    <SubmitButton label="Yes, cancel it" busy_label="Cancelling…" pending=action.pending() danger=true/>
                </IslandForm>
            </details>
        </section>
    }
}

/// A session called off before it began: who did, and where to plan another.
#[component]
pub fn CancelledPanel(room: RoomContext, why: Cancelled) -> impl IntoView {
    let (me, coach, coachee, circle_id) = room.view.with_value(|v| {
        (
            v.me().id.clone(),
            v.coach.clone(),
            v.coachee.clone(),
            v.circle_id.clone(),
        )
    });
    let title = format!("{} was to coach {}", coach.name, coachee.name);
    let by = match why {
        Cancelled::ByCoach => Ok(coach),
        Cancelled::ByCoachee => Ok(coachee),
        Cancelled::ByHost => Err("The circle's host cancelled this session."),
        Cancelled::MemberLeft => {
            Err("This session was cancelled because one of you left the circle.")
        }
    };
    let reason = match by {
        Ok(person) if person.id == me => "You cancelled this session.".to_owned(),
        Ok(person) => format!("{} cancelled this session.", person.name),
        Err(reason) => reason.to_owned(),
    };
    view! {
        <h1>{title}</h1>
        <section class="panel narrow">
            <h2>"Cancelled"</h2>
            <p>{reason}</p>
            <p><a href=circle_path(&circle_id)>"Plan another from the circle page"</a></p>
        </section>
    }
}
