//! A round of pairs a host plans, parsed from the form into a typed value: pairs of
//! current members and an optional day (and time of day) to meet.

use super::{rotation::Pairing, Member, MAX_MEMBERS};
use crate::{
    error::FieldProblem,
    input::field_problems,
    sessions::schedule::{check_planned_time, PlannedTime},
};

/// How long a planned round's sessions last. The pairs choose their script when they
/// meet, so no script's timeboxes are known yet: GROW's add up to 37 minutes, and
/// this leaves room to settle in.
pub const ROUND_MINUTES: i64 = 45;

/// A round a host accepted: pairs of current members, and the day they meet if named.
pub struct PlannedRound {
    pub pairs: Vec<Pairing>,
    pub day: Option<i64>,
    /// The time of day in the host's zone, if named.
    pub time: Option<PlannedTime>,
}

impl PlannedRound {
    pub fn parse(
        pairs: Vec<Pairing>,
        planned_for: &str,
        planned_time: &str,
        members: &[Member],
        zone: &str,
        now: i64,
    ) -> Result<Self, Vec<FieldProblem>> {
        let is_member = |id: &str| members.iter().any(|m| m.account_id == id);
        let day = check_planned_day(planned_for, now);
        let time = check_planned_time(
            day.as_ref().ok().copied().flatten(),
            planned_time,
            "",
            zone,
            ROUND_MINUTES,
            now,
        );
        match (day, check_pairs(&pairs, is_member), time) {
            (Ok(day), Ok(()), Ok(time)) => Ok(Self { pairs, day, time }),
            (day, pairs, time) => {
                let mut problems =
                    field_problems([("planned_for", day.err()), ("pairs", pairs.err())]);
                // The round's form names its time field `planned_time`.
                problems.extend(time.err().unwrap_or_default().into_iter().map(|mut p| {
                    p.field = "planned_time".into();
                    p
                }));
                Err(problems)
            }
        }
    }
}

/// An optional day, from today (UTC) up to a year ahead.
pub fn check_planned_day(raw: &str, now: i64) -> Result<Option<i64>, String> {
    use crate::calendar::{upcoming_day, DayProblem};
    upcoming_day(raw, now).map_err(|problem| {
        match problem {
            DayProblem::NotADate => "Enter the day as a date, like 2026-12-01.",
            DayProblem::InThePast => "Choose today or a day in the future.",
            DayProblem::MoreThanAYearAhead => "Choose a day within the next year.",
        }
        .to_owned()
    })
}

/// Pairs of current members, nobody paired with themselves or twice in a round.
fn check_pairs(pairs: &[Pairing], is_member: impl Fn(&str) -> bool) -> Result<(), String> {
    if pairs.is_empty() {
        return Err("There are no pairs to plan. A round needs at least two members.".into());
    }
    if pairs.len() > MAX_MEMBERS / 2 {
        return Err("That is more pairs than a circle can have.".into());
    }
    let mut seen = std::collections::HashSet::new();
    for pair in pairs {
        if !is_member(&pair.coach) || !is_member(&pair.coachee) {
            return Err("Everyone in a pair must be a member of this circle.".into());
        }
        if pair.coach == pair.coachee {
            return Err("Someone cannot coach themselves: choose two different people.".into());
        }
        if !seen.insert(pair.coach.as_str()) || !seen.insert(pair.coachee.as_str()) {
            return Err("Each person can be in only one pair per round.".into());
        }
    }
    Ok(())
}
