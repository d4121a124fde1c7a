//! Recognition between peers: after an ended session, only its two participants, once
//! each (giving again changes it); outside sessions, only members of a shared circle,
//! never oneself; shout-outs only for current members, hidden only by their recipient.

use crate::support::{
    room::{cast, member_id, start, Cast},
    Browser, Reply, TestServer,
};
use app::{
    error::AppError,
    recognition::{CircleRecognition, MyRecognition, SessionRecognition, NOTE_MAX},
};

async fn circle_part(who: &Browser, circle_id: &str) -> Reply {
    who.call("load_circle_recognition", &[("circle_id", circle_id)])
        .await
}

/// The id of the behaviour titled `title` that the circle's members may name.
async fn behaviour(cast: &Cast, title: &str) -> String {
    let part: CircleRecognition = circle_part(&cast.ada, &cast.circle_id).await.json();
    part.behaviours
        .into_iter()
        .find(|b| b.title == title)
        .unwrap_or_else(|| panic!("no behaviour {title}"))
        .id
}

async fn recognize(
    who: &Browser,
    session_id: &str,
    behaviour: &str,
    note: &str,
    share: &str,
) -> Reply {
    who.call(
        "recognize_in_session",
        &[
            ("session_id", session_id),
            ("behaviour_id", behaviour),
            ("note", note),
            ("share", share),
        ],
    )
    .await
}

async fn recognize_peer(who: &Browser, circle_id: &str, recipient: &str, behaviour: &str) -> Reply {
    who.call(
        "recognize_peer",
        &[
            ("circle_id", circle_id),
            ("recipient_id", recipient),
            ("behaviour_id", behaviour),
            ("note", "Thank you for the question that unlocked it."),
            ("share", "yes"),
        ],
    )
    .await
}

async fn mine(who: &Browser) -> MyRecognition {
    who.call("load_my_recognition", &[]).await.json()
}

#[tokio::test]
async fn the_pair_of_an_ended_session_recognize_each_other_once_each() {
    let server = TestServer::start().await;
    let cast = cast(&server).await;
    let asks = behaviour(&cast, "Asks questions before giving answers").await;
    let session_id = start(&cast).await;

    // While the session runs there is nothing to recognize yet.
    let early = recognize(&cast.bea, &session_id, &asks, "Good questions", "").await;
    assert_eq!(early.error(), AppError::NotFound);
    let ended = cast
        .ada
        .call("end_session", &[("session_id", &session_id)])
        .await;
    assert!(ended.is_success(), "{}", ended.body);

    let form: SessionRecognition = cast
        .bea
        .call("load_session_recognition", &[("session_id", &session_id)])
        .await
        .json();
    assert_eq!(form.recipient_name, "Ada Coach");
    assert!(form.mine.is_none());
    assert!(form.behaviours.iter().any(|b| b.id == asks));

    // Refused in words: no note, a behaviour not offered, a note too long.
    let refused = recognize(&cast.bea, &session_id, &asks, "  ", "").await;
    assert!(matches!(refused.error(), AppError::Invalid(_)));
    let refused = recognize(&cast.bea, &session_id, "not-a-behaviour", "Thanks", "").await;
    assert!(matches!(refused.error(), AppError::Invalid(_)));
    let long = "x".repeat(NOTE_MAX + 1);
    let refused = recognize(&cast.bea, &session_id, &asks, &long, "").await;
    assert!(matches!(refused.error(), AppError::Invalid(_)));
    assert_eq!(server.count("recognitions").await, 0);

    let given = recognize(
        &cast.bea,
        &session_id,
        &asks,
        "You asked before telling.",
        "",
    )
    .await;
    assert!(given.is_success(), "{}", given.body);
    // A second time changes the first: one per person and session.
    let again = recognize(
        &cast.bea,
        &session_id,
        &asks,
        "You asked first, every time.",
        "yes",
    )
    .await;
    assert!(again.is_success(), "{}", again.body);
    assert_eq!(server.count("recognitions").await, 1);
    let form: SessionRecognition = cast
        .bea
        .call("load_session_recognition", &[("session_id", &session_id)])
        .await
        .json();
    let kept = form.mine.expect("given");
    assert_eq!(kept.note, "You asked first, every time.");
    assert!(kept.shared);

    // The coach recognizes back: their own one, not Bea's.
    let back = recognize(&cast.ada, &session_id, &asks, "You came prepared.", "").await;
    assert!(back.is_success(), "{}", back.body);
    assert_eq!(server.count("recognitions").await, 2);

    let ada = mine(&cast.ada).await;
    assert_eq!(ada.received.len(), 1);
    assert_eq!(ada.received[0].giver_name, "Bea Coachee");
    assert_eq!(ada.received[0].behaviour_id, asks);
    let bea = mine(&cast.bea).await;
    assert_eq!(
        bea.given.len(),
        1,
        "giving is evidence in the giver's mirror"
    );
    assert!(bea.recognizes_coaching_id.is_some());
    // Both sides come from one statement: each recognition lands on its own side.
    assert_eq!(ada.given.len(), 1);
    assert_eq!(ada.given[0].recipient_name, "Bea Coachee");
    assert_eq!(bea.received.len(), 1);
    assert_eq!(bea.received[0].giver_name, "Ada Coach");

    // Nobody else may, about this session: the host, a stranger, anonymous.
    for who in [&cast.hana, &cast.cai] {
        let reply = recognize(who, &session_id, &asks, "Sneaky", "").await;
        assert_eq!(reply.error(), AppError::NotFound);
        let reply = who
            .call("load_session_recognition", &[("session_id", &session_id)])
            .await;
        assert_eq!(reply.error(), AppError::NotFound);
    }
    let reply = recognize(&cast.anonymous, &session_id, &asks, "Sneaky", "").await;
    assert_eq!(reply.error(), AppError::NotSignedIn);

    // A participant who left the circle no longer may.
    let left = cast
        .bea
        .call("leave_circle", &[("circle_id", &cast.circle_id)])
        .await;
    assert!(left.is_success(), "{}", left.body);
    let reply = recognize(&cast.bea, &session_id, &asks, "Still?", "").await;
    assert_eq!(reply.error(), AppError::NotFound);
}

