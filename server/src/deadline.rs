//! Every request is answered, one way or another, within a deadline.
//!
//! A request whose answer does not start within [`Config::answer_within`] is dropped
//! (its work is cancelled, its database transaction rolled back, its locks released)
//! and answered "503 Service Unavailable, try again in 5 seconds". Nothing should take
//! that long: pages answer in milliseconds, and every wait inside has its own shorter
//! limit (the database's busy timeout, the password hasher's queue). This is the
//! backstop for a wait that has none.
//!
//! Such a wait exists. Under the bench's load, about one page render in 10,000 to
//! 50,000 (Home and the circle page on SQLite, a page on PostgreSQL) never
//! finished, while the same server went on answering everything else at once. A
//! tokio task dump of a server caught in it (built with `tokio_unstable` and tokio's
//! `taskdump`; `docs/measurements.md`) showed the render waiting on nothing of tokio's:
//! no lock, once-cell, timer or socket, so not on this app's own locks nor on the
//! database's connection pool. What it waited on is a channel of Leptos's rendering
//! or of sqlx's SQLite worker, whose wake-up never came; Leptos has had such lost
//! wake-ups in server rendering (leptos#4851, #4578, #4673). A render is its own: the
//! same page asked again renders at once. So a page (a `GET` or `HEAD` without a body,
//! which changes nothing) not answered within a quarter of the deadline is asked for
//! once more, with the rest of the deadline, and the log warns. Server function calls
//! are never repeated: they may write.
//!
//! The hangs came from two Leptos patterns, both since avoided (a resource read by
//! several boundaries: who is calling, now `signed_in.rs`; a resource created inside a
//! boundary while it renders: the circle page's recognition), and `make bench` counts
//! these log lines with a goal of none. This stays as the backstop.
//!
//! Only the time to the answer's start counts: a live room's stream, once open, runs
//! as long as the room does.
//!
//! [`Config::answer_within`]: crate::config::Config::answer_within

use app::error::AppError;
use axum::{
    body::Body,
    extract::Request,
    http::{header, HeaderValue, Method, StatusCode},
    response::{IntoResponse, Response},
};
use std::{
    convert::Infallible,
    future::Future,
    pin::Pin,
    task::{Context, Poll},
    time::Duration,
};
use tower::{Layer, Service, ServiceExt};

/// Gives every request of the service it wraps at most `within` to start its answer.
#[derive(Clone, Copy, Debug)]
pub struct AnswerWithin(pub Duration);

impl<S> Layer<S> for AnswerWithin {
    type Service = Deadline<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Deadline {
            inner,
            within: self.0,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Deadline<S> {
    inner: S,
    within: Duration,
}

impl<S> Service<Request> for Deadline<S>
where
    S: Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        // The clone that was made ready is the one to call (tower's usual dance).
        let ready = self.inner.clone();
        let inner = std::mem::replace(&mut self.inner, ready);
        Box::pin(answer_within(inner, self.within, request))
    }
}

async fn answer_within<S>(
    inner: S,
    within: Duration,
    request: Request,
) -> Result<Response, Infallible>
where
    S: Service<Request, Response = Response, Error = Infallible> + Clone,
{
    // Named in the log lines below: the request's own span is below their level.
    let uri = request.uri().clone();
    let is_server_function = uri.path().starts_with("/api/");
    let again = (!is_server_function)
        .then(|| replayable(&request))
        .flatten();
    let first = if again.is_some() { within / 4 } else { within };
    if let Ok(answer) = tokio::time::timeout(first, inner.clone().oneshot(request)).await {
        return answer;
    }
    if let Some(again) = again {
        tracing::warn!(
            path = uri.path(),
            seconds = first.as_secs_f64(),
            "no answer to a page within a quarter of the deadline: asking again"
        );
        if let Ok(answer) = tokio::time::timeout(within - first, inner.oneshot(again)).await {
            return answer;
        }
    }
    tracing::error!(
        path = uri.path(),
        seconds = within.as_secs_f64(),
        "gave up on a request: no answer within the deadline"
    );
    Ok(gave_up(is_server_function))
}

/// A copy of a request that can safely be sent again: a `GET` or `HEAD` without a body.
fn replayable(request: &Request) -> Option<Request> {
    let safe = matches!(*request.method(), Method::GET | Method::HEAD);
    let bodiless = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .is_none_or(|length| length == "0")
        && !request.headers().contains_key(header::TRANSFER_ENCODING);
    if !(safe && bodiless) {
        return None;
    }
    let mut copy = Request::new(Body::empty());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.version_mut() = request.version();
    *copy.headers_mut() = request.headers().clone();
    *copy.extensions_mut() = request.extensions().clone();
    Some(copy)
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

    #[test]
    fn only_requests_that_change_nothing_are_sent_again() {
        let page = Request::get("/circles")
            .body(Body::empty())
            .expect("request");
        assert!(replayable(&page).is_some_and(|copy| copy.uri() == "/circles"));
        let post = Request::post("/api/create_circle")
            .header(header::CONTENT_LENGTH, "4")
            .body(Body::from("name"))
            .expect("request");
        assert!(replayable(&post).is_none());
        let get_with_body = Request::get("/")
            .header(header::CONTENT_LENGTH, "4")
            .body(Body::from("body"))
            .expect("request");
        assert!(replayable(&get_with_body).is_none());
    }
}
