//! The access matrix: every server function, called as anonymous, a signed-in
//! stranger, a circle member, a session participant and the circle's host, with the
//! outcome each may get. "Allowed" means the call got past the access checks (it may
//! still be refused for its input, in words). A server function without a row here
//! fails the test, so none is added without deciding who may call it.
//!
//! Two more callers need no column of their own: a former member (who took part in a
//! session, then left the circle) must be answered exactly as a stranger, also about
//! that session; a deleted account's browser exactly as anonymous.

use crate::support::{
    room::{cast, circle_script, commit, create_circle, person, start},
    Browser, TestServer,
};
use app::{circles::CircleView, error::AppError};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Outcome {
    Allowed,
    SignIn,
    NotFound,
}
use Outcome::{Allowed as A, NotFound as N, SignIn as S};

/// Who is calling, in the order the matrix's columns list them.
#[derive(Clone, Copy, Debug)]
enum Role {
    Anonymous,
    Stranger,
    Member,
    Participant,
    Host,
    /// Answered as a stranger.
    FormerMember,
    /// Answered as anonymous.
    DeletedPeer,
}
/// The callers in the order they call: the host last, whose calls rotate the invite.
const ROLES: [Role; 7] = [
    Role::Anonymous,
    Role::Stranger,
    Role::Member,
    Role::Participant,
    Role::FormerMember,
    Role::DeletedPeer,
    Role::Host,
];

impl Role {
    /// The matrix column this caller is answered by.
    fn column(self) -> usize {
        match self {
            Role::FormerMember => Role::Stranger as usize,
            Role::DeletedPeer => Role::Anonymous as usize,
            role => role as usize,
        }
    }
}

/// Everything the rows refer to.
struct World {
    circle_id: String,
    session_id: String,
    commitment_id: String,
    token: String,
    grow_id: String,
    circle_script: String,
    /// A circle script per role that may archive one, so each archives its own.
    to_archive: [String; 7],
    /// The session the former member took part in before leaving, and its commitment.
    former_session_id: String,
    former_commitment_id: String,
    bea_id: String,
    cai_id: String,
    /// A behaviour the circle's members may name.
    behaviour_id: String,
    shout_out_id: String,
}

