//! The account page's "Reminders by email" panel, and the page an unsubscribe link
//! opens (signed in or not).

use super::{
    api::{load_reminder_choices, load_unsubscribe_offer, SaveReminderChoices, Unsubscribe},
    ReminderChoices, ReminderKind,
};
use crate::{
    error::AppError,
    ui::{
        form::{latest_error, FormError, SelectField, SubmitButton, TextField},
        kept_form::kept_choice,
        layout::{loaded, NotFound, Page},
    },
};
use leptos::{form::ActionForm, prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_params_map;

/// On the account page: which reminders I get by email, or, on a server without
/// mail, where reminders show instead.
#[component]
pub fn RemindersPanel() -> impl IntoView {
    let choices = Resource::new_blocking(|| (), |_| load_reminder_choices());
    view! {
        <section class="panel" aria-labelledby="reminders-heading">
            <h2 id="reminders-heading">"Reminders by email"</h2>
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    loaded(choices.await.map(|choices| if choices.mail_enabled {
                        view! { <ChoicesForm choices/> }.into_any()
                    } else {
                        view! {
                            <p>
                                "This server does not send email, so there are no reminders by "
                                "email. Your reminders always show on your Home page."
                            </p>
                        }
                        .into_any()
                    }))
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn ChoicesForm(choices: ReminderChoices) -> impl IntoView {
    let action = ServerAction::<SaveReminderChoices>::new();
    let error = latest_error(action.value());
    let days = crate::calendar::weekly_slot::weekday_options();
    view! {
        <p>"Each mail links to the page it is about and has a link that stops that kind of mail. Your reminders also show on your Home page."</p>
        <FormError error/>
        <ActionForm action>
            <fieldset class="behaviour-choices">
                <legend>"Email me…"</legend>
                {ReminderKind::ALL
                    .into_iter()
                    .map(|kind| {
                        let id = format!("reminder-{}", kind.code());
                        let on = kept_choice(
                            SaveReminderChoices::PATH,
                            kind.code(),
                            "on",
                            choices.on.contains(&kind),
                        );
                        view! {
                            <div class="choice">
                                <input type="checkbox" id=id.clone() name=kind.code() value="on" checked=on/>
                                <label for=id>{kind.label()}</label>
                            </div>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <fieldset class="pair">
                <legend>"Weekly check-in reminder, in your time zone"</legend>
                <SelectField label="Day" name="checkin_weekday" error options=days selected=choices.checkin_weekday.to_string()/>
                <TextField label="Time" name="checkin_time" kind="time" value=choices.checkin_time error/>
            </fieldset>
            <SubmitButton label="Save reminders" busy_label="Saving…" pending=action.pending()/>
        </ActionForm>
    }
}

/// `/unsubscribe/{token}`: says what the link turns off and does it at one click.
/// A link that is not ours, or older than the person's latest choice, is not found.
#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let params = use_params_map();
    let token = Memo::new(move |_| params.with(|p| p.get("token")).unwrap_or_default());
    let offer = Resource::new_blocking(move || token.get(), load_unsubscribe_offer);
    let action = ServerAction::<Unsubscribe>::new();
    let error = latest_error(action.value());
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match offer.await {
                    Ok(offer) => view! {
                        <Page title="Email reminders">
                            <section class="panel narrow" aria-labelledby="unsubscribe-heading">
                                <h1 id="unsubscribe-heading">"Email reminders"</h1>
                                {if offer.already_off {
                                    view! {
                                        <p role="status">
                                            "You no longer get these mails: "
                                            <strong>{offer.kind.label()}</strong>"."
                                        </p>
                                        <p>"You can turn them on again on your account page."</p>
                                    }
                                    .into_any()
                                } else {
                                    view! {
                                        <p>"Stop mails about: " <strong>{offer.kind.label()}</strong>"?"</p>
                                        <FormError error/>
                                        <ActionForm action>
                                            <input type="hidden" name="token" value=token.get_untracked()/>
                                            <SubmitButton label="Stop these mails" busy_label="Stopping…" pending=action.pending()/>
                                        </ActionForm>
                                        <p class="hint">"Your other reminders stay as they are."</p>
                                    }
                                    .into_any()
                                }}
                                <p><a href="/account#reminders-heading">"All your reminder choices"</a></p>
                            </section>
                        </Page>
                    }
                    .into_any(),
                    Err(AppError::NotFound) => view! { <NotFound/> }.into_any(),
                    Err(other) => view! {
                        <Page title="Email reminders">
                            <p class="form-error" role="alert">{other.to_string()}</p>
                        </Page>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}
