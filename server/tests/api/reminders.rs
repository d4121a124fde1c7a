//! Reminder mail through a real SMTP receiver: nothing is sent until a person opts
//! in; each reminder goes once, to the right person, with a link to the right page
//! and (before a session) the event attached; the unsubscribe link works signed out,
//! once, and cannot be forged for someone else or replayed after opting in again.

use crate::calendar::{plan_on, set_zone};
use crate::support::{
    room::{cast, check_in, member_id, start, track_three},
    smtp::{ReceivedMail, SmtpReceiver},
    Browser, TestServer,
};
use app::{
    error::AppError,
    mail::{ReminderChoices, ReminderKind, UnsubscribeOffer},
};
use icalendar::{Calendar, CalendarComponent, CalendarDateTime, Component, DatePerhapsTime};
use std::time::Duration;

/// Monday 23 November 2026, 09:00 UTC.
const MONDAY_NINE: i64 = 1_795_424_400;

/// Turns on the reminders `kinds`; the weekly one on Monday at `time`.
pub(crate) async fn opt_in(
    who: &Browser,
    kinds: &[ReminderKind],
    time: &str,
) -> crate::support::Reply {
    let mut fields: Vec<(&str, &str)> = kinds.iter().map(|k| (k.code(), "on")).collect();
    fields.extend([("checkin_weekday", "1"), ("checkin_time", time)]);
    who.call("save_reminder_choices", &fields).await
}

async fn choices(who: &Browser) -> ReminderChoices {
    who.call("load_reminder_choices", &[]).await.json()
}

pub(crate) fn to(mails: &[ReceivedMail], address: &str) -> Vec<String> {
    let mut subjects: Vec<String> = mails
        .iter()
        .filter(|m| m.header("To") == address)
        .map(|m| m.header("Subject"))
        .collect();
    subjects.sort();
    subjects
}

/// Waits a moment and checks that nothing more arrived.
pub(crate) async fn still(receiver: &SmtpReceiver, count: usize) {
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(receiver.received().len(), count, "no mail twice");
}

