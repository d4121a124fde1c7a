//! `GET /account/export.json` and `/account/export.csv`: everything about the signed-in
//! person, as downloads. Only ever their own data: the session cookie decides whose.
//!
//! Each section is read into a named row type, so every value has the type the schema
//! gives it (nothing is guessed from what SQLite hands back), and timestamps are
//! written as RFC 3339. The CSV is one row per field of each record, written by the
//! `csv` crate.

use super::auth::account_of;
use crate::db::Pool;
use crate::on_db;
use crate::{
    calendar::format_day,
    error::AppError,
    sessions::{
        calendar_store::{self, CalendarEntry},
        SessionStatus,
    },
    state::AppState,
};
use axum::{
    extract::Path,
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    Extension,
};
use serde::{Serialize, Serializer};
use serde_json::Value;
use sqlx::{postgres::PgRow, sqlite::SqliteRow, FromRow};
use tower_sessions::Session;

pub async fn download(
    Path(file): Path<String>,
    Extension(state): Extension<AppState>,
    session: Session,
) -> Response {
    let me = match account_of(&session, &state.db).await {
        Ok(Some(me)) => me,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let kind = match file.as_str() {
        "export.json" => "application/json",
        "export.csv" => "text/csv; charset=utf-8",
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let written = match everything(&state.db.reader, &me.id).await {
        Ok(data) if file == "export.json" => serde_json::to_string_pretty(&data).ok(),
        Ok(data) => to_csv(&data),
        Err(_) => None,
    };
    let Some(body) = written else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let disposition = format!("attachment; filename=\"coaching-circles-{file}\"");
    (
        [
            (header::CONTENT_TYPE, kind.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}

/// A moment stored as Unix seconds, exported as RFC 3339 (`2026-11-26T16:00:00Z`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, sqlx::Type)]
#[sqlx(transparent)]
pub struct Moment(i64);

impl Serialize for Moment {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use time::{format_description::well_known::Rfc3339, OffsetDateTime};
        let moment =
            OffsetDateTime::from_unix_timestamp(self.0).map_err(serde::ser::Error::custom)?;
        let text = moment.format(&Rfc3339).map_err(serde::ser::Error::custom)?;
        serializer.serialize_str(&text)
    }
}

#[derive(Debug, Serialize, FromRow)]
pub struct AccountRow {
    id: String,
    email: String,
    display_name: String,
    time_zone: String,
    created_at: Moment,
}

#[derive(Debug, Serialize, FromRow)]
pub struct MembershipRow {
    circle: String,
    role: String,
    joined_at: Moment,
}

#[derive(Debug, Serialize, FromRow)]
pub struct SessionRow {
    id: String,
    circle: String,
    coach: String,
    coachee: String,
    status: String,
    topic: String,
    created_at: Moment,
    ended_at: Option<Moment>,
}

#[derive(Debug, Serialize, FromRow)]
pub struct NoteRow {
    session_id: String,
    step: i64,
    text: String,
}

#[derive(Debug, Serialize, FromRow)]
pub struct CommitmentRow {
    session_id: String,
    text: String,
    due_on: Option<Moment>,
    status: String,
    created_at: Moment,
}

#[derive(Debug, Serialize, FromRow)]
pub struct CheckInRow {
    week: String,
    behaviour: String,
    rating: i64,
    evidence: String,
    reflection: String,
}

#[derive(Debug, Serialize, FromRow)]
pub struct ViewAboutMeRow {
    week: String,
    behaviour: String,
    rating: i64,
    note: String,
    by: String,
}

/// A recognition I gave or received: `person` is the other one of the two.
#[derive(Debug, Serialize, FromRow)]
pub struct RecognitionRow {
    behaviour: String,
    note: String,
    person: String,
    shared_with_circle: bool,
    created_at: Moment,
}

#[derive(Debug, Serialize, FromRow)]
pub struct ViewByMeRow {
    week: String,
    behaviour: String,
    rating: i64,
    note: String,
    about: String,
}

/// My calendar feed, if I made one. Its secret address is left out on purpose: an
/// export is a file people keep, forward and upload, and whoever holds the token reads
/// the feed (names, times, the room's address) until it is rotated, without signing
/// in. The account page shows the address to its owner whenever they need it.
#[derive(Debug, Serialize, FromRow)]
pub struct CalendarFeedRow {
    address_made_at: Moment,
    /// Always false: see above.
    address_included: bool,
}

/// One event of my calendar feed, as calendar apps get it.
#[derive(Debug, Serialize)]
pub struct FeedEventRow {
    session_id: String,
    circle: String,
    coach: String,
    coachee: String,
    /// "confirmed" or "cancelled", as the event's STATUS.
    status: &'static str,
    /// The day ("2026-12-01") of a session planned without a time.
    day: Option<String>,
    starts_at: Option<Moment>,
    ends_at: Option<Moment>,
    /// The event's SEQUENCE: raised each time its time changed or it was cancelled.
    sequence: i64,
}

impl From<CalendarEntry> for FeedEventRow {
    fn from(e: CalendarEntry) -> Self {
        let timed = e.starts_at.zip(e.length_minutes);
        Self {
            status: match e.status {
                SessionStatus::Abandoned => "cancelled",
                _ => "confirmed",
            },
            day: e.planned_for.filter(|_| timed.is_none()).map(format_day),
            starts_at: timed.map(|(start, _)| Moment(start)),
            ends_at: timed.map(|(start, length)| Moment(start + length * 60)),
            sequence: e.calendar_sequence,
            session_id: e.id,
            circle: e.circle_name,
            coach: e.coach_name,
            coachee: e.coachee_name,
        }
    }
}

/// Everything about one account, section by section.
#[derive(Debug, Serialize)]
pub struct Everything {
    account: Option<AccountRow>,
    circles: Vec<MembershipRow>,
    sessions: Vec<SessionRow>,
    shared_notes: Vec<NoteRow>,
    private_notes: Vec<NoteRow>,
    commitments: Vec<CommitmentRow>,
    check_ins: Vec<CheckInRow>,
    peer_views_about_me: Vec<ViewAboutMeRow>,
    peer_views_by_me: Vec<ViewByMeRow>,
    recognition_received: Vec<RecognitionRow>,
    recognition_given: Vec<RecognitionRow>,
    calendar_feed: Option<CalendarFeedRow>,
    /// What the feed shows (none without a feed), read as the feed reads it.
    calendar_feed_events: Vec<FeedEventRow>,
}

/// The rows of `sql`, bound to my id as `$1`.
async fn rows<T>(reader: &Pool, sql: &str, id: &str) -> Result<Vec<T>, AppError>
where
    T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin,
{
    Ok(on_db!(
        reader,
        sqlx::query_as::<_, T>(sql).bind(id).fetch_all
    )?)
}

/// Everything about account `id`.
pub async fn everything(reader: &Pool, id: &str) -> Result<Everything, AppError> {
    let calendar_feed: Option<CalendarFeedRow> = rows(
        reader,
        "SELECT created_at AS address_made_at, FALSE AS address_included FROM calendar_feeds
         WHERE account_id = $1",
        id,
    )
    .await?
    .into_iter()
    .next();
    let calendar_feed_events = match calendar_feed {
        Some(_) => calendar_store::feed_entries(reader, id).await?,
        None => Vec::new(),
    };
    Ok(Everything {
        calendar_feed,
        calendar_feed_events: calendar_feed_events.into_iter().map(Into::into).collect(),
        account: rows(reader, "SELECT id, email, display_name, time_zone, created_at FROM accounts WHERE id = $1", id)
            .await?.into_iter().next(),
        circles: rows(reader, "SELECT c.name AS circle, m.role, m.joined_at FROM circle_members m
             JOIN circles c ON c.id = m.circle_id WHERE m.account_id = $1", id).await?,
        sessions: rows(reader, "SELECT s.id, c.name AS circle, coach.display_name AS coach,
             coachee.display_name AS coachee, s.status, s.topic, s.created_at, s.ended_at
             FROM sessions s JOIN circles c ON c.id = s.circle_id JOIN accounts coach ON coach.id = s.coach_id
             JOIN accounts coachee ON coachee.id = s.coachee_id WHERE $1 IN (s.coach_id, s.coachee_id)
             ORDER BY s.created_at", id).await?,
        shared_notes: rows(reader, "SELECT t.session_id, t.step_index AS step, t.shared_note AS text
             FROM session_steps t JOIN sessions s ON s.id = t.session_id
             WHERE $1 IN (s.coach_id, s.coachee_id) AND t.shared_note <> ''", id).await?,
        private_notes: rows(reader, "SELECT session_id, step_index AS step, body AS text
             FROM private_notes WHERE account_id = $1", id).await?,
        commitments: rows(reader, "SELECT k.session_id, k.body AS text, k.due_on, k.status, k.created_at
             FROM commitments k JOIN sessions s ON s.id = k.session_id
             WHERE $1 IN (s.coach_id, s.coachee_id)", id).await?,
        check_ins: rows(reader, "SELECT c.week, b.title AS behaviour, r.rating, r.evidence, c.reflection
             FROM checkins c JOIN checkin_ratings r ON r.checkin_id = c.id
             JOIN behaviours b ON b.id = r.behaviour_id WHERE c.account_id = $1 ORDER BY c.week", id).await?,
        peer_views_about_me: rows(reader, "SELECT v.week, b.title AS behaviour, v.rating, v.note, a.display_name AS by
             FROM peer_views v JOIN behaviours b ON b.id = v.behaviour_id
             JOIN accounts a ON a.id = v.author_id WHERE v.subject_id = $1", id).await?,
        peer_views_by_me: rows(reader, "SELECT v.week, b.title AS behaviour, v.rating, v.note, a.display_name AS about
             FROM peer_views v JOIN behaviours b ON b.id = v.behaviour_id
             JOIN accounts a ON a.id = v.subject_id WHERE v.author_id = $1", id).await?,
        recognition_received: rows(reader, "SELECT b.title AS behaviour, r.note, a.display_name AS person,
             r.shared AS shared_with_circle, r.created_at FROM recognitions r
             JOIN behaviours b ON b.id = r.behaviour_id JOIN accounts a ON a.id = r.giver_id
             WHERE r.recipient_id = $1 ORDER BY r.created_at", id).await?,
        recognition_given: rows(reader, "SELECT b.title AS behaviour, r.note, a.display_name AS person,
             r.shared AS shared_with_circle, r.created_at FROM recognitions r
             JOIN behaviours b ON b.id = r.behaviour_id JOIN accounts a ON a.id = r.recipient_id
             WHERE r.giver_id = $1 ORDER BY r.created_at", id).await?,
    })
}

/// One line of the CSV: a field of a record of a section.
#[derive(Serialize)]
struct Line<'a> {
    section: &'a str,
    field: &'a str,
    value: String,
    record: usize,
}

/// One CSV: a row per field of each record, with the section it comes from. `None`
/// only if the writer fails, which writing to memory does not.
pub fn to_csv(data: &Everything) -> Option<String> {
    // The typed rows as serde sees them: numbers stay numbers, moments are RFC 3339.
    let Ok(Value::Object(sections)) = serde_json::to_value(data) else {
        return None;
    };
    let mut out = csv::Writer::from_writer(Vec::new());
    for (section, content) in &sections {
        let records: Vec<&Value> = match content {
            Value::Array(items) => items.iter().collect(),
            Value::Null => Vec::new(),
            other => vec![other],
        };
        for (n, record) in records.iter().enumerate() {
            for (field, value) in record.as_object().into_iter().flatten() {
                let value = match value {
                    Value::String(text) => defused(text),
                    Value::Null => String::new(),
                    other => other.to_string(),
                };
                let line = Line {
                    section,
                    field,
                    value,
                    record: n + 1,
                };
                out.serialize(line).ok()?;
            }
        }
    }
    String::from_utf8(out.into_inner().ok()?).ok()
}

/// Text a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, or a
/// tab or carriage return before one) starts with a quote instead.
fn defused(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
#[path = "export_tests.rs"]
mod tests;
