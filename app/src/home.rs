//! Home, the manager's dashboard. For now it greets; later issues fill it with this
//! week's check-in, next sessions and open commitments.

use crate::{accounts::pages::use_auth, ui::layout::Page};
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    let auth = use_auth();
    view! {
        <Page title="Home">
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || {
                    auth.account
                        .get()
                        .and_then(|found| found.ok().flatten())
                        .map(|account| {
                            view! {
                                <h1>"Good to see you, " {account.display_name}</h1>
                            }
                        })
                }}
            </Suspense>
            <section class="panel" aria-labelledby="start-heading">
                <h2 id="start-heading">"Getting started"</h2>
                <p>
                    "Coaching Circles helps you and a few peer managers coach each other: "
                    "follow a guided script together, keep the commitments you make, and see "
                    "how well you model the habits you want your team to copy."
                </p>
            </section>
        </Page>
    }
}

/// A section of the app that later issues will build; honest about it meanwhile.
#[component]
pub fn NotYetPage(title: &'static str, promise: &'static str) -> impl IntoView {
    view! {
        <Page title>
            <h1>{title}</h1>
            <section class="panel">
                <p>{promise}</p>
            </section>
        </Page>
    }
}
