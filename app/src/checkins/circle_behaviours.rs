//! Behaviours a circle adds for its members, beside the built-ins. A host adds them;
//! every member then finds them among the behaviours they can track.

use crate::{
    circles::CircleView,
    error::{AppError, FieldProblem},
    input::{field_problems, TextRule},
    ui::{
        form::{latest_error, FormError, SubmitButton, TextField},
        kept_form::{kept_value, refused_here},
    },
};
use leptos::{form::ActionForm, prelude::*, server_fn::ServerFn};

pub const TITLE_MAX: usize = 120;
pub const DESCRIPTION_MAX: usize = 300;
pub const ANCHOR_MAX: usize = 60;
/// Behaviours a circle adds of its own.
pub const CIRCLE_BEHAVIOURS_MAX: i64 = 20;

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
        checkins::store,
        circles::{api::role_in, Role},
        state::app_state,
    };
    let me = current_account().await?;
    let state = app_state()?;
    let mut tx = state.db.writer.begin().await?;
    if role_in(&mut *tx, &circle_id, &me).await? != Role::Host {
        return Err(AppError::NotFound);
    }
    let behaviour = NewCircleBehaviour::parse(&title, &description, &anchors)?;
    if store::circle_behaviour_count(&mut *tx, &circle_id).await? >= CIRCLE_BEHAVIOURS_MAX {
        return Err(AppError::invalid(
            "title",
            format!("A circle can add at most {CIRCLE_BEHAVIOURS_MAX} behaviours of its own."),
        ));
    }
    store::add_circle_behaviour(&mut *tx, &circle_id, &behaviour, state.clock.now_seconds())
        .await?;
    tx.commit().await?;
    leptos_axum::redirect(&format!(
        "{}?notice=behaviour-added",
        crate::circles::circle_path(&circle_id)
    ));
    Ok(())
}

/// A behaviour a host adds: a title, a description that may be empty, and a label for
/// each rating from 1 to 5.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewCircleBehaviour {
    pub title: String,
    pub description: String,
    pub anchors: [String; 5],
}

impl NewCircleBehaviour {
    const TITLE: TextRule = TextRule {
        what: "The title",
        max: TITLE_MAX,
        when_empty: Some("The title is needed."),
        multiline: false,
    };
    const DESCRIPTION: TextRule = TextRule {
        what: "The description",
        max: DESCRIPTION_MAX,
        when_empty: None,
        multiline: false,
    };
    const ANCHOR: TextRule = TextRule {
        what: "A label",
        max: ANCHOR_MAX,
        when_empty: Some("A label is needed."),
        multiline: false,
    };

    pub fn parse(
        title: &str,
        description: &str,
        anchors: &[String],
    ) -> Result<Self, Vec<FieldProblem>> {
        let anchors: Option<Vec<String>> =
            anchors.iter().map(|a| Self::ANCHOR.parse(a).ok()).collect();
        let anchors = anchors
            .and_then(|a| <[String; 5]>::try_from(a).ok())
            .ok_or(format!(
                "Give a label of 1 to {ANCHOR_MAX} characters for each rating from 1 to 5."
            ));
        match (
            Self::TITLE.parse(title),
            Self::DESCRIPTION.parse(description),
            anchors,
        ) {
            (Ok(title), Ok(description), Ok(anchors)) => Ok(Self {
                title,
                description,
                anchors,
            }),
            (title, description, anchors) => Err(field_problems([
                ("title", title.err()),
                ("description", description.err()),
                ("anchors", anchors.err()),
            ])),
        }
    }
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
            // Open again when its post was refused (without JavaScript), to show why.
            <details open=refused_here(AddCircleBehaviour::PATH)>
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
                                let name = format!("anchors[{i}]");
                                let typed = kept_value(&name, None);
                                view! {
                                    <div class="field inline">
                                        <label for=id.clone()>{format!("{}", i + 1)}</label>
                                        <input id=id name=name value=typed required maxlength=ANCHOR_MAX/>
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
