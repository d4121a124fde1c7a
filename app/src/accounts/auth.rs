//! Who is calling: the signed-in account behind a request, and password hashing.
//!
//! Every server function that touches data starts with [`current_account`]. The
//! browser session (a cookie naming a row in the session store) holds only the
//! account id.

use super::{store, Account, Password};
use crate::{db::Db, error::AppError, state::app_state};
use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Argon2,
};
use std::{net::IpAddr, sync::OnceLock};
use tower_sessions::Session;

const ACCOUNT_ID_KEY: &str = "account_id";

async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|error| {
        tracing::error!(%error, "no session layer on this request");
        AppError::Internal
    })
}

/// The signed-in account, or `None` for an anonymous caller.
pub async fn signed_in_account() -> Result<Option<Account>, AppError> {
    account_of(&session().await?, &app_state()?.db).await
}

/// The account signed in on `session`, for handlers outside server functions (the
/// session room's live stream).
pub async fn account_of(session: &Session, db: &Db) -> Result<Option<Account>, AppError> {
    let Some(id) = session.get::<String>(ACCOUNT_ID_KEY).await? else {
        return Ok(None);
    };
    store::find_by_id(&db.reader, &id).await
}

/// The signed-in account, or "not signed in".
pub async fn current_account() -> Result<Account, AppError> {
    signed_in_account().await?.ok_or(AppError::NotSignedIn)
}

/// Signs `account_id` in on this browser, under a fresh session id so that an id
/// planted before sign-in is worthless afterwards.
pub async fn start_session(account_id: &str) -> Result<(), AppError> {
    let session = session().await?;
    session.cycle_id().await?;
    session.insert(ACCOUNT_ID_KEY, account_id).await?;
    Ok(())
}

/// Signs this browser out and deletes its session row.
pub async fn end_session() -> Result<(), AppError> {
    session().await?.flush().await?;
    Ok(())
}

/// The caller's IP address, when the server was started with connection info.
pub async fn client_address() -> Option<IpAddr> {
    use axum::extract::ConnectInfo;
    use std::net::SocketAddr;
    leptos_axum::extract::<ConnectInfo<SocketAddr>>()
        .await
        .ok()
        .map(|ConnectInfo(address)| address.ip())
}

/// Hashes with argon2id on a blocking thread: it is slow on purpose.
pub async fn hash_password(password: Password) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || hash_now(password.expose()))
        .await
        .map_err(|error| {
            tracing::error!(%error, "password hashing task failed");
            AppError::Internal
        })?
}

fn hash_now(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|error| {
            tracing::error!(%error, "password hashing failed");
            AppError::Internal
        })
}

/// Checks `password` against `stored`. With no stored hash (unknown email) it checks
/// against a dummy hash, so both cases take the same time and look the same.
pub async fn verify_password(password: String, stored: Option<String>) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        let dummy = dummy_hash()?;
        let known = stored.is_some();
        let hash = stored.as_deref().unwrap_or(dummy);
        let parsed = PasswordHash::new(hash).map_err(|error| {
            tracing::error!(%error, "stored password hash is unreadable");
            AppError::Internal
        })?;
        let matches = Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        Ok(known && matches)
    })
    .await
    .map_err(|error| {
        tracing::error!(%error, "password verification task failed");
        AppError::Internal
    })?
}

fn dummy_hash() -> Result<&'static str, AppError> {
    static DUMMY: OnceLock<String> = OnceLock::new();
    if let Some(hash) = DUMMY.get() {
        return Ok(hash);
    }
    let hash = hash_now("a password nobody has, used to even out timing")?;
    Ok(DUMMY.get_or_init(|| hash))
}

/// Checks that `password` is the signed-in account's own (throttled like signing in),
/// before a change that needs it; otherwise a message beside `field`.
pub async fn confirm_password(
    account: &Account,
    password: String,
    field: &str,
    message: &str,
) -> Result<(), AppError> {
    let state = app_state()?;
    state
        .sign_in_throttle
        .attempt(&account.email, client_address().await)?;
    let stored = store::password_hash(&state.db.reader, &account.id).await?;
    if !verify_password(password, stored).await? {
        return Err(AppError::invalid(field, message));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_argon2id_and_verify() {
        let password = Password::parse("correct horse battery").expect("valid");
        let hash = hash_password(password).await.expect("hash");
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(
            verify_password("correct horse battery".into(), Some(hash.clone()))
                .await
                .expect("verify")
        );
        assert!(!verify_password("wrong horse battery".into(), Some(hash))
            .await
            .expect("verify"));
    }

    #[tokio::test]
    async fn an_unknown_account_never_verifies() {
        let dummy = "a password nobody has, used to even out timing".to_owned();
        assert!(!verify_password(dummy, None).await.expect("verify"));
    }
}
