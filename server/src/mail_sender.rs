//! Sends the outbox's mail (`app::mail::outbox_store`) through the SMTP relay, in the
//! background, after asking `app::mail::reminders` which reminders have become due.
//! A mail is marked sent only once the relay accepted it; a failed attempt
//! is retried with a growing wait. A crash between the relay's acceptance and the mark
//! can send a mail again: it then carries the same Message-ID, by which mail systems
//! recognise the repeat.

use app::{
    clock::Clock,
    cluster::Cluster,
    db::Db,
    mail::{outbox_store, reminders, Outbox},
};
use lettre::{
    message::{
        header::{ContentType, HeaderName, HeaderValue},
        Attachment, Mailbox, MultiPart, SinglePart,
    },
    transport::smtp::authentication::Credentials,
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
};
use std::{sync::Arc, time::Duration};

/// How many mails one pass takes; the next pass starts at once if there were more.
const BATCH: i64 = 20;
/// How long the sender sleeps when nothing wakes it: also how soon a retry that
/// has become due is noticed.
const IDLE: Duration = Duration::from_secs(15);
/// How often mail sent long ago is forgotten (seconds).
const TIDY_EVERY: i64 = 3_600;
/// The outbox's mail ids are UUIDs; their Message-IDs are made from them.
const MESSAGE_ID_DOMAIN: &str = "coaching-circles.invalid";

/// Why mail cannot be set up from the configuration.
#[derive(Debug, thiserror::Error)]
pub enum MailSetupError {
    #[error("--smtp-url must look like smtp://host:port or smtp://user:password@host:port")]
    Url,
    #[error("--mail-from is not a mailbox like `Coaching Circles <circles@example.org>`: {0}")]
    From(lettre::address::AddressError),
}

/// The sender, ready to run.
pub struct MailSender {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    outbox: Outbox,
}

impl MailSender {
    pub fn new(smtp_url: &str, from: &str) -> Result<Self, MailSetupError> {
        let relay = Relay::parse(smtp_url).ok_or(MailSetupError::Url)?;
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(relay.host)
            .port(relay.port)
            .timeout(Some(Duration::from_secs(20)));
        if let Some((user, password)) = relay.login {
            builder = builder.credentials(Credentials::new(user, password));
        }
        let transport = builder.build();
        Ok(Self {
            transport,
            from: from.parse().map_err(MailSetupError::From)?,
            outbox: Outbox::default(),
        })
    }

    /// What server functions queue through.
    pub fn outbox(&self) -> Outbox {
        self.outbox.clone()
    }

    /// Queues due reminders and sends due mail until the server stops. `origin` is the
    /// site's public address, for the links in reminders.
    ///
    /// With several nodes on one PostgreSQL database, only the node that holds the
    /// background lock does this; the others ask again after each idle wait.
    pub async fn run(self, db: Db, clock: Clock, origin: String, cluster: Option<Arc<Cluster>>) {
        let mut tidied_at = None;
        loop {
            if let Some(cluster) = &cluster {
                if !cluster.leads().await {
                    // Mail queued here is sent by the node that leads: wake it.
                    tokio::select! {
                        () = self.outbox.wake.notified() => cluster.mail_queued().await,
                        () = tokio::time::sleep(IDLE) => {}
                    }
                    continue;
                }
            }
            let now = clock.now_seconds();
            if tidied_at.is_none_or(|at| now - at >= TIDY_EVERY) {
                tidied_at = Some(now);
                let before = now - outbox_store::KEEP_SENT;
                if let Err(error) = outbox_store::forget_sent(&db.writer, before).await {
                    tracing::error!(?error, "cannot forget old sent mail");
                }
            }
            let pass = reminders::Pass {
                db: &db,
                now: clock.now_seconds(),
                origin: &origin,
            };
            match reminders::queue_due(&pass).await {
                Ok(0) => {}
                Ok(queued) => tracing::info!(queued, "reminders queued"),
                Err(error) => tracing::error!(?error, "cannot work out the due reminders"),
            }
            let sent_all = self.send_due(&db, &clock).await;
            if sent_all {
                tokio::select! {
                    () = self.outbox.wake.notified() => {}
                    () = self.outbox.queued_elsewhere.notified() => {}
                    () = tokio::time::sleep(IDLE) => {}
                }
            }
        }
    }

