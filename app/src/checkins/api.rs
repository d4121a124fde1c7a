//! Check-in server functions. Everything here is about the caller's own check-ins:
//! nobody else's are ever read.

use super::{CheckinPageData, Mirror, RatingInput, WeekStatus};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::{
    mirror_store, store, Rating, Trend, WeekPoint, MIRROR_WEEKS, NOTE_MAX, TRACK_MAX, TRACK_MIN,
};
#[cfg(feature = "ssr")]
use crate::{
    accounts::{auth::current_account, Account},
    calendar::{streak, zone::week_at, IsoWeek},
    input::{field_problems, TextRule},
    recognition::{milestones::streak_to_record, store::record_milestone},
    state::{app_state, AppState},
};

/// The week it is now for `me`, in their time zone.
#[cfg(feature = "ssr")]
pub(super) fn this_week(state: &AppState, me: &Account) -> IsoWeek {
    week_at(state.clock.now_seconds(), &me.time_zone)
}

/// This week's check-in page.
#[server(endpoint = "checkin_page")]
pub async fn checkin_page() -> Result<CheckinPageData, AppError> {
    let me = current_account().await?;
    let state = app_state()?;
    let reader = &state.db.reader;
    let week = this_week(&state, &me);
    let found = store::checkin(reader, &me.id, week).await?;
    let checked_in = found.is_some();
    let found = found.unwrap_or_default();
    Ok(CheckinPageData {
        week,
        catalogue: store::catalogue(reader, &me.id).await?,
        tracked: store::tracked(reader, &me.id).await?,
        ratings: found.ratings,
        reflection: found.reflection,
        checked_in,
    })
}

/// Chooses the behaviours I track (3 to 8, from the catalogue I can see).
#[server(endpoint = "track_behaviours")]
pub async fn track_behaviours(
    #[server(default)] behaviour_ids: Vec<String>,
) -> Result<(), AppError> {
    let me = current_account().await?;
    let state = app_state()?;
    let mut tx = state.db.writer.begin().await?;
    let catalogue = store::catalogue(&mut *tx, &me.id).await?;
    let mut chosen: Vec<String> = Vec::new();
    for id in behaviour_ids {
        if !catalogue.iter().any(|b| b.id == id) {
            return Err(AppError::invalid(
                "behaviour_ids",
                "Choose behaviours from the list.",
            ));
        }
        if !chosen.contains(&id) {
            chosen.push(id);
        }
    }
    if !(TRACK_MIN..=TRACK_MAX).contains(&chosen.len()) {
        return Err(AppError::invalid(
            "behaviour_ids",
            format!("Choose between {TRACK_MIN} and {TRACK_MAX} behaviours to track."),
        ));
    }
    store::set_tracked(&mut tx, &me.id, &chosen).await?;
    tx.commit().await?;
    leptos_axum::redirect("/checkin?notice=tracking-saved");
    Ok(())
}

/// Saves this week's check-in: a rating for every tracked behaviour, optional
/// evidence, an optional reflection. Past weeks are read-only; there is no way to
/// write one.
#[server(endpoint = "save_checkin")]
pub async fn save_checkin(
    #[server(default)] ratings: Vec<RatingInput>,
    #[server(default)] reflection: String,
) -> Result<(), AppError> {
    let me = current_account().await?;
    let state = app_state()?;
    // What it reads only my own writes change (what I track, my weeks and milestones;
    // a behaviour is never deleted), so it is read and checked on a reader, and its
    // transaction, which holds the one writer, only writes.
    let tracked = store::tracked(&state.db.reader, &me.id).await?;
    if tracked.len() < TRACK_MIN {
        return Err(AppError::invalid(
            "ratings",
            "Choose the behaviours you track before checking in.",
        ));
    }
    let reflection = reflection.trim();
    let checked = match (
        check_ratings(&ratings, &tracked),
        check_length(reflection, "The reflection"),
    ) {
        (Ok(checked), Ok(())) => checked,
        (checked, reflection) => {
            return Err(field_problems([
                ("ratings", checked.err()),
                ("reflection", reflection.err()),
            ])
            .into())
        }
    };
    let week = this_week(&state, &me);
    let streak = streak_to_record(&state.db.reader, &me.id, week).await?;
    let now = state.clock.now_seconds();
    // It writes only my check-in and my milestones: on PostgreSQL it runs beside
    // others' ([`crate::db::Pool::begin_for`]).
    let mut tx = state.db.writer.begin_for(&me.id).await?;
    store::save_checkin(&mut tx, &me.id, week, reflection, &checked, now).await?;
    if let Some(key) = streak {
        record_milestone(&mut tx, &me.id, &key, now).await?;
    }
    tx.commit().await?;
    leptos_axum::redirect("/mirror?notice=checked-in");
    Ok(())
}

