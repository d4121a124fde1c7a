//! The circle's progress over the last quarter (`CircleProgress`): read from the
//! sessions, commitments and check-ins tables, and counted here so that only figures
//! enough people contributed to leave the server.

use super::{
    rotation::Pairing, CircleProgress, KeptCommitments, Member, ProgressWeek, RotationProgress,
    PROGRESS_MIN_PEOPLE, PROGRESS_WEEKS,
};
use crate::db::{Conn, Pool};
use crate::on_db;
use crate::{
    calendar::{zone::week_at, IsoWeek},
    error::AppError,
};
use sqlx::FromRow;
use std::collections::{BTreeMap, HashMap, HashSet};

/// A session the circle held (done), whenever it was.
#[derive(FromRow)]
pub struct HeldSession {
    pub coach: String,
    pub coachee: String,
    pub ended_at: i64,
}

/// A commitment from one of the circle's sessions, settled done or dropped.
#[derive(FromRow)]
pub struct SettledCommitment {
    pub coachee: String,
    pub kept: bool,
}

/// How many current members checked in for one week.
#[derive(FromRow)]
pub struct WeekCheckins {
    pub week: IsoWeek,
    pub people: i64,
}

/// The circle's progress as `viewer_zone` sees the weeks, at `now`.
pub async fn progress(
    reader: &Pool,
    circle_id: &str,
    members: &[Member],
    now: i64,
    viewer_zone: &str,
) -> Result<CircleProgress, AppError> {
    let weeks = week_at(now, viewer_zone).last(PROGRESS_WEEKS);
    let since = weeks[0].earliest_start();
    let held: Vec<HeldSession> = on_db!(
        reader,
        sqlx::query_as(
            "SELECT coach_id AS coach, coachee_id AS coachee, ended_at FROM sessions
         WHERE circle_id = $1 AND status = 'done' AND ended_at IS NOT NULL",
        )
        .bind(circle_id)
        .fetch_all
    )?;
    let settled: Vec<SettledCommitment> = on_db!(
        reader,
        sqlx::query_as(
            "SELECT s.coachee_id AS coachee, c.status = 'done' AS kept
         FROM commitments c JOIN sessions s ON s.id = c.session_id
         WHERE s.circle_id = $1 AND c.status IN ('done', 'dropped') AND c.closed_at >= $2",
        )
        .bind(circle_id)
        .bind(since)
        .fetch_all
    )?;
    let checkins: Vec<WeekCheckins> = on_db!(
        reader,
        sqlx::query_as(
            "SELECT c.week AS week, COUNT(*) AS people FROM checkins c
         JOIN circle_members m ON m.account_id = c.account_id AND m.circle_id = $1
         WHERE c.week >= $2 GROUP BY c.week",
        )
        .bind(circle_id)
        .bind(weeks[0])
        .fetch_all
    )?;
    let in_weeks: Vec<(IsoWeek, &HeldSession)> = held
        .iter()
        .map(|s| (week_at(s.ended_at, viewer_zone), s))
        .filter(|(week, _)| *week >= weeks[0])
        .collect();
    Ok(CircleProgress {
        weeks: by_week(&weeks, &in_weeks, &checkins),
        rotation: rotation(members, &held),
        commitments: kept(&settled),
    })
}

/// Sessions and check-ins per week; `None` until enough people held sessions.
fn by_week(
    weeks: &[IsoWeek],
    held: &[(IsoWeek, &HeldSession)],
    checkins: &[WeekCheckins],
) -> Option<Vec<ProgressWeek>> {
    let people: HashSet<&str> = held
        .iter()
        .flat_map(|(_, s)| [s.coach.as_str(), s.coachee.as_str()])
        .collect();
    if people.len() < PROGRESS_MIN_PEOPLE {
        return None;
    }
    let mut sessions: BTreeMap<IsoWeek, u32> = BTreeMap::new();
    for (week, _) in held {
        *sessions.entry(*week).or_default() += 1;
    }
    let checked_in: HashMap<IsoWeek, i64> = checkins.iter().map(|c| (c.week, c.people)).collect();
    Some(
        weeks
            .iter()
            .map(|&week| ProgressWeek {
                week,
                sessions: sessions.get(&week).copied().unwrap_or(0),
                checked_in: checked_in
                    .get(&week)
                    .filter(|&&n| n >= PROGRESS_MIN_PEOPLE as i64)
                    .map(|&n| n as u32),
            })
            .collect(),
    )
}

