//! The pages of choosing a new password through a mailed link (`password_reset`):
//! `/forgot-password` asks for the address, `/reset-password/:token` for the new
//! password. Both work signed out and without JavaScript.

use super::{
    pages::NewPasswordField,
    password_reset::{
        load_password_reset, password_reset_by_mail, AskPasswordReset, ResetPassword, LINK_MINUTES,
    },
    EMAIL_MAX,
};
use crate::{
    error::AppError,
    ui::{
        form::{latest_error, FormError, PostForm, SubmitButton, TextField},
        layout::{answer_with_status, Page},
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_params_map;

/// `/forgot-password`: the address to mail a link to, when this server sends mail.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let by_mail = Resource::new_blocking(|| (), |_| password_reset_by_mail());
    view! {
        <Page title="Forgot your password?">
            <section class="panel narrow" aria-labelledby="forgot-heading">
                <h1 id="forgot-heading">"Forgot your password?"</h1>
                <Suspense fallback=|| view! { <p class="loading" role="status">"Loading…"</p> }>
                    {move || Suspend::new(async move {
                        match by_mail.await {
                            Ok(true) => view! { <AskForLink/> }.into_any(),
                            _ => view! {
                                <p>
                                    "This server sends no mail, so a forgotten password cannot be reset here by email. "
                                    "Ask whoever runs Coaching Circles for your organisation to help."
                                </p>
                            }
                            .into_any(),
                        }
                    })}
                </Suspense>
                <p><a href="/sign-in">"Back to sign in"</a></p>
            </section>
        </Page>
    }
}

#[component]
fn AskForLink() -> impl IntoView {
    let action = ServerAction::<AskPasswordReset>::new();
    let error = latest_error(action.value());
    let busy = RwSignal::new(false);
    view! {
        <p>
            {format!(
                "Enter the email address you signed up with. We mail it a link to choose a new password; the link works for {LINK_MINUTES} minutes."
            )}
        </p>
        <FormError error/>
        <PostForm path=AskPasswordReset::PATH busy>
            <TextField label="Email" name="email" kind="email" autocomplete="email" maxlength=EMAIL_MAX error/>
            <SubmitButton label="Mail me a link" busy_label="Sending…" pending=busy/>
        </PostForm>
    }
}

/// `/reset-password/:token`: the new password, while the link still works.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let params = use_params_map();
    let token = Memo::new(move |_| params.with(|p| p.get("token")).unwrap_or_default());
    let offer = Resource::new_blocking(move || token.get(), load_password_reset);
    view! {
        <Suspense fallback=|| view! { <p class="loading" role="status">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match offer.await {
                    Ok(offer) => view! {
                        <Page title="Choose a new password">
                            <section class="panel narrow" aria-labelledby="reset-heading">
                                <h1 id="reset-heading">"Choose a new password"</h1>
                                <p>"For " <strong>{offer.email}</strong>". Once it is saved, you are signed in here and signed out everywhere else."</p>
                                <NewPasswordForm token=token.get_untracked()/>
                            </section>
                        </Page>
                    }
                    .into_any(),
                    Err(AppError::NotFound) => view! { <LinkNoLongerWorks/> }.into_any(),
                    Err(other) => view! {
                        <Page title="Choose a new password">
                            <p class="form-error" role="alert">{other.to_string()}</p>
                        </Page>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn NewPasswordForm(token: String) -> impl IntoView {
    let action = ServerAction::<ResetPassword>::new();
    let error = latest_error(action.value());
    let busy = RwSignal::new(false);
    view! {
        <FormError error/>
        <PostForm path=ResetPassword::PATH busy>
            <input type="hidden" name="token" value=token/>
            <NewPasswordField label="New password" name="new_password" error/>
            <SubmitButton label="Save my new password" busy_label="Saving…" pending=busy/>
        </PostForm>
    }
}

/// A link that is not ours, has expired, or was used: 404, and the way to a new one.
#[component]
fn LinkNoLongerWorks() -> impl IntoView {
    answer_with_status(404);
    view! {
        <Page title="This link no longer works">
            <section class="panel narrow" aria-labelledby="expired-heading">
                <h1 id="expired-heading">"This link no longer works"</h1>
                <p>
                    {format!("A link to choose a new password works for {LINK_MINUTES} minutes, and once. ")}
                    <a href="/forgot-password">"Ask for a new link"</a>"."
                </p>
            </section>
        </Page>
    }
}
