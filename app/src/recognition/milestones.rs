//! Milestones, recognized quietly on Home, once each: the first session given and the
//! first received, every fifth session, and 4, 8 and 12 weeks of check-ins in a row.
//! Each is recorded by the write that reaches it (a session ended, a check-in saved)
//! and shown for a week after; Home only reads them, so a page view writes nothing.

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
        .filter_map(|m| words(&m.key))
        .collect())
}

/// Records the milestones `account_id` has reached and not yet recorded, inside the
/// transaction of the write that may have reached them (`now` in seconds): they are
/// then as durable as their cause, and Home needs no write.
#[cfg(feature = "ssr")]
pub async fn record_reached(
    tx: &mut sqlx::SqliteConnection,
    account_id: &str,
    now: i64,
) -> Result<(), AppError> {
    use super::store;
    use crate::{
        accounts::store::time_zone_of,
        calendar::{streak, zone::week_at},
        checkins::store as checkins,
    };
    // A deleted account reaches nothing.
    let Some(zone) = time_zone_of(&mut *tx, account_id).await? else {
        return Ok(());
    };
    let held = checkins::sessions_held(&mut *tx, account_id, 0).await?;
    let checked = checkins::weeks_checked(&mut *tx, account_id).await?;
    let weeks = streak(&checked, week_at(now, &zone));
    let known = store::milestones_of(&mut *tx, account_id).await?;
    for key in reached(held.given, held.received, weeks) {
        if !known.iter().any(|m| m.key == key) {
            store::record_milestone(tx, account_id, &key, now).await?;
        }
    }
    Ok(())
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