/// Where the circle stands in its rotation. A rotation is complete when every member
/// has coached every other once more; with fewer than three members there is none.
fn rotation(members: &[Member], held: &[HeldSession]) -> Option<RotationProgress> {
    let ids: Vec<&str> = members.iter().map(|m| m.account_id.as_str()).collect();
    let held: Vec<(&str, &str)> = held
        .iter()
        .map(|s| (s.coach.as_str(), s.coachee.as_str()))
        .collect();
    rotation_of(&ids, &held)
}

/// [`rotation`] of members by id, from the (coach, coachee) pairs of held sessions.
fn rotation_of(members: &[&str], held: &[(&str, &str)]) -> Option<RotationProgress> {
    if members.len() < PROGRESS_MIN_PEOPLE {
        return None;
    }
    let mut met: HashMap<(&str, &str), u32> = HashMap::new();
    for &pair in held {
        *met.entry(pair).or_default() += 1;
    }
    let pairs: Vec<(Pairing, u32)> = members
        .iter()
        .flat_map(|&coach| members.iter().map(move |&coachee| (coach, coachee)))
        .filter(|(coach, coachee)| coach != coachee)
        .map(|(coach, coachee)| {
            let times = met.get(&(coach, coachee)).copied().unwrap_or(0);
            let pairing = Pairing {
                coach: coach.to_owned(),
                coachee: coachee.to_owned(),
            };
            (pairing, times)
        })
        .collect();
    let completed = pairs.iter().map(|(_, times)| *times).min().unwrap_or(0);
    let to_meet: Vec<Pairing> = pairs
        .iter()
        .filter(|(_, times)| *times == completed)
        .map(|(pairing, _)| pairing.clone())
        .collect();
    Some(RotationProgress {
        completed,
        met: (pairs.len() - to_meet.len()) as u32,
        to_meet,
    })
}

/// One of someone's circles and how many full rotations its current members have
/// completed (every member coached and was coached by every other, once more).
pub struct CompletedRotations {
    pub circle_id: String,
    pub completed: u32,
}

/// A circle's member ids and the (coach, coachee) pairs of the sessions it held.
type MembersAndHeld<'a> = (Vec<&'a str>, Vec<(&'a str, &'a str)>);

/// A member of a circle, or a session held in one, among someone's circles.
#[derive(FromRow)]
struct InCircle {
    circle_id: String,
    account_id: String,
    coachee_id: String,
}

/// For each of `account_id`'s circles (not archived) with three members or more, the
/// rotations its current members completed, counted as the circle page counts them.
/// Two queries for all the circles, whatever their number.
pub async fn completed_rotations_of(
    db: &mut Conn,
    account_id: &str,
) -> Result<Vec<CompletedRotations>, AppError> {
    let mine = "SELECT m.circle_id FROM circle_members m JOIN circles c ON c.id = m.circle_id
                WHERE m.account_id = $1 AND c.archived_at IS NULL";
    let members: Vec<InCircle> = on_db!(
        &mut *db,
        sqlx::query_as(&format!(
            "SELECT circle_id, account_id, '' AS coachee_id FROM circle_members
         WHERE circle_id IN ({mine}) ORDER BY circle_id, joined_at, account_id"
        ))
        .bind(account_id)
        .fetch_all
    )?;
    let held: Vec<InCircle> = on_db!(
        &mut *db,
        sqlx::query_as(&format!(
            "SELECT circle_id, coach_id AS account_id, coachee_id FROM sessions
         WHERE status = 'done' AND circle_id IN ({mine})"
        ))
        .bind(account_id)
        .fetch_all
    )?;
    let mut circles: BTreeMap<&str, MembersAndHeld> = BTreeMap::new();
    for m in &members {
        circles
            .entry(&m.circle_id)
            .or_default()
            .0
            .push(&m.account_id);
    }
    for s in &held {
        if let Some((_, pairs)) = circles.get_mut(s.circle_id.as_str()) {
            pairs.push((&s.account_id, &s.coachee_id));
        }
    }
    Ok(circles
        .into_iter()
        .filter_map(|(circle_id, (ids, pairs))| {
            rotation_of(&ids, &pairs).map(|r| CompletedRotations {
                circle_id: circle_id.to_owned(),
                completed: r.completed,
            })
        })
        .collect())
}

