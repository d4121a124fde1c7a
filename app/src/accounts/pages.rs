//! Account pages (sign in, sign up, account settings) and the `Auth` context that
//! tells every page who is signed in.

use super::my_data::{MyDataSections, TimeZoneForm};
use super::{
    api::{current_account, ChangePassword, SignIn, SignOutElsewhere, SignUp},
    Account, EMAIL_MAX, NAME_MAX, PASSWORD_MAX, PASSWORD_MIN,
};
use crate::{
    error::AppError,
    ui::{
        encode_query_value,
        form::{latest_error, FormError, PostForm, SubmitButton, TextField},
        layout::Page,
    },
};
use leptos::{form::ActionForm, prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_query_map;

/// Who is signed in, shared by every page. Loaded once per page load: signing in, up
/// and out are full page loads (see [`PostForm`]), so it never goes stale.
#[derive(Clone, Copy)]
pub struct Auth {
    pub account: Resource<Result<Option<Account>, AppError>>,
}

impl Auth {
    /// `Some(true)` when signed in, `None` while still finding out.
    pub fn is_signed_in(&self) -> Option<bool> {
        self.account.get().map(|found| matches!(found, Ok(Some(_))))
    }
}

/// Creates the `Auth` context; called once, by the app root.
pub fn provide_auth() -> Auth {
    // Blocking: the page is not streamed until we know who is asking, so a
    // signed-out visit can be answered with a real redirect.
    let auth = Auth {
        account: Resource::new_blocking(|| (), |_| current_account()),
    };
    provide_context(auth);
    auth
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

/// The `next` query value of this page, to pass through sign-in and sign-up.
fn next_from_query() -> Signal<String> {
    let query = use_query_map();
    Signal::derive(move || query.with(|q| q.get("next")).unwrap_or_default())
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let error = latest_error(action.value());
    let busy = RwSignal::new(false);
    let next = next_from_query();
    let sign_up_href = move || format!("/sign-up?next={}", encode_query_value(&next.get()));
    view! {
        <Page title="Sign in">
            <section class="panel narrow" aria-labelledby="sign-in-heading">
                <h1 id="sign-in-heading">"Sign in"</h1>
                <crate::landing::InviteNote/>
                <FormError error/>
                <PostForm path=SignIn::PATH busy>
                    <input type="hidden" name="next" value=next/>
                    <TextField label="Email" name="email" kind="email" autocomplete="email" maxlength=EMAIL_MAX error/>
                    <TextField label="Password" name="password" kind="password" autocomplete="current-password" error/>
                    <SubmitButton label="Sign in" busy_label="Signing in…" pending=busy/>
                </PostForm>
                <p>"New here? " <a href=sign_up_href>"Create an account"</a></p>
            </section>
        </Page>
    }
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    let action = ServerAction::<SignUp>::new();
    let error = latest_error(action.value());
    let busy = RwSignal::new(false);
    let next = next_from_query();
    let sign_in_href = move || format!("/sign-in?next={}", encode_query_value(&next.get()));
    view! {
        <Page title="Create an account">
            <section class="panel narrow" aria-labelledby="sign-up-heading">
                <h1 id="sign-up-heading">"Create an account"</h1>
                <crate::landing::InviteNote/>
                <FormError error/>
                <PostForm path=SignUp::PATH busy>
                    <input type="hidden" name="next" value=next/>
                    <TextField label="Email" name="email" kind="email" autocomplete="email" maxlength=EMAIL_MAX error/>
                    <TextField
                        label="Your name"
                        name="display_name"
                        autocomplete="name"
                        hint="How your peers will see you."
                        maxlength=NAME_MAX
                        error
                    />
                    <TextField
                        label="Password"
                        name="password"
                        kind="password"
                        autocomplete="new-password"
                        hint="At least 10 characters."
                        minlength=PASSWORD_MIN
                        maxlength=PASSWORD_MAX
                        error
                    />
                    <SubmitButton label="Create account" busy_label="Creating your account…" pending=busy/>
                </PostForm>
                <p>"Already have an account? " <a href=sign_in_href>"Sign in"</a></p>
            </section>
        </Page>
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let auth = use_auth();
    let change = ServerAction::<ChangePassword>::new();
    let error = latest_error(change.value());
    view! {
        <Page title="Account settings">
            <h1>"Account settings"</h1>
            <Suspense fallback=|| view! { <p class="loading">"Loading your account…"</p> }>
                {move || {
                    auth.account
                        .get()
                        .and_then(|found| found.ok().flatten())
                        .map(|account| {
                            let zone = account.time_zone.clone();
                            view! {
                                <section class="panel" aria-labelledby="profile-heading">
                                    <h2 id="profile-heading">"Profile"</h2>
                                    <dl class="facts">
                                        <dt>"Name"</dt>
                                        <dd>{account.display_name}</dd>
                                        <dt>"Email"</dt>
                                        <dd>{account.email}</dd>
                                        <dt>"Time zone"</dt>
                                        <dd>{account.time_zone}</dd>
                                    </dl>
                                </section>
                                <TimeZoneForm current=zone/>
                            }
                        })
                }}
            </Suspense>
            <section class="panel" aria-labelledby="password-heading">
                <h2 id="password-heading">"Change password"</h2>
                <FormError error/>
                <ActionForm action=change>
                    <TextField
                        label="Current password"
                        name="current_password"
                        kind="password"
                        autocomplete="current-password"
                        error
                    />
                    <TextField
                        label="New password"
                        name="new_password"
                        kind="password"
                        autocomplete="new-password"
                        hint="At least 10 characters."
                        minlength=PASSWORD_MIN
                        maxlength=PASSWORD_MAX
                        error
                    />
                    <SubmitButton label="Change password" busy_label="Changing…" pending=change.pending()/>
                </ActionForm>
            </section>
            <SignOutElsewhereForm/>
            <MyDataSections/>
        </Page>
    }
}

/// Signs out every other browser of this account, with or without JavaScript.
#[component]
fn SignOutElsewhereForm() -> impl IntoView {
    let action = ServerAction::<SignOutElsewhere>::new();
    let error = latest_error(action.value());
    let busy = RwSignal::new(false);
    view! {
        <section class="panel" aria-labelledby="elsewhere-heading">
            <h2 id="elsewhere-heading">"Other browsers"</h2>
            <p id="elsewhere-hint">
                "Signed in on a shared or lost device? Sign out everywhere except here. "
                "Changing your password does this too."
            </p>
            <FormError error/>
            <PostForm path=SignOutElsewhere::PATH busy>
                <SubmitButton label="Sign out everywhere else" busy_label="Signing out…" pending=busy/>
            </PostForm>
        </section>
    }
}
