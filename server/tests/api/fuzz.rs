//! Hostile input to every server function: random, oversized, wrong-typed and hostile
//! values (unicode, control characters, SQL and HTML fragments). Each call must come
//! back with a result or a typed error in words (never "something went wrong", never a
//! dropped connection), and a call that fails must leave every table as it was.
//! The values come from a fixed seed, so a failure repeats; `FUZZ_SEED=N` draws other
//! values (to look further than the usual run, on either database).

use crate::support::{
    room::{cast, circle_script, commit, start, track_three, Cast, PASSWORD},
    Browser, TestServer,
};
use app::error::AppError;
use proptest::{
    prelude::*,
    strategy::ValueTree,
    test_runner::{Config, RngAlgorithm, TestRng, TestRunner},
};
use sqlx::AnyPool;

/// Random calls per server function that takes input.
const CASES: usize = 24;

/// Values a careless or malicious caller might send.
fn hostile() -> BoxedStrategy<String> {
    let fixed: Vec<&'static str> = vec![
        "",
        "   ",
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "'; DROP TABLE accounts; --",
        "\" OR \"1\"=\"1",
        "%_\\",
        "-1",
        "0",
        "1.5",
        "18446744073709551616",
        "9223372036854775808",
        "NaN",
        "true",
        "null",
        "[]",
        "{}",
        "2026-02-30",
        "0000-01-01",
        "9999-12-31",
        "2001-01-01",
        "../../../etc/passwd",
        "00000000-0000-0000-0000-000000000000",
        "\u{0}",
        "\u{202e}\u{200b}\u{feff}",
    ];
    prop_oneof![
        4 => proptest::sample::select(fixed).prop_map(str::to_owned),
        2 => "\\PC{0,40}",
        1 => "[\\x00-\\x1f\\x7f]{1,12}",
        1 => (0usize..3).prop_map(|i| match i {
            0 => "x".repeat(10_001),
            1 => "<b>é</b>".repeat(2_000),
            _ => "😀".repeat(40_001),
        }),
    ]
    .boxed()
}

/// Who makes a call: the participant (a plain member), the host, or a visitor whose
/// sign-ups must not sign the others out.
#[derive(Clone, Copy)]
enum Caller {
    Ada,
    Hana,
    Visitor,
}

/// The ids a well-behaved caller would send.
struct World {
    circle: String,
    session: String,
    /// A session Ada planned with Bea, not yet started.
    planned: String,
    commitment: String,
    token: String,
    grow: String,
    script: String,
    bea: String,
    behaviour: String,
}

impl World {
    /// A field's well-behaved value: `$name` is one of the world's ids, `!` means
    /// there is none to send (see CALLS), anything else is itself.
    fn valid(&self, value: &str) -> Option<String> {
        let id = match value {
            "!" => return None,
            "$circle" => &self.circle,
            "$session" => &self.session,
            "$planned" => &self.planned,
            "$commitment" => &self.commitment,
            "$token" => &self.token,
            "$grow" => &self.grow,
            "$script" => &self.script,
            "$bea" => &self.bea,
            "$behaviour" => &self.behaviour,
            literal => literal,
        };
        Some(id.to_owned())
    }
}

use Caller::{Ada, Hana, Visitor};

/// Field names with a well-behaved value each.
type Fields = &'static [(&'static str, &'static str)];