type Fields = Vec<(&'static str, String)>;

/// (server function, its fields, expected outcome per role), in the order called:
/// calls that change who belongs where or who is signed in come last.
fn matrix(w: &World, role: Role) -> Vec<(&'static str, Fields, [Outcome; 5])> {
    let s = |v: &str| v.to_owned();
    let circle = || ("circle_id", w.circle_id.clone());
    let former = matches!(role, Role::FormerMember);
    let session = || {
        let id = if former {
            &w.former_session_id
        } else {
            &w.session_id
        };
        ("session_id", id.clone())
    };
    let commitment_id = if former {
        &w.former_commitment_id
    } else {
        &w.commitment_id
    };
    let pair = [S, N, N, A, N];
    vec![
        ("current_account", vec![], [A, A, A, A, A]),
        (
            "sign_up",
            vec![
                ("email", s("not an email")),
                ("display_name", s("X")),
                ("password", s("short")),
                ("next", s("")),
            ],
            [A, A, A, A, A],
        ),
        (
            "sign_in",
            vec![
                ("email", s("nobody@example.org")),
                ("password", s("wrong password here")),
                ("next", s("")),
            ],
            [A, A, A, A, A],
        ),
        (
            "change_password",
            vec![
                ("current_password", s("wrong password here")),
                ("new_password", s("another long password")),
            ],
            [S, A, A, A, A],
        ),
        ("time_zones", vec![], [A, A, A, A, A]),
        (
            "set_time_zone",
            vec![("time_zone", s("UTC"))],
            [S, A, A, A, A],
        ),
        ("calendar_feed", vec![], [S, A, A, A, A]),
        ("rotate_calendar_feed", vec![], [S, A, A, A, A]),
        ("load_feed_checkin", vec![], [S, A, A, A, A]),
        (
            "save_feed_checkin",
            vec![("slot_weekday", s("8")), ("slot_time", s("later"))],
            [S, A, A, A, A],
        ),
        ("load_reminder_choices", vec![], [S, A, A, A, A]),
        (
            "save_reminder_choices",
            vec![("checkin_weekday", s("8")), ("checkin_time", s("later"))],
            [S, A, A, A, A],
        ),
        // Unsubscribe links work signed out; one not signed by the server is not
        // found for everyone (tests/api/reminders.rs has the real links).
        (
            "load_unsubscribe_offer",
            vec![("token", s("someone.weekly_checkin.0.00"))],
            [N, N, N, N, N],
        ),
        (
            "unsubscribe",
            vec![("token", s("someone.weekly_checkin.0.00"))],
            [N, N, N, N, N],
        ),
        (
            "change_profile",
            vec![("display_name", s("")), ("email", s("not an email"))],
            [S, A, A, A, A],
        ),
        (
            "delete_account",
            vec![("password", s("wrong password here"))],
            [S, A, A, A, A],
        ),
        ("my_circles", vec![], [S, A, A, A, A]),
        (
            "create_circle",
            vec![
                ("name", s("")),
                ("purpose", s("")),
                ("cadence", s("weekly")),
            ],
            [S, A, A, A, A],
        ),
        ("load_circle", vec![circle()], [S, N, A, A, A]),
        (
            "open_invite",
            vec![("token", w.token.clone())],
            [S, A, A, A, A],
        ),
        (
            "invite_welcome",
            vec![("token", w.token.clone())],
            [A, A, A, A, A],
        ),
        (
            "remove_member",
            vec![circle(), ("account_id", w.cai_id.clone())],
            [S, N, N, N, A],
        ),
        (
            "make_host",
            vec![circle(), ("account_id", w.cai_id.clone())],
            [S, N, N, N, A],
        ),
        ("accept_round", vec![circle()], [S, N, N, N, A]),
        ("script_library", vec![], [S, A, A, A, A]),
        (
            "load_script",
            vec![("script_id", w.grow_id.clone())],
            [S, A, A, A, A],
        ),
        (
            "load_script",
            vec![("script_id", w.circle_script.clone())],
            [S, N, A, A, A],
        ),
        (
            "create_script",
            vec![circle(), ("title", s(""))],
            [S, N, A, A, A],
        ),
        // Takes JSON: the loop below sends these fields as a JSON body.
        (
            "save_script",
            vec![("script_id", w.circle_script.clone())],
            [S, N, A, A, A],
        ),
        (
            "save_script_form",
            vec![
                ("script_id", w.circle_script.clone()),
                ("base_version", s("0")),
            ],
            [S, N, A, A, A],
        ),
        (
            "duplicate_script",
            vec![("script_id", w.grow_id.clone()), circle()],
            [S, N, A, A, A],
        ),
        (
            "archive_script",
            vec![("script_id", w.to_archive[role as usize].clone())],
            [S, N, A, A, A],
        ),
        (
            "import_script",
            vec![circle(), ("document", s("not a script"))],
            [S, N, A, A, A],
        ),
        (
            "start_session",
            vec![
                circle(),
                ("peer_id", w.bea_id.clone()),
                ("my_role", s("coach")),
                ("script_id", w.grow_id.clone()),
                ("day", s("2001-01-01")),
            ],
            [S, N, A, A, A],
        ),
        ("my_sessions", vec![], [S, A, A, A, A]),
        ("session_history", vec![], [S, A, A, A, A]),
        ("load_room", vec![session()], pair),
        ("room_state", vec![session()], pair),
        ("begin_session", vec![session()], pair),
        (
            "move_step",
            vec![session(), ("from", s("0")), ("to", s("1"))],
            pair,
        ),
        ("set_paused", vec![session(), ("paused", s("false"))], pair),
        (
            "save_shared_note",
            vec![
                session(),
                ("step", s("0")),
                ("base_version", s("0")),
                ("text", s("note")),
            ],
            pair,
        ),
        (
            "save_private_note",
            vec![session(), ("step", s("0")), ("text", s("note"))],
            pair,
        ),
        (
            "add_commitment",
            vec![session(), ("body", s("")), ("due_on", s(""))],
            pair,
        ),
        (
            "close_commitment",
            vec![
                session(),
                ("commitment_id", commitment_id.clone()),
                ("done", s("true")),
            ],
            pair,
        ),
        // Only the coachee who made it (Bea, no column here) may settle it from Home.
        (
            "settle_commitment",
            vec![
                ("commitment_id", commitment_id.clone()),
                ("kept", s("true")),
            ],
            [S, N, N, N, N],
        ),
        ("my_commitments", vec![], [S, A, A, A, A]),
        ("end_session", vec![session()], pair),
        ("swap_roles", vec![session()], pair),
        (
            "settle_session",
            vec![session(), ("resume", s("true"))],
            pair,
        ),
        // Refused as started for the pair (the session is live or ended by now).
        (
            "change_session_time",
            vec![session(), ("revision", s("0")), ("day", s("2001-01-01"))],
            pair,
        ),
        // The session has ended by now (the participant's `end_session` above).
        ("load_session_recognition", vec![session()], pair),
        (
            "recognize_in_session",
            vec![
                session(),
                ("behaviour_id", w.behaviour_id.clone()),
                ("note", s("Thank you")),
            ],
            pair,
        ),
        ("load_circle_recognition", vec![circle()], [S, N, A, A, A]),
        (
            "recognize_peer",
            vec![
                circle(),
                ("recipient_id", w.bea_id.clone()),
                ("behaviour_id", w.behaviour_id.clone()),
                ("note", s("Thank you")),
            ],
            [S, N, A, A, A],
        ),
        // A shout-out Bea gave Ada (the participant): only Ada may hide it.
        (
            "hide_shout_out",
            vec![("recognition_id", w.shout_out_id.clone())],
            [S, N, N, A, N],
        ),
        (
            "show_shout_out",
            vec![("recognition_id", w.shout_out_id.clone())],
            [S, N, N, A, N],
        ),
        ("load_my_recognition", vec![], [S, A, A, A, A]),
        ("load_milestones", vec![], [S, A, A, A, A]),
        ("load_milestone_timeline", vec![], [S, A, A, A, A]),
        ("checkin_page", vec![], [S, A, A, A, A]),
        ("track_behaviours", vec![], [S, A, A, A, A]),
        ("save_checkin", vec![], [S, A, A, A, A]),
        ("load_mirror", vec![], [S, A, A, A, A]),
        ("load_week_status", vec![], [S, A, A, A, A]),
        ("load_reminders", vec![], [S, A, A, A, A]),
        (
            "add_circle_behaviour",
            vec![circle(), ("title", s(""))],
            [S, N, N, N, A],
        ),
        (
            "load_peer_view_form",
            vec![("subject_id", w.bea_id.clone())],
            [S, N, A, A, A],
        ),
        (
            "record_peer_views",
            vec![("subject_id", w.bea_id.clone())],
            [S, N, A, A, A],
        ),
        ("leave_circle", vec![circle()], [S, N, A, A, A]),
        (
            "join_circle",
            vec![("token", w.token.clone())],
            [S, A, A, A, A],
        ),
        ("rotate_invite", vec![circle()], [S, N, N, N, A]),
        // This server has no mail relay, so even the host is told "not found"; the host
        // sending through a relay is `mail::a_host_invites_by_email_*`.
        (
            "invite_by_email",
            vec![circle(), ("addresses", s("bea@example.org"))],
            [S, N, N, N, N],
        ),
        ("sign_out_elsewhere", vec![], [S, A, A, A, A]),
        ("sign_out", vec![], [A, A, A, A, A]),
    ]
}

fn outcome(status_ok: bool, body: &str) -> Outcome {
    if status_ok {
        return Outcome::Allowed;
    }
    match serde_json::from_str::<AppError>(body) {
        Ok(AppError::NotSignedIn) => Outcome::SignIn,
        Ok(AppError::NotFound) => Outcome::NotFound,
        Ok(_) => Outcome::Allowed,
        Err(_) => panic!("not an AppError: {body}"),
    }
}

async fn id_of(browser: &Browser, circle_id: &str) -> String {
    let circle: CircleView = browser
        .call("load_circle", &[("circle_id", circle_id)])
        .await
        .json();
    circle.my_id
}

#[tokio::test]
async fn every_server_function_has_a_row_and_answers_each_caller_as_it_says() {
    let server = TestServer::start().await;
    let cast = cast(&server).await;
    let token = cast.token.clone();
    let dan = person(&server, "Dan Member").await;
    assert!(dan
        .call("join_circle", &[("token", &token)])
        .await
        .is_success());
    let session_id = start(&cast).await;
    let state = commit(&cast.ada, &session_id, "Try it").await;
    // Fay coached Dan, their session ended, then she left the circle.
    let fay = person(&server, "Fay Former").await;
    assert!(fay
        .call("join_circle", &[("token", &token)])
        .await
        .is_success());
    let dan_id = id_of(&dan, &cast.circle_id).await;
    let started = fay
        .call(
            "start_session",
            &[
                ("circle_id", &cast.circle_id),
                ("peer_id", &dan_id),
                ("my_role", "coach"),
                ("script_id", &cast.grow_id),
                ("topic", ""),
                ("day", ""),
            ],
        )
        .await;
    let former_session_id = started
        .location
        .expect("started")
        .trim_start_matches("/sessions/")
        .to_owned();
    let former_state = commit(&fay, &former_session_id, "Delegate more").await;
    let ended = fay
        .call("end_session", &[("session_id", &former_session_id)])
        .await;
    assert!(ended.is_success(), "{}", ended.body);
    let left = fay
        .call("leave_circle", &[("circle_id", &cast.circle_id)])
        .await;
    assert!(left.is_success(), "{}", left.body);
    // Eve was a member, then deleted her account; her browser keeps its cookie.
    let eve = person(&server, "Eve Deleted").await;
    assert!(eve
        .call("join_circle", &[("token", &token)])
        .await
        .is_success());
    let deleted = eve
        .call(
            "delete_account",
            &[("password", crate::support::room::PASSWORD)],
        )
        .await;
    assert!(deleted.is_success(), "{}", deleted.body);
    let mut to_archive: [String; 7] = Default::default();
    for (i, title) in ["Member's", "Participant's", "Host's"].iter().enumerate() {
        to_archive[i + 2] = circle_script(&cast.hana, &cast.circle_id, title).await;
    }
    // Bea shares a recognition of Ada with the circle.
    let part: app::recognition::CircleRecognition = cast
        .bea
        .call("load_circle_recognition", &[("circle_id", &cast.circle_id)])
        .await
        .json();
    let behaviour_id = part.behaviours[0].id.clone();
    let ada_id = id_of(&cast.ada, &cast.circle_id).await;
    let shared = cast
        .bea
        .call(
            "recognize_peer",
            &[
                ("circle_id", &cast.circle_id),
                ("recipient_id", &ada_id),
                ("behaviour_id", &behaviour_id),
                ("note", "Thank you"),
                ("share", "yes"),
            ],
        )
        .await;
    assert!(shared.is_success(), "{}", shared.body);
    let ada_sees: app::recognition::MyRecognition =
        cast.ada.call("load_my_recognition", &[]).await.json();
    let world = World {
        behaviour_id,
        shout_out_id: ada_sees.received[0].id.clone(),
        circle_script: circle_script(&cast.hana, &cast.circle_id, "Shared").await,
        cai_id: {
            // Cai is in no circle of Hana's; a circle of his own tells his id.
            let own = create_circle(&cast.cai, "Cai's").await;
            id_of(&cast.cai, &own).await
        },
        commitment_id: state.commitments[0].id.clone(),
        circle_id: cast.circle_id.clone(),
        session_id,
        token,
        grow_id: cast.grow_id.clone(),
        to_archive,
        bea_id: cast.bea_id.clone(),
        former_commitment_id: former_state.commitments[0].id.clone(),
        former_session_id,
    };

    // Every registered server function has a row.
    let rows = matrix(&world, Role::Host);
    for (path, _) in leptos::server_fn::axum::server_fn_paths() {
        let name = path.trim_start_matches("/api/");
        assert!(
            rows.iter().any(|(n, _, _)| *n == name),
            "{path} has no row in the access matrix"
        );
    }

    let callers = [
        &cast.anonymous,
        &cast.cai,
        &dan,
        &cast.ada,
        &cast.hana,
        &fay,
        &eve,
    ];
    let mut wrong = Vec::new();
    for role in ROLES {
        let caller = callers[role as usize];
        for (name, fields, expected) in matrix(&world, role) {
            let reply = if name == "save_script" {
                let body = serde_json::json!({
                    "script_id": fields[0].1,
                    "base_version": 0,
                    "content": { "title": "", "description": "", "steps": [] },
                });
                caller.call_json(name, &body).await
            } else {
                let fields: Vec<(&str, &str)> =
                    fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                caller.call(name, &fields).await
            };
            let got = outcome(reply.is_success(), &reply.body);
            let expected = expected[role.column()];
            if got != expected {
                wrong.push(format!(
                    "{name} as {role:?}: expected {expected:?}, got {got:?} ({})",
                    reply.body
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
