//! `GET /account/export.json` and `/account/export.csv`: everything about the signed-in
//! person, as downloads. Only ever their own data: the session cookie decides whose.

use super::auth::account_of;
use crate::{error::AppError, state::AppState};
use axum::{
    extract::Path,
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    Extension,
};
use serde_json::{json, Value};
use sqlx::SqlitePool;
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
    let data = match everything(&state.db.reader, &me.id).await {
        Ok(data) => data,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let (body, kind) = match file.as_str() {
        "export.json" => (
            serde_json::to_string_pretty(&data).unwrap_or_default(),
            "application/json",
        ),
        "export.csv" => (to_csv(&data), "text/csv; charset=utf-8"),
        _ => return StatusCode::NOT_FOUND.into_response(),
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

/// Rows of `sql` (bound to my id) as JSON objects named by `names`.
async fn rows(
    reader: &SqlitePool,
    sql: &str,
    id: &str,
    names: &[&str],
) -> Result<Vec<Value>, AppError> {
    use sqlx::{Row, ValueRef};
    let found = sqlx::query(sql).bind(id).fetch_all(reader).await?;
    Ok(found
        .iter()
        .map(|row| {
            let mut object = serde_json::Map::new();
            for (i, name) in names.iter().enumerate() {
                let value = match row.try_get_raw(i) {
                    Ok(raw) if raw.is_null() => Value::Null,
                    _ => row
                        .try_get::<i64, _>(i)
                        .map(Value::from)
                        .or_else(|_| row.try_get::<String, _>(i).map(Value::from))
                        .unwrap_or(Value::Null),
                };
                object.insert((*name).to_owned(), value);
            }
            Value::Object(object)
        })
        .collect())
}

/// Everything about account `id`.
pub async fn everything(reader: &SqlitePool, id: &str) -> Result<Value, AppError> {
    Ok(json!({
        "account": rows(reader, "SELECT id, email, display_name, time_zone, created_at FROM accounts WHERE id = ?1", id,
            &["id", "email", "display_name", "time_zone", "created_at"]).await?.into_iter().next(),
        "circles": rows(reader, "SELECT c.name, m.role, m.joined_at FROM circle_members m JOIN circles c ON c.id = m.circle_id WHERE m.account_id = ?1", id,
            &["circle", "role", "joined_at"]).await?,
        "sessions": rows(reader, "SELECT s.id, c.name, coach.display_name, coachee.display_name, s.status, s.topic, s.created_at, s.ended_at
             FROM sessions s JOIN circles c ON c.id = s.circle_id JOIN accounts coach ON coach.id = s.coach_id
             JOIN accounts coachee ON coachee.id = s.coachee_id WHERE ?1 IN (s.coach_id, s.coachee_id) ORDER BY s.created_at", id,
            &["id", "circle", "coach", "coachee", "status", "topic", "created_at", "ended_at"]).await?,
        "shared_notes": rows(reader, "SELECT t.session_id, t.step_index, t.shared_note FROM session_steps t JOIN sessions s ON s.id = t.session_id
             WHERE ?1 IN (s.coach_id, s.coachee_id) AND t.shared_note <> ''", id, &["session_id", "step", "text"]).await?,
        "private_notes": rows(reader, "SELECT session_id, step_index, body FROM private_notes WHERE account_id = ?1", id,
            &["session_id", "step", "text"]).await?,
        "commitments": rows(reader, "SELECT k.session_id, k.body, k.due_on, k.status, k.created_at FROM commitments k JOIN sessions s ON s.id = k.session_id
             WHERE ?1 IN (s.coach_id, s.coachee_id)", id, &["session_id", "text", "due_on", "status", "created_at"]).await?,
        "check_ins": rows(reader, "SELECT c.week, b.title, r.rating, r.evidence, c.reflection FROM checkins c
             JOIN checkin_ratings r ON r.checkin_id = c.id JOIN behaviours b ON b.id = r.behaviour_id
             WHERE c.account_id = ?1 ORDER BY c.week", id, &["week", "behaviour", "rating", "evidence", "reflection"]).await?,
        "peer_views_about_me": rows(reader, "SELECT v.week, b.title, v.rating, v.note, a.display_name FROM peer_views v
             JOIN behaviours b ON b.id = v.behaviour_id JOIN accounts a ON a.id = v.author_id WHERE v.subject_id = ?1", id,
            &["week", "behaviour", "rating", "note", "by"]).await?,
        "peer_views_by_me": rows(reader, "SELECT v.week, b.title, v.rating, v.note, a.display_name FROM peer_views v
             JOIN behaviours b ON b.id = v.behaviour_id JOIN accounts a ON a.id = v.subject_id WHERE v.author_id = ?1", id,
            &["week", "behaviour", "rating", "note", "about"]).await?,
    }))
}

/// One CSV: a row per record, with the section it comes from and its fields.
pub fn to_csv(data: &Value) -> String {
    let mut out = String::from("section,field,value,record\n");
    let Some(sections) = data.as_object() else {
        return out;
    };
    for (section, content) in sections {
        let records: Vec<&Value> = match content {
            Value::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        for (n, record) in records.iter().enumerate() {
            for (field, value) in record.as_object().into_iter().flatten() {
                let value = match value {
                    Value::String(s) => s.clone(),
                    Value::Null => String::new(),
                    other => other.to_string(),
                };
                out.push_str(&format!(
                    "{},{},{},{}\n",
                    cell(section),
                    cell(field),
                    cell(&value),
                    n + 1
                ));
            }
        }
    }
    out
}

/// A CSV cell: quoted when it holds a comma, quote or line break; formulas defused.
fn cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_survive_commas_quotes_lines_and_formulas() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a, b"), "\"a, b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(cell("=SUM(A1)"), "'=SUM(A1)");
        let csv = to_csv(&json!({ "check_ins": [{ "week": "2026-W48", "rating": 4 }] }));
        assert!(csv.contains("check_ins,week,2026-W48,1\n"));
        assert!(csv.contains("check_ins,rating,4,1\n"));
    }
}
