//! The built-in script library, written into the database on every start.
//!
//! Seeding is idempotent: a built-in that is missing is created, one whose shipped
//! content changed gets a new version (sessions keep the version they pinned), and
//! one that is unchanged is left alone.

use super::{format, store, ScriptContent};
use crate::{db::Db, error::AppError};

/// The built-ins, by a stable key, as documents in the exchange format.
const BUILT_INS: [(&str, &str); 4] = [
    ("grow", include_str!("builtin/grow.json")),
    ("peer-consult", include_str!("builtin/peer-consult.json")),
    (
        "commitment-follow-up",
        include_str!("builtin/commitment-follow-up.json"),
    ),
    (
        "coach-the-coach",
        include_str!("builtin/coach-the-coach.json"),
    ),
];

/// The built-in scripts as shipped with this build.
pub fn built_ins() -> Result<Vec<(&'static str, ScriptContent)>, AppError> {
    BUILT_INS
        .iter()
        .map(|(key, document)| {
            format::import(document)
                .map(|content| (*key, content))
                .inspect_err(|error| tracing::error!(%key, %error, "a built-in script is invalid"))
        })
        .collect()
}

/// Brings the built-in scripts in the database up to this build's. Returns how many
/// scripts were created or given a new version.
pub async fn seed_builtins(db: &Db, now: i64) -> Result<usize, AppError> {
    let mut changed = 0;
    let mut tx = db.writer.begin().await?;
    for (key, content) in built_ins()? {
        match store::builtin_id(&mut *tx, key).await? {
            None => {
                store::create(&mut tx, None, Some(key), &content, None, now).await?;
                changed += 1;
            }
            Some(id) => {
                let current = store::find(&mut *tx, &id, None).await?;
                if let Some(current) = current.filter(|c| c.content != content) {
                    store::add_version(&mut tx, &id, current.version, &content, None, now).await?;
                    changed += 1;
                }
            }
        }
    }
    tx.commit().await?;
    Ok(changed)
}
