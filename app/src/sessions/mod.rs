//! Coaching sessions: one pair of a circle following one script, one coaching and
//! one being coached.
//!
//! A session is planned from the circle's pairing rotation or started from the circle
//! page; the pair then meets in the session room (`/sessions/:id`), whose screens the
//! server keeps in step (see `room_events`). This file holds the types that cross the
//! wire; the README's architecture map says what each other file holds.

// Shared by the server and the browser.
pub mod api;
pub mod calendar_feed;
pub mod cancel;
pub mod commitments;
pub mod follow_through;
pub mod history;
mod in_progress;
mod notes;
pub mod pages;
pub mod reschedule;
pub mod room_api;
mod room_context;
pub mod rules;
pub mod schedule;
pub mod start;
mod summary;

// The browser's end of the room's events.
#[cfg(feature = "hydrate")]
mod event_source;

// Server only: access checks, SQL, the open rooms and their event streams.
#[cfg(feature = "ssr")]
pub mod access;
#[cfg(feature = "ssr")]
pub mod across_nodes;
#[cfg(feature = "ssr")]
pub mod calendar_files;
#[cfg(feature = "ssr")]
pub mod calendar_store;
#[cfg(feature = "ssr")]
pub mod commitment_store;
#[cfg(feature = "ssr")]
mod history_store;
#[cfg(feature = "ssr")]
pub mod ics;
#[cfg(feature = "ssr")]
pub mod open_rooms;
#[cfg(feature = "ssr")]
mod private_note_store;
#[cfg(feature = "ssr")]
mod room_change;
#[cfg(feature = "ssr")]
pub mod room_events;
#[cfg(feature = "ssr")]
mod room_state;
#[cfg(feature = "ssr")]
mod session_row;
#[cfg(feature = "ssr")]
mod step_store;
#[cfg(feature = "ssr")]
pub mod store;

use crate::scripts::{PairRole, Step};
use serde::{Deserialize, Serialize};

/// Where a session is in its life. Stored as its lower-case name; reading any other
/// text fails (and is logged) rather than passing for a planned session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "ssr",
    derive(sqlx::Type),
    sqlx(type_name = "text", rename_all = "lowercase")
)]
pub enum SessionStatus {
    Planned,
    Live,
    Done,
    Abandoned,
}

impl SessionStatus {
    pub fn label(self) -> &'static str {
        match self {
            Self::Planned => "Planned",
            Self::Live => "In progress",
            Self::Done => "Done",
            Self::Abandoned => "Not held",
        }
    }
}

/// Why a planned session was not held, when it was called off before it began.
/// Stored as its snake-case name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "ssr",
    derive(sqlx::Type),
    sqlx(type_name = "text", rename_all = "snake_case")
)]
pub enum Cancelled {
    ByCoach,
    ByCoachee,
    /// One of the pair left the circle (or a host removed them).
    MemberLeft,
    /// A host of the circle who is not one of the pair: hosts plan the rounds, so a
    /// session planned for a wrong day is theirs to take back too.
    ByHost,
}

impl Cancelled {
    /// Called off by the person in `role`.
    pub fn by(role: PairRole) -> Self {
        match role {
            PairRole::Coach => Self::ByCoach,
            PairRole::Coachee => Self::ByCoachee,
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
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
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
    /// When it is planned to start (Unix seconds), if a time was named.
    pub starts_at: Option<i64>,
    pub length_minutes: Option<i64>,
    /// That time in the viewer's zone, filled in by the server for each viewer
    /// (`schedule::show_in_zone`); none for sessions planned for a day only.
    #[cfg_attr(feature = "ssr", sqlx(skip))]
    #[serde(default)]
    pub local_time: Option<String>,
    pub created_at: i64,
    pub ended_at: Option<i64>,
    /// Set when it was called off before it began.
    #[serde(default)]
    pub cancelled: Option<Cancelled>,
}

impl SessionSummary {
    /// Where it is, as lists say it: "Cancelled" rather than "Not held" for one
    /// called off before it began.
    pub fn status_text(&self) -> &'static str {
        match (self.status, self.cancelled) {
            (SessionStatus::Abandoned, Some(_)) => "Cancelled",
            (status, _) => status.label(),
        }
    }

    /// The day to show for this session: when it ended, else when it is planned,
    /// else when it was planned. One not held shows the day it was to be, not the day
    /// someone cancelled it.
    pub fn day(&self) -> i64 {
        let (first, then) = match self.status {
            SessionStatus::Abandoned => (self.planned_for, self.ended_at),
            _ => (self.ended_at, self.planned_for),
        };
        first.or(then).unwrap_or(self.created_at)
    }

    /// When to show this session: its time in my zone while it is planned with a time
    /// ("Tue 1 Dec, 09:30–10:15 (your time, Europe/Berlin)"), else its day.
    pub fn when_text(&self) -> String {
        match (&self.local_time, self.status) {
            (Some(time), SessionStatus::Planned) => time.clone(),
            _ => crate::calendar::day_label(self.day()),
        }
    }

    /// The address of its calendar file (only its two participants may download it).
    pub fn calendar_path(&self) -> String {
        calendar_path(&self.id)
    }
}

/// The address of a session's calendar file.
pub fn calendar_path(id: &str) -> String {
    format!("/sessions/{id}/calendar.ics")
}

/// One of my own private notes, as my session history shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyNote {
    /// The step (0-based) and its title in the script version the session followed.
    pub step: usize,
    pub step_title: String,
    pub text: String,
}

