//! Milestones, recognized quietly on Home, once each: the first session given and the
//! first received, every fifth session, 4, 8 and 12 weeks of check-ins in a row, and
//! each full rotation a circle of mine completes (everyone coached and was coached by
//! everyone else). Each is recorded by the write that reaches it (a session ended, a
//! check-in saved) and shown on Home for a week after; Home only reads them, so a page
//! view writes nothing. The mirror keeps the timeline of them all.

#[cfg(feature = "ssr")]
use crate::db::Conn;
use crate::{calendar::day_label, error::AppError, ui::layout::loaded};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Days a milestone stays on Home after it is reached.
pub const SHOWN_FOR_DAYS: i64 = 7;
/// Check-in streaks worth a word, in weeks.
pub const STREAKS: [usize; 3] = [4, 8, 12];

/// The milestones these figures reach, as stable keys. Of sessions and streaks only
/// the highest counts: someone starting with 12 sessions hears of the tenth, not of
/// the fifth as well.
pub fn reached(given: i64, received: i64, streak: usize) -> Vec<String> {
    let mut keys = Vec::new();
    if given >= 1 {
        keys.push("first-given".to_owned());
    }
    if received >= 1 {
        keys.push("first-received".to_owned());
    }
    let sessions = given + received;
    if sessions >= 5 {
        keys.push(format!("sessions-{}", sessions / 5 * 5));
    }
    keys.extend(streak_key(streak));
    keys
}

/// The key of the longest streak milestone `streak` weeks in a row reach.
fn streak_key(streak: usize) -> Option<String> {
    let weeks = STREAKS.iter().rev().find(|&&weeks| streak >= weeks)?;
    Some(format!("streak-{weeks}"))
}

/// The key of a circle's `completed`th full rotation: one per circle and rotation, so
/// each is recognized once for each member. Only the latest counts, as for sessions.
pub fn rotation_key(circle_id: &str, completed: u32) -> Option<String> {
    (completed >= 1).then(|| format!("rotation-{completed}-{circle_id}"))
}

/// The words for a milestone's key; `circle_name` names the circle of a rotation.
pub fn words(key: &str, circle_name: Option<&str>) -> Option<String> {
    let number = |prefix: &str| key.strip_prefix(prefix)?.parse::<u32>().ok();
    if let Some((n, _circle)) = key
        .strip_prefix("rotation-")
        .and_then(|rest| rest.split_once('-'))
    {
        let circle = circle_name.unwrap_or("Your circle");
        let everyone = "everyone has coached and been coached by everyone else";
        return match n.parse::<u32>().ok()? {
            1 => Some(format!("{circle} completed a full rotation: {everyone}.")),
            n => Some(format!(
                "{circle} completed full rotation {n}: {everyone} again."
            )),
        };
    }
    match key {
        "first-given" => Some("You coached your first session.".into()),
        "first-received" => Some("A peer coached you for the first time.".into()),
        _ => None,
    }
    .or_else(|| number("sessions-").map(|n| format!("{n} sessions with your peers.")))
    .or_else(|| number("streak-").map(|n| format!("{n} weeks of check-ins in a row.")))
}

/// My milestones of the last week.
#[server(endpoint = "load_milestones")]
pub async fn load_milestones() -> Result<Vec<String>, AppError> {
    use crate::{accounts::auth::current_account, state::app_state};
    let me = current_account().await?;
    let state = app_state()?;
    let now = state.clock.now_seconds();
    let known = super::store::milestones_of(&state.db.reader, &me.id).await?;
    Ok(known
        .into_iter()
        .filter(|m| m.reached_at >= now - SHOWN_FOR_DAYS * 86_400)
        .filter_map(|m| words(&m.key, m.circle_name.as_deref()))
        .collect())
}

/// Records the milestones `account_id` has reached and not yet recorded, inside the
/// transaction of the write that may have reached them (`now` in seconds): they are
/// then as durable as their cause, and Home needs no write.
#[cfg(feature = "ssr")]
pub async fn record_reached(tx: &mut Conn, account_id: &str, now: i64) -> Result<(), AppError> {
    use super::store;
    use crate::{
        accounts::store::time_zone_of,
        calendar::{streak, zone::week_at},
        checkins::mirror_store as checkins,
    };
    // A deleted account reaches nothing.
    let Some(zone) = time_zone_of(&mut *tx, account_id).await? else {
        return Ok(());
    };
    let held = checkins::sessions_held(&mut *tx, account_id, 0).await?;
    let checked = checkins::weeks_checked(&mut *tx, account_id).await?;
    let weeks = streak(&checked, week_at(now, &zone));
    let rotations =
        crate::circles::progress_store::completed_rotations_of(&mut *tx, account_id).await?;
    let known = store::milestones_of(&mut *tx, account_id).await?;
    let rotation_keys = rotations
        .iter()
        .filter_map(|r| rotation_key(&r.circle_id, r.completed));
    for key in reached(held.given, held.received, weeks)
        .into_iter()
        .chain(rotation_keys)
    {
        if !known.iter().any(|m| m.key == key) {
            store::record_milestone(tx, account_id, &key, now).await?;
        }
    }
    Ok(())
}

