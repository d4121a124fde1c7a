//! Unsubscribe links: `/unsubscribe/{account}.{kind}.{epoch}.{signature}`. They work
//! signed out, so they are signed ([`signed_link`]); the epoch (raised whenever the
//! person turns a reminder back on) stops an old mail's link from undoing a newer
//! choice.

use super::{signed_link, ReminderKind};
use crate::db::{Conn, Pool};
use crate::error::AppError;

const PURPOSE: &str = "unsubscribe";

/// What a well-formed, correctly signed link says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsubscribe {
    pub account_id: String,
    pub kind: ReminderKind,
    pub epoch: i64,
}

/// The server's key for these links, made if missing: called once at start.
pub async fn key(db: &mut Conn) -> Result<Vec<u8>, AppError> {
    signed_link::key(db, PURPOSE).await
}

/// The key made at start, read without writing.
pub async fn stored_key(reader: &Pool) -> Result<Vec<u8>, AppError> {
    signed_link::stored_key(reader, PURPOSE).await
}

/// The token for `link`, signed with `key`.
pub fn sign(key: &[u8], link: &Unsubscribe) -> Option<String> {
    let payload = format!("{}.{}.{}", link.account_id, link.kind.code(), link.epoch);
    signed_link::sign(key, &payload)
}

/// What `token` says, if it is well formed and signed with `key`.
pub fn verify(key: &[u8], token: &str) -> Option<Unsubscribe> {
    let mut parts = signed_link::open(key, token)?.split('.');
    let link = Unsubscribe {
        account_id: parts.next()?.to_owned(),
        kind: ReminderKind::from_code(parts.next()?)?,
        epoch: parts.next()?.parse().ok()?,
    };
    parts.next().is_none().then_some(link)
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
