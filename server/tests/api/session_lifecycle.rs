//! The session room through the real server: ending, swapping roles, abandoned
//! sessions, and the live stream.

use crate::support::{
    room::{cast, check_in, end_session, move_step, start, state, track_three},
    Browser, TestServer,
};
use app::{
    error::AppError,
    sessions::{CommitmentStatus, RoomState, RoomView, SessionStatus},
};

#[tokio::test]
async fn an_ended_session_is_read_only_and_swapping_roles_happens_once() {
    let server = TestServer::start().await;
    let cast = cast(&server).await;
    let id = start(&cast).await;
    move_step(&cast.ada, &id, 0, 1).await.json::<RoomState>();
    let added: RoomState = cast
        .bea
        .call(
            "add_commitment",
            &[
                ("session_id", &id),
                ("body", "Delegate the report"),
                ("due_on", ""),
            ],
        )
        .await
        .json();
    assert_eq!(added.commitments.len(), 1);
    assert!(cast
        .bea
        .call("end_session", &[("session_id", &id)])
        .await
        .is_success());
    let ended = state(&cast.ada, &id).await;
    assert_eq!(ended.status, SessionStatus::Done);
    assert!(ended.ended_at.is_some());
    let refused = move_step(&cast.ada, &id, 1, 2).await.error();
    assert_eq!(refused, AppError::NotLive(SessionStatus::Done));
    assert_eq!(
        cast.ada
            .call("end_session", &[("session_id", &id)])
            .await
            .error(),
        AppError::NotLive(SessionStatus::Done)
    );

    let first = cast
        .bea
        .call("swap_roles", &[("session_id", &id)])
        .await
        .location
        .expect("to the new room");
    let second = cast
        .ada
        .call("swap_roles", &[("session_id", &id)])
        .await
        .location
        .expect("to the same room");
    assert_eq!(first, second);
    let swapped = first.trim_start_matches("/sessions/");
    let view: RoomView = cast
        .bea
        .call("load_room", &[("session_id", swapped)])
        .await
        .json();
    assert_eq!(view.coach.name, "Bea Coachee");
    assert_eq!(view.script_title.as_deref(), Some("GROW"));
    // The swapped session's follow-up step shows the pair's open commitment.
    assert_eq!(view.state.earlier_commitments.len(), 1);
    let commitment = view.state.earlier_commitments[0].id.clone();
    let closed: RoomState = cast
        .ada
        .call(
            "close_commitment",
            &[
                ("session_id", swapped),
                ("commitment_id", &commitment),
                ("done", "true"),
            ],
        )
        .await
        .json();
    assert_eq!(closed.earlier_commitments[0].status, CommitmentStatus::Done);
    assert_eq!(server.count("sessions").await, 2);
}

#[tokio::test]
async fn a_session_left_for_two_hours_can_be_resumed() {
    let server = TestServer::start().await;
    let cast = cast(&server).await;
    let id = start(&cast).await;
    let writer = server.db().await;
    sqlx::query("UPDATE sessions SET last_seen_at = last_seen_at - 3 * 3600 WHERE id = $1")
        .bind(&id)
        .execute(&writer)
        .await
        .expect("age the session");
    writer.close().await;
    assert_eq!(state(&cast.bea, &id).await.status, SessionStatus::Abandoned);
    assert_eq!(
        move_step(&cast.ada, &id, 0, 1).await.error(),
        AppError::NotLive(SessionStatus::Abandoned)
    );
    assert!(cast
        .ada
        .call("settle_session", &[("session_id", &id), ("resume", "true")])
        .await
        .is_success());
    let resumed = state(&cast.bea, &id).await;
    assert_eq!(resumed.status, SessionStatus::Live);
    assert_eq!(
        move_step(&cast.ada, &id, 0, 1)
            .await
            .json::<RoomState>()
            .step,
        1
    );
}

#[tokio::test]
async fn the_live_stream_brings_each_move_to_the_other_screen() {
    let server = TestServer::start().await;
    let cast = cast(&server).await;
    let id = start(&cast).await;
    let mut stream = cast.bea.get(&format!("/sessions/{id}/live")).await;
    assert_eq!(stream.status(), 200);
    let mut received = String::new();
    // The first event is the whole state, with Bea present.
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    while !received.contains("\"step\":0") {
        let chunk = tokio::time::timeout_at(deadline, stream.chunk())
            .await
            .expect("in time");
        received.push_str(&String::from_utf8_lossy(
            &chunk.expect("read").expect("open"),
        ));
    }
    move_step(&cast.ada, &id, 0, 1).await.json::<RoomState>();
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(5);
    while !received.contains("\"step\":1") {
        let chunk = tokio::time::timeout_at(deadline, stream.chunk())
            .await
            .expect("in time");
        received.push_str(&String::from_utf8_lossy(
            &chunk.expect("read").expect("open"),
        ));
    }
    let present = state(&cast.ada, &id).await.present;
    assert_eq!(present.len(), 1, "Bea is in the room");
    drop(stream);
    // Once she leaves, the room says so.
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(5);
    while !state(&cast.ada, &id).await.present.is_empty() {
        assert!(tokio::time::Instant::now() < deadline, "presence cleared");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// Notes saved as they are typed, a check-in and moves all at once, then the end of
/// the session in the middle of the typing: on PostgreSQL the notes and the check-in
/// take locks of their own owner beside the moves' lock of the whole database. No
/// writer fails or waits forever, every note is saved or refused as "not live" (and
/// none is saved once one was refused), and each person's last saved note is the one
/// kept.
#[tokio::test]
async fn notes_typed_beside_moves_and_a_check_in_are_kept_until_the_session_ends() {
    let server = TestServer::start().await;
    let cast = cast(&server).await;
    let id = start(&cast).await;
    let tracked = track_three(&cast.ada).await;
    async fn type_notes(who: &Browser, id: &str) -> Option<String> {
        let mut kept = None;
        for n in 0..60 {
            let text = format!("Note {n}");
            let fields = [("session_id", id), ("step", "0"), ("text", text.as_str())];
            let reply = who.call("save_private_note", &fields).await;
            match reply.is_success() {
                true => kept = Some(text),
                false => {
                    assert_eq!(reply.error(), AppError::NotLive(SessionStatus::Done));
                    let again = who.call("save_private_note", &fields).await;
                    assert_eq!(again.error(), AppError::NotLive(SessionStatus::Done));
                    return kept;
                }
            }
        }
        kept
    }
    let checking_in = async {
        for n in 0..20 {
            let reply = check_in(&cast.ada, &tracked, "4", "", &format!("Week {n}")).await;
            assert!(reply.is_success(), "{}: {}", reply.status, reply.body);
        }
    };
    let moving_then_ending = async {
        for step in 0..4 {
            move_step(&cast.bea, &id, step, step + 1)
                .await
                .json::<RoomState>();
        }
        end_session(&cast.bea, &id).await;
    };
    let (ada_kept, bea_kept, (), ()) = tokio::join!(
        type_notes(&cast.ada, &id),
        type_notes(&cast.bea, &id),
        checking_in,
        moving_then_ending
    );
    for (who, kept) in [(&cast.ada, ada_kept), (&cast.bea, bea_kept)] {
        let view: RoomView = who.call("load_room", &[("session_id", &id)]).await.json();
        assert_eq!(view.state.status, SessionStatus::Done);
        assert_eq!(view.private_notes[0], kept.unwrap_or_default());
    }
}
