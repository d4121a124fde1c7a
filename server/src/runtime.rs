//! The async runtime the server runs on: tokio's, with a small pool of threads for
//! blocking work.
//!
//! The only blocking work is reading the site's files (`ServeDir` reads through
//! `tokio::fs`; password hashes and SQLite have threads of their own). Left at tokio's
//! default of up to 512 threads, 32 connections fetching the wasm started 40 to 60 of
//! them, each with its stack and its own part of mimalloc's heap, and they lingered
//! 10 s after the load. Measured on one server, 4 s of 32 connections to the wasm
//! (brotli) and 4 s to the JS (`docs/measurements.md`, "Blocking threads"):
//!
//! | blocking threads | wasm / s | JS / s | heap before → after |
//! |---|---|---|---|
//! | up to 512 (tokio's default) | 3,684–4,316 | 11,772–13,620 | 3.0 → 18.6–23.3 MB |
//! | up to 8 | 4,711 | 15,207 | 3.0 → 5.6 MB |
//! | up to 4 | 5,388 | 15,790 | 3.0 → 5.5 MB |
//! | up to 2 | 5,462–5,931 | 17,026–17,376 | 3.0 → 5.2–5.3 MB |
//!
//! Two cores read files from the page cache no faster with more threads; fewer hand the
//! work around less. Four leaves room for a slow disk.

use tokio::runtime::{Builder, Runtime};

/// Threads that may run blocking work at once.
const BLOCKING_THREADS: usize = 4;

/// The runtime, with one worker thread per core as tokio's default.
pub fn build() -> std::io::Result<Runtime> {
    Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(BLOCKING_THREADS)
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::{collections::HashSet, thread, time::Duration};

    #[test]
    fn blocking_work_shares_a_few_threads() {
        let runtime = build().expect("a runtime");
        let threads: HashSet<thread::ThreadId> = runtime.block_on(async {
            let work = (0..5 * BLOCKING_THREADS).map(|_| {
                tokio::task::spawn_blocking(|| {
                    thread::sleep(Duration::from_millis(20));
                    thread::current().id()
                })
            });
            let mut ids = HashSet::new();
            for handle in work.collect::<Vec<_>>() {
                ids.insert(handle.await.expect("blocking work"));
            }
            ids
        });
        assert!(
            threads.len() <= BLOCKING_THREADS,
            "{} threads",
            threads.len()
        );
    }
}
