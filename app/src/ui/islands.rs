//! What brings a page's islands to life: a script that fetches the wasm only when the
//! page has an island (the session room, the script editor).
//!
//! Leptos's own `HydrationScripts` preloads the wasm on every page. Most pages here
//! are reading and plain forms, which need nothing from the browser, so a manager
//! opening Home downloads no wasm at all.

use leptos::prelude::*;
#[cfg(feature = "ssr")]
use std::sync::OnceLock;

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
    let (js, wasm) = file_urls(&options);
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
    #[cfg(feature = "ssr")]
    let files = URLS.get().cloned();
    #[cfg(not(feature = "ssr"))]
    let files = None::<(String, String)>;
    files.map(|(js, wasm)| {
        view! {
            <leptos_meta::Link rel="modulepreload" href=js/>
            <leptos_meta::Link rel="preload" href=wasm as_="fetch" type_="application/wasm" crossorigin=""/>
        }
    })
}

/// The islands' JS and wasm, as paths on this site.
#[cfg(feature = "ssr")]
static URLS: OnceLock<(String, String)> = OnceLock::new();

/// The JS and wasm files' paths as cargo-leptos wrote them (with their hashes).
#[cfg(feature = "ssr")]
fn file_urls(options: &LeptosOptions) -> (String, String) {
    URLS.get_or_init(|| {
        let pkg = &options.site_pkg_dir;
        let name = options.output_name.to_string();
        let hashes = options
            .hash_files
            .then(|| {
                let exe = std::env::current_exe().ok()?;
                std::fs::read_to_string(exe.parent()?.join(options.hash_file.as_ref())).ok()
            })
            .flatten()
            .unwrap_or_default();
        let hash = |file: &str| {
            hashes.lines().find_map(|line| {
                let (kind, hash) = line.split_once(':')?;
                (kind.trim() == file).then(|| format!("{name}.{}", hash.trim()))
            })
        };
        let js = hash("js").unwrap_or_else(|| name.clone());
        let wasm = hash("wasm").unwrap_or_else(|| format!("{name}_bg"));
        (format!("/{pkg}/{js}.js"), format!("/{pkg}/{wasm}.wasm"))
    })
    .clone()
}

/// The document's head comes from the server; the browser never renders it.
#[cfg(not(feature = "ssr"))]
fn file_urls(_: &LeptosOptions) -> (String, String) {
    Default::default()
}