/// Each server function that takes input, who calls it, and its fields with a
/// well-behaved value. `!` marks fields whose correct value would end the test's world
/// (leave the circle, end the session, delete the account, change the password): they
/// only ever get hostile values.
#[rustfmt::skip]
const CALLS: &[(&str, Caller, Fields)] = &[
    ("sign_up", Visitor, &[("email", "new@example.org"), ("display_name", "New"), ("password", PASSWORD),
        ("time_zone", "Europe/Berlin"), ("next", "/")]),
    ("sign_in", Visitor, &[("email", "ada.coach@example.org"), ("password", "!"), ("next", "/")]),
    ("change_password", Ada, &[("current_password", PASSWORD), ("new_password", "!")]),
    ("set_time_zone", Ada, &[("time_zone", "Europe/Berlin")]),
    ("change_profile", Ada, &[("display_name", "Ada Coach"), ("email", "!"), ("password_for_email", "!")]),
    ("delete_account", Ada, &[("password", "!")]),
    ("create_circle", Ada, &[("name", "A circle"), ("purpose", ""), ("cadence", "weekly")]),
    ("load_circle", Ada, &[("circle_id", "$circle")]),
    ("circle_sessions", Ada, &[("circle_id", "$circle"), ("page", "2")]),
    ("session_history", Ada, &[("page", "2")]),
    ("open_invite", Ada, &[("token", "$token")]),
    ("invite_welcome", Visitor, &[("token", "$token")]),
    ("join_circle", Ada, &[("token", "!")]),
    ("rotate_invite", Hana, &[("circle_id", "!")]),
    ("change_circle", Hana, &[("circle_id", "$circle"), ("revision", "!"), ("name", "Room circle"),
        ("purpose", ""), ("cadence", "weekly")]),
    ("invite_by_email", Hana, &[("circle_id", "$circle"), ("addresses", "!")]),
    ("save_reminder_choices", Ada, &[("before_sessions", "!"), ("weekly_checkin", "!"),
        ("checkin_weekday", "!"), ("checkin_time", "!")]),
    ("save_feed_checkin", Ada, &[("checkin_in_feed", "!"), ("slot_weekday", "!"),
        ("slot_time", "!")]),
    ("load_unsubscribe_offer", Ada, &[("token", "!")]),
    ("unsubscribe", Ada, &[("token", "!")]),
    ("ask_password_reset", Visitor, &[("email", "ada.coach@example.org")]),
    ("load_password_reset", Visitor, &[("token", "!")]),
    ("reset_password", Visitor, &[("token", "!"), ("new_password", "!")]),
    ("leave_circle", Ada, &[("circle_id", "!"), ("new_host", "")]),
    ("remove_member", Hana, &[("circle_id", "$circle"), ("account_id", "!")]),
    ("make_host", Hana, &[("circle_id", "$circle"), ("account_id", "!")]),
    ("accept_round", Hana, &[("circle_id", "$circle"), ("pairs[0][coach]", "!"),
        ("pairs[0][coachee]", "!"), ("planned_for", "2027-01-04"), ("planned_time", "09:30")]),
    ("add_circle_behaviour", Hana, &[("circle_id", "$circle"), ("title", "Listens"),
        ("description", ""), ("anchors[0]", "Rarely"), ("anchors[4]", "Always")]),
    ("load_peer_view_form", Ada, &[("subject_id", "$bea")]),
    ("record_peer_views", Ada, &[("subject_id", "$bea"), ("views[0][behaviour_id]", "$behaviour"),
        ("views[0][rating]", "4"), ("views[0][note]", "")]),
    ("track_behaviours", Ada, &[("behaviour_ids[0]", "$behaviour"), ("behaviour_ids[1]", "!"),
        ("behaviour_ids[2]", "!")]),
    ("save_checkin", Ada, &[("ratings[0][behaviour_id]", "$behaviour"), ("ratings[0][rating]", "3"),
        ("ratings[0][evidence]", ""), ("reflection", "")]),
    ("load_script", Ada, &[("script_id", "$grow"), ("version", "1")]),
    ("create_script", Ada, &[("circle_id", "$circle"), ("title", "Mine"), ("description", "")]),
    ("duplicate_script", Ada, &[("script_id", "$grow"), ("circle_id", "$circle")]),
    ("archive_script", Ada, &[("script_id", "!")]),
    ("import_script", Ada, &[("circle_id", "$circle"), ("document", "{}")]),
    ("start_session", Ada, &[("circle_id", "$circle"), ("peer_id", "$bea"), ("my_role", "coach"),
        ("script_id", "$grow"), ("topic", ""), ("day", ""), ("time", ""), ("length", "")]),
    ("load_room", Ada, &[("session_id", "$session")]),
    ("room_state", Ada, &[("session_id", "$session")]),
    ("begin_session", Ada, &[("session_id", "$session"), ("script_id", "$grow")]),
    ("move_step", Ada, &[("session_id", "$session"), ("from", "0"), ("to", "1")]),
    ("set_paused", Ada, &[("session_id", "$session"), ("paused", "true")]),
    ("save_shared_note", Ada, &[("session_id", "$session"), ("step", "0"), ("base_version", "0"),
        ("text", "Shared")]),
    ("save_private_note", Ada, &[("session_id", "$session"), ("step", "0"), ("text", "Private")]),
    ("add_commitment", Ada, &[("session_id", "$session"), ("body", "Try it"), ("due_on", "")]),
    ("close_commitment", Ada, &[("session_id", "$session"), ("commitment_id", "$commitment"),
        ("done", "true")]),
    ("settle_commitment", Ada, &[("commitment_id", "$commitment"), ("kept", "true")]),
    ("load_session_recognition", Ada, &[("session_id", "$session")]),
    ("recognize_in_session", Ada, &[("session_id", "$session"), ("behaviour_id", "$behaviour"),
        ("note", "Thank you"), ("share", "yes")]),
    ("load_circle_recognition", Ada, &[("circle_id", "$circle")]),
    ("recognize_peer", Ada, &[("circle_id", "$circle"), ("recipient_id", "$bea"),
        ("behaviour_id", "$behaviour"), ("note", "Thank you"), ("share", "yes")]),
    ("hide_shout_out", Ada, &[("recognition_id", "!")]),
    ("show_shout_out", Ada, &[("recognition_id", "!")]),
    ("change_session_time", Ada, &[("session_id", "$planned"), ("revision", "0"),
        ("day", "2027-01-04"), ("time", "09:30"), ("length", "")]),
    ("cancel_session", Ada, &[("session_id", "$planned")]),
    ("end_session", Ada, &[("session_id", "!")]),
    ("swap_roles", Ada, &[("session_id", "!")]),
    ("settle_session", Ada, &[("session_id", "!"), ("resume", "true")]),
    ("save_script_form", Ada, &[("script_id", "$script"), ("base_version", "1"), ("title", "T"),
        ("description", ""), ("steps[0][title]", "S"), ("steps[0][questions]", "Q?"),
        ("steps[0][minutes]", "5"), ("steps[0][follow_up]", "true")]),
    // Takes JSON; see `json_body`.
    ("save_script", Ada, &[("script_id", "$script"), ("base_version", "1"), ("title", "T"),
        ("description", ""), ("step_title", "S"), ("coach_guidance", ""), ("coachee_guidance", ""),
        ("question", "Q?"), ("minutes", "5")]),
];

