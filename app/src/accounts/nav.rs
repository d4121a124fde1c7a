//! The site header's navigation, which depends on who is signed in: the sections and
//! the account menu (settings, sign out), or signing in and up. The page frame in
//! `ui::layout` shows it; the app shell hands it over.

use super::{api::SignOut, pages::use_auth, Account};
use crate::ui::form::PostForm;
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::components::A;

/// The navigation for whoever is here: the main sections and the account menu when
/// signed in, signing in or up otherwise.
#[component]
pub fn AccountNav() -> impl IntoView {
    match use_auth().account().cloned() {
        Some(account) => view! { <SignedInNav account/> }.into_any(),
        None => view! { <SignedOutNav/> }.into_any(),
    }
}

#[component]
fn SignedInNav(account: Account) -> impl IntoView {
    let busy = RwSignal::new(false);
    view! {
        <nav class="main-nav" aria-label="Main">
            <ul>
                <li><A href="/">"Home"</A></li>
                <li><A href="/circles">"Circles"</A></li>
                <li><A href="/sessions">"Sessions"</A></li>
                <li><A href="/scripts">"Scripts"</A></li>
                <li><A href="/mirror">"Mirror"</A></li>
            </ul>
        </nav>
        <details class="account-menu">
            <summary>
                <span class="visually-hidden">"Account menu for "</span>
                {account.display_name}
            </summary>
            <ul>
                <li><A href="/account">"Account settings"</A></li>
                <li>
                    <PostForm path=SignOut::PATH busy>
                        <button type="submit" class="link-button">"Sign out"</button>
                    </PostForm>
                </li>
            </ul>
        </details>
    }
}

#[component]
fn SignedOutNav() -> impl IntoView {
    view! {
        <nav class="main-nav" aria-label="Main">
            <ul>
                <li><A href="/sign-in">"Sign in"</A></li>
                <li><A href="/sign-up">"Create an account"</A></li>
            </ul>
        </nav>
    }
}