/// A session of mine that has ended, with my private notes from it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PastSession {
    pub session: SessionSummary,
    pub my_notes: Vec<MyNote>,
}

/// How many of my ended sessions one page of "My sessions" lists.
pub const HISTORY_PER_PAGE: usize = 50;

/// One page of "My sessions", newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PastSessions {
    /// Counted from 1.
    pub page: u32,
    pub sessions: Vec<PastSession>,
    pub has_older: bool,
}

/// The state of a session that both participants' screens show, pushed to every open
/// screen on each change. Private notes are deliberately not part of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomState {
    pub status: SessionStatus,
    /// The current step (0-based).
    pub step: usize,
    /// Grows with every change; a screen ignores states older than the one it shows.
    pub revision: i64,
    pub paused: bool,
    /// Time on the current step when this state left the server, in milliseconds;
    /// screens count on from here.
    pub elapsed_ms: i64,
    /// Time spent on each step so far (the current one as of leaving the server).
    pub spent_ms: Vec<i64>,
    /// The shared note of each step.
    pub shared_notes: Vec<SharedNote>,
    /// Commitments made in this session.
    pub commitments: Vec<Commitment>,
    /// Open commitments from the pair's earlier sessions, for the follow-up step.
    pub earlier_commitments: Vec<Commitment>,
    /// Account ids of the participants who have the room open right now.
    pub present: Vec<String>,
    /// The reciprocal session, once someone chose "swap roles".
    pub swapped_to: Option<String>,
    /// When the session ended (done, cancelled, or closed after being left open).
    pub ended_at: Option<i64>,
    /// Set when it was called off before it began.
    #[serde(default)]
    pub cancelled: Option<Cancelled>,
}

/// A step's shared note. `version` counts saves; a save must name the version it
/// was typed over.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedNote {
    pub text: String,
    pub version: i64,
    /// Who saved it last.
    pub by: Option<String>,
}

/// Stored as its lower-case name, like [`SessionStatus`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "ssr",
    derive(sqlx::Type),
    sqlx(type_name = "text", rename_all = "lowercase")
)]
pub enum CommitmentStatus {
    Open,
    Done,
    Dropped,
}

impl CommitmentStatus {
    pub fn label(self) -> &'static str {
        match self {
            Self::Open => "Open",
            Self::Done => "Done",
            Self::Dropped => "Dropped",
        }
    }
}

/// What a coachee commits to at the end of a session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Commitment {
    pub id: String,
    pub body: String,
    /// The due day (Unix seconds, midnight UTC), if one was set.
    pub due_on: Option<i64>,
    pub status: CommitmentStatus,
    /// When it was made (Unix seconds).
    pub made_at: i64,
}

/// A commitment, with the other person of the session it was made in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeerCommitment {
    pub commitment: Commitment,
    pub peer_name: String,
}

/// Home's follow-through: my open commitments, those I helped set as the coach, and
/// how many of mine I kept of those I settled.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowThrough {
    pub made: Vec<PeerCommitment>,
    pub helped: Vec<PeerCommitment>,
    pub kept: i64,
    pub settled: i64,
}

/// One participant, as the room names them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    pub id: String,
    pub name: String,
}

/// Everything the room page needs, for one of the two participants.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomView {
    pub session_id: String,
    pub circle_id: String,
    pub circle_name: String,
    pub coach: Participant,
    pub coachee: Participant,
    pub my_role: PairRole,
    pub topic: String,
    /// `None` until a script is chosen (sessions planned from the pairing rotation).
    pub script_title: Option<String>,
    /// The steps of the pinned script version.
    pub steps: Vec<Step>,
    /// Scripts the pair may choose from, while the session is still planned.
    pub script_choices: Vec<(String, String)>,
    /// While planned: when, in my time zone (its day if no time was named).
    #[serde(default)]
    pub planned_when: Option<String>,
    /// While planned: its day, time and length as the form to change them starts.
    #[serde(default)]
    pub planned_inputs: Option<schedule::PlannedInputs>,
    /// My private note of each step. Only ever sent to its author.
    pub private_notes: Vec<String>,
    pub state: RoomState,
}

impl RoomView {
    pub fn me(&self) -> &Participant {
        match self.my_role {
            PairRole::Coach => &self.coach,
            PairRole::Coachee => &self.coachee,
        }
    }

    pub fn peer(&self) -> &Participant {
        match self.my_role {
            PairRole::Coach => &self.coachee,
            PairRole::Coachee => &self.coach,
        }
    }
}

/// My weekly check-in in my calendar feed, as the account page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedCheckin {
    pub in_feed: bool,
    /// 1 = Monday … 7 = Sunday, in my own time zone.
    pub weekday: u8,
    /// "09:30".
    pub time: String,
}
