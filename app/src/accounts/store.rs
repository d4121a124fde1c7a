//! SQL for accounts.

#[cfg(test)]
use super::DisplayName;
use super::{auth::SessionClaim, time_zone::TimeZoneName, Account, Email, NewAccount, Profile};
use crate::db::{Exec, Pool};
use crate::{db::new_id, error::AppError};
use crate::{execute_on, on_db};

/// Creates an account; a taken email is a problem with the email field.
pub async fn create(
    writer: &Pool,
    new: &NewAccount,
    password_hash: &str,
    now: i64,
) -> Result<Account, AppError> {
    let id = new_id();
    let inserted =
        execute_on!(writer, sqlx::query(
        "INSERT INTO accounts (id, email, display_name, password_hash, time_zone, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(new.profile.email.as_str())
    .bind(new.profile.name.as_str())
    .bind(password_hash)
    .bind(new.time_zone.as_str())
    .bind(now));
    unless_email_taken(inserted)?;
    Ok(Account {
        id,
        email: new.profile.email.as_str().to_owned(),
        display_name: new.profile.name.as_str().to_owned(),
        time_zone: new.time_zone.as_str().to_owned(),
        created_at: now,
    })
}

/// Changes the account's name and email; a taken email is a problem with the email
/// field.
pub async fn set_profile(writer: &Pool, id: &str, profile: &Profile) -> Result<(), AppError> {
    let updated = execute_on!(
        writer,
        sqlx::query("UPDATE accounts SET email = $1, display_name = $2 WHERE id = $3")
            .bind(profile.email.as_str())
            .bind(profile.name.as_str())
            .bind(id)
    );
    unless_email_taken(updated)
}

/// One person, one account: the unique email column says when an email is taken.
fn unless_email_taken<T>(written: Result<T, sqlx::Error>) -> Result<(), AppError> {
    match written {
        Ok(_) => Ok(()),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(AppError::invalid(
            "email",
            "An account with this email already exists. Sign in instead?",
        )),
        Err(e) => Err(e.into()),
    }
}

pub async fn set_time_zone(writer: &Pool, id: &str, zone: &TimeZoneName) -> Result<(), AppError> {
    execute_on!(
        writer,
        sqlx::query("UPDATE accounts SET time_zone = $1 WHERE id = $2")
            .bind(zone.as_str())
            .bind(id)
    )?;
    Ok(())
}

/// An account as a browser session sees it: the account and its session epoch (see
/// `auth`).
#[derive(Debug, sqlx::FromRow)]
pub struct SignedIn {
    #[sqlx(flatten)]
    pub account: Account,
    pub session_epoch: i64,
}

/// The account, unless it was deleted (then every browser it was signed in on is
/// signed out).
pub async fn find_by_id(reader: &Pool, id: &str) -> Result<Option<Account>, AppError> {
    Ok(find_signed_in(reader, id).await?.map(|found| found.account))
}

/// The account with its session epoch, unless it was deleted.
pub async fn find_signed_in(reader: &Pool, id: &str) -> Result<Option<SignedIn>, AppError> {
    Ok(on_db!(
        reader,
        sqlx::query_as::<_, SignedIn>(
            "SELECT id, email, display_name, time_zone, created_at, session_epoch FROM accounts
         WHERE id = $1 AND password_hash <> ''",
        )
        .bind(id)
        .fetch_optional
    )?)
}

/// The account's time zone, unless it was deleted; inside a write that needs it.
pub async fn time_zone_of<'e>(
    db: impl Into<Exec<'e>>,
    id: &str,
) -> Result<Option<String>, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_scalar("SELECT time_zone FROM accounts WHERE id = $1 AND password_hash <> ''")
            .bind(id)
            .fetch_optional
    )?)
}

/// What signing in checks.
#[derive(Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Credentials {
    pub id: String,
    pub password_hash: String,
}

/// The account id and password hash for an email, for signing in.
pub async fn find_credentials(
    reader: &Pool,
    email: &Email,
) -> Result<Option<Credentials>, AppError> {
    Ok(on_db!(
        reader,
        sqlx::query_as::<_, Credentials>("SELECT id, password_hash FROM accounts WHERE email = $1")
            .bind(email.as_str())
            .fetch_optional
    )?)
}

/// The epoch a browser signing in now records (0 for an unknown id).
pub async fn session_epoch(db: &Pool, id: &str) -> Result<i64, AppError> {
    Ok(on_db!(
        db,
        sqlx::query_scalar::<_, i64>("SELECT session_epoch FROM accounts WHERE id = $1")
            .bind(id)
            .fetch_optional
    )?
    .unwrap_or(0))
}

/// Signs the account out on every browser (see `auth`).
pub async fn raise_session_epoch(writer: &Pool, id: &str) -> Result<(), AppError> {
    execute_on!(
        writer,
        sqlx::query("UPDATE accounts SET session_epoch = session_epoch + 1 WHERE id = $1").bind(id)
    )?;
    Ok(())
}

