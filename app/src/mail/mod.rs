//! Mail: what the app sends outside itself (invitations and reminders), through a
//! persistent outbox. The app only writes to the outbox; the server sends from it
//! when an SMTP relay is configured (`server/src/mail_sender.rs`), so no page waits
//! on mail.
//!
//! Reminders are opt-in, per person and per kind ([`ReminderKind`]), chosen on the
//! account page. The sender's background task asks [`reminders::queue_due`] what is
//! due; each reminder has an idempotency key, so it is queued once however often
//! that runs, and every mail carries a signed link that turns its kind off.

pub mod api;
#[cfg(feature = "ssr")]
pub mod outbox_store;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod reminder_store;
#[cfg(feature = "ssr")]
pub mod reminders;
#[cfg(feature = "ssr")]
pub mod signed_link;
#[cfg(feature = "ssr")]
pub mod unsubscribe;

use serde::{Deserialize, Serialize};

/// How many addresses one "invite by email" may name.
pub const INVITE_ADDRESSES_MAX: usize = 20;
/// How many invitations one circle may send a day: a bound on what a host (or a
/// stolen host session) can make the server mail to strangers.
pub const INVITES_PER_CIRCLE_PER_DAY: i64 = 60;

/// The outbox, as server functions see it: present only when the server can send.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug, Default)]
pub struct Outbox {
    /// Wakes the sender as soon as something is queued or may have become due.
    pub wake: std::sync::Arc<tokio::sync::Notify>,
    /// Wakes the sender when another node queued mail (several nodes: the node that
    /// leads sends it). Apart from `wake`, so a node that does not lead passes on only
    /// what was queued through it, and two such nodes never wake each other in turn.
    pub queued_elsewhere: std::sync::Arc<tokio::sync::Notify>,
}

/// Tells the sender that a reminder may have become due (a session was planned, a
/// peer shared a view, choices changed), so it looks now rather than within a minute.
#[cfg(feature = "ssr")]
pub fn wake_sender(state: &crate::state::AppState) {
    if let Some(outbox) = &state.outbox {
        outbox.wake.notify_one();
    }
}

/// What a reminder is about; each can be turned on and off on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReminderKind {
    /// A day before a planned session of mine, with its calendar event.
    BeforeSession,
    /// My weekly check-in, at the day and time I chose, if not yet done.
    WeeklyCheckIn,
    /// One of my commitments is due today or tomorrow and still open.
    CommitmentDue,
    /// A peer shared what they saw me model.
    PeerView,
    /// Someone planned a session with me, or cancelled one.
    Planned,
}

impl ReminderKind {
    pub const ALL: [Self; 5] = [
        Self::BeforeSession,
        Self::WeeklyCheckIn,
        Self::CommitmentDue,
        Self::PeerView,
        Self::Planned,
    ];

    /// Its name in unsubscribe links, idempotency keys and form fields.
    pub fn code(self) -> &'static str {
        match self {
            Self::BeforeSession => "before_sessions",
            Self::WeeklyCheckIn => "weekly_checkin",
            Self::CommitmentDue => "commitment_due",
            Self::PeerView => "peer_views",
            Self::Planned => "planned_sessions",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.code() == code)
    }

    /// What the person turns on, in their words.
    pub fn label(self) -> &'static str {
        match self {
            Self::BeforeSession => "A day before each of my sessions, with the calendar event",
            Self::WeeklyCheckIn => "My weekly check-in, at the day and time below",
            Self::CommitmentDue => "A commitment of mine coming due",
            Self::PeerView => "A peer shared what they saw me model",
            Self::Planned => "Someone planned a session with me, or cancelled one",
        }
    }
}

/// My reminder choices, as the account page shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderChoices {
    /// Whether this server sends mail at all; without it reminders show on Home only.
    pub mail_enabled: bool,
    /// The kinds turned on.
    pub on: Vec<ReminderKind>,
    /// The weekly check-in reminder's day (1 = Monday … 7 = Sunday) and time ("09:00"),
    /// in my own time zone.
    pub checkin_weekday: u8,
    pub checkin_time: String,
}

/// What an unsubscribe link would turn off, shown before the person confirms.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnsubscribeOffer {
    pub kind: ReminderKind,
    /// Whether that reminder is already off (the link was used before).
    pub already_off: bool,
}
