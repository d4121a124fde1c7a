//! Scripts through the real server: who may read and write them, versions and
//! conflicting saves, duplicating and importing.

use crate::support::{Browser, TestServer};
use app::{
    error::AppError,
    scripts::{format, Owner, ScriptContent, ScriptDetail, ScriptSummary},
};
use serde_json::json;

const PASSWORD: &str = "a long enough password";

async fn person(server: &TestServer, name: &str) -> Browser {
    let browser = server.browser();
    let email = format!("{}@example.org", name.to_lowercase().replace(' ', "."));
    assert!(browser.sign_up(&email, name, PASSWORD).await.is_success());
    browser
}

/// A circle with `host` in it; `member` joins. Returns the circle id.
async fn circle(host: &Browser, member: Option<&Browser>) -> String {
    let reply = host
        .call(
            "create_circle",
            &[
                ("name", "Peers"),
                ("purpose", "Coach."),
                ("cadence", "weekly"),
            ],
        )
        .await;
    let id = reply
        .location
        .expect("redirect")
        .trim_start_matches("/circles/")
        .split('?')
        .next()
        .unwrap_or_default()
        .to_owned();
    if let Some(member) = member {
        let view: serde_json::Value = host.call("load_circle", &[("circle_id", &id)]).await.json();
        let url = view["invite_url"].as_str().unwrap_or_default().to_owned();
        let token = url.rsplit('/').next().unwrap_or_default();
        assert!(member
            .call("join_circle", &[("token", token)])
            .await
            .is_success());
    }
    id
}

async fn library(browser: &Browser) -> Vec<ScriptSummary> {
    browser.call("script_library", &[]).await.json()
}

async fn load(browser: &Browser, id: &str) -> Result<ScriptDetail, AppError> {
    browser
        .call("load_script", &[("script_id", id)])
        .await
        .result()
}

/// Creates a circle script and returns its id.
async fn new_script(author: &Browser, circle_id: &str) -> String {
    let reply = author
        .call(
            "create_script",
            &[
                ("circle_id", circle_id),
                ("title", "Our check-in"),
                ("description", ""),
            ],
        )
        .await;
    let location = reply
        .location
        .unwrap_or_else(|| panic!("{}: {}", reply.status, reply.body));
    location
        .trim_start_matches("/scripts/")
        .trim_end_matches("/edit")
        .to_owned()
}

async fn save(author: &Browser, id: &str, base: i64, title: &str) -> crate::support::Reply {
    let mut detail = load(author, id).await.expect("readable");
    detail.content.title = title.into();
    author
        .call_json(
            "save_script",
            &json!({ "script_id": id, "base_version": base, "content": detail.content }),
        )
        .await
}

#[tokio::test]
async fn built_ins_are_seeded_readable_by_all_and_editable_by_none() {
    let server = TestServer::start().await;
    let anyone = person(&server, "Ann Anyone").await;
    let scripts = library(&anyone).await;
    let titles: Vec<_> = scripts.iter().map(|s| s.title.as_str()).collect();
    for title in [
        "GROW",
        "Peer consult",
        "Commitment follow-up",
        "Coach the coach",
    ] {
        assert!(titles.contains(&title), "{titles:?}");
    }
    let grow = scripts.iter().find(|s| s.title == "GROW").expect("grow");
    assert_eq!(grow.owner, Owner::BuiltIn);
    let detail = load(&anyone, &grow.id).await.expect("readable");
    assert!(!detail.editable);
    assert_eq!(
        save(&anyone, &grow.id, 1, "Mine now").await.error(),
        AppError::NotFound
    );
    assert_eq!(
        anyone
            .call("archive_script", &[("script_id", &grow.id)])
            .await
            .error(),
        AppError::NotFound
    );
    assert_eq!(server.count("script_versions").await, 4);
}

#[tokio::test]
async fn anonymous_callers_are_asked_to_sign_in() {
    let server = TestServer::start().await;
    let anonymous = server.browser();
    for (name, fields) in [
        ("script_library", vec![]),
        ("load_script", vec![("script_id", "x")]),
        ("create_script", vec![("circle_id", "x"), ("title", "t")]),
        (
            "duplicate_script",
            vec![("script_id", "x"), ("circle_id", "y")],
        ),
        ("archive_script", vec![("script_id", "x")]),
        (
            "import_script",
            vec![("circle_id", "x"), ("document", "{}")],
        ),
    ] {
        assert_eq!(
            anonymous.call(name, &fields).await.error(),
            AppError::NotSignedIn,
            "{name}"
        );
    }
    let reply = anonymous
        .call_json("save_script", &json!({"script_id": "x", "base_version": 1, "content": {"title": "", "description": "", "steps": []}}))
        .await;
    assert_eq!(reply.error(), AppError::NotSignedIn);
}

