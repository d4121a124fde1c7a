//! One step in the script editor: its fields, and the buttons that move or remove
//! it. The list of drafts is the one truth: the form, the preview and the save all
//! read it, so what is saved is what is shown.

use super::{
    editor_form::{step_field, Direction, StepChange, StepFields},
    Step, GUIDANCE_MAX, MINUTES_MAX, TITLE_MAX,
};
use crate::ui::form::textarea_text;
use leptos::prelude::*;

/// One step while it is being edited: a signal per field, so typing in one field
/// re-renders nothing else, and a key that follows the step when it moves.
#[derive(Clone, Copy)]
pub(super) struct StepDraft {
    pub key: usize,
    title: RwSignal<String>,
    coach: RwSignal<String>,
    coachee: RwSignal<String>,
    /// One question per line.
    questions: RwSignal<String>,
    minutes: RwSignal<String>,
    follow_up: RwSignal<bool>,
}

impl StepDraft {
    pub fn new(key: usize, step: StepFields) -> Self {
        Self {
            key,
            title: RwSignal::new(step.title),
            coach: RwSignal::new(step.coach_guidance),
            coachee: RwSignal::new(step.coachee_guidance),
            questions: RwSignal::new(step.questions),
            minutes: RwSignal::new(step.minutes),
            follow_up: RwSignal::new(step.follow_up),
        }
    }

    /// What a status line calls this step.
    fn name(self) -> String {
        let title = self.title.get();
        if title.trim().is_empty() {
            "An untitled step".to_owned()
        } else {
            format!("“{}”", title.trim())
        }
    }

    pub fn to_step(self) -> Step {
        StepFields {
            title: self.title.get_untracked(),
            coach_guidance: self.coach.get_untracked(),
            coachee_guidance: self.coachee.get_untracked(),
            questions: self.questions.get_untracked(),
            minutes: self.minutes.get_untracked(),
            follow_up: self.follow_up.get_untracked(),
        }
        .to_step()
    }
}

/// The fields and move/remove buttons of one step.
#[component]
pub(super) fn StepEditor(
    draft: StepDraft,
    steps: RwSignal<Vec<StepDraft>>,
    moved: RwSignal<Option<usize>>,
    /// The id of the control that takes the keyboard when the page loads.
    focus: StoredValue<Option<String>>,
) -> impl IntoView {
    let key = draft.key;
    let number = move || position_of(steps, key) + 1;
    let id = move |what: &str| format!("step-{key}-{what}");
    // Named by position, so that a form posted without JavaScript sends the order shown.
    let field_name = move |what: &str| step_field(position_of(steps, key), what);
    let name = move |what: &'static str| Signal::derive(move || field_name(what));
    let remove = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        steps.update(|s| s.retain(|d| d.key != key));
    };
    let choose_follow_up = move |ev| {
        let checked = event_target_checked(&ev);
        steps.with_untracked(|s| {
            for other in s {
                other.follow_up.set(checked && other.key == key);
            }
        });
    };
    view! {
        <li class="step-editor panel" class:moved=move || moved.get() == Some(key)>
            <fieldset>
                <legend>{move || format!("Step {}", number())}</legend>
                <DraftField id=id("title") name=name("title") label="Title".into() value=draft.title maxlength=TITLE_MAX
                    autofocus=focus.with_value(|f| f.as_deref() == Some(id("title").as_str()))/>
                <DraftField id=id("coach") name=name("coach_guidance") label="Guidance for the coach".into() value=draft.coach maxlength=GUIDANCE_MAX multiline=true/>
                <DraftField id=id("coachee") name=name("coachee_guidance") label="Guidance for the coachee".into() value=draft.coachee maxlength=GUIDANCE_MAX multiline=true/>
                <DraftField id=id("questions") name=name("questions") label="Suggested questions, one per line".into() value=draft.questions maxlength=GUIDANCE_MAX multiline=true/>
                <div class="field">
                    <label for=id("minutes")>"Timebox (minutes)"</label>
                    <input
                        id=id("minutes")
                        name=move || field_name("minutes")
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
                        name=move || field_name("follow_up")
                        value="true"
                        type="checkbox"
                        checked=draft.follow_up.get_untracked()
                        prop:checked=move || draft.follow_up.get()
                        on:change=choose_follow_up
                    />
                    <label for=id("follow-up")>"Follow-up step: show the pair's open commitments here"</label>
                </div>
                <div class="step-buttons">
                    <MoveButton key steps moved focus direction=Direction::Up/>
                    <MoveButton key steps moved focus direction=Direction::Down/>
                    <button
                        type="submit"
                        name="change"
                        value=move || StepChange::Remove(position_of(steps, key)).value()
                        class="button small danger"
                        on:click=remove
                    >
                        {move || format!("Remove step {}", number())}
                    </button>
                </div>
            </fieldset>
        </li>
    }
}

