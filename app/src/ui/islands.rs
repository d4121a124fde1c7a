//! What brings a page's islands to life: a script that fetches the wasm only when the
//! page has an island (the room, the script editor, a notice, a copy button…).
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
    let (js, wasm) = file_names(&options);
    let pkg = format!("/{}", options.site_pkg_dir);
    #[cfg(feature = "ssr")]
    PKG.get_or_init(|| pkg.clone());
    let script = format!(
        r#"const islands = [...document.querySelectorAll("leptos-island")]
  .filter((island) => !island.parentElement.closest("leptos-island"));
if (islands.length > 0) {{
  const wasm = await import("{pkg}/{js}.js");
  await wasm.default({{ module_or_path: "{pkg}/{wasm}.wasm" }});
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
    #[cfg(feature = "ssr")]
    let files = NAMES.get().map(|(js, wasm)| {
        let pkg = PKG.get().cloned().unwrap_or_default();
        (format!("{pkg}/{js}.js"), format!("{pkg}/{wasm}.wasm"))
    });
    #[cfg(not(feature = "ssr"))]
    let files = None::<(String, String)>;
    files.map(|(js, wasm)| {
        view! {
            <leptos_meta::Link rel="modulepreload" href=js/>
            <leptos_meta::Link rel="preload" href=wasm as_="fetch" type_="application/wasm" crossorigin=""/>
        }
    })
}

#[cfg(feature = "ssr")]
static NAMES: OnceLock<(String, String)> = OnceLock::new();
#[cfg(feature = "ssr")]
static PKG: OnceLock<String> = OnceLock::new();

/// The JS and wasm files' names as cargo-leptos wrote them (with their hashes).
#[cfg(feature = "ssr")]
fn file_names(options: &LeptosOptions) -> (String, String) {
    NAMES
        .get_or_init(|| {
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
            (
                hash("js").unwrap_or_else(|| name.clone()),
                hash("wasm").unwrap_or_else(|| format!("{name}_bg")),
            )
        })
        .clone()
}

/// The document's head comes from the server; the browser never renders it.
#[cfg(not(feature = "ssr"))]
fn file_names(_: &LeptosOptions) -> (String, String) {
    Default::default()
}