/// One rating 1 to 5 for each tracked behaviour and nothing else.
#[cfg(feature = "ssr")]
fn check_ratings(inputs: &[RatingInput], tracked: &[String]) -> Result<Vec<Rating>, String> {
    let mut ratings = Vec::new();
    for input in inputs {
        if !tracked.contains(&input.behaviour_id) {
            return Err("You can only rate behaviours you track.".into());
        }
        if ratings
            .iter()
            .any(|r: &Rating| r.behaviour_id == input.behaviour_id)
        {
            return Err("Rate each behaviour once.".into());
        }
        let rating = match input.rating.trim().parse::<u8>() {
            Ok(value @ 1..=5) => value,
            _ => return Err("Rate every behaviour with a whole number from 1 to 5.".into()),
        };
        let evidence = input.evidence.trim();
        check_length(evidence, "Evidence")?;
        ratings.push(Rating {
            behaviour_id: input.behaviour_id.clone(),
            rating,
            evidence: evidence.to_owned(),
        });
    }
    if ratings.len() != tracked.len() {
        return Err("Rate every behaviour you track.".into());
    }
    Ok(ratings)
}

#[cfg(feature = "ssr")]
pub(super) fn check_length(text: &str, what: &'static str) -> Result<(), String> {
    TextRule {
        what,
        max: NOTE_MAX,
        when_empty: None,
        multiline: true,
    }
    .check(text)
}

/// The mirror: my trends over the last weeks, streak, commitments and sessions.
#[server(endpoint = "load_mirror")]
pub async fn load_mirror() -> Result<Mirror, AppError> {
    let me = current_account().await?;
    let state = app_state()?;
    let reader = &state.db.reader;
    let current = this_week(&state, &me);
    let mut weeks = current.last(MIRROR_WEEKS);
    let ratings = mirror_store::ratings_since(reader, &me.id, weeks[0]).await?;
    // Weeks before the account existed were not missed: the chart starts at the
    // account's first week (or an earlier rated one, should the time zone have moved).
    let first = ratings
        .iter()
        .map(|r| r.week)
        .fold(week_at(me.created_at, &me.time_zone), IsoWeek::min);
    weeks.retain(|week| *week >= first);
    let since = weeks.first().copied().unwrap_or(current);
    let peers = mirror_store::peer_averages(reader, &me.id, since).await?;
    let views = super::peer_view_store::views_about(reader, &me.id, since).await?;
    let trends = store::tracked_behaviours(reader, &me.id)
        .await?
        .into_iter()
        .map(|behaviour| Trend {
            points: weeks
                .iter()
                .map(|week| {
                    let mine = ratings
                        .iter()
                        .find(|r| r.week == *week && r.rating.behaviour_id == behaviour.id)
                        .map(|r| &r.rating);
                    WeekPoint {
                        week: *week,
                        rating: mine.map(|r| r.rating),
                        evidence: mine.map(|r| r.evidence.clone()).unwrap_or_default(),
                        peer_average: peers
                            .iter()
                            .find(|p| p.week == *week && p.behaviour_id == behaviour.id)
                            .map(|p| p.average as f32),
                    }
                })
                .collect(),
            peer_views: views
                .iter()
                .filter(|v| v.behaviour_id == behaviour.id)
                .cloned()
                .collect(),
            behaviour,
        })
        .collect();
    let now = state.clock.now_seconds();
    let period_start = now - (MIRROR_WEEKS as i64) * 7 * 86_400;
    let held = mirror_store::sessions_held(reader, &me.id, period_start).await?;
    let kept = mirror_store::commitments_kept(reader, &me.id, period_start, now).await?;
    let checked = mirror_store::weeks_checked(reader, &me.id).await?;
    Ok(Mirror {
        current,
        checked_in: checked.contains(&current),
        streak: streak(&checked, current),
        trends,
        commitments_done: kept.done,
        commitments_due: kept.due,
        sessions_given: held.given,
        sessions_received: held.received,
    })
}

/// This week, for Home: checked in or not, and how many behaviours I track.
#[server(endpoint = "load_week_status")]
pub async fn load_week_status() -> Result<WeekStatus, AppError> {
    let me = current_account().await?;
    let state = app_state()?;
    let week = this_week(&state, &me);
    let progress = store::week_progress_once(&state.db.reader, &me.id, week).await?;
    Ok(WeekStatus {
        week,
        tracking: usize::try_from(progress.tracking).unwrap_or(0),
        checked_in: progress.checked_in,
    })
}