    /// One pass over due mail; whether there may be none left.
    async fn send_due(&self, db: &Db, clock: &Clock) -> bool {
        let due = match outbox_store::due(&db.reader, clock.now_seconds(), BATCH).await {
            Ok(due) => due,
            Err(error) => {
                tracing::error!(?error, "cannot read the outbox");
                return true;
            }
        };
        for mail in &due {
            let outcome = match self.message(mail) {
                Ok(message) => self
                    .transport
                    .send(message)
                    .await
                    .map(drop)
                    .map_err(|e| e.to_string()),
                Err(error) => Err(error),
            };
            let now = clock.now_seconds();
            let recorded = match outcome {
                Ok(()) => outbox_store::mark_sent(&db.writer, &mail.id, now).await,
                Err(error) => {
                    tracing::warn!(mail = %mail.id, attempt = mail.attempts + 1, %error, "mail not sent; will retry");
                    let next = now + retry_after(mail.attempts + 1);
                    outbox_store::mark_failed(&db.writer, &mail.id, next, &error).await
                }
            };
            if let Err(error) = recorded {
                tracing::error!(?error, mail = %mail.id, "cannot record a mail attempt");
            }
        }
        (due.len() as i64) < BATCH
    }

    fn message(&self, mail: &outbox_store::QueuedMail) -> Result<Message, String> {
        let to: Mailbox = mail
            .recipient
            .parse()
            .map_err(|e| format!("recipient: {e}"))?;
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&mail.subject)
            .message_id(Some(format!("<{}@{MESSAGE_ID_DOMAIN}>", mail.id)));
        if let Some(url) = &mail.unsubscribe_url {
            builder = builder.raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe"),
                format!("<{url}>"),
            ));
        }
        let built = match &mail.calendar {
            None => builder
                .header(ContentType::TEXT_PLAIN)
                .body(mail.body.clone()),
            Some(calendar) => {
                let event_type = ContentType::parse("text/calendar; charset=utf-8; method=PUBLISH")
                    .map_err(|e| e.to_string())?;
                builder.multipart(
                    MultiPart::mixed()
                        .singlepart(SinglePart::plain(mail.body.clone()))
                        .singlepart(
                            Attachment::new("coaching-session.ics".to_owned())
                                .body(calendar.clone(), event_type),
                        ),
                )
            }
        };
        built.map_err(|e| e.to_string())
    }
}

/// Where the relay is: `smtp://[user:password@]host[:port]`, port 25 by default.
/// Plain SMTP only (to a relay on the machine or the private network): this build
/// has no TLS for mail.
#[derive(Debug, PartialEq)]
struct Relay {
    host: String,
    port: u16,
    login: Option<(String, String)>,
}

impl Relay {
    fn parse(url: &str) -> Option<Self> {
        let rest = url.strip_prefix("smtp://")?.trim_end_matches('/');
        let (login, address) = match rest.rsplit_once('@') {
            Some((login, address)) => {
                let (user, password) = login.split_once(':')?;
                (Some((user.to_owned(), password.to_owned())), address)
            }
            None => (None, rest),
        };
        let (host, port) = match address.rsplit_once(':') {
            Some((host, port)) => (host, port.parse().ok()?),
            None => (address, 25),
        };
        (!host.is_empty()).then(|| Self {
            host: host.to_owned(),
            port,
            login,
        })
    }
}

/// Seconds to wait before attempt `attempt + 1`: 30 s, doubling, at most an hour.
fn retry_after(attempt: i64) -> i64 {
    let doublings = u32::try_from(attempt.clamp(1, 8) - 1).unwrap_or(0);
    (30_i64 << doublings).min(3_600)
}

#[cfg(test)]
mod tests {
    use super::{retry_after, Relay};

    #[test]
    fn a_relay_is_read_from_its_url() {
        assert_eq!(
            Relay::parse("smtp://127.0.0.1:2525"),
            Some(Relay {
                host: "127.0.0.1".into(),
                port: 2525,
                login: None
            })
        );
        assert_eq!(
            Relay::parse("smtp://circles:secret@mail.internal"),
            Some(Relay {
                host: "mail.internal".into(),
                port: 25,
                login: Some(("circles".into(), "secret".into()))
            })
        );
        assert_eq!(Relay::parse("smtps://mail.internal"), None);
        assert_eq!(Relay::parse("smtp://:25"), None);
    }

    #[test]
    fn retries_wait_longer_each_time_up_to_an_hour() {
        let waits: Vec<i64> = (1..=9).map(retry_after).collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
    }
}
