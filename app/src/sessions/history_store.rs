//! SQL for my session history: the sessions I took part in that have ended, and my
//! own private notes from them (never anyone else's).

use super::{store::SUMMARY_COLUMNS, MyNote, SessionSummary, HISTORY_PER_PAGE};
use crate::db::Pool;
use crate::error::AppError;
use crate::ui::pager::PageNumber;
use crate::{on_db, with_conn};
use sqlx::FromRow;

/// Sessions I coached or was coached in that have ended (held or not), newest first,
/// in circles I still belong to that are not archived: the ones whose summary I may
/// still open. Those of `page`, and one more when an older page follows.
pub async fn ended_for(
    reader: &Pool,
    account_id: &str,
    page: PageNumber,
) -> Result<Vec<SessionSummary>, AppError> {
    Ok(on_db!(
        reader,
        sqlx::query_as(&format!(
            "SELECT {SUMMARY_COLUMNS}
         WHERE circle.archived_at IS NULL AND s.status IN ('done', 'abandoned')
           AND s.ended_at IS NOT NULL AND (s.coach_id = $1 OR s.coachee_id = $1)
           AND EXISTS (SELECT 1 FROM circle_members m
                       WHERE m.circle_id = s.circle_id AND m.account_id = $1)
         ORDER BY s.ended_at DESC, s.created_at DESC, s.id
         LIMIT $2 OFFSET $3"
        ))
        .bind(account_id)
        .bind(HISTORY_PER_PAGE as i64 + 1)
        .bind(page.skip(HISTORY_PER_PAGE))
        .fetch_all
    )?)
}

/// One of my private notes, with the session it belongs to.
#[derive(FromRow)]
struct NoteRow {
    session_id: String,
    step_index: i64,
    step_title: String,
    body: String,
}

/// My non-empty private notes in `session_ids`, by session, in step order.
pub async fn my_notes_in(
    reader: &Pool,
    account_id: &str,
    session_ids: &[String],
) -> Result<Vec<(String, MyNote)>, AppError> {
    if session_ids.is_empty() {
        return Ok(Vec::new());
    }
    // The ids come from `ended_for`, at most a page of them: one bound parameter
    // each.
    let marks = (2..session_ids.len() + 2)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT p.session_id, p.step_index, p.body,
                COALESCE(json_extract(v.steps, '$[' || p.step_index || '].title'), '') AS step_title
         FROM private_notes p
         JOIN sessions s ON s.id = p.session_id
         LEFT JOIN script_versions v ON v.script_id = s.script_id AND v.version = s.script_version
         WHERE p.account_id = $1 AND p.body <> '' AND p.session_id IN ({marks})
         ORDER BY p.session_id, p.step_index"
    );
    let rows: Vec<NoteRow> = with_conn!(reader, |conn| {
        let mut query = sqlx::query_as(&sql).bind(account_id);
        for id in session_ids {
            query = query.bind(id);
        }
        query.fetch_all(conn).await?
    });
    Ok(rows
        .into_iter()
        .map(|row| {
            let note = MyNote {
                step: usize::try_from(row.step_index).unwrap_or(0),
                step_title: row.step_title,
                text: row.body,
            };
            (row.session_id, note)
        })
        .collect())
}
