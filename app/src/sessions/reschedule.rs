//! Changing a planned session's time: either of the pair moves it to another day or
//! time, typed in their own zone. Its calendar event keeps its UID and gets a higher
//! SEQUENCE, so calendar apps replace the copy they hold. A change names the revision
//! of the session the page showed; if the peer moved it in between, nothing is written
//! and the page says so (two people fixing a time at once must not lose one's change
//! without noticing).

use super::{room_context::RoomContext, schedule::PlannedInputs};
use crate::{
    error::AppError,
    ui::{
        form::{latest_error, FormError, SubmitButton, TextField},
        island_form::{IslandAction, IslandForm},
    },
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A planned session's time after a change, as the person who changed it sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewTime {
    /// "Tue 1 Dec, 09:30–10:07 (your time, Europe/Berlin)", or its day.
    pub when: String,
    /// The session's revision with this time: what the next change names.
    pub revision: i64,
}

/// Moves a planned session of mine to another day, optionally at a time in my zone
/// (blank: the day only) and for a length (blank: as long as before). Only the pair
/// may, and only before it starts; `revision` is the session's as the page showed it.
#[server(endpoint = "change_session_time")]
pub async fn change_session_time(
    session_id: String,
    revision: i64,
    #[server(default)] day: String,
    #[server(default)] time: String,
    #[server(default)] length: String,
) -> Result<NewTime, AppError> {
    use super::{
        room_change::RoomChange,
        schedule::{check_planned_time, script_minutes, show_in_zone},
        store,
    };
    use crate::{
        circles::planned_round::{check_planned_day, ROUND_MINUTES},
        input::field_problems,
        scripts::store as scripts,
    };
    let mut change = RoomChange::begin(&session_id).await?;
    super::rules::require_planned(change.row.status)?;
    if change.row.revision != revision {
        return Err(AppError::SessionMoved);
    }
    let now = change.now_ms / 1000;
    let row = change.row.clone();
    // Blank keeps the length it had; a session planned for a day only takes its
    // script's timeboxes, or a round's length when the pair has not chosen a script.
    let default_length = match (row.length_minutes, &row.script_id, row.script_version) {
        (Some(length), ..) => length,
        (None, Some(id), Some(version)) => scripts::find(&mut *change.tx, id, Some(version))
            .await?
            .map_or(ROUND_MINUTES, |s| script_minutes(&s.content.steps)),
        _ => ROUND_MINUTES,
    };
    let day = check_planned_day(&day, now)
        .and_then(|day| day.ok_or_else(|| "Choose the day to move the session to.".to_owned()));
    let time = check_planned_time(
        day.as_ref().ok().copied(),
        &time,
        &length,
        &change.me.time_zone,
        default_length,
        now,
    );
    let (day, time) = match (day, time) {
        (Ok(day), Ok(time)) => (day, time),
        (day, time) => {
            let mut problems = field_problems([("day", day.err())]);
            problems.extend(time.err().unwrap_or_default());
            return Err(problems.into());
        }
    };
    let unchanged = row.planned_for == Some(day)
        && row.starts_at == time.as_ref().map(|t| t.starts_at)
        && row.length_minutes == time.as_ref().map(|t| t.length_minutes);
    if !unchanged {
        store::set_planned_time(&mut change.tx, &row.id, day, time.as_ref()).await?;
    }
    let moved = store::find(&mut *change.tx, &row.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut shown = [moved.summary.clone()];
    show_in_zone(&mut shown, &change.me.time_zone);
    let new = NewTime {
        when: shown[0].when_text(),
        revision: moved.revision,
    };
    change.finish().await?;
    leptos_axum::redirect(&format!(
        "{}?notice=session-moved",
        super::session_path(&session_id)
    ));
    Ok(new)
}

/// "Change the time", under a planned session's time. With JavaScript the time shown
/// above follows the change; without it the page comes back whole.
#[component]
pub fn ChangeTimeForm(
    room: RoomContext,
    /// The time shown above the form, updated after a change.
    when: RwSignal<Option<String>>,
) -> impl IntoView {
    let action = IslandAction::<ChangeSessionTime>::new();
    let error = latest_error(action.value());
    let (id, inputs, loaded) = room.view.with_value(|v| {
        let inputs: PlannedInputs = v.planned_inputs.clone().unwrap_or_default();
        (v.session_id.clone(), inputs, v.state.revision)
    });
    // The revision of the time this page shows: the one loaded, then each change of
    // mine. The room's own revision also counts the peer's changes, which this page
    // has not shown, so it cannot stand in for it.
    let shown_revision = RwSignal::new(loaded);
    Effect::new(move |_| {
        if let Some(Ok(new)) = action.value().get() {
            shown_revision.set(new.revision);
            when.set(Some(new.when));
        }
    });
    let moved_by_peer = move || room.state.with(|s| s.revision) > shown_revision.get();
    let path = super::session_path(&id);
    view! {
        <section class="panel narrow" aria-labelledby="change-time-heading">
            <h2 id="change-time-heading">"Change the time"</h2>
            {move || moved_by_peer().then(|| view! {
                <p class="form-error" role="status">
                    "Your peer has changed this session. "
                    <a href=path.clone()>"Reload to see the time they chose"</a>
                </p>
            })}
            <FormError error/>
            <IslandForm action>
                <input type="hidden" name="session_id" value=id/>
                <input type="hidden" name="revision" value=move || shown_revision.get().to_string()/>
                <TextField label="New day" name="day" kind="date" error value=inputs.day/>
                <TextField label="New start time (optional)" name="time" kind="time" error required=false
                    value=inputs.time hint="In your own time zone. Leave empty for the day only."/>
                <TextField label="New length in minutes (optional)" name="length" kind="number" error required=false
                    value=inputs.length maxlength=3 hint="Leave empty to keep its length."/>
                <SubmitButton label="Save the new time" busy_label="Saving…" pending=action.pending()/>
            </IslandForm>
        </section>
    }
}
