//! The script editor: edit the texts, add, remove and reorder steps (with buttons, so
//! the keyboard works), mark the follow-up step, preview as either role, and save as
//! a new version. Saving says so plainly when someone else saved first.
//!
//! It is one form: with the wasm running, its buttons change the steps in place and
//! the save sends them as JSON; without it, the form posts (see `editor_form`).

use super::{
    api::{load_script, SaveScript, SaveScriptForm},
    editor_form::{steps_from_fields, StepChange, StepFields},
    script_path,
    step_editor::{focus_soon, moved_text, DraftField, StepDraft, StepEditor},
    view::{StepList, VersionHistory},
    PairRole, ScriptContent, ScriptDetail, DESCRIPTION_MAX, TITLE_MAX,
};
use crate::ui::{
    form::ProblemList,
    islands::IslandPreload,
    kept_form::{kept_form, provide_kept, KeptForm},
    layout::{loaded, Page},
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_params_map;

#[component]
pub fn EditorPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let script = Resource::new_blocking(move || id.get(), |id| load_script(id, None));
    view! {
        <Page title="Edit script">
            <Suspense fallback=|| view! { <p class="loading">"Loading the editor…"</p> }>
                {move || Suspend::new(async move {
                    loaded(script.await.map(|detail| {
                        if detail.editable {
                            view! { <IslandPreload/><Editor detail kept=kept_form()/> }.into_any()
                        } else {
                            view! {
                                <h1>{detail.content.title}</h1>
                                <p>"This script cannot be edited here. Built-in and archived scripts stay as they are; duplicate it into one of your circles to adapt it."</p>
                                <p><a href=script_path(&detail.id)>"Back to the script"</a></p>
                            }
                            .into_any()
                        }
                    }))
                })}
            </Suspense>
        </Page>
    }
}

/// What the editor shows: the form, or a preview for one role.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Edit,
    Preview(PairRole),
}

/// What the editor starts with: the saved version, or the form the server handed
/// back (refused, or with a step added, removed or moved).
struct Start {
    title: String,
    description: String,
    steps: Vec<StepFields>,
    base_version: i64,
    /// The step the server just moved, for the status line.
    moved: Option<usize>,
    /// The control the keyboard starts on.
    focus: Option<String>,
}

impl Start {
    fn new(detail: &ScriptDetail) -> Self {
        let saved = Self {
            title: detail.content.title.clone(),
            description: detail.content.description.clone(),
            steps: detail
                .content
                .steps
                .iter()
                .map(StepFields::from_step)
                .collect(),
            base_version: detail.version,
            moved: None,
            focus: None,
        };
        // A form too large to keep comes back without its fields: the saved version.
        let Some(kept) = kept_form()
            .filter(|kept| kept.action == SaveScriptForm::PATH && !kept.fields.is_empty())
        else {
            return saved;
        };
        let text = |name: &str| kept.value(name).unwrap_or_default().to_owned();
        let steps = steps_from_fields(&kept.fields);
        let (moved, focus) = kept
            .value("change")
            .filter(|_| kept.error.is_empty())
            .and_then(StepChange::parse)
            .map(|change| change.afterwards(steps.len()))
            .unwrap_or_default();
        Self {
            title: text("title"),
            description: text("description"),
            base_version: text("base_version").parse().unwrap_or(detail.version),
            steps,
            moved,
            focus,
        }
    }
}

