//! Who may do what with a session: only its two participants may see or change it,
//! only while they are members of its circle and the circle is not archived, and only
//! with a script their circle may follow.

use super::{rules::require_live, session_row::SessionRow, store};
use crate::db::{Conn, Pool};
use crate::{
    accounts::Account, circles::store as circles, circles::Role, db::is_id, error::AppError,
    scripts::store as scripts,
};

/// The session, when the caller is one of its two participants and still a member of
/// its (not archived) circle; "not found" for everyone else (a member who left or was
/// removed included) and for anything that is not an id.
pub async fn participant_row(
    conn: &mut Conn,
    session_id: &str,
    me: &Account,
) -> Result<SessionRow, AppError> {
    let (row, _) = row_and_my_role(conn, session_id, me).await?;
    row.role_of(&me.id).ok_or(AppError::NotFound)?;
    Ok(row)
}

/// [`participant_row`], or the session for a host of its circle who is not one of the
/// pair: the one other person who may change a session, and only to call it off
/// ([`super::cancel::cancel_session`]). "Not found" for everyone else, as above.
pub async fn participant_or_host_row(
    conn: &mut Conn,
    session_id: &str,
    me: &Account,
) -> Result<SessionRow, AppError> {
    let (row, my_role) = row_and_my_role(conn, session_id, me).await?;
    if row.role_of(&me.id).is_none() && my_role != Role::Host {
        return Err(AppError::NotFound);
    }
    Ok(row)
}

/// The session and my role in its circle; "not found" when I am not a member of it
/// or it is not a session.
async fn row_and_my_role(
    conn: &mut Conn,
    session_id: &str,
    me: &Account,
) -> Result<(SessionRow, Role), AppError> {
    if !is_id(session_id) {
        return Err(AppError::NotFound);
    }
    let row = store::find(&mut *conn, session_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let my_role = circles::role_of(&mut *conn, &row.circle_id, &me.id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((row, my_role))
}

/// [`participant_row`] on the reader, refused unless the session is live: the checks
/// of a write of one statement that repeats them in itself (a private note), read
/// first to say why it is refused.
pub async fn live_participant_row(
    reader: &Pool,
    session_id: &str,
    me: &Account,
) -> Result<SessionRow, AppError> {
    let row = participant_row(&mut reader.acquire().await?, session_id, me).await?;
    require_live(row.status)?;
    Ok(row)
}

/// A script the circle may follow (built-in or its own, not archived), as its id
/// and current version; the message says what is wrong otherwise.
pub async fn script_for(
    tx: &mut Conn,
    circle_id: &str,
    script_id: &str,
) -> Result<Result<(String, i64), String>, AppError> {
    let refused = || Ok(Err("Choose one of the scripts offered.".to_owned()));
    if !is_id(script_id) || scripts::is_archived(&mut *tx, script_id).await? {
        return refused();
    }
    match scripts::find(&mut *tx, script_id, None).await? {
        Some(s) if s.circle_id.as_deref().is_none_or(|c| c == circle_id) => {
            Ok(Ok((s.id, s.version)))
        }
        _ => refused(),
    }
}
