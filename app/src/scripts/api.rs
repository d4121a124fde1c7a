//! The script server functions. Built-ins are readable by every signed-in person and
//! writable by none; a circle's scripts are readable and writable by its members and
//! "not found" for everyone else.

use super::{editor_form::StepFields, ScriptContent, ScriptDetail, ScriptSummary};
#[cfg(feature = "ssr")]
use crate::db::Pool;
use crate::error::AppError;
use leptos::{prelude::*, server_fn::codec::Json};

#[cfg(feature = "ssr")]
use super::{
    copy_title,
    editor_form::{self, StepChange},
    format, script_path, store,
    store::StoredScript,
    Step, CIRCLE_SCRIPTS_MAX,
};
#[cfg(feature = "ssr")]
use crate::{
    accounts::{auth::current_account, Account},
    circles::{api::role_in, store as circles},
    db::is_id,
    state::app_state,
    ui::kept_form::{hand_back, KeptForm},
};
#[cfg(feature = "ssr")]
use leptos::server_fn::ServerFn;

/// The script, if the caller may read it (and whether they may also edit it).
#[cfg(feature = "ssr")]
async fn readable(
    db: &Pool,
    script_id: &str,
    version: Option<i64>,
    me: &Account,
) -> Result<(StoredScript, bool), AppError> {
    if !is_id(script_id) {
        return Err(AppError::NotFound);
    }
    let script = store::find(db, script_id, version)
        .await?
        .ok_or(AppError::NotFound)?;
    match &script.circle_id {
        None => Ok((script, false)),
        Some(circle_id) => match circles::role_of(db, circle_id, &me.id).await? {
            Some(_) => {
                let archived = store::is_archived(db, script_id).await?;
                Ok((script, !archived))
            }
            None => Err(AppError::NotFound),
        },
    }
}

/// Built-ins and my circles' scripts.
#[server(endpoint = "script_library")]
pub async fn script_library() -> Result<Vec<ScriptSummary>, AppError> {
    let me = current_account().await?;
    let scripts = store::library(&app_state()?.db.reader, &me.id).await?;
    Ok(scripts.iter().map(StoredScript::summary).collect())
}

/// One script at a version (the current one by default), with its history.
#[server(endpoint = "load_script")]
pub async fn load_script(
    script_id: String,
    #[server(default)] version: Option<i64>,
) -> Result<ScriptDetail, AppError> {
    let me = current_account().await?;
    let reader = &app_state()?.db.reader;
    let (script, editable) = readable(reader, &script_id, version, &me).await?;
    Ok(ScriptDetail {
        owner: script.owner(),
        history: store::history(reader, &script.id).await?,
        id: script.id,
        version: script.version,
        content: script.content,
        editable,
    })
}

/// The script, if the caller may also edit it; "not found" otherwise.
#[cfg(feature = "ssr")]
async fn editable(db: &Pool, script_id: &str, me: &Account) -> Result<StoredScript, AppError> {
    match readable(db, script_id, None, me).await? {
        (script, true) => Ok(script),
        _ => Err(AppError::NotFound),
    }
}

/// Starts a new script in one of my circles and opens the editor.
#[server(endpoint = "create_script")]
pub async fn create_script(
    circle_id: String,
    title: String,
    #[server(default)] description: String,
) -> Result<(), AppError> {
    let me = current_account().await?;
    let state = app_state()?;
    let db = &state.db;
    role_in(&db.reader, &circle_id, &me).await?;
    let content = ScriptContent {
        title,
        description,
        steps: vec![Step {
            title: "Opening".into(),
            minutes: 5,
            ..Step::default()
        }],
    }
    .tidied();
    content.check()?;
    let id = add_to_circle(&state, &circle_id, &content, &me).await?;
    leptos_axum::redirect(&format!("{}/edit", script_path(&id)));
    Ok(())
}

/// Saves an edit as a new version, if nobody saved since `base_version`. Returns the
/// new version number. The editor's save once its wasm runs.
#[server(endpoint = "save_script", input = Json)]
pub async fn save_script(
    script_id: String,
    base_version: i64,
    content: ScriptContent,
) -> Result<i64, AppError> {
    let me = current_account().await?;
    let state = app_state()?;
    editable(&state.db.reader, &script_id, &me).await?;
    add_version(&state, &script_id, base_version, content, &me).await
}

