//! Reads one request's server functions share. A page's server functions run at the
//! same time while it renders, and several need the same rows: the circle page's
//! parts each check my role in the circle and read its members, Home's reminders and
//! commitments both read the commitments I made. Each statement costs a round trip to
//! a database thread, which is most of what a page costs; here each such read runs
//! once per request, and the others wait for it and get a copy.
//!
//! Only for reads on the reader pool, in server functions that do not write: a value
//! kept here would not see a write made later in the same request. The server
//! provides a fresh memo for every request; without one (a unit test), every read
//! runs.

use crate::error::AppError;
use leptos::prelude::use_context;
use std::{
    any::{Any, TypeId},
    collections::HashMap,
    future::Future,
    sync::{Arc, Mutex},
};
use tokio::sync::OnceCell;

type Kept = Arc<dyn Any + Send + Sync>;
/// Each read's value once it is in, by the type of its value and its key.
type Cells = HashMap<(TypeId, String), Arc<OnceCell<Kept>>>;

/// The reads made so far in this request.
#[derive(Clone, Debug, Default)]
pub struct RequestMemo(Arc<Mutex<Cells>>);

/// `read`'s value, read once per request for `key` (what it reads, with its
/// arguments, such as a circle's id). A failed read is not kept: the next caller
/// tries again.
pub async fn once<T, F, Fut>(key: String, read: F) -> Result<T, AppError>
where
    T: Clone + Send + Sync + 'static,
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<T, AppError>>,
{
    let Some(RequestMemo(cells)) = use_context::<RequestMemo>() else {
        return read().await;
    };
    let cell = {
        let mut cells = cells.lock().map_err(|_| AppError::Internal)?;
        cells.entry((TypeId::of::<T>(), key)).or_default().clone()
    };
    let kept = cell
        .get_or_try_init(|| async { read().await.map(|value| Arc::new(value) as Kept) })
        .await?;
    kept.downcast_ref::<T>().cloned().ok_or(AppError::Internal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use leptos::prelude::{provide_context, Owner};
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn a_read_runs_once_per_request_and_per_key() {
        let owner = Owner::new();
        owner.set();
        provide_context(RequestMemo::default());
        let reads = AtomicUsize::new(0);
        let read = |value: i64| {
            let reads = &reads;
            move || async move {
                reads.fetch_add(1, Ordering::SeqCst);
                Ok::<_, AppError>(value)
            }
        };
        assert_eq!(once("a".into(), read(1)).await, Ok(1));
        assert_eq!(once("a".into(), read(2)).await, Ok(1), "kept");
        assert_eq!(once("b".into(), read(3)).await, Ok(3), "another key");
        assert_eq!(reads.load(Ordering::SeqCst), 2);
        let failed = once::<i64, _, _>("c".into(), || async { Err(AppError::NotFound) }).await;
        assert_eq!(failed, Err(AppError::NotFound));
        assert_eq!(
            once("c".into(), read(4)).await,
            Ok(4),
            "a failure is not kept"
        );
    }

    #[tokio::test]
    async fn without_a_memo_every_read_runs() {
        let owner = Owner::new();
        owner.set();
        let first = once("a".into(), || async { Ok::<_, AppError>(1) }).await;
        let second = once("a".into(), || async { Ok::<_, AppError>(2) }).await;
        assert_eq!((first, second), (Ok(1), Ok(2)));
    }
}
