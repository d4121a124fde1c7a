//! SQL for `recognitions`, and the behaviours a circle's members may name.

use super::{Recognition, RecognitionInput};
use crate::db::{Conn, Exec};
use crate::{db::new_id, error::AppError};
use crate::{execute_on, on_db};

/// A `Recognition`'s columns, then where they come from.
const RECOGNITION_COLUMNS: &str = "r.id, g.display_name AS giver_name, r.recipient_id,
        t.display_name AS recipient_name, c.name AS circle_name, r.behaviour_id,
        b.title AS behaviour_title, r.note, r.shared, r.hidden, r.session_id, r.created_at";
const RECOGNITION_FROM: &str = "FROM recognitions r
     JOIN accounts g ON g.id = r.giver_id
     JOIN accounts t ON t.id = r.recipient_id
     JOIN circles c ON c.id = r.circle_id
     JOIN behaviours b ON b.id = r.behaviour_id";

/// A recognition about to be written.
pub struct NewRecognition<'a> {
    pub giver_id: &'a str,
    pub recipient_id: &'a str,
    pub circle_id: &'a str,
    /// `None` outside sessions.
    pub session_id: Option<&'a str>,
    pub input: &'a RecognitionInput,
}

/// What `giver_id` gave for a session, if anything.
pub async fn given_for_session<'e>(
    db: impl Into<Exec<'e>>,
    session_id: &str,
    giver_id: &str,
) -> Result<Option<Recognition>, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_as(&format!(
            "SELECT {RECOGNITION_COLUMNS} {RECOGNITION_FROM} WHERE r.session_id = $1 AND r.giver_id = $2"
        ))
        .bind(session_id)
        .bind(giver_id)
        .fetch_optional
    )?)
}

/// Writes a recognition. For a session the giver's earlier one is changed instead
/// (one per giver and session); a shout-out its recipient hid stays hidden.
pub async fn save(tx: &mut Conn, new: NewRecognition<'_>, now: i64) -> Result<(), AppError> {
    execute_on!(&mut *tx, sqlx::query(
        "INSERT INTO recognitions
             (id, giver_id, recipient_id, circle_id, session_id, behaviour_id, note, shared, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (session_id, giver_id) DO UPDATE SET behaviour_id = excluded.behaviour_id,
             note = excluded.note, shared = excluded.shared",
    )
    .bind(new_id())
    .bind(new.giver_id)
    .bind(new.recipient_id)
    .bind(new.circle_id)
    .bind(new.session_id)
    .bind(&new.input.behaviour_id)
    .bind(&new.input.note)
    .bind(new.input.shared)
    .bind(now))?;
    Ok(())
}

/// How many recognitions `giver_id` gave `recipient_id` outside sessions since `since`.
pub async fn given_outside_sessions_since<'e>(
    db: impl Into<Exec<'e>>,
    giver_id: &str,
    recipient_id: &str,
    since: i64,
) -> Result<i64, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM recognitions WHERE giver_id = $1 AND recipient_id = $2
         AND session_id IS NULL AND created_at >= $3",
        )
        .bind(giver_id)
        .bind(recipient_id)
        .bind(since)
        .fetch_one
    )?)
}

/// The circle's shout-outs not hidden by their recipients, newest first.
pub async fn shout_outs<'e>(
    db: impl Into<Exec<'e>>,
    circle_id: &str,
    limit: i64,
) -> Result<Vec<Recognition>, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_as(&format!(
            "SELECT {RECOGNITION_COLUMNS} {RECOGNITION_FROM} WHERE r.circle_id = $1 AND r.shared = TRUE AND r.hidden = FALSE
         ORDER BY r.created_at DESC, r.rowid DESC LIMIT $2"
        ))
        .bind(circle_id)
        .bind(limit)
        .fetch_all
    )?)
}

/// A recognition with the side `mine_both_sides` read it on.
#[derive(sqlx::FromRow)]
struct SidedRecognition {
    #[sqlx(flatten)]
    recognition: Recognition,
    received: bool,
}

