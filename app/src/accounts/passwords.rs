//! Password hashing and checking, with a bound on how much runs at once.
//!
//! Argon2id as configured takes about 19 MiB and a core's worth of time per hash, on
//! purpose. Without a bound, a burst of sign-ups or sign-ins ran them all at once (300
//! parallel sign-ups took the server from 175 MB to 5.5 GB). Now at most one hash per
//! core runs; others wait briefly for a turn and are refused with "too many attempts"
//! if none comes, so a burst queues or is turned away instead of allocating.
//!
//! Each hash runs on a thread of its own, which ends with it, taking its memory along.
//! The allocator (mimalloc) keeps a freed block in the cache of the thread that freed
//! it until that thread ends: a hash freed on a long-lived thread stayed resident (21.2
//! MB after the drop in a scratch program; 2.3 MB once its thread had ended). Earlier
//! each of a fixed set of threads kept one block for every hash it computed: 19.9 MB
//! per thread for good, 40 MB on 2 cores, most of an idle server. Memory allocated for
//! each hash costs 43.1 ms a hash against 37.3 ms reused (`docs/measurements.md`).

use super::Password;
use crate::error::AppError;
use argon2::{
    password_hash::{rand_core::OsRng, Output, ParamsString, PasswordHash, SaltString},
    Algorithm, Argon2, Block, Params, Version,
};
use std::{
    panic::{catch_unwind, AssertUnwindSafe},
    sync::{Arc, OnceLock},
    time::Duration,
};
use tokio::sync::{oneshot, OwnedSemaphorePermit, Semaphore};

/// How long a request waits for a turn to hash before it is refused.
const WAIT_FOR_TURN: Duration = Duration::from_secs(5);

/// The turns for password work: one per core.
pub struct PasswordWork {
    turns: Arc<Semaphore>,
    /// `WAIT_FOR_TURN`, shorter in tests.
    wait_for_turn: Duration,
}

impl std::fmt::Debug for PasswordWork {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordWork")
            .field("free_turns", &self.turns.available_permits())
            .finish()
    }
}

impl Default for PasswordWork {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Self::new(cores)
    }
}

impl PasswordWork {
    /// `at_once` turns: at most that many hashes at once.
    pub fn new(at_once: usize) -> Self {
        Self {
            turns: Arc::new(Semaphore::new(at_once.max(1))),
            wait_for_turn: WAIT_FOR_TURN,
        }
    }

    async fn turn(&self) -> Result<OwnedSemaphorePermit, AppError> {
        match tokio::time::timeout(self.wait_for_turn, self.turns.clone().acquire_owned()).await {
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

    /// Runs `work` on a thread of its own during a turn. The turn goes with the work,
    /// so it is given back when the work ends, even if the request gave up waiting.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> Result<T, AppError> + Send + 'static,
    ) -> Result<T, AppError> {
        let turn = self.turn().await?;
        let (answer, result) = oneshot::channel();
        let failed = || {
            tracing::error!("password work failed (no thread, or it panicked)");
            AppError::Internal
        };
        std::thread::Builder::new()
            .name("password-work".into())
            .spawn(move || {
                let outcome = catch_unwind(AssertUnwindSafe(work));
                drop(turn);
                let _ = answer.send(outcome);
            })
            .map_err(|_| failed())?;
        result.await.map_err(|_| failed())?.map_err(|_| failed())?
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
            let matches = verify_now(&password, stored.as_deref().unwrap_or(dummy))?;
            Ok(stored.is_some() && matches)
        })
        .await
    }
}

/// The most argon2 memory a stored hash may ask for (ours ask 19 MiB): a hash with
/// more is unreadable rather than a way to make this thread hold more.
const MAX_BLOCKS: usize = 64 * 1024;

/// Computes `argon2`'s output for `password` and `salt` into `out`, in memory of its
/// own, given back when the hash is done (and by the allocator when its thread ends).
fn compute(argon2: &Argon2, password: &str, salt: &[u8], out: &mut [u8]) -> Result<(), AppError> {
    let count = argon2.params().block_count();
    if count > MAX_BLOCKS {
        return Err(unreadable(
            "a stored password hash asks for too much memory",
        ));
    }
    let mut memory = vec![Block::default(); count];
    argon2
        .hash_password_into_with_memory(password.as_bytes(), salt, out, &mut memory[..])
        .map_err(unreadable)
}

fn unreadable(error: impl std::fmt::Display) -> AppError {
    tracing::error!(%error, "a password hash cannot be made or read");
    AppError::Internal
}

/// A new argon2id hash of `password` (default parameters) as a PHC string.
fn hash_now(password: &str) -> Result<String, AppError> {
    let argon2 = Argon2::default();
    let salt = SaltString::generate(&mut OsRng);
    let mut salt_bytes = [0u8; 64];
    let raw_salt = salt
        .as_salt()
        .decode_b64(&mut salt_bytes)
        .map_err(unreadable)?;
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    compute(&argon2, password, raw_salt, &mut out)?;
    let hash = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(argon2.params()).map_err(unreadable)?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out).map_err(unreadable)?),
    };
    Ok(hash.to_string())
}

/// Whether `password` matches the PHC string `stored` (compared in constant time).
fn verify_now(password: &str, stored: &str) -> Result<bool, AppError> {
    let parsed = PasswordHash::new(stored).map_err(unreadable)?;
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return Err(unreadable("no salt or no hash"));
    };
    let algorithm = Algorithm::try_from(parsed.algorithm).map_err(unreadable)?;
    let version = match parsed.version {
        Some(version) => Version::try_from(version).map_err(unreadable)?,
        None => Version::default(),
    };
    let params = Params::try_from(&parsed).map_err(unreadable)?;
    let argon2 = Argon2::new(algorithm, version, params);
    let mut salt_bytes = [0u8; 64];
    let raw_salt = salt.decode_b64(&mut salt_bytes).map_err(unreadable)?;
    let mut out = vec![0u8; expected.len()];
    compute(&argon2, password, raw_salt, &mut out)?;
    Ok(Output::new(&out).map_err(unreadable)? == expected)
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

    #[test]
    fn hashes_made_by_argon2_itself_still_verify_and_ours_verify_there() {
        use argon2::{PasswordHasher, PasswordVerifier};
        let salt = SaltString::generate(&mut OsRng);
        let theirs = Argon2::default()
            .hash_password(b"correct horse battery", &salt)
            .expect("hash")
            .to_string();
        assert!(verify_now("correct horse battery", &theirs).expect("verify"));
        assert!(!verify_now("wrong horse battery", &theirs).expect("verify"));
        let ours = hash_now("correct horse battery").expect("hash");
        let parsed = PasswordHash::new(&ours).expect("PHC string");
        assert!(Argon2::default()
            .verify_password(b"correct horse battery", &parsed)
            .is_ok());
    }

    #[tokio::test]
    async fn an_unknown_account_never_verifies() {
        let dummy = "a password nobody has, used to even out timing".to_owned();
        assert!(!PasswordWork::new(1)
            .verify(dummy, None)
            .await
            .expect("verify"));
    }

    #[tokio::test]
    async fn without_a_turn_in_time_the_work_is_refused() {
        let work = PasswordWork {
            wait_for_turn: Duration::from_millis(50),
            ..PasswordWork::new(1)
        };
        let _busy = work.turn().await.expect("the only turn");
        let password = Password::parse("correct horse battery").expect("valid");
        assert_eq!(work.hash(password).await, Err(AppError::TooManyAttempts));
    }
}
