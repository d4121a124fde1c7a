//! Behaviours a circle adds for its members, beside the built-ins. A host adds them;
//! every member then finds them among the behaviours they can track.

use crate::{
    circles::CircleView,
    error::AppError,
    ui::form::{latest_error, FormError, SubmitButton, TextField},
};
use leptos::{form::ActionForm, prelude::*};

pub const TITLE_MAX: usize = 120;
pub const DESCRIPTION_MAX: usize = 300;
pub const ANCHOR_MAX: usize = 60;

/// Adds a behaviour to the circle: a title, a one-line description and a label for
/// each rating from 1 to 5.
#[server(endpoint = "add_circle_behaviour")]
pub async fn add_circle_behaviour(
    circle_id: String,
    title: String,
    #[server(default)] description: String,
    #[server(default)] anchors: Vec<String>,
) -> Result<(), AppError> {
    use crate::{
        accounts::auth::current_account,
        circles::{api::role_in, Role},
        db::{new_id, now_seconds},
        error::Problems,
        state::app_state,
    };
    let me = current_account().await?;
    let mut tx = app_state()?.db.writer.begin().await?;
    if role_in(&mut *tx, &circle_id, &me).await? != Role::Host {
        return Err(AppError::NotFound);
    }
    let (title, description) = (title.trim(), description.trim());
    let anchors: Vec<String> = anchors.iter().map(|a| a.trim().to_owned()).collect();
    let mut problems = Problems::default();
    problems.check("title", bounded(title, 1, TITLE_MAX, "The title"));
    problems.check(
        "description",
        bounded(description, 0, DESCRIPTION_MAX, "The description"),
    );
    let anchors_ok = anchors.len() == 5
        && anchors
            .iter()
            .all(|a| bounded(a, 1, ANCHOR_MAX, "A label").is_ok());
    problems.check(
        "anchors",
        anchors_ok.then_some(()).ok_or(format!(
            "Give a label of 1 to {ANCHOR_MAX} characters for each rating from 1 to 5."
        )),
    );
    problems.finish()?;
    let anchors = serde_json::to_string(&anchors).map_err(|_| AppError::Internal)?;
    sqlx::query(
        "INSERT INTO behaviours (id, circle_id, title, description, anchors, created_at)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(new_id())
    .bind(&circle_id)
    .bind(title)
    .bind(description)
    .bind(anchors)
    .bind(now_seconds())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    leptos_axum::redirect(&format!(
        "{}?notice=behaviour-added",
        crate::circles::circle_path(&circle_id)
    ));
    Ok(())
}

#[cfg(feature = "ssr")]
fn bounded(text: &str, min: usize, max: usize, what: &str) -> Result<(), String> {
    let count = text.chars().count();
    if count < min {
        return Err(format!("{what} is needed."));
    }
    if count > max {
        return Err(format!("{what} can be at most {max} characters."));
    }
    Ok(())
}

/// The circle's own behaviours, and (for hosts) a form to add one.
#[component]
pub fn CircleBehavioursSection(circle: StoredValue<CircleView>) -> impl IntoView {
    let action = ServerAction::<AddCircleBehaviour>::new();
    let error = latest_error(action.value());
    let anchors_problem = move || error.get().and_then(|e| e.message_for("anchors"));
    let (behaviours, is_host, circle_id) = circle.with_value(|c| {
        (
            c.behaviours.clone(),
            c.my_role == crate::circles::Role::Host,
            c.id.clone(),
        )
    });
    let list = if behaviours.is_empty() {
        view! { <p>"None yet: members choose from the built-in behaviours."</p> }.into_any()
    } else {
        view! {
            <ul class="plain-list" aria-label="This circle's behaviours">
                {behaviours.into_iter().map(|b| view! { <li>{b}</li> }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let form = is_host.then(|| {
        view! {
            <details>
                <summary>"Add a behaviour"</summary>
                <FormError error/>
                <ActionForm action>
                    <input type="hidden" name="circle_id" value=circle_id/>
                    <TextField label="Behaviour" name="title" error maxlength=TITLE_MAX/>
                    <TextField label="What it looks like" name="description" error required=false maxlength=DESCRIPTION_MAX/>
                    <fieldset aria-describedby="anchors-error">
                        <legend>"A label for each rating"</legend>
                        {(0..5)
                            .map(|i| {
                                let id = format!("anchor-{i}");
                                view! {
                                    <div class="field inline">
                                        <label for=id.clone()>{format!("{}", i + 1)}</label>
                                        <input id=id name=format!("anchors[{i}]") required maxlength=ANCHOR_MAX/>
                                    </div>
                                }
                            })
                            .collect_view()}
                        <p class="field-error" id="anchors-error">{anchors_problem}</p>
                    </fieldset>
                    <SubmitButton label="Add behaviour" busy_label="Adding…" pending=action.pending()/>
                </ActionForm>
            </details>
        }
    });
    view! {
        <section class="panel" aria-labelledby="circle-behaviours-heading">
            <h2 id="circle-behaviours-heading">"Behaviours"</h2>
            {list}
            {form}
        </section>
    }
}
