//! The one error type every server function returns.
//!
//! Each variant carries words a person can act on. Database and library errors never
//! cross the wire: on the server they are logged and become [`AppError::Internal`].

use crate::sessions::{SessionStatus, SharedNote};
use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

/// The `field` of a problem with a request as a whole rather than one of its fields.
pub const WHOLE_REQUEST: &str = "";

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
    /// The session room refused a change because the session is not live.
    #[error("{}", not_live_message(*.0))]
    NotLive(SessionStatus),
    /// A move named a step the session had already left (the screen was behind).
    #[error("The session had already moved on; your screen now shows where it is.")]
    StaleStep,
    /// The peer saved a shared note after this screen loaded it. Carries their
    /// version, so the screen can show both texts side by side.
    #[error(
        "Your peer changed this note while you were typing. Both versions are shown below; \
         choose what to keep."
    )]
    NoteCollision { theirs: SharedNote },
    #[error("That commitment is already closed.")]
    CommitmentClosed,
    #[error("This session has already started.")]
    SessionStarted,
    /// A planned session that was cancelled (a member of the pair left the circle).
    #[error("This session was not held, so it can no longer start or change.")]
    SessionNotHeld,
    /// The other participant moved a planned session after this page showed its time.
    #[error(
        "Your peer changed this session's time after you opened this page, so your change \
         was not saved. See the time they chose, then change it again if you still want to."
    )]
    SessionMoved,
    #[error("End this session before swapping roles.")]
    SessionNotEnded,
    #[error("This session was not left open.")]
    SessionNotLeftOpen,
    /// Someone saved a newer version of a script after this editor opened it.
    #[error(
        "Someone saved this script after you opened it, so your changes were not saved. \
         Copy what you wrote, reload the editor to see their version, then add your changes again."
    )]
    StaleVersion,
    /// Another host changed the circle's name, purpose or rhythm after this page
    /// showed them.
    #[error(
        "Another host changed this circle's details after you opened this page, so your \
         change was not saved. See what they saved, then change it again if you still want to."
    )]
    CircleChanged,
    #[error(
        "{name} is full: a circle has at most {max} members. Ask a host to make room.",
        max = crate::circles::MAX_MEMBERS
    )]
    CircleFull { name: String },
    #[error("That is more than we can take in one go. Please send less.")]
    TooLarge,
    #[error("Something went wrong on our side. Please try again in a moment.")]
    Internal,
    /// The server gave up on the request: it had no answer within its deadline.
    #[error("That took us too long to answer. Please try again in a moment.")]
    TookTooLong,
    /// The request never reached our code, or its answer never came back.
    #[error("We could not reach the server. Check your connection and try again.")]
    Transport(String),
}

fn not_live_message(status: SessionStatus) -> &'static str {
    match status {
        SessionStatus::Planned => "This session has not started yet. Start it first.",
        SessionStatus::Live => "This session is in progress.",
        SessionStatus::Done => "This session has ended, so it can no longer be changed.",
        SessionStatus::Abandoned => {
            "This session was left open with nobody in it. Resume it to carry on."
        }
    }
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
            // Refused because of how things stand now: the session, note or script
            // moved on, or the circle is full.
            Self::CircleFull { .. }
            | Self::NotLive(_)
            | Self::StaleStep
            | Self::NoteCollision { .. }
            | Self::CommitmentClosed
            | Self::SessionStarted
            | Self::SessionNotHeld
            | Self::SessionMoved
            | Self::SessionNotEnded
            | Self::SessionNotLeftOpen
            | Self::StaleVersion
            | Self::CircleChanged => 409,
            Self::TooLarge => 413,
            Self::Invalid(_) => 422,
            Self::TooManyAttempts => 429,
            Self::Internal => 500,
            Self::TookTooLong => 503,
            // A request the server could not read (malformed arguments).
            Self::Transport(_) => 400,
        }
    }

    /// How long to wait before trying again, for throttled and abandoned requests.
    pub fn retry_after_seconds(&self) -> Option<u16> {
        match self {
            Self::TooManyAttempts => Some(60),
            Self::TookTooLong => Some(5),
            _ => None,
        }
    }

    /// True for errors that belong beside a field rather than above the form.
    pub fn is_about_fields(&self) -> bool {
        match self {
            Self::Invalid(problems) => problems.iter().all(|p| p.field != WHOLE_REQUEST),
            _ => false,
        }
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

    /// Arguments that cannot be read (wrong types, missing, not the expected shape)
    /// are the sender's mistake, not the connection's.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_)
            | ServerFnErrorErr::Serialization(_) => Self::Invalid(vec![FieldProblem::new(
                WHOLE_REQUEST,
                "Some of what was sent could not be read. Reload the page and try again.",
            )]),
            other => Self::Transport(other.to_string()),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        // PostgreSQL refuses text with a NUL character in it (SQLite stores it). Typed
        // text never gets that far, but an id sent raw can: the sender's mistake.
        if let Some(code) = error.as_database_error().and_then(|e| e.code()) {
            if code == "22021" {
                return Self::invalid(
                    WHOLE_REQUEST,
                    "Some of what was sent contains characters we cannot store.",
                );
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreadable_arguments_are_invalid_not_a_lost_connection() {
        for error in [
            ServerFnErrorErr::Args("expected an integer".into()),
            ServerFnErrorErr::MissingArg("step".into()),
            ServerFnErrorErr::Deserialization("EOF".into()),
        ] {
            let mapped = AppError::from_server_fn_error(error);
            assert!(matches!(&mapped, AppError::Invalid(_)), "{mapped:?}");
            assert!(!mapped.is_about_fields(), "shown above the form");
            assert!(!mapped.to_string().trim().is_empty());
        }
        assert!(matches!(
            AppError::from_server_fn_error(ServerFnErrorErr::Request("offline".into())),
            AppError::Transport(_)
        ));
    }
}
