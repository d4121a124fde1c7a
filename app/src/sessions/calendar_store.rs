//! SQL for calendar files: each person's private feed (`calendar_feeds`: its secret
//! token and its optional weekly check-in event) and the sessions a calendar shows,
//! with only what an event carries (who, when, where; never the topic or notes).

use super::SessionStatus;
use crate::db::Exec;
use crate::error::AppError;
use crate::{execute_on, on_db};
use sqlx::FromRow;

/// One session as a calendar event.
#[derive(Debug, Clone, FromRow)]
pub struct CalendarEntry {
    pub id: String,
    pub circle_name: String,
    pub coach_name: String,
    pub coachee_name: String,
    pub status: SessionStatus,
    /// The day (Unix seconds at midnight UTC), for sessions planned without a time.
    pub planned_for: Option<i64>,
    pub starts_at: Option<i64>,
    pub length_minutes: Option<i64>,
    pub calendar_sequence: i64,
}

const ENTRY_COLUMNS: &str = "s.id, c.name AS circle_name, coach.display_name AS coach_name,
        coachee.display_name AS coachee_name, s.status, s.planned_for, s.starts_at,
        s.length_minutes, s.calendar_sequence
    FROM sessions s
    JOIN circles c ON c.id = s.circle_id
    JOIN accounts coach ON coach.id = s.coach_id
    JOIN accounts coachee ON coachee.id = s.coachee_id";

/// One session as an event (the caller has checked who may see it).
pub async fn entry<'e>(
    db: impl Into<Exec<'e>>,
    session_id: &str,
) -> Result<Option<CalendarEntry>, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_as(&format!("SELECT {ENTRY_COLUMNS} WHERE s.id = $1"))
            .bind(session_id)
            .fetch_optional
    )?)
}

/// How many events a feed holds at most: the latest by day.
const FEED_MAX: i64 = 200;

/// The sessions with a day that `account_id` is one of the pair of, in circles they
/// are still a member of and that are not archived: what their feed shows.
pub async fn feed_entries<'e>(
    db: impl Into<Exec<'e>>,
    account_id: &str,
) -> Result<Vec<CalendarEntry>, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_as(&format!(
            "SELECT {ENTRY_COLUMNS}
         JOIN circle_members m ON m.circle_id = s.circle_id AND m.account_id = $1
         WHERE c.archived_at IS NULL AND s.planned_for IS NOT NULL
           AND (s.coach_id = $1 OR s.coachee_id = $1)
         ORDER BY COALESCE(s.starts_at, s.planned_for) DESC
         LIMIT $2"
        ))
        .bind(account_id)
        .bind(FEED_MAX)
        .fetch_all
    )?)
}

/// A new secret for a feed address: 256 random bits as hex.
fn new_token() -> String {
    let (a, b) = (uuid::Uuid::new_v4(), uuid::Uuid::new_v4());
    format!("{}{}", a.simple(), b.simple())
}

/// Whether `raw` is shaped like a feed token (anything else is "not found" unasked).
pub fn is_token_shaped(raw: &str) -> bool {
    raw.len() == 64 && raw.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The person's feed token, if they have made one.
pub async fn feed_token<'e>(
    db: impl Into<Exec<'e>>,
    account_id: &str,
) -> Result<Option<String>, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_scalar("SELECT token FROM calendar_feeds WHERE account_id = $1")
            .bind(account_id)
            .fetch_optional
    )?)
}

/// Makes the person's feed token, replacing the old one (whose address then answers
/// "not found").
pub async fn rotate_feed_token<'e>(
    db: impl Into<Exec<'e>>,
    account_id: &str,
    now: i64,
) -> Result<(), AppError> {
    execute_on!(
        db,
        sqlx::query(
            "INSERT INTO calendar_feeds (account_id, token, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (account_id) DO UPDATE SET token = excluded.token,
             created_at = excluded.created_at",
        )
        .bind(account_id)
        .bind(new_token())
        .bind(now)
    )?;
    Ok(())
}

/// Whose feed `token` opens, if anyone's.
pub async fn feed_owner<'e>(
    db: impl Into<Exec<'e>>,
    token: &str,
) -> Result<Option<String>, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_scalar("SELECT account_id FROM calendar_feeds WHERE token = $1")
            .bind(token)
            .fetch_optional
    )?)
}

/// A feed's weekly check-in event, as stored, with its owner's time zone.
#[derive(Debug, Clone, FromRow)]
pub struct FeedCheckinRow {
    pub checkin_in_feed: bool,
    pub checkin_weekday: i64,
    pub checkin_minute: i64,
    /// When the slot was last chosen; `None` until it ever was.
    pub checkin_chosen_at: Option<i64>,
    pub checkin_sequence: i64,
    pub time_zone: String,
}

impl FeedCheckinRow {
    pub fn slot(&self) -> crate::calendar::weekly_slot::WeeklySlot {
        crate::calendar::weekly_slot::WeeklySlot {
            weekday: self.checkin_weekday,
            minute: self.checkin_minute,
        }
    }
}

/// The check-in event of `account_id`'s feed, if they have a feed.
pub async fn feed_checkin<'e>(
    db: impl Into<Exec<'e>>,
    account_id: &str,
) -> Result<Option<FeedCheckinRow>, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_as(
            "SELECT f.checkin_in_feed, f.checkin_weekday, f.checkin_minute, f.checkin_chosen_at,
                f.checkin_sequence, a.time_zone
         FROM calendar_feeds f JOIN accounts a ON a.id = f.account_id
         WHERE f.account_id = $1",
        )
        .bind(account_id)
        .fetch_optional
    )?)
}

/// Puts the weekly check-in in `account_id`'s feed at `slot`, or takes it out; makes
/// the feed first if they have none. Each save raises the event's SEQUENCE.
pub async fn save_feed_checkin<'e>(
    db: impl Into<Exec<'e>>,
    account_id: &str,
    in_feed: bool,
    slot: crate::calendar::weekly_slot::WeeklySlot,
    now: i64,
) -> Result<(), AppError> {
    execute_on!(
        db,
        sqlx::query(
            "INSERT INTO calendar_feeds (account_id, token, created_at, checkin_in_feed,
             checkin_weekday, checkin_minute, checkin_chosen_at, checkin_sequence)
         VALUES ($1, $2, $3, $4, $5, $6, $3, 1)
         ON CONFLICT (account_id) DO UPDATE SET checkin_in_feed = excluded.checkin_in_feed,
             checkin_weekday = excluded.checkin_weekday,
             checkin_minute = excluded.checkin_minute,
             checkin_chosen_at = excluded.checkin_chosen_at,
             checkin_sequence = calendar_feeds.checkin_sequence + 1",
        )
        .bind(account_id)
        .bind(new_token())
        .bind(now)
        .bind(in_feed)
        .bind(slot.weekday)
        .bind(slot.minute)
    )?;
    Ok(())
}
