//! The one error type every server function returns.
//!
//! Each variant carries words a person can act on. Database and library errors never
//! cross the wire: on the server they are logged and become [`AppError::Internal`].

use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

/// A problem with one field of a form, shown beside that field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldProblem {
    /// The form field's `name`.
    pub field: String,
    pub message: String,
}

impl FieldProblem {
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.to_owned(),
            message: message.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Please sign in to continue.")]
    NotSignedIn,
    /// Also what a caller gets for things that exist but are not theirs to see.
    #[error("We could not find that. It may have been removed, or it is not shared with you.")]
    NotFound,
    #[error("{}", join_messages(.0))]
    Invalid(Vec<FieldProblem>),
    /// Deliberately the same for an unknown email and a wrong password.
    #[error("That email and password do not match an account.")]
    BadCredentials,
    #[error("Too many attempts. Please wait a minute and try again.")]
    TooManyAttempts,
    #[error("{0}")]
    Conflict(String),
    #[error("That is more than we can take in one go. Please send less.")]
    TooLarge,
    #[error("Something went wrong on our side. Please try again in a moment.")]
    Internal,
    /// The request never reached our code, or its answer never came back.
    #[error("We could not reach the server. Check your connection and try again.")]
    Transport(String),
}

fn join_messages(problems: &[FieldProblem]) -> String {
    problems
        .iter()
        .map(|p| p.message.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

impl AppError {
    /// A validation error for a single field.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::Invalid(vec![FieldProblem::new(field, message)])
    }

    /// The message for `field`, if this error is about that field.
    pub fn message_for(&self, field: &str) -> Option<String> {
        match self {
            Self::Invalid(problems) => {
                let messages: Vec<&str> = problems
                    .iter()
                    .filter(|p| p.field == field)
                    .map(|p| p.message.as_str())
                    .collect();
                (!messages.is_empty()).then(|| messages.join(" "))
            }
            _ => None,
        }
    }

    /// The HTTP status that says what kind of refusal this is.
    pub fn status(&self) -> u16 {
        match self {
            Self::NotSignedIn | Self::BadCredentials => 401,
            Self::NotFound => 404,
            Self::Conflict(_) => 409,
            Self::TooLarge => 413,
            Self::Invalid(_) => 422,
            Self::TooManyAttempts => 429,
            Self::Internal => 500,
            // A request the server could not read (malformed arguments).
            Self::Transport(_) => 400,
        }
    }

    /// How long to wait before trying again, for throttled requests.
    pub fn retry_after_seconds(&self) -> Option<u16> {
        matches!(self, Self::TooManyAttempts).then_some(60)
    }

    /// True for errors that belong beside a field rather than above the form.
    pub fn is_about_fields(&self) -> bool {
        matches!(self, Self::Invalid(_))
    }
}

/// A form's field problems, as the error a server function returns.
impl From<Vec<FieldProblem>> for AppError {
    fn from(problems: Vec<FieldProblem>) -> Self {
        Self::Invalid(problems)
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        Self::Transport(value.to_string())
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        tracing::error!(%error, "database error");
        Self::Internal
    }
}

#[cfg(feature = "ssr")]
impl From<tower_sessions::session::Error> for AppError {
    fn from(error: tower_sessions::session::Error) -> Self {
        tracing::error!(%error, "session store error");
        Self::Internal
    }
}

/// Collects field problems so a form reports all of them at once.
#[derive(Debug, Default)]
pub struct Problems(Vec<FieldProblem>);

impl Problems {
    /// Records the error of `result` under `field` and passes on its value.
    pub fn check<T>(&mut self, field: &str, result: Result<T, String>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(message) => {
                self.0.push(FieldProblem::new(field, message));
                None
            }
        }
    }

    /// `Ok(())` when nothing was recorded.
    pub fn finish(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(self.0))
        }
    }
}