#[tokio::test]
async fn circle_scripts_are_for_members_only() {
    let server = TestServer::start().await;
    let host = person(&server, "Hana Host").await;
    let member = person(&server, "Mo Member").await;
    let stranger = person(&server, "Sam Stranger").await;
    let circle_id = circle(&host, Some(&member)).await;
    let id = new_script(&host, &circle_id).await;
    assert!(load(&member, &id).await.expect("member reads").editable);
    assert!(library(&member).await.iter().any(|s| s.id == id));
    assert!(!library(&stranger).await.iter().any(|s| s.id == id));
    assert_eq!(load(&stranger, &id).await, Err(AppError::NotFound));
    assert_eq!(save(&host, &id, 1, "Edited").await.status, 200);
    let reply = stranger
        .call_json("save_script", &json!({"script_id": id, "base_version": 2, "content": load(&host, &id).await.expect("r").content}))
        .await;
    assert_eq!(reply.error(), AppError::NotFound);
    for (name, fields) in [
        ("archive_script", vec![("script_id", id.as_str())]),
        (
            "duplicate_script",
            vec![
                ("script_id", id.as_str()),
                ("circle_id", circle_id.as_str()),
            ],
        ),
        (
            "create_script",
            vec![("circle_id", circle_id.as_str()), ("title", "Sneaky")],
        ),
        (
            "import_script",
            vec![("circle_id", circle_id.as_str()), ("document", "{}")],
        ),
    ] {
        assert_eq!(
            stranger.call(name, &fields).await.error(),
            AppError::NotFound,
            "{name}"
        );
    }
    for bad in ["", "nope", "../x"] {
        assert_eq!(load(&host, bad).await, Err(AppError::NotFound));
    }
    assert_eq!(server.count("scripts WHERE circle_id IS NOT NULL").await, 1);
}

#[tokio::test]
async fn the_second_of_two_concurrent_saves_is_told_and_nothing_is_overwritten() {
    let server = TestServer::start().await;
    let host = person(&server, "Hana Host").await;
    let member = person(&server, "Mo Member").await;
    let circle_id = circle(&host, Some(&member)).await;
    let id = new_script(&host, &circle_id).await;
    let first = save(&host, &id, 1, "Host's title").await;
    assert_eq!(first.json::<i64>(), 2);
    let second = save(&member, &id, 1, "Member's title").await;
    assert_eq!(second.error(), AppError::StaleVersion);
    let detail = load(&member, &id).await.expect("readable");
    assert_eq!(
        (detail.version, detail.content.title.as_str()),
        (2, "Host's title")
    );
    let authors: Vec<_> = detail
        .history
        .iter()
        .map(|v| v.author.clone().unwrap_or_default())
        .collect();
    assert_eq!(authors, ["Hana Host", "Hana Host"]);
}

