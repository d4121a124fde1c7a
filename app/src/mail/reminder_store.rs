//! SQL for `reminder_choices` and `signing_keys`, and the reads that find which
//! reminders are due (each joined with the recipient's choices, and leaving out those
//! already in the outbox under their key).

use super::ReminderKind;
use crate::db::{Conn, Exec};
use crate::error::AppError;
use crate::{execute_on, on_db};
use sqlx::FromRow;

/// One person's choices as stored.
#[derive(Debug, Clone, Default, FromRow)]
pub struct ChoicesRow {
    pub before_sessions: bool,
    pub weekly_checkin: bool,
    pub checkin_weekday: i64,
    pub checkin_minute: i64,
    pub commitment_due: bool,
    pub peer_views: bool,
    pub planned_sessions: bool,
    pub choice_epoch: i64,
}

impl ChoicesRow {
    pub fn is_on(&self, kind: ReminderKind) -> bool {
        match kind {
            ReminderKind::BeforeSession => self.before_sessions,
            ReminderKind::WeeklyCheckIn => self.weekly_checkin,
            ReminderKind::CommitmentDue => self.commitment_due,
            ReminderKind::PeerView => self.peer_views,
            ReminderKind::Planned => self.planned_sessions,
        }
    }

    pub fn checkin_slot(&self) -> crate::calendar::weekly_slot::WeeklySlot {
        crate::calendar::weekly_slot::WeeklySlot {
            weekday: self.checkin_weekday,
            minute: self.checkin_minute,
        }
    }
}

/// The choices of `account_id`, if they ever saved any.
pub async fn choices<'e>(
    db: impl Into<Exec<'e>>,
    account_id: &str,
) -> Result<Option<ChoicesRow>, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_as(
            "SELECT before_sessions, weekly_checkin, checkin_weekday, checkin_minute,
                commitment_due, peer_views, planned_sessions, choice_epoch
         FROM reminder_choices WHERE account_id = $1",
        )
        .bind(account_id)
        .fetch_optional
    )?)
}

/// New choices for `account_id` (inside the caller's write transaction, which has
/// read the old ones). The epoch is raised when a kind goes from off to on, so an
/// unsubscribe link from before cannot turn it off again.
pub async fn save_choices(
    tx: &mut Conn,
    account_id: &str,
    new: &ChoicesRow,
    now: i64,
) -> Result<(), AppError> {
    let old = choices(&mut *tx, account_id).await?.unwrap_or_default();
    let turned_on = ReminderKind::ALL
        .into_iter()
        .any(|kind| new.is_on(kind) && !old.is_on(kind));
    let epoch = old.choice_epoch + i64::from(turned_on);
    execute_on!(
        &mut *tx,
        sqlx::query(
            "INSERT INTO reminder_choices (account_id, before_sessions, weekly_checkin,
             checkin_weekday, checkin_minute, commitment_due, peer_views, planned_sessions,
             choice_epoch, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (account_id) DO UPDATE SET before_sessions = excluded.before_sessions,
             weekly_checkin = excluded.weekly_checkin, checkin_weekday = excluded.checkin_weekday,
             checkin_minute = excluded.checkin_minute, commitment_due = excluded.commitment_due,
             peer_views = excluded.peer_views, planned_sessions = excluded.planned_sessions,
             choice_epoch = excluded.choice_epoch, updated_at = excluded.updated_at",
        )
        .bind(account_id)
        .bind(new.before_sessions)
        .bind(new.weekly_checkin)
        .bind(new.checkin_weekday)
        .bind(new.checkin_minute)
        .bind(new.commitment_due)
        .bind(new.peer_views)
        .bind(new.planned_sessions)
        .bind(epoch)
        .bind(now)
    )?;
    Ok(())
}

/// Turns one kind off: what an unsubscribe link does. The column name comes from
/// [`ReminderKind::code`], never from the request.
pub async fn turn_off<'e>(
    db: impl Into<Exec<'e>>,
    account_id: &str,
    kind: ReminderKind,
    now: i64,
) -> Result<(), AppError> {
    let column = kind.code();
    execute_on!(
        db,
        sqlx::query(&format!(
            "UPDATE reminder_choices SET {column} = FALSE, updated_at = $1 WHERE account_id = $2"
        ))
        .bind(now)
        .bind(account_id)
    )?;
    Ok(())
}

/// The secret for `purpose`, made on first use. Racing processes both insert-or-
/// ignore and then read the one that won.
pub async fn signing_key(
    db: &mut Conn,
    purpose: &str,
    fresh: [u8; 32],
) -> Result<Vec<u8>, AppError> {
    execute_on!(
        &mut *db,
        sqlx::query(
            "INSERT INTO signing_keys (purpose, secret) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(purpose)
        .bind(&fresh[..])
    )?;
    Ok(on_db!(
        &mut *db,
        sqlx::query_scalar("SELECT secret FROM signing_keys WHERE purpose = $1")
            .bind(purpose)
            .fetch_one
    )?)
}

/// The secret for `purpose`, if it was made.
pub async fn stored_signing_key<'e>(
    db: impl Into<Exec<'e>>,
    purpose: &str,
) -> Result<Option<Vec<u8>>, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_scalar("SELECT secret FROM signing_keys WHERE purpose = $1")
            .bind(purpose)
            .fetch_optional
    )?)
}

