//! Who is calling a page, looked up once before the page renders: the app shows it in
//! the navigation, guards signed-in pages with it and greets by name, all from this
//! one value (`app::accounts::auth::SignedIn`), and the page's server functions reuse
//! it instead of asking again.

use app::{
    accounts::auth::{account_of, SignedIn},
    db::Db,
};
use axum::{
    extract::{Request, State},
    middleware::Next,
    response::Response,
};
use tower_sessions::Session;

/// Looks up the signed-in account of a page request (server function calls look it up
/// themselves, when they need it).
pub async fn look_up(State(db): State<Db>, mut request: Request, next: Next) -> Response {
    let page = !request.uri().path().starts_with("/api/");
    let session = request.extensions().get::<Session>().cloned();
    if let Some(session) = session.filter(|_| page) {
        let account = account_of(&session, &db).await;
        if let Err(error) = &account {
            tracing::error!(%error, "could not look up who is calling");
        }
        request.extensions_mut().insert(SignedIn(account));
    }
    next.run(request).await
}
