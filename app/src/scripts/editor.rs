//! The script editor: edit the texts, add, remove and reorder steps (with buttons, so
//! the keyboard works), mark the follow-up step, preview as either role, and save as
//! a new version. Saving says so plainly when someone else saved first.

use super::{
    api::{load_script, SaveScript},
    script_path,
    view::{StepList, VersionHistory},
    PairRole, ScriptContent, ScriptDetail, Step, DESCRIPTION_MAX, GUIDANCE_MAX, MINUTES_MAX,
    TITLE_MAX,
};
use crate::ui::{
    form::{textarea_text, ProblemList},
    layout::Page,
};
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

/// One step while it is being edited: a signal per field, so typing in one field
/// re-renders nothing else, and a key that follows the step when it moves.
#[derive(Clone, Copy)]
struct StepDraft {
    key: usize,
    title: RwSignal<String>,
    coach: RwSignal<String>,
    coachee: RwSignal<String>,
    /// One question per line.
    questions: RwSignal<String>,
    minutes: RwSignal<String>,
    follow_up: RwSignal<bool>,
}

impl StepDraft {
    fn new(key: usize, step: &Step) -> Self {
        Self {
            key,
            title: RwSignal::new(step.title.clone()),
            coach: RwSignal::new(step.coach_guidance.clone()),
            coachee: RwSignal::new(step.coachee_guidance.clone()),
            questions: RwSignal::new(step.questions.join("\n")),
            minutes: RwSignal::new(step.minutes.to_string()),
            follow_up: RwSignal::new(step.follow_up),
        }
    }

    fn to_step(self) -> Step {
        Step {
            title: self.title.get_untracked(),
            coach_guidance: self.coach.get_untracked(),
            coachee_guidance: self.coachee.get_untracked(),
            questions: self
                .questions
                .get_untracked()
                .lines()
                .map(str::to_owned)
                .collect(),
            // Not a number: 0, which the rules then name ("1 to 60 minutes").
            minutes: self.minutes.get_untracked().trim().parse().unwrap_or(0),
            follow_up: self.follow_up.get_untracked(),
        }
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
                <TextInput id="script-title".into() label="Title".into() value=title maxlength=TITLE_MAX/>
                <TextBox id="script-description".into() label="Description".into() value=description maxlength=DESCRIPTION_MAX/>
            </section>
            <ol class="step-editors" aria-label="Steps">
                <For each=move || steps.get() key=|d| d.key let:draft>
                    <StepEditor draft steps/>
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

/// The fields and move/remove buttons of one step.
#[component]
fn StepEditor(draft: StepDraft, steps: RwSignal<Vec<StepDraft>>) -> impl IntoView {
    let key = draft.key;
    let position = move || steps.with(|s| s.iter().position(|d| d.key == key).unwrap_or(0));
    let number = move || position() + 1;
    let id = move |what: &str| format!("step-{key}-{what}");
    let shift = move |by: isize, button: &'static str| {
        // Read the position before `update` borrows the list.
        let from = position();
        steps.update(|s| {
            let to = from as isize + by;
            if to >= 0 && (to as usize) < s.len() {
                s.swap(from, to as usize);
            }
        });
        // Moving a step moves its buttons; keep the keyboard where it was.
        focus_soon(format!("step-{key}-{button}"));
    };
    let remove = move |_| steps.update(|s| s.retain(|d| d.key != key));
    let choose_follow_up = move |ev| {
        let checked = event_target_checked(&ev);
        steps.with_untracked(|s| {
            for other in s {
                other.follow_up.set(checked && other.key == key);
            }
        });
    };
    view! {
        <li class="step-editor panel">
            <fieldset>
                <legend>{move || format!("Step {}", number())}</legend>
                <TextInput id=id("title") label="Title".into() value=draft.title maxlength=TITLE_MAX/>
                <TextBox id=id("coach") label="Guidance for the coach".into() value=draft.coach maxlength=GUIDANCE_MAX/>
                <TextBox id=id("coachee") label="Guidance for the coachee".into() value=draft.coachee maxlength=GUIDANCE_MAX/>
                <TextBox id=id("questions") label="Suggested questions, one per line".into() value=draft.questions maxlength=GUIDANCE_MAX/>
                <div class="field">
                    <label for=id("minutes")>"Timebox (minutes)"</label>
                    <input
                        id=id("minutes")
                        type="number"
                        min="1"
                        max=MINUTES_MAX
                        value=draft.minutes.get_untracked()
                        prop:value=move || draft.minutes.get()
                        on:input=move |ev| draft.minutes.set(event_target_value(&ev))
                    />
                </div>
                <div class="field checkbox">
                    <input
                        id=id("follow-up")
                        type="checkbox"
                        checked=draft.follow_up.get_untracked()
                        prop:checked=move || draft.follow_up.get()
                        on:change=choose_follow_up
                    />
                    <label for=id("follow-up")>"Follow-up step: show the pair's open commitments here"</label>
                </div>
                <div class="step-buttons">
                    <button type="button" id=id("up") class="button small" disabled=move || position() == 0 on:click=move |_| shift(-1, "up")>
                        {move || format!("Move step {} up", number())}
                    </button>
                    <button type="button" id=id("down") class="button small" disabled=move || position() + 1 >= steps.with(Vec::len) on:click=move |_| shift(1, "down")>
                        {move || format!("Move step {} down", number())}
                    </button>
                    <button type="button" class="button small danger" on:click=remove>
                        {move || format!("Remove step {}", number())}
                    </button>
                </div>
            </fieldset>
        </li>
    }
}

#[component]
fn TextInput(
    id: String,
    label: String,
    value: RwSignal<String>,
    maxlength: usize,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input
                id=id
                type="text"
                maxlength=maxlength
                value=value.get_untracked()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        </div>
    }
}

#[component]
fn TextBox(id: String, label: String, value: RwSignal<String>, maxlength: usize) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <textarea
                id=id
                rows="3"
                maxlength=maxlength
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            >
                {textarea_text(value.get_untracked())}
            </textarea>
        </div>
    }
}

/// Moves keyboard focus to the element with `id` once the browser has drawn the
/// change that created or moved it.
fn focus_soon(id: String) {
    #[cfg(feature = "hydrate")]
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        if let Some(element) = document()
            .get_element_by_id(&id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = element.focus();
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}
