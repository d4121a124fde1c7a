//! Every request is answered, one way or another, within a deadline.
//!
//! A request whose answer does not start within [`Config::answer_within`] is dropped
//! (its work is cancelled, its database transaction rolled back, its locks released)
//! and answered "503 Service Unavailable, try again in 5 seconds". Nothing should take
//! that long: pages answer in milliseconds, and every wait inside has its own shorter
//! limit (the database's busy timeout, the password hasher's queue). This is the
//! backstop for a wait that has none. Under the bench's load, one page request in
//! tens of thousands was once never answered at all: the browser would have spun
//! forever, and a server asked to stop waited for it. The error in the log names the
//! request, to find the cause by.
//!
//! Only the time to the answer's start counts: a live room's stream, once open, runs
//! as long as the room does.
//!
//! [`Config::answer_within`]: crate::config::Config::answer_within

use app::error::AppError;
use axum::{
    extract::{Request, State},
    http::{header, HeaderValue, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use std::time::Duration;

/// How long a request may take to start its answer.
#[derive(Clone, Copy, Debug)]
pub struct Deadline(pub Duration);

pub async fn answer_within(
    State(Deadline(within)): State<Deadline>,
    request: Request,
    next: Next,
) -> Response {
    let is_server_function = request.uri().path().starts_with("/api/");
    match tokio::time::timeout(within, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::error!(
                seconds = within.as_secs_f64(),
                "gave up on a request: no answer within the deadline"
            );
            gave_up(is_server_function)
        }
    }
}

/// The answer to a request given up on: the typed error to a server function's
/// caller, a short page to a person.
fn gave_up(is_server_function: bool) -> Response {
    let error = AppError::TookTooLong;
    if is_server_function {
        return crate::honest_status::answer(error);
    }
    let retry_after = error.retry_after_seconds().unwrap_or(5);
    let page = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Try again · Coaching Circles</title></head>\
         <body><main><h1>{error}</h1><p>Reload the page to try again.</p></main></body></html>"
    );
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (header::RETRY_AFTER, HeaderValue::from(retry_after)),
        ],
        page,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_server_function_given_up_on_gets_its_typed_error() {
        let response = gave_up(true);
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(response.headers()[header::RETRY_AFTER], "5");
        let body = axum::body::to_bytes(response.into_body(), 4096)
            .await
            .expect("body");
        let error: AppError = serde_json::from_slice(&body).expect("a typed error");
        assert_eq!(error, AppError::TookTooLong);
    }
}
