//! The circle's sessions, a page at a time: the circle page lists only the newest, so a
//! circle that has met for years still has all its sessions one link away.

use super::CircleSessionList;
use crate::error::AppError;
use leptos::prelude::*;

/// Page `page` (from 1) of circle `circle_id`'s sessions, newest first; members only.
/// A page past the last one is empty.
#[server(endpoint = "circle_sessions")]
pub async fn circle_sessions(circle_id: String, page: u32) -> Result<CircleSessionList, AppError> {
    use super::{store, SESSIONS_PER_PAGE, SESSION_PAGES_MAX};
    use crate::{
        accounts::auth::current_account,
        db::is_id,
        error::FieldProblem,
        sessions::{schedule::show_in_zone, store as sessions},
        state::app_state,
    };
    let me = current_account().await?;
    let reader = &app_state()?.db.reader;
    if !is_id(&circle_id) {
        return Err(AppError::NotFound);
    }
    store::role_of(reader, &circle_id, &me.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let circle = store::find(reader, &circle_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !(1..=SESSION_PAGES_MAX).contains(&page) {
        return Err(vec![FieldProblem::new(
            "page",
            format!("Pages are numbered from 1 to {SESSION_PAGES_MAX}."),
        )]
        .into());
    }
    let skip = (page as i64 - 1) * SESSIONS_PER_PAGE as i64;
    // One more than is shown says whether there is an older page.
    let mut list =
        sessions::list_for_circle(reader, &circle_id, SESSIONS_PER_PAGE as i64 + 1, skip).await?;
    let has_older = list.len() > SESSIONS_PER_PAGE;
    list.truncate(SESSIONS_PER_PAGE);
    show_in_zone(&mut list, &me.time_zone);
    Ok(CircleSessionList {
        circle_id: circle.id,
        circle_name: circle.name,
        my_id: me.id,
        page,
        sessions: list,
        has_older,
    })
}
