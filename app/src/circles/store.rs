//! SQL for circles and their members. Archived circles are invisible to every query
//! here, so an archived circle answers "not found" like one that never existed.

use super::{Cadence, Member, NewCircle, Role};
use crate::db::{Exec, Pool};
use crate::{db::new_id, error::AppError};
use crate::{execute_on, on_db};

/// A circle row as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CircleRow {
    pub id: String,
    pub name: String,
    pub purpose: String,
    pub cadence: Cadence,
    pub invite_token: String,
    /// Raised by each change of the name, purpose or rhythm.
    pub revision: i64,
}

/// One of my circles, with my role in it, how many members it has, when I joined it
/// and when I last took part in a session held there.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MyCircleRow {
    #[sqlx(flatten)]
    pub circle: CircleRow,
    pub role: Role,
    pub member_count: i64,
    pub joined_at: i64,
    pub last_held_at: Option<i64>,
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

const CIRCLE_COLUMNS: &str = "id, name, purpose, cadence, invite_token, revision";

pub async fn create<'e>(
    db: impl Into<Exec<'e>>,
    circle: &NewCircle,
    now: i64,
) -> Result<String, AppError> {
    let id = new_id();
    execute_on!(
        db,
        sqlx::query(
            "INSERT INTO circles (id, name, purpose, cadence, invite_token, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&id)
        .bind(circle.name.as_str())
        .bind(circle.purpose.as_str())
        .bind(circle.cadence.as_str())
        .bind(new_invite_token())
        .bind(now)
    )?;
    Ok(id)
}

/// Sets a circle's name, purpose and rhythm if it is still at `revision`, and raises
/// it; whether it was.
pub async fn change_details<'e>(
    db: impl Into<Exec<'e>>,
    id: &str,
    revision: i64,
    details: &NewCircle,
) -> Result<bool, AppError> {
    let changed = execute_on!(
        db,
        sqlx::query(
            "UPDATE circles SET name = $1, purpose = $2, cadence = $3, revision = revision + 1
             WHERE id = $4 AND revision = $5 AND archived_at IS NULL",
        )
        .bind(details.name.as_str())
        .bind(details.purpose.as_str())
        .bind(details.cadence.as_str())
        .bind(id)
        .bind(revision)
    )?;
    Ok(changed == 1)
}

pub async fn find<'e>(db: impl Into<Exec<'e>>, id: &str) -> Result<Option<CircleRow>, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_as(&format!(
            "SELECT {CIRCLE_COLUMNS} FROM circles WHERE id = $1 AND archived_at IS NULL"
        ))
        .bind(id)
        .fetch_optional
    )?)
}

pub async fn find_by_token<'e>(
    db: impl Into<Exec<'e>>,
    token: &str,
) -> Result<Option<CircleRow>, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_as(&format!(
            "SELECT {CIRCLE_COLUMNS} FROM circles WHERE invite_token = $1 AND archived_at IS NULL"
        ))
        .bind(token)
        .fetch_optional
    )?)
}

/// The caller's role in a live circle, or `None` when they are not in it.
pub async fn role_of<'e>(
    db: impl Into<Exec<'e>>,
    circle_id: &str,
    account_id: &str,
) -> Result<Option<Role>, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_scalar(
            "SELECT m.role FROM circle_members m JOIN circles c ON c.id = m.circle_id
         WHERE m.circle_id = $1 AND m.account_id = $2 AND c.archived_at IS NULL",
        )
        .bind(circle_id)
        .bind(account_id)
        .fetch_optional
    )?)
}

/// [`role_of`] on the reader, read once per request: the circle page's parts each
/// check it (see `request_memo`).
pub async fn role_of_once(
    reader: &Pool,
    circle_id: &str,
    account_id: &str,
) -> Result<Option<Role>, AppError> {
    let key = format!("role_of/{circle_id}/{account_id}");
    crate::request_memo::once(key, || role_of(reader, circle_id, account_id)).await
}

/// [`members`] on the reader, read once per request, like [`role_of_once`].
pub async fn members_once(reader: &Pool, circle_id: &str) -> Result<Vec<Member>, AppError> {
    let key = format!("members/{circle_id}");
    crate::request_memo::once(key, || members(reader, circle_id)).await
}

