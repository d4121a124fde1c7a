//! Script pages: the library, one script, a new script, and importing one.

use super::{
    api::{
        load_script, script_library, ArchiveScript, CreateScript, DuplicateScript, ImportScript,
    },
    format, script_path,
    view::{StepList, VersionHistory},
    Owner, ScriptDetail, ScriptSummary, DESCRIPTION_MAX, TITLE_MAX,
};
use crate::{
    circles::api::my_circles,
    error::AppError,
    ui::{
        count_of, encode_query_value,
        form::{
            latest_error, FormError, ProblemList, SelectField, SubmitButton, TextArea, TextField,
        },
        inline_script::InlineScript,
        layout::{loaded, Page},
    },
};
use leptos::{form::ActionForm, prelude::*};
use leptos_router::hooks::use_params_map;

/// The circles I belong to as select options; empty when I have none.
fn circle_choices() -> Resource<Vec<(String, String)>> {
    Resource::new_blocking(
        || (),
        |_| async move {
            my_circles()
                .await
                .map(|list| list.into_iter().map(|c| (c.id, c.name)).collect())
                .unwrap_or_default()
        },
    )
}

/// Renders `form` with my circles as select options, or says how to get a circle
/// when I am in none (scripts I write belong to one of my circles).
#[component]
fn WithCircles<F, V>(form: F) -> impl IntoView
where
    F: Fn(Vec<(String, String)>) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let circles = circle_choices();
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let form = form.clone();
                Suspend::new(async move {
                    let options = circles.await;
                    if options.is_empty() {
                        view! {
                            <p>"Scripts you write belong to one of your circles. "
                                <a href="/circles/new">"Create a circle"</a> " or join one first."</p>
                        }
                        .into_any()
                    } else {
                        form(options).into_any()
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
pub fn LibraryPage() -> impl IntoView {
    let scripts = Resource::new_blocking(|| (), |_| script_library());
    view! {
        <Page title="Scripts">
            <div class="page-heading">
                <h1>"Scripts"</h1>
                <div class="actions">
                    <a class="button" href="/scripts/import">"Import a script"</a>
                    <a class="button primary" href="/scripts/new">"New script"</a>
                </div>
            </div>
            <p class="lead">"Guided conversations for a pair: one coaches, one is coached, step by step."</p>
            <Suspense fallback=|| view! { <p class="loading">"Loading scripts…"</p> }>
                {move || Suspend::new(async move {
                    loaded(scripts.await.map(|list| {
                        let (built_in, circles): (Vec<_>, Vec<_>) =
                            list.into_iter().partition(|s| s.owner == Owner::BuiltIn);
                        view! {
                            <ScriptGroup heading="Built-in scripts" scripts=built_in empty="No built-in scripts."/>
                            <ScriptGroup
                                heading="Your circles' scripts"
                                scripts=circles
                                empty="None yet. Write one, or duplicate a built-in script into your circle to adapt it."
                            />
                        }
                    }))
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn ScriptGroup(
    heading: &'static str,
    scripts: Vec<ScriptSummary>,
    empty: &'static str,
) -> impl IntoView {
    let body = if scripts.is_empty() {
        view! { <p>{empty}</p> }.into_any()
    } else {
        view! {
            <ul class="card-list" aria-label=heading>
                {scripts
                    .into_iter()
                    .map(|s| view! {
                        <li class="card">
                            <h3><a href=script_path(&s.id)>{s.title}</a></h3>
                            <p>{s.description}</p>
                            <p class="meta">
                                {format!("{} · {} · {} min", s.owner.label(), count_of(s.step_count as i64, "step", "steps"), s.minutes)}
                            </p>
                        </li>
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <section aria-label=heading>
            <h2>{heading}</h2>
            {body}
        </section>
    }
}

#[component]
pub fn ScriptPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let script = Resource::new_blocking(move || id.get(), |id| load_script(id, None));
    view! {
        <Page title="Script">
            <Suspense fallback=|| view! { <p class="loading">"Loading the script…"</p> }>
                {move || Suspend::new(async move {
                    loaded(script.await.map(|detail| view! { <ScriptDetails detail/> }))
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn ScriptDetails(detail: ScriptDetail) -> impl IntoView {
    let minutes = detail.content.total_minutes();
    let exported = format::export(&detail.content);
    let download = format!(
        "data:application/json;charset=utf-8,{}",
        encode_query_value(&exported)
    );
    let file_name = format!(
        "{}.json",
        detail
            .content
            .title
            .to_lowercase()
            .replace(|c: char| !c.is_alphanumeric(), "-")
    );
    let editable = detail.editable;
    let edit_href = format!("{}/edit", script_path(&detail.id));
    view! {
        <div class="page-heading">
            <h1>{detail.content.title.clone()}</h1>
            <div class="actions">
                {editable.then(|| view! { <a class="button primary" href=edit_href>"Edit"</a> })}
                <a class="button" href=download download=file_name>"Export JSON"</a>
            </div>
        </div>
        <p class="lead">{detail.content.description.clone()}</p>
        <p class="meta">
            {format!(
                "{} · {} · {minutes} min · version {}",
                detail.owner.label(),
                count_of(detail.content.steps.len() as i64, "step", "steps"),
                detail.version
            )}
        </p>
        <h2>"Steps"</h2>
        <StepList steps=detail.content.steps.clone() role=None/>
        <div class="columns">
            <DuplicateForm script_id=detail.id.clone()/>
            <VersionHistory detail=detail.clone()/>
        </div>
        {editable.then(|| view! { <ArchiveForm script_id=detail.id.clone()/> })}
    }
}

#[component]
fn DuplicateForm(script_id: String) -> impl IntoView {
    let script_id = StoredValue::new(script_id);
    let duplicate = ServerAction::<DuplicateScript>::new();
    let error = latest_error(duplicate.value());
    view! {
        <section class="panel" aria-labelledby="duplicate-heading">
            <h2 id="duplicate-heading">"Adapt it for a circle"</h2>
            <p class="hint">"Make a copy in one of your circles and edit it there."</p>
            <FormError error/>
            <WithCircles form=move |options| view! {
                <ActionForm action=duplicate>
                    <input type="hidden" name="script_id" value=script_id.get_value()/>
                    <SelectField label="Circle" name="circle_id" options error/>
                    <SubmitButton label="Duplicate into circle" busy_label="Copying…" pending=duplicate.pending()/>
                </ActionForm>
            }/>
        </section>
    }
}

#[component]
fn ArchiveForm(script_id: String) -> impl IntoView {
    let archive = ServerAction::<ArchiveScript>::new();
    let error = latest_error(archive.value());
    view! {
        <details class="confirm">
            <summary class="button small">"Archive this script"</summary>
            <p class="hint">"It leaves the library. Past sessions keep the version they used."</p>
            <FormError error/>
            <ActionForm action=archive>
                <input type="hidden" name="script_id" value=script_id/>
                <SubmitButton label="Yes, archive it" busy_label="Archiving…" pending=archive.pending() danger=true/>
            </ActionForm>
        </details>
    }
}

#[component]
pub fn NewScriptPage() -> impl IntoView {
    let create = ServerAction::<CreateScript>::new();
    let error = latest_error(create.value());
    view! {
        <Page title="New script">
            <section class="panel narrow" aria-labelledby="new-script-heading">
                <h1 id="new-script-heading">"New script"</h1>
                <ProblemList error/>
                <WithCircles form=move |options| view! {
                    <ActionForm action=create>
                        <SelectField label="Circle" name="circle_id" options hint="Its members can use and edit the script." error/>
                        <TextField label="Title" name="title" maxlength=TITLE_MAX error/>
                        <TextArea label="Description" name="description" maxlength=DESCRIPTION_MAX required=false error/>
                        <SubmitButton label="Create and add steps" busy_label="Creating…" pending=create.pending()/>
                    </ActionForm>
                }/>
            </section>
        </Page>
    }
}

#[component]
pub fn ImportPage() -> impl IntoView {
    let import = ServerAction::<ImportScript>::new();
    let error = latest_error(import.value());
    view! {
        <Page title="Import a script">
            <section class="panel narrow" aria-labelledby="import-heading">
                <h1 id="import-heading">"Import a script"</h1>
                <p>
                    "Choose a script exported from Coaching Circles (a JSON file), or paste its text. "
                    "It becomes a script of the circle you choose."
                </p>
                <ProblemList error/>
                <WithCircles form=move |options| view! {
                    <ActionForm action=import>
                        <SelectField label="Circle" name="circle_id" options error/>
                        <ScriptDocument error/>
                        <SubmitButton label="Import" busy_label="Importing…" pending=import.pending()/>
                    </ActionForm>
                }/>
            </section>
        </Page>
    }
}

/// The script's text box, and a file input that reads the chosen file's text into
/// it, so people can pick an exported file instead of pasting it. Reading the file
/// takes the few lines of script after them (see `ui::inline_script`); without
/// JavaScript the file input stays hidden, as it could not fill the box.
#[component]
fn ScriptDocument(error: Signal<Option<AppError>>) -> impl IntoView {
    view! {
        <div class="field" hidden=true>
            <label for="script-file">"Script file"</label>
            <input id="script-file" type="file" accept="application/json,.json"/>
            <p class="hint" role="status"></p>
        </div>
        <TextArea label="Script JSON" name="document" error rows=10/>
        <InlineScript code=READ_FILE_SCRIPT/>
    }
}

/// Shows the file input and puts a chosen file's text into the text box.
const READ_FILE_SCRIPT: &str = r#"{const picker = document.getElementById("script-file");
const field = picker.closest(".field"), status = field.querySelector("[role=status]");
field.hidden = false;
picker.addEventListener("change", () => {
  const file = picker.files[0];
  if (!file) return;
  file.text().then(
    (text) => { document.getElementById("field-document").value = text; status.textContent = `Read ${file.name}.`; },
    () => { status.textContent = "Could not read that file. Paste its text below instead."; });
});}"#;
