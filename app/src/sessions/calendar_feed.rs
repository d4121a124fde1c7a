//! My private calendar feed, on the account page: the address calendar apps
//! subscribe to (a secret token in it; read-only, no browser session needed), a
//! button that replaces it, so an address that leaked stops working, and whether the
//! feed also holds my weekly check-in, on which day and at what time.

use super::FeedCheckin;
use crate::{
    calendar::weekly_slot::{weekday_options, SlotFields},
    error::AppError,
    ui::{
        form::{latest_error, FormError, SelectField, SubmitButton, TextField},
        kept_form::kept_choice,
        layout::loaded,
    },
};
use leptos::{form::ActionForm, prelude::*, server_fn::ServerFn};

/// The check-in event form's names for its day and time (the reminders form on the
/// same page has its own).
const SLOT_FIELDS: SlotFields = SlotFields {
    weekday: "slot_weekday",
    time: "slot_time",
};

/// My feed's full address, if I have made one.
#[server(endpoint = "calendar_feed")]
pub async fn calendar_feed() -> Result<Option<String>, AppError> {
    use super::{calendar_files::feed_path, calendar_store};
    use crate::{
        accounts::auth::current_account,
        state::{app_state, public_origin},
    };
    let me = current_account().await?;
    let state = app_state()?;
    let token = calendar_store::feed_token(&state.db.reader, &me.id).await?;
    let origin = public_origin(&state).await;
    Ok(token.map(|token| format!("{origin}{}", feed_path(&token))))
}

/// Makes my feed address, or a new one in place of the old (which then gives 404).
#[server(endpoint = "rotate_calendar_feed")]
pub async fn rotate_calendar_feed() -> Result<(), AppError> {
    use super::calendar_store;
    use crate::{accounts::auth::current_account, state::app_state};
    let me = current_account().await?;
    let state = app_state()?;
    calendar_store::rotate_feed_token(&state.db.writer, &me.id, state.clock.now_seconds()).await
}

/// Whether my feed holds my weekly check-in, and when. Before I ever chose, it offers
/// my check-in reminder's day and time, or Monday 09:00.
#[server(endpoint = "load_feed_checkin")]
pub async fn load_feed_checkin() -> Result<FeedCheckin, AppError> {
    use super::calendar_store;
    use crate::{
        accounts::auth::current_account, calendar::weekly_slot::WeeklySlot, mail::reminder_store,
        state::app_state,
    };
    let me = current_account().await?;
    let state = app_state()?;
    let mut conn = state.db.reader.acquire().await?;
    let chosen = calendar_store::feed_checkin(&mut conn, &me.id)
        .await?
        .filter(|row| row.checkin_chosen_at.is_some());
    let (in_feed, slot) = match chosen {
        Some(row) => (row.checkin_in_feed, row.slot()),
        None => {
            let reminder = reminder_store::choices(&mut conn, &me.id).await?;
            let slot = reminder.map_or(WeeklySlot::DEFAULT, |row| row.checkin_slot());
            (false, slot)
        }
    };
    Ok(FeedCheckin {
        in_feed,
        weekday: u8::try_from(slot.weekday).unwrap_or(1),
        time: slot.time_text(),
    })
}

/// Puts my weekly check-in in my feed (making the feed if I have none), or takes it out.
#[server(endpoint = "save_feed_checkin")]
pub async fn save_feed_checkin(
    #[server(default)] checkin_in_feed: String,
    slot_weekday: String,
    slot_time: String,
) -> Result<(), AppError> {
    use super::calendar_store;
    use crate::{
        accounts::auth::current_account, calendar::weekly_slot::WeeklySlot, state::app_state,
    };
    let me = current_account().await?;
    let state = app_state()?;
    let slot = WeeklySlot::parse(&SLOT_FIELDS, &slot_weekday, &slot_time)?;
    let in_feed = !checkin_in_feed.is_empty();
    calendar_store::save_feed_checkin(
        &state.db.writer,
        &me.id,
        in_feed,
        slot,
        state.clock.now_seconds(),
    )
    .await?;
    tracing::info!(account = %me.id, in_feed, "feed check-in saved");
    leptos_axum::redirect("/account?notice=feed-checkin-saved#calendar-heading");
    Ok(())
}

#[component]
pub fn CalendarFeedPanel() -> impl IntoView {
    let rotate = ServerAction::<RotateCalendarFeed>::new();
    let save_checkin = ServerAction::<SaveFeedCheckin>::new();
    let error = latest_error(rotate.value());
    // Saving the check-in makes a feed when there was none: show its address then too.
    let address = Resource::new(
        move || (rotate.version().get(), save_checkin.version().get()),
        |_| calendar_feed(),
    );
    let checkin = Resource::new_blocking(|| (), |_| load_feed_checkin());
    view! {
        <section class="panel" aria-labelledby="calendar-heading">
            <h2 id="calendar-heading">"Calendar feed"</h2>
            <p>
                "See your planned sessions in your own calendar app: subscribe to your private "
                "feed address. Whoever has it sees when your sessions are and with whom, so keep it to yourself."
            </p>
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || address.get().map(|found| match found {
                    Ok(Some(url)) => view! {
                        <div class="field">
                            <label for="calendar-feed">"Your feed address"</label>
                            <input id="calendar-feed" type="text" readonly value=url/>
                        </div>
                    }
                    .into_any(),
                    Ok(None) => view! { <p>"You have no feed address yet."</p> }.into_any(),
                    Err(problem) => view! { <p class="field-error">{problem.to_string()}</p> }.into_any(),
                })}
            </Suspense>
            <FormError error/>
            <ActionForm action=rotate>
                <SubmitButton label="Make a new feed address" busy_label="Making…" pending=rotate.pending()/>
            </ActionForm>
            <p class="hint">"A new address replaces the old one, which stops working at once."</p>
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    loaded(checkin.await.map(|checkin| view! { <CheckinSlotForm checkin action=save_checkin/> }))
                })}
            </Suspense>
        </section>
    }
}

/// The weekly check-in as a repeating event in the feed: on or off, day and time.
#[component]
fn CheckinSlotForm(checkin: FeedCheckin, action: ServerAction<SaveFeedCheckin>) -> impl IntoView {
    let error = latest_error(action.value());
    let ticked = kept_choice(
        SaveFeedCheckin::PATH,
        "checkin_in_feed",
        "on",
        checkin.in_feed,
    );
    view! {
        <FormError error/>
        <ActionForm action>
            <div class="choice">
                <input type="checkbox" id="feed-checkin" name="checkin_in_feed" value="on" checked=ticked/>
                <label for="feed-checkin">"Put my weekly check-in in the feed"</label>
            </div>
            <fieldset class="pair">
                <legend>"Weekly check-in, in your time zone"</legend>
                <SelectField label="Check-in day" name=SLOT_FIELDS.weekday error options=weekday_options() selected=checkin.weekday.to_string()/>
                <TextField label="Check-in time" name=SLOT_FIELDS.time kind="time" value=checkin.time error/>
            </fieldset>
            <SubmitButton label="Save check-in in feed" busy_label="Saving…" pending=action.pending()/>
        </ActionForm>
    }
}
