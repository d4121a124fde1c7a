//! Server functions for reminder mail: my choices (account page), and the signed
//! unsubscribe link, which works signed out.

#[cfg(feature = "ssr")]
use super::ReminderKind;
use super::{ReminderChoices, UnsubscribeOffer};
use crate::error::AppError;
use leptos::prelude::*;

/// The choices a form sends: each kind's checkbox ("on" when ticked, absent when
/// not), and the check-in reminder's day and time.
#[cfg(feature = "ssr")]
struct ChoiceInput {
    on: Vec<ReminderKind>,
    checkin: crate::calendar::weekly_slot::WeeklySlot,
}

/// The reminder form's names for the check-in reminder's day and time.
pub const CHECKIN_FIELDS: crate::calendar::weekly_slot::SlotFields =
    crate::calendar::weekly_slot::SlotFields {
        weekday: "checkin_weekday",
        time: "checkin_time",
    };

#[cfg(feature = "ssr")]
impl ChoiceInput {
    fn parse(ticked: [&str; 5], weekday: &str, time: &str) -> Result<Self, AppError> {
        use crate::calendar::weekly_slot::WeeklySlot;
        let on = ReminderKind::ALL
            .into_iter()
            .zip(ticked)
            .filter(|(_, box_value)| !box_value.is_empty())
            .map(|(kind, _)| kind)
            .collect();
        let checkin = WeeklySlot::parse(&CHECKIN_FIELDS, weekday, time)?;
        Ok(Self { on, checkin })
    }
}

/// My reminder choices; nothing is on until I turn it on.
#[server(endpoint = "load_reminder_choices")]
pub async fn load_reminder_choices() -> Result<ReminderChoices, AppError> {
    use super::reminder_store;
    use crate::{accounts::auth::current_account, state::app_state};
    let me = current_account().await?;
    let state = app_state()?;
    let row = reminder_store::choices(&state.db.reader, &me.id).await?;
    let row = row.unwrap_or_else(|| {
        let slot = crate::calendar::weekly_slot::WeeklySlot::DEFAULT;
        reminder_store::ChoicesRow {
            checkin_weekday: slot.weekday,
            checkin_minute: slot.minute,
            ..Default::default()
        }
    });
    Ok(ReminderChoices {
        mail_enabled: state.outbox.is_some(),
        on: ReminderKind::ALL
            .into_iter()
            .filter(|kind| row.is_on(*kind))
            .collect(),
        checkin_weekday: u8::try_from(row.checkin_weekday).unwrap_or(1),
        checkin_time: row.checkin_slot().time_text(),
    })
}

/// Saves which reminders I get by email. Mail only ever tells of what happens after
/// this save.
#[server(endpoint = "save_reminder_choices")]
#[allow(clippy::too_many_arguments)]
pub async fn save_reminder_choices(
    #[server(default)] before_sessions: String,
    #[server(default)] weekly_checkin: String,
    #[server(default)] commitment_due: String,
    #[server(default)] peer_views: String,
    #[server(default)] planned_sessions: String,
    checkin_weekday: String,
    checkin_time: String,
) -> Result<(), AppError> {
    use super::reminder_store::{self, ChoicesRow};
    use crate::{accounts::auth::current_account, state::app_state};
    let me = current_account().await?;
    let state = app_state()?;
    let input = ChoiceInput::parse(
        [
            &before_sessions,
            &weekly_checkin,
            &commitment_due,
            &peer_views,
            &planned_sessions,
        ],
        &checkin_weekday,
        &checkin_time,
    )?;
    let is_on = |kind| input.on.contains(&kind);
    let row = ChoicesRow {
        before_sessions: is_on(ReminderKind::BeforeSession),
        weekly_checkin: is_on(ReminderKind::WeeklyCheckIn),
        commitment_due: is_on(ReminderKind::CommitmentDue),
        peer_views: is_on(ReminderKind::PeerView),
        planned_sessions: is_on(ReminderKind::Planned),
        checkin_weekday: input.checkin.weekday,
        checkin_minute: input.checkin.minute,
        choice_epoch: 0,
    };
    let mut tx = state.db.writer.begin().await?;
    reminder_store::save_choices(&mut tx, &me.id, &row, state.clock.now_seconds()).await?;
    tx.commit().await?;
    super::wake_sender(&state);
    tracing::info!(account = %me.id, "reminder choices saved");
    leptos_axum::redirect("/account?notice=reminders-saved#reminders-heading");
    Ok(())
}

/// Reads an unsubscribe token: well formed, signed by this server, for an account
/// that still exists, and not older than the person's latest choice. Anything else
/// is "not found".
#[cfg(feature = "ssr")]
async fn checked_link(
    state: &crate::state::AppState,
    token: &str,
) -> Result<(super::unsubscribe::Unsubscribe, bool), AppError> {
    use super::{reminder_store, unsubscribe};
    let key = unsubscribe::stored_key(&state.db.reader).await?;
    let link = unsubscribe::verify(&key, token).ok_or(AppError::NotFound)?;
    let row = reminder_store::choices(&state.db.reader, &link.account_id)
        .await?
        .filter(|row| row.choice_epoch == link.epoch)
        .ok_or(AppError::NotFound)?;
    let on = row.is_on(link.kind);
    Ok((link, on))
}

/// What the unsubscribe link `token` would turn off.
#[server(endpoint = "load_unsubscribe_offer")]
pub async fn load_unsubscribe_offer(token: String) -> Result<UnsubscribeOffer, AppError> {
    let state = crate::state::app_state()?;
    let (link, on) = checked_link(&state, &token).await?;
    Ok(UnsubscribeOffer {
        kind: link.kind,
        already_off: !on,
    })
}

/// Turns off the reminder the link names; using it again changes nothing.
#[server(endpoint = "unsubscribe")]
pub async fn unsubscribe(token: String) -> Result<(), AppError> {
    use super::reminder_store;
    let state = crate::state::app_state()?;
    let (link, _) = checked_link(&state, &token).await?;
    reminder_store::turn_off(
        &state.db.writer,
        &link.account_id,
        link.kind,
        state.clock.now_seconds(),
    )
    .await?;
    tracing::info!(account = %link.account_id, kind = link.kind.code(), "unsubscribed by link");
    leptos_axum::redirect(&format!("/unsubscribe/{token}?notice=unsubscribed"));
    Ok(())
}
