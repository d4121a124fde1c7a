//! A few lines of the browser's own JavaScript, run as the page is read, for small
//! behaviours that keep no state: copying a link, reading a chosen file into a text
//! box, naming a chart's point in words, starting a field at the browser's time zone.
//!
//! Each was an island, and an island makes its page download the whole wasm (over
//! 300 KB brotli) before it works; these lines work as soon as they are parsed. What
//! keeps state and talks to the server (the session room, the script editor) stays an
//! island. Without JavaScript the page works without them: what they add is hidden
//! until they run, or was only a convenience.

use leptos::prelude::*;

/// `code` in a `<script>` with the response's nonce, which the content security policy
/// requires of inline scripts. It runs where it stands in the page, so
/// `document.currentScript.previousElementSibling` is the element just before it.
#[component]
pub fn InlineScript(#[prop(into)] code: String) -> impl IntoView {
    view! { <script nonce=leptos::nonce::use_nonce()>{code}</script> }
}

/// `text` as a JavaScript string literal that cannot end the script it is in: a JSON
/// string is a JavaScript string, with `<` escaped so `</script>` cannot appear.
pub fn js_string(text: &str) -> String {
    serde_json::to_string(text)
        .unwrap_or_default()
        .replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_string_cannot_end_its_script() {
        assert_eq!(super::js_string("a\"</script>"), "\"a\\\"\\u003c/script>\"");
    }
}
