//! The script editor as a plain HTML form, so that it works before (or without) the
//! wasm: the steps travel as indexed fields (`steps[2][title]`), and the add, remove
//! and move buttons are submit buttons naming a [`StepChange`], which the server
//! applies to what was sent and hands back to the editor to show, unsaved.

use super::{ScriptContent, Step, STEPS_MAX};
use crate::error::AppError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One step's fields as a form sends them: the questions as one text, a line each,
/// and the timebox as typed, so that a refused form shows it unchanged.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StepFields {
    pub title: String,
    pub coach_guidance: String,
    pub coachee_guidance: String,
    pub questions: String,
    pub minutes: String,
    /// Sent as "true" when ticked, not sent otherwise.
    pub follow_up: bool,
}

impl StepFields {
    pub fn from_step(step: &Step) -> Self {
        Self {
            title: step.title.clone(),
            coach_guidance: step.coach_guidance.clone(),
            coachee_guidance: step.coachee_guidance.clone(),
            questions: step.questions.join("\n"),
            minutes: step.minutes.to_string(),
            follow_up: step.follow_up,
        }
    }

    /// A new step's fields: five minutes, the rest blank.
    pub fn blank() -> Self {
        Self {
            minutes: "5".into(),
            ..Self::default()
        }
    }

    pub fn to_step(&self) -> Step {
        Step {
            title: self.title.clone(),
            coach_guidance: self.coach_guidance.clone(),
            coachee_guidance: self.coachee_guidance.clone(),
            questions: self.questions.lines().map(str::to_owned).collect(),
            // Not a number: 0, which the rules then name ("1 to 60 minutes").
            minutes: self.minutes.trim().parse().unwrap_or(0),
            follow_up: self.follow_up,
        }
    }
}

/// The field names of one step, `steps[2][title]` and so on.
pub fn step_field(index: usize, what: &str) -> String {
    format!("steps[{index}][{what}]")
}

/// The steps among a sent form's fields, in the order of their indexes.
pub fn steps_from_fields(fields: &[(String, String)]) -> Vec<StepFields> {
    let mut steps = BTreeMap::<usize, StepFields>::new();
    for (name, value) in fields {
        let Some((index, what)) = name
            .strip_prefix("steps[")
            .and_then(|rest| rest.strip_suffix(']'))
            .and_then(|rest| rest.split_once("]["))
        else {
            continue;
        };
        // More than a script can hold are refused anyway; a crafted post of thousands
        // is not drawn.
        let Some(index) = index.parse::<usize>().ok().filter(|i| *i < 2 * STEPS_MAX) else {
            continue;
        };
        let step = steps.entry(index).or_default();
        let value = value.clone();
        match what {
            "title" => step.title = value,
            "coach_guidance" => step.coach_guidance = value,
            "coachee_guidance" => step.coachee_guidance = value,
            "questions" => step.questions = value,
            "minutes" => step.minutes = value,
            "follow_up" => step.follow_up = value == "true",
            _ => {}
        }
    }
    steps.into_values().collect()
}

/// The form's fields for `steps`, as the page names them (to hand a changed form
/// back to the page).
pub fn fields_of_steps(steps: &[StepFields]) -> Vec<(String, String)> {
    steps
        .iter()
        .enumerate()
        .flat_map(|(i, step)| {
            let mut fields = vec![
                (step_field(i, "title"), step.title.clone()),
                (step_field(i, "coach_guidance"), step.coach_guidance.clone()),
                (
                    step_field(i, "coachee_guidance"),
                    step.coachee_guidance.clone(),
                ),
                (step_field(i, "questions"), step.questions.clone()),
                (step_field(i, "minutes"), step.minutes.clone()),
            ];
            if step.follow_up {
                fields.push((step_field(i, "follow_up"), "true".into()));
            }
            fields
        })
        .collect()
}

/// What a saved form holds.
pub fn content_of(title: String, description: String, steps: &[StepFields]) -> ScriptContent {
    ScriptContent {
        title,
        description,
        steps: steps.iter().map(StepFields::to_step).collect(),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
}

impl Direction {
    pub fn word(self) -> &'static str {
        match self {
            Self::Up => "up",
            Self::Down => "down",
        }
    }

    /// The position a step at `from` moves to, if there is one in a list of `len`.
    pub fn target(self, from: usize, len: usize) -> Option<usize> {
        match self {
            Self::Up => from.checked_sub(1),
            Self::Down => Some(from + 1).filter(|to| *to < len),
        }
    }

    pub fn other(self) -> Self {
        match self {
            Self::Up => Self::Down,
            Self::Down => Self::Up,
        }
    }

    /// Which of its two move buttons a step just moved to `to` keeps the keyboard
    /// on: the same one, or the other one once it reached an end.
    pub fn next_button(self, to: usize, len: usize) -> Self {
        if self.target(to, len).is_some() {
            self
        } else {
            self.other()
        }
    }
}

