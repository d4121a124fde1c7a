//! The rules a script keeps, the exchange format, seeding and version pinning.

use super::*;
use crate::db::Db;

fn step(title: &str) -> Step {
    Step {
        title: title.into(),
        coach_guidance: "Ask.".into(),
        coachee_guidance: "Answer.".into(),
        questions: vec!["What do you want?".into()],
        minutes: 5,
        follow_up: false,
    }
}

fn script(steps: Vec<Step>) -> ScriptContent {
    ScriptContent {
        title: "Test script".into(),
        description: String::new(),
        steps,
    }
}

fn fields(content: &ScriptContent) -> Vec<String> {
    content.problems().into_iter().map(|p| p.field).collect()
}

#[test]
fn a_sound_script_has_no_problems() {
    assert!(script(vec![step("One"), step("Two")]).problems().is_empty());
}

#[test]
fn every_rule_is_checked_and_every_problem_named() {
    assert_eq!(fields(&script(vec![])), ["steps"]);
    assert_eq!(fields(&script(vec![step("x"); 21])), ["steps"]);
    let mut bad = step("");
    bad.coach_guidance = "g".repeat(2_001);
    bad.questions = vec!["q".into(); 9];
    bad.minutes = 0;
    let mut also_bad = step(&"t".repeat(121));
    also_bad.questions = vec!["q".repeat(301)];
    also_bad.minutes = 61;
    let mut content = script(vec![bad, also_bad]);
    content.title = String::new();
    let found = fields(&content);
    for expected in [
        "title",
        "steps[0].title",
        "steps[0].coach_guidance",
        "steps[0].questions",
        "steps[0].minutes",
        "steps[1].title",
        "steps[1].questions",
        "steps[1].minutes",
    ] {
        assert!(
            found.contains(&expected.to_owned()),
            "{expected} in {found:?}"
        );
    }
}

#[test]
fn only_one_follow_up_step() {
    let mut a = step("a");
    a.follow_up = true;
    let mut content = script(vec![a.clone(), step("b")]);
    assert!(content.problems().is_empty());
    content.steps[1].follow_up = true;
    assert_eq!(fields(&content), ["steps"]);
}

#[test]
fn limits_are_inclusive() {
    let mut edge = step(&"t".repeat(120));
    edge.coachee_guidance = "g".repeat(2_000);
    edge.questions = vec!["q".repeat(300); 8];
    edge.minutes = 60;
    assert!(script(vec![edge; 20]).problems().is_empty());
}

#[test]
fn export_then_import_gives_an_equal_script() {
    for (_, content) in seed::built_ins().expect("built-ins are valid") {
        let back = format::import(&format::export(&content)).expect("round trip");
        assert_eq!(back, content);
    }
}

#[test]
fn built_ins_are_complete_scripts() {
    let built_ins = seed::built_ins().expect("valid");
    let titles: Vec<_> = built_ins.iter().map(|(_, c)| c.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "GROW",
            "Peer consult",
            "Commitment follow-up",
            "Coach the coach"
        ]
    );
    for (key, content) in &built_ins {
        assert!((4..=8).contains(&content.steps.len()), "{key}");
        assert!((20..=45).contains(&content.total_minutes()), "{key}");
        for step in &content.steps {
            assert!(
                (2..=5).contains(&step.questions.len()),
                "{key}: {}",
                step.title
            );
            assert!(!step.coach_guidance.is_empty() && !step.coachee_guidance.is_empty());
        }
    }
}

