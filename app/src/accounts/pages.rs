//! Account pages (sign in, sign up, account settings) and the `Auth` context that
//! tells every page who is signed in.

use super::my_data::MyDataSections;
use super::time_zone::{TimeZoneField, TimeZoneForm, DEFAULT_ZONE};
use super::{
    api::{ChangePassword, ChangeProfile, SignIn, SignOutElsewhere, SignUp},
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

/// Who is signed in, shared by every page. Known before the page renders: the server
/// looks it up for each page request (`SignedIn`), and signing in, up and out are full
/// page loads (see [`PostForm`]), so it never goes stale.
///
/// A value rather than a resource: a resource read by several boundaries of one page
/// (the navigation, the route's guard, the page's heading) is the pattern of Leptos's
/// server-rendering hangs (leptos#4578, #4851), and about one page in tens of thousands
/// under load never finished here (`docs/measurements.md`, "A page that was never
/// answered").
#[derive(Clone)]
pub struct Auth {
    account: Result<Option<Account>, AppError>,
}

impl Auth {
    /// The signed-in account; `None` for a visitor (or when looking it up failed).
    pub fn account(&self) -> Option<&Account> {
        self.account.as_ref().ok().and_then(Option::as_ref)
    }

    /// For the router's guard, which waits on `None`: here it is always known.
    pub fn is_signed_in(&self) -> Option<bool> {
        Some(self.account().is_some())
    }
}

/// Creates the `Auth` context; called once, by the app root.
pub fn provide_auth() -> Auth {
    let auth = Auth {
        account: who_is_calling(),
    };
    provide_context(auth.clone());
    auth
}

/// The server's lookup for this request. While the server lists the app's routes at
/// start-up (by running it on a stand-in request) nobody is signed in; a request
/// without the lookup is a wiring mistake, and nobody counts as signed in either.
#[cfg(feature = "ssr")]
fn who_is_calling() -> Result<Option<Account>, AppError> {
    use super::auth::SignedIn;
    if leptos_router::RouteList::is_generating() {
        return Ok(None);
    }
    SignedIn::of_this_request()
        .map(|SignedIn(account)| account)
        .unwrap_or_else(|| {
            tracing::error!("a page rendered without the server's SignedIn lookup");
            Err(AppError::Internal)
        })
}

/// Pages are rendered on the server only (islands: the browser runs no page root).
#[cfg(not(feature = "ssr"))]
fn who_is_calling() -> Result<Option<Account>, AppError> {
    Ok(None)
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
    view! {
        <EntryForm title="Sign in" path=SignIn::PATH error submit=("Sign in", "Signing in…")
            other=("New here? ", "Create an account", "/sign-up")>
            <TextField label="Password" name="password" kind="password" autocomplete="current-password" error/>
            <p class="hint"><a href="/forgot-password">"Forgot your password?"</a></p>
        </EntryForm>
    }
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    let action = ServerAction::<SignUp>::new();
    let error = latest_error(action.value());
    view! {
        <EntryForm title="Create an account" path=SignUp::PATH error
            submit=("Create account", "Creating your account…")
            other=("Already have an account? ", "Sign in", "/sign-in")>
            <TextField
                label="Your name"
                name="display_name"
                autocomplete="name"
                hint="How your peers will see you."
                maxlength=NAME_MAX
                error
            />
            <NewPasswordField label="Password" name="password" error/>
            <TimeZoneField error value=DEFAULT_ZONE.to_owned() browser_default=true/>
        </EntryForm>
    }
}

/// What signing in and signing up share: a narrow panel, the form (posted whole, see
/// [`PostForm`]) with the email first and `next` passed on, and a link to the other
/// one that passes `next` on too. `submit` is the button's words and its busy words;
/// `other` the question before the link, the link's words and its page.
#[component]
fn EntryForm(
    title: &'static str,
    path: &'static str,
    error: Signal<Option<AppError>>,
    submit: (&'static str, &'static str),
    other: (&'static str, &'static str, &'static str),
    children: Children,
) -> impl IntoView {
    let busy = RwSignal::new(false);
    let next = next_from_query();
    let (question, link, page) = other;
    let other_href = move || format!("{page}?next={}", encode_query_value(&next.get()));
    view! {
        <Page title>
            <section class="panel narrow" aria-labelledby="entry-heading">
                <h1 id="entry-heading">{title}</h1>
                <crate::landing::InviteNote/>
                <FormError error/>
                <PostForm path busy>
                    <input type="hidden" name="next" value=next/>
                    <TextField label="Email" name="email" kind="email" autocomplete="email" maxlength=EMAIL_MAX error/>
                    {children()}
                    <SubmitButton label=submit.0 busy_label=submit.1 pending=busy/>
                </PostForm>
                <p>{question} <a href=other_href>{link}</a></p>
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
            {auth.account().cloned().map(|account| {
                let zone = account.time_zone.clone();
                view! {
                    <ProfileForm account/>
                    <TimeZoneForm current=zone/>
                }
            })}
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
                    <NewPasswordField label="New password" name="new_password" error/>
                    <SubmitButton label="Change password" busy_label="Changing…" pending=change.pending()/>
                </ActionForm>
            </section>
            <SignOutElsewhereForm/>
            <crate::mail::pages::RemindersPanel/>
            <crate::sessions::calendar_feed::CalendarFeedPanel/>
            <MyDataSections/>
        </Page>
    }
}

/// A password being chosen, with the length rules the server applies.
#[component]
pub(super) fn NewPasswordField(
    label: &'static str,
    name: &'static str,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    view! {
        <TextField
            label
            name
            kind="password"
            autocomplete="new-password"
            hint="At least 10 characters."
            minlength=PASSWORD_MIN
            maxlength=PASSWORD_MAX
            error
        />
    }
}

/// My name and email. Posted whole, so the header shows the new name at once.
#[component]
fn ProfileForm(account: Account) -> impl IntoView {
    let action = ServerAction::<ChangeProfile>::new();
    let error = latest_error(action.value());
    let busy = RwSignal::new(false);
    view! {
        <section class="panel" aria-labelledby="profile-heading">
            <h2 id="profile-heading">"Profile"</h2>
            <p>"Signed in as " <strong>{account.email.clone()}</strong></p>
            <FormError error/>
            <PostForm path=ChangeProfile::PATH busy>
                <TextField
                    label="Your name"
                    name="display_name"
                    value=account.display_name
                    autocomplete="name"
                    hint="How your peers see you."
                    maxlength=NAME_MAX
                    error
                />
                <TextField label="Email" name="email" kind="email" value=account.email autocomplete="email" maxlength=EMAIL_MAX error/>
                <TextField
                    label="Your password, only to change your email"
                    name="password_for_email"
                    kind="password"
                    autocomplete="current-password"
                    required=false
                    error
                />
                <SubmitButton label="Save name and email" busy_label="Saving…" pending=busy/>
            </PostForm>
        </section>
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
