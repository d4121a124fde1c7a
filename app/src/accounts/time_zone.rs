//! A person's time zone: a name from the IANA database ("Europe/Berlin"), chosen from
//! a searchable list. Their week for check-ins runs Monday to Sunday there.
//!
//! The field is a text field with suggestions (`<input list>` and a `<datalist>` of
//! every zone the server knows), so it works without JavaScript and the server
//! checks what was typed. With JavaScript, sign-up starts it at the browser's zone.

use crate::{
    error::AppError,
    ui::{
        form::{latest_error, FormError, PostForm, SubmitButton, TextField},
        inline_script::{js_string, InlineScript},
    },
};
use leptos::{prelude::*, server_fn::ServerFn};

/// The zone a new account gets when none is given (a script posting to sign-up).
pub const DEFAULT_ZONE: &str = "UTC";
const ZONE_MAX: usize = 64;
const LIST_ID: &str = "time-zones";

/// A time zone the server knows, by its IANA name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeZoneName(String);

impl TimeZoneName {
    #[cfg(feature = "ssr")]
    pub fn parse(raw: &str) -> Result<Self, String> {
        let name = raw.trim();
        if name.chars().count() > ZONE_MAX || !crate::calendar::zone::is_known(name) {
            return Err(
                "Choose a time zone from the list, like Europe/Berlin or America/New_York.".into(),
            );
        }
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Every time zone a person can choose, for the field's suggestions. Public: the
/// sign-up page needs it before anyone is signed in, and it says nothing about anyone.
#[server(endpoint = "time_zones")]
pub async fn time_zones() -> Result<Vec<String>, AppError> {
    Ok(crate::calendar::zone::names())
}

/// Sets my time zone: weeks start on my Monday.
#[server(endpoint = "set_time_zone")]
pub async fn set_time_zone(time_zone: String) -> Result<(), AppError> {
    let me = super::auth::current_account().await?;
    let zone = TimeZoneName::parse(&time_zone)
        .map_err(|message| AppError::invalid("time_zone", message))?;
    super::store::set_time_zone(&crate::state::app_state()?.db.writer, &me.id, &zone).await?;
    leptos_axum::redirect("/account?notice=time-zone-saved");
    Ok(())
}

/// The time zone field with its list of zones. With `browser_default`, the browser's
/// own zone replaces `value` as the page is read, unless the person already chose.
#[component]
pub fn TimeZoneField(
    #[prop(into)] error: Signal<Option<AppError>>,
    value: String,
    #[prop(optional)] browser_default: bool,
) -> impl IntoView {
    let zones = Resource::new_blocking(|| (), |_| time_zones());
    // A refused form keeps what the person chose; only a fresh form follows the browser.
    let follow_browser = (browser_default && crate::ui::kept_form::kept_form().is_none())
        .then(|| view! { <BrowserZone rendered=value.clone()/> });
    view! {
        <TextField
            label="Time zone"
            name="time_zone"
            value
            list=LIST_ID
            autocomplete="off"
            hint="Type to search, like Berlin or New York. Your week for check-ins runs Monday to Sunday here."
            maxlength=ZONE_MAX
            error
        />
        {follow_browser}
        <Suspense>
            <datalist id=LIST_ID>
                {move || {
                    zones
                        .get()
                        .and_then(Result::ok)
                        .unwrap_or_default()
                        .into_iter()
                        .map(|zone| view! { <option value=zone></option> })
                        .collect_view()
                }}
            </datalist>
        </Suspense>
    }
}

/// Puts the browser's zone into the field just above, if it still shows what the
/// server rendered: one line of the browser's own `Intl` (see `ui::inline_script`).
#[component]
fn BrowserZone(rendered: String) -> impl IntoView {
    let code = format!(
        "{{const field = document.getElementById(\"field-time_zone\"); \
         const zone = Intl.DateTimeFormat().resolvedOptions().timeZone; \
         if (field && zone && field.value === {}) field.value = zone;}}",
        js_string(&rendered)
    );
    view! { <InlineScript code/> }
}

/// My time zone, which decides when my week starts.
#[component]
pub fn TimeZoneForm(current: String) -> impl IntoView {
    let action = ServerAction::<SetTimeZone>::new();
    let error = latest_error(action.value());
    let busy = RwSignal::new(false);
    view! {
        <section class="panel" aria-labelledby="time-zone-heading">
            <h2 id="time-zone-heading">"Time zone"</h2>
            <FormError error/>
            <PostForm path=SetTimeZone::PATH busy>
                <TimeZoneField error value=current/>
                <SubmitButton label="Save time zone" busy_label="Saving…" pending=busy/>
            </PostForm>
        </section>
    }
}
