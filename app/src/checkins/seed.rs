//! The built-in behaviours, written into the database on every start: missing ones
//! are created, changed wording is updated in place (ratings refer to the behaviour,
//! not its words), unchanged ones are left alone.

use crate::execute_on;
use crate::{
    db::{new_id, Db},
    error::AppError,
};
use serde::Deserialize;

#[derive(Deserialize)]
struct BuiltIn {
    key: String,
    title: String,
    description: String,
    anchors: Vec<String>,
}

fn built_ins() -> Result<Vec<BuiltIn>, AppError> {
    serde_json::from_str(include_str!("builtin.json")).map_err(|error| {
        tracing::error!(%error, "the built-in behaviours are not valid JSON");
        AppError::Internal
    })
}

/// Returns how many behaviours were created or updated.
pub async fn seed_behaviours(db: &Db, now: i64) -> Result<usize, AppError> {
    let mut changed = 0;
    let mut tx = db.writer.begin().await?;
    for b in built_ins()? {
        let result =
            execute_on!(&mut *tx, sqlx::query(
            "INSERT INTO behaviours (id, builtin_key, title, description, anchors, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (builtin_key) DO UPDATE SET title = excluded.title,
                 description = excluded.description, anchors = excluded.anchors
             WHERE behaviours.title <> excluded.title
                 OR behaviours.description <> excluded.description
                 OR behaviours.anchors <> excluded.anchors",
        )
        .bind(new_id())
        .bind(&b.key)
        .bind(&b.title)
        .bind(&b.description)
        .bind(sqlx::types::Json(&b.anchors))
        .bind(now))?;
        changed += result as usize;
    }
    tx.commit().await?;
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn seeding_twice_writes_once() {
        let db = Db::in_memory().await.expect("db");
        assert_eq!(seed_behaviours(&db, 0).await.expect("seed"), 8);
        assert_eq!(seed_behaviours(&db, 0).await.expect("seed again"), 0);
        for b in built_ins().expect("built-ins") {
            assert_eq!(b.anchors.len(), 5, "{}", b.key);
        }
    }
}
