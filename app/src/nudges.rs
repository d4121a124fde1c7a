//! Home's reminders, computed from the manager's own data: a check-in due, a
//! commitment overdue, a circle where they have had no session for longer than its
//! cadence. Plus their open commitments.

use crate::{error::AppError, sessions::Commitment};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// An open commitment of mine, with the coach who heard it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenCommitment {
    pub commitment: Commitment,
    pub coach_name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reminders {
    pub nudges: Vec<String>,
}

/// What the nudges are computed from.
pub struct Facts<'a> {
    pub now: i64,
    /// Behaviours tracked, and whether this week's check-in is done.
    pub tracking: usize,
    pub checked_in: bool,
    pub commitments: &'a [OpenCommitment],
    /// Peers who shared what they saw me model this week.
    pub peers_shared: &'a [String],
    /// Per circle: name, cadence in days, when I joined, my last session held there.
    pub circles: &'a [(String, i64, i64, Option<i64>)],
}

const DAY: i64 = 86_400;

/// The nudges for these facts, most pressing first.
pub fn nudges(facts: &Facts) -> Vec<String> {
    let mut nudges = Vec::new();
    if facts.tracking > 0 && !facts.checked_in {
        nudges.push("Your check-in for this week is due.".to_owned());
    }
    let today = facts.now.div_euclid(DAY) * DAY;
    for open in facts.commitments {
        let body = &open.commitment.body;
        match open.commitment.due_on {
            Some(due) if due < today => nudges.push(format!(
                "“{body}” was due on {}.",
                crate::calendar::day_label(due)
            )),
            Some(due) if due == today => nudges.push(format!("“{body}” is due today.")),
            Some(due) if due == today + DAY => nudges.push(format!("“{body}” is due tomorrow.")),
            _ => {}
        }
    }
    for peer in facts.peers_shared {
        nudges.push(format!(
            "{peer} shared what they saw you model this week: see your mirror."
        ));
    }
    for (name, cadence_days, joined_at, last_held) in facts.circles {
        let since = last_held.unwrap_or(*joined_at);
        if facts.now - since > cadence_days * DAY {
            let days = (facts.now - since) / DAY;
            nudges.push(format!("No session for you in {name} for {days} days."));
        }
    }
    nudges
}

/// My nudges (Home lists the commitments themselves: `sessions::follow_through`).
#[server(endpoint = "load_reminders")]
pub async fn load_reminders() -> Result<Reminders, AppError> {
    use crate::{
        accounts::auth::current_account, checkins::store as checkins, sessions::commitment_store,
        state::app_state,
    };
    let me = current_account().await?;
    let state = app_state()?;
    let reader = &state.db.reader;
    let now = state.clock.now_seconds();
    let week = crate::calendar::zone::week_at(now, &me.time_zone);
    let (made, _) = commitment_store::open_both_sides_once(reader, &me.id).await?;
    let commitments: Vec<OpenCommitment> = made
        .into_iter()
        .map(|row| OpenCommitment {
            commitment: row.commitment,
            coach_name: row.peer_name,
        })
        .collect();
    let circles: Vec<_> = crate::circles::store::circles_of_once(reader, &me.id)
        .await?
        .into_iter()
        .map(|mine| {
            (
                mine.circle.name,
                mine.circle.cadence.days(),
                mine.joined_at,
                mine.last_held_at,
            )
        })
        .collect();
    let mut peers_shared: Vec<String> =
        crate::checkins::peer_view_store::views_about(reader, &me.id, week)
            .await?
            .into_iter()
            .filter(|view| view.week == week)
            .map(|view| view.author_name)
            .collect();
    peers_shared.dedup();
    let progress = checkins::week_progress_once(reader, &me.id, week).await?;
    let facts = Facts {
        now,
        tracking: usize::try_from(progress.tracking).unwrap_or(0),
        checked_in: progress.checked_in,
        commitments: &commitments,
        peers_shared: &peers_shared,
        circles: &circles,
    };
    Ok(Reminders {
        nudges: nudges(&facts),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sessions::CommitmentStatus;

    const NOW: i64 = 1_795_424_400; // Monday 23 November 2026, 09:00 UTC

    fn commitment(body: &str, due_on: Option<i64>) -> OpenCommitment {
        OpenCommitment {
            commitment: Commitment {
                id: "c".into(),
                body: body.into(),
                due_on,
                status: CommitmentStatus::Open,
                made_at: NOW - 10 * DAY,
            },
            coach_name: "Ada".into(),
        }
    }

    #[test]
    fn nudges_come_from_the_data() {
        let commitments = [
            commitment("Overdue", Some(NOW - 3 * DAY)),
            commitment("Due today", Some(NOW.div_euclid(DAY) * DAY)),
            commitment("No date", None),
            commitment("Due tomorrow", Some(NOW.div_euclid(DAY) * DAY + DAY)),
        ];
        let peers = ["Bea".to_owned()];
        let circles = [
            (
                "Quiet circle".to_owned(),
                7,
                NOW - 30 * DAY,
                Some(NOW - 9 * DAY),
            ),
            (
                "Busy circle".to_owned(),
                7,
                NOW - 30 * DAY,
                Some(NOW - 2 * DAY),
            ),
            ("New circle".to_owned(), 14, NOW - 3 * DAY, None),
        ];
        let facts = Facts {
            now: NOW,
            tracking: 3,
            checked_in: false,
            commitments: &commitments,
            peers_shared: &peers,
            circles: &circles,
        };
        let found = nudges(&facts);
        assert_eq!(found.len(), 6, "{found:?}");
        assert!(found[0].contains("check-in"));
        assert!(found[1].contains("Overdue"));
        assert_eq!(found[2], "“Due today” is due today.");
        assert_eq!(found[3], "“Due tomorrow” is due tomorrow.");
        assert!(found[4].starts_with("Bea shared what they saw you model"));
        assert!(found[5].contains("Quiet circle") && found[5].contains("9 days"));
        let calm = Facts {
            checked_in: true,
            commitments: &[],
            peers_shared: &[],
            circles: &circles[1..],
            ..facts
        };
        assert!(nudges(&calm).is_empty());
    }
}