#[tokio::test]
async fn session_reminders_go_to_who_asked_with_the_event_attached() {
    let receiver = SmtpReceiver::start().await;
    let server = TestServer::start_at_with_mail(MONDAY_NINE, receiver.url()).await;
    let cast = cast(&server).await;
    set_zone(&cast.ada, "Europe/Berlin").await;
    set_zone(&cast.bea, "America/New_York").await;
    let nothing = choices(&cast.ada).await;
    assert!(nothing.mail_enabled);
    assert!(nothing.on.is_empty(), "mail is opt-in");
    let wanted = [ReminderKind::BeforeSession, ReminderKind::Planned];
    for who in [&cast.ada, &cast.bea] {
        let reply = opt_in(who, &wanted, "09:00").await;
        assert!(reply.is_success(), "{}: {}", reply.status, reply.body);
        assert_eq!(choices(who).await.on, wanted);
    }

    // Ada plans Tuesday 09:30 in Berlin (08:30 UTC): less than a day ahead.
    let pair = [cast.circle_id.as_str(), &cast.bea_id, &cast.grow_id];
    plan_on(&cast.ada, pair, "2026-11-24", "09:30").await;
    let sessions: Vec<app::sessions::SessionSummary> =
        cast.ada.call("my_sessions", &[]).await.json();
    let id = sessions[0].id.clone();

    let mails = receiver.wait_for(3).await;
    assert_eq!(
        to(&mails, "ada.coach@example.org"),
        ["Coming up: your coaching session with Bea Coachee"],
        "the planner is not told they planned"
    );
    assert_eq!(
        to(&mails, "bea.coachee@example.org"),
        [
            "Ada Coach planned a coaching session with you",
            "Coming up: your coaching session with Ada Coach"
        ]
    );
    for mail in &mails {
        let text = mail.text();
        assert!(
            text.contains(&format!("{}/sessions/{id}", server.base)),
            "{text}"
        );
        assert!(!text.contains("Secret topic"), "{text}");
        let local = if mail.header("To").starts_with("ada") {
            "09:30"
        } else {
            "03:30"
        };
        assert!(text.contains(local), "each in their own zone: {text}");
        assert!(mail.header("List-Unsubscribe").contains("/unsubscribe/"));
        let event: Calendar = mail
            .part("text/calendar")
            .expect("the event attached")
            .parse()
            .expect("iCalendar");
        let CalendarComponent::Event(event) = &event.components[0] else {
            panic!("an event");
        };
        assert_eq!(
            event.get_uid(),
            Some(format!("{id}@coaching-circles").as_str())
        );
        match event.get_start() {
            Some(DatePerhapsTime::DateTime(CalendarDateTime::Utc(at))) => {
                assert_eq!(at.timestamp(), MONDAY_NINE + 86_400 - 30 * 60)
            }
            other => panic!("a UTC start, not {other:?}"),
        }
    }
    // The sender looks again an hour later: nothing is sent twice.
    server.advance_hours(1).await;
    still(&receiver, 3).await;

    // Bea cancels it: Ada hears of it with the cancellation attached; Bea does not.
    let cancelled = cast
        .bea
        .call("cancel_session", &[("session_id", &id)])
        .await;
    assert!(cancelled.is_success(), "{}", cancelled.body);
    let mails = receiver.wait_for(4).await;
    assert_eq!(
        to(&mails, "ada.coach@example.org"),
        [
            "Bea Coachee cancelled your coaching session",
            "Coming up: your coaching session with Bea Coachee"
        ]
    );
    assert_eq!(to(&mails, "bea.coachee@example.org").len(), 2);
    let news = mails
        .iter()
        .find(|m| m.header("Subject").contains("cancelled"))
        .expect("the cancellation");
    assert!(news.text().contains("09:30"), "{}", news.text());
    let calendar: Calendar = news
        .part("text/calendar")
        .expect("the cancellation attached")
        .parse()
        .expect("iCalendar");
    assert_eq!(calendar.property_value("METHOD"), Some("CANCEL"));
    server.advance_hours(1).await;
    still(&receiver, 4).await;

    // Ada plans Wednesday; then Bea leaves the circle, which calls it off: Ada hears
    // why, Bea (who left) does not, not even once she has joined again.
    plan_on(&cast.ada, pair, "2026-11-25", "09:30").await;
    receiver.wait_for(5).await;
    let left = cast
        .bea
        .call("leave_circle", &[("circle_id", cast.circle_id.as_str())])
        .await;
    assert!(left.is_success(), "{}", left.body);
    let mails = receiver.wait_for(6).await;
    assert_eq!(
        to(&mails, "ada.coach@example.org"),
        [
            "Bea Coachee cancelled your coaching session",
            "Coming up: your coaching session with Bea Coachee",
            "Your coaching session with Bea Coachee is cancelled"
        ]
    );
    let news = mails
        .iter()
        .find(|m| m.header("Subject").ends_with("is cancelled"))
        .expect("the cancellation");
    assert!(
        news.text()
            .contains("Bea Coachee is no longer in your circle"),
        "{}",
        news.text()
    );
    assert!(news.text().contains("Wed 25 Nov"), "{}", news.text());
    server.advance_hours(1).await;
    let back = cast
        .bea
        .call("join_circle", &[("token", cast.token.as_str())])
        .await;
    assert!(back.is_success(), "{}", back.body);
    server.advance_hours(1).await;
    still(&receiver, 6).await;

    // Ada plans Thursday with Bea, and Hana, the circle's host, calls it off: both of
    // the pair hear of it, each with the other's name.
    plan_on(&cast.ada, pair, "2026-11-26", "09:30").await;
    receiver.wait_for(7).await;
    let planned: Vec<app::sessions::SessionSummary> =
        cast.ada.call("my_sessions", &[]).await.json();
    let thursday = planned
        .iter()
        .find(|s| s.status == app::sessions::SessionStatus::Planned)
        .expect("Thursday's session");
    let called_off = cast
        .hana
        .call("cancel_session", &[("session_id", &thursday.id)])
        .await;
    assert!(called_off.is_success(), "{}", called_off.body);
    let mails = receiver.wait_for(9).await;
    for (who, peer) in [
        ("ada.coach@example.org", "Bea Coachee"),
        ("bea.coachee@example.org", "Ada Coach"),
    ] {
        let news = mails
            .iter()
            .filter(|m| m.header("To") == who)
            .find(|m| m.text().contains("host cancelled"))
            .unwrap_or_else(|| panic!("{who} hears the host called it off"));
        assert_eq!(
            news.header("Subject"),
            format!("Your coaching session with {peer} is cancelled")
        );
    }
    server.advance_hours(1).await;
    still(&receiver, 9).await;
}

