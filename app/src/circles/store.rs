//! SQL for circles and their members. Archived circles are invisible to every query
//! here, so an archived circle answers "not found" like one that never existed.

use super::{Cadence, Member, NewCircle, Role};
use crate::{db::new_id, error::AppError};
use sqlx::{SqliteExecutor, SqlitePool};

/// A circle row as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CircleRow {
    pub id: String,
    pub name: String,
    pub purpose: String,
    pub cadence: Cadence,
    pub invite_token: String,
}

/// One of my circles, with my role in it and how many members it has.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MyCircleRow {
    #[sqlx(flatten)]
    pub circle: CircleRow,
    pub role: Role,
    pub member_count: i64,
}

/// A fresh invite secret: two random v4 UUIDs (244 random bits) as 64 hex digits,
/// safe in a URL without escaping.
pub fn new_invite_token() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

/// Whether `raw` has the shape of an invite token, so junk never reaches a query.
pub fn is_token_shaped(raw: &str) -> bool {
    raw.len() == 64 && raw.bytes().all(|b| b.is_ascii_hexdigit())
}

const CIRCLE_COLUMNS: &str = "id, name, purpose, cadence, invite_token";

pub async fn create<'e>(
    db: impl SqliteExecutor<'e>,
    circle: &NewCircle,
    now: i64,
) -> Result<String, AppError> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO circles (id, name, purpose, cadence, invite_token, created_at)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(circle.name.as_str())
    .bind(circle.purpose.as_str())
    .bind(circle.cadence.as_str())
    .bind(new_invite_token())
    .bind(now)
    .execute(db)
    .await?;
    Ok(id)
}

pub async fn find<'e>(
    db: impl SqliteExecutor<'e>,
    id: &str,
) -> Result<Option<CircleRow>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {CIRCLE_COLUMNS} FROM circles WHERE id = ? AND archived_at IS NULL"
    ))
    .bind(id)
    .fetch_optional(db)
    .await?)
}

pub async fn find_by_token<'e>(
    db: impl SqliteExecutor<'e>,
    token: &str,
) -> Result<Option<CircleRow>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {CIRCLE_COLUMNS} FROM circles WHERE invite_token = ? AND archived_at IS NULL"
    ))
    .bind(token)
    .fetch_optional(db)
    .await?)
}

/// The caller's role in a live circle, or `None` when they are not in it.
pub async fn role_of<'e>(
    db: impl SqliteExecutor<'e>,
    circle_id: &str,
    account_id: &str,
) -> Result<Option<Role>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT m.role FROM circle_members m JOIN circles c ON c.id = m.circle_id
         WHERE m.circle_id = ? AND m.account_id = ? AND c.archived_at IS NULL",
    )
    .bind(circle_id)
    .bind(account_id)
    .fetch_optional(db)
    .await?)
}

/// [`role_of`] on the reader, read once per request: the circle page's parts each
/// check it (see `request_memo`).
pub async fn role_of_once(
    reader: &SqlitePool,
    circle_id: &str,
    account_id: &str,
) -> Result<Option<Role>, AppError> {
    let key = format!("role_of/{circle_id}/{account_id}");
    crate::request_memo::once(key, || role_of(reader, circle_id, account_id)).await
}

/// [`members`] on the reader, read once per request, like [`role_of_once`].
pub async fn members_once(reader: &SqlitePool, circle_id: &str) -> Result<Vec<Member>, AppError> {
    let key = format!("members/{circle_id}");
    crate::request_memo::once(key, || members(reader, circle_id)).await
}

/// Members in the order they joined (the pairing rotation's tie-break order).
pub async fn members<'e>(
    db: impl SqliteExecutor<'e>,
    circle_id: &str,
) -> Result<Vec<Member>, AppError> {
    Ok(sqlx::query_as(
        "SELECT m.account_id, a.display_name, m.role, m.joined_at
         FROM circle_members m JOIN accounts a ON a.id = m.account_id
         WHERE m.circle_id = ? ORDER BY m.joined_at, m.rowid",
    )
    .bind(circle_id)
    .fetch_all(db)
    .await?)
}

/// The live circles `account_id` belongs to, with their role and the member count.
pub async fn circles_of(
    reader: &SqlitePool,
    account_id: &str,
) -> Result<Vec<MyCircleRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT c.id, c.name, c.purpose, c.cadence, c.invite_token, m.role,
                (SELECT COUNT(*) FROM circle_members x WHERE x.circle_id = c.id) AS member_count
         FROM circles c JOIN circle_members m ON m.circle_id = c.id
         WHERE m.account_id = ? AND c.archived_at IS NULL
         ORDER BY c.name COLLATE NOCASE, c.id",
    )
    .bind(account_id)
    .fetch_all(reader)
    .await?)
}

/// How many live circles `account_id` is in.
pub async fn circle_count_of<'e>(
    db: impl SqliteExecutor<'e>,
    account_id: &str,
) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM circle_members m JOIN circles c ON c.id = m.circle_id
         WHERE m.account_id = ? AND c.archived_at IS NULL",
    )
    .bind(account_id)
    .fetch_one(db)
    .await?)
}

pub async fn member_count<'e>(
    db: impl SqliteExecutor<'e>,
    circle_id: &str,
) -> Result<i64, AppError> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM circle_members WHERE circle_id = ?")
            .bind(circle_id)
            .fetch_one(db)
            .await?,
    )
}

pub async fn add_member<'e>(
    db: impl SqliteExecutor<'e>,
    circle_id: &str,
    account_id: &str,
    role: Role,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO circle_members (circle_id, account_id, role, joined_at) VALUES (?, ?, ?, ?)",
    )
    .bind(circle_id)
    .bind(account_id)
    .bind(role.as_str())
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn remove_member<'e>(
    db: impl SqliteExecutor<'e>,
    circle_id: &str,
    account_id: &str,
) -> Result<(), AppError> {
    sqlx::query("DELETE FROM circle_members WHERE circle_id = ? AND account_id = ?")
        .bind(circle_id)
        .bind(account_id)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn set_role<'e>(
    db: impl SqliteExecutor<'e>,
    circle_id: &str,
    account_id: &str,
    role: Role,
) -> Result<(), AppError> {
    sqlx::query("UPDATE circle_members SET role = ? WHERE circle_id = ? AND account_id = ?")
        .bind(role.as_str())
        .bind(circle_id)
        .bind(account_id)
        .execute(db)
        .await?;
    Ok(())
}

/// Replaces the invite secret; the old link stops working with this statement.
pub async fn rotate_token<'e>(
    db: impl SqliteExecutor<'e>,
    circle_id: &str,
) -> Result<(), AppError> {
    sqlx::query("UPDATE circles SET invite_token = ? WHERE id = ?")
        .bind(new_invite_token())
        .bind(circle_id)
        .execute(db)
        .await?;
    Ok(())
}

/// Keeps an empty circle's history but hides it everywhere.
pub async fn archive<'e>(
    db: impl SqliteExecutor<'e>,
    circle_id: &str,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query("UPDATE circles SET archived_at = ? WHERE id = ?")
        .bind(now)
        .bind(circle_id)
        .execute(db)
        .await?;
    Ok(())
}
