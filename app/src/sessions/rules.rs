//! The rules the session room follows: the limits on what people write, the step
//! clock, which changes are allowed and when a session counts as abandoned, and what
//! the countdown says. Pure code, so the rules are tested without a server.

use super::SessionStatus;
use crate::{error::AppError, input::TextRule, scripts::Step};

/// Notes longer than this are refused (shared and private alike).
pub const NOTE_MAX: usize = 10_000;
/// Commitments longer than this are refused.
pub const COMMITMENT_MAX: usize = 500;
/// Commitments one session holds: more than any pair makes, few enough that the state
/// sent to both screens on every change stays small.
pub const COMMITMENTS_PER_SESSION: i64 = 20;
/// A topic the coachee brings, at most this long.
pub const TOPIC_MAX: usize = 200;
/// A live session with nobody in the room for this long counts as abandoned.
pub const ABANDON_AFTER_SECONDS: i64 = 2 * 60 * 60;
/// How many sessions a circle may have still to hold (planned, or under way): a year
/// of weekly rounds for the largest circle, with room to spare. It bounds what one
/// member can pile up, and the mail that planning sends.
pub const SESSIONS_TO_HOLD_MAX: i64 = 400;

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
        other => Err(AppError::NotLive(other)),
    }
}

/// Whether the session is still only planned, so it can start or move: a session not
/// held (cancelled, or given up) says so rather than that it started.
pub fn require_planned(status: SessionStatus) -> Result<(), AppError> {
    match status {
        SessionStatus::Planned => Ok(()),
        SessionStatus::Abandoned => Err(AppError::SessionNotHeld),
        SessionStatus::Live | SessionStatus::Done => Err(AppError::SessionStarted),
    }
}

/// Whether a circle with `to_hold` sessions still to hold may take `adding` more.
pub fn check_room_to_plan(to_hold: i64, adding: usize) -> Result<(), AppError> {
    let adding = i64::try_from(adding).unwrap_or(i64::MAX);
    if to_hold.saturating_add(adding) <= SESSIONS_TO_HOLD_MAX {
        return Ok(());
    }
    Err(AppError::invalid(
        crate::error::WHOLE_REQUEST,
        format!(
            "This circle has {to_hold} sessions planned or under way, and can hold \
             {SESSIONS_TO_HOLD_MAX}. Hold or cancel some of them first."
        ),
    ))
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
        return Err(AppError::StaleStep);
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

/// A note as people mean it: at most [`NOTE_MAX`] characters, kept as typed.
pub fn check_note(text: &str) -> Result<(), AppError> {
    TextRule {
        what: "A note",
        max: NOTE_MAX,
        when_empty: None,
        multiline: true,
    }
    .check(text)
    .map_err(|message| AppError::invalid("text", message))
}

/// A topic the coachee brings: at most [`TOPIC_MAX`] characters.
pub fn check_topic(topic: &str) -> Result<(), String> {
    TextRule {
        what: "The topic",
        max: TOPIC_MAX,
        when_empty: None,
        multiline: false,
    }
    .check(topic)
}

/// A commitment in words, at most [`COMMITMENT_MAX`] characters.
pub fn check_commitment(body: &str) -> Result<(), String> {
    TextRule {
        what: "A commitment",
        max: COMMITMENT_MAX,
        when_empty: Some("Write what you commit to."),
        multiline: true,
    }
    .check(body)
}

/// The first step (0-based) on which the pair may record the coachee's commitments:
/// any step after the one that names the goal (GROW's "Goal"); in a script with no
/// such step, its last step.
pub fn first_commitment_step(steps: &[Step]) -> usize {
    // ASCII is enough to find "goal", and the room runs this in the browser, where
    // Unicode lowercasing would add its tables to the download.
    let goal = steps
        .iter()
        .position(|step| step.title.to_ascii_lowercase().contains("goal"));
    match goal {
        Some(goal) if goal + 1 < steps.len() => goal + 1,
        _ => steps.len().saturating_sub(1),
    }
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
#[path = "rules_tests.rs"]
mod tests;
