//! Where the server gets "now" for anything that depends on the week. In production
//! it is the system clock. Tests start the server with a clock set to a given moment
//! that they can step forward (a week, to check in again); the server binary refuses
//! that setting unless it is explicitly enabled for tests.

use std::sync::{
    atomic::{AtomicI64, Ordering},
    Arc,
};

#[derive(Clone, Debug, Default)]
pub struct Clock {
    /// Seconds added to the system clock.
    offset: Arc<AtomicI64>,
    adjustable: bool,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Self::default()
    }

    /// A clock that reads `start` (Unix seconds) now and can be stepped forward.
    pub fn for_tests(start: i64) -> Self {
        Self {
            offset: Arc::new(AtomicI64::new(start - crate::db::now_seconds())),
            adjustable: true,
        }
    }

    pub fn now_seconds(&self) -> i64 {
        crate::db::now_seconds() + self.offset.load(Ordering::Relaxed)
    }

    /// Milliseconds since the Unix epoch: the session room's step clock.
    pub fn now_millis(&self) -> i64 {
        crate::db::now_millis() + self.offset.load(Ordering::Relaxed) * 1000
    }

    /// Steps a test clock forward; refused (false) for the system clock.
    pub fn advance(&self, seconds: i64) -> bool {
        if self.adjustable && seconds > 0 {
            self.offset.fetch_add(seconds, Ordering::Relaxed);
        }
        self.adjustable
    }

    pub fn is_for_tests(&self) -> bool {
        self.adjustable
    }
}
