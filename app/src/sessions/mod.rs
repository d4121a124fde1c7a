//! Coaching sessions: one pair of a circle following one script, one coaching and
//! one being coached.
//!
//! A session is planned from the circle's pairing rotation or started from the circle
//! page; the pair then meets in the session room (`/sessions/:id`), whose screens the
//! server keeps in step (see `live`).

#[cfg(feature = "ssr")]
mod access;
pub mod actions;
pub mod api;
#[cfg(feature = "hydrate")]
mod client;
pub mod commitments;
#[cfg(feature = "ssr")]
pub mod live;
mod live_view;
mod notes;
pub mod pages;
pub mod room;
#[cfg(feature = "ssr")]
mod room_content;
#[cfg(feature = "ssr")]
pub mod room_store;
pub mod start;
#[cfg(feature = "ssr")]
pub mod store;
mod summary;

use serde::{Deserialize, Serialize};

/// Where a session is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SessionStatus {
    Planned,
    Live,
    Done,
    Abandoned,
}

impl SessionStatus {
    pub fn from_db(raw: &str) -> Self {
        match raw {
            "live" => Self::Live,
            "done" => Self::Done,
            "abandoned" => Self::Abandoned,
            _ => Self::Planned,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Planned => "planned",
            Self::Live => "live",
            Self::Done => "done",
            Self::Abandoned => "abandoned",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Planned => "Planned",
            Self::Live => "In progress",
            Self::Done => "Done",
            Self::Abandoned => "Not held",
        }
    }
}

/// The session room's address.
pub fn session_path(id: &str) -> String {
    format!("/sessions/{id}")
}

/// A session's metadata: who coached whom, when, and whether it happened. This is all
/// that circle members who are not the pair may ever see of a session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionSummary {
    pub id: String,
    pub circle_id: String,
    pub circle_name: String,
    pub coach_id: String,
    pub coach_name: String,
    pub coachee_id: String,
    pub coachee_name: String,
    pub status: SessionStatus,
    /// The day the pair plans to meet (Unix seconds, midnight UTC), if named.
    pub planned_for: Option<i64>,
    pub created_at: i64,
    pub ended_at: Option<i64>,
}

impl SessionSummary {
    /// The day to show for this session: when it ended, else when it is planned,
    /// else when it was planned.
    pub fn day(&self) -> i64 {
        self.ended_at
            .or(self.planned_for)
            .unwrap_or(self.created_at)
    }
}
