//! My private calendar feed, on the account page: the address calendar apps
//! subscribe to (a secret token in it; read-only, no browser session needed), and a
//! button that replaces it, so an address that leaked stops working.

use crate::{
    error::AppError,
    ui::form::{latest_error, FormError, SubmitButton},
};
use leptos::{form::ActionForm, prelude::*};

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

#[component]
pub fn CalendarFeedPanel() -> impl IntoView {
    let action = ServerAction::<RotateCalendarFeed>::new();
    let error = latest_error(action.value());
    let address = Resource::new(move || action.version().get(), |_| calendar_feed());
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
            <ActionForm action>
                <SubmitButton label="Make a new feed address" busy_label="Making…" pending=action.pending()/>
            </ActionForm>
            <p class="hint">"A new address replaces the old one, which stops working at once."</p>
        </section>
    }
}
