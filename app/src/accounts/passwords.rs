//! Password hashing and checking, with a bound on how much runs at once.
//!
//! Argon2id as configured takes about 19 MiB and a core's worth of time per hash, on
//! purpose. Without a bound, a burst of sign-ups or sign-ins ran them all at once (300
//! parallel sign-ups took the server from 175 MB to 5.5 GB). Now at most one hash per
//! core runs; others wait briefly for a turn and are refused with "too many attempts"
//! if none comes, so a burst queues or is turned away instead of allocating.

use super::Password;
use crate::error::AppError;
use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Argon2,
};
use std::{sync::Arc, sync::OnceLock, time::Duration};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// How long a request waits for a turn to hash before it is refused.
const WAIT_FOR_TURN: Duration = Duration::from_secs(5);

/// The turns for password work: one per core.
#[derive(Debug)]
pub struct PasswordWork {
    turns: Arc<Semaphore>,
}

impl Default for PasswordWork {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Self::new(cores)
    }
}

impl PasswordWork {
    pub fn new(at_once: usize) -> Self {
        Self {
            turns: Arc::new(Semaphore::new(at_once.max(1))),
        }
    }

    async fn turn(&self) -> Result<OwnedSemaphorePermit, AppError> {
        match tokio::time::timeout(WAIT_FOR_TURN, self.turns.clone().acquire_owned()).await {
            Ok(Ok(permit)) => Ok(permit),
            Ok(Err(_closed)) => {
                tracing::error!("the password work semaphore was closed");
                Err(AppError::Internal)
            }
            Err(_elapsed) => {
                tracing::info!("refused: no turn for password hashing in time");
                Err(AppError::TooManyAttempts)
            }
        }
    }

    /// Runs `work` on a blocking thread during a turn. The turn moves into the thread,
    /// so it is given back when the work ends, even if the request gave up waiting.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> Result<T, AppError> + Send + 'static,
    ) -> Result<T, AppError> {
        let turn = self.turn().await?;
        tokio::task::spawn_blocking(move || {
            let result = work();
            drop(turn);
            result
        })
        .await
        .map_err(|error| {
            tracing::error!(%error, "password work task failed");
            AppError::Internal
        })?
    }

    /// Hashes with argon2id.
    pub async fn hash(&self, password: Password) -> Result<String, AppError> {
        self.run(move || hash_now(password.expose())).await
    }

    /// Checks `password` against `stored`. With no stored hash (unknown email) it
    /// checks against a dummy hash, so both cases take the same time and look the same.
    pub async fn verify(&self, password: String, stored: Option<String>) -> Result<bool, AppError> {
        self.run(move || {
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
    }
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

/// Made once, during the first check's turn.
fn dummy_hash() -> Result<&'static str, AppError> {
    static DUMMY: OnceLock<String> = OnceLock::new();
    if let Some(hash) = DUMMY.get() {
        return Ok(hash);
    }
    let hash = hash_now("a password nobody has, used to even out timing")?;
    Ok(DUMMY.get_or_init(|| hash))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_argon2id_and_verify() {
        let work = PasswordWork::new(2);
        let password = Password::parse("correct horse battery").expect("valid");
        let hash = work.hash(password).await.expect("hash");
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(work
            .verify("correct horse battery".into(), Some(hash.clone()))
            .await
            .expect("verify"));
        assert!(!work
            .verify("wrong horse battery".into(), Some(hash))
            .await
            .expect("verify"));
    }

    #[tokio::test]
    async fn an_unknown_account_never_verifies() {
        let dummy = "a password nobody has, used to even out timing".to_owned();
        assert!(!PasswordWork::new(1)
            .verify(dummy, None)
            .await
            .expect("verify"));
    }

    #[tokio::test(start_paused = true)]
    async fn without_a_turn_in_time_the_work_is_refused() {
        let work = PasswordWork::new(1);
        let _busy = work.turn().await.expect("the only turn");
        let password = Password::parse("correct horse battery").expect("valid");
        assert_eq!(work.hash(password).await, Err(AppError::TooManyAttempts));
    }
}
