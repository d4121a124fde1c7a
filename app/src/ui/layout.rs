//! The frame around every page: skip link, header with navigation, main landmark,
//! notices and footer; the titled panels pages are made of; and what a page shows
//! when loading it failed.

use super::flash::FlashArea;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;

/// One page of the app. Every route's view is wrapped in this.
#[component]
pub fn Page(title: &'static str, children: Children) -> impl IntoView {
    view! {
        <Title text=format!("{title} · Coaching Circles")/>
        <a class="skip-link" href="#main">"Skip to content"</a>
        <SiteHeader/>
        <main id="main" tabindex="-1">
            <FlashArea/>
            {children()}
        </main>
        <footer class="site-footer">
            <p>"Coaching Circles — peers helping managers coach."</p>
        </footer>
    }
}

/// A titled part of a page: a panel whose second-level heading names it for screen
/// readers' landmark lists. `heading_id` must be unique on the page.
#[component]
pub fn Panel(heading_id: &'static str, title: &'static str, children: Children) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby=heading_id>
            <h2 id=heading_id>{title}</h2>
            {children()}
        </section>
    }
}

/// What the header shows beside the brand: the site's navigation, which depends on
/// who is signed in. The app shell provides it with [`provide_site_nav`], so this
/// frame knows nothing of accounts.
#[derive(Clone, Copy)]
pub struct SiteNav(pub fn() -> AnyView);

/// Sets the navigation every [`Page`] shows in its header.
pub fn provide_site_nav(nav: fn() -> AnyView) {
    provide_context(SiteNav(nav));
}

#[component]
fn SiteHeader() -> impl IntoView {
    let nav = use_context::<SiteNav>().map(|SiteNav(nav)| nav());
    view! {
        <header class="site-header">
            <a class="brand" href="/">"Coaching Circles"</a>
            {nav}
        </header>
    }
}

/// What a page shows once its data has loaded: the content, or in its place the
/// error panel, with the error's status (404, 401, …) when rendered on the server.
///
/// Pages show failures through this, not through an `ErrorBoundary`: on the server
/// the boundary around a `Suspense` now and then rendered neither the content nor its
/// panel (an empty main), and with islands no browser renders the page afterwards.
pub fn loaded<V: IntoView + 'static>(result: Result<V, AppError>) -> AnyView {
    match result {
        Ok(content) => content.into_any(),
        Err(error) => {
            answer_with_status(error.status());
            view! { <ErrorNotice message=error.to_string()/> }.into_any()
        }
    }
}

/// The HTTP status of the page being rendered on the server (404 for a page that
/// shows "not found"); nothing in the browser.
pub fn answer_with_status(status: u16) {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(status) = http::StatusCode::from_u16(status) {
            response.set_status(status);
        }
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

/// What a page shows in place of its content when loading it failed.
#[component]
pub fn ErrorNotice(message: String) -> impl IntoView {
    view! {
        <section class="panel error-panel" role="alert">
            <h1>"Something is not right"</h1>
            <p>{message}</p>
            <p><a href="/">"Go to Home"</a></p>
        </section>
    }
}

/// The 404 page. Also answers with status 404 when rendered on the server.
#[component]
pub fn NotFound() -> impl IntoView {
    answer_with_status(404);
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