/// A change to the list of steps that a submit button asks for instead of saving.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepChange {
    Add,
    Remove(usize),
    Move(usize, Direction),
}

impl StepChange {
    /// The button's value: "add", "remove-2", "up-2", "down-2" (0-based positions).
    pub fn value(self) -> String {
        match self {
            Self::Add => "add".into(),
            Self::Remove(at) => format!("remove-{at}"),
            Self::Move(at, direction) => format!("{}-{at}", direction.word()),
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        if value == "add" {
            return Some(Self::Add);
        }
        let (what, at) = value.split_once('-')?;
        let at = at.parse().ok()?;
        match what {
            "remove" => Some(Self::Remove(at)),
            "up" => Some(Self::Move(at, Direction::Up)),
            "down" => Some(Self::Move(at, Direction::Down)),
            _ => None,
        }
    }

    /// Applies the change, or says why it cannot be made.
    pub fn apply(self, steps: &mut Vec<StepFields>) -> Result<(), AppError> {
        let gone = || AppError::invalid("steps", "That step is no longer there.");
        let room = if self == Self::Add {
            STEPS_MAX - 1
        } else {
            STEPS_MAX
        };
        if steps.len() > room {
            return Err(AppError::invalid(
                "steps",
                format!("A script can have at most {STEPS_MAX} steps."),
            ));
        }
        match self {
            Self::Add => steps.push(StepFields::blank()),
            Self::Remove(at) if at < steps.len() => {
                steps.remove(at);
            }
            Self::Move(at, direction) if at < steps.len() => {
                let to = direction.target(at, steps.len()).ok_or_else(gone)?;
                steps.swap(at, to);
            }
            Self::Remove(_) | Self::Move(..) => return Err(gone()),
        }
        Ok(())
    }

    /// After the change was applied to a list now `len` long: the position of the
    /// step that moved (for the status line), and the id of the control that takes
    /// the keyboard. Steps' ids are `step-{position}-…` in a form the server sent.
    pub fn afterwards(self, len: usize) -> (Option<usize>, Option<String>) {
        match self {
            Self::Add => (None, Some(format!("step-{}-title", len.saturating_sub(1)))),
            Self::Remove(_) => (None, Some("add-step".into())),
            Self::Move(at, direction) => {
                let to = direction.target(at, len).unwrap_or(at);
                let button = direction.next_button(to, len);
                (Some(to), Some(format!("step-{to}-{}", button.word())))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titled(title: &str) -> StepFields {
        StepFields {
            title: title.into(),
            ..StepFields::blank()
        }
    }

    #[test]
    fn fields_go_out_and_come_back_in_order() {
        let steps = vec![
            titled("Arrive"),
            StepFields {
                follow_up: true,
                questions: "Why?\nHow?".into(),
                ..titled("Close")
            },
        ];
        let mut fields = fields_of_steps(&steps);
        fields.reverse();
        fields.push(("title".into(), "Not a step".into()));
        fields.push(("steps[x][title]".into(), "No index".into()));
        assert_eq!(steps_from_fields(&fields), steps);
        assert_eq!(steps[1].to_step().questions, vec!["Why?", "How?"]);
    }

    #[test]
    fn changes_name_themselves_and_apply() {
        for change in [
            StepChange::Add,
            StepChange::Remove(2),
            StepChange::Move(1, Direction::Up),
            StepChange::Move(0, Direction::Down),
        ] {
            assert_eq!(StepChange::parse(&change.value()), Some(change));
        }
        assert_eq!(StepChange::parse("sideways-1"), None);
        assert_eq!(StepChange::parse("up-"), None);

        let mut steps = vec![titled("A"), titled("B"), titled("C")];
        StepChange::Move(0, Direction::Down)
            .apply(&mut steps)
            .expect("moves");
        let titles = |s: &[StepFields]| s.iter().map(|s| s.title.clone()).collect::<Vec<_>>();
        assert_eq!(titles(&steps), ["B", "A", "C"]);
        assert!(StepChange::Move(0, Direction::Up)
            .apply(&mut steps)
            .is_err());
        assert!(StepChange::Remove(3).apply(&mut steps).is_err());
        StepChange::Remove(0).apply(&mut steps).expect("removes");
        StepChange::Add.apply(&mut steps).expect("adds");
        assert_eq!(titles(&steps), ["A", "C", ""]);
        let mut full = vec![StepFields::blank(); STEPS_MAX];
        assert!(StepChange::Add.apply(&mut full).is_err());
        StepChange::Move(0, Direction::Down)
            .apply(&mut full)
            .expect("a full script still reorders");
        full.push(StepFields::blank());
        assert!(StepChange::Remove(0).apply(&mut full).is_err());
        assert_eq!(
            StepChange::Move(1, Direction::Down).afterwards(3),
            (Some(2), Some("step-2-up".into()))
        );
        assert_eq!(
            StepChange::Add.afterwards(3),
            (None, Some("step-2-title".into()))
        );
    }
}
