//! Form pieces that show the server's verdict: problems beside each field, other
//! errors above the form, and a submit button that says when it is busy.

use crate::error::AppError;
use leptos::prelude::*;

/// The error of the latest run of an action, if it failed.
pub fn latest_error<T, S>(value: S) -> Signal<Option<AppError>>
where
    T: Send + Sync + 'static,
    S: With<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    Signal::derive(move || value.with(|v| v.as_ref().and_then(|r| r.as_ref().err().cloned())))
}

/// A labelled input with its hint and its error message.
#[component]
pub fn TextField(
    label: &'static str,
    name: &'static str,
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] maxlength: Option<usize>,
    #[prop(optional)] minlength: Option<usize>,
) -> impl IntoView {
    let id = format!("field-{name}");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let message = Signal::derive(move || error.get().and_then(|e| e.message_for(name)));
    let described_by = if hint.is_some() {
        format!("{hint_id} {error_id}")
    } else {
        error_id.clone()
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            {hint.map(|text| view! { <p class="hint" id=hint_id.clone()>{text}</p> })}
            <input
                id=id
                type=kind
                name=name
                required=true
                autocomplete=autocomplete
                maxlength=maxlength
                minlength=minlength
                aria-describedby=described_by
                aria-invalid=move || message.get().map(|_| "true")
            />
            <p class="field-error" id=error_id>
                {move || message.get()}
            </p>
        </div>
    }
}

/// Errors that are not about one field ("wrong password", "try again later").
#[component]
pub fn FormError(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let message = move || {
        error
            .get()
            .filter(|e| !e.is_about_fields())
            .map(|e| e.to_string())
    };
    view! {
        <div class="form-error" role="alert">
            {move || message().map(|text| view! { <p>{text}</p> })}
        </div>
    }
}

/// A submit button that reads `busy_label` while the action runs.
#[component]
pub fn SubmitButton(
    label: &'static str,
    busy_label: &'static str,
    #[prop(into)] pending: Signal<bool>,
) -> impl IntoView {
    view! {
        <button type="submit" class="button primary" aria-disabled=move || pending.get().then_some("true")>
            {move || if pending.get() { busy_label } else { label }}
        </button>
    }
}