/// What `account_id` received and what they gave, each newest first and at most
/// `limit`: one statement for both, since Home and the mirror show both.
pub async fn mine_both_sides<'e>(
    db: impl Into<Exec<'e>>,
    account_id: &str,
    limit: i64,
) -> Result<(Vec<Recognition>, Vec<Recognition>), AppError> {
    // Each side keeps its own newest `limit`, so one busy side never crowds out the
    // other.
    let side = |received: bool, me: &str, name: &str| {
        format!(
            "SELECT * FROM (SELECT {RECOGNITION_COLUMNS}, {received} AS received, r.rowid AS seq
             {RECOGNITION_FROM} WHERE {me} = $1
             ORDER BY r.created_at DESC, r.rowid DESC LIMIT $2) AS {name}"
        )
    };
    let rows: Vec<SidedRecognition> = on_db!(
        db,
        sqlx::query_as(&format!(
            "{} UNION ALL {} ORDER BY created_at DESC, seq DESC",
            side(true, "r.recipient_id", "received_side"),
            side(false, "r.giver_id", "given_side"),
        ))
        .bind(account_id)
        .bind(limit)
        .fetch_all
    )?;
    let (received, given): (Vec<_>, Vec<_>) = rows.into_iter().partition(|row| row.received);
    let plain = |rows: Vec<SidedRecognition>| rows.into_iter().map(|row| row.recognition).collect();
    Ok((plain(received), plain(given)))
}

/// Hides a shout-out from its circle's page, or shows it there again: only its
/// recipient may, and only a shared one. Showing it again also needs them to be a
/// member of the circle still (a former member no longer decides what the circle's
/// page shows; hiding stays open to them). Returns its circle, or `None` when there is
/// no such shout-out of theirs.
pub async fn set_hidden(
    tx: &mut Conn,
    id: &str,
    recipient_id: &str,
    hidden: bool,
) -> Result<Option<String>, AppError> {
    Ok(on_db!(&mut *tx, sqlx::query_scalar(
        "UPDATE recognitions SET hidden = $3 WHERE id = $1 AND recipient_id = $2 AND shared = TRUE
           AND ($3 OR EXISTS (SELECT 1 FROM circle_members m
                              WHERE m.circle_id = recognitions.circle_id AND m.account_id = $2))
         RETURNING circle_id",
    )
    .bind(id)
    .bind(recipient_id)
    .bind(hidden).fetch_optional)?)
}

/// A milestone recorded for someone.
#[derive(sqlx::FromRow)]
pub struct MilestoneRow {
    pub key: String,
    pub reached_at: i64,
    /// The circle a rotation milestone is about, by its name now.
    pub circle_name: Option<String>,
}

/// The milestones recorded for `account_id`, oldest first. A rotation's key ends with
/// its circle's id ("rotation-2-<id>"), which names the circle.
pub async fn milestones_of<'e>(
    db: impl Into<Exec<'e>>,
    account_id: &str,
) -> Result<Vec<MilestoneRow>, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_as(
            "SELECT m.key, m.reached_at, c.name AS circle_name FROM milestones m
         LEFT JOIN circles c ON m.key LIKE 'rotation-%'
             AND c.id = substr(m.key, 10 + instr(substr(m.key, 10), '-'))
         WHERE m.account_id = $1 ORDER BY m.reached_at, m.rowid",
        )
        .bind(account_id)
        .fetch_all
    )?)
}

/// Records a milestone once; a second record of it (two Home loads at once) is ignored.
pub async fn record_milestone(
    tx: &mut Conn,
    account_id: &str,
    key: &str,
    now: i64,
) -> Result<(), AppError> {
    execute_on!(
        &mut *tx,
        sqlx::query(
            "INSERT INTO milestones (account_id, key, reached_at) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING",
        )
        .bind(account_id)
        .bind(key)
        .bind(now)
    )?;
    Ok(())
}
