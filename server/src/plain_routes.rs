//! The routes that are not Leptos pages or server functions: `/healthz`, the test
//! clock's `/test-clock/…` routes, and the built site's files under `/pkg`.

use app::db::Db;
use axum::{
    http::{header, HeaderValue, StatusCode},
    Router,
};
use std::path::Path;
use tower_http::{services::ServeDir, set_header::SetResponseHeaderLayer};

/// `POST /test-clock/advance?days=N&hours=N` (test clock only). Reminders that the
/// new time makes due are looked for at once.
pub async fn advance_clock(
    clock: app::clock::Clock,
    outbox: Option<app::mail::Outbox>,
    axum::extract::Query(query): axum::extract::Query<std::collections::HashMap<String, i64>>,
) -> StatusCode {
    let days = query.get("days").copied().unwrap_or(0).clamp(0, 400);
    let hours = query.get("hours").copied().unwrap_or(0).clamp(0, 24 * 400);
    clock.advance(days * 86_400 + hours * 3_600);
    if let Some(outbox) = outbox {
        outbox.wake.notify_one();
    }
    StatusCode::NO_CONTENT
}

/// `GET /test-clock/answers-when-asked-again` (test clock only): the first request
/// is never answered, every later one at once, like a page render that hung.
pub async fn answers_when_asked_again(
    axum::Extension(asked): axum::Extension<std::sync::Arc<std::sync::atomic::AtomicBool>>,
) -> &'static str {
    if !asked.swap(true, std::sync::atomic::Ordering::SeqCst) {
        std::future::pending::<()>().await;
    }
    "answered when asked again"
}

/// The wasm, JS and CSS: served precompressed when a `.br` or `.gz` sibling exists,
/// cached for a year when the names carry a content hash.
pub fn static_files(folder: &Path) -> Router {
    let cache = if super::hashed_assets() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    Router::new()
        .fallback_service(
            ServeDir::new(folder)
                .precompressed_br()
                .precompressed_gzip(),
        )
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static(cache),
        ))
}

/// `GET /healthz`: `ok` while the database answers (load balancers check it).
pub async fn health(db: Db) -> (StatusCode, &'static str) {
    if db.ping().await {
        (StatusCode::OK, "ok")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
    }
}