/// The check-in streak milestone `account_id` reaches by checking in `week`, unless it
/// is recorded already; the check-in's transaction records it. A check-in changes no
/// session count and no rotation, so only the streak is looked at, where
/// [`record_reached`] reads every session of my circles. Read on the reader before that
/// transaction, which holds the one writer: only my own check-ins change my weeks, a
/// past week is never written, and a recorded milestone stays.
#[cfg(feature = "ssr")]
pub async fn streak_to_record(
    reader: &crate::db::Pool,
    account_id: &str,
    week: crate::calendar::IsoWeek,
) -> Result<Option<String>, AppError> {
    use crate::{calendar::streak, checkins::mirror_store as checkins};
    let mut checked = checkins::weeks_checked(reader, account_id).await?;
    checked.push(week);
    let Some(key) = streak_key(streak(&checked, week)) else {
        return Ok(None);
    };
    let known = super::store::milestones_of(reader, account_id).await?;
    Ok((!known.iter().any(|m| m.key == key)).then_some(key))
}

/// One milestone on the mirror's timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestoneEntry {
    pub reached_at: i64,
    pub words: String,
}

/// All my milestones, newest first, for the mirror's timeline. Reads only: they are
/// recorded where they are reached.
#[server(endpoint = "load_milestone_timeline")]
pub async fn load_milestone_timeline() -> Result<Vec<MilestoneEntry>, AppError> {
    use crate::{accounts::auth::current_account, state::app_state};
    let me = current_account().await?;
    let rows = super::store::milestones_of(&app_state()?.db.reader, &me.id).await?;
    Ok(rows
        .into_iter()
        .rev()
        .filter_map(|m| {
            Some(MilestoneEntry {
                words: words(&m.key, m.circle_name.as_deref())?,
                reached_at: m.reached_at,
            })
        })
        .collect())
}

/// The mirror's timeline of my milestones, newest first, each with its day.
#[component]
pub fn MilestoneTimeline() -> impl IntoView {
    let data = Resource::new_blocking(|| (), |_| load_milestone_timeline());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(data.await.map(|list| {
                    let body = if list.is_empty() {
                        view! { <p>"None yet. Your first session, given or received, will be the first."</p> }.into_any()
                    } else {
                        view! {
                            <ol class="timeline" aria-label="Milestones, newest first">
                                {list.into_iter().map(|m| view! {
                                    <li>
                                        <p class="meta">{day_label(m.reached_at)}</p>
                                        <p>{m.words}</p>
                                    </li>
                                }).collect_view()}
                            </ol>
                        }.into_any()
                    };
                    view! {
                        <section class="panel" aria-labelledby="milestone-timeline-heading">
                            <h2 id="milestone-timeline-heading">"Milestones"</h2>
                            {body}
                        </section>
                    }
                }))
            })}
        </Suspense>
    }
}

/// Home's quiet line of milestones; nothing when there is none.
#[component]
pub fn MilestonesPanel() -> impl IntoView {
    let data = Resource::new_blocking(|| (), |_| load_milestones());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(data.await.map(|list| (!list.is_empty()).then(|| view! {
                    <section class="panel" aria-labelledby="milestones-heading">
                        <h2 id="milestones-heading">"Milestones"</h2>
                        <ul class="plain-list" aria-label="Milestones">
                            {list.into_iter().map(|text| view! { <li>{text}</li> }).collect_view()}
                        </ul>
                    </section>
                })))
            })}
        </Suspense>
    }
}

#[cfg(test)]
mod tests {
    use super::{reached, rotation_key, words};

    #[test]
    fn milestones_count_the_highest_of_each_kind_and_have_words() {
        assert!(reached(0, 0, 3).is_empty());
        assert_eq!(reached(1, 0, 0), ["first-given"]);
        assert_eq!(
            reached(3, 2, 4),
            ["first-given", "first-received", "sessions-5", "streak-4"]
        );
        assert_eq!(
            reached(7, 7, 13),
            ["first-given", "first-received", "sessions-10", "streak-12"]
        );
        for key in reached(7, 7, 9) {
            assert!(words(&key, None).is_some(), "{key}");
        }
        assert_eq!(
            words("streak-8", None).as_deref(),
            Some("8 weeks of check-ins in a row.")
        );
        assert_eq!(words("sessions-x", None), None);
    }

    #[test]
    fn each_full_rotation_of_a_circle_is_its_own_milestone() {
        let circle = "0d6f3d6c-0000-4000-8000-000000000001";
        assert_eq!(rotation_key(circle, 0), None);
        let first = rotation_key(circle, 1).expect("a key");
        assert_ne!(rotation_key(circle, 2), Some(first.clone()));
        assert_eq!(
            words(&first, Some("Tuesday peers")).as_deref(),
            Some(
                "Tuesday peers completed a full rotation: everyone has coached and been \
                 coached by everyone else."
            )
        );
        let second = rotation_key(circle, 2).unwrap();
        assert!(words(&second, None)
            .unwrap()
            .starts_with("Your circle completed full rotation 2"));
    }
}
