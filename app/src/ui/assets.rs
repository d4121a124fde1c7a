//! Where the files cargo-leptos built (JS, wasm, CSS) are on this site. With hashed
//! names (release builds) their names come from `hash.txt` beside the server binary.
//!
//! Worked out once per process: leptos_meta's `HashedStylesheet` looks for the binary
//! and reads `hash.txt` again on every page it renders.

use leptos::prelude::*;

/// The built files' paths on this site.
#[derive(Debug)]
pub struct AssetUrls {
    pub js: String,
    pub wasm: String,
    pub css: String,
}

/// The paths, worked out on the first page rendered. The document's head comes from
/// the server; the browser never asks.
#[cfg(feature = "ssr")]
pub fn asset_urls(options: &LeptosOptions) -> &'static AssetUrls {
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
        let hashed = |file: &str| {
            hashes.lines().find_map(|line| {
                let (kind, hash) = line.split_once(':')?;
                (kind.trim() == file).then(|| format!("{name}.{}", hash.trim()))
            })
        };
        let js = hashed("js").unwrap_or_else(|| name.clone());
        let wasm = hashed("wasm").unwrap_or_else(|| format!("{name}_bg"));
        let css = hashed("css").unwrap_or_else(|| name.clone());
        AssetUrls {
            js: format!("/{pkg}/{js}.js"),
            wasm: format!("/{pkg}/{wasm}.wasm"),
            css: format!("/{pkg}/{css}.css"),
        }
    })
}

#[cfg(feature = "ssr")]
static URLS: std::sync::OnceLock<AssetUrls> = std::sync::OnceLock::new();

/// The document's head comes from the server; the browser never renders it.
#[cfg(not(feature = "ssr"))]
pub fn asset_urls(_: &LeptosOptions) -> &'static AssetUrls {
    static NONE: AssetUrls = AssetUrls {
        js: String::new(),
        wasm: String::new(),
        css: String::new(),
    };
    &NONE
}

/// The paths, once the server has worked them out (`None` in the browser, and before
/// the head has rendered).
pub fn known_asset_urls() -> Option<&'static AssetUrls> {
    #[cfg(feature = "ssr")]
    {
        URLS.get()
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// The app's stylesheet, for the document's `<head>`.
#[component]
pub fn Stylesheet(options: LeptosOptions) -> impl IntoView {
    let href = asset_urls(&options).css.clone();
    view! { <link id="leptos" rel="stylesheet" href=href/> }
}
