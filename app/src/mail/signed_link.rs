//! Links in mail that work signed out (unsubscribe, choosing a new password):
//! `{payload}.{signature}`, where the signature is an HMAC-SHA-256 of the payload with
//! a key of the link's purpose, kept in the database. The signature is what stops
//! anyone from writing a link for someone else; each payload carries what makes an old
//! link stop working (an epoch, an expiry).

use super::reminder_store;
use crate::db::{Conn, Pool};
use crate::error::AppError;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Bytes of the MAC kept in the link (128 bits, hex): plenty against guessing, and a
/// link that still fits on one line of a plain-text mail.
const SIGNATURE_BYTES: usize = 16;
/// No link of ours is longer; a longer token is refused before any work.
const TOKEN_MAX: usize = 200;

/// The server's key for links of `purpose`, made if missing: called once at start, so
/// a page view never writes.
pub async fn key(db: &mut Conn, purpose: &str) -> Result<Vec<u8>, AppError> {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    let mut fresh = [0u8; 32];
    OsRng.fill_bytes(&mut fresh);
    reminder_store::signing_key(db, purpose, fresh).await
}

/// The key made at start, read without writing.
pub async fn stored_key(reader: &Pool, purpose: &str) -> Result<Vec<u8>, AppError> {
    reminder_store::stored_signing_key(reader, purpose)
        .await?
        .ok_or(AppError::Internal)
}

/// The signature of `payload`; `None` only if the key were refused (HMAC takes any
/// length).
fn signature(key: &[u8], payload: &str) -> Option<String> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).ok()?;
    mac.update(payload.as_bytes());
    Some(hex(&mac.finalize().into_bytes()[..SIGNATURE_BYTES]))
}

/// `bytes` in lower-case hex, as a link carries them.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The token for `payload`, signed with `key`.
pub fn sign(key: &[u8], payload: &str) -> Option<String> {
    let signature = signature(key, payload)?;
    Some(format!("{payload}.{signature}"))
}

/// The payload of `token`, if it is signed with `key`. The comparison of signatures
/// takes the same time wherever they differ.
pub fn open<'t>(key: &[u8], token: &'t str) -> Option<&'t str> {
    if token.len() > TOKEN_MAX {
        return None;
    }
    let (payload, given) = token.rsplit_once('.')?;
    let expected = signature(key, payload)?;
    let same = expected.len() == given.len()
        && expected
            .bytes()
            .zip(given.bytes())
            .fold(0u8, |differ, (a, b)| differ | (a ^ b))
            == 0;
    same.then_some(payload)
}
