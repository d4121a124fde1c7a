//! Which reminders are due now, written as mail into the outbox. Run by the mail
//! sender's background task (`server/src/mail_sender.rs`) once a minute and whenever
//! something may have made a reminder due; each reminder's idempotency key names what
//! it is about, so a pass that runs twice, on two servers, or again after a crash
//! queues nothing twice.

use super::{
    outbox_store::{self, NewMail},
    reminder_store::{self as store, Recipient, SessionDue},
    unsubscribe::{self, Unsubscribe},
    ReminderKind,
};
use crate::{
    calendar::{day_label, zone},
    db::Db,
    error::AppError,
    sessions::{calendar_store, ics, schedule::local_text, session_path, Cancelled},
};

/// What one pass needs: the database, the time, and the site's public address for
/// the links in the mail.
pub struct Pass<'a> {
    pub db: &'a Db,
    pub now: i64,
    pub origin: &'a str,
}

/// A reminder composed and ready to queue.
struct Reminder<'a> {
    key: String,
    recipient: &'a Recipient,
    kind: ReminderKind,
    subject: String,
    /// What happened, in a sentence or two; the link and the unsubscribe line follow.
    text: String,
    link_words: &'static str,
    path: String,
    calendar: Option<String>,
}

/// Queues every reminder that is due; how many were new.
pub async fn queue_due(pass: &Pass<'_>) -> Result<usize, AppError> {
    let key = unsubscribe::stored_key(&pass.db.reader).await?;
    let reader = &pass.db.reader;
    let mut due: Vec<Reminder> = Vec::new();
    let planned = store::planned_with_me(reader, pass.now).await?;
    for row in &planned {
        due.push(session_reminder(pass, row, SessionNews::Planned).await?);
    }
    let cancelled = store::cancelled_with_me(reader, pass.now).await?;
    for row in &cancelled {
        let news = SessionNews::Cancelled(row.cancelled);
        due.push(session_reminder(pass, &row.due, news).await?);
    }
    let coming = store::coming_up(reader, pass.now).await?;
    for row in &coming {
        due.push(session_reminder(pass, row, SessionNews::ComingUp).await?);
    }
    let commitments = store::commitments_due(reader, pass.now).await?;
    due.extend(commitments.iter().map(|row| Reminder {
        key: format!("reminder:commitment:{}", row.commitment_id),
        recipient: &row.recipient,
        kind: ReminderKind::CommitmentDue,
        subject: format!("Your commitment is due on {}", day_label(row.due_on)),
        text: format!(
            "You committed to \u{201c}{}\u{201d}, due on {}. When it is done, mark it done \
             on your Home page; your coach will see it at your next session.",
            row.body,
            day_label(row.due_on)
        ),
        link_words: "Your commitments",
        path: "/".into(),
        calendar: None,
    }));
    let shared = store::peer_views_shared(reader, pass.now).await?;
    due.extend(shared.iter().map(|row| Reminder {
        key: format!(
            "reminder:peer-view:{}:{}:{}",
            row.recipient.account_id, row.author_id, row.week
        ),
        recipient: &row.recipient,
        kind: ReminderKind::PeerView,
        subject: format!("{} shared what they saw you model", row.author_name),
        text: format!(
            "{} shared what they saw you model this week. Compare it with your own view \
             in your mirror.",
            row.author_name
        ),
        link_words: "Your mirror",
        path: "/mirror".into(),
        calendar: None,
    }));
    let wanted = store::weekly_checkin_wanted(reader).await?;
    for row in &wanted {
        let zone_name = &row.recipient.time_zone;
        if !zone::weekly_slot_reached(pass.now, zone_name, row.checkin_weekday, row.checkin_minute)
        {
            continue;
        }
        let week = zone::week_at(pass.now, zone_name);
        let key = format!("reminder:check-in:{}:{week}", row.recipient.account_id);
        if store::checkin_settled(reader, &row.recipient.account_id, &week.to_string(), &key)
            .await?
        {
            continue;
        }
        due.push(Reminder {
            key,
            recipient: &row.recipient,
            kind: ReminderKind::WeeklyCheckIn,
            subject: format!("Your check-in for the {}", week.label()),
            text: "Two minutes on the behaviours you model for your team: how did this week go?"
                .into(),
            link_words: "Check in",
            path: "/checkin".into(),
            calendar: None,
        });
    }
    let mut queued = 0;
    for reminder in &due {
        if queue(pass, &key, reminder).await? {
            queued += 1;
        }
    }
    Ok(queued)
}

/// What a mail about a session tells.
enum SessionNews {
    /// Someone planned it with the recipient.
    Planned,
    /// It was called off: by the recipient's peer (`other_name`), or because one of
    /// them is no longer in the circle.
    Cancelled(Cancelled),
    /// It starts within a day.
    ComingUp,
}