/// Who a reminder goes to.
#[derive(Debug, Clone, FromRow)]
pub struct Recipient {
    pub account_id: String,
    pub email: String,
    pub display_name: String,
    pub time_zone: String,
    pub choice_epoch: i64,
}

const RECIPIENT: &str = "a.id AS account_id, a.email, a.display_name, a.time_zone, r.choice_epoch";

/// A session someone is reminded of: planned with them, called off, or coming up.
#[derive(Debug, Clone, FromRow)]
pub struct SessionDue {
    #[sqlx(flatten)]
    pub recipient: Recipient,
    pub session_id: String,
    /// When it starts, or the day for a session planned without a time; none for a
    /// session a host paired without a day (the pair agree on one).
    pub starts: Option<i64>,
    pub has_time: bool,
    pub other_name: String,
    pub planner_name: Option<String>,
}

const SESSION_DUE: &str = "s.id AS session_id, COALESCE(s.starts_at, s.planned_for) AS starts,
        s.starts_at IS NOT NULL AS has_time,
        other.display_name AS other_name, planner.display_name AS planner_name
    FROM sessions s
    JOIN reminder_choices r ON r.account_id IN (s.coach_id, s.coachee_id)
    JOIN accounts a ON a.id = r.account_id
    JOIN accounts other ON other.id = CASE WHEN s.coach_id = a.id THEN s.coachee_id ELSE s.coach_id END
    LEFT JOIN accounts planner ON planner.id = s.created_by
    JOIN circle_members m ON m.circle_id = s.circle_id AND m.account_id = a.id
    JOIN circles c ON c.id = s.circle_id AND c.archived_at IS NULL
    WHERE s.status = 'planned'";

/// How far back an event may lie and still be told of: a server that was down for
/// a while catches up, but nobody gets mail about last month.
pub const LOOK_BACK: i64 = 2 * 86_400;
/// A before-session reminder comes this long before the start.
pub const SESSION_LEAD: i64 = 86_400;
/// How many reminders of one kind one pass queues; the next pass takes the rest.
const BATCH: i64 = 200;

/// The condition that what happened to session `s` at `at` is news to recipient `a`:
/// it happened since they opted in (`r`) and within [`LOOK_BACK`] of now (`$1`), and
/// no mail about it is queued yet under `key:<session>:<recipient>`.
fn not_yet_told(at: &str, key: &str) -> String {
    format!(
        "{at} >= CASE WHEN r.updated_at > $1 - {LOOK_BACK} THEN r.updated_at ELSE $1 - {LOOK_BACK} END
           AND NOT EXISTS (SELECT 1 FROM outbox o
                WHERE o.idempotency_key = '{key}:' || s.id || ':' || a.id)"
    )
}

/// Sessions someone else planned with a person who wants to hear of it.
pub async fn planned_with_me<'e>(
    db: impl Into<Exec<'e>>,
    now: i64,
) -> Result<Vec<SessionDue>, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_as(&format!(
            "SELECT {RECIPIENT}, {SESSION_DUE}
           AND r.planned_sessions = TRUE AND s.created_by IS NOT NULL AND s.created_by <> a.id
           AND {}
         LIMIT {BATCH}",
            not_yet_told("s.created_at", "reminder:planned")
        ))
        .bind(now)
        .fetch_all
    )?)
}

/// A planned session that was called off, and why.
#[derive(Debug, Clone, FromRow)]
pub struct SessionCancelled {
    #[sqlx(flatten)]
    pub due: SessionDue,
    pub cancelled: crate::sessions::Cancelled,
}

/// Planned sessions that were called off, for whichever of the pair did not
/// call it off, if they want to hear of planned sessions: `other_name` is the peer.
/// When a member left the circle (or was removed), the one told is the one still in
/// it, and not the one who left, even if they have joined again since; when a host
/// called it off, both are told.
pub async fn cancelled_with_me<'e>(
    db: impl Into<Exec<'e>>,
    now: i64,
) -> Result<Vec<SessionCancelled>, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_as(&format!(
            "SELECT {RECIPIENT}, s.id AS session_id, COALESCE(s.starts_at, s.planned_for) AS starts,
                s.starts_at IS NOT NULL AS has_time,
                other.display_name AS other_name, other.display_name AS planner_name, s.cancelled
         FROM sessions s
         JOIN accounts a ON a.id IN (s.coach_id, s.coachee_id)
              AND a.id <> CASE s.cancelled WHEN 'by_coach' THEN s.coach_id
                               WHEN 'by_coachee' THEN s.coachee_id ELSE '' END
         JOIN accounts other ON other.id =
              CASE WHEN a.id = s.coach_id THEN s.coachee_id ELSE s.coach_id END
         JOIN reminder_choices r ON r.account_id = a.id AND r.planned_sessions = TRUE
         JOIN circle_members m ON m.circle_id = s.circle_id AND m.account_id = a.id
              AND m.joined_at <= s.ended_at
         JOIN circles c ON c.id = s.circle_id AND c.archived_at IS NULL
         WHERE s.cancelled IS NOT NULL
           AND {}
         LIMIT {BATCH}",
            not_yet_told("s.ended_at", "reminder:cancelled")
        ))
        .bind(now)
        .fetch_all
    )?)
}

