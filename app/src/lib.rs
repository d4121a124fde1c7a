//! Coaching Circles: the components and server functions shared by the server and the
//! browser. Organised by domain; each domain holds its types, server functions,
//! pages and (behind the `ssr` feature) its SQL.

#![recursion_limit = "256"]

pub mod accounts;
pub mod calendar;
pub mod checkins;
pub mod circles;
pub mod error;
pub mod home;
pub mod input;
pub mod landing;
pub mod live_now;
pub mod mail;
pub mod nudges;
pub mod recognition;
pub mod scripts;
pub mod sessions;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod clock;
#[cfg(feature = "ssr")]
pub mod cluster;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod request_memo;
#[cfg(feature = "ssr")]
pub mod state;

use accounts::pages::{provide_auth, AccountPage, SignInPage, SignUpPage};
use checkins::{
    pages::{CheckinPage, MirrorPage},
    peers::PeerViewPage,
};
use circles::pages::{CirclePage, CirclesPage, NewCirclePage};
use circles::sessions_page::CircleSessionsPage;
use landing::{HomeOrLanding, JoinOrWelcome};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags};
use leptos_router::{
    components::{ProtectedRoute, Route, Router, Routes},
    hooks::use_location,
    path, SsrMode,
};
use scripts::{
    editor::EditorPage,
    pages::{ImportPage, LibraryPage, NewScriptPage, ScriptPage},
};
use sessions::{history::SessionHistoryPage, pages::SessionPage};
use ui::{encode_query_value, layout::NotFound};

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <link rel="icon" href="data:,"/>
                <AutoReload options=options.clone()/>
                <ui::islands::IslandScripts options=options.clone()/>
                <ui::assets::Stylesheet options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    #[cfg(feature = "ssr")]
    send_content_security_policy();
    provide_meta_context();
    provide_auth();
    ui::kept_form::provide_kept_form();
    ui::layout::provide_site_nav(|| view! { <accounts::nav::AccountNav/> }.into_any());
    view! {
        <Router>
            <AppRoutes/>
        </Router>
    }
}

/// Scripts run only from this site or with this response's nonce (the inline
/// hydration script carries it), wasm may compile, and nothing may frame the app.
#[cfg(feature = "ssr")]
fn send_content_security_policy() {
    let (Some(response), Some(nonce)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        leptos::nonce::use_nonce(),
    ) else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
         base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = http::HeaderValue::from_str(&policy) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

/// Every page is rendered whole before it is sent: a signed-out visit gets a real
/// redirect, and the page is complete without JavaScript (out-of-order streaming
/// needs a script to put each part in place).
const ASYNC: SsrMode = SsrMode::Async;

#[component]
fn AppRoutes() -> impl IntoView {
    let known = accounts::pages::use_auth().is_signed_in();
    let location = use_location();
    let signed_in = move || known;
    // Pages that need a user send visitors to sign in, then back where they were.
    let sign_in_then_back = move || {
        let here = format!(
            "{}{}",
            location.pathname.get_untracked(),
            location.search.get_untracked()
        );
        format!("/sign-in?next={}", encode_query_value(&here))
    };
    view! {
        <Routes fallback=NotFound>
            <Route path=path!("/sign-in") view=SignInPage ssr=ASYNC/>
            <Route path=path!("/sign-up") view=SignUpPage ssr=ASYNC/>
            // Signed-out visitors to the start page and to invite links see what this is.
            <Route path=path!("/") view=HomeOrLanding ssr=ASYNC/>
            <Route path=path!("/join/:token") view=JoinOrWelcome ssr=ASYNC/>
            // Choosing a new password by a mailed link works signed out.
            <Route path=path!("/forgot-password") view=accounts::password_reset_pages::ForgotPasswordPage ssr=ASYNC/>
            <Route path=path!("/reset-password/:token") view=accounts::password_reset_pages::ResetPasswordPage ssr=ASYNC/>
            // Reminder mail's unsubscribe links work signed out.
            <Route path=path!("/unsubscribe/:token") view=mail::pages::UnsubscribePage ssr=ASYNC/>
            <ProtectedRoute path=path!("/account") view=AccountPage condition=signed_in redirect_path=sign_in_then_back ssr=ASYNC/>
            <ProtectedRoute path=path!("/circles") view=CirclesPage condition=signed_in redirect_path=sign_in_then_back ssr=ASYNC/>
            <ProtectedRoute path=path!("/circles/new") view=NewCirclePage condition=signed_in redirect_path=sign_in_then_back ssr=ASYNC/>
            <ProtectedRoute path=path!("/circles/:id") view=CirclePage condition=signed_in redirect_path=sign_in_then_back ssr=ASYNC/>
            <ProtectedRoute path=path!("/circles/:id/sessions") view=CircleSessionsPage condition=signed_in redirect_path=sign_in_then_back ssr=ASYNC/>
            <ProtectedRoute path=path!("/sessions") view=SessionHistoryPage condition=signed_in redirect_path=sign_in_then_back ssr=ASYNC/>
            <ProtectedRoute path=path!("/sessions/:id") view=SessionPage condition=signed_in redirect_path=sign_in_then_back ssr=ASYNC/>
            <ProtectedRoute path=path!("/scripts") view=LibraryPage condition=signed_in redirect_path=sign_in_then_back ssr=ASYNC/>
            <ProtectedRoute path=path!("/scripts/new") view=NewScriptPage condition=signed_in redirect_path=sign_in_then_back ssr=ASYNC/>
            <ProtectedRoute path=path!("/scripts/import") view=ImportPage condition=signed_in redirect_path=sign_in_then_back ssr=ASYNC/>
            <ProtectedRoute path=path!("/scripts/:id") view=ScriptPage condition=signed_in redirect_path=sign_in_then_back ssr=ASYNC/>
            <ProtectedRoute path=path!("/scripts/:id/edit") view=EditorPage condition=signed_in redirect_path=sign_in_then_back ssr=ASYNC/>
            <ProtectedRoute path=path!("/checkin") view=CheckinPage condition=signed_in redirect_path=sign_in_then_back ssr=ASYNC/>
            <ProtectedRoute path=path!("/peers/:id") view=PeerViewPage condition=signed_in redirect_path=sign_in_then_back ssr=ASYNC/>
            <ProtectedRoute path=path!("/mirror") view=MirrorPage condition=signed_in redirect_path=sign_in_then_back ssr=ASYNC/>
        </Routes>
    }
}
