//! Honest HTTP statuses for server function errors.
//!
//! Leptos 0.8 answers every server function error with 500. Clients, proxies, logs and
//! alerts deserve better: this layer reads the typed [`AppError`] in such an answer and
//! gives it its own status (not found 404, not signed in 401, invalid 422, too many
//! attempts 429 with `Retry-After`, …); the body stays the same typed error. Plain form
//! posts that Leptos redirects back to the form (no JavaScript) keep their redirect.
//! Expected refusals are then 4xx, which the request log records at INFO, not ERROR.

use app::error::AppError;
use axum::{
    body::{to_bytes, Body},
    extract::Request,
    http::{header, HeaderValue, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

/// The largest request body a server function takes (a script document is the
/// largest thing anyone posts, well under this).
pub const BODY_MAX_BYTES: u64 = 2 * 1024 * 1024;
/// Error bodies are a few hundred bytes; anything larger is left as it is.
const ERROR_BODY_MAX_BYTES: usize = 64 * 1024;

pub async fn honest_status(request: Request, next: Next) -> Response {
    if !request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > BODY_MAX_BYTES) {
        return answer(AppError::TooLarge);
    }
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || response.headers().contains_key(header::LOCATION)
    {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, ERROR_BODY_MAX_BYTES).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "").into_response();
    };
    match serde_json::from_slice::<AppError>(&bytes) {
        Ok(error) => answer(error),
        Err(_) => Response::from_parts(parts, Body::from(bytes)),
    }
}

/// The typed error as JSON, with its status.
pub(crate) fn answer(error: AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        serde_json::to_string(&error).unwrap_or_default(),
    )
        .into_response();
    if let Some(seconds) = error.retry_after_seconds() {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}
