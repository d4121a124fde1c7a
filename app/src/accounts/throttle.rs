//! Slows down password guessing: sign-in attempts are limited per account and per
//! network address. Uses `governor`'s keyed limiters (the engine under
//! tower_governor) because the account key is only known inside the request body.

use crate::error::AppError;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::{net::IpAddr, num::NonZeroU32};

/// Five attempts at once per account, then one every 12 seconds.
const PER_ACCOUNT_PER_MINUTE: NonZeroU32 = nonzero(5);
/// Thirty attempts at once per address, then one every 2 seconds.
const PER_ADDRESS_PER_MINUTE: NonZeroU32 = nonzero(30);
/// Above this many remembered keys, forget the ones that are back to full quota.
const FORGET_ABOVE: usize = 10_000;

const fn nonzero(n: u32) -> NonZeroU32 {
    match NonZeroU32::new(n) {
        Some(n) => n,
        None => NonZeroU32::MIN,
    }
}

pub struct SignInThrottle {
    by_account: DefaultKeyedRateLimiter<String>,
    by_address: DefaultKeyedRateLimiter<IpAddr>,
}

impl std::fmt::Debug for SignInThrottle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignInThrottle")
            .field("accounts", &self.by_account.len())
            .field("addresses", &self.by_address.len())
            .finish()
    }
}

impl Default for SignInThrottle {
    fn default() -> Self {
        Self {
            by_account: RateLimiter::keyed(Quota::per_minute(PER_ACCOUNT_PER_MINUTE)),
            by_address: RateLimiter::keyed(Quota::per_minute(PER_ADDRESS_PER_MINUTE)),
        }
    }
}

impl SignInThrottle {
    /// Counts one attempt for `email` from `address`, or refuses it.
    pub fn attempt(&self, email: &str, address: Option<IpAddr>) -> Result<(), AppError> {
        if self.by_account.len() > FORGET_ABOVE {
            self.by_account.retain_recent();
        }
        if self.by_address.len() > FORGET_ABOVE {
            self.by_address.retain_recent();
        }
        let address_ok = address.is_none_or(|a| self.by_address.check_key(&a).is_ok());
        let account_ok = self.by_account.check_key(&email.to_owned()).is_ok();
        if address_ok && account_ok {
            Ok(())
        } else {
            Err(AppError::TooManyAttempts)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_gets_five_quick_attempts() {
        let throttle = SignInThrottle::default();
        for _ in 0..5 {
            assert!(throttle.attempt("ada@example.org", None).is_ok());
        }
        assert_eq!(
            throttle.attempt("ada@example.org", None),
            Err(AppError::TooManyAttempts)
        );
        assert!(throttle.attempt("grace@example.org", None).is_ok());
    }

    #[test]
    fn an_address_gets_thirty_quick_attempts_across_accounts() {
        let throttle = SignInThrottle::default();
        let address: IpAddr = [10, 0, 0, 1].into();
        for i in 0..30 {
            assert!(throttle
                .attempt(&format!("user{i}@example.org"), Some(address))
                .is_ok());
        }
        assert!(throttle
            .attempt("another@example.org", Some(address))
            .is_err());
    }
}
