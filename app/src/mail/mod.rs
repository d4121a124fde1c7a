//! Mail: what the app sends outside itself (invitations today), through a persistent
//! outbox. The app only writes to the outbox; the server sends from it when an SMTP
//! relay is configured (`server/src/mail_sender.rs`), so no page waits on mail.

#[cfg(feature = "ssr")]
pub mod outbox_store;

/// How many addresses one "invite by email" may name.
pub const INVITE_ADDRESSES_MAX: usize = 20;
/// How many invitations one circle may send a day: a bound on what a host (or a
/// stolen host session) can make the server mail to strangers.
pub const INVITES_PER_CIRCLE_PER_DAY: i64 = 60;

/// The outbox, as server functions see it: present only when the server can send.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug, Default)]
pub struct Outbox {
    /// Wakes the sender as soon as something is queued.
    pub wake: std::sync::Arc<tokio::sync::Notify>,
}
