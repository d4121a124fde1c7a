//! A circle's name, purpose and rhythm, changed by a host after it was made: the
//! rhythm decides when Home says a pair has gone too long without a session, so a
//! circle that starts meeting monthly says so here.

use super::{Cadence, CircleView, NAME_MAX, PURPOSE_MAX};
use crate::{
    error::AppError,
    ui::form::{latest_error, FormError, SelectField, SubmitButton, TextArea, TextField},
};
use leptos::{form::ActionForm, prelude::*};

/// Sets the circle's name, purpose and rhythm. Hosts only; `revision` is the circle's
/// as the page showed it, so a change over another host's newer one is refused.
#[server(endpoint = "change_circle")]
pub async fn change_circle(
    circle_id: String,
    revision: i64,
    name: String,
    #[server(default)] purpose: String,
    cadence: String,
) -> Result<(), AppError> {
    use super::{api::require_host, circle_path, store, NewCircle};
    use crate::{accounts::auth::current_account, state::app_state};
    let me = current_account().await?;
    let state = app_state()?;
    let mut tx = state.db.writer.begin().await?;
    require_host(&mut *tx, &circle_id, &me).await?;
    let details = NewCircle::parse(&name, &purpose, &cadence)?;
    if !store::change_details(&mut *tx, &circle_id, revision, &details).await? {
        return Err(AppError::CircleChanged);
    }
    tx.commit().await?;
    tracing::info!(circle = %circle_id, host = %me.id, "circle details changed");
    leptos_axum::redirect(&format!("{}?notice=circle-saved", circle_path(&circle_id)));
    Ok(())
}

/// The host's form for the circle's details, folded away until asked for (or open
/// with what was typed when a change came back refused).
#[component]
pub(super) fn CircleSettingsSection(circle: StoredValue<CircleView>) -> impl IntoView {
    let action = ServerAction::<ChangeCircle>::new();
    let error = latest_error(action.value());
    let (id, revision, name, purpose, cadence) = circle.with_value(|c| {
        (
            c.id.clone(),
            c.revision,
            c.name.clone(),
            c.purpose.clone(),
            c.cadence.as_str().to_owned(),
        )
    });
    let cadences = Cadence::options();
    let refused = move || error.get().is_some();
    view! {
        <section class="panel" aria-labelledby="circle-details-heading">
            <h2 id="circle-details-heading">"Circle details"</h2>
            <FormError error/>
            <details class="confirm" open=refused>
                <summary class="button">"Change the name, purpose or rhythm"</summary>
                <ActionForm action>
                    <input type="hidden" name="circle_id" value=id/>
                    <input type="hidden" name="revision" value=revision.to_string()/>
                    <TextField label="Name" name="name" value=name maxlength=NAME_MAX error/>
                    <TextArea
                        label="Purpose"
                        name="purpose"
                        hint="In a sentence: what this circle is for."
                        value=purpose
                        maxlength=PURPOSE_MAX
                        error
                    />
                    <SelectField label="How often you meet" name="cadence" options=cadences selected=cadence error/>
                    <SubmitButton label="Save the details" busy_label="Saving…" pending=action.pending()/>
                </ActionForm>
            </details>
        </section>
    }
}