#[tokio::test]
async fn shout_outs_show_to_current_members_and_only_their_recipient_hides_them() {
    let server = TestServer::start().await;
    let cast = cast(&server).await;
    let asks = behaviour(&cast, "Asks questions before giving answers").await;
    let ada_id = member_id(&cast.bea, &cast.circle_id, "Ada Coach").await;
    let shared = recognize_peer(&cast.bea, &cast.circle_id, &ada_id, &asks).await;
    assert!(shared.is_success(), "{}", shared.body);
    let private = cast
        .bea
        .call(
            "recognize_peer",
            &[
                ("circle_id", cast.circle_id.as_str()),
                ("recipient_id", &ada_id),
                ("behaviour_id", &asks),
                ("note", "Just between us"),
            ],
        )
        .await;
    assert!(private.is_success(), "{}", private.body);

    let seen: CircleRecognition = circle_part(&cast.hana, &cast.circle_id).await.json();
    assert_eq!(seen.shout_outs.len(), 1, "the private one stays private");
    assert_eq!(seen.shout_outs[0].recipient_name, "Ada Coach");
    let id = seen.shout_outs[0].id.clone();
    assert_eq!(
        circle_part(&cast.cai, &cast.circle_id).await.error(),
        AppError::NotFound
    );

    // Only Ada may hide it; the giver and the host may not.
    for who in [&cast.bea, &cast.hana, &cast.cai] {
        let reply = who.call("hide_shout_out", &[("recognition_id", &id)]).await;
        assert_eq!(reply.error(), AppError::NotFound);
    }
    let private_id = mine(&cast.ada)
        .await
        .received
        .into_iter()
        .find(|r| !r.shared)
        .expect("private")
        .id;
    let reply = cast
        .ada
        .call("hide_shout_out", &[("recognition_id", &private_id)])
        .await;
    assert_eq!(
        reply.error(),
        AppError::NotFound,
        "a private one is no shout-out"
    );
    let hidden = cast
        .ada
        .call("hide_shout_out", &[("recognition_id", &id)])
        .await;
    assert!(hidden.is_success(), "{}", hidden.body);
    let seen: CircleRecognition = circle_part(&cast.hana, &cast.circle_id).await.json();
    assert!(seen.shout_outs.is_empty());
    // Hidden from the circle only: Ada still has it.
    assert_eq!(mine(&cast.ada).await.received.len(), 2);

    // Ada shows it again (from Home); nobody else may, and only a shout-out.
    for who in [&cast.bea, &cast.hana, &cast.cai] {
        let reply = who.call("show_shout_out", &[("recognition_id", &id)]).await;
        assert_eq!(reply.error(), AppError::NotFound);
    }
    let reply = cast
        .ada
        .call("show_shout_out", &[("recognition_id", &private_id)])
        .await;
    assert_eq!(reply.error(), AppError::NotFound);
    let shown = cast
        .ada
        .call("show_shout_out", &[("recognition_id", &id)])
        .await;
    assert!(shown.is_success(), "{}", shown.body);
    let seen: CircleRecognition = circle_part(&cast.hana, &cast.circle_id).await.json();
    assert_eq!(seen.shout_outs.len(), 1, "shown again");

    // A member who left no longer sees the circle's shout-outs.
    let left = cast
        .bea
        .call("leave_circle", &[("circle_id", &cast.circle_id)])
        .await;
    assert!(left.is_success(), "{}", left.body);
    assert_eq!(
        circle_part(&cast.bea, &cast.circle_id).await.error(),
        AppError::NotFound
    );

    // Once Ada has left, she may still hide it, but no longer show it there.
    let left = cast
        .ada
        .call("leave_circle", &[("circle_id", &cast.circle_id)])
        .await;
    assert!(left.is_success(), "{}", left.body);
    let hidden = cast
        .ada
        .call("hide_shout_out", &[("recognition_id", &id)])
        .await;
    assert!(hidden.is_success(), "{}", hidden.body);
    let reply = cast
        .ada
        .call("show_shout_out", &[("recognition_id", &id)])
        .await;
    assert_eq!(reply.error(), AppError::NotFound);
}