/// A mail about a session: planned with you, cancelled, or coming up, with its event
/// (a cancellation once cancelled) when it has a day.
async fn session_reminder<'a>(
    pass: &Pass<'_>,
    row: &'a SessionDue,
    news: SessionNews,
) -> Result<Reminder<'a>, AppError> {
    // A session a host paired without a day is in nobody's calendar yet.
    let (when, calendar) = match row.starts {
        None => (None, None),
        Some(day) => {
            let entry = calendar_store::entry(&pass.db.reader, &row.session_id).await?;
            let when = match entry
                .as_ref()
                .and_then(|e| e.starts_at.zip(e.length_minutes))
            {
                Some((start, length)) => local_text(start, length, &row.recipient.time_zone),
                None => format!("on {}", day_label(day)),
            };
            let calendar = entry.map(|entry| ics::session_file(&entry, pass.origin, pass.now));
            (Some(when), calendar)
        }
    };
    let (key, subject, text) = match news {
        SessionNews::Planned => {
            let what = format!(
                "{} planned a coaching session for you and {}",
                planner(row),
                row.other_name
            );
            (
                format!(
                    "reminder:planned:{}:{}",
                    row.session_id, row.recipient.account_id
                ),
                format!("{} planned a coaching session with you", planner(row)),
                match when {
                    Some(when) => format!("{what}: {when}. The calendar event is attached."),
                    None => format!(
                        "{what}, with no day set yet. Agree on one together and set it under \
                         \u{201c}Change the time\u{201d} on the session's page."
                    ),
                },
            )
        }
        SessionNews::Cancelled(why) => {
            let key = format!(
                "reminder:cancelled:{}:{}",
                row.session_id, row.recipient.account_id
            );
            let peer = &row.other_name;
            let (subject, what) = match why {
                Cancelled::MemberLeft => (
                    format!("Your coaching session with {peer} is cancelled"),
                    format!(
                        "{peer} is no longer in your circle, so the coaching session you had \
                         planned together is cancelled"
                    ),
                ),
                Cancelled::ByHost => (
                    format!("Your coaching session with {peer} is cancelled"),
                    format!(
                        "Your circle's host cancelled the coaching session planned for you \
                         and {peer}"
                    ),
                ),
                Cancelled::ByCoach | Cancelled::ByCoachee => (
                    format!("{peer} cancelled your coaching session"),
                    format!("{peer} cancelled the coaching session you had planned together"),
                ),
            };
            let text = match when {
                Some(when) => format!(
                    "{what}: {when}. The attached cancellation takes it out of your calendar."
                ),
                None => format!("{what}. No day had been set for it yet."),
            };
            (key, subject, text)
        }
        SessionNews::ComingUp => (
            // Always with a day: only sessions with one come up.
            format!(
                "reminder:before:{}:{}:{}",
                row.session_id,
                row.recipient.account_id,
                row.starts.unwrap_or_default()
            ),
            format!("Coming up: your coaching session with {}", row.other_name),
            format!(
                "Your coaching session with {} is {}. The calendar event is attached.",
                row.other_name,
                when.unwrap_or_default()
            ),
        ),
    };
    let kind = match news {
        SessionNews::Planned | SessionNews::Cancelled(_) => ReminderKind::Planned,
        SessionNews::ComingUp => ReminderKind::BeforeSession,
    };
    Ok(Reminder {
        key,
        recipient: &row.recipient,
        kind,
        subject,
        text,
        link_words: "Open the session",
        path: session_path(&row.session_id),
        calendar,
    })
}

fn planner(row: &SessionDue) -> &str {
    row.planner_name.as_deref().unwrap_or(&row.other_name)
}

async fn queue(pass: &Pass<'_>, key: &[u8], reminder: &Reminder<'_>) -> Result<bool, AppError> {
    let recipient = reminder.recipient;
    let token = unsubscribe::sign(
        key,
        &Unsubscribe {
            account_id: recipient.account_id.clone(),
            kind: reminder.kind,
            epoch: recipient.choice_epoch,
        },
    )
    .ok_or(AppError::Internal)?;
    let unsubscribe_url = format!("{}/unsubscribe/{token}", pass.origin);
    let body = format!(
        "Hello {name},\n\n{text}\n\n{words}: {origin}{path}\n\n--\nYou get this mail because \
         you asked for it on your account page: \u{201c}{label}\u{201d}.\nStop these mails: \
         {unsubscribe_url}\n",
        name = recipient.display_name,
        text = reminder.text,
        words = reminder.link_words,
        origin = pass.origin,
        path = reminder.path,
        label = reminder.kind.label(),
    );
    let mail = NewMail {
        key: &reminder.key,
        recipient: &recipient.email,
        subject: &reminder.subject,
        body: &body,
        calendar: reminder.calendar.as_deref(),
        unsubscribe_url: Some(&unsubscribe_url),
    };
    outbox_store::queue(&pass.db.writer, &mail, pass.now).await
}
