//! Unsubscribe links: `/unsubscribe/{account}.{kind}.{epoch}.{signature}`. They work
//! signed out, so the signature (HMAC-SHA-256 with a key kept in the database) is what
//! stops anyone from writing one for someone else; the epoch (raised whenever the
//! person turns a reminder back on) stops an old mail's link from undoing a newer
//! choice.

use super::{reminder_store, ReminderKind};
use crate::db::{Conn, Pool};
use crate::error::AppError;
use hmac::{Hmac, Mac};
use sha2::Sha256;

const PURPOSE: &str = "unsubscribe";
/// Bytes of the MAC kept in the link (128 bits, hex): plenty against guessing, and a
/// link that still fits on one line of a plain-text mail.
const SIGNATURE_BYTES: usize = 16;

/// What a well-formed, correctly signed link says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsubscribe {
    pub account_id: String,
    pub kind: ReminderKind,
    pub epoch: i64,
}

/// The server's key for these links, made if missing: called once at start.
pub async fn key(db: &mut Conn) -> Result<Vec<u8>, AppError> {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    let mut fresh = [0u8; 32];
    OsRng.fill_bytes(&mut fresh);
    reminder_store::signing_key(db, PURPOSE, fresh).await
}

/// The key made at start, read without writing.
pub async fn stored_key(reader: &Pool) -> Result<Vec<u8>, AppError> {
    reminder_store::stored_signing_key(reader, PURPOSE)
        .await?
        .ok_or(AppError::Internal)
}

/// The link's signature; `None` only if the key were refused (HMAC takes any length).
fn signature(key: &[u8], payload: &str) -> Option<String> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).ok()?;
    mac.update(payload.as_bytes());
    Some(
        mac.finalize().into_bytes()[..SIGNATURE_BYTES]
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect(),
    )
}

fn payload(link: &Unsubscribe) -> String {
    format!("{}.{}.{}", link.account_id, link.kind.code(), link.epoch)
}

/// The token for `link`, signed with `key`.
pub fn sign(key: &[u8], link: &Unsubscribe) -> Option<String> {
    let payload = payload(link);
    let signature = signature(key, &payload)?;
    Some(format!("{payload}.{signature}"))
}

/// What `token` says, if it is well formed and signed with `key`. The comparison
/// of signatures takes the same time wherever they differ.
pub fn verify(key: &[u8], token: &str) -> Option<Unsubscribe> {
    if token.len() > 200 {
        return None;
    }
    let (payload, given) = token.rsplit_once('.')?;
    let mut parts = payload.split('.');
    let link = Unsubscribe {
        account_id: parts.next()?.to_owned(),
        kind: ReminderKind::from_code(parts.next()?)?,
        epoch: parts.next()?.parse().ok()?,
    };
    if parts.next().is_some() {
        return None;
    }
    let expected = signature(key, payload)?;
    let same = expected.len() == given.len()
        && expected
            .bytes()
            .zip(given.bytes())
            .fold(0u8, |differ, (a, b)| differ | (a ^ b))
            == 0;
    same.then_some(link)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link() -> Unsubscribe {
        Unsubscribe {
            account_id: "0b6f5e1c-7a51-4b7e-9d38-2a0b1b9f0c11".into(),
            kind: ReminderKind::WeeklyCheckIn,
            epoch: 3,
        }
    }

    #[test]
    fn a_signed_link_reads_back() {
        let token = sign(b"key", &link()).expect("signed");
        assert_eq!(verify(b"key", &token), Some(link()));
    }

    #[test]
    fn a_changed_or_foreign_link_is_refused() {
        let token = sign(b"key", &link()).expect("signed");
        assert_eq!(verify(b"another key", &token), None);
        let other_person = token.replacen("0b6f", "1b6f", 1);
        assert_eq!(verify(b"key", &other_person), None);
        let other_kind = token.replace("weekly_checkin", "peer_views");
        assert_eq!(verify(b"key", &other_kind), None);
        let older_epoch = token.replace(".3.", ".2.");
        assert_eq!(verify(b"key", &older_epoch), None);
        assert_eq!(verify(b"key", "nonsense"), None);
        assert_eq!(verify(b"key", &format!("{token}.extra")), None);
        assert_eq!(verify(b"key", &"a.".repeat(150)), None);
    }
}
