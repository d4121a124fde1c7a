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

mod rows;
use rows::{matrix, World};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Outcome {
    Allowed,
    SignIn,
    NotFound,
}

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