#[tokio::test]
async fn bad_scripts_are_refused_with_every_problem_and_nothing_written() {
    let server = TestServer::start().await;
    let host = person(&server, "Hana Host").await;
    let circle_id = circle(&host, None).await;
    let id = new_script(&host, &circle_id).await;
    let reply = host
        .call_json("save_script", &json!({"script_id": id, "base_version": 1, "content": {
            "title": "", "description": "",
            "steps": [{"title": "", "coach_guidance": "", "coachee_guidance": "", "questions": [], "minutes": 0, "follow_up": false}]
        }}))
        .await;
    match reply.error() {
        AppError::Invalid(problems) => assert_eq!(problems.len(), 3, "{problems:?}"),
        other => panic!("{other:?}"),
    }
    let document = r#"{"format":"coaching-circles/script","format_version":1,"title":"",
        "steps":[{"title":"A","coach_guidance":"","coachee_guidance":"","questions":[],"minutes":99}]}"#;
    match host
        .call(
            "import_script",
            &[("circle_id", &circle_id), ("document", document)],
        )
        .await
        .error()
    {
        AppError::Invalid(problems) => assert_eq!(problems.len(), 2, "{problems:?}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(server.count("script_versions WHERE script_id NOT IN (SELECT id FROM scripts WHERE builtin_key IS NOT NULL)").await, 1);
}

#[tokio::test]
async fn a_built_in_duplicates_into_a_circle_and_exports_and_imports_unchanged() {
    let server = TestServer::start().await;
    let host = person(&server, "Hana Host").await;
    let circle_id = circle(&host, None).await;
    let grow = library(&host)
        .await
        .into_iter()
        .find(|s| s.title == "GROW")
        .expect("grow");
    let reply = host
        .call(
            "duplicate_script",
            &[("script_id", &grow.id), ("circle_id", &circle_id)],
        )
        .await;
    let copy_id = reply
        .location
        .expect("redirect")
        .trim_start_matches("/scripts/")
        .split('/')
        .next()
        .unwrap_or_default()
        .to_owned();
    let copy = load(&host, &copy_id).await.expect("copy");
    let original = load(&host, &grow.id).await.expect("original");
    // The copy is named for its circle; everything else is the original's.
    assert!(
        copy.content.title.starts_with("GROW (") && copy.content.title.ends_with(')'),
        "{}",
        copy.content.title
    );
    let renamed = ScriptContent {
        title: copy.content.title.clone(),
        ..original.content.clone()
    };
    assert_eq!(copy.content, renamed);
    assert!(copy.editable);
    let document = format::export(&copy.content);
    let reply = host
        .call(
            "import_script",
            &[("circle_id", &circle_id), ("document", &document)],
        )
        .await;
    assert!(reply.is_success(), "{}", reply.body);
    let imported_id = reply
        .location
        .expect("redirect")
        .trim_start_matches("/scripts/")
        .split('?')
        .next()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(
        load(&host, &imported_id).await.expect("imported").content,
        copy.content
    );
    assert!(host
        .call("archive_script", &[("script_id", &copy_id)])
        .await
        .is_success());
    assert!(!library(&host).await.iter().any(|s| s.id == copy_id));
    assert!(
        !load(&host, &copy_id)
            .await
            .expect("still readable")
            .editable
    );
}

/// The editor's form as a browser without JavaScript posts it: one line per step.
fn editor_form(id: &str, base: i64, steps: &[&str], change: Option<&str>) -> Vec<(String, String)> {
    let mut fields = vec![
        ("script_id".to_owned(), id.to_owned()),
        ("base_version".to_owned(), base.to_string()),
        ("title".to_owned(), "Our check-in".to_owned()),
        ("description".to_owned(), String::new()),
    ];
    for (i, title) in steps.iter().enumerate() {
        fields.push((format!("steps[{i}][title]"), (*title).to_owned()));
        fields.push((format!("steps[{i}][questions]"), "Why?\r\nHow?".to_owned()));
        fields.push((format!("steps[{i}][minutes]"), "5".to_owned()));
    }
    fields.extend(change.map(|c| ("change".to_owned(), c.to_owned())));
    fields
}

#[tokio::test]
async fn the_editor_without_javascript_changes_steps_unsaved_then_saves_what_it_showed() {
    let server = TestServer::start().await;
    let host = person(&server, "Hana Host").await;
    let stranger = person(&server, "Sam Stranger").await;
    let circle_id = circle(&host, None).await;
    let id = new_script(&host, &circle_id).await;
    let edit = format!("/scripts/{id}/edit");

    // A move comes back to the editor, moved, and saves nothing.
    let moved = host
        .call_owned(
            "save_script_form",
            &editor_form(&id, 1, &["Arrive", "Close"], Some("down-0")),
        )
        .await;
    assert_eq!(
        moved.location.as_deref(),
        Some(edit.as_str()),
        "{}",
        moved.body
    );
    let page = host.get(&edit).await.text().await.expect("page");
    let (close, arrive) = (page.find("value=\"Close\""), page.find("value=\"Arrive\""));
    assert!(close.is_some() && close < arrive, "Close is shown first");
    assert!(
        page.contains("“Arrive” moved to step 2 of 2."),
        "the move is said"
    );
    assert_eq!(load(&host, &id).await.expect("readable").version, 1);
    // Handed back once: the next visit shows the saved version again.
    let again = host.get(&edit).await.text().await.expect("page");
    assert!(!again.contains("value=\"Close\""));

    // Moves that cannot be made, and strangers, are refused.
    for change in ["up-0", "down-1", "remove-2", "sideways-0"] {
        let reply = host
            .call_owned(
                "save_script_form",
                &editor_form(&id, 1, &["A", "B"], Some(change)),
            )
            .await;
        assert!(matches!(reply.error(), AppError::Invalid(_)), "{change}");
    }
    let reply = stranger
        .call_owned(
            "save_script_form",
            &editor_form(&id, 1, &["A"], Some("add")),
        )
        .await;
    assert_eq!(reply.error(), AppError::NotFound);

    // Saving keeps the order sent and the questions line by line.
    let saved = host
        .call_owned(
            "save_script_form",
            &editor_form(&id, 1, &["Close", "Arrive"], None),
        )
        .await;
    assert_eq!(saved.location, Some(format!("{edit}?notice=script-saved")));
    let detail = load(&host, &id).await.expect("readable");
    let titles: Vec<_> = detail
        .content
        .steps
        .iter()
        .map(|s| s.title.as_str())
        .collect();
    assert_eq!((detail.version, titles), (2, vec!["Close", "Arrive"]));
    assert_eq!(detail.content.steps[0].questions, ["Why?", "How?"]);
    let stale = host
        .call_owned("save_script_form", &editor_form(&id, 1, &["Late"], None))
        .await;
    assert_eq!(stale.error(), AppError::StaleVersion);
}
