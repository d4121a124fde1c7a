//! SQL for `outbox`: queueing a mail once per key, finding what is due, and recording
//! each attempt.

use crate::db::Exec;
use crate::error::AppError;
use crate::{execute_on, on_db};
use sqlx::FromRow;

/// A mail to queue. `key` names what it is about, so the same mail is queued once.
pub struct NewMail<'a> {
    pub key: &'a str,
    pub recipient: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    /// An iCalendar file to attach (a reminder before a session).
    pub calendar: Option<&'a str>,
    /// The address that unsubscribes from this kind of mail (reminders only).
    pub unsubscribe_url: Option<&'a str>,
}

/// A queued mail the sender works on.
#[derive(Debug, FromRow)]
pub struct QueuedMail {
    pub id: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub calendar: Option<String>,
    pub unsubscribe_url: Option<String>,
    pub attempts: i64,
}

/// Queues `mail` unless a mail with its key was queued before; whether it was new.
pub async fn queue<'e>(
    db: impl Into<Exec<'e>>,
    mail: &NewMail<'_>,
    now: i64,
) -> Result<bool, AppError> {
    let done = execute_on!(
        db,
        sqlx::query(
            "INSERT INTO outbox
           (id, idempotency_key, recipient, subject, body, calendar, unsubscribe_url,
            created_at, next_attempt_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT DO NOTHING",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(mail.key)
        .bind(mail.recipient)
        .bind(mail.subject)
        .bind(mail.body)
        .bind(mail.calendar)
        .bind(mail.unsubscribe_url)
        .bind(now)
        .bind(now)
    )?;
    Ok(done == 1)
}

/// How many mails whose key starts with `prefix` were queued since `since`.
pub async fn queued_since<'e>(
    db: impl Into<Exec<'e>>,
    prefix: &str,
    since: i64,
) -> Result<i64, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM outbox WHERE substr(idempotency_key, 1, length($1)) = $1
           AND created_at >= $2",
        )
        .bind(prefix)
        .bind(since)
        .fetch_one
    )?)
}

/// Unsent mail whose next attempt is due, oldest first.
pub async fn due<'e>(
    db: impl Into<Exec<'e>>,
    now: i64,
    limit: i64,
) -> Result<Vec<QueuedMail>, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_as(
            "SELECT id, recipient, subject, body, calendar, unsubscribe_url, attempts FROM outbox
         WHERE sent_at IS NULL AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT $2",
        )
        .bind(now)
        .bind(limit)
        .fetch_all
    )?)
}

/// The relay accepted the mail.
pub async fn mark_sent<'e>(db: impl Into<Exec<'e>>, id: &str, now: i64) -> Result<(), AppError> {
    execute_on!(db, sqlx::query(
        "UPDATE outbox SET sent_at = $1, attempts = attempts + 1, last_error = NULL WHERE id = $2",
    )
    .bind(now)
    .bind(id))?;
    Ok(())
}

/// The attempt failed; try again at `next_attempt_at`.
pub async fn mark_failed<'e>(
    db: impl Into<Exec<'e>>,
    id: &str,
    next_attempt_at: i64,
    error: &str,
) -> Result<(), AppError> {
    execute_on!(db, sqlx::query(
        "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1, last_error = $2 WHERE id = $3",
    )
    .bind(next_attempt_at)
    .bind(error)
    .bind(id))?;
    Ok(())
}

/// How long sent mail is kept: long enough that every reminder key is still there
/// while its event can come round again (the longest window is a week), short enough
/// that the table does not grow for ever.
pub const KEEP_SENT: i64 = 30 * 86_400;

/// Forgets mail sent before `before`; how many.
pub async fn forget_sent<'e>(db: impl Into<Exec<'e>>, before: i64) -> Result<u64, AppError> {
    Ok(execute_on!(
        db,
        sqlx::query("DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < $1").bind(before)
    )?)
}