#[tokio::test]
async fn outside_sessions_only_members_of_a_shared_circle_and_never_oneself() {
    let server = TestServer::start().await;
    let cast = cast(&server).await;
    let asks = behaviour(&cast, "Asks questions before giving answers").await;
    let ada_id = member_id(&cast.bea, &cast.circle_id, "Ada Coach").await;
    let cai_circle = crate::support::room::create_circle(&cast.cai, "Cai's").await;
    let cai_id = {
        let part: CircleRecognition = circle_part(&cast.cai, &cai_circle).await.json();
        part.my_id
    };

    let given = recognize_peer(&cast.ada, &cast.circle_id, &cast.bea_id, &asks).await;
    assert!(given.is_success(), "{}", given.body);
    // Never myself, never someone outside the circle, never from outside it.
    let myself = recognize_peer(&cast.ada, &cast.circle_id, &ada_id, &asks).await;
    assert_eq!(myself.error(), AppError::NotFound);
    let stranger = recognize_peer(&cast.ada, &cast.circle_id, &cai_id, &asks).await;
    assert_eq!(stranger.error(), AppError::NotFound);
    let from_outside = recognize_peer(&cast.cai, &cast.circle_id, &cast.bea_id, &asks).await;
    assert_eq!(from_outside.error(), AppError::NotFound);
    let anonymous = recognize_peer(&cast.anonymous, &cast.circle_id, &cast.bea_id, &asks).await;
    assert_eq!(anonymous.error(), AppError::NotSignedIn);

    // A few a day to one person, then refused in words.
    for _ in 1..app::recognition::OUTSIDE_SESSIONS_A_DAY {
        let reply = recognize_peer(&cast.ada, &cast.circle_id, &cast.bea_id, &asks).await;
        assert!(reply.is_success(), "{}", reply.body);
    }
    let flood = recognize_peer(&cast.ada, &cast.circle_id, &cast.bea_id, &asks).await;
    assert!(matches!(flood.error(), AppError::Invalid(_)));

    // A former member can neither give nor be given recognition there.
    let left = cast
        .bea
        .call("leave_circle", &[("circle_id", &cast.circle_id)])
        .await;
    assert!(left.is_success(), "{}", left.body);
    let to_former = recognize_peer(&cast.hana, &cast.circle_id, &cast.bea_id, &asks).await;
    assert_eq!(to_former.error(), AppError::NotFound);
    let from_former = recognize_peer(&cast.bea, &cast.circle_id, &ada_id, &asks).await;
    assert_eq!(from_former.error(), AppError::NotFound);
}

#[tokio::test]
async fn milestones_are_recognized_once_each() {
    let server = TestServer::start().await;
    let cast = cast(&server).await;
    let none: Vec<String> = cast.ada.call("load_milestones", &[]).await.json();
    assert!(none.is_empty());
    let session_id = start(&cast).await;
    let ended = cast
        .ada
        .call("end_session", &[("session_id", &session_id)])
        .await;
    assert!(ended.is_success(), "{}", ended.body);
    assert_eq!(
        server.count("milestones").await,
        2,
        "recorded when the session ended, for both of the pair, before Home was seen"
    );

    let ada: Vec<String> = cast.ada.call("load_milestones", &[]).await.json();
    assert_eq!(ada, ["You coached your first session."]);
    let bea: Vec<String> = cast.bea.call("load_milestones", &[]).await.json();
    assert_eq!(bea, ["A peer coached you for the first time."]);
    // Seen again on the next visit, recorded once.
    let again: Vec<String> = cast.ada.call("load_milestones", &[]).await.json();
    assert_eq!(again, ada);
    assert_eq!(server.count("milestones").await, 2);
    let hana: Vec<String> = cast.hana.call("load_milestones", &[]).await.json();
    assert!(hana.is_empty(), "only the pair's milestones");
}
