//! Choosing a new password when the old one is forgotten: the sign-in page's "Forgot
//! your password?" asks for the address, and the account using it (if any) gets a mail
//! with a link that works for an hour, once. Only when the server can send mail.
//!
//! The link is signed (`mail::signed_link`) and names the account, when it stops
//! working, the account's session epoch when it was made, and a digest of the address
//! it was mailed to. Setting the new password raises that epoch, as every password
//! change does (every other browser is signed out), so a used link, or one made before
//! any later change, no longer works; nor does one mailed to an address the account has
//! since moved away from (whoever reads the old mailbox may not be its owner any more).
//! No table of tokens is kept.

use super::PasswordResetOffer;
use crate::error::AppError;
use leptos::prelude::*;

/// How long a link to choose a new password works.
pub const LINK_MINUTES: i64 = 60;

#[cfg(feature = "ssr")]
mod link {
    use crate::mail::signed_link;
    use sha2::{Digest, Sha256};

    pub const PURPOSE: &str = "password_reset";
    /// At most one mail per account in each quarter of an hour, however often it is
    /// asked for: nobody can flood someone's inbox through this page.
    pub const MAIL_EVERY_SECONDS: i64 = 15 * 60;

    /// What a link to choose a new password says.
    #[derive(Debug, PartialEq, Eq)]
    pub struct ResetLink {
        pub account_id: String,
        /// Unix seconds after which it no longer works.
        pub expires_at: i64,
        /// The account's session epoch when the link was made.
        pub epoch: i64,
        /// [`address_digest`] of the address the link was mailed to.
        pub address: String,
    }

    /// A short digest of an address, so that the link, which may end up in a browser's
    /// history or a proxy's log, does not carry the address itself.
    pub fn address_digest(email: &str) -> String {
        signed_link::hex(&Sha256::digest(email.as_bytes())[..8])
    }

    pub fn sign(key: &[u8], link: &ResetLink) -> Option<String> {
        let payload = format!(
            "{}.{}.{}.{}",
            link.account_id, link.expires_at, link.epoch, link.address
        );
        signed_link::sign(key, &payload)
    }

    pub fn verify(key: &[u8], token: &str) -> Option<ResetLink> {
        let mut parts = signed_link::open(key, token)?.split('.');
        let link = ResetLink {
            account_id: parts.next()?.to_owned(),
            expires_at: parts.next()?.parse().ok()?,
            epoch: parts.next()?.parse().ok()?,
            address: parts.next()?.to_owned(),
        };
        parts.next().is_none().then_some(link)
    }
}

/// The server's key for these links, made if missing: called once at start.
#[cfg(feature = "ssr")]
pub async fn key(db: &mut crate::db::Conn) -> Result<Vec<u8>, AppError> {
    crate::mail::signed_link::key(db, link::PURPOSE).await
}

/// Whether this server can mail a link (it has an SMTP relay).
#[server(endpoint = "password_reset_by_mail")]
pub async fn password_reset_by_mail() -> Result<bool, AppError> {
    Ok(crate::state::app_state()?.outbox.is_some())
}

/// Mails a link to choose a new password to the account using `email`, if there is
/// one; the answer is the same either way, so this page tells nobody which addresses
/// have accounts. "Not found" when the server cannot send mail.
#[server(endpoint = "ask_password_reset")]
pub async fn ask_password_reset(email: String) -> Result<(), AppError> {
    use super::{auth, store, Email};
    let email = Email::parse(&email).map_err(|message| AppError::invalid("email", message))?;
    let state = crate::state::app_state()?;
    let Some(outbox) = state.outbox.clone() else {
        return Err(AppError::NotFound);
    };
    state
        .throttle
        .password_reset(auth::client_address().await)?;
    if let Some(found) = store::find_credentials(&state.db.reader, &email).await? {
        queue_mail(&state, &found.id, &email).await?;
        outbox.wake.notify_one();
        tracing::info!(account = %found.id, "a link to choose a new password is queued");
    }
    leptos_axum::redirect("/sign-in?notice=reset-sent");
    Ok(())
}

