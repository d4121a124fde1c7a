//! The circle server functions. Every one starts by finding out who is calling and
//! what they may see: non-members get "not found" for everything about a circle, and
//! host-only actions answer "not found" to members too.

use super::{rotation::Pairing, CircleSummary, CircleView, InvitePreview};
#[cfg(feature = "ssr")]
use crate::db::{Conn, Exec};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::{
    circle_path, planned_round::PlannedRound, rotation::suggest_round, store, NewCircle, Rhythm,
    Role, CIRCLES_PER_ACCOUNT_MAX, MAX_MEMBERS, RHYTHM_WEEKS, SESSIONS_ON_CIRCLE_PAGE,
};
#[cfg(feature = "ssr")]
use crate::{
    accounts::{auth::current_account, Account},
    db::is_id,
    sessions::store as sessions,
    state::app_state,
};

/// The caller's role in the circle, or "not found" when they are not in it (or the id
/// is not even an id).
#[cfg(feature = "ssr")]
pub(crate) async fn role_in<'e>(
    db: impl Into<Exec<'e>>,
    circle_id: &str,
    account: &Account,
) -> Result<Role, AppError> {
    if !is_id(circle_id) {
        return Err(AppError::NotFound);
    }
    store::role_of(db, circle_id, &account.id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Like [`role_in`], but only hosts pass.
#[cfg(feature = "ssr")]
pub(crate) async fn require_host<'e>(
    db: impl Into<Exec<'e>>,
    circle_id: &str,
    account: &Account,
) -> Result<(), AppError> {
    match role_in(db, circle_id, account).await? {
        Role::Host => Ok(()),
        Role::Member => Err(AppError::NotFound),
    }
}

/// The person a host acts on must be in the circle; saying so is fine, since hosts
/// see the member list anyway.
#[cfg(feature = "ssr")]
async fn require_target_member(
    tx: &mut Conn,
    circle_id: &str,
    account_id: &str,
) -> Result<Role, AppError> {
    let not_member =
        || AppError::invalid("account_id", "That person is not a member of this circle.");
    if !is_id(account_id) {
        return Err(not_member());
    }
    store::role_of(&mut *tx, circle_id, account_id)
        .await?
        .ok_or_else(not_member)
}

/// The circles I belong to, with my next session in each.
#[server(endpoint = "my_circles")]
pub async fn my_circles() -> Result<Vec<CircleSummary>, AppError> {
    let me = current_account().await?;
    let db = &app_state()?.db;
    let mut planned: Vec<_> = sessions::open_for_once(&db.reader, &me.id)
        .await?
        .into_iter()
        .filter(|session| session.status == crate::sessions::SessionStatus::Planned)
        .collect();
    crate::sessions::schedule::show_in_zone(&mut planned, &me.time_zone);
    let mut summaries = Vec::new();
    for mine in store::circles_of_once(&db.reader, &me.id).await? {
        let circle = mine.circle;
        let planned: Vec<_> = planned
            .iter()
            .filter(|session| session.circle_id == circle.id)
            .cloned()
            .collect();
        summaries.push(CircleSummary {
            cadence: circle.cadence,
            id: circle.id,
            name: circle.name,
            purpose: circle.purpose,
            my_role: mine.role,
            member_count: mine.member_count,
            planned_for_me: planned.len() as i64,
            next_session: planned.into_iter().next(),
        });
    }
    Ok(summaries)
}

/// Creates a circle with the caller as its host, then opens its page.
#[server(endpoint = "create_circle")]
pub async fn create_circle(name: String, purpose: String, cadence: String) -> Result<(), AppError> {
    let me = current_account().await?;
    let circle = NewCircle::parse(&name, &purpose, &cadence)?;
    let state = app_state()?;
    let now = state.clock.now_seconds();
    let mut tx = state.db.writer.begin().await?;
    if store::circle_count_of(&mut *tx, &me.id).await? >= CIRCLES_PER_ACCOUNT_MAX {
        return Err(AppError::invalid("name", too_many_circles()));
    }
    let id = store::create(&mut *tx, &circle, now).await?;
    store::add_member(&mut *tx, &id, &me.id, Role::Host, now).await?;
    tx.commit().await?;
    tracing::info!(circle = %id, host = %me.id, "circle created");
    leptos_axum::redirect(&format!("{}?notice=circle-created", circle_path(&id)));
    Ok(())
}

/// Everything on the circle page, for a member.
#[server(endpoint = "load_circle")]
pub async fn load_circle(circle_id: String) -> Result<CircleView, AppError> {
    let me = current_account().await?;
    let state = app_state()?;
    let now = state.clock.now_seconds();
    let reader = &state.db.reader;
    if !is_id(&circle_id) {
        return Err(AppError::NotFound);
    }
    let my_role = store::role_of_once(reader, &circle_id, &me.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let circle = store::find(reader, &circle_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let members = store::members_once(reader, &circle_id).await?;
    let member_ids: Vec<String> = members.iter().map(|m| m.account_id.clone()).collect();
    let history = sessions::pair_history(reader, &circle_id).await?;
    let since = now - RHYTHM_WEEKS * 7 * 86_400;
    let held = sessions::held_since(reader, &circle_id, since).await?;
    let rhythm = members
        .iter()
        .map(|m| {
            let (coached, was_coached) = held
                .iter()
                .find(|h| h.account_id == m.account_id)
                .map(|h| (h.coached, h.was_coached))
                .unwrap_or((0, 0));
            Rhythm {
                account_id: m.account_id.clone(),
                display_name: m.display_name.clone(),
                coached,
                was_coached,
            }
        })
        .collect();
    let invite_url = match my_role {
        Role::Host => Some(format!(
            "{}/join/{}",
            crate::state::public_origin(&state).await,
            circle.invite_token
        )),
        Role::Member => None,
    };
    // The circle's usual script comes first, so the start form picks it; GROW for a
    // circle that has not met yet.
    let usual = match sessions::usual_script(reader, &circle_id).await? {
        Some(id) => Some(id),
        None => crate::scripts::store::builtin_id(reader, "grow").await?,
    };
    let mut scripts: Vec<(String, String)> = crate::scripts::store::library(reader, &me.id)
        .await?
        .into_iter()
        .filter(|s| s.circle_id.as_deref().is_none_or(|c| c == circle_id))
        .map(|s| (s.id, s.content.title))
        .collect();
    scripts.sort_by_key(|(id, _)| Some(id) != usual.as_ref());
    let week = crate::calendar::zone::week_at(now, &me.time_zone);
    let checkin_figure = closed_week_figure(&state.db, &circle_id, &me, week.previous()).await?;
    let behaviours = crate::checkins::store::circle_behaviour_titles(reader, &circle_id).await?;
    let progress =
        super::progress_store::progress(reader, &circle_id, &members, now, &me.time_zone).await?;
    let newest =
        sessions::list_for_circle(reader, &circle_id, SESSIONS_ON_CIRCLE_PAGE as i64 + 1, 0)
            .await?;
    let (mut circle_sessions, more_sessions) =
        crate::ui::pager::one_page(newest, SESSIONS_ON_CIRCLE_PAGE);
    crate::sessions::schedule::show_in_zone(&mut circle_sessions, &me.time_zone);
    Ok(CircleView {
        can_email_invites: state.outbox.is_some(),
        progress,
        behaviours,
        checkin_figure,
        cadence: circle.cadence,
        revision: circle.revision,
        id: circle.id,
        name: circle.name,
        purpose: circle.purpose,
        my_id: me.id,
        my_role,
        suggestion: suggest_round(&member_ids, &history),
        members,
        invite_url,
        sessions: circle_sessions,
        more_sessions,
        rhythm,
        scripts,
    })
}

/// What an invite link leads to. Holding a current token is what lets a signed-in
/// person see the circle's name and purpose; an old token is "not found".
#[server(endpoint = "open_invite")]
pub async fn open_invite(token: String) -> Result<InvitePreview, AppError> {
    let me = current_account().await?;
    let reader = &app_state()?.db.reader;
    if !store::is_token_shaped(&token) {
        return Err(AppError::NotFound);
    }
    let circle = store::find_by_token(reader, &token)
        .await?
        .ok_or(AppError::NotFound)?;
    let member_count = store::member_count(reader, &circle.id).await?;
    let already_member = store::role_of(reader, &circle.id, &me.id).await?.is_some();
    Ok(InvitePreview {
        circle_id: circle.id,
        name: circle.name,
        purpose: circle.purpose,
        member_count,
        already_member,
        full: member_count >= MAX_MEMBERS as i64,
    })
}

/// Joins the circle the invite token belongs to, then opens its page.
#[server(endpoint = "join_circle")]
pub async fn join_circle(token: String) -> Result<(), AppError> {
    let me = current_account().await?;
    if !store::is_token_shaped(&token) {
        return Err(AppError::NotFound);
    }
    // Counting and inserting in one write transaction: two people taking the last
    // place at once cannot both get it.
    let state = app_state()?;
    let mut tx = state.db.writer.begin().await?;
    let circle = store::find_by_token(&mut *tx, &token)
        .await?
        .ok_or(AppError::NotFound)?;
    if store::role_of(&mut *tx, &circle.id, &me.id)
        .await?
        .is_none()
    {
        if store::circle_count_of(&mut *tx, &me.id).await? >= CIRCLES_PER_ACCOUNT_MAX {
            return Err(AppError::invalid("token", too_many_circles()));
        }
        if store::member_count(&mut *tx, &circle.id).await? >= MAX_MEMBERS as i64 {
            return Err(AppError::CircleFull { name: circle.name });
        }
        store::add_member(
            &mut *tx,
            &circle.id,
            &me.id,
            Role::Member,
            state.clock.now_seconds(),
        )
        .await?;
        tx.commit().await?;
        tracing::info!(circle = %circle.id, member = %me.id, "member joined");
    }
    leptos_axum::redirect(&format!("{}?notice=joined", circle_path(&circle.id)));
    Ok(())
}

/// Gives the circle a new invite link; the old one stops working at once.
#[server(endpoint = "rotate_invite")]
pub async fn rotate_invite(circle_id: String) -> Result<(), AppError> {
    let me = current_account().await?;
    let mut tx = app_state()?.db.writer.begin().await?;
    require_host(&mut *tx, &circle_id, &me).await?;
    store::rotate_token(&mut *tx, &circle_id).await?;
    tx.commit().await?;
    Ok(())
}

/// Leaves the circle. The last host names who hosts next; the last member leaving
/// archives the circle.
#[server(endpoint = "leave_circle")]
pub async fn leave_circle(
    circle_id: String,
    #[server(default)] new_host: String,
) -> Result<(), AppError> {
    let me = current_account().await?;
    let state = app_state()?;
    let mut tx = state.db.writer.begin().await?;
    let my_role = role_in(&mut *tx, &circle_id, &me).await?;
    let members = store::members(&mut *tx, &circle_id).await?;
    let others: Vec<_> = members.iter().filter(|m| m.account_id != me.id).collect();
    let other_hosts = others.iter().filter(|m| m.role == Role::Host).count();
    if my_role == Role::Host && other_hosts == 0 && !others.is_empty() {
        if !others.iter().any(|m| m.account_id == new_host) {
            return Err(AppError::invalid(
                "new_host",
                "You are the only host: choose who will host the circle after you leave.",
            ));
        }
        store::set_role(&mut *tx, &circle_id, &new_host, Role::Host).await?;
    }
    store::remove_member(&mut *tx, &circle_id, &me.id).await?;
    sessions::abandon_planned(&mut tx, &circle_id, &me.id, state.clock.now_seconds()).await?;
    if others.is_empty() {
        store::archive(&mut *tx, &circle_id, state.clock.now_seconds()).await?;
    }
    tx.commit().await?;
    // The peer of each planned session just cancelled may want to hear of it.
    crate::mail::wake_sender(&state);
    leptos_axum::redirect("/circles?notice=left-circle");
    Ok(())
}

/// A host removes someone else from the circle.
#[server(endpoint = "remove_member")]
pub async fn remove_member(circle_id: String, account_id: String) -> Result<(), AppError> {
    let me = current_account().await?;
    let state = app_state()?;
    let mut tx = state.db.writer.begin().await?;
    require_host(&mut *tx, &circle_id, &me).await?;
    if account_id == me.id {
        return Err(AppError::invalid(
            "account_id",
            "To leave the circle yourself, use “Leave circle”.",
        ));
    }
    require_target_member(&mut tx, &circle_id, &account_id).await?;
    store::remove_member(&mut *tx, &circle_id, &account_id).await?;
    sessions::abandon_planned(&mut tx, &circle_id, &account_id, state.clock.now_seconds()).await?;
    tx.commit().await?;
    crate::mail::wake_sender(&state);
    Ok(())
}

/// A host makes another member a host too.
#[server(endpoint = "make_host")]
pub async fn make_host(circle_id: String, account_id: String) -> Result<(), AppError> {
    let me = current_account().await?;
    let mut tx = app_state()?.db.writer.begin().await?;
    require_host(&mut *tx, &circle_id, &me).await?;
    require_target_member(&mut tx, &circle_id, &account_id).await?;
    store::set_role(&mut *tx, &circle_id, &account_id, Role::Host).await?;
    tx.commit().await?;
    Ok(())
}

/// A host accepts the next round (as suggested, or with people swapped): one planned
/// session per pair, optionally on a named day.
#[server(endpoint = "accept_round")]
pub async fn accept_round(
    circle_id: String,
    #[server(default)] pairs: Vec<Pairing>,
    #[server(default)] planned_for: String,
    #[server(default)] planned_time: String,
) -> Result<(), AppError> {
    let me = current_account().await?;
    let state = app_state()?;
    let mut tx = state.db.writer.begin().await?;
    require_host(&mut *tx, &circle_id, &me).await?;
    let members = store::members(&mut *tx, &circle_id).await?;
    let now = state.clock.now_seconds();
    let round = PlannedRound::parse(
        pairs,
        &planned_for,
        &planned_time,
        &members,
        &me.time_zone,
        now,
    )?;
    let to_hold = sessions::count_to_hold(&mut *tx, &circle_id, now).await?;
    crate::sessions::rules::check_room_to_plan(to_hold, round.pairs.len())?;
    for pair in &round.pairs {
        let now_ms = state.clock.now_millis();
        sessions::create_planned(
            &mut tx,
            &circle_id,
            (&pair.coach, &pair.coachee),
            &me.id,
            round.day,
            round.time.clone(),
            now_ms,
        )
        .await?;
    }
    tx.commit().await?;
    crate::mail::wake_sender(&state);
    Ok(())
}

#[cfg(feature = "ssr")]
fn too_many_circles() -> String {
    format!("You are in {CIRCLES_PER_ACCOUNT_MAX} circles, the most one person can be in. Leave one first.")
}

/// The circle's check-in figure for a closed week, if it may be shown to `me`.
#[cfg(feature = "ssr")]
async fn closed_week_figure(
    db: &crate::db::Db,
    circle_id: &str,
    me: &Account,
    week: crate::calendar::IsoWeek,
) -> Result<Option<crate::checkins::CircleFigure>, AppError> {
    use crate::checkins::{figure_store as store, CircleFigure};
    let figure = store::closed_week_figure(db, circle_id, week).await?;
    let mine = store::contributed_to_figure(&db.reader, circle_id, &me.id, week).await?;
    Ok(CircleFigure::shown(
        week,
        figure.contributors,
        figure.average,
        mine,
    ))
}