/// Planned sessions starting within [`SESSION_LEAD`], for people who want a reminder.
/// The key names the start, so a session moved to another time is reminded again.
pub async fn coming_up<'e>(db: impl Into<Exec<'e>>, now: i64) -> Result<Vec<SessionDue>, AppError> {
    Ok(on_db!(db, sqlx::query_as(&format!(
        "SELECT {RECIPIENT}, {SESSION_DUE}
           AND r.before_sessions = TRUE
           AND COALESCE(s.starts_at, s.planned_for) BETWEEN $1 AND $1 + {SESSION_LEAD}
           AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.idempotency_key =
                'reminder:before:' || s.id || ':' || a.id || ':' || COALESCE(s.starts_at, s.planned_for))
         LIMIT {BATCH}"
    ))
    .bind(now).fetch_all)?)
}

/// An open commitment coming due.
#[derive(Debug, Clone, FromRow)]
pub struct CommitmentDue {
    #[sqlx(flatten)]
    pub recipient: Recipient,
    pub commitment_id: String,
    pub body: String,
    pub due_on: i64,
}

/// Open commitments due today or tomorrow (UTC days), for their makers who want to
/// hear of it.
pub async fn commitments_due<'e>(
    db: impl Into<Exec<'e>>,
    now: i64,
) -> Result<Vec<CommitmentDue>, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_as(&format!(
            "SELECT {RECIPIENT}, k.id AS commitment_id, k.body, k.due_on
         FROM commitments k
         JOIN sessions s ON s.id = k.session_id
         JOIN reminder_choices r ON r.account_id = s.coachee_id AND r.commitment_due = TRUE
         JOIN accounts a ON a.id = r.account_id
         WHERE k.status = 'open' AND k.due_on BETWEEN $1 - 86400 AND $1 + 86400
           AND NOT EXISTS (SELECT 1 FROM outbox o
                WHERE o.idempotency_key = 'reminder:commitment:' || k.id)
         LIMIT {BATCH}"
        ))
        .bind(now)
        .fetch_all
    )?)
}

/// A peer shared what they saw (one mail per peer and week, however many behaviours).
#[derive(Debug, Clone, FromRow)]
pub struct PeerViewShared {
    #[sqlx(flatten)]
    pub recipient: Recipient,
    pub author_id: String,
    pub author_name: String,
    pub week: String,
}

pub async fn peer_views_shared<'e>(
    db: impl Into<Exec<'e>>,
    now: i64,
) -> Result<Vec<PeerViewShared>, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_as(&format!(
            "SELECT DISTINCT {RECIPIENT}, p.author_id, author.display_name AS author_name, p.week
         FROM peer_views p
         JOIN reminder_choices r ON r.account_id = p.subject_id AND r.peer_views = TRUE
         JOIN accounts a ON a.id = r.account_id
         JOIN accounts author ON author.id = p.author_id
         WHERE p.created_at >= CASE WHEN r.updated_at > $1 - {LOOK_BACK}
               THEN r.updated_at ELSE $1 - {LOOK_BACK} END
           AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.idempotency_key =
                'reminder:peer-view:' || a.id || ':' || p.author_id || ':' || p.week)
         LIMIT {BATCH}"
        ))
        .bind(now)
        .fetch_all
    )?)
}

/// Someone who wants a weekly check-in reminder and tracks behaviours.
#[derive(Debug, Clone, FromRow)]
pub struct CheckInReminder {
    #[sqlx(flatten)]
    pub recipient: Recipient,
    pub checkin_weekday: i64,
    pub checkin_minute: i64,
}

pub async fn weekly_checkin_wanted<'e>(
    db: impl Into<Exec<'e>>,
) -> Result<Vec<CheckInReminder>, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_as(&format!(
            "SELECT {RECIPIENT}, r.checkin_weekday, r.checkin_minute
         FROM reminder_choices r JOIN accounts a ON a.id = r.account_id
         WHERE r.weekly_checkin = TRUE
           AND EXISTS (SELECT 1 FROM tracked_behaviours t WHERE t.account_id = a.id)"
        ))
        .fetch_all
    )?)
}

/// Whether `account_id` has checked in for `week`, or was reminded of it already.
pub async fn checkin_settled<'e>(
    db: impl Into<Exec<'e>>,
    account_id: &str,
    week: &str,
    key: &str,
) -> Result<bool, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM checkins WHERE account_id = $1 AND week = $2)
             OR EXISTS (SELECT 1 FROM outbox WHERE idempotency_key = $3)",
        )
        .bind(account_id)
        .bind(week)
        .bind(key)
        .fetch_one
    )?)
}