#[cfg(feature = "ssr")]
async fn queue_mail(
    state: &crate::state::AppState,
    account_id: &str,
    email: &super::Email,
) -> Result<(), AppError> {
    use crate::mail::{outbox_store, signed_link};
    let now = state.clock.now_seconds();
    let key = signed_link::stored_key(&state.db.reader, link::PURPOSE).await?;
    let epoch = super::store::session_epoch(&state.db.reader, account_id).await?;
    let made = link::ResetLink {
        account_id: account_id.to_owned(),
        expires_at: now + LINK_MINUTES * 60,
        epoch,
        address: link::address_digest(email.as_str()),
    };
    let token = link::sign(&key, &made).ok_or(AppError::Internal)?;
    let url = format!(
        "{}/reset-password/{token}",
        crate::state::public_origin(state).await
    );
    let body = format!(
        "Someone, we hope you, asked to choose a new password for your Coaching Circles \
         account.\n\nChoose it here within {LINK_MINUTES} minutes:\n{url}\n\nIf it was \
         not you, ignore this mail: your password stays as it is."
    );
    let mail_key = format!(
        "password-reset:{account_id}:{}",
        now / link::MAIL_EVERY_SECONDS
    );
    let mail = outbox_store::NewMail {
        key: &mail_key,
        recipient: email.as_str(),
        subject: "Choose a new password for Coaching Circles",
        body: &body,
        calendar: None,
        unsubscribe_url: None,
    };
    outbox_store::queue(&state.db.writer, &mail, now).await?;
    Ok(())
}

/// The account a link names, with the epoch it was made at, if the link is ours, has
/// not expired, and the account is still at that epoch and uses the address the link
/// was mailed to; "not found" for anything else.
#[cfg(feature = "ssr")]
async fn checked(
    state: &crate::state::AppState,
    token: &str,
) -> Result<(super::Account, i64), AppError> {
    let key = crate::mail::signed_link::stored_key(&state.db.reader, link::PURPOSE).await?;
    let made = link::verify(&key, token).ok_or(AppError::NotFound)?;
    if made.expires_at <= state.clock.now_seconds() {
        return Err(AppError::NotFound);
    }
    let found = super::store::find_signed_in(&state.db.reader, &made.account_id)
        .await?
        .filter(|found| {
            found.session_epoch == made.epoch
                && link::address_digest(&found.account.email) == made.address
        })
        .ok_or(AppError::NotFound)?;
    Ok((found.account, found.session_epoch))
}

/// Whose password the link `token` lets one choose.
#[server(endpoint = "load_password_reset")]
pub async fn load_password_reset(token: String) -> Result<PasswordResetOffer, AppError> {
    let state = crate::state::app_state()?;
    let (account, _) = checked(&state, &token).await?;
    Ok(PasswordResetOffer {
        email: account.email,
    })
}

/// Sets the new password through the link, which is then used up; signs every other
/// browser out and this one in.
#[server(endpoint = "reset_password")]
pub async fn reset_password(token: String, new_password: String) -> Result<(), AppError> {
    use super::{auth, store, Password};
    let state = crate::state::app_state()?;
    let (account, epoch) = checked(&state, &token).await?;
    let new_password = Password::parse(&new_password)
        .map_err(|message| AppError::invalid("new_password", message))?;
    let hash = state.passwords.hash(new_password).await?;
    let at = store::LinkedAccount {
        id: &account.id,
        epoch,
        email: &account.email,
    };
    if !store::set_password_hash_through_link(&state.db.writer, &at, &hash).await? {
        // Meanwhile the link was used, or the account changed its address or was deleted.
        return Err(AppError::NotFound);
    }
    auth::start_session(&account.id).await?;
    tracing::info!(account = %account.id, "a new password was chosen through a mailed link");
    leptos_axum::redirect("/?notice=password-reset");
    Ok(())
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::link::{sign, verify, ResetLink};

    fn made() -> ResetLink {
        ResetLink {
            account_id: "0b6f5e1c-7a51-4b7e-9d38-2a0b1b9f0c11".into(),
            expires_at: 1_800_000_000,
            epoch: 2,
            address: super::link::address_digest("ada@example.org"),
        }
    }

    #[test]
    fn a_signed_link_reads_back_and_a_changed_one_does_not() {
        let token = sign(b"key", &made()).expect("signed");
        assert_eq!(verify(b"key", &token), Some(made()));
        assert_eq!(verify(b"another key", &token), None);
        assert_eq!(verify(b"key", &token.replacen("0b6f", "1b6f", 1)), None);
        assert_eq!(
            verify(b"key", &token.replace(".1800000000.", ".1900000000.")),
            None
        );
        assert_eq!(verify(b"key", &token.replace(".2.", ".3.")), None);
        assert_eq!(verify(b"key", &format!("{token}.extra")), None);
        assert_eq!(verify(b"key", "nonsense"), None);
    }
}
