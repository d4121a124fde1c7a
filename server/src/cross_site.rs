//! Refuses state-changing requests that come from another site.
//!
//! Server functions are plain POST endpoints and Leptos adds no CSRF check, so a page
//! elsewhere could otherwise post a form to them with the visitor's cookie. Browsers
//! say where a request comes from in `Sec-Fetch-Site`; older ones send `Origin`, whose
//! scheme must be this site's too: under `--secure-cookies` the site is https, and a
//! post from a plain-http page on the same host (which anyone on the network can
//! forge) is another site.

use axum::{
    extract::{Request, State},
    http::{header, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

/// This site's scheme: "https" when served with secure cookies, else "http".
#[derive(Clone, Copy, Debug)]
pub struct Scheme(pub &'static str);

pub async fn refuse_cross_site(
    State(scheme): State<Scheme>,
    request: Request,
    next: Next,
) -> Response {
    if is_safe_method(request.method()) || is_same_site(&request, scheme) {
        next.run(request).await
    } else {
        tracing::warn!(path = %request.uri().path(), "refused a cross-site request");
        (
            StatusCode::FORBIDDEN,
            "This request came from another site and was refused.",
        )
            .into_response()
    }
}

fn is_safe_method(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn is_same_site(request: &Request, Scheme(scheme): Scheme) -> bool {
    let headers = request.headers();
    if let Some(site) = headers.get("sec-fetch-site") {
        return matches!(site.to_str(), Ok("same-origin") | Ok("none"));
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        // Not a browser cross-site request (browsers send Origin on POST).
        return true;
    };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    match (origin.to_str().ok().and_then(|o| o.split_once("://")), host) {
        (Some((origin_scheme, origin_host)), Some(host)) => {
            origin_scheme.eq_ignore_ascii_case(scheme) && origin_host.eq_ignore_ascii_case(host)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    fn post(headers: &[(&str, &str)]) -> Request {
        let mut builder = Request::builder().method(Method::POST).uri("/api/sign_in");
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(Body::empty()).expect("request")
    }

    const HTTP: Scheme = Scheme("http");
    const HTTPS: Scheme = Scheme("https");

    fn is_same_site(request: &Request) -> bool {
        super::is_same_site(request, HTTP)
    }

    #[test]
    fn fetch_metadata_decides_when_present() {
        assert!(is_same_site(&post(&[("sec-fetch-site", "same-origin")])));
        assert!(!is_same_site(&post(&[("sec-fetch-site", "cross-site")])));
        assert!(!is_same_site(&post(&[("sec-fetch-site", "same-site")])));
    }

    #[test]
    fn the_origins_scheme_must_be_this_sites() {
        let from = |origin| post(&[("origin", origin), ("host", "example.org")]);
        assert!(super::is_same_site(&from("https://example.org"), HTTPS));
        assert!(!super::is_same_site(&from("http://example.org"), HTTPS));
        assert!(!super::is_same_site(&from("https://example.org"), HTTP));
        assert!(super::is_same_site(&from("http://example.org"), HTTP));
    }

    #[test]
    fn origin_must_match_host_otherwise() {
        assert!(is_same_site(&post(&[
            ("origin", "http://127.0.0.1:3000"),
            ("host", "127.0.0.1:3000")
        ])));
        assert!(!is_same_site(&post(&[
            ("origin", "https://evil.example"),
            ("host", "127.0.0.1:3000")
        ])));
        assert!(!is_same_site(&post(&[
            ("origin", "null"),
            ("host", "127.0.0.1:3000")
        ])));
        assert!(is_same_site(&post(&[])));
    }
}
