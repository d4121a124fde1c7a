//! My data: everything about me as a download, and deleting my account.
//!
//! Deleting removes my personal data: check-ins, tracked behaviours, peer views by and
//! about me, private notes, commitments, circle memberships, and my name and email.
//! My words go from what my peers keep: a shared note I saved last reads
//! [`REMOVED_NOTE`], and the topic of a session where I was coached is cleared (the
//! topic is the coachee's). The account row stays as an anonymous "Former member",
//! because the sessions my peers held with me are part of their record too, with
//! their own notes. The database deletes securely (see `db`), and the write-ahead log
//! is emptied after a deletion, so removed text does not linger in either file.

#[cfg(feature = "ssr")]
use crate::db::{Conn, Pool};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::execute_on;
use leptos::prelude::*;

/// Deletes my account after I confirm with my password.
#[server(endpoint = "delete_account")]
pub async fn delete_account(password: String) -> Result<(), AppError> {
    use super::auth;
    let me = auth::current_account().await?;
    let state = crate::state::app_state()?;
    auth::confirm_password(
        &me,
        password,
        "password",
        "That is not your password. Nothing was deleted.",
    )
    .await?;
    let mut tx = state.db.writer.begin().await?;
    forget(&mut tx, &me.id, state.clock.now_seconds()).await?;
    tx.commit().await?;
    empty_the_log(&state.db.writer).await;
    auth::end_session().await?;
    leptos_axum::redirect("/sign-in?notice=account-deleted");
    Ok(())
}

/// What a peer sees in place of a shared note whose author deleted their account.
pub const REMOVED_NOTE: &str = "(Removed: its author deleted their account.)";

/// Copies the write-ahead log into the database and truncates it, so that old page
/// versions holding deleted text leave the log file too. Best effort: the deletion is
/// already committed, and the next checkpoint would do the same. PostgreSQL has no
/// such file to empty here (its own vacuum reclaims the rows).
#[cfg(feature = "ssr")]
async fn empty_the_log(writer: &Pool) {
    let Pool::Sqlite(writer) = writer else {
        return;
    };
    if let Err(error) = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(writer)
        .await
    {
        tracing::warn!(%error, "could not empty the write-ahead log after a deletion");
    }
}

/// Removes everything personal about `id`, leaving circles consistent: a circle I
/// hosted alone gets its longest-standing member as host; one I was last in is
/// archived; my planned and live sessions are marked not held.
#[cfg(feature = "ssr")]
pub async fn forget(tx: &mut Conn, id: &str, now: i64) -> Result<(), AppError> {
    // Each statement takes my id as `$1`, and some a second value as `$2`: PostgreSQL
    // refuses a statement given more values than it uses.
    enum Second {
        Nothing,
        Now,
        RemovedNote,
    }
    use Second::*;
    let statements = [
        ("DELETE FROM checkins WHERE account_id = $1", Nothing),
        ("DELETE FROM tracked_behaviours WHERE account_id = $1", Nothing),
        ("DELETE FROM peer_views WHERE author_id = $1 OR subject_id = $1", Nothing),
        ("DELETE FROM private_notes WHERE account_id = $1", Nothing),
        ("DELETE FROM recognitions WHERE giver_id = $1 OR recipient_id = $1", Nothing),
        ("DELETE FROM milestones WHERE account_id = $1", Nothing),
        ("DELETE FROM commitments WHERE session_id IN (SELECT id FROM sessions WHERE coachee_id = $1)", Nothing),
        // The SQL for session tables lives here, not in sessions/: it is the account's
        // deletion. Bumping the version makes a screen's older copy of the note stale.
        ("UPDATE session_steps SET shared_note = $2, note_by = NULL, note_version = note_version + 1
         WHERE note_by = $1", RemovedNote),
        ("UPDATE sessions SET topic = '' WHERE coachee_id = $1", Nothing),
        ("UPDATE sessions SET status = 'abandoned', ended_at = $2
         WHERE status IN ('planned', 'live') AND $1 IN (coach_id, coachee_id)", Now),
        // A circle whose only host I am: its longest-standing other member hosts it.
        ("UPDATE circle_members SET role = 'host'
         WHERE rowid IN (
             SELECT (SELECT o.rowid FROM circle_members o
                     WHERE o.circle_id = m.circle_id AND o.account_id <> $1
                     ORDER BY o.joined_at, o.rowid LIMIT 1)
             FROM circle_members m
             WHERE m.account_id = $1 AND m.role = 'host'
               AND NOT EXISTS (SELECT 1 FROM circle_members h WHERE h.circle_id = m.circle_id
                               AND h.role = 'host' AND h.account_id <> $1))", Nothing),
        ("UPDATE circles SET archived_at = $2
         WHERE archived_at IS NULL AND id IN (SELECT circle_id FROM circle_members WHERE account_id = $1)
           AND NOT EXISTS (SELECT 1 FROM circle_members o WHERE o.circle_id = circles.id
                           AND o.account_id <> $1)", Now),
        ("DELETE FROM circle_members WHERE account_id = $1", Nothing),
        ("UPDATE accounts SET email = 'deleted-' || id || '@invalid', display_name = 'Former member',
             password_hash = '', time_zone = 'UTC' WHERE id = $1", Nothing),
    ];
    for (statement, second) in statements {
        match second {
            Nothing => execute_on!(&mut *tx, sqlx::query(statement).bind(id))?,
            Now => execute_on!(&mut *tx, sqlx::query(statement).bind(id).bind(now))?,
            RemovedNote => {
                execute_on!(&mut *tx, sqlx::query(statement).bind(id).bind(REMOVED_NOTE))?
            }
        };
    }
    Ok(())
}

/// Download my data; delete my account.
#[component]
pub fn MyDataSections() -> impl IntoView {
    use crate::ui::{
        form::{latest_error, FormError, PostForm, SubmitButton, TextField},
        layout::Panel,
    };
    use leptos::server_fn::ServerFn;
    let action = ServerAction::<DeleteAccount>::new();
    let error = latest_error(action.value());
    let busy = RwSignal::new(false);
    view! {
        <Panel heading_id="my-data-heading" title="Your data">
            <p>"Everything about you: account, circles, sessions with your notes, commitments, check-ins, and peer views by and about you."</p>
            <p class="button-row">
                <a class="button" href="/account/export.json" download rel="external">"Download as JSON"</a>
                <a class="button" href="/account/export.csv" download rel="external">"Download as CSV"</a>
            </p>
        </Panel>
        <Panel heading_id="delete-heading" title="Delete your account">
            <p>
                "This removes your check-ins, peer views, notes, commitments and circle memberships, "
                "and your name and email. Sessions your peers held with you stay in their record as "
                "held with a former member. This cannot be undone."
            </p>
            <FormError error/>
            <PostForm path=DeleteAccount::PATH busy>
                <TextField label="Your password, to confirm" name="password" kind="password" autocomplete="current-password" error/>
                <SubmitButton label="Delete my account" busy_label="Deleting…" pending=busy danger=true/>
            </PostForm>
        </Panel>
    }
}
