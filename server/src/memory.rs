//! How the server binary holds its memory: mimalloc serves Rust's allocations and
//! SQLite's, and gives freed pages back to the system at once. Measured with the whole
//! `make bench` (`docs/measurements.md`, "What the server keeps after a load"):
//! - glibc's malloc kept the heap a load peak grew, also with fewer arenas, and jemalloc
//!   had not returned it 3 s later; mimalloc gave most of it back.
//! - mimalloc purges freed pages 10 ms after they are freed, but only when that thread
//!   next allocates; a thread that has gone idle never does, so its pages stayed
//!   resident: the idle server's heap was 24 MB before the bench's load, 4 MB when
//!   mimalloc purges at once.
//! - SQLite's C code called glibc's `malloc`, in an arena per connection thread that kept
//!   about 16 MB after the load where SQLite used 7. SQLite takes its allocator from
//!   `sqlite3_config`. The mimalloc crate's `override` feature, which replaces `malloc`
//!   for the whole process, is not used: its maintainers advise against it in a
//!   statically linked program (purpleprotocol/mimalloc_rust issue 41).
//!
//! Built without transparent huge pages (`no_thp` in Cargo.toml).

use libmimalloc_sys as mi;
use libsqlite3_sys as sqlite;
use std::ffi::{c_int, c_long, c_void};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc 2's `mi_option_purge_delay` (its `mimalloc.h`), for which libmimalloc-sys
/// names no constant; the test below fails if the number moves.
const PURGE_DELAY: mi::mi_option_t = 15;
/// mimalloc's default purge delay, in milliseconds.
const DEFAULT_PURGE_DELAY: c_long = 10;

/// Sets both up; call in `main` before any database is opened (SQLite takes its
/// allocator only before it starts).
pub fn give_back_what_is_freed() {
    // SAFETY: options are plain integers mimalloc reads when it purges. An operator's
    // `MIMALLOC_PURGE_DELAY` is kept: it makes the option differ from the default.
    unsafe {
        if mi::mi_option_get(PURGE_DELAY) == DEFAULT_PURGE_DELAY {
            mi::mi_option_set(PURGE_DELAY, 0);
        }
    }
    // SAFETY: called before SQLite is initialised, on one thread; SQLite copies the
    // methods before it answers, and they point to functions that live as long as the
    // program.
    let methods = sqlite::sqlite3_mem_methods {
        xMalloc: Some(sqlite_malloc),
        xFree: Some(sqlite_free),
        xRealloc: Some(sqlite_realloc),
        xSize: Some(sqlite_size),
        xRoundup: Some(sqlite_roundup),
        xInit: Some(sqlite_init),
        xShutdown: Some(sqlite_shutdown),
        pAppData: std::ptr::null_mut(),
    };
    let answer = unsafe { sqlite::sqlite3_config(sqlite::SQLITE_CONFIG_MALLOC, &methods) };
    if answer != sqlite::SQLITE_OK {
        tracing::warn!("SQLite keeps its own allocator (sqlite3_config answered {answer})");
    }
}

/// SQLite never asks for a negative size; a zero one is not a failure.
fn bytes(n: c_int) -> usize {
    usize::try_from(n).unwrap_or(0)
}

unsafe extern "C" fn sqlite_malloc(n: c_int) -> *mut c_void {
    unsafe { mi::mi_malloc(bytes(n)) }
}

unsafe extern "C" fn sqlite_free(block: *mut c_void) {
    unsafe { mi::mi_free(block) }
}

unsafe extern "C" fn sqlite_realloc(block: *mut c_void, n: c_int) -> *mut c_void {
    unsafe { mi::mi_realloc(block, bytes(n)) }
}

unsafe extern "C" fn sqlite_size(block: *mut c_void) -> c_int {
    let size = unsafe { mi::mi_usable_size(block) };
    c_int::try_from(size).unwrap_or(c_int::MAX)
}

unsafe extern "C" fn sqlite_roundup(n: c_int) -> c_int {
    let size = unsafe { mi::mi_good_size(bytes(n)) };
    c_int::try_from(size).unwrap_or(n)
}

unsafe extern "C" fn sqlite_init(_: *mut c_void) -> c_int {
    sqlite::SQLITE_OK
}

unsafe extern "C" fn sqlite_shutdown(_: *mut c_void) {}

#[cfg(test)]
mod tests {
    use super::*;

    /// One test, as setting up changes the option the first half reads.
    #[test]
    fn the_purge_delay_is_option_15_and_sqlite_allocates_through_mimalloc() {
        assert_eq!(
            unsafe { mi::mi_option_get(PURGE_DELAY) },
            DEFAULT_PURGE_DELAY
        );
        give_back_what_is_freed();
        assert_eq!(unsafe { mi::mi_option_get(PURGE_DELAY) }, 0);
        let mut connection = std::ptr::null_mut();
        unsafe {
            let opened = sqlite::sqlite3_open(c":memory:".as_ptr(), &mut connection);
            assert_eq!(opened, sqlite::SQLITE_OK);
            let block = sqlite::sqlite3_malloc(1000);
            assert!(mi::mi_is_in_heap_region(block));
            assert!(sqlite::sqlite3_msize(block) >= 1000);
            sqlite::sqlite3_free(block);
            sqlite::sqlite3_close(connection);
        }
    }
}
