//! The invite link on a circle page (hosts only): copy it, or replace it.

use super::{
    api::RotateInvite,
    invite_api::{InviteByEmail, ADDRESSES_FIELD},
    CircleView,
};
use crate::ui::form::{latest_error, FormError, SubmitButton, TextArea};
use leptos::{form::ActionForm, prelude::*};

#[component]
pub(super) fn InviteSection(
    circle: StoredValue<CircleView>,
    rotate: ServerAction<RotateInvite>,
) -> impl IntoView {
    let error = latest_error(rotate.value());
    let (circle_id, link, can_email) = circle.with_value(|c| {
        (
            c.id.clone(),
            c.invite_url.clone().unwrap_or_default(),
            c.can_email_invites,
        )
    });
    view! {
        <section class="panel" aria-labelledby="invite-heading">
            <h2 id="invite-heading">"Invite peers"</h2>
            <p class="hint" id="invite-hint">
                "Anyone with this link can ask to join. Send it only to the peers you want in the circle."
            </p>
            <InviteLink link/>
            {can_email.then(|| view! { <EmailInvites circle_id=circle_id.clone()/> })}
            <FormError error/>
            <details class="confirm">
                <summary class="button">"Make a new link"</summary>
                <p class="hint">"The current link stops working at once. People already in the circle stay."</p>
                <ActionForm action=rotate>
                    <input type="hidden" name="circle_id" value=circle_id/>
                    <SubmitButton label="Replace the link" busy_label="Replacing…" pending=rotate.pending()/>
                </ActionForm>
            </details>
        </section>
    }
}

/// The link and a button that copies it: an island, as copying needs the browser.
#[island]
fn InviteLink(link: String) -> impl IntoView {
    let copied = RwSignal::new(None::<&'static str>);
    let copy = {
        let link = link.clone();
        move |_| copy_to_clipboard(link.clone(), copied)
    };
    view! {
        <div class="field">
            <label for="invite-link">"Invite link"</label>
            <div class="copy-row">
                <input id="invite-link" type="text" readonly=true value=link aria-describedby="invite-hint"/>
                <button type="button" class="button" on:click=copy>"Copy link"</button>
            </div>
            <p class="hint" role="status" aria-live="polite">{move || copied.get()}</p>
        </div>
    }
}

/// Sends the invite link by email to the addresses the host types.
#[component]
fn EmailInvites(circle_id: String) -> impl IntoView {
    let send = ServerAction::<InviteByEmail>::new();
    let error = latest_error(send.value());
    view! {
        <ActionForm action=send>
            <input type="hidden" name="circle_id" value=circle_id/>
            <TextArea
                label="Invite by email"
                name=ADDRESSES_FIELD
                error
                hint="Email addresses, separated by commas or lines. Each person gets the link above."
            />
            <FormError error/>
            <SubmitButton label="Send invitations" busy_label="Sending…" pending=send.pending()/>
        </ActionForm>
    }
}

/// Puts `text` on the clipboard and says how it went. Only in the browser; the
/// button does nothing before the page is live (the link can still be selected).
fn copy_to_clipboard(text: String, status: RwSignal<Option<&'static str>>) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        let promise = window().navigator().clipboard().write_text(&text);
        let outcome = wasm_bindgen_futures::JsFuture::from(promise).await;
        status.set(Some(match outcome {
            Ok(_) => "Link copied.",
            Err(_) => "Could not copy: select the link and copy it yourself.",
        }));
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (text, status);
}