#[tokio::test]
async fn an_unsubscribe_link_works_signed_out_and_cannot_be_forged_or_replayed() {
    let receiver = SmtpReceiver::start().await;
    let server = TestServer::start_at_with_mail(MONDAY_NINE, receiver.url()).await;
    let cast = cast(&server).await;
    let behaviours = track_three(&cast.bea).await;
    assert!(opt_in(&cast.bea, &[ReminderKind::PeerView], "09:00")
        .await
        .is_success());
    let ada_id = member_id(&cast.bea, &cast.circle_id, "Ada Coach").await;
    let shared = cast
        .ada
        .call(
            "record_peer_views",
            &[
                ("subject_id", cast.bea_id.as_str()),
                ("views[0][behaviour_id]", &behaviours[0]),
                ("views[0][rating]", "4"),
                ("views[0][note]", "Asked before advising"),
            ],
        )
        .await;
    assert!(shared.is_success(), "{}", shared.body);
    let mail = receiver.wait_for(1).await.remove(0);
    assert_eq!(mail.header("To"), "bea.coachee@example.org");
    assert_eq!(
        mail.header("Subject"),
        "Ada Coach shared what they saw you model"
    );
    assert!(mail.text().contains(&format!("{}/mirror", server.base)));
    assert!(
        !mail.text().contains("Asked before advising"),
        "no words of the view"
    );
    let link = mail.link(&format!("{}/unsubscribe/", server.base));
    let token = link.rsplit('/').next().unwrap().to_owned();

    // Anyone holding the link (signed out) sees what it stops, and stops it.
    let offer: UnsubscribeOffer = cast
        .anonymous
        .call("load_unsubscribe_offer", &[("token", &token)])
        .await
        .json();
    assert_eq!(
        offer,
        UnsubscribeOffer {
            kind: ReminderKind::PeerView,
            already_off: false
        }
    );
    assert_eq!(
        cast.anonymous
            .get(&format!("/unsubscribe/{token}"))
            .await
            .status(),
        200
    );

    // A changed signature, or the same signature for someone else, is not found.
    let mut forged = token.clone();
    let last = if forged.ends_with('0') { "1" } else { "0" };
    forged.replace_range(forged.len() - 1.., last);
    let (_, rest) = token.split_once('.').unwrap();
    let someone_else = format!("{ada_id}.{rest}");
    for bad in [forged.as_str(), someone_else.as_str(), "nonsense", ""] {
        let reply = cast.anonymous.call("unsubscribe", &[("token", bad)]).await;
        assert_eq!(reply.error(), AppError::NotFound, "{bad}");
        assert_eq!(reply.status, 404);
    }
    assert_eq!(
        cast.anonymous
            .get(&format!("/unsubscribe/{forged}"))
            .await
            .status(),
        404
    );

    let done = cast
        .anonymous
        .call("unsubscribe", &[("token", &token)])
        .await;
    assert!(done.is_success(), "{}: {}", done.status, done.body);
    assert!(choices(&cast.bea).await.on.is_empty());
    // Used again: it says so and changes nothing.
    let offer: UnsubscribeOffer = cast
        .anonymous
        .call("load_unsubscribe_offer", &[("token", &token)])
        .await
        .json();
    assert!(offer.already_off);
    assert!(cast
        .anonymous
        .call("unsubscribe", &[("token", &token)])
        .await
        .is_success());

    // Once Bea opts in again, the old link cannot undo her new choice.
    assert!(opt_in(&cast.bea, &[ReminderKind::PeerView], "09:00")
        .await
        .is_success());
    let replayed = cast
        .anonymous
        .call("unsubscribe", &[("token", &token)])
        .await;
    assert_eq!(replayed.error(), AppError::NotFound);
    assert_eq!(choices(&cast.bea).await.on, [ReminderKind::PeerView]);
}

