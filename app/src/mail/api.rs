//! Server functions for reminder mail: my choices (account page), and the signed
//! unsubscribe link, which works signed out.

#[cfg(feature = "ssr")]
use super::ReminderKind;
use super::{ReminderChoices, UnsubscribeOffer};
use crate::error::AppError;
use leptos::prelude::*;

/// The choices a form sends: each kind's checkbox ("on" when ticked, absent when
/// not), the check-in reminder's day and time.
#[cfg(feature = "ssr")]
struct ChoiceInput {
    on: Vec<ReminderKind>,
    weekday: i64,
    minute: i64,
}

#[cfg(feature = "ssr")]
impl ChoiceInput {
    fn parse(ticked: [&str; 5], weekday: &str, time: &str) -> Result<Self, AppError> {
        use crate::error::FieldProblem;
        let on = ReminderKind::ALL
            .into_iter()
            .zip(ticked)
            .filter(|(_, box_value)| !box_value.is_empty())
            .map(|(kind, _)| kind)
            .collect();
        let mut problems = Vec::new();
        let weekday = match weekday.trim().parse::<i64>() {
            Ok(day @ 1..=7) => day,
            _ => {
                problems.push(FieldProblem::new(
                    "checkin_weekday",
                    "Choose a day of the week.",
                ));
                1
            }
        };
        let minute = parse_time(time).unwrap_or_else(|| {
            problems.push(FieldProblem::new(
                "checkin_time",
                "Enter the time as hours and minutes, like 09:00.",
            ));
            0
        });
        if problems.is_empty() {
            Ok(Self {
                on,
                weekday,
                minute,
            })
        } else {
            Err(AppError::Invalid(problems))
        }
    }
}

/// "09:30" as minutes after midnight.
pub fn parse_time(text: &str) -> Option<i64> {
    let (hours, minutes) = text.trim().split_once(':')?;
    let (hours, minutes): (i64, i64) = (hours.parse().ok()?, minutes.get(..2)?.parse().ok()?);
    ((0..24).contains(&hours) && (0..60).contains(&minutes)).then_some(hours * 60 + minutes)
}

/// Minutes after midnight as "09:30".
pub fn time_text(minute: i64) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// My reminder choices; nothing is on until I turn it on.
#[server(endpoint = "load_reminder_choices")]
pub async fn load_reminder_choices() -> Result<ReminderChoices, AppError> {
    use super::reminder_store;
    use crate::{accounts::auth::current_account, state::app_state};
    let me = current_account().await?;
    let state = app_state()?;
    let row = reminder_store::choices(&state.db.reader, &me.id).await?;
    let row = row.unwrap_or(reminder_store::ChoicesRow {
        checkin_weekday: 1,
        checkin_minute: 9 * 60,
        ..Default::default()
    });
    Ok(ReminderChoices {
        mail_enabled: state.outbox.is_some(),
        on: ReminderKind::ALL
            .into_iter()
            .filter(|kind| row.is_on(*kind))
            .collect(),
        checkin_weekday: u8::try_from(row.checkin_weekday).unwrap_or(1),
        checkin_time: time_text(row.checkin_minute),
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
        checkin_weekday: input.weekday,
        checkin_minute: input.minute,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_hours_and_minutes() {
        assert_eq!(parse_time("09:30"), Some(570));
        assert_eq!(parse_time("00:00"), Some(0));
        assert_eq!(parse_time("23:59"), Some(1439));
        assert_eq!(parse_time("09:30:00"), Some(570));
        assert_eq!(parse_time("24:00"), None);
        assert_eq!(parse_time("9"), None);
        assert_eq!(parse_time("noon"), None);
        assert_eq!(time_text(570), "09:30");
    }
}
