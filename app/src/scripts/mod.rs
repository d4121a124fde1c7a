//! Scripts: the guided conversations a pair follows, step by step.
//!
//! A script's content (title, description, steps) is saved as immutable versions: every
//! saved edit adds one, and a session pins the version it started with. Built-in
//! scripts belong to no circle and are read-only; circle scripts are written by the
//! circle's members.

pub mod api;
pub mod editor;
pub mod editor_form;
pub mod format;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod seed;
mod step_editor;
#[cfg(feature = "ssr")]
pub mod store;
pub mod view;

use crate::error::{AppError, FieldProblem};
use serde::{Deserialize, Serialize};

pub const TITLE_MAX: usize = 120;
pub const DESCRIPTION_MAX: usize = 1_000;
pub const STEPS_MAX: usize = 20;
pub const GUIDANCE_MAX: usize = 2_000;
pub const QUESTIONS_MAX: usize = 8;
pub const QUESTION_MAX: usize = 300;
pub const MINUTES_MAX: u32 = 60;
/// Scripts a circle keeps in its library (archived ones do not count).
pub const CIRCLE_SCRIPTS_MAX: i64 = 50;

/// One step of a script.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub title: String,
    /// What the person coaching does in this step.
    pub coach_guidance: String,
    /// What the person being coached does in this step.
    pub coachee_guidance: String,
    /// Questions the coach may ask.
    pub questions: Vec<String>,
    /// The timebox, shown as a countdown but never enforced.
    pub minutes: u32,
    /// The step where the pair's open commitments from earlier sessions appear.
    #[serde(default)]
    pub follow_up: bool,
}

/// What a version of a script holds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ScriptContent {
    pub title: String,
    pub description: String,
    /// Stored as a JSON list.
    #[cfg_attr(feature = "ssr", sqlx(json))]
    pub steps: Vec<Step>,
}

impl ScriptContent {
    pub fn total_minutes(&self) -> u32 {
        self.steps.iter().map(|s| s.minutes).sum()
    }

    /// Trims every text, drops blank questions: what people mean when they type.
    pub fn tidied(mut self) -> Self {
        self.title = self.title.trim().to_owned();
        self.description = self.description.trim().to_owned();
        for step in &mut self.steps {
            step.title = step.title.trim().to_owned();
            step.coach_guidance = step.coach_guidance.trim().to_owned();
            step.coachee_guidance = step.coachee_guidance.trim().to_owned();
            step.questions = step
                .questions
                .iter()
                .map(|q| q.trim().to_owned())
                .filter(|q| !q.is_empty())
                .collect();
        }
        self
    }

    /// Every rule a script must keep, all problems at once. Field names locate the
    /// problem: `title`, `steps`, `steps[2].questions`, …
    pub fn problems(&self) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        let mut say =
            |field: String, message: String| problems.push(FieldProblem { field, message });
        text_rule(&self.title, "title", "The title", TITLE_MAX, true, &mut say);
        text_rule(
            &self.description,
            "description",
            "The description",
            DESCRIPTION_MAX,
            false,
            &mut say,
        );
        if self.steps.is_empty() {
            say("steps".into(), "A script needs at least one step.".into());
        }
        if self.steps.len() > STEPS_MAX {
            say(
                "steps".into(),
                format!(
                    "A script can have at most {STEPS_MAX} steps; this one has {}.",
                    self.steps.len()
                ),
            );
        }
        if self.steps.iter().filter(|s| s.follow_up).count() > 1 {
            say(
                "steps".into(),
                "Only one step can be the follow-up step.".into(),
            );
        }
        for (i, step) in self.steps.iter().enumerate() {
            let at = |what: &str| format!("steps[{i}].{what}");
            let n = i + 1;
            text_rule(
                &step.title,
                &at("title"),
                &format!("Step {n}'s title"),
                TITLE_MAX,
                true,
                &mut say,
            );
            text_rule(
                &step.coach_guidance,
                &at("coach_guidance"),
                &format!("Step {n}'s guidance for the coach"),
                GUIDANCE_MAX,
                false,
                &mut say,
            );
            text_rule(
                &step.coachee_guidance,
                &at("coachee_guidance"),
                &format!("Step {n}'s guidance for the coachee"),
                GUIDANCE_MAX,
                false,
                &mut say,
            );
            if step.questions.len() > QUESTIONS_MAX {
                say(
                    at("questions"),
                    format!(
                        "Step {n} has {} questions; at most {QUESTIONS_MAX} fit.",
                        step.questions.len()
                    ),
                );
            }
            for (q, question) in step.questions.iter().enumerate() {
                text_rule(
                    question,
                    &at("questions"),
                    &format!("Step {n}, question {}", q + 1),
                    QUESTION_MAX,
                    true,
                    &mut say,
                );
            }
            if !(1..=MINUTES_MAX).contains(&step.minutes) {
                say(
                    at("minutes"),
                    format!("Step {n}'s timebox must be 1 to {MINUTES_MAX} minutes."),
                );
            }
        }
        problems
    }

    /// `Ok` when [`Self::problems`] finds none.
    pub fn check(&self) -> Result<(), AppError> {
        let problems = self.problems();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(problems))
        }
    }
}

