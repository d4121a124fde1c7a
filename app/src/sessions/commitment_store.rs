//! SQL for the `commitments` table: what coachees commit to, closing them, and the
//! lists the room and Home show.

use super::{session_row::SessionRow, Commitment, CommitmentStatus};
use crate::db::{Conn, Pool};
use crate::{db::new_id, error::AppError};
use crate::{execute_on, on_db};
use sqlx::FromRow;

/// How many commitments were made in the session.
pub async fn count_in(tx: &mut Conn, session_id: &str) -> Result<i64, AppError> {
    Ok(on_db!(
        &mut *tx,
        sqlx::query_scalar("SELECT COUNT(*) FROM commitments WHERE session_id = $1")
            .bind(session_id)
            .fetch_one
    )?)
}

pub async fn add(
    tx: &mut Conn,
    session_id: &str,
    body: &str,
    due_on: Option<i64>,
    now: i64,
) -> Result<(), AppError> {
    execute_on!(&mut *tx, sqlx::query(
        "INSERT INTO commitments (id, session_id, body, due_on, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(new_id())
    .bind(session_id)
    .bind(body)
    .bind(due_on)
    .bind(now))?;
    Ok(())
}

/// The session a commitment was made in, and whether it is still open.
#[derive(FromRow)]
pub struct Origin {
    pub session_id: String,
    pub status: CommitmentStatus,
}

pub async fn origin(tx: &mut Conn, commitment_id: &str) -> Result<Option<Origin>, AppError> {
    Ok(on_db!(
        &mut *tx,
        sqlx::query_as("SELECT session_id, status FROM commitments WHERE id = $1")
            .bind(commitment_id)
            .fetch_optional
    )?)
}

pub async fn close(
    tx: &mut Conn,
    commitment_id: &str,
    status: CommitmentStatus,
    now: i64,
) -> Result<(), AppError> {
    execute_on!(
        &mut *tx,
        sqlx::query("UPDATE commitments SET status = $1, closed_at = $2 WHERE id = $3")
            .bind(status)
            .bind(now)
            .bind(commitment_id)
    )?;
    Ok(())
}

/// What the room lists, each in the order it was made: the commitments made in this
/// session, and those this pair made in earlier sessions, whoever coached (the open
/// ones, and those closed since this session began, so the room shows what was
/// ticked). One statement for both: every room change reads them again.
pub async fn of_session_and_earlier(
    conn: &mut Conn,
    session: &SessionRow,
) -> Result<(Vec<Commitment>, Vec<Commitment>), AppError> {
    let rows: Vec<RoomCommitment> = on_db!(
        &mut *conn,
        sqlx::query_as(
            "SELECT * FROM (
                SELECT id, body, due_on, status, created_at AS made_at, rowid AS made_seq,
                    TRUE AS this_session
                FROM commitments WHERE session_id = $1
             UNION ALL
                SELECT k.id, k.body, k.due_on, k.status, k.created_at, k.rowid, FALSE
                FROM commitments k JOIN sessions s ON s.id = k.session_id
                WHERE (k.status = 'open' OR k.closed_at >= $4) AND s.id <> $1
                  AND s.created_at <= $4
                  AND ((s.coach_id = $2 AND s.coachee_id = $3)
                    OR (s.coach_id = $3 AND s.coachee_id = $2))
             ) AS listed ORDER BY made_at, made_seq",
        )
        .bind(&session.id)
        .bind(&session.coach_id)
        .bind(&session.coachee_id)
        .bind(session.created_at)
        .fetch_all
    )?;
    let (this, earlier): (Vec<_>, Vec<_>) = rows.into_iter().partition(|r| r.this_session);
    let plain = |rows: Vec<RoomCommitment>| rows.into_iter().map(|r| r.commitment).collect();
    Ok((plain(this), plain(earlier)))
}

/// A commitment with which of the room's two lists it belongs to.
#[derive(FromRow)]
struct RoomCommitment {
    #[sqlx(flatten)]
    commitment: Commitment,
    this_session: bool,
}

/// The live sessions of the pair a commitment was made by: their rooms list it in
/// the follow-up step.
pub async fn live_sessions_of_its_pair(
    reader: &Pool,
    commitment_id: &str,
) -> Result<Vec<String>, AppError> {
    Ok(on_db!(
        reader,
        sqlx::query_scalar(
            "SELECT live.id FROM commitments k
         JOIN sessions s ON s.id = k.session_id
         JOIN sessions live ON live.status = 'live'
           AND ((live.coach_id = s.coach_id AND live.coachee_id = s.coachee_id)
             OR (live.coach_id = s.coachee_id AND live.coachee_id = s.coach_id))
         WHERE k.id = $1",
        )
        .bind(commitment_id)
        .fetch_all
    )?)
}

/// An open commitment with the name of the other person in its session.
#[derive(Clone, FromRow)]
pub struct CommitmentWithPeer {
    #[sqlx(flatten)]
    pub commitment: Commitment,
    pub peer_name: String,
}

