//! What the session room shows and the rules it follows: the state both screens
//! share, the step clock, and which changes are allowed. Pure code, so the rules are
//! tested without a server.

use super::SessionStatus;
use crate::{error::AppError, scripts::PairRole, scripts::Step};
use serde::{Deserialize, Serialize};

/// Notes longer than this are refused (shared and private alike).
pub const NOTE_MAX: usize = 10_000;
/// Commitments longer than this are refused.
pub const COMMITMENT_MAX: usize = 500;
/// A topic the coachee brings, at most this long.
pub const TOPIC_MAX: usize = 200;
/// A live session with nobody in the room for this long counts as abandoned.
pub const ABANDON_AFTER_SECONDS: i64 = 2 * 60 * 60;

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
    /// When the session ended (done, or closed after being left open).
    pub ended_at: Option<i64>,
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CommitmentStatus {
    Open,
    Done,
    Dropped,
}

impl CommitmentStatus {
    pub fn from_db(raw: &str) -> Self {
        match raw {
            "done" => Self::Done,
            "dropped" => Self::Dropped,
            _ => Self::Open,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Done => "done",
            Self::Dropped => "dropped",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Open => "Open",
            Self::Done => "Done",
            Self::Dropped => "Dropped",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commitment {
    pub id: String,
    pub body: String,
    /// The due day (Unix seconds, midnight UTC), if one was set.
    pub due_on: Option<i64>,
    pub status: CommitmentStatus,
    /// When it was made (Unix seconds).
    pub made_at: i64,
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

/// The server's clock for the current step: time banked before the running stretch,
/// plus the stretch since `started_ms` unless paused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StepClock {
    pub started_ms: i64,
    pub banked_ms: i64,
    pub paused: bool,
}

impl StepClock {
    /// A step entered at `now_ms` that already had `banked_ms` spent on it.
    pub fn enter(now_ms: i64, banked_ms: i64, paused: bool) -> Self {
        Self {
            started_ms: now_ms,
            banked_ms,
            paused,
        }
    }

    pub fn elapsed_at(&self, now_ms: i64) -> i64 {
        if self.paused {
            self.banked_ms
        } else {
            self.banked_ms + (now_ms - self.started_ms).max(0)
        }
    }

    pub fn pause(self, now_ms: i64) -> Self {
        Self {
            started_ms: now_ms,
            banked_ms: self.elapsed_at(now_ms),
            paused: true,
        }
    }

    pub fn resume(self, now_ms: i64) -> Self {
        if !self.paused {
            return self;
        }
        Self {
            started_ms: now_ms,
            banked_ms: self.banked_ms,
            paused: false,
        }
    }
}

/// Whether the session can be changed at all (it is live).
pub fn require_live(status: SessionStatus) -> Result<(), AppError> {
    match status {
        SessionStatus::Live => Ok(()),
        SessionStatus::Planned => Err(AppError::Conflict(
            "This session has not started yet. Start it first.".into(),
        )),
        SessionStatus::Done => Err(AppError::Conflict(
            "This session has ended, so it can no longer be changed.".into(),
        )),
        SessionStatus::Abandoned => Err(AppError::Conflict(
            "This session was left open with nobody in it. Resume it to carry on.".into(),
        )),
    }
}

/// Checks a move from step `from` to step `to` while the session is on `current`.
/// The move names where it was made from, so a screen that had not yet caught up can
/// never move the session back by accident.
pub fn check_move(
    status: SessionStatus,
    current: usize,
    from: usize,
    to: usize,
    step_count: usize,
) -> Result<(), AppError> {
    require_live(status)?;
    if from != current {
        return Err(AppError::Conflict(
            "The session had already moved on; your screen now shows where it is.".into(),
        ));
    }
    if to >= step_count {
        return Err(AppError::invalid(
            "to",
            "There is no step after the last one.",
        ));
    }
    if to == from {
        return Err(AppError::invalid(
            "to",
            "The session is already on that step.",
        ));
    }
    Ok(())
}

/// A live session nobody has had open since `last_seen_at` is abandoned after
/// [`ABANDON_AFTER_SECONDS`]; someone present keeps it alive whatever the time.
pub fn is_abandoned(
    status: SessionStatus,
    last_seen_at: i64,
    now: i64,
    anyone_present: bool,
) -> bool {
    status == SessionStatus::Live && !anyone_present && now - last_seen_at >= ABANDON_AFTER_SECONDS
}

/// A note as people mean it: at most [`NOTE_MAX`] characters.
pub fn check_note(text: &str) -> Result<(), AppError> {
    if text.chars().count() > NOTE_MAX {
        return Err(AppError::invalid(
            "text",
            format!("Notes can be at most {NOTE_MAX} characters."),
        ));
    }
    Ok(())
}

/// "12:05" for 12 minutes 5 seconds; hours are counted in minutes ("75:00").
pub fn format_duration(ms: i64) -> String {
    let seconds = ms.unsigned_abs() / 1000;
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// What the countdown says for `elapsed_ms` of a `minutes` timebox: the time left,
/// or how far over it the step has run (never enforced).
pub fn countdown_text(minutes: u32, elapsed_ms: i64) -> (String, bool) {
    let left = i64::from(minutes) * 60_000 - elapsed_ms;
    if left >= 0 {
        // Round up, so a step shows its full timebox when it starts and 0:00 at the end.
        (format_duration(left + 999), false)
    } else {
        (format!("{} over", format_duration(-left)), true)
    }
}

#[cfg(test)]
#[path = "room_tests.rs"]
mod tests;
