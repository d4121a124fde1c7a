//! Slows down guessing and bulk sign-ups. Uses `governor`'s keyed limiters (the engine
//! under tower_governor) because the account key is only known inside the request body.
//!
//! Four separate limits, so that one cannot be used to lock people out of another:
//! sign-in attempts per email and per network, sign-ups per network, and password
//! confirmations per browser session. A stranger guessing an owner's password fills
//! only the email's limit; the owner, already signed in, confirms against their own
//! session's limit and is never locked out by someone else's guesses.
//!
//! Memory is bounded: keys are only ever validated emails (at most 254 characters),
//! networks or session ids; keys back to full quota are forgotten every minute; and
//! should a flood from many networks still pass [`MAX_KEYS`], that limit starts over.

use super::Email;
use crate::error::AppError;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::{
    hash::Hash,
    net::IpAddr,
    num::NonZeroU32,
    sync::{Mutex, PoisonError, RwLock},
    time::{Duration, Instant},
};

/// Five sign-in attempts at once per email, then one every 12 seconds.
const PER_EMAIL: Quota = Quota::per_minute(nonzero(5));
/// Thirty sign-in attempts at once per network, then one every 2 seconds.
const PER_NETWORK: Quota = Quota::per_minute(nonzero(30));
/// Sign-ups at once per network by default (a team signing up together from one
/// office); then one every 30 seconds. `--sign-up-burst` sets it.
pub const SIGN_UP_BURST: NonZeroU32 = nonzero(20);
const SIGN_UPS_PER_HOUR: u32 = 120;
/// Five password confirmations at once per signed-in session, then one every 12 seconds.
const PER_SESSION: Quota = Quota::per_minute(nonzero(5));
/// Asking for a link to choose a new password, per network: each ask may look an
/// address up and queue a mail.
const RESETS_PER_NETWORK: Quota = Quota::per_minute(nonzero(5));
/// How often keys that are back to full quota are forgotten.
const SWEEP_EVERY: Duration = Duration::from_secs(60);
/// Most keys one limit remembers (about 20 MB of the longest emails).
const MAX_KEYS: usize = 50_000;

const fn nonzero(n: u32) -> NonZeroU32 {
    match NonZeroU32::new(n) {
        Some(n) => n,
        None => NonZeroU32::MIN,
    }
}

/// Where a request comes from, as a limit key: an IPv4 address, or an IPv6 address's
/// /64 network (one household or server is usually given a whole /64, so counting
/// single IPv6 addresses would let one machine take 2^64 turns).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Network(IpAddr);

impl From<IpAddr> for Network {
    fn from(address: IpAddr) -> Self {
        match address {
            IpAddr::V4(_) => Self(address),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => Self(IpAddr::V4(v4)),
                None => {
                    let prefix = u128::from(v6) & !(u128::from(u64::MAX));
                    Self(IpAddr::V6(prefix.into()))
                }
            },
        }
    }
}

/// One keyed limit whose memory stays bounded.
struct Limit<K: Hash + Eq + Clone> {
    quota: Quota,
    keys: RwLock<DefaultKeyedRateLimiter<K>>,
    swept_at: Mutex<Instant>,
}

impl<K: Hash + Eq + Clone> Limit<K> {
    fn new(quota: Quota) -> Self {
        Self {
            quota,
            keys: RwLock::new(RateLimiter::keyed(quota)),
            swept_at: Mutex::new(Instant::now()),
        }
    }

    /// Counts one turn for `key`; false when it has none left.
    fn take(&self, key: &K) -> bool {
        self.sweep();
        let keys = self.keys.read().unwrap_or_else(PoisonError::into_inner);
        keys.check_key(key).is_ok()
    }

    fn len(&self) -> usize {
        self.keys
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    /// Forgets keys back to full quota once a minute (or at once when over the cap);
    /// starts over if a flood of fresh keys still leaves too many.
    fn sweep(&self) {
        let mut swept_at = self.swept_at.lock().unwrap_or_else(PoisonError::into_inner);
        if swept_at.elapsed() < SWEEP_EVERY && self.len() <= MAX_KEYS {
            return;
        }
        *swept_at = Instant::now();
        let mut keys = self.keys.write().unwrap_or_else(PoisonError::into_inner);
        keys.retain_recent();
        keys.shrink_to_fit();
        if keys.len() > MAX_KEYS {
            tracing::warn!(
                keys = keys.len(),
                "a throttle limit is full of recent keys; starting it over"
            );
            *keys = RateLimiter::keyed(self.quota);
        }
    }
}

pub struct Throttle {
    sign_in_by_email: Limit<String>,
    sign_in_by_network: Limit<Network>,
    sign_up_by_network: Limit<Network>,
    confirm_by_session: Limit<String>,
    reset_by_network: Limit<Network>,
}

impl std::fmt::Debug for Throttle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Throttle")
            .field("emails", &self.sign_in_by_email.len())
            .field("networks", &self.sign_in_by_network.len())
            .field("sign_up_networks", &self.sign_up_by_network.len())
            .field("sessions", &self.confirm_by_session.len())
            .field("reset_networks", &self.reset_by_network.len())
            .finish()
    }
}