/// Commitments kept of those settled; `None` until enough coachees settled some.
fn kept(settled: &[SettledCommitment]) -> Option<KeptCommitments> {
    let people: HashSet<&str> = settled.iter().map(|c| c.coachee.as_str()).collect();
    (people.len() >= PROGRESS_MIN_PEOPLE).then(|| KeptCommitments {
        kept: settled.iter().filter(|c| c.kept).count() as u32,
        settled: settled.len() as u32,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::circles::Role;

    fn member(id: &str) -> Member {
        Member {
            account_id: id.into(),
            display_name: id.to_uppercase(),
            role: Role::Member,
            joined_at: 0,
        }
    }

    fn held(coach: &str, coachee: &str) -> HeldSession {
        HeldSession {
            coach: coach.into(),
            coachee: coachee.into(),
            ended_at: 0,
        }
    }

    #[test]
    fn a_rotation_counts_coach_to_coachee_pairings_until_all_have_met() {
        let members = [member("a"), member("b"), member("c")];
        let fresh = rotation(&members, &[]).expect("three members");
        assert_eq!((fresh.completed, fresh.met, fresh.to_meet.len()), (0, 0, 6));
        let some = rotation(&members, &[held("a", "b"), held("b", "c")]).expect("shown");
        assert_eq!((some.completed, some.met, some.to_meet.len()), (0, 2, 4));
        let all: Vec<HeldSession> = [
            ("a", "b"),
            ("b", "a"),
            ("a", "c"),
            ("c", "a"),
            ("b", "c"),
            ("c", "b"),
        ]
        .iter()
        .map(|(x, y)| held(x, y))
        .collect();
        let round = rotation(&members, &all).expect("shown");
        assert_eq!((round.completed, round.met, round.to_meet.len()), (1, 0, 6));
    }

    #[test]
    fn figures_wait_for_three_people() {
        assert_eq!(rotation(&[member("a"), member("b")], &[]), None);
        let two = [
            SettledCommitment {
                coachee: "a".into(),
                kept: true,
            },
            SettledCommitment {
                coachee: "b".into(),
                kept: false,
            },
        ];
        assert_eq!(kept(&two), None);
        let three = [
            SettledCommitment {
                coachee: "a".into(),
                kept: true,
            },
            SettledCommitment {
                coachee: "b".into(),
                kept: false,
            },
            SettledCommitment {
                coachee: "c".into(),
                kept: true,
            },
        ];
        assert_eq!(
            kept(&three),
            Some(KeptCommitments {
                kept: 2,
                settled: 3
            })
        );
        let week = IsoWeek {
            year: 2026,
            week: 48,
        };
        let one_pair = held("a", "b");
        assert_eq!(by_week(&[week], &[(week, &one_pair)], &[]), None);
        let other = held("b", "c");
        let weeks = by_week(
            &[week],
            &[(week, &one_pair), (week, &other)],
            &[WeekCheckins { week, people: 2 }],
        )
        .expect("three people held sessions");
        assert_eq!(
            weeks,
            vec![ProgressWeek {
                week,
                sessions: 2,
                checked_in: None
            }]
        );
    }
}
