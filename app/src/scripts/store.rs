//! SQL for scripts and their versions.

use super::{Owner, ScriptContent, ScriptSummary, VersionInfo};
use crate::{
    db::{new_id, now_seconds},
    error::AppError,
};
use sqlx::{SqliteConnection, SqliteExecutor};

/// A script row with its current version's content.
#[derive(Debug, Clone)]
pub struct StoredScript {
    pub id: String,
    /// `None` for built-ins.
    pub circle_id: Option<String>,
    pub circle_name: Option<String>,
    pub version: i64,
    pub content: ScriptContent,
}

impl StoredScript {
    pub fn owner(&self) -> Owner {
        match (&self.circle_id, &self.circle_name) {
            (Some(id), Some(name)) => Owner::Circle {
                id: id.clone(),
                name: name.clone(),
            },
            _ => Owner::BuiltIn,
        }
    }

    pub fn summary(&self) -> ScriptSummary {
        ScriptSummary {
            id: self.id.clone(),
            title: self.content.title.clone(),
            description: self.content.description.clone(),
            owner: self.owner(),
            version: self.version,
            step_count: self.content.steps.len(),
            minutes: self.content.total_minutes(),
        }
    }
}

type Row = (
    String,
    Option<String>,
    Option<String>,
    i64,
    String,
    String,
    String,
);

fn from_row(
    (id, circle_id, circle_name, version, title, description, steps): Row,
) -> Result<StoredScript, AppError> {
    let steps = serde_json::from_str(&steps).map_err(|error| {
        tracing::error!(%error, script = %id, "stored steps are not valid JSON");
        AppError::Internal
    })?;
    Ok(StoredScript {
        id,
        circle_id,
        circle_name,
        version,
        content: ScriptContent {
            title,
            description,
            steps,
        },
    })
}

/// Selects a script at a version: `?1` the version column to join on.
const SELECT: &str = "SELECT s.id, s.circle_id, c.name, v.version, v.title, v.description, v.steps
    FROM scripts s
    JOIN script_versions v ON v.script_id = s.id
    LEFT JOIN circles c ON c.id = s.circle_id";

/// Built-ins and the scripts of circles `account_id` belongs to, current versions.
pub async fn library<'e>(
    db: impl SqliteExecutor<'e>,
    account_id: &str,
) -> Result<Vec<StoredScript>, AppError> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE v.version = s.current_version AND s.archived_at IS NULL
           AND (s.circle_id IS NULL OR s.circle_id IN (
               SELECT m.circle_id FROM circle_members m JOIN circles k ON k.id = m.circle_id
               WHERE m.account_id = ? AND k.archived_at IS NULL))
         ORDER BY s.circle_id IS NOT NULL, c.name COLLATE NOCASE, v.title COLLATE NOCASE"
    ))
    .bind(account_id)
    .fetch_all(db)
    .await?;
    rows.into_iter().map(from_row).collect()
}

/// A script at `version` (its current one when `None`), archived or not.
pub async fn find<'e>(
    db: impl SqliteExecutor<'e>,
    id: &str,
    version: Option<i64>,
) -> Result<Option<StoredScript>, AppError> {
    let row: Option<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE s.id = ? AND v.version = COALESCE(?, s.current_version)"
    ))
    .bind(id)
    .bind(version)
    .fetch_optional(db)
    .await?;
    row.map(from_row).transpose()
}

/// Whether the script is archived (then it is read-only and out of the library).
pub async fn is_archived<'e>(db: impl SqliteExecutor<'e>, id: &str) -> Result<bool, AppError> {
    let archived: Option<Option<i64>> =
        sqlx::query_scalar("SELECT archived_at FROM scripts WHERE id = ?")
            .bind(id)
            .fetch_optional(db)
            .await?;
    Ok(matches!(archived, Some(Some(_))))
}

pub async fn history<'e>(
    db: impl SqliteExecutor<'e>,
    id: &str,
) -> Result<Vec<VersionInfo>, AppError> {
    let rows: Vec<(i64, Option<String>, i64)> = sqlx::query_as(
        "SELECT v.version, a.display_name, v.created_at FROM script_versions v
         LEFT JOIN accounts a ON a.id = v.author_id
         WHERE v.script_id = ? ORDER BY v.version DESC",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(version, author, created_at)| VersionInfo {
            version,
            author,
            created_at,
        })
        .collect())
}

/// Creates a script (a circle's, or a built-in with its key) at version 1.
pub async fn create(
    tx: &mut SqliteConnection,
    circle_id: Option<&str>,
    builtin_key: Option<&str>,
    content: &ScriptContent,
    author_id: Option<&str>,
) -> Result<String, AppError> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO scripts (id, circle_id, builtin_key, current_version, created_at)
         VALUES (?, ?, ?, 1, ?)",
    )
    .bind(&id)
    .bind(circle_id)
    .bind(builtin_key)
    .bind(now_seconds())
    .execute(&mut *tx)
    .await?;
    insert_version(tx, &id, 1, content, author_id).await?;
    Ok(id)
}

/// Adds version `current + 1` if the script is still at `current`; `false` when
/// someone saved in between (then nothing is written).
pub async fn add_version(
    tx: &mut SqliteConnection,
    id: &str,
    current: i64,
    content: &ScriptContent,
    author_id: Option<&str>,
) -> Result<bool, AppError> {
    let moved = sqlx::query(
        "UPDATE scripts SET current_version = current_version + 1
         WHERE id = ? AND current_version = ?",
    )
    .bind(id)
    .bind(current)
    .execute(&mut *tx)
    .await?;
    if moved.rows_affected() != 1 {
        return Ok(false);
    }
    insert_version(tx, id, current + 1, content, author_id).await?;
    Ok(true)
}

async fn insert_version(
    tx: &mut SqliteConnection,
    id: &str,
    version: i64,
    content: &ScriptContent,
    author_id: Option<&str>,
) -> Result<(), AppError> {
    let steps = serde_json::to_string(&content.steps).map_err(|error| {
        tracing::error!(%error, "cannot serialize steps");
        AppError::Internal
    })?;
    sqlx::query(
        "INSERT INTO script_versions (script_id, version, title, description, steps, author_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id)
    .bind(version)
    .bind(&content.title)
    .bind(&content.description)
    .bind(steps)
    .bind(author_id)
    .bind(now_seconds())
    .execute(&mut *tx)
    .await?;
    Ok(())
}

pub async fn archive<'e>(db: impl SqliteExecutor<'e>, id: &str) -> Result<(), AppError> {
    sqlx::query("UPDATE scripts SET archived_at = ? WHERE id = ? AND archived_at IS NULL")
        .bind(now_seconds())
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// The built-in script with `key`, if seeded.
pub async fn builtin_id<'e>(
    db: impl SqliteExecutor<'e>,
    key: &str,
) -> Result<Option<String>, AppError> {
    Ok(
        sqlx::query_scalar("SELECT id FROM scripts WHERE builtin_key = ?")
            .bind(key)
            .fetch_optional(db)
            .await?,
    )
}