/// The editor runs in the browser; `kept` is a form the server handed back, which the
/// browser has no other way to know.
#[island]
fn Editor(detail: ScriptDetail, kept: Option<KeptForm>) -> impl IntoView {
    provide_kept(kept);
    let script_id = detail.id.clone();
    let start = Start::new(&detail);
    let title = RwSignal::new(start.title);
    let description = RwSignal::new(start.description);
    let next_key = StoredValue::new(start.steps.len());
    let steps = RwSignal::new(
        start
            .steps
            .into_iter()
            .enumerate()
            .map(|(k, s)| StepDraft::new(k, s))
            .collect::<Vec<_>>(),
    );
    let base_version = RwSignal::new(start.base_version);
    let mode = RwSignal::new(Mode::Edit);
    // The step moved last, which the status line names (keys are positions at first).
    let moved = RwSignal::new(start.moved);
    let focus = StoredValue::new(start.focus);
    // False until the page is live: previewing needs the wasm.
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    let save = ServerAction::<SaveScript>::new();
    // Shows the refusal of a save posted without JavaScript.
    let posted = ServerAction::<SaveScriptForm>::new();
    let error = Signal::derive(move || match save.value().get() {
        Some(result) => result.err(),
        None => posted.value().get().and_then(Result::err),
    });
    Effect::new(move |_| {
        if let Some(Ok(version)) = save.value().get() {
            base_version.set(version);
        }
    });
    let history = {
        let id = script_id.clone();
        Resource::new(
            move || base_version.get(),
            move |_| load_script(id.clone(), None),
        )
    };
    let content = move || ScriptContent {
        title: title.get_untracked(),
        description: description.get_untracked(),
        steps: steps
            .get_untracked()
            .into_iter()
            .map(StepDraft::to_step)
            .collect(),
    };
    let save_now = {
        let script_id = script_id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            save.dispatch(SaveScript {
                script_id: script_id.clone(),
                base_version: base_version.get_untracked(),
                content: content(),
            });
        }
    };
    let add_step = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        steps.update(|s| s.push(StepDraft::new(key, StepFields::blank())));
        focus_soon(format!("step-{key}-title"));
    };
    let saved = move || match save.value().get() {
        Some(Ok(version)) => Some(format!("Saved as version {version}.")),
        _ => None,
    };
    let tab = move |label: &'static str, target: Mode| {
        view! {
            <button type="button" class="button small" aria-pressed=move || (mode.get() == target).to_string() on:click=move |_| mode.set(target)>
                {label}
            </button>
        }
    };
    view! {
        <div class="page-heading">
            <h1>"Edit script"</h1>
            <a href=script_path(&script_id)>"Back to the script"</a>
        </div>
        <form method="post" action=SaveScriptForm::PATH on:submit=save_now>
        // The first submit button is the one Enter in a field presses: save, not a move.
        <button type="submit" hidden tabindex="-1">"Save"</button>
        <input type="hidden" name="script_id" value=script_id.clone()/>
        <input type="hidden" name="base_version" value=move || base_version.get().to_string()/>
        <div class="toolbar" role="group" aria-label="View" hidden=move || !live.get()>
            {tab("Edit", Mode::Edit)}
            {tab("Preview as coach", Mode::Preview(PairRole::Coach))}
            {tab("Preview as coachee", Mode::Preview(PairRole::Coachee))}
        </div>
        <ProblemList error/>
        <div role="status">{move || saved().map(|text| view! { <p class="flash">{text}</p> })}</div>
        {move || match mode.get() {
            Mode::Preview(role) => Some(view! {
                <h2>{format!("Preview as the {}", role.in_sentence())}</h2>
                <StepList steps=content().steps role=Some(role)/>
            }),
            Mode::Edit => None,
        }}
        // Hidden, not removed, while previewing: the fields keep their place and focus.
        <div hidden=move || mode.get() != Mode::Edit>
            <section class="panel" aria-label="Script">
                <DraftField id="script-title".into() name="title" label="Title".into() value=title maxlength=TITLE_MAX/>
                <DraftField id="script-description".into() name="description" label="Description".into() value=description maxlength=DESCRIPTION_MAX multiline=true/>
            </section>
            <p class="hint" role="status">{move || moved_text(steps, moved.get())}</p>
            <ol class="step-editors" aria-label="Steps">
                <For each=move || steps.get() key=|d| d.key let:draft>
                    <StepEditor draft steps moved focus/>
                </For>
            </ol>
            <button
                type="submit"
                id="add-step"
                name="change"
                value=StepChange::Add.value()
                class="button"
                autofocus=focus.with_value(|f| f.as_deref() == Some("add-step"))
                on:click=add_step
            >
                "Add a step"
            </button>
        </div>
        <div class="save-bar">
            <button type="submit" class="button primary" aria-disabled=move || save.pending().get().then_some("true")>
                {move || if save.pending().get() { "Saving…" } else { "Save as a new version" }}
            </button>
        </div>
        </form>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(history.await.map(|detail| view! { <VersionHistory detail/> }))
            })}
        </Transition>
    }
}