/// Server functions without input: called once each, still checked.
const WITHOUT_INPUT: [&str; 20] = [
    "time_zones",
    "password_reset_by_mail",
    "load_feed_checkin",
    "load_reminder_choices",
    "calendar_feed",
    "rotate_calendar_feed",
    "current_account",
    "my_circles",
    "script_library",
    "my_sessions",
    "my_commitments",
    "load_my_recognition",
    "load_milestones",
    "load_milestone_timeline",
    "checkin_page",
    "load_mirror",
    "load_week_status",
    "load_reminders",
    "sign_out_elsewhere",
    "sign_out",
];

/// `save_script`'s fields as its JSON body; a hostile number goes in as a string.
fn json_body(fields: &[(&str, String)]) -> serde_json::Value {
    let get = |name: &str| {
        fields
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let number = |name: &str| {
        let text = get(name);
        text.parse::<i64>()
            .map(serde_json::Value::from)
            .unwrap_or(serde_json::Value::String(text))
    };
    serde_json::json!({
        "script_id": get("script_id"),
        "base_version": number("base_version"),
        "content": {
            "title": get("title"),
            "description": get("description"),
            "steps": [{
                "title": get("step_title"),
                "coach_guidance": get("coach_guidance"),
                "coachee_guidance": get("coachee_guidance"),
                "questions": [get("question")],
                "minutes": number("minutes"),
                "follow_up": false,
            }],
        },
    })
}

/// Every row of every table the product writes, as text, to tell whether a call
/// changed anything. The browser-session store is left out: it records visits; so are
/// PostgreSQL's register of running nodes and who has which room open through them.
async fn snapshot(db: &AnyPool) -> Vec<String> {
    let postgres = crate::support::postgres::on_postgres();
    let (tables, columns, quote) = if postgres {
        (
            "SELECT CAST(table_name AS TEXT) FROM information_schema.tables
             WHERE table_schema = 'public'
               AND table_name NOT IN ('tower_sessions', 'server_nodes', 'room_presence')
             ORDER BY 1",
            "SELECT CAST(column_name AS TEXT) FROM information_schema.columns
             WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position",
            "quote_nullable",
        )
    } else {
        (
            "SELECT name FROM sqlite_master WHERE type = 'table'
             AND name NOT LIKE 'tower_sessions%' AND name NOT LIKE 'sqlite_%' ORDER BY name",
            "SELECT name FROM pragma_table_info($1) ORDER BY cid",
            "quote",
        )
    };
    let tables: Vec<String> = sqlx::query_scalar(tables)
        .fetch_all(db)
        .await
        .expect("tables");
    let mut rows = Vec::new();
    for table in tables {
        let columns: Vec<String> = sqlx::query_scalar(columns)
            .bind(&table)
            .fetch_all(db)
            .await
            .expect("columns");
        let row = columns
            .iter()
            .map(|c| format!("{quote}(\"{c}\")"))
            .collect::<Vec<_>>()
            .join("||'|'||");
        let query = format!("SELECT '{table}:'||{row} AS r FROM \"{table}\" ORDER BY r");
        rows.extend(
            sqlx::query_scalar::<_, String>(&query)
                .fetch_all(db)
                .await
                .expect("rows"),
        );
    }
    rows
}

/// Calls `name`, returning whether it succeeded, or what is wrong with its answer.
async fn call(browser: &Browser, name: &str, fields: &[(&str, String)]) -> Result<bool, String> {
    let request = browser.client.post(format!("{}/api/{name}", browser.base));
    let request = if name == "save_script" {
        request.json(&json_body(fields))
    } else {
        request.form(fields)
    };
    let response = request
        .send()
        .await
        .map_err(|e| format!("the connection failed (a panic?): {e}"))?;
    let status = response.status();
    let body = response.text().await.map_err(|e| format!("no body: {e}"))?;
    if status.is_success() || status.is_redirection() {
        return Ok(true);
    }
    match serde_json::from_str::<AppError>(&body) {
        Ok(AppError::Internal) => Err("an internal error".into()),
        // Wrong-typed values never reach our code: server_fn refuses to decode them,
        // and that is the sender's mistake (Invalid), never a lost connection.
        Ok(AppError::Transport(message)) => Err(format!("a transport error: {message}")),
        Ok(AppError::Invalid(problems)) if problems.iter().any(|p| p.message.trim().is_empty()) => {
            Err("a field problem without words".into())
        }
        Ok(_) => Ok(false),
        Err(_) => Err(format!("{status}, not a typed error: {body:.200}")),
    }
}

#[tokio::test]
async fn hostile_input_to_every_server_function_gets_words_and_changes_nothing() {
    let server = TestServer::start().await;
    let cast = cast(&server).await;
    let world = world(&cast).await;
    let visitor = server.browser();
    let db = server.db().await;

    for (path, _) in leptos::server_fn::axum::server_fn_paths() {
        let name = path.trim_start_matches("/api/");
        assert!(
            CALLS.iter().any(|(n, _, _)| *n == name) || WITHOUT_INPUT.contains(&name),
            "{path} is not fuzzed: add it to CALLS or WITHOUT_INPUT"
        );
    }

    let rng = match std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
    {
        Some(seed) => {
            let mut bytes = [0u8; 32];
            bytes[..8].copy_from_slice(&seed.to_le_bytes());
            TestRng::from_seed(RngAlgorithm::ChaCha, &bytes)
        }
        None => TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    };
    let mut runner = TestRunner::new_with_rng(Config::default(), rng);
    let mut before = snapshot(&db).await;
    let mut wrong = Vec::new();
    for (name, caller, fields) in CALLS {
        let browser = match caller {
            Ada => &cast.ada,
            Hana => &cast.hana,
            Visitor => &visitor,
        };
        let choice = (
            prop::collection::vec((any::<bool>(), hostile()), fields.len()),
            0..fields.len(),
        );
        let (mut ok, mut refused, started) = (0, 0, std::time::Instant::now());
        for _ in 0..CASES {
            let (drawn, forced) = choice.new_tree(&mut runner).expect("values").current();
            let values: Vec<(&str, String)> = fields
                .iter()
                .zip(drawn)
                .enumerate()
                .map(
                    |(i, ((field, value), (keep, bad)))| match world.valid(value) {
                        Some(good) if keep && i != forced => (*field, good),
                        _ => (*field, bad),
                    },
                )
                .collect();
            let shown = || format!("{name}({:.300})", format!("{values:?}"));
            match call(browser, name, &values).await {
                Ok(true) => {
                    ok += 1;
                    before = snapshot(&db).await
                }
                Ok(false) => {
                    refused += 1;
                    if snapshot(&db).await != before {
                        wrong.push(format!("{}: refused, but rows changed", shown()));
                        before = snapshot(&db).await;
                    }
                }
                Err(problem) => wrong.push(format!("{}: {problem}", shown())),
            }
        }
        eprintln!(
            "{name}: {ok} accepted, {refused} refused, {:?}",
            started.elapsed()
        );
    }
    for name in WITHOUT_INPUT {
        if let Err(problem) = call(&cast.hana, name, &[]).await {
            wrong.push(format!("{name}: {problem}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(crate::support::integrity_is_ok(&db).await);
}

async fn world(cast: &Cast) -> World {
    let session = start(cast).await;
    let state = commit(&cast.ada, &session, "Try it").await;
    let tracked = track_three(&cast.ada).await;
    let planned = cast
        .ada
        .call(
            "start_session",
            &[
                ("circle_id", cast.circle_id.as_str()),
                ("peer_id", &cast.bea_id),
                ("my_role", "coach"),
                ("script_id", &cast.grow_id),
                ("day", "2027-01-04"),
            ],
        )
        .await;
    assert!(planned.is_success(), "{}", planned.body);
    let planned: Vec<app::sessions::SessionSummary> =
        cast.ada.call("my_sessions", &[]).await.json();
    let planned = planned
        .into_iter()
        .find(|s| s.status == app::sessions::SessionStatus::Planned)
        .expect("the planned session")
        .id;
    World {
        planned,
        circle: cast.circle_id.clone(),
        commitment: state.commitments[0].id.clone(),
        session,
        token: cast.token.clone(),
        grow: cast.grow_id.clone(),
        script: circle_script(&cast.hana, &cast.circle_id, "Ours").await,
        bea: cast.bea_id.clone(),
        behaviour: tracked[0].clone(),
    }
}