/// Members in the order they joined (the pairing rotation's tie-break order).
pub async fn members<'e>(
    db: impl Into<Exec<'e>>,
    circle_id: &str,
) -> Result<Vec<Member>, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_as(
            "SELECT m.account_id, a.display_name, m.role, m.joined_at
         FROM circle_members m JOIN accounts a ON a.id = m.account_id
         WHERE m.circle_id = $1 ORDER BY m.joined_at, m.rowid",
        )
        .bind(circle_id)
        .fetch_all
    )?)
}

/// The live circles `account_id` belongs to (see [`MyCircleRow`]), read once per
/// request: Home lists them and its reminders look at how long since each last
/// session (see `request_memo`).
pub async fn circles_of_once(
    reader: &Pool,
    account_id: &str,
) -> Result<Vec<MyCircleRow>, AppError> {
    let key = format!("circles_of/{account_id}");
    crate::request_memo::once(key, || circles_of(reader, account_id)).await
}

async fn circles_of(reader: &Pool, account_id: &str) -> Result<Vec<MyCircleRow>, AppError> {
    Ok(on_db!(
        reader,
        sqlx::query_as(
            "SELECT c.id, c.name, c.purpose, c.cadence, c.invite_token, c.revision, m.role, m.joined_at,
                (SELECT COUNT(*) FROM circle_members x WHERE x.circle_id = c.id) AS member_count,
                (SELECT MAX(s.ended_at) FROM sessions s
                 WHERE s.circle_id = c.id AND s.status = 'done'
                   AND $1 IN (s.coach_id, s.coachee_id)) AS last_held_at
         FROM circles c JOIN circle_members m ON m.circle_id = c.id
         WHERE m.account_id = $1 AND c.archived_at IS NULL
         ORDER BY lower(c.name), c.id",
        )
        .bind(account_id)
        .fetch_all
    )?)
}

/// How many live circles `account_id` is in.
pub async fn circle_count_of<'e>(
    db: impl Into<Exec<'e>>,
    account_id: &str,
) -> Result<i64, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM circle_members m JOIN circles c ON c.id = m.circle_id
         WHERE m.account_id = $1 AND c.archived_at IS NULL",
        )
        .bind(account_id)
        .fetch_one
    )?)
}

pub async fn member_count<'e>(db: impl Into<Exec<'e>>, circle_id: &str) -> Result<i64, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_scalar("SELECT COUNT(*) FROM circle_members WHERE circle_id = $1")
            .bind(circle_id)
            .fetch_one
    )?)
}

pub async fn add_member<'e>(
    db: impl Into<Exec<'e>>,
    circle_id: &str,
    account_id: &str,
    role: Role,
    now: i64,
) -> Result<(), AppError> {
    execute_on!(db, sqlx::query(
        "INSERT INTO circle_members (circle_id, account_id, role, joined_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(circle_id)
    .bind(account_id)
    .bind(role.as_str())
    .bind(now))?;
    Ok(())
}

pub async fn remove_member<'e>(
    db: impl Into<Exec<'e>>,
    circle_id: &str,
    account_id: &str,
) -> Result<(), AppError> {
    execute_on!(
        db,
        sqlx::query("DELETE FROM circle_members WHERE circle_id = $1 AND account_id = $2")
            .bind(circle_id)
            .bind(account_id)
    )?;
    Ok(())
}

pub async fn set_role<'e>(
    db: impl Into<Exec<'e>>,
    circle_id: &str,
    account_id: &str,
    role: Role,
) -> Result<(), AppError> {
    execute_on!(
        db,
        sqlx::query("UPDATE circle_members SET role = $1 WHERE circle_id = $2 AND account_id = $3")
            .bind(role.as_str())
            .bind(circle_id)
            .bind(account_id)
    )?;
    Ok(())
}

/// Replaces the invite secret; the old link stops working with this statement.
pub async fn rotate_token<'e>(db: impl Into<Exec<'e>>, circle_id: &str) -> Result<(), AppError> {
    execute_on!(
        db,
        sqlx::query("UPDATE circles SET invite_token = $1 WHERE id = $2")
            .bind(new_invite_token())
            .bind(circle_id)
    )?;
    Ok(())
}

/// Keeps an empty circle's history but hides it everywhere.
pub async fn archive<'e>(
    db: impl Into<Exec<'e>>,
    circle_id: &str,
    now: i64,
) -> Result<(), AppError> {
    execute_on!(
        db,
        sqlx::query("UPDATE circles SET archived_at = $1 WHERE id = $2")
            .bind(now)
            .bind(circle_id)
    )?;
    Ok(())
}