#[test]
fn imports_name_every_problem() {
    let messages = |text: &str| match format::import(text) {
        Err(AppError::Invalid(problems)) => {
            problems.into_iter().map(|p| p.message).collect::<Vec<_>>()
        }
        other => panic!("expected problems, got {other:?}"),
    };
    assert!(messages("{not json")[0].contains("not valid JSON"));
    assert!(messages(r#"{"format_version": 2}"#)[0].contains("version 2"));
    let unknown = r#"{"format":"coaching-circles/script","format_version":1,"title":"T","steps":[],"colour":"red"}"#;
    assert!(
        messages(unknown)[0].contains("colour"),
        "{:?}",
        messages(unknown)
    );
    let two_errors = r#"{"format":"coaching-circles/script","format_version":1,"title":"",
        "steps":[{"title":"A","coach_guidance":"","coachee_guidance":"","questions":[],"minutes":90}]}"#;
    let found = messages(two_errors);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(format::import("").is_err());
}

#[tokio::test]
async fn seeding_twice_changes_nothing() {
    let db = Db::in_memory().await.expect("db");
    assert_eq!(seed::seed_builtins(&db, 0).await.expect("seed"), 4);
    assert_eq!(seed::seed_builtins(&db, 0).await.expect("seed again"), 0);
    let versions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM script_versions")
        .fetch_one(db.reader.sqlite())
        .await
        .expect("count");
    assert_eq!(versions, 4);
}

#[tokio::test]
async fn a_changed_built_in_ships_as_a_new_version_and_old_versions_stay() {
    let db = Db::in_memory().await.expect("db");
    seed::seed_builtins(&db, 0).await.expect("seed");
    let id = store::builtin_id(&db.reader, "grow")
        .await
        .expect("q")
        .expect("grow");
    // Pretend an older build had shipped different content as version 1.
    sqlx::query("UPDATE script_versions SET title = 'GROW (old)' WHERE script_id = $1")
        .bind(&id)
        .execute(db.writer.sqlite())
        .await
        .expect("update");
    assert_eq!(seed::seed_builtins(&db, 0).await.expect("reseed"), 1);
    let current = store::find(&db.reader, &id, None)
        .await
        .expect("q")
        .expect("found");
    assert_eq!(
        (current.version, current.content.title.as_str()),
        (2, "GROW")
    );
    let pinned = store::find(&db.reader, &id, Some(1))
        .await
        .expect("q")
        .expect("found");
    assert_eq!(
        pinned.content.title, "GROW (old)",
        "a pinned version never changes"
    );
}

#[tokio::test]
async fn a_save_from_a_stale_version_writes_nothing() {
    let db = Db::in_memory().await.expect("db");
    seed::seed_builtins(&db, 0).await.expect("seed");
    let id = store::builtin_id(&db.reader, "peer-consult")
        .await
        .expect("q")
        .expect("id");
    let mut changed = script(vec![step("Only")]);
    let mut tx = db.writer.begin().await.expect("tx");
    assert!(store::add_version(&mut tx, &id, 1, &changed, None, 0)
        .await
        .expect("first save"));
    changed.title = "Second".into();
    assert!(!store::add_version(&mut tx, &id, 1, &changed, None, 0)
        .await
        .expect("stale save"));
    tx.commit().await.expect("commit");
    let history = store::history(&db.reader, &id).await.expect("history");
    assert_eq!(history.len(), 2);
}

#[test]
fn a_copy_is_named_for_its_circle_and_numbered_when_taken() {
    assert_eq!(
        copy_title("GROW", "Tuesday peers", &[]),
        "GROW (Tuesday peers)"
    );
    let taken = vec!["GROW (Tuesday peers)".to_owned()];
    assert_eq!(
        copy_title("GROW", "Tuesday peers", &taken),
        "GROW (Tuesday peers) 2"
    );
    // A copy of a copy does not pile up circle names.
    assert_eq!(
        copy_title("GROW (Tuesday peers)", "Tuesday peers", &taken),
        "GROW (Tuesday peers) 2"
    );
    let long = "x".repeat(TITLE_MAX);
    let title = copy_title(&long, "Tuesday peers", &[]);
    assert_eq!(title.chars().count(), TITLE_MAX);
    assert!(title.ends_with(" (Tuesday peers)"));
}