fn text_rule(
    text: &str,
    field: &str,
    what: &str,
    max: usize,
    required: bool,
    say: &mut impl FnMut(String, String),
) {
    if required && text.trim().is_empty() {
        say(field.into(), format!("{what} is empty."));
    }
    let length = text.chars().count();
    if length > max {
        say(
            field.into(),
            format!("{what} is {length} characters long; at most {max} fit."),
        );
    }
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        say(
            field.into(),
            format!("{what} contains characters we cannot store."),
        );
    }
}

/// The title of a copy in `circle`: "GROW (Tuesday peers)", so that the copy and its
/// original are told apart in the library and the start-session form; numbered when
/// the circle already keeps a script of that title ("GROW (Tuesday peers) 2").
pub fn copy_title(original: &str, circle: &str, taken: &[String]) -> String {
    let suffix = format!(" ({circle})");
    let base = original.strip_suffix(&suffix).unwrap_or(original);
    let fitted = |extra: &str| {
        let room = TITLE_MAX.saturating_sub(suffix.chars().count() + extra.chars().count());
        let base: String = base.chars().take(room).collect();
        format!("{}{suffix}{extra}", base.trim_end())
    };
    let free = |title: &String| !taken.iter().any(|t| t.eq_ignore_ascii_case(title));
    std::iter::once(String::new())
        .chain((2..).map(|n| format!(" {n}")))
        .map(|extra| fitted(&extra))
        .find(free)
        .unwrap_or_else(|| fitted(""))
}

/// Who a script belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Owner {
    BuiltIn,
    Circle { id: String, name: String },
}

impl Owner {
    pub fn label(&self) -> String {
        match self {
            Self::BuiltIn => "Built-in".into(),
            Self::Circle { name, .. } => name.clone(),
        }
    }
}

/// A line of the script library.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScriptSummary {
    pub id: String,
    pub title: String,
    pub description: String,
    pub owner: Owner,
    pub version: i64,
    pub step_count: usize,
    pub minutes: u32,
}

/// Who saved a version, and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct VersionInfo {
    pub version: i64,
    /// `None` for built-in versions and for people who have deleted their account.
    pub author: Option<String>,
    pub created_at: i64,
}

/// One version of a script, with what the reader may do with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScriptDetail {
    pub id: String,
    pub owner: Owner,
    pub version: i64,
    pub content: ScriptContent,
    /// Members of the owning circle may edit; nobody edits built-ins.
    pub editable: bool,
    pub history: Vec<VersionInfo>,
}

/// Which side of the pair: whose guidance to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PairRole {
    Coach,
    Coachee,
}

impl PairRole {
    pub fn label(self) -> &'static str {
        match self {
            Self::Coach => "Coach",
            Self::Coachee => "Coachee",
        }
    }

    /// The label inside a sentence. Spelled out rather than lowercased: Unicode
    /// lowercasing brings its tables into the browser's download.
    pub fn in_sentence(self) -> &'static str {
        match self {
            Self::Coach => "coach",
            Self::Coachee => "coachee",
        }
    }
}

/// A script's page address.
pub fn script_path(id: &str) -> String {
    format!("/scripts/{id}")
}

#[cfg(test)]
mod tests;
