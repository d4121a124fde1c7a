//! Who is calling: the signed-in account behind a request.
//!
//! Every server function that touches data starts with [`current_account`]. The
//! browser session (a cookie naming a row in the session store) holds the account id
//! and the account's session epoch at sign-in.
//!
//! Signing out other browsers: the session store (tower-sessions' SQLite store) keeps
//! each session as an opaque record, so an account's sessions cannot be found by
//! account. Rather than keep a second table of (session, account) in step with the
//! store (written at sign-in, cleaned at expiry, cycled ids, flushes), each account
//! row carries an epoch number; a browser session is valid only while the epoch it
//! recorded at sign-in is the account's current one. Raising the epoch signs out
//! every other browser at once, with one UPDATE and no bookkeeping to get out of step;
//! the browser that raised it records the new epoch and stays signed in.

use super::{store, Account};
use crate::{db::Db, error::AppError, state::app_state};
use leptos::prelude::use_context;
use std::{net::IpAddr, sync::Arc};
use tower_sessions::Session;

const ACCOUNT_ID_KEY: &str = "account_id";
const EPOCH_KEY: &str = "session_epoch";

pub(crate) async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|error| {
        tracing::error!(%error, "no session layer on this request");
        AppError::Internal
    })
}

/// Who is calling a page, looked up before the page renders: the server's
/// `signed_in` middleware puts it in the request's extensions, the app root hands it
/// to every part of the page as [`crate::accounts::pages::Auth`], and the page's
/// server functions reuse it through [`RequestAccount::for_this_request`].
#[derive(Clone, Debug)]
pub struct SignedIn(pub Result<Option<Account>, AppError>);

impl SignedIn {
    /// The lookup the server made for this request; `None` outside a page request.
    pub fn of_this_request() -> Option<Self> {
        use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<Self>().cloned())
    }
}

/// The account behind this request, looked up once: a page's server functions each
/// ask who is calling, and they run at the same time while the page renders. The
/// server provides a fresh one for every request; signing in or out forgets it.
#[derive(Clone, Debug, Default)]
pub struct RequestAccount(Arc<tokio::sync::Mutex<Option<Option<Account>>>>);

impl RequestAccount {
    /// For this request: a page's server functions reuse the lookup the server made
    /// for the page ([`SignedIn`]); any other request looks up on first use.
    pub fn for_this_request() -> Self {
        match SignedIn::of_this_request() {
            Some(SignedIn(Ok(account))) => Self(Arc::new(tokio::sync::Mutex::new(Some(account)))),
            _ => Self::default(),
        }
    }

    async fn forget() {
        if let Some(RequestAccount(cached)) = use_context::<RequestAccount>() {
            *cached.lock().await = None;
        }
    }
}

/// The signed-in account, or `None` for an anonymous caller.
pub async fn signed_in_account() -> Result<Option<Account>, AppError> {
    let Some(RequestAccount(cached)) = use_context::<RequestAccount>() else {
        return account_of(&session().await?, &app_state()?.db).await;
    };
    // Held across the lookup, so the page's other server functions wait for it
    // instead of each querying.
    let mut cached = cached.lock().await;
    if let Some(account) = cached.as_ref() {
        return Ok(account.clone());
    }
    let account = account_of(&session().await?, &app_state()?.db).await?;
    *cached = Some(account.clone());
    Ok(account)
}

/// The account signed in on `session`, for handlers outside server functions (the
/// session room's live stream). A session from before the account's last password
/// change or "sign out everywhere else" counts as signed out. (It is not written to
/// here: the browser may have a request in flight that is re-signing it in.)
pub async fn account_of(session: &Session, db: &Db) -> Result<Option<Account>, AppError> {
    let Some(claim) = claim_of(session).await? else {
        return Ok(None);
    };
    let Some(found) = store::find_signed_in(&db.reader, &claim.account_id).await? else {
        return Ok(None);
    };
    Ok((claim.epoch == found.session_epoch).then_some(found.account))
}

/// Whom a browser session says it is signed in as, and since which epoch of that
/// account's sessions: what [`account_of`] checks against the account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionClaim {
    pub account_id: String,
    pub epoch: i64,
}

