//! A refused form comes back as the person left it.
//!
//! A form posted as a plain HTML form (no JavaScript yet, or a [`PostForm`]) that the
//! server refuses is redirected back to its page. The server keeps what was sent and
//! the error in the browser's session for that one redirect (never a password, and
//! never in the address, where anyone could craft an error or read what was typed),
//! and hands it to the page's render as a [`KeptForm`]. The page shows the error
//! through the same action that would have shown it with JavaScript, and every field
//! starts from what was typed.
//!
//! [`PostForm`]: super::form::PostForm

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The browser-session key under which a form waits for its page.
pub const SESSION_KEY: &str = "refused_form";

/// What a refused plain form post sent, for the page it came from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptForm {
    /// The page's path (no query), so the input goes back to that page only.
    pub page: String,
    /// The server function's path (`MyFn::PATH`), whose action shows the error.
    pub action: String,
    /// The error, encoded as Leptos encodes it for a server action; empty for a form
    /// the server changed and handed back unrefused (see [`hand_back`]).
    pub error: String,
    /// The fields as sent (name, value), in order, without passwords.
    pub fields: Vec<(String, String)>,
}

impl KeptForm {
    /// Whether a field of this name may be kept: never a password.
    pub fn keeps(name: &str) -> bool {
        !name.contains("password")
    }

    /// The value sent for `name`, if the form sent one.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find_map(|(field, value)| (field == name).then_some(value.as_str()))
    }

    /// Whether this form sent `value` for a field whose name starts with `prefix`
    /// (a checkbox list such as `behaviour_ids[3]`).
    pub fn sent_among(&self, prefix: &str, value: &str) -> bool {
        self.fields
            .iter()
            .any(|(field, sent)| field.starts_with(prefix) && sent == value)
    }
}

/// Reads the refused form the server handed this render and gives its error to the
/// matching server action. Called once, by the app root (on the server: islands get
/// the form as a prop, see [`provide_kept`]).
pub fn provide_kept_form() {
    #[cfg(feature = "ssr")]
    provide_kept(
        use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<KeptForm>().cloned()),
    );
}

/// Makes `kept` the refused form of this render: its fields for [`kept_form`], its
/// error for the matching server action. Islands call it with the form the server
/// passed them, as the browser has no app root above them.
pub fn provide_kept(kept: Option<KeptForm>) {
    if let Some(kept) = kept {
        if !kept.error.is_empty() {
            provide_context(leptos::server::ServerActionError::new(
                &kept.action,
                &kept.error,
            ));
        }
        provide_context(kept);
    }
}

/// Hands a form back to its page for the browser's next visit there, as the server
/// changed it (a step added to the script editor without JavaScript); the server
/// function then redirects to that page.
#[cfg(feature = "ssr")]
pub async fn hand_back(form: KeptForm) -> Result<(), crate::error::AppError> {
    crate::accounts::auth::session()
        .await?
        .insert(SESSION_KEY, form)
        .await?;
    Ok(())
}

/// The refused form of this page, if the person just came back from one. Not after
/// moving to another page in the browser.
pub fn kept_form() -> Option<KeptForm> {
    let kept = use_context::<KeptForm>()?;
    (kept.page == current_path()).then_some(kept)
}

/// The page's path: from the router on the server, from the address in an island.
fn current_path() -> String {
    #[cfg(feature = "hydrate")]
    {
        window().location().pathname().unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        leptos_router::hooks::use_location()
            .pathname
            .get_untracked()
    }
}

/// What a text field starts with: what was typed, when its form was refused, or else
/// `initial`.
pub fn kept_value(name: &str, initial: Option<String>) -> Option<String> {
    match kept_form() {
        Some(kept) if KeptForm::keeps(name) => kept.value(name).map(str::to_owned).or(initial),
        _ => initial,
    }
}

/// What a field that always has text starts with: what was typed, when its form was
/// refused, or else `initial`.
pub fn kept_text(name: &str, initial: String) -> String {
    kept_value(name, Some(initial)).unwrap_or_default()
}

/// Whether the person just came back from a refused post to the server function at
/// `action` (to open the folded part of a page that holds its form).
pub fn refused_here(action: &str) -> bool {
    kept_form().is_some_and(|kept| kept.action == action)
}

/// Whether a checkbox of a list starts ticked: as it was sent, when its form (the
/// server function at `action`) was refused, or else `initial`.
pub fn kept_choice(action: &str, prefix: &str, value: &str, initial: bool) -> bool {
    match kept_form() {
        Some(kept) if kept.action == action => kept.sent_among(prefix, value),
        _ => initial,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_choices_are_found_by_name() {
        let kept = KeptForm {
            fields: vec![
                ("email".into(), "ada@example.org".into()),
                ("ids[0]".into(), "a".into()),
                ("ids[2]".into(), "c".into()),
            ],
            ..KeptForm::default()
        };
        assert_eq!(kept.value("email"), Some("ada@example.org"));
        assert_eq!(kept.value("name"), None);
        assert!(kept.sent_among("ids[", "c"));
        assert!(!kept.sent_among("ids[", "b"));
        assert!(!KeptForm::keeps("current_password"));
        assert!(KeptForm::keeps("display_name"));
    }
}
