//! SQL for scripts and their versions.

use super::{Owner, ScriptContent, ScriptSummary, VersionInfo};
use crate::db::{Conn, Exec};
use crate::{db::new_id, error::AppError};
use crate::{execute_on, on_db};

/// A script row with one version's content.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredScript {
    pub id: String,
    /// `None` for built-ins.
    pub circle_id: Option<String>,
    pub circle_name: Option<String>,
    pub version: i64,
    #[sqlx(flatten)]
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

/// Selects a script at a version: `?1` the version column to join on.
const SELECT: &str =
    "SELECT s.id, s.circle_id, c.name AS circle_name, v.version, v.title, v.description, v.steps
    FROM scripts s
    JOIN script_versions v ON v.script_id = s.id
    LEFT JOIN circles c ON c.id = s.circle_id";

/// Built-ins and the scripts of circles `account_id` belongs to, current versions.
pub async fn library<'e>(
    db: impl Into<Exec<'e>>,
    account_id: &str,
) -> Result<Vec<StoredScript>, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_as(&format!(
            "{SELECT} WHERE v.version = s.current_version AND s.archived_at IS NULL
           AND (s.circle_id IS NULL OR s.circle_id IN (
               SELECT m.circle_id FROM circle_members m JOIN circles k ON k.id = m.circle_id
               WHERE m.account_id = $1 AND k.archived_at IS NULL))
         ORDER BY s.circle_id IS NOT NULL, lower(c.name), lower(v.title)"
        ))
        .bind(account_id)
        .fetch_all
    )?)
}

/// A script at `version` (its current one when `None`), archived or not.
pub async fn find<'e>(
    db: impl Into<Exec<'e>>,
    id: &str,
    version: Option<i64>,
) -> Result<Option<StoredScript>, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_as(&format!(
            "{SELECT} WHERE s.id = $1 AND v.version = COALESCE($2, s.current_version)"
        ))
        .bind(id)
        .bind(version)
        .fetch_optional
    )?)
}

/// Whether the script is archived (then it is read-only and out of the library).
pub async fn is_archived<'e>(db: impl Into<Exec<'e>>, id: &str) -> Result<bool, AppError> {
    let archived: Option<Option<i64>> = on_db!(
        db,
        sqlx::query_scalar("SELECT archived_at FROM scripts WHERE id = $1")
            .bind(id)
            .fetch_optional
    )?;
    Ok(matches!(archived, Some(Some(_))))
}

pub async fn history<'e>(db: impl Into<Exec<'e>>, id: &str) -> Result<Vec<VersionInfo>, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_as(
            "SELECT v.version, a.display_name AS author, v.created_at FROM script_versions v
         LEFT JOIN accounts a ON a.id = v.author_id
         WHERE v.script_id = $1 ORDER BY v.version DESC",
        )
        .bind(id)
        .fetch_all
    )?)
}

/// Creates a script (a circle's, or a built-in with its key) at version 1.
pub async fn create(
    tx: &mut Conn,
    circle_id: Option<&str>,
    builtin_key: Option<&str>,
    content: &ScriptContent,
    author_id: Option<&str>,
    now: i64,
) -> Result<String, AppError> {
    let id = new_id();
    execute_on!(
        &mut *tx,
        sqlx::query(
            "INSERT INTO scripts (id, circle_id, builtin_key, current_version, created_at)
         VALUES ($1, $2, $3, 1, $4)",
        )
        .bind(&id)
        .bind(circle_id)
        .bind(builtin_key)
        .bind(now)
    )?;
    insert_version(tx, &id, 1, content, author_id, now).await?;
    Ok(id)
}

/// Adds version `current + 1` if the script is still at `current`; `false` when
/// someone saved in between (then nothing is written).
pub async fn add_version(
    tx: &mut Conn,
    id: &str,
    current: i64,
    content: &ScriptContent,
    author_id: Option<&str>,
    now: i64,
) -> Result<bool, AppError> {
    let moved = execute_on!(
        &mut *tx,
        sqlx::query(
            "UPDATE scripts SET current_version = current_version + 1
         WHERE id = $1 AND current_version = $2",
        )
        .bind(id)
        .bind(current)
    )?;
    if moved != 1 {
        return Ok(false);
    }
    insert_version(tx, id, current + 1, content, author_id, now).await?;
    Ok(true)
}

async fn insert_version(
    tx: &mut Conn,
    id: &str,
    version: i64,
    content: &ScriptContent,
    author_id: Option<&str>,
    now: i64,
) -> Result<(), AppError> {
    execute_on!(&mut *tx, sqlx::query(
        "INSERT INTO script_versions (script_id, version, title, description, steps, author_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(version)
    .bind(&content.title)
    .bind(&content.description)
    .bind(sqlx::types::Json(&content.steps))
    .bind(author_id)
    .bind(now))?;
    Ok(())
}

pub async fn archive<'e>(db: impl Into<Exec<'e>>, id: &str, now: i64) -> Result<(), AppError> {
    execute_on!(
        db,
        sqlx::query("UPDATE scripts SET archived_at = $1 WHERE id = $2 AND archived_at IS NULL")
            .bind(now)
            .bind(id)
    )?;
    Ok(())
}

/// The titles of the scripts the circle keeps (not archived), current versions.
pub async fn circle_titles<'e>(
    db: impl Into<Exec<'e>>,
    circle_id: &str,
) -> Result<Vec<String>, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_scalar(
            "SELECT v.title FROM scripts s
         JOIN script_versions v ON v.script_id = s.id AND v.version = s.current_version
         WHERE s.circle_id = $1 AND s.archived_at IS NULL",
        )
        .bind(circle_id)
        .fetch_all
    )?)
}

/// How many scripts the circle keeps (not archived).
pub async fn circle_script_count<'e>(
    db: impl Into<Exec<'e>>,
    circle_id: &str,
) -> Result<i64, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM scripts WHERE circle_id = $1 AND archived_at IS NULL",
        )
        .bind(circle_id)
        .fetch_one
    )?)
}

/// The built-in script with `key`, if seeded.
pub async fn builtin_id<'e>(
    db: impl Into<Exec<'e>>,
    key: &str,
) -> Result<Option<String>, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_scalar("SELECT id FROM scripts WHERE builtin_key = $1")
            .bind(key)
            .fetch_optional
    )?)
}
