//! Milestones, recognized quietly on Home, once each: the first session given and the
//! first received, every fifth session, and 4, 8 and 12 weeks of check-ins in a row.
//! Each is recorded the first time Home sees it reached and shown for a week after.

use crate::error::AppError;
use leptos::prelude::*;

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
    if let Some(weeks) = STREAKS.iter().rev().find(|&&weeks| streak >= weeks) {
        keys.push(format!("streak-{weeks}"));
    }
    keys
}

/// The words for a milestone's key.
pub fn words(key: &str) -> Option<String> {
    let number = |prefix: &str| key.strip_prefix(prefix)?.parse::<u32>().ok();
    match key {
        "first-given" => Some("You coached your first session.".into()),
        "first-received" => Some("A peer coached you for the first time.".into()),
        _ => None,
    }
    .or_else(|| number("sessions-").map(|n| format!("{n} sessions with your peers.")))
    .or_else(|| number("streak-").map(|n| format!("{n} weeks of check-ins in a row.")))
}

/// My milestones of the last week, recording any just reached.
#[server(endpoint = "load_milestones")]
pub async fn load_milestones() -> Result<Vec<String>, AppError> {
    use super::store;
    use crate::{
        accounts::auth::current_account,
        calendar::{streak, zone::week_at},
        checkins::store as checkins,
        state::app_state,
    };
    let me = current_account().await?;
    let state = app_state()?;
    let reader = &state.db.reader;
    let now = state.clock.now_seconds();
    let held = checkins::sessions_held(reader, &me.id, 0).await?;
    let checked = checkins::weeks_checked(reader, &me.id).await?;
    let weeks = streak(&checked, week_at(now, &me.time_zone));
    let known = store::milestones_of(reader, &me.id).await?;
    let new: Vec<String> = reached(held.given, held.received, weeks)
        .into_iter()
        .filter(|key| !known.iter().any(|m| &m.key == key))
        .collect();
    if !new.is_empty() {
        let mut tx = state.db.writer.begin().await?;
        for key in &new {
            store::record_milestone(&mut tx, &me.id, key, now).await?;
        }
        tx.commit().await?;
    }
    let recent = known
        .into_iter()
        .filter(|m| m.reached_at >= now - SHOWN_FOR_DAYS * 86_400)
        .map(|m| m.key);
    Ok(recent.chain(new).filter_map(|key| words(&key)).collect())
}

/// Home's quiet line of milestones; nothing when there is none.
#[component]
pub fn MilestonesPanel() -> impl IntoView {
    let data = Resource::new_blocking(|| (), |_| load_milestones());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                data.await.map(|list| (!list.is_empty()).then(|| view! {
                    <section class="panel" aria-labelledby="milestones-heading">
                        <h2 id="milestones-heading">"Milestones"</h2>
                        <ul class="plain-list" aria-label="Milestones">
                            {list.into_iter().map(|text| view! { <li>{text}</li> }).collect_view()}
                        </ul>
                    </section>
                }))
            })}
        </Suspense>
    }
}

#[cfg(test)]
mod tests {
    use super::{reached, words};

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
            assert!(words(&key).is_some(), "{key}");
        }
        assert_eq!(
            words("streak-8").as_deref(),
            Some("8 weeks of check-ins in a row.")
        );
        assert_eq!(words("sessions-x"), None);
    }
}