/// "Moved “Close” to step 1 of 3.", after a move; for the editor's status line.
pub(super) fn moved_text(steps: RwSignal<Vec<StepDraft>>, moved: Option<usize>) -> Option<String> {
    let key = moved?;
    let (position, draft, count) = steps.with(|s| {
        let position = s.iter().position(|d| d.key == key)?;
        Some((position, s[position], s.len()))
    })?;
    Some(format!(
        "{} moved to step {} of {count}.",
        draft.name(),
        position + 1
    ))
}

/// Where the step with `key` is in the list now (0-based).
fn position_of(steps: RwSignal<Vec<StepDraft>>, key: usize) -> usize {
    steps.with(|s| s.iter().position(|d| d.key == key).unwrap_or(0))
}

/// "Move step N up" or "… down": swaps the step with its neighbour in the one list
/// that both the form and the preview (and the save) read, then puts the keyboard
/// back on the moved step's button, or on its other one when it reached an end.
/// Without JavaScript it posts the form, and the server sends it back moved.
#[component]
fn MoveButton(
    key: usize,
    steps: RwSignal<Vec<StepDraft>>,
    moved: RwSignal<Option<usize>>,
    focus: StoredValue<Option<String>>,
    direction: Direction,
) -> impl IntoView {
    let target = move || direction.target(position_of(steps, key), steps.with(Vec::len));
    let shift = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        let from = position_of(steps, key);
        let Some(to) = target() else {
            return;
        };
        steps.update(|s| s.swap(from, to));
        moved.set(Some(key));
        let button = direction.next_button(to, steps.with_untracked(Vec::len));
        focus_soon(format!("step-{key}-{}", button.word()));
    };
    let id = format!("step-{key}-{}", direction.word());
    let starts_focused = focus.with_value(|f| f.as_deref() == Some(id.as_str()));
    let label = move || {
        format!(
            "Move step {} {}",
            position_of(steps, key) + 1,
            direction.word()
        )
    };
    view! {
        <button
            type="submit"
            name="change"
            value=move || StepChange::Move(position_of(steps, key), direction).value()
            id=id
            class="button small"
            disabled=move || target().is_none()
            autofocus=starts_focused
            on:click=shift
        >
            {label}
        </button>
    }
}

/// A labelled text field bound to `value`: one line, or a box of three lines when
/// `multiline`. `name` is what a plain form post calls it.
#[component]
pub(super) fn DraftField(
    id: String,
    #[prop(into)] name: Signal<String>,
    label: String,
    value: RwSignal<String>,
    maxlength: usize,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] autofocus: bool,
) -> impl IntoView {
    let typed = move |ev: leptos::ev::Event| value.set(event_target_value(&ev));
    let field = if multiline {
        view! {
            <textarea id=id.clone() name=move || name.get() rows="3" maxlength=maxlength autofocus=autofocus prop:value=move || value.get() on:input=typed>
                {textarea_text(value.get_untracked())}
            </textarea>
        }
        .into_any()
    } else {
        let initial = value.get_untracked();
        view! {
            <input id=id.clone() name=move || name.get() type="text" maxlength=maxlength value=initial autofocus=autofocus prop:value=move || value.get() on:input=typed/>
        }
        .into_any()
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {field}
        </div>
    }
}

/// Moves keyboard focus to the element with `id` once the browser has drawn the
/// change that created or moved it.
pub(super) fn focus_soon(id: String) {
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
