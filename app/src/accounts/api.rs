//! The account server functions. Each is a public POST endpoint under `/api/`.

use super::Account;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::{
    auth, safe_next, store,
    time_zone::{TimeZoneName, DEFAULT_ZONE},
    Email, NewAccount, Password, Profile,
};
#[cfg(feature = "ssr")]
use crate::{input::field_problems, state::app_state};

/// The signed-in account, or `None` when signed out. Used by the page shell.
#[server(endpoint = "current_account")]
pub async fn current_account() -> Result<Option<Account>, AppError> {
    auth::signed_in_account().await
}

/// Creates an account, signs it in, and goes on to `next` (or Home).
#[server(endpoint = "sign_up")]
pub async fn sign_up(
    email: String,
    display_name: String,
    password: String,
    #[server(default)] time_zone: String,
    #[server(default)] next: String,
) -> Result<(), AppError> {
    let zone = match time_zone.trim() {
        "" => DEFAULT_ZONE,
        typed => typed,
    };
    let (new, password) = match (
        Profile::parse(&email, &display_name),
        Password::parse(&password),
        TimeZoneName::parse(zone),
    ) {
        (Ok(profile), Ok(password), Ok(time_zone)) => (NewAccount { profile, time_zone }, password),
        (profile, password, zone) => {
            let mut problems = profile.err().unwrap_or_default();
            problems.extend(field_problems([
                ("password", password.err()),
                ("time_zone", zone.err()),
            ]));
            return Err(problems.into());
        }
    };
    let state = app_state()?;
    state.throttle.sign_up(auth::client_address().await)?;
    let hash = state.passwords.hash(password).await?;
    let now = state.clock.now_seconds();
    let account = store::create(&state.db.writer, &new, &hash, now).await?;
    auth::start_session(&account.id).await?;
    tracing::info!(account = %account.id, "account created");
    leptos_axum::redirect(&with_notice(&safe_next(&next), "welcome"));
    Ok(())
}

/// Changes my name and email. A new email needs my password: whoever finds this
/// browser signed in must not be able to take the account over.
#[server(endpoint = "change_profile")]
pub async fn change_profile(
    display_name: String,
    email: String,
    #[server(default)] password_for_email: String,
) -> Result<(), AppError> {
    let account = auth::current_account().await?;
    let profile = Profile::parse(&email, &display_name).map_err(AppError::from)?;
    if profile.email.as_str() != account.email {
        if password_for_email.is_empty() {
            return Err(AppError::invalid(
                "password_for_email",
                "Enter your password to change your email.",
            ));
        }
        auth::confirm_password(
            &account,
            password_for_email,
            "password_for_email",
            "That is not your password. Your email stays as it was.",
        )
        .await?;
    }
    store::set_profile(&app_state()?.db.writer, &account.id, &profile).await?;
    tracing::info!(account = %account.id, "profile changed");
    leptos_axum::redirect("/account?notice=profile-saved");
    Ok(())
}

/// Signs in. Unknown emails and wrong passwords get the same answer in the same time.
#[server(endpoint = "sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    #[server(default)] next: String,
) -> Result<(), AppError> {
    // Everything is checked before it counts against a limit or becomes a limit's
    // key: a malformed or over-long email cannot match an account, and must not cost
    // memory or anyone's turns.
    let password_given = match password.is_empty() {
        true => Err("Enter your password.".to_owned()),
        false => Ok(()),
    };
    let email = match (Email::parse(&email), password_given) {
        (Ok(email), Ok(())) => email,
        (email, password) => {
            return Err(
                field_problems([("email", email.err()), ("password", password.err())]).into(),
            )
        }
    };
    if password.chars().count() > super::PASSWORD_MAX {
        return Err(AppError::BadCredentials);
    }
    let state = app_state()?;
    state
        .throttle
        .sign_in(&email, auth::client_address().await)?;
    let found = store::find_credentials(&state.db.reader, &email).await?;
    let (id, hash) = match found {
        Some(found) => (Some(found.id), Some(found.password_hash)),
        None => (None, None),
    };
    let verified = state.passwords.verify(password, hash).await?;
    match id {
        Some(id) if verified => {
            auth::start_session(&id).await?;
            leptos_axum::redirect(&safe_next(&next));
            Ok(())
        }
        _ => Err(AppError::BadCredentials),
    }
}

/// Signs this browser out.
#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    auth::end_session().await?;
    leptos_axum::redirect("/sign-in?notice=signed-out");
    Ok(())
}

/// Changes the signed-in account's password, after checking the current one.
#[server(endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    let account = auth::current_account().await?;
    let state = app_state()?;
    let new_password = Password::parse(&new_password)
        .map_err(|message| AppError::invalid("new_password", message))?;
    auth::confirm_password(
        &account,
        current_password,
        "current_password",
        "That is not your current password.",
    )
    .await?;
    let hash = state.passwords.hash(new_password).await?;
    // Signs out every other browser: whoever knew the old password is out.
    store::set_password_hash(&state.db.writer, &account.id, &hash).await?;
    auth::start_session(&account.id).await?;
    leptos_axum::redirect("/account?notice=password-changed");
    Ok(())
}

/// Signs the caller's account out on every other browser; this one stays signed in.
#[server(endpoint = "sign_out_elsewhere")]
pub async fn sign_out_elsewhere() -> Result<(), AppError> {
    let account = auth::current_account().await?;
    auth::sign_out_other_sessions(&account.id).await?;
    tracing::info!(account = %account.id, "signed out on every other browser");
    leptos_axum::redirect("/account?notice=signed-out-elsewhere");
    Ok(())
}

/// Adds a notice code (see `ui::flash`) to a local path.
#[cfg(feature = "ssr")]
fn with_notice(path: &str, notice: &str) -> String {
    let separator = if path.contains('?') { '&' } else { '?' };
    format!("{path}{separator}notice={notice}")
}
