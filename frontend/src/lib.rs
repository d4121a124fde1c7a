//! The browser entry point. Only pages with islands (the room, the script editor, the
//! small interactive parts of forms) load it: `hydrate` sets up the reactive system,
//! then the page's loader (`app::ui::islands`) brings each island to life; the rest
//! of the page is the server's HTML and stays as it is.

// The islands are exported from the app crate; this keeps them in the wasm.
#[allow(unused_imports)]
use app::*;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
