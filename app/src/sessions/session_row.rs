//! The session row the server works from: who the pair are, where the session is,
//! its clock and its status, with the names the room shows. Read by `store::find`.

use super::{rules::StepClock, Participant, SessionSummary};
use crate::scripts::PairRole;
use sqlx::FromRow;

/// A session row: what every page shows of a session, and what only the room needs.
#[derive(Debug, Clone, FromRow)]
pub struct SessionRow {
    /// Who, in which circle, and where the session is in its life. Its fields read
    /// as the row's own (`row.id`, `row.status`) through `Deref`.
    #[sqlx(flatten)]
    pub summary: SessionSummary,
    pub script_id: Option<String>,
    pub script_version: Option<i64>,
    /// How many steps the pinned script version has (0 before one is pinned).
    pub step_count: i64,
    pub topic: String,
    pub step_index: i64,
    pub step_started_ms: i64,
    pub step_elapsed_ms: i64,
    pub paused: bool,
    pub revision: i64,
    pub last_seen_at: Option<i64>,
    pub swapped_to: Option<String>,
}

impl std::ops::Deref for SessionRow {
    type Target = SessionSummary;

    fn deref(&self) -> &SessionSummary {
        &self.summary
    }
}

impl SessionRow {
    pub fn step(&self) -> usize {
        usize::try_from(self.step_index).unwrap_or(0)
    }

    pub fn step_count(&self) -> usize {
        usize::try_from(self.step_count).unwrap_or(0)
    }

    pub fn clock(&self) -> StepClock {
        StepClock {
            started_ms: self.step_started_ms,
            banked_ms: self.step_elapsed_ms,
            paused: self.paused,
        }
    }

    /// The caller's side of the pair; `None` for anyone else.
    pub fn role_of(&self, account_id: &str) -> Option<PairRole> {
        if self.coach_id == account_id {
            Some(PairRole::Coach)
        } else if self.coachee_id == account_id {
            Some(PairRole::Coachee)
        } else {
            None
        }
    }

    /// The two people of the session, in either role.
    pub fn pair(&self) -> [&str; 2] {
        let mut pair = [self.coach_id.as_str(), self.coachee_id.as_str()];
        pair.sort_unstable();
        pair
    }

    pub fn coach(&self) -> Participant {
        Participant {
            id: self.coach_id.clone(),
            name: self.coach_name.clone(),
        }
    }

    pub fn coachee(&self) -> Participant {
        Participant {
            id: self.coachee_id.clone(),
            name: self.coachee_name.clone(),
        }
    }
}
