//! The script editor: edit the texts, add, remove and reorder steps (with buttons, so
//! the keyboard works), mark the follow-up step, preview as either role, and save as
//! a new version. Saving says so plainly when someone else saved first.

use super::{
    api::{load_script, SaveScript},
    script_path,
    step_editor::{focus_soon, moved_text, DraftField, StepDraft, StepEditor},
    view::{StepList, VersionHistory},
    PairRole, ScriptContent, ScriptDetail, Step, DESCRIPTION_MAX, TITLE_MAX,
};
use crate::ui::{form::ProblemList, layout::Page};
use leptos::prelude::*;
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
                    script.await.map(|detail| {
                        if detail.editable {
                            view! { <Editor detail/> }.into_any()
                        } else {
                            view! {
                                <h1>{detail.content.title}</h1>
                                <p>"This script cannot be edited here. Built-in and archived scripts stay as they are; duplicate it into one of your circles to adapt it."</p>
                                <p><a href=script_path(&detail.id)>"Back to the script"</a></p>
                            }
                            .into_any()
                        }
                    })
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

#[component]
fn Editor(detail: ScriptDetail) -> impl IntoView {
    let script_id = detail.id.clone();
    let title = RwSignal::new(detail.content.title.clone());
    let description = RwSignal::new(detail.content.description.clone());
    let next_key = StoredValue::new(detail.content.steps.len());
    let steps = RwSignal::new(
        detail
            .content
            .steps
            .iter()
            .enumerate()
            .map(|(k, s)| StepDraft::new(k, s))
            .collect::<Vec<_>>(),
    );
    let base_version = RwSignal::new(detail.version);
    let mode = RwSignal::new(Mode::Edit);
    // The step moved last, which the status line names.
    let moved = RwSignal::new(None::<usize>);
    // False until the page is live: the buttons below do nothing before that.
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    let save = ServerAction::<SaveScript>::new();
    let error = Signal::derive(move || save.value().get().and_then(|r| r.err()));
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
        move |_| {
            save.dispatch(SaveScript {
                script_id: script_id.clone(),
                base_version: base_version.get_untracked(),
                content: content(),
            });
        }
    };
    let add_step = move |_| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        steps.update(|s| {
            s.push(StepDraft::new(
                key,
                &Step {
                    minutes: 5,
                    ..Step::default()
                },
            ))
        });
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
        {move || (!live.get()).then(|| view! {
            <p class="loading" role="status">"The editor is starting… (it needs JavaScript turned on)"</p>
        })}
        <div class="toolbar" role="group" aria-label="View">
            {tab("Edit", Mode::Edit)}
            {tab("Preview as coach", Mode::Preview(PairRole::Coach))}
            {tab("Preview as coachee", Mode::Preview(PairRole::Coachee))}
        </div>
        <ProblemList error/>
        <div role="status">{move || saved().map(|text| view! { <p class="flash">{text}</p> })}</div>
        {move || match mode.get() {
            Mode::Preview(role) => Some(view! {
                <h2>{format!("Preview as the {}", role.label().to_lowercase())}</h2>
                <StepList steps=content().steps role=Some(role)/>
            }),
            Mode::Edit => None,
        }}
        // Hidden, not removed, while previewing: the fields keep their place and focus.
        <div hidden=move || mode.get() != Mode::Edit>
            <section class="panel" aria-label="Script">
                <DraftField id="script-title".into() label="Title".into() value=title maxlength=TITLE_MAX/>
                <DraftField id="script-description".into() label="Description".into() value=description maxlength=DESCRIPTION_MAX multiline=true/>
            </section>
            <p class="hint" role="status">{move || moved_text(steps, moved.get())}</p>
            <ol class="step-editors" aria-label="Steps">
                <For each=move || steps.get() key=|d| d.key let:draft>
                    <StepEditor draft steps moved/>
                </For>
            </ol>
            <button type="button" class="button" on:click=add_step>"Add a step"</button>
        </div>
        <div class="save-bar">
            <button type="button" class="button primary" on:click=save_now aria-disabled=move || save.pending().get().then_some("true")>
                {move || if save.pending().get() { "Saving…" } else { "Save as a new version" }}
            </button>
        </div>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                history.await.map(|detail| view! { <VersionHistory detail/> })
            })}
        </Transition>
    }
}