/// The editor as a plain form post (before or without the wasm). With a `change`
/// (a step added, removed or moved), nothing is saved: the form comes back to the
/// editor with the change made, as sent otherwise. Without one, it saves like
/// [`save_script`] and goes back to the editor, saying so.
#[server(endpoint = "save_script_form")]
pub async fn save_script_form(
    script_id: String,
    base_version: i64,
    #[server(default)] title: String,
    #[server(default)] description: String,
    #[server(default)] steps: Vec<StepFields>,
    #[server(default)] change: Option<String>,
) -> Result<(), AppError> {
    let me = current_account().await?;
    let state = app_state()?;
    editable(&state.db.reader, &script_id, &me).await?;
    let editor = format!("{}/edit", script_path(&script_id));
    let Some(change) = change else {
        let content = editor_form::content_of(title, description, &steps);
        add_version(&state, &script_id, base_version, content, &me).await?;
        leptos_axum::redirect(&format!("{editor}?notice=script-saved"));
        return Ok(());
    };
    let change = StepChange::parse(&change).ok_or_else(|| {
        AppError::invalid("steps", "That change to the steps is not one we know.")
    })?;
    let mut steps = steps;
    change.apply(&mut steps)?;
    let mut fields = vec![
        ("script_id".to_owned(), script_id),
        ("base_version".to_owned(), base_version.to_string()),
        ("title".to_owned(), title),
        ("description".to_owned(), description),
        ("change".to_owned(), change.value()),
    ];
    fields.extend(editor_form::fields_of_steps(&steps));
    hand_back(KeptForm {
        page: editor.clone(),
        action: SaveScriptForm::PATH.to_owned(),
        error: String::new(),
        fields,
    })
    .await?;
    leptos_axum::redirect(&editor);
    Ok(())
}

/// Adds `content` as the script's next version, if nobody saved since `base_version`.
#[cfg(feature = "ssr")]
async fn add_version(
    state: &crate::state::AppState,
    script_id: &str,
    base_version: i64,
    content: ScriptContent,
    me: &Account,
) -> Result<i64, AppError> {
    let content = content.tidied();
    content.check()?;
    let mut tx = state.db.writer.begin().await?;
    let now = state.clock.now_seconds();
    if !store::add_version(
        &mut tx,
        script_id,
        base_version,
        &content,
        Some(&me.id),
        now,
    )
    .await?
    {
        return Err(AppError::StaleVersion);
    }
    tx.commit().await?;
    Ok(base_version + 1)
}

/// Copies any script I can read (built-ins too) into one of my circles, then opens
/// the copy in the editor.
#[server(endpoint = "duplicate_script")]
pub async fn duplicate_script(script_id: String, circle_id: String) -> Result<(), AppError> {
    let me = current_account().await?;
    let state = app_state()?;
    let db = &state.db;
    let (source, _) = readable(&db.reader, &script_id, None, &me).await?;
    role_in(&db.reader, &circle_id, &me).await?;
    let circle = circles::find(&db.reader, &circle_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let taken = store::circle_titles(&db.reader, &circle_id).await?;
    let content = ScriptContent {
        title: copy_title(&source.content.title, &circle.name, &taken),
        ..source.content
    };
    let id = add_to_circle(&state, &circle_id, &content, &me).await?;
    leptos_axum::redirect(&format!("{}/edit?notice=script-copied", script_path(&id)));
    Ok(())
}

/// Takes a circle script out of the library. Its versions stay for past sessions.
#[server(endpoint = "archive_script")]
pub async fn archive_script(script_id: String) -> Result<(), AppError> {
    let me = current_account().await?;
    let state = app_state()?;
    let db = &state.db;
    editable(&db.reader, &script_id, &me).await?;
    store::archive(&db.writer, &script_id, state.clock.now_seconds()).await?;
    leptos_axum::redirect("/scripts?notice=script-archived");
    Ok(())
}

/// Imports an exchange-format document into one of my circles.
#[server(endpoint = "import_script")]
pub async fn import_script(circle_id: String, document: String) -> Result<(), AppError> {
    let me = current_account().await?;
    let state = app_state()?;
    let db = &state.db;
    role_in(&db.reader, &circle_id, &me).await?;
    let content = format::import(&document)?;
    let id = add_to_circle(&state, &circle_id, &content, &me).await?;
    leptos_axum::redirect(&format!("{}?notice=script-imported", script_path(&id)));
    Ok(())
}

/// Adds a script to a circle's library, within the circle's quota.
#[cfg(feature = "ssr")]
async fn add_to_circle(
    state: &crate::state::AppState,
    circle_id: &str,
    content: &ScriptContent,
    me: &Account,
) -> Result<String, AppError> {
    let mut tx = state.db.writer.begin().await?;
    if store::circle_script_count(&mut *tx, circle_id).await? >= CIRCLE_SCRIPTS_MAX {
        return Err(AppError::invalid(
            "circle_id",
            format!(
                "A circle can keep at most {CIRCLE_SCRIPTS_MAX} scripts. Archive one it no longer uses first."
            ),
        ));
    }
    let now = state.clock.now_seconds();
    let id = store::create(&mut tx, Some(circle_id), None, content, Some(&me.id), now).await?;
    tx.commit().await?;
    Ok(id)
}
