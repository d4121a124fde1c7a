//! One step in the script editor: its fields, and the buttons that move or remove
//! it. The list of drafts is the one truth: the form, the preview and the save all
//! read it, so what is saved is what is shown.

use super::{Step, GUIDANCE_MAX, MINUTES_MAX, TITLE_MAX};
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
    pub fn new(key: usize, step: &Step) -> Self {
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

/// The fields and move/remove buttons of one step.
#[component]
pub(super) fn StepEditor(
    draft: StepDraft,
    steps: RwSignal<Vec<StepDraft>>,
    moved: RwSignal<Option<usize>>,
) -> impl IntoView {
    let key = draft.key;
    let number = move || position_of(steps, key) + 1;
    let id = move |what: &str| format!("step-{key}-{what}");
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
        <li class="step-editor panel" class:moved=move || moved.get() == Some(key)>
            <fieldset>
                <legend>{move || format!("Step {}", number())}</legend>
                <DraftField id=id("title") label="Title".into() value=draft.title maxlength=TITLE_MAX/>
                <DraftField id=id("coach") label="Guidance for the coach".into() value=draft.coach maxlength=GUIDANCE_MAX multiline=true/>
                <DraftField id=id("coachee") label="Guidance for the coachee".into() value=draft.coachee maxlength=GUIDANCE_MAX multiline=true/>
                <DraftField id=id("questions") label="Suggested questions, one per line".into() value=draft.questions maxlength=GUIDANCE_MAX multiline=true/>
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
                    <MoveButton key steps moved direction=Direction::Up/>
                    <MoveButton key steps moved direction=Direction::Down/>
                    <button type="button" class="button small danger" on:click=remove>
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

#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Up,
    Down,
}

impl Direction {
    fn word(self) -> &'static str {
        match self {
            Self::Up => "up",
            Self::Down => "down",
        }
    }

    /// The position a step at `from` moves to, if there is one in a list of `len`.
    fn target(self, from: usize, len: usize) -> Option<usize> {
        match self {
            Self::Up => from.checked_sub(1),
            Self::Down => Some(from + 1).filter(|to| *to < len),
        }
    }

    fn other(self) -> Self {
        match self {
            Self::Up => Self::Down,
            Self::Down => Self::Up,
        }
    }
}

/// "Move step N up" or "… down": swaps the step with its neighbour in the one list
/// that both the form and the preview (and the save) read, then puts the keyboard
/// back on the moved step's button, or on its other one when it reached an end.
#[component]
fn MoveButton(
    key: usize,
    steps: RwSignal<Vec<StepDraft>>,
    moved: RwSignal<Option<usize>>,
    direction: Direction,
) -> impl IntoView {
    let target = move || direction.target(position_of(steps, key), steps.with(Vec::len));
    let shift = move |_| {
        let from = position_of(steps, key);
        let Some(to) = target() else {
            return;
        };
        steps.update(|s| s.swap(from, to));
        moved.set(Some(key));
        let still_movable = direction
            .target(to, steps.with_untracked(Vec::len))
            .is_some();
        let button = if still_movable {
            direction
        } else {
            direction.other()
        };
        focus_soon(format!("step-{key}-{}", button.word()));
    };
    let label = move || {
        format!(
            "Move step {} {}",
            position_of(steps, key) + 1,
            direction.word()
        )
    };
    view! {
        <button
            type="button"
            id=format!("step-{key}-{}", direction.word())
            class="button small"
            disabled=move || target().is_none()
            on:click=shift
        >
            {label}
        </button>
    }
}

/// A labelled text field bound to `value`: one line, or a box of three lines when
/// `multiline`.
#[component]
pub(super) fn DraftField(
    id: String,
    label: String,
    value: RwSignal<String>,
    maxlength: usize,
    #[prop(optional)] multiline: bool,
) -> impl IntoView {
    let typed = move |ev: leptos::ev::Event| value.set(event_target_value(&ev));
    let field = if multiline {
        view! {
            <textarea id=id.clone() rows="3" maxlength=maxlength prop:value=move || value.get() on:input=typed>
                {textarea_text(value.get_untracked())}
            </textarea>
        }
        .into_any()
    } else {
        let initial = value.get_untracked();
        view! {
            <input id=id.clone() type="text" maxlength=maxlength value=initial prop:value=move || value.get() on:input=typed/>
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
