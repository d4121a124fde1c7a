//! A refused plain form post goes back to its page with what was typed, and the
//! address stays clean.
//!
//! Leptos answers a server function that fails after a plain HTML form post (no
//! JavaScript) with a redirect to the form's page plus `?__path=…&__err=…`, and the
//! page shows that error. That loses what was typed, piles up a new pair on every
//! refusal, and lets anyone craft a link that makes the real sign-in page say what
//! they like. Here, instead, the redirect goes to the page's own address, and the
//! error and the fields sent (never a password) wait in the browser's session as a
//! [`KeptForm`] for that page's next request, which takes them out again. A page
//! address carrying `__path` or `__err` is ours no longer: it is redirected to the
//! same page without them.

use app::ui::kept_form::KeptForm;
use axum::{
    body::{to_bytes, Body},
    extract::Request,
    http::{header, HeaderValue, Method, StatusCode, Uri},
    middleware::Next,
    response::{IntoResponse, Response},
};
use tower_sessions::Session;

const PATH: &str = "__path";
const ERROR: &str = "__err";
/// The signature the previous scheme added; dropped from addresses like the rest.
const SIGNATURE: &str = "__sig";
/// The session key of the refused form waiting for its page.
const KEPT: &str = app::ui::kept_form::SESSION_KEY;
/// A form larger than this is sent back without its fields (only the error).
const KEPT_MAX_BYTES: usize = 64 * 1024;

pub async fn keep_refused_forms(request: Request, next: Next) -> Response {
    let session = request.extensions().get::<Session>().cloned();
    match *request.method() {
        Method::GET | Method::HEAD => {
            if let Some(clean) = error_in_address_removed(&request) {
                return clean;
            }
            let request = match session {
                Some(session) => with_kept_form(&session, request).await,
                None => request,
            };
            next.run(request).await
        }
        Method::POST if is_plain_form_post(&request) => match session {
            Some(session) => post_keeping_input(&session, request, next).await,
            None => next.run(request).await,
        },
        _ => next.run(request).await,
    }
}

/// A form a browser posted by itself (not a script's fetch), which Leptos answers
/// with a redirect.
fn is_plain_form_post(request: &Request) -> bool {
    let header_has = |name, text| {
        request
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value: &str| value.contains(text))
    };
    request.uri().path().starts_with("/api/")
        && header_has(header::ACCEPT, "text/html")
        && header_has(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
}

/// Runs the post; if it was refused, keeps its error and fields for the page and
/// sends the browser to the page's clean address.
async fn post_keeping_input(session: &Session, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let limit = crate::honest_status::BODY_MAX_BYTES as usize;
    let Ok(sent) = to_bytes(body, limit).await else {
        return (StatusCode::PAYLOAD_TOO_LARGE, "").into_response();
    };
    let mut response = next
        .run(Request::from_parts(parts, Body::from(sent.clone())))
        .await;
    let Some(location) = response
        .headers()
        .get(header::LOCATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<Uri>().ok())
    else {
        return response;
    };
    let pairs = query_pairs(location.query().unwrap_or_default());
    if let (Some(action), Some(error)) = (find(&pairs, PATH), find(&pairs, ERROR)) {
        let clean = clean_address(location.path(), &pairs);
        let fields = if sent.len() <= KEPT_MAX_BYTES {
            form_urlencoded::parse(&sent)
                .filter(|(name, _)| KeptForm::keeps(name))
                .map(|(name, value)| (name.into_owned(), value.into_owned()))
                .collect()
        } else {
            Vec::new()
        };
        let kept = KeptForm {
            page: location.path().to_owned(),
            action: action.to_owned(),
            error: error.to_owned(),
            fields,
        };
        if let Err(error) = session.insert(KEPT, kept).await {
            tracing::warn!(%error, "could not keep a refused form's input");
        }
        if let Ok(value) = HeaderValue::from_str(&clean) {
            response.headers_mut().insert(header::LOCATION, value);
        }
    }
    response
}

/// Hands the page the refused form waiting for it, if this is its page. A form
/// kept for another page is dropped: the person went elsewhere.
async fn with_kept_form(session: &Session, mut request: Request) -> Request {
    let path = request.uri().path();
    if path.starts_with("/pkg/") || path.starts_with("/api/") {
        return request;
    }
    // Looked at before it is taken out: taking out marks the session changed even
    // when there was nothing to take, and a changed session is written back (through
    // the one writer) at the end of the request, so every page view would write.
    let waiting = match session.get::<KeptForm>(KEPT).await {
        Ok(waiting) => waiting,
        Err(error) => {
            tracing::warn!(%error, "could not read a refused form's input");
            return request;
        }
    };
    let Some(kept) = waiting else {
        return request;
    };
    if let Err(error) = session.remove_value(KEPT).await {
        tracing::warn!(%error, "could not drop a refused form's input");
    }
    if kept.page == path {
        request.extensions_mut().insert(kept);
    }
    request
}

/// For a page address carrying a form error (which we never send): a redirect to
/// the page without it.
fn error_in_address_removed(request: &Request) -> Option<Response> {
    let pairs = query_pairs(request.uri().query()?);
    if find(&pairs, PATH).is_none() && find(&pairs, ERROR).is_none() {
        return None;
    }
    // The request's span names the page (with secrets redacted); not repeated here.
    tracing::info!("dropped a form error from a link");
    let target = clean_address(request.uri().path(), &pairs);
    Some((StatusCode::SEE_OTHER, [(header::LOCATION, target)]).into_response())
}

fn query_pairs(query: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(query.as_bytes())
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect()
}

fn find<'p>(pairs: &'p [(String, String)], name: &str) -> Option<&'p str> {
    pairs
        .iter()
        .find_map(|(key, value)| (key == name).then_some(value.as_str()))
}

/// `path` with the rest of its query, without any form error, however many times
/// earlier refusals added one.
fn clean_address(path: &str, pairs: &[(String, String)]) -> String {
    let rest: Vec<_> = pairs
        .iter()
        .filter(|(key, _)| ![PATH, ERROR, SIGNATURE].contains(&key.as_str()))
        .collect();
    if rest.is_empty() {
        return path.to_owned();
    }
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(rest)
        .finish();
    format!("{path}?{query}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_taken_out_of_the_address_however_many() {
        let pairs = query_pairs("next=%2Fcircles&__path=x&__err=y&__sig=z&__path=x&__err=w");
        assert_eq!(
            clean_address("/sign-in", &pairs),
            "/sign-in?next=%2Fcircles"
        );
        assert_eq!(find(&pairs, ERROR), Some("y"));
        assert_eq!(
            clean_address("/checkin", &query_pairs("__err=y")),
            "/checkin"
        );
    }
}
