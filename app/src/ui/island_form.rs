//! Forms inside an island, posted as they stand.
//!
//! Leptos's `ActionForm` decodes a form into the server function's arguments in the
//! browser (with `serde_qs`), only for the function's client to encode them straight
//! back into the same urlencoded body. [`IslandForm`] posts the form's own body
//! instead, so the wasm carries no form decoder. The server reads that body exactly as
//! it reads the same form posted without JavaScript, and the answer is decoded as the
//! function's own client decodes it. Outside an island it is a plain form, like
//! `ActionForm`.

use leptos::{
    ev::SubmitEvent,
    prelude::*,
    server::ServerActionError,
    server_fn::{
        client::Client,
        codec::{Encoding, FromRes, PostUrl},
        error::{FromServerFnError, ServerFnUrlError},
        request::ClientReq,
        response::ClientRes,
        ContentType, Http, ServerFn,
    },
};
use std::{future::Future, marker::PhantomData, ops::Deref};

/// A form's fields, urlencoded as the browser would post them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormBody(String);

/// What server function `S` answered to the latest form posted through it.
type Answer<S> = Result<<S as ServerFn>::Output, <S as ServerFn>::Error>;

/// The action behind [`IslandForm`]s of server function `S`: as a `ServerAction`, its
/// `value`, `pending` and `version` tell how the latest post went.
pub struct IslandAction<S: ServerFn> {
    action: Action<FormBody, Answer<S>>,
    function: PhantomData<fn() -> S>,
}

/// A server function an [`IslandForm`] can post to: it takes a urlencoded form, like
/// every server function a plain form posts to, and answers in any encoding.
pub trait FormFunction: ServerFn<Output: Sync + 'static, Error: 'static> + 'static {
    /// Posts `body` to the function and decodes its answer.
    fn post(body: String) -> impl Future<Output = Answer<Self>> + Send + 'static;
}

impl<S, O> FormFunction for S
where
    S: ServerFn<Protocol = Http<PostUrl, O>> + 'static,
    S::Client: Client<S::Error>,
    S::Output: FromRes<O, <S::Client as Client<S::Error>>::Response, S::Error> + Sync + 'static,
    S::Error: 'static,
    O: Encoding + 'static,
{
    fn post(body: String) -> impl Future<Output = Answer<Self>> + Send + 'static {
        post::<S, O>(body)
    }
}

impl<S: FormFunction> IslandAction<S> {
    /// A new action; it starts with the error of a refused post of this form that the
    /// server handed back to the page (see `ui::kept_form`), as a `ServerAction` does.
    pub fn new() -> Self {
        let refused = use_context::<ServerActionError>().and_then(|refused| {
            (refused.path() == S::PATH)
                .then(|| Err(ServerFnUrlError::<S::Error>::decode_err(refused.err())))
        });
        Self {
            action: Action::new_with_value(refused, |body: &FormBody| S::post(body.0.clone())),
            function: PhantomData,
        }
    }
}

impl<S: FormFunction> Default for IslandAction<S> {
    fn default() -> Self {
        Self::new()
    }
}

impl<S: ServerFn> Clone for IslandAction<S> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<S: ServerFn> Copy for IslandAction<S> {}

impl<S: ServerFn> Deref for IslandAction<S> {
    type Target = Action<FormBody, Answer<S>>;

    fn deref(&self) -> &Self::Target {
        &self.action
    }
}

/// Posts `body` to `S` as its client would post the decoded arguments, and decodes
/// the answer the same way: an error status carries the function's error, and a
/// redirect takes the browser there.
async fn post<S, O>(body: String) -> Answer<S>
where
    S: ServerFn,
    S::Client: Client<S::Error>,
    S::Output: FromRes<O, <S::Client as Client<S::Error>>::Response, S::Error>,
    O: Encoding,
{
    let request = <S::Client as Client<S::Error>>::Request::try_new_post(
        S::PATH,
        PostUrl::CONTENT_TYPE,
        O::CONTENT_TYPE,
        body,
    )?;
    let response = S::Client::send(request).await?;
    if (400..=599).contains(&response.status()) {
        return Err(S::Error::de(response.try_into_bytes().await?));
    }
    // A function that sends the browser elsewhere when it is done (`leptos_axum::redirect`).
    let redirect = response.has_redirect().then(|| response.location());
    let answer = S::Output::from_res(response).await?;
    if let Some(location) = redirect {
        go_to(&location);
    }
    Ok(answer)
}

#[cfg(feature = "hydrate")]
fn go_to(location: &str) {
    let _ = window().location().set_href(location);
}

#[cfg(not(feature = "hydrate"))]
fn go_to(_: &str) {}

/// A form that posts to server function `S`. In an island its submission goes through
/// `action` and the page stays; without JavaScript, or outside an island, the browser
/// posts it and the server sends the page back.
#[component]
pub fn IslandForm<S: FormFunction>(action: IslandAction<S>, children: Children) -> impl IntoView {
    let submit = move |ev: SubmitEvent| {
        if ev.default_prevented() {
            return;
        }
        // Should the browser refuse to read the form, it posts it itself.
        if let Some(body) = form_body(&ev) {
            ev.prevent_default();
            action.dispatch(body);
        }
    };
    view! {
        <form method="post" action=S::PATH on:submit=submit>
            {children()}
        </form>
    }
}

/// The submitted form's fields, with the button that submitted it, as the browser
/// would post them.
#[cfg(feature = "hydrate")]
fn form_body(ev: &SubmitEvent) -> Option<FormBody> {
    use wasm_bindgen::JsCast;
    let form = ev.target()?.dyn_into::<web_sys::HtmlFormElement>().ok()?;
    let fields = web_sys::FormData::new_with_form(&form).ok()?;
    if let Some(button) = ev
        .submitter()
        .and_then(|s| s.dyn_into::<web_sys::HtmlButtonElement>().ok())
    {
        if !button.name().is_empty() {
            fields
                .append_with_str(&button.name(), &button.value())
                .ok()?;
        }
    }
    let body = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&fields).ok()?;
    Some(FormBody(body.to_string().into()))
}

/// Forms are only ever submitted in the browser.
#[cfg(not(feature = "hydrate"))]
fn form_body(_: &SubmitEvent) -> Option<FormBody> {
    None
}
