//! What the server hands to every server function: the database and the sign-in
//! throttle. Provided as Leptos context by the server crate.

use crate::{accounts::throttle::SignInThrottle, db::Db, error::AppError};
use leptos::prelude::use_context;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct AppState {
    pub db: Db,
    pub sign_in_throttle: Arc<SignInThrottle>,
}

impl AppState {
    pub fn new(db: Db) -> Self {
        Self {
            db,
            sign_in_throttle: Arc::new(SignInThrottle::default()),
        }
    }
}

/// The server state, from inside a server function.
pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the Leptos context");
        AppError::Internal
    })
}