/// A commitment with the side `open_both_sides` read it on.
#[derive(FromRow)]
struct SidedCommitment {
    #[sqlx(flatten)]
    row: CommitmentWithPeer,
    made_side: bool,
}

/// My open commitments, soonest due first, in circles I am still in: those I made as
/// the coachee, and those I helped set as the coach. [`open_both_sides`], read once
/// per request: Home's reminders and its commitments panel both list them (see
/// `request_memo`).
pub async fn open_both_sides_once(
    reader: &Pool,
    account_id: &str,
) -> Result<(Vec<CommitmentWithPeer>, Vec<CommitmentWithPeer>), AppError> {
    let key = format!("open_both_sides/{account_id}");
    crate::request_memo::once(key, || open_both_sides(reader, account_id)).await
}

/// One statement for both sides, each keeping its own soonest 50, so a coach of many
/// never crowds out what they committed to themselves.
async fn open_both_sides(
    reader: &Pool,
    account_id: &str,
) -> Result<(Vec<CommitmentWithPeer>, Vec<CommitmentWithPeer>), AppError> {
    // The coach sees a coachee's commitments only while the coachee is still in the
    // circle: someone who left takes their commitments with them.
    let side = |made: bool, me: &str, peer: &str, peer_still_in: &str, name: &str| {
        format!(
            "SELECT * FROM (SELECT k.id, k.body, k.due_on, k.status, k.created_at AS made_at,
                peer.display_name AS peer_name, {made} AS made_side, k.due_on IS NULL AS undated
             FROM commitments k
             JOIN sessions s ON s.id = k.session_id
             JOIN accounts peer ON peer.id = {peer}
             JOIN circle_members m ON m.circle_id = s.circle_id AND m.account_id = {me}
             {peer_still_in}
             JOIN circles c ON c.id = s.circle_id AND c.archived_at IS NULL
             WHERE {me} = $1 AND k.status = 'open'
             ORDER BY k.due_on IS NULL, k.due_on, k.created_at LIMIT 50) AS {name}"
        )
    };
    let rows: Vec<SidedCommitment> = on_db!(
        reader,
        sqlx::query_as(&format!(
            "{} UNION ALL {} ORDER BY made_side DESC, undated, due_on, made_at",
            side(true, "s.coachee_id", "s.coach_id", "", "made_side"),
            side(
                false,
                "s.coach_id",
                "s.coachee_id",
                "JOIN circle_members p ON p.circle_id = s.circle_id AND p.account_id = s.coachee_id",
                "helped_side"
            ),
        ))
        .bind(account_id)
        .fetch_all
    )?;
    let (made, helped): (Vec<_>, Vec<_>) = rows.into_iter().partition(|sided| sided.made_side);
    let plain = |rows: Vec<SidedCommitment>| rows.into_iter().map(|sided| sided.row).collect();
    Ok((plain(made), plain(helped)))
}

/// How many of my commitments I kept, of those I have settled.
#[derive(FromRow)]
pub struct KeptRecord {
    pub kept: i64,
    pub settled: i64,
}

pub async fn kept_record(reader: &Pool, account_id: &str) -> Result<KeptRecord, AppError> {
    Ok(on_db!(reader, sqlx::query_as(
        "SELECT COALESCE(SUM(CASE WHEN k.status = 'done' THEN 1 ELSE 0 END), 0) AS kept, COUNT(*) AS settled
         FROM commitments k JOIN sessions s ON s.id = k.session_id
         WHERE s.coachee_id = $1 AND k.status <> 'open'",
    )
    .bind(account_id).fetch_one)?)
}

/// Closes my open commitment `commitment_id` (I made it as the coachee, in a circle I
/// am still in). "Not found" for anyone else's; `CommitmentClosed` when it was closed
/// meanwhile, by me elsewhere or in the room.
pub async fn settle_mine(
    tx: &mut Conn,
    commitment_id: &str,
    account_id: &str,
    status: CommitmentStatus,
    now: i64,
) -> Result<(), AppError> {
    let found: Option<CommitmentStatus> = on_db!(
        &mut *tx,
        sqlx::query_scalar(
            "SELECT k.status FROM commitments k
         JOIN sessions s ON s.id = k.session_id
         JOIN circle_members m ON m.circle_id = s.circle_id AND m.account_id = s.coachee_id
         JOIN circles c ON c.id = s.circle_id AND c.archived_at IS NULL
         WHERE k.id = $1 AND s.coachee_id = $2",
        )
        .bind(commitment_id)
        .bind(account_id)
        .fetch_optional
    )?;
    match found {
        None => Err(AppError::NotFound),
        Some(CommitmentStatus::Open) => close(tx, commitment_id, status, now).await,
        Some(_) => Err(AppError::CommitmentClosed),
    }
}
