//! What a signed-out visitor sees: a short word about the product at `/`, and on an
//! invite link, which circle it is and who invited them, carried through sign-up and
//! sign-in. A bad or replaced invite link reveals nothing.

use crate::{
    accounts::pages::use_auth,
    circles::pages::JoinPage,
    error::AppError,
    home::HomePage,
    ui::{
        encode_query_value,
        layout::{answer_with_status, Page},
    },
};
use leptos::{either::Either, prelude::*};
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

/// Which circle an invite link opens and who hosts it: all a stranger holding the link
/// learns before they have an account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    pub circle_name: String,
    /// The circle's first host: the one who invites.
    pub host_name: String,
}

/// The circle and host behind an invite token, for anyone holding the link; "not
/// found" for a token that is not (or no longer) a circle's.
#[server(endpoint = "invite_welcome")]
pub async fn invite_welcome(token: String) -> Result<Invitation, AppError> {
    use crate::circles::{store, Role};
    let reader = &crate::state::app_state()?.db.reader;
    if !store::is_token_shaped(&token) {
        return Err(AppError::NotFound);
    }
    let circle = store::find_by_token(reader, &token)
        .await?
        .ok_or(AppError::NotFound)?;
    let host = store::members(reader, &circle.id)
        .await?
        .into_iter()
        .find(|m| m.role == Role::Host)
        .ok_or(AppError::NotFound)?;
    Ok(Invitation {
        circle_name: circle.name,
        host_name: host.display_name,
    })
}

/// Renders `signed_in` for someone signed in and `signed_out` for a visitor, once the
/// server has said which (like a protected route, but without the redirect).
#[component]
fn SignedInOr<A, B, VA, VB>(signed_in: A, signed_out: B) -> impl IntoView
where
    A: Fn() -> VA + Send + Clone + 'static,
    B: Fn() -> VB + Send + Clone + 'static,
    VA: IntoView + 'static,
    VB: IntoView + 'static,
{
    if use_auth().account().is_some() {
        Either::Left(signed_in())
    } else {
        Either::Right(signed_out())
    }
}

/// `/`: Home when signed in, else the landing page.
#[component]
pub fn HomeOrLanding() -> impl IntoView {
    view! { <SignedInOr signed_in=HomePage signed_out=Landing/> }
}

/// `/join/:token`: the invitation to join when signed in, else who invites to what.
#[component]
pub fn JoinOrWelcome() -> impl IntoView {
    view! { <SignedInOr signed_in=JoinPage signed_out=InviteWelcomePage/> }
}

#[component]
fn Landing() -> impl IntoView {
    view! {
        <Page title="Welcome">
            <section class="landing" aria-labelledby="landing-heading">
                <h1 id="landing-heading">"Peer coaching for managers"</h1>
                <p class="lead">
                    "Coaching Circles brings a few managers together to coach each other. "
                    "Pairs follow a short guided script, one coaching and one coached, and "
                    "what you commit to comes back at your next session."
                </p>
                <p>
                    "Once a week you look in the mirror: how well did you model the habits you "
                    "want your team to copy, beside what your peers saw."
                </p>
                <p class="actions">
                    <a class="button primary" href="/sign-up">"Create account"</a>
                    <a class="button" href="/sign-in">"Sign in"</a>
                </p>
            </section>
        </Page>
    }
}

/// The invite link, opened signed out.
#[component]
fn InviteWelcomePage() -> impl IntoView {
    let params = use_params_map();
    let token = Memo::new(move |_| params.with(|p| p.get("token")).unwrap_or_default());
    let welcome = Resource::new_blocking(move || token.get(), invite_welcome);
    view! {
        <Page title="You are invited">
            <Suspense fallback=|| view! { <p class="loading" role="status">"Opening the invitation…"</p> }>
                {move || Suspend::new(async move {
                    let found = welcome.await;
                    let next = encode_query_value(&format!("/join/{}", token.get_untracked()));
                    match found {
                        Ok(invite) => view! {
                            <section class="panel narrow" aria-labelledby="welcome-heading">
                                <p class="eyebrow">{format!("{} invites you to join", invite.host_name)}</p>
                                <h1 id="welcome-heading">{invite.circle_name}</h1>
                                <p>
                                    "A circle is a few managers who coach each other in pairs. "
                                    "Create an account (or sign in) and you can join."
                                </p>
                                <p class="actions">
                                    <a class="button primary" href=format!("/sign-up?next={next}")>"Create account"</a>
                                    <a class="button" href=format!("/sign-in?next={next}")>"Sign in"</a>
                                </p>
                            </section>
                        }
                        .into_any(),
                        Err(_) => view! { <InvalidInvite/> }.into_any(),
                    }
                })}
            </Suspense>
        </Page>
    }
}

/// A bad, replaced or retired invite link: no word of any circle, and a 404.
#[component]
fn InvalidInvite() -> impl IntoView {
    answer_with_status(404);
    view! {
        <section class="panel narrow" aria-labelledby="invalid-heading">
            <h1 id="invalid-heading">"This invite link is not valid"</h1>
            <p>"It may have been mistyped or replaced by a newer link. Ask the person who sent it for a new one."</p>
            <p><a href="/">"Go to the start page"</a></p>
        </section>
    }
}

/// On sign-up and sign-in reached from an invite link: which circle and who invited,
/// so the person knows why they are making an account. Nothing for other pages or a
/// bad link.
#[component]
pub fn InviteNote() -> impl IntoView {
    let query = use_query_map();
    let token = move || {
        query
            .with(|q| q.get("next"))
            .and_then(|next| next.strip_prefix("/join/").map(str::to_owned))
    };
    let welcome = Resource::new_blocking(token, |token| async move {
        match token {
            Some(token) => invite_welcome(token).await.ok(),
            None => None,
        }
    });
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                welcome.await.map(|invite| view! {
                    <p class="invite-note">
                        {format!("{} invites you to join ", invite.host_name)}
                        <strong>{invite.circle_name}</strong>
                        ". Once you are in, you can join with one click."
                    </p>
                })
            })}
        </Suspense>
    }
}
