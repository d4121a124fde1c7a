//! The frame around every page: skip link, header with navigation, main landmark,
//! notices, error boundary and footer.

use super::{flash::FlashArea, form::PostForm};
use crate::accounts::{api::SignOut, pages::use_auth, Account};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::components::A;

/// One page of the app. Every route's view is wrapped in this.
#[component]
pub fn Page(title: &'static str, children: Children) -> impl IntoView {
    view! {
        <Title text=format!("{title} · Coaching Circles")/>
        <a class="skip-link" href="#main">"Skip to content"</a>
        <SiteHeader/>
        <main id="main" tabindex="-1">
            <FlashArea/>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors/> }>{children()}</ErrorBoundary>
        </main>
        <footer class="site-footer">
            <p>"Coaching Circles — peers helping managers coach."</p>
        </footer>
    }
}

#[component]
fn SiteHeader() -> impl IntoView {
    let auth = use_auth();
    view! {
        <header class="site-header">
            <a class="brand" href="/">"Coaching Circles"</a>
            <Transition fallback=|| view! { <span class="nav-placeholder"></span> }>
                {move || {
                    auth.account
                        .get()
                        .map(|found| match found {
                            Ok(Some(account)) => view! { <SignedInNav account/> }.into_any(),
                            _ => view! { <SignedOutNav/> }.into_any(),
                        })
                }}
            </Transition>
        </header>
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

/// What a page shows in place of its content when something failed.
#[component]
fn ErrorPanel(errors: ArcRwSignal<Errors>) -> impl IntoView {
    view! {
        <section class="panel error-panel" role="alert">
            <h1>"Something is not right"</h1>
            <ul>
                {move || {
                    errors
                        .get()
                        .into_iter()
                        .map(|(_, error)| view! { <li>{error.to_string()}</li> })
                        .collect_view()
                }}
            </ul>
            <p><a href="/">"Go to Home"</a></p>
        </section>
    }
}

/// The 404 page. Also answers with status 404 when rendered on the server.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Page title="Not found">
            <section class="panel">
                <h1>"We could not find that page"</h1>
                <p>
                    "The address may be mistyped, or the page may have moved or is not shared with you."
                </p>
                <p><a href="/">"Go to Home"</a></p>
            </section>
        </Page>
    }
}
