//! What brings a page's islands to life: a script that fetches the wasm only when the
//! page has an island (the session room, the script editor).
//!
//! Leptos's own `HydrationScripts` preloads the wasm on every page. Most pages here
//! are reading and plain forms, which need nothing from the browser, so a manager
//! opening Home downloads no wasm at all.

use super::assets::{asset_urls, known_asset_urls};
use leptos::prelude::*;

/// The script that loads the islands, for the document's `<head>`. A module script
/// runs once the page is parsed, so it sees every island. `body[data-hydrated]` says
/// the page is live: at once without islands, after them with.
#[component]
pub fn IslandScripts(options: LeptosOptions) -> impl IntoView {
    // Only what islands read is sent along for the browser (Leptos's own script does
    // the same): pages render without serialising their other data.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    let urls = asset_urls(&options);
    let (js, wasm) = (&urls.js, &urls.wasm);
    let script = format!(
        r#"const islands = [...document.querySelectorAll("leptos-island")]
  .filter((island) => !island.parentElement.closest("leptos-island"));
if (islands.length > 0) {{
  const wasm = await import("{js}");
  await wasm.default({{ module_or_path: "{wasm}" }});
  wasm.hydrate();
  for (const island of islands) wasm[island.dataset.component]?.(island);
}}
document.body.dataset.hydrated = "true";"#
    );
    view! { <script type="module" nonce=leptos::nonce::use_nonce()>{script}</script> }
}

/// For a page with an island, next to it: has the browser fetch the islands' JS and
/// wasm while it is still reading the page, instead of once the page is parsed and the
/// script has asked for them (two round trips later). The tags go to the head.
#[component]
pub fn IslandPreload() -> impl IntoView {
    // `IslandScripts`, in the head, has found the files before any page renders.
    known_asset_urls().map(|urls| {
        let (js, wasm) = (urls.js.clone(), urls.wasm.clone());
        view! {
            <leptos_meta::Link rel="modulepreload" href=js/>
            <leptos_meta::Link rel="preload" href=wasm as_="fetch" type_="application/wasm" crossorigin=""/>
        }
    })
}