#[tokio::test]
async fn the_weekly_check_in_and_commitment_reminders_come_when_due_and_once() {
    let receiver = SmtpReceiver::start().await;
    let server = TestServer::start_at_with_mail(MONDAY_NINE, receiver.url()).await;
    let cast = cast(&server).await;
    // Ada (Berlin, 10:00 now) wants her check-in reminder on Mondays at 11:00; Bea
    // (UTC) too, but checks in before then.
    set_zone(&cast.ada, "Europe/Berlin").await;
    let weekly = [ReminderKind::WeeklyCheckIn, ReminderKind::CommitmentDue];
    let mut bea_ids = Vec::new();
    for who in [&cast.ada, &cast.bea] {
        bea_ids = track_three(who).await;
        assert!(opt_in(who, &weekly, "11:00").await.is_success());
    }
    assert!(check_in(&cast.bea, &bea_ids, "4", "", "")
        .await
        .is_success());
    // Bea commits to something due on Wednesday.
    let session = start(&cast).await;
    let added = cast
        .bea
        .call(
            "add_commitment",
            &[
                ("session_id", session.as_str()),
                ("body", "Ask the team first"),
                ("due_on", "2026-11-25"),
            ],
        )
        .await;
    assert!(added.is_success(), "{}", added.body);
    still(&receiver, 0).await;

    server.advance_hours(1).await;
    let mails = receiver.wait_for(1).await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].header("To"), "ada.coach@example.org");
    assert_eq!(
        mails[0].header("Subject"),
        "Your check-in for the week of 23 Nov"
    );
    assert!(mails[0]
        .text()
        .contains(&format!("{}/checkin", server.base)));

    // Tuesday 10:00: the commitment is due tomorrow.
    server.advance_days(1).await;
    let mails = receiver.wait_for(2).await;
    assert_eq!(
        to(&mails, "bea.coachee@example.org"),
        ["Your commitment is due on Wed 25 Nov 2026"]
    );
    let text = mails
        .iter()
        .find(|m| m.header("To").starts_with("bea"))
        .unwrap()
        .text();
    assert!(text.contains("Ask the team first"), "{text}");
    server.advance_hours(2).await;
    still(&receiver, 2).await;
}

#[tokio::test]
async fn without_a_relay_the_account_page_says_reminders_show_on_home() {
    let server = TestServer::start().await;
    let cast = cast(&server).await;
    let shown = choices(&cast.ada).await;
    assert!(!shown.mail_enabled);
    let page = cast.ada.get("/account").await.text().await.unwrap();
    assert!(page.contains("This server does not send email"), "{page}");
    // Choices are refused with the field named when the time is wrong.
    let wrong = cast
        .ada
        .call(
            "save_reminder_choices",
            &[
                ("weekly_checkin", "on"),
                ("checkin_weekday", "9"),
                ("checkin_time", "25:00"),
            ],
        )
        .await;
    assert_eq!(wrong.status, 422);
    let AppError::Invalid(problems) = wrong.error() else {
        panic!("a validation error");
    };
    let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, ["checkin_weekday", "checkin_time"]);
    assert_eq!(
        cast.anonymous
            .call("load_reminder_choices", &[])
            .await
            .status,
        401
    );
}
