//! The script exchange format: a small JSON document that a script exports to and
//! imports from.
//!
//! ```json
//! {
//!   "format": "coaching-circles/script",
//!   "format_version": 1,
//!   "title": "GROW",
//!   "description": "Goal, reality, options, way forward.",
//!   "steps": [
//!     {
//!       "title": "Goal",
//!       "coach_guidance": "…",
//!       "coachee_guidance": "…",
//!       "questions": ["What do you want from this conversation?"],
//!       "minutes": 8,
//!       "follow_up": false
//!     }
//!   ]
//! }
//! ```
//!
//! Unknown fields are refused rather than dropped, so a typo never silently loses text.
//! `follow_up` may be left out (false). The same limits as the editor apply.

use super::{ScriptContent, Step};
use crate::error::{AppError, FieldProblem};
use serde::{Deserialize, Serialize};

pub const FORMAT_NAME: &str = "coaching-circles/script";
pub const FORMAT_VERSION: u32 = 1;
/// Larger documents are refused before parsing.
pub const DOCUMENT_MAX_BYTES: usize = 200_000;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    format: String,
    format_version: u32,
    title: String,
    #[serde(default)]
    description: String,
    steps: Vec<Step>,
}

/// The JSON document for `content`, pretty-printed for people who read it.
pub fn export(content: &ScriptContent) -> String {
    let document = Document {
        format: FORMAT_NAME.into(),
        format_version: FORMAT_VERSION,
        title: content.title.clone(),
        description: content.description.clone(),
        steps: content.steps.clone(),
    };
    serde_json::to_string_pretty(&document).unwrap_or_default()
}

/// Reads a document, reporting every problem found under the field `document`.
pub fn import(text: &str) -> Result<ScriptContent, AppError> {
    let problem = |message: String| AppError::Invalid(vec![FieldProblem::new("document", message)]);
    if text.trim().is_empty() {
        return Err(problem("Paste a script's JSON or choose a file.".into()));
    }
    if text.len() > DOCUMENT_MAX_BYTES {
        return Err(problem(format!(
            "The document is {} KB; at most {} KB is accepted.",
            text.len() / 1000,
            DOCUMENT_MAX_BYTES / 1000
        )));
    }
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        problem(format!(
            "This is not valid JSON (line {}, column {}).",
            e.line(),
            e.column()
        ))
    })?;
    match value.get("format_version").and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(FORMAT_VERSION) => {}
        Some(v) => {
            return Err(problem(format!(
                "This document has format version {v}; this app reads version {FORMAT_VERSION}."
            )))
        }
        None => return Err(problem("The document has no \"format_version\".".into())),
    }
    let document: Document = serde_json::from_value(value).map_err(|e| {
        problem(format!(
            "The document does not have the expected shape: {e}."
        ))
    })?;
    if document.format != FORMAT_NAME {
        return Err(problem(format!(
            "\"format\" must be \"{FORMAT_NAME}\", not \"{}\".",
            document.format
        )));
    }
    let content = ScriptContent {
        title: document.title,
        description: document.description,
        steps: document.steps,
    }
    .tidied();
    let problems = content.problems();
    if problems.is_empty() {
        Ok(content)
    } else {
        // Every rule broken, each in words that name the step.
        Err(AppError::Invalid(
            problems
                .into_iter()
                .map(|p| FieldProblem::new("document", p.message))
                .collect(),
        ))
    }
}