impl Default for Throttle {
    fn default() -> Self {
        Self::with_sign_up_burst(SIGN_UP_BURST)
    }
}

impl Throttle {
    /// The default limits, with `burst` sign-ups at once from one network.
    pub fn with_sign_up_burst(burst: NonZeroU32) -> Self {
        let sign_ups = Quota::per_hour(nonzero(SIGN_UPS_PER_HOUR)).allow_burst(burst);
        Self {
            sign_in_by_email: Limit::new(PER_EMAIL),
            sign_in_by_network: Limit::new(PER_NETWORK),
            sign_up_by_network: Limit::new(sign_ups),
            confirm_by_session: Limit::new(PER_SESSION),
            reset_by_network: Limit::new(RESETS_PER_NETWORK),
        }
    }
}

fn refused(what: &'static str) -> AppError {
    tracing::info!(what, "throttled");
    AppError::TooManyAttempts
}

impl Throttle {
    /// Counts one sign-in attempt for `email` from `address`, or refuses it. A network
    /// that is already refused does not get to count against the email too.
    pub fn sign_in(&self, email: &Email, address: Option<IpAddr>) -> Result<(), AppError> {
        let network_ok = address.is_none_or(|a| self.sign_in_by_network.take(&a.into()));
        if !network_ok {
            return Err(refused("sign-in from one network"));
        }
        if !self.sign_in_by_email.take(&email.as_str().to_owned()) {
            return Err(refused("sign-in to one email"));
        }
        Ok(())
    }

    /// Counts one sign-up from `address`, or refuses it.
    pub fn sign_up(&self, address: Option<IpAddr>) -> Result<(), AppError> {
        match address {
            Some(a) if !self.sign_up_by_network.take(&a.into()) => {
                Err(refused("sign-up from one network"))
            }
            _ => Ok(()),
        }
    }

    /// Counts one ask for a link to choose a new password from `address`, or refuses it.
    pub fn password_reset(&self, address: Option<IpAddr>) -> Result<(), AppError> {
        match address {
            Some(a) if !self.reset_by_network.take(&a.into()) => {
                Err(refused("password reset asks from one network"))
            }
            _ => Ok(()),
        }
    }

    /// Counts one password confirmation by the signed-in browser session `session`.
    pub fn confirmation(&self, session: &str) -> Result<(), AppError> {
        if self.confirm_by_session.take(&session.to_owned()) {
            Ok(())
        } else {
            Err(refused("password confirmation in one session"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email(raw: &str) -> Email {
        Email::parse(raw).expect("valid")
    }

    #[test]
    fn an_email_gets_five_quick_attempts() {
        let throttle = Throttle::default();
        for _ in 0..5 {
            assert!(throttle.sign_in(&email("ada@example.org"), None).is_ok());
        }
        assert_eq!(
            throttle.sign_in(&email("ada@example.org"), None),
            Err(AppError::TooManyAttempts)
        );
        assert!(throttle.sign_in(&email("grace@example.org"), None).is_ok());
        assert!(throttle.confirmation("ada's session").is_ok());
    }

    #[test]
    fn a_network_gets_thirty_quick_attempts_across_emails() {
        let throttle = Throttle::default();
        let address: IpAddr = [10, 0, 0, 1].into();
        for i in 0..30 {
            let someone = email(&format!("user{i}@example.org"));
            assert!(throttle.sign_in(&someone, Some(address)).is_ok());
        }
        let another = email("another@example.org");
        assert!(throttle.sign_in(&another, Some(address)).is_err());
        assert_eq!(
            throttle.sign_in_by_email.len(),
            30,
            "a refused network counts nothing"
        );
    }

    #[test]
    fn ipv6_addresses_count_by_their_64_bit_network() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().expect("ip");
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().expect("ip");
        let c: IpAddr = "2001:db8:1:3::1".parse().expect("ip");
        assert_eq!(Network::from(a), Network::from(b));
        assert_ne!(Network::from(a), Network::from(c));
        let mapped: IpAddr = "::ffff:10.0.0.1".parse().expect("ip");
        assert_eq!(
            Network::from(mapped),
            Network::from(IpAddr::from([10, 0, 0, 1]))
        );
    }

    #[test]
    fn a_limit_full_of_fresh_keys_starts_over() {
        let limit = Limit::new(PER_SESSION);
        for i in 0..=MAX_KEYS {
            limit.take(&i.to_string());
        }
        assert!(limit.take(&"one more".to_owned()));
        assert!(limit.len() <= MAX_KEYS, "{}", limit.len());
    }
}
