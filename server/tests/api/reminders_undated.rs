//! A host pairs people in a round without naming a day: each of the pair who asked to
//! hear of planned sessions is told, with no calendar event (there is no day to put in
//! one), and told again if their peer calls it off.

use crate::reminders::{opt_in, still, to};
use crate::support::{
    room::{cast, member_id, round_of_ada_and_bea},
    smtp::SmtpReceiver,
    TestServer,
};
use app::{mail::ReminderKind, sessions::SessionSummary};

/// Monday 23 November 2026, 09:00 UTC.
const MONDAY_NINE: i64 = 1_795_424_400;

#[tokio::test]
async fn a_pair_hears_of_a_session_planned_without_a_day_and_of_its_cancellation() {
    let receiver = SmtpReceiver::start().await;
    let server = TestServer::start_at_with_mail(MONDAY_NINE, receiver.url()).await;
    let cast = cast(&server).await;
    for who in [&cast.ada, &cast.bea] {
        let reply = opt_in(who, &[ReminderKind::Planned], "09:00").await;
        assert!(reply.is_success(), "{}: {}", reply.status, reply.body);
    }
    let ada_id = member_id(&cast.bea, &cast.circle_id, "Ada Coach").await;
    let round = round_of_ada_and_bea(&cast, &ada_id).await;
    assert!(round.is_success(), "{}: {}", round.status, round.body);
    let mails = receiver.wait_for(2).await;
    for (address, peer) in [
        ("ada.coach@example.org", "Bea Coachee"),
        ("bea.coachee@example.org", "Ada Coach"),
    ] {
        assert_eq!(
            to(&mails, address),
            ["Hana Host planned a coaching session with you"]
        );
        let mail = mails.iter().find(|m| m.header("To") == address).unwrap();
        let text = mail.text();
        assert!(
            text.contains(&format!(
                "Hana Host planned a coaching session for you and {peer}, with no day set yet"
            )),
            "{text}"
        );
        assert!(mail.part("text/calendar").is_none(), "no day, no event");
    }
    let sessions: Vec<SessionSummary> = cast.ada.call("my_sessions", &[]).await.json();
    let id = sessions[0].id.clone();
    assert!(mails[0].text().contains(&format!("/sessions/{id}")));

    // Ada calls it off: Bea hears of it; Ada, who did, does not.
    let cancelled = cast
        .ada
        .call("cancel_session", &[("session_id", &id)])
        .await;
    assert!(cancelled.is_success(), "{}", cancelled.body);
    let mails = receiver.wait_for(3).await;
    assert_eq!(
        to(&mails, "bea.coachee@example.org"),
        [
            "Ada Coach cancelled your coaching session",
            "Hana Host planned a coaching session with you"
        ]
    );
    let news = mails
        .iter()
        .find(|m| m.header("Subject").contains("cancelled"))
        .unwrap();
    assert!(
        news.text().contains("No day had been set for it yet."),
        "{}",
        news.text()
    );
    assert!(news.part("text/calendar").is_none());
    server.advance_hours(1).await;
    still(&receiver, 3).await;
}