pub async fn password_hash(reader: &Pool, id: &str) -> Result<Option<String>, AppError> {
    Ok(on_db!(
        reader,
        sqlx::query_scalar::<_, String>("SELECT password_hash FROM accounts WHERE id = $1")
            .bind(id)
            .fetch_optional
    )?)
}

/// Sets a new password, signing the account out on every browser in the same
/// statement: whoever knew the old password (or held a session) is out at once.
pub async fn set_password_hash(
    writer: &Pool,
    id: &str,
    password_hash: &str,
) -> Result<(), AppError> {
    execute_on!(writer, sqlx::query(
        "UPDATE accounts SET password_hash = $1, session_epoch = session_epoch + 1 WHERE id = $2",
    )
    .bind(password_hash)
    .bind(id))?;
    Ok(())
}

/// The account as a mailed link found it.
pub struct LinkedAccount<'a> {
    pub id: &'a str,
    pub epoch: i64,
    pub email: &'a str,
}

/// Sets a new password through a link, only if the account is still as the link found
/// it: at the same epoch, with the same address, not deleted (its password hash is
/// emptied then), whatever happened while the new password was hashed. The link is used
/// up (the epoch rises, as every other browser is signed out), and of two uses at once
/// only one sets its password. Whether it did.
pub async fn set_password_hash_through_link(
    writer: &Pool,
    at: &LinkedAccount<'_>,
    password_hash: &str,
) -> Result<bool, AppError> {
    let done = execute_on!(
        writer,
        sqlx::query(
            "UPDATE accounts SET password_hash = $1, session_epoch = session_epoch + 1
         WHERE id = $2 AND session_epoch = $3 AND email = $4 AND password_hash <> ''",
        )
        .bind(password_hash)
        .bind(at.id)
        .bind(at.epoch)
        .bind(at.email)
    )?;
    Ok(done == 1)
}

/// Whether browser session `browser` is still stored (signing out deletes it) and
/// signed in as `claim`'s account, not deleted and at its current epoch, and that
/// account is still one of the pair of session `session_id` and a member of its circle,
/// not archived. This is what a live room's stream checks before each message: one
/// statement rather than four, because every move in a room is checked by both
/// screens. The table `tower_sessions` is tower-sessions' own (its SQLite store's
/// default name); this is the one query of ours that reads it.
pub async fn may_still_follow(
    reader: &Pool,
    browser: &str,
    claim: &SessionClaim,
    session_id: &str,
) -> Result<bool, AppError> {
    let found: Option<i32> = on_db!(
        reader,
        sqlx::query_scalar(
            "SELECT 1 FROM tower_sessions b
             JOIN accounts a
               ON a.id = $2 AND a.password_hash <> '' AND a.session_epoch = $3
             JOIN sessions s
               ON s.id = $4 AND (s.coach_id = a.id OR s.coachee_id = a.id)
             JOIN circle_members m ON m.circle_id = s.circle_id AND m.account_id = a.id
             JOIN circles c ON c.id = s.circle_id AND c.archived_at IS NULL
             WHERE b.id = $1",
        )
        .bind(browser)
        .bind(&claim.account_id)
        .bind(claim.epoch)
        .bind(session_id)
        .fetch_optional
    )?;
    Ok(found.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Db;

    fn email(s: &str) -> Email {
        Email::parse(s).expect("valid email")
    }

    fn new(email_text: &str, name: &str) -> NewAccount {
        NewAccount {
            profile: Profile {
                email: email(email_text),
                name: DisplayName::parse(name).expect("valid name"),
            },
            time_zone: TimeZoneName::parse("Europe/Berlin").expect("known"),
        }
    }

    #[tokio::test]
    async fn an_email_can_hold_only_one_account() {
        let db = Db::in_memory().await.expect("db");
        let first = create(&db.writer, &new("ada@example.org", "Ada"), "h", 0)
            .await
            .expect("created");
        let again = create(&db.writer, &new("ADA@example.org ", "Other"), "h", 0).await;
        assert!(again.unwrap_err().message_for("email").is_some());
        let found = find_by_id(&db.reader, &first.id).await.expect("query");
        assert_eq!(found, Some(first));
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM accounts")
            .fetch_one(db.reader.sqlite())
            .await
            .expect("count");
        assert_eq!(count, 1);
    }

    #[tokio::test]
    async fn credentials_are_found_by_normalized_email() {
        let db = Db::in_memory().await.expect("db");
        let ada = create(&db.writer, &new("ada@example.org", "Ada"), "hash-1", 0)
            .await
            .expect("created");
        let found = find_credentials(&db.reader, &email("ADA@example.org"))
            .await
            .expect("query");
        let expected = Credentials {
            id: ada.id.clone(),
            password_hash: "hash-1".to_owned(),
        };
        assert_eq!(found, Some(expected));
        set_password_hash(&db.writer, &ada.id, "hash-2")
            .await
            .expect("update");
        assert_eq!(
            password_hash(&db.reader, &ada.id)
                .await
                .expect("query")
                .as_deref(),
            Some("hash-2")
        );
        assert_eq!(
            find_credentials(&db.reader, &email("nobody@example.org"))
                .await
                .expect("q"),
            None
        );
    }
}