/// The claim `session` holds (the session's record is read once per request).
pub async fn claim_of(session: &Session) -> Result<Option<SessionClaim>, AppError> {
    let Some(account_id) = session.get::<String>(ACCOUNT_ID_KEY).await? else {
        return Ok(None);
    };
    // Sessions from before epochs existed hold none: they are of epoch 0.
    let epoch = session.get::<i64>(EPOCH_KEY).await?.unwrap_or(0);
    Ok(Some(SessionClaim { account_id, epoch }))
}

/// The signed-in account, or "not signed in".
pub async fn current_account() -> Result<Account, AppError> {
    signed_in_account().await?.ok_or(AppError::NotSignedIn)
}

/// Signs `account_id` in on this browser, under a fresh session id so that an id
/// planted before sign-in is worthless afterwards.
pub async fn start_session(account_id: &str) -> Result<(), AppError> {
    let epoch = store::session_epoch(&app_state()?.db.writer, account_id).await?;
    let session = session().await?;
    session.cycle_id().await?;
    session.insert(ACCOUNT_ID_KEY, account_id).await?;
    session.insert(EPOCH_KEY, epoch).await?;
    RequestAccount::forget().await;
    Ok(())
}

/// Signs this browser out and deletes its session row.
pub async fn end_session() -> Result<(), AppError> {
    session().await?.flush().await?;
    RequestAccount::forget().await;
    Ok(())
}

/// Signs `account_id` out on every browser but this one.
pub async fn sign_out_other_sessions(account_id: &str) -> Result<(), AppError> {
    store::raise_session_epoch(&app_state()?.db.writer, account_id).await?;
    start_session(account_id).await
}

/// The caller's IP address, when the server was started with connection info: behind
/// a load balancer (`--behind-proxy`) the address it appended to `X-Forwarded-For`.
pub async fn client_address() -> Option<IpAddr> {
    use axum::extract::ConnectInfo;
    use std::net::SocketAddr;
    if app_state().is_ok_and(|state| state.behind_proxy) {
        let headers = leptos_axum::extract::<http::HeaderMap>().await;
        if let Some(address) = headers.ok().as_ref().and_then(forwarded_for) {
            return Some(address);
        }
    }
    leptos_axum::extract::<ConnectInfo<SocketAddr>>()
        .await
        .ok()
        .map(|ConnectInfo(address)| address.ip())
}

/// The last address in `X-Forwarded-For`: the one the proxy in front appended. Those
/// before it come from the client and may be made up.
fn forwarded_for(headers: &http::HeaderMap) -> Option<IpAddr> {
    let last = headers.get_all("x-forwarded-for").iter().next_back()?;
    last.to_str().ok()?.rsplit(',').next()?.trim().parse().ok()
}

/// Checks that `password` is the signed-in account's own, before a change that needs
/// it; otherwise a message beside `field`. Limited per browser session, not per
/// account: strangers guessing at the sign-in form cannot lock the owner out of this.
pub async fn confirm_password(
    account: &Account,
    password: String,
    field: &str,
    message: &str,
) -> Result<(), AppError> {
    let state = app_state()?;
    let session_key = session()
        .await?
        .id()
        .map_or_else(|| account.id.clone(), |id| id.to_string());
    state.throttle.confirmation(&session_key)?;
    let stored = store::password_hash(&state.db.reader, &account.id).await?;
    if !state.passwords.verify(password, stored).await? {
        return Err(AppError::invalid(field, message));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::forwarded_for;
    use http::{HeaderMap, HeaderValue};

    #[test]
    fn the_proxys_own_entry_is_the_last_one() {
        let mut headers = HeaderMap::new();
        assert_eq!(forwarded_for(&headers), None);
        // The client claims 1.2.3.4; the proxy appended what it saw.
        headers.append(
            "x-forwarded-for",
            HeaderValue::from_static("1.2.3.4, 10.0.0.7"),
        );
        assert_eq!(forwarded_for(&headers), Some([10, 0, 0, 7].into()));
        headers.append("x-forwarded-for", HeaderValue::from_static("2001:db8::1"));
        assert_eq!(forwarded_for(&headers), "2001:db8::1".parse().ok());
        headers.append(
            "x-forwarded-for",
            HeaderValue::from_static("not an address"),
        );
        assert_eq!(forwarded_for(&headers), None);
    }
}
