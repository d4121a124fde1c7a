//! "Invite by email": a host sends the circle's invite link to the addresses they
//! enter. The mails go through the outbox (`mail::outbox_store`), queued in the same
//! transaction that checks the host, and sent in the background.

use crate::error::{AppError, FieldProblem};
use leptos::prelude::*;

/// The field the addresses are typed into.
pub const ADDRESSES_FIELD: &str = "addresses";

/// Reads the addresses a host typed (separated by commas, semicolons, spaces or
/// lines): each one normalised like an account's email, repeats dropped. Every
/// problem is named at once.
pub fn parse_addresses(raw: &str) -> Result<Vec<String>, FieldProblem> {
    use crate::{accounts::Email, mail::INVITE_ADDRESSES_MAX};
    let mut addresses: Vec<String> = Vec::new();
    let mut refused: Vec<String> = Vec::new();
    for word in raw
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|w| !w.is_empty())
    {
        match Email::parse(word) {
            Ok(email) if !addresses.iter().any(|a| a == email.as_str()) => {
                addresses.push(email.as_str().to_owned())
            }
            Ok(_) => {}
            Err(_) => refused.push(word.chars().take(60).collect()),
        }
    }
    let problem = |message: String| FieldProblem::new(ADDRESSES_FIELD, message);
    if !refused.is_empty() {
        return Err(problem(format!(
            "These are not email addresses: {}.",
            refused.join(", ")
        )));
    }
    match addresses.len() {
        0 => Err(problem("Enter at least one email address.".into())),
        n if n > INVITE_ADDRESSES_MAX => Err(problem(format!(
            "Send at most {INVITE_ADDRESSES_MAX} invitations at once."
        ))),
        _ => Ok(addresses),
    }
}

/// Mails the circle's invite link to each address; hosts only, and only on a server
/// that can send mail. An address already sent this link is not sent it again.
#[server(endpoint = "invite_by_email")]
pub async fn invite_by_email(circle_id: String, addresses: String) -> Result<(), AppError> {
    use super::{api::role_in, circle_path, store, Role};
    use crate::{
        accounts::auth::current_account,
        mail::{outbox_store, INVITES_PER_CIRCLE_PER_DAY},
        state::{app_state, public_origin},
    };
    let me = current_account().await?;
    let state = app_state()?;
    let now = state.clock.now_seconds();
    let mut tx = state.db.writer.begin().await?;
    if role_in(&mut *tx, &circle_id, &me).await? != Role::Host {
        return Err(AppError::NotFound);
    }
    let outbox = state.outbox.clone().ok_or(AppError::NotFound)?;
    let addresses = parse_addresses(&addresses).map_err(|p| AppError::Invalid(vec![p]))?;
    let circle = store::find(&mut *tx, &circle_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let prefix = format!("invite:{circle_id}:");
    let sent_today = outbox_store::queued_since(&mut *tx, &prefix, now - 86_400).await?;
    if sent_today + addresses.len() as i64 > INVITES_PER_CIRCLE_PER_DAY {
        return Err(AppError::TooManyAttempts);
    }
    let link = format!(
        "{}/join/{}",
        public_origin(&state).await,
        circle.invite_token
    );
    let subject = format!(
        "{} invites you to {} on Coaching Circles",
        me.display_name, circle.name
    );
    let body = format!(
        "{host} invites you to join \u{201c}{circle}\u{201d}, a circle of managers who coach \
         each other, on Coaching Circles.\n\nJoin the circle: {link}\n\nAnyone with this link \
         can ask to join, so please keep it to yourself. If you did not expect this mail, \
         you can ignore it.\n",
        host = me.display_name,
        circle = circle.name,
    );
    for address in &addresses {
        let key = format!("{prefix}{}:{address}", circle.invite_token);
        let mail = outbox_store::NewMail {
            key: &key,
            recipient: address,
            subject: &subject,
            body: &body,
            calendar: None,
            unsubscribe_url: None,
        };
        outbox_store::queue(&mut *tx, &mail, now).await?;
    }
    tx.commit().await?;
    outbox.wake.notify_one();
    tracing::info!(circle = %circle_id, count = addresses.len(), "invitations queued");
    leptos_axum::redirect(&format!("{}?notice=invites-sent", circle_path(&circle_id)));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_read_from_any_separator_and_repeats_dropped() {
        let read =
            parse_addresses("bea@example.org, cai@example.org;\nBea@example.org dan@example.org");
        assert_eq!(read.map(|a| a.len()), Ok(3));
    }

    #[test]
    fn every_wrong_address_is_named_and_none_are_sent() {
        let problem = parse_addresses("bea@example.org, not-an-address, also wrong").unwrap_err();
        assert_eq!(problem.field, ADDRESSES_FIELD);
        assert!(
            problem.message.contains("not-an-address"),
            "{}",
            problem.message
        );
        assert!(parse_addresses("  ").is_err());
        let many: Vec<String> = (0..21).map(|i| format!("p{i}@example.org")).collect();
        assert!(parse_addresses(&many.join(",")).is_err());
    }
}
