//! Form pieces that show the server's verdict: problems beside each field, other
//! errors above the form, and a submit button that says when it is busy.

use super::kept_form::kept_value;
use crate::error::AppError;
use leptos::{prelude::*, tachys::html::attribute::Attribute};

/// The error of the latest run of an action, if it failed.
pub fn latest_error<T, S>(value: S) -> Signal<Option<AppError>>
where
    T: Send + Sync + 'static,
    S: With<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    Signal::derive(move || value.with(|v| v.as_ref().and_then(|r| r.as_ref().err().cloned())))
}

/// Ids and messages shared by every labelled control.
struct FieldIds {
    name: &'static str,
    id: String,
    hint_id: String,
    error_id: String,
    described_by: String,
    message: Signal<Option<String>>,
}

impl FieldIds {
    fn new(name: &'static str, has_hint: bool, error: Signal<Option<AppError>>) -> Self {
        let id = format!("field-{name}");
        let hint_id = format!("{id}-hint");
        let error_id = format!("{id}-error");
        let described_by = if has_hint {
            format!("{hint_id} {error_id}")
        } else {
            error_id.clone()
        };
        Self {
            name,
            message: Signal::derive(move || error.get().and_then(|e| e.message_for(name))),
            id,
            hint_id,
            error_id,
            described_by,
        }
    }

    /// The attributes every control takes: its id and name, whether it must be
    /// filled, and how it points at its hint and error.
    fn control(&self, required: bool, maxlength: Option<usize>) -> impl Attribute {
        let message = self.message;
        view! {
            <{..}
                id=self.id.clone()
                name=self.name
                required=required
                maxlength=maxlength
                aria-describedby=self.described_by.clone()
                aria-invalid=move || message.get().map(|_| "true")
            />
        }
    }
}

/// The label, hint and error message around a control.
#[component]
fn Field(
    label: &'static str,
    hint: Option<&'static str>,
    ids: FieldIds,
    children: Children,
) -> impl IntoView {
    let message = ids.message;
    view! {
        <div class="field">
            <label for=ids.id>{label}</label>
            {hint.map(|text| view! { <p class="hint" id=ids.hint_id>{text}</p> })}
            {children()}
            <p class="field-error" id=ids.error_id>
                {move || message.get()}
            </p>
        </div>
    }
}

/// A labelled input with its hint and its error message. It starts with `value`, or
/// with what the person typed when their form came back refused.
#[component]
pub fn TextField(
    label: &'static str,
    name: &'static str,
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional, into)] value: Option<String>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] hint: Option<&'static str>,
    /// The id of a `<datalist>` of suggestions.
    #[prop(optional)]
    list: Option<&'static str>,
    #[prop(optional)] maxlength: Option<usize>,
    #[prop(optional)] minlength: Option<usize>,
    #[prop(default = true)] required: bool,
) -> impl IntoView {
    let ids = FieldIds::new(name, hint.is_some(), error);
    let control = ids.control(required, maxlength);
    let value = kept_value(name, value);
    view! {
        <Field label hint ids>
            <input
                {..control}
                type=kind
                value=value
                list=list
                autocomplete=autocomplete
                minlength=minlength
            />
        </Field>
    }
}

/// A labelled multi-line text box, starting with `value` or what was typed.
#[component]
pub fn TextArea(
    label: &'static str,
    name: &'static str,
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(optional, into)] value: Option<String>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] maxlength: Option<usize>,
    #[prop(default = true)] required: bool,
    /// Lines shown before it scrolls: a note's few by default.
    #[prop(default = 3)]
    rows: u32,
) -> impl IntoView {
    let ids = FieldIds::new(name, hint.is_some(), error);
    let control = ids.control(required, maxlength);
    let text = textarea_text(kept_value(name, value).unwrap_or_default());
    view! {
        <Field label hint ids>
            <textarea {..control} rows=rows>{text}</textarea>
        </Field>
    }
}

/// Text to start a `<textarea>` with. Leptos writes a textarea's children into the
/// server's HTML unescaped (as it does a script's), so a note containing
/// `</textarea>` could close the element and inject markup. The server escapes it
/// here; in the browser it becomes a text node, which needs no escaping.
pub fn textarea_text(text: String) -> String {
    #[cfg(feature = "ssr")]
    let text = html_escape::encode_text(&text).into_owned();
    text
}

/// A labelled choice among `options` (value, words), with `selected` chosen first.
#[component]
pub fn SelectField(
    label: &'static str,
    name: &'static str,
    #[prop(into)] error: Signal<Option<AppError>>,
    options: Vec<(String, String)>,
    #[prop(optional, into)] selected: String,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let ids = FieldIds::new(name, hint.is_some(), error);
    let control = ids.control(false, None);
    let selected = kept_value(name, Some(selected)).unwrap_or_default();
    view! {
        <Field label hint ids>
            <select {..control}>{option_list(options, &selected)}</select>
        </Field>
    }
}

/// `<option>`s for (value, words) pairs, with `selected` chosen.
pub fn option_list(options: Vec<(String, String)>, selected: &str) -> impl IntoView {
    options
        .into_iter()
        .map(|(value, words)| {
            let chosen = value == selected;
            view! { <option value=value selected=chosen>{words}</option> }
        })
        .collect_view()
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

/// Every problem of a validation error as a list (for long forms and imports, where
/// one line would be too much to read).
#[component]
pub fn ProblemList(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let content = move || {
        error.get().map(|e| match e {
            AppError::Invalid(problems) => view! {
                <p>{format!("Please fix {}:", if problems.len() == 1 { "this problem".to_owned() } else { format!("these {} problems", problems.len()) })}</p>
                <ul>{problems.into_iter().map(|p| view! { <li>{p.message}</li> }).collect_view()}</ul>
            }
            .into_any(),
            other => view! { <p>{other.to_string()}</p> }.into_any(),
        })
    };
    view! { <div class="form-error" role="alert">{content}</div> }
}

/// A submit button that reads `busy_label` while the action runs. `danger` marks one
/// that removes or gives up something (the last step of a confirmation).
#[component]
pub fn SubmitButton(
    label: &'static str,
    busy_label: &'static str,
    #[prop(into)] pending: Signal<bool>,
    #[prop(optional)] danger: bool,
) -> impl IntoView {
    let class = if danger {
        "button danger"
    } else {
        "button primary"
    };
    view! {
        <button type="submit" class=class aria-disabled=move || pending.get().then_some("true")>
            {move || if pending.get() { busy_label } else { label }}
        </button>
    }
}

/// A form that posts to a server function as a plain HTML form, JavaScript or not.
/// Used where who is signed in changes: the browser then loads the next page whole,
/// with the new session, instead of racing a client-side redirect against reloading
/// the account. A refusal comes back to this page with what was typed (see
/// `ui::kept_form`), and a `ServerAction` of the same function on the page shows it.
#[component]
pub fn PostForm(
    /// The server function's URL (`MyFn::PATH`).
    path: &'static str,
    /// Set while the post is on its way, for the submit button.
    busy: RwSignal<bool>,
    children: Children,
) -> impl IntoView {
    view! {
        <form method="post" action=path on:submit=move |_| busy.set(true)>
            {children()}
        </form>
    }
}
