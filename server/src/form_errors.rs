//! Errors that come back to a page in its URL, signed so that only ours are shown.
//!
//! A form posted without JavaScript that fails is redirected back to its page with
//! `?__path=<server function>&__err=<the error>`, and Leptos shows that error on the
//! page. Anyone could craft such a link and make the real sign-in page say what they
//! like ("Your account is locked, call …"). So the redirect our server functions send
//! is signed here (`__sig`, a keyed BLAKE2s MAC over the path and the error, with a
//! key made at start-up), and a page request whose error is not signed by us is
//! redirected to the same page without it. Nothing is stored, and every form keeps
//! working as before.

use axum::{
    extract::{Request, State},
    http::{header, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use blake2::{
    digest::{KeyInit, Mac},
    Blake2sMac256,
};
use std::sync::Arc;

const PATH: &str = "__path";
const ERROR: &str = "__err";
const SIGNATURE: &str = "__sig";

/// The start-up key that signs errors in URLs.
#[derive(Clone)]
pub struct ErrorKey(Arc<[u8; 32]>);

impl ErrorKey {
    /// A fresh random key (two v4 UUIDs: 244 bits from the operating system). A
    /// restart forgets it, so an error link from before a restart is shown without
    /// the error, which is harmless.
    pub fn random() -> Self {
        let mut key = [0u8; 32];
        key[..16].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
        key[16..].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
        Self(Arc::new(key))
    }

    fn mac(&self, path: &str, error: &str) -> Blake2sMac256 {
        let mut mac = <Blake2sMac256 as KeyInit>::new(&(*self.0).into());
        mac.update(path.as_bytes());
        mac.update(&[0]);
        mac.update(error.as_bytes());
        mac
    }

    fn sign(&self, path: &str, error: &str) -> String {
        let tag = self.mac(path, error).finalize().into_bytes();
        tag.iter().map(|byte| format!("{byte:02x}")).collect()
    }

    fn verify(&self, path: &str, error: &str, signature: &str) -> bool {
        from_hex(signature).is_some_and(|tag| self.mac(path, error).verify_slice(&tag).is_ok())
    }
}

fn from_hex(text: &str) -> Option<Vec<u8>> {
    if text.len() != 64 || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}

/// The raw (still percent-encoded) value of `name` in `query`.
fn param<'q>(query: &'q str, name: &str) -> Option<&'q str> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find_map(|(key, value)| (key == name).then_some(value))
}

/// `query` without the error, its path and its signature.
fn without_error(query: &str) -> String {
    query
        .split('&')
        .filter(|pair| {
            let key = pair.split_once('=').map_or(*pair, |(key, _)| key);
            ![PATH, ERROR, SIGNATURE].contains(&key)
        })
        .collect::<Vec<_>>()
        .join("&")
}

pub async fn sign_and_check(State(key): State<ErrorKey>, request: Request, next: Next) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD) {
        if let Some(clean) = unsigned_error_removed(&key, &request) {
            return clean;
        }
    }
    let mut response = next.run(request).await;
    sign_redirect(&key, &mut response);
    response
}

/// For a page request carrying an error we did not sign: a redirect to the page
/// without it.
fn unsigned_error_removed(key: &ErrorKey, request: &Request) -> Option<Response> {
    let query = request.uri().query()?;
    let (path, error) = (param(query, PATH), param(query, ERROR));
    if path.is_none() && error.is_none() {
        return None;
    }
    let signed = match (path, error, param(query, SIGNATURE)) {
        (Some(path), Some(error), Some(signature)) => key.verify(path, error, signature),
        _ => false,
    };
    if signed {
        return None;
    }
    // The request's span names the page (with secrets redacted); not repeated here.
    tracing::info!("dropped an unsigned form error from a link");
    let rest = without_error(query);
    let target = if rest.is_empty() {
        request.uri().path().to_owned()
    } else {
        format!("{}?{rest}", request.uri().path())
    };
    Some((StatusCode::SEE_OTHER, [(header::LOCATION, target)]).into_response())
}

/// Signs the error in a server function's redirect back to its form, if there is one.
fn sign_redirect(key: &ErrorKey, response: &mut Response) {
    let Some(location) = response
        .headers()
        .get(header::LOCATION)
        .and_then(|value| value.to_str().ok())
    else {
        return;
    };
    let Some((_, query)) = location.split_once('?') else {
        return;
    };
    let (Some(path), Some(error)) = (param(query, PATH), param(query, ERROR)) else {
        return;
    };
    let signature = key.sign(path, error);
    let signed = format!("{location}&{SIGNATURE}={signature}");
    if let Ok(value) = HeaderValue::from_str(&signed) {
        response.headers_mut().insert(header::LOCATION, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_signature_fits_the_error() {
        let key = ErrorKey::random();
        let signature = key.sign("%2Fapi%2Fsign_in", "eyJ4Ijox");
        assert!(key.verify("%2Fapi%2Fsign_in", "eyJ4Ijox", &signature));
        assert!(!key.verify("%2Fapi%2Fsign_in", "eyJ4Ijoy", &signature));
        assert!(!ErrorKey::random().verify("%2Fapi%2Fsign_in", "eyJ4Ijox", &signature));
        assert!(!key.verify("%2Fapi%2Fsign_in", "eyJ4Ijox", "zz"));
    }

    #[test]
    fn the_rest_of_the_query_is_kept() {
        assert_eq!(
            without_error("next=%2Fcircles&__path=x&__err=y&__sig=z"),
            "next=%2Fcircles"
        );
        assert_eq!(param("a=1&__err=e", ERROR), Some("e"));
    }
}
