//! The middleware around the routes, in three rings: what every request goes through
//! before its route (its browser session, the cross-site check, honest statuses, the
//! deadline), compression, and what every answer gets on its way out (security
//! headers, the request's log line).
//!
//! A live room's event stream goes through the first and the last ring but not
//! through compression: see [`compression`].

use crate::{config::Config, cross_site, deadline, honest_status, session_store};
use axum::{
    http::{header, HeaderValue},
    Router,
};
use leptos::prelude::LeptosOptions;
use tower_http::{
    compression::CompressionLayer,
    set_header::SetResponseHeaderLayer,
    trace::{DefaultOnResponse, TraceLayer},
    CompressionLevel,
};
use tower_sessions::SessionManagerLayer;
use tracing::Level;

type Routes = Router<LeptosOptions>;
pub type Sessions = SessionManagerLayer<session_store::BrowserSessions>;

/// What every request goes through before its route, innermost first: its browser
/// session (renewed once a day while in use), refusal of cross-site writes, honest
/// statuses, and the deadline for the answer's start.
pub fn for_every_request(routes: Routes, sessions: &Sessions, config: &Config) -> Routes {
    let scheme = cross_site::Scheme(if config.secure_cookies {
        "https"
    } else {
        "http"
    });
    routes
        .layer(axum::middleware::from_fn(session_store::renew_once_a_day))
        .layer(sessions.clone())
        .layer(axum::middleware::from_fn_with_state(
            scheme,
            cross_site::refuse_cross_site,
        ))
        .layer(axum::middleware::from_fn(honest_status::honest_status))
        .layer(deadline::AnswerWithin(std::time::Duration::from_secs(
            config.answer_within,
        )))
}

/// Answers are compressed as they are sent, brotli and gzip at quality 1. At tower-http's
/// defaults (brotli 4, gzip 6) each answer's brotli encoder first cleared a 512 KB
/// table (its hasher for quality 4), whatever the page's size: `perf` of Home under load
/// found a fifth of the server's time clearing memory and in the page faults that took.
/// Measured by turns on the seeded data (`wrk`, 32 connections, as Chromium asks:
/// brotli), quality 1 against 4: the sign-in page 5,050–5,130 against 1,840–2,310
/// answers/s, Home 656–725 against 514–570, the circle page 327–368 against 271–306;
/// Home is 2,696 bytes instead of 2,347 and the circle page 6,773 instead of 5,805,
/// which Fast 3G carries in 2 and 5 ms more (`docs/measurements.md`).
///
/// Not a live room's event stream. tower-http never compresses `text/event-stream`,
/// but the body it wraps every answer in is as large as its largest encoder (brotli's
/// state holds a 4 KB table inline), and a stream keeps its body for as long as its
/// screen is open: two per room, for the whole session. So the streams' routes are
/// added after this layer (`docs/measurements.md`, "Where the rooms' memory goes").
pub fn compression(routes: Routes) -> Routes {
    routes.layer(CompressionLayer::new().quality(CompressionLevel::Precise(1)))
}

/// What every answer gets on its way out: security headers where the route set none,
/// and the request's log line.
pub fn for_every_answer(routes: Routes, config: &Config) -> Routes {
    routes
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::STRICT_TRANSPORT_SECURITY,
            strict_transport(config.secure_cookies),
        ))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
}

/// `Strict-Transport-Security` for a site served over https (a year; browsers then
/// refuse to reach it over plain http), and nothing for one served over http.
fn strict_transport(
    https: bool,
) -> impl Fn(&axum::response::Response) -> Option<HeaderValue> + Clone {
    move |_| https.then(|| HeaderValue::from_static("max-age=31536000"))
}

/// The log span of a request. Like tower-http's default, but the path is redacted
/// where it carries a secret: `/join/<token>` is an invite that lets anyone join.
fn request_span(request: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    let path = request.uri().path();
    let shown = match path.strip_prefix("/join/") {
        Some(_) => "/join/[token]".to_owned(),
        None => request.uri().to_string(),
    };
    tracing::info_span!(
        "request",
        method = %request.method(),
        uri = %shown,
        version = ?request.version(),
    )
}
