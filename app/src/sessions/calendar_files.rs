//! The calendar files: `GET /sessions/{id}/calendar.ics`, one session's event for its
//! two participants (a browser session), and `GET /calendar/{token}/coaching.ics`,
//! a person's private feed for calendar apps (the secret token is the only key; no
//! browser session): their sessions and, if they chose, their weekly check-in.
//! Anyone else, a stranger, a circle member outside the pair, a
//! former member, an unknown or rotated token, gets "not found".

use super::{access::participant_row, calendar_store, ics};
use crate::{
    accounts::auth::account_of,
    error::AppError,
    state::{origin_of, AppState},
};
use axum::{
    extract::Path,
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Extension,
};
use tower_sessions::Session;

fn calendar_response(body: String, disposition: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (header::CONTENT_DISPOSITION, disposition),
            // Private to its reader: no shared cache may keep it.
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        body,
    )
        .into_response()
}

fn refused(error: AppError) -> Response {
    match error {
        AppError::Internal => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

/// `GET /sessions/{id}/calendar.ics`: the session as an event, for its pair only.
pub async fn session_file(
    Path(session_id): Path<String>,
    Extension(state): Extension<AppState>,
    session: Session,
    headers: HeaderMap,
) -> Response {
    let found = async {
        let me = account_of(&session, &state.db)
            .await?
            .ok_or(AppError::NotFound)?;
        let mut conn = state.db.reader.acquire().await?;
        participant_row(&mut conn, &session_id, &me).await?;
        // A session paired without a day is no event yet.
        calendar_store::entry(&mut conn, &session_id)
            .await?
            .filter(|entry| entry.planned_for.is_some())
            .ok_or(AppError::NotFound)
    }
    .await;
    match found {
        Ok(entry) => calendar_response(
            ics::session_file(
                &entry,
                &origin_of(&state, &headers),
                state.clock.now_seconds(),
            ),
            "attachment; filename=\"coaching-session.ics\"",
        ),
        Err(error) => refused(error),
    }
}

/// `GET /calendar/{token}/coaching.ics`: the token owner's sessions, for calendar
/// apps that subscribe to the address.
pub async fn feed(
    Path(token): Path<String>,
    Extension(state): Extension<AppState>,
    headers: HeaderMap,
) -> Response {
    let found = async {
        if !calendar_store::is_token_shaped(&token) {
            return Err(AppError::NotFound);
        }
        let mut conn = state.db.reader.acquire().await?;
        let owner = calendar_store::feed_owner(&mut conn, &token)
            .await?
            .ok_or(AppError::NotFound)?;
        let entries = calendar_store::feed_entries(&mut conn, &owner).await?;
        let checkin = calendar_store::feed_checkin(&mut conn, &owner).await?;
        Ok((owner, entries, checkin))
    }
    .await;
    match found {
        Ok((owner, entries, checkin)) => calendar_response(
            ics::feed(
                &entries,
                checkin.as_ref().map(|row| (owner.as_str(), row)),
                &origin_of(&state, &headers),
                state.clock.now_seconds(),
            ),
            "inline; filename=\"coaching.ics\"",
        ),
        Err(error) => refused(error),
    }
}

/// A feed's address, for its owner to copy into a calendar app.
pub fn feed_path(token: &str) -> String {
    format!("/calendar/{token}/coaching.ics")
}
