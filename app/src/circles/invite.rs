//! The invite link on a circle page (hosts only): copy it, or replace it.

use super::{
    api::RotateInvite,
    invite_api::{InviteByEmail, ADDRESSES_FIELD},
    CircleView,
};
use crate::ui::{
    form::{latest_error, FormError, SubmitButton, TextArea},
    inline_script::InlineScript,
};
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

/// The link and a button that copies it. The button is hidden until the few lines of
/// script after it run (see `ui::inline_script`): without JavaScript it could do
/// nothing, and the link can still be selected and copied by hand.
#[component]
fn InviteLink(link: String) -> impl IntoView {
    view! {
        <div class="field">
            <label for="invite-link">"Invite link"</label>
            <div class="copy-row">
                <input id="invite-link" type="text" readonly=true value=link aria-describedby="invite-hint"/>
                <button type="button" class="button" hidden=true>"Copy link"</button>
            </div>
            <p class="hint" role="status" aria-live="polite"></p>
        </div>
        <InlineScript code=COPY_SCRIPT/>
    }
}

/// Shows the copy button and copies the link with it, saying how it went.
const COPY_SCRIPT: &str = r#"{const field = document.currentScript.previousElementSibling;
const [link, button, status] = ["input", "button", "[role=status]"].map((s) => field.querySelector(s));
button.hidden = false;
button.addEventListener("click", () => navigator.clipboard.writeText(link.value).then(
  () => { status.textContent = "Link copied."; },
  () => { status.textContent = "Could not copy: select the link and copy it yourself."; }));}"#;

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
