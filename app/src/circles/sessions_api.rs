//! The circle's sessions, a page at a time: the circle page lists only the newest, so a
//! circle that has met for years still has all its sessions one link away.

use super::CircleSessionList;
use crate::error::AppError;
use leptos::prelude::*;

/// Page `page` (from 1; none is the first) of circle `circle_id`'s sessions, newest
/// first; members only. A page past the last one is empty.
#[server(endpoint = "circle_sessions")]
pub async fn circle_sessions(
    circle_id: String,
    #[server(default)] page: Option<u32>,
) -> Result<CircleSessionList, AppError> {
    use super::{store, SESSIONS_PER_PAGE};
    use crate::{
        accounts::auth::current_account,
        db::is_id,
        sessions::{schedule::show_in_zone, store as sessions},
        state::app_state,
        ui::pager::{one_page, PageNumber},
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
    let page = PageNumber::parse(page)?;
    let rows = sessions::list_for_circle(
        reader,
        &circle_id,
        SESSIONS_PER_PAGE as i64 + 1,
        page.skip(SESSIONS_PER_PAGE),
    )
    .await?;
    let (mut list, has_older) = one_page(rows, SESSIONS_PER_PAGE);
    show_in_zone(&mut list, &me.time_zone);
    Ok(CircleSessionList {
        circle_id: circle.id,
        circle_name: circle.name,
        my_id: me.id,
        page: page.get(),
        sessions: list,
        has_older,
    })
}
