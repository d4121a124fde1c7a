use super::*;

#[test]
fn the_clock_counts_only_while_running() {
    let clock = StepClock::enter(1_000, 0, false);
    assert_eq!(clock.elapsed_at(4_000), 3_000);
    let paused = clock.pause(5_000);
    assert_eq!(paused.elapsed_at(5_000), 4_000);
    assert_eq!(
        paused.elapsed_at(60_000),
        4_000,
        "paused time is not counted"
    );
    let resumed = paused.resume(60_000);
    assert_eq!(resumed.elapsed_at(61_500), 5_500);
    // Pausing twice or resuming twice changes nothing.
    assert_eq!(paused.pause(70_000).elapsed_at(80_000), 4_000);
    assert_eq!(resumed.resume(61_500).elapsed_at(61_500), 5_500);
}

#[test]
fn returning_to_a_step_carries_on_its_time() {
    let clock = StepClock::enter(10_000, 90_000, false);
    assert_eq!(clock.elapsed_at(11_000), 91_000);
    let clock = StepClock::enter(10_000, 90_000, true);
    assert_eq!(
        clock.elapsed_at(20_000),
        90_000,
        "entered paused, stays paused"
    );
}

#[test]
fn a_clock_never_runs_backwards() {
    let clock = StepClock::enter(10_000, 500, false);
    assert_eq!(clock.elapsed_at(9_000), 500);
}

#[test]
fn moves_follow_the_rules() {
    use SessionStatus::*;
    assert!(check_move(Live, 0, 0, 1, 3).is_ok());
    assert!(check_move(Live, 2, 2, 1, 3).is_ok(), "back is allowed");
    assert!(check_move(Live, 1, 1, 0, 3).is_ok());
    let past_end = check_move(Live, 2, 2, 3, 3).unwrap_err();
    assert!(past_end.message_for("to").is_some(), "{past_end:?}");
    assert!(
        check_move(Live, 1, 1, 1, 3).is_err(),
        "a move must go somewhere"
    );
    let stale = check_move(Live, 2, 1, 2, 3).unwrap_err();
    assert_eq!(stale, AppError::StaleStep);
    let stale_back = check_move(Live, 2, 1, 0, 3).unwrap_err();
    assert_eq!(
        stale_back,
        AppError::StaleStep,
        "a screen that is behind cannot move the session back"
    );
    for status in [Planned, Done, Abandoned] {
        assert_eq!(
            check_move(status, 0, 0, 1, 3),
            Err(AppError::NotLive(status))
        );
    }
}

#[test]
fn abandoned_after_two_hours_with_nobody_there() {
    use SessionStatus::*;
    let seen = 1_000_000;
    assert!(!is_abandoned(
        Live,
        seen,
        seen + ABANDON_AFTER_SECONDS - 1,
        false
    ));
    assert!(is_abandoned(
        Live,
        seen,
        seen + ABANDON_AFTER_SECONDS,
        false
    ));
    assert!(!is_abandoned(
        Live,
        seen,
        seen + 10 * ABANDON_AFTER_SECONDS,
        true
    ));
    assert!(!is_abandoned(
        Done,
        seen,
        seen + 10 * ABANDON_AFTER_SECONDS,
        false
    ));
    assert!(!is_abandoned(
        Planned,
        seen,
        seen + 10 * ABANDON_AFTER_SECONDS,
        false
    ));
}

#[test]
fn notes_have_a_limit_in_characters_not_bytes() {
    assert!(check_note(&"é".repeat(NOTE_MAX)).is_ok());
    assert!(check_note(&"a".repeat(NOTE_MAX + 1)).is_err());
}

#[test]
fn the_countdown_reads_like_a_clock() {
    assert_eq!(countdown_text(5, 0), ("5:00".into(), false));
    assert_eq!(countdown_text(5, 1), ("5:00".into(), false));
    assert_eq!(countdown_text(5, 1_000), ("4:59".into(), false));
    assert_eq!(countdown_text(5, 300_000), ("0:00".into(), false));
    assert_eq!(countdown_text(5, 365_000), ("1:05 over".into(), true));
    assert_eq!(format_duration(75 * 60_000), "75:00");
}

#[test]
fn topics_and_commitments_have_limits_in_characters() {
    assert!(check_topic(&"é".repeat(TOPIC_MAX)).is_ok());
    assert!(check_topic(&"a".repeat(TOPIC_MAX + 1)).is_err());
    assert!(check_commitment("").is_err(), "a commitment says something");
    assert!(check_commitment(&"é".repeat(COMMITMENT_MAX)).is_ok());
    assert!(check_commitment(&"a".repeat(COMMITMENT_MAX + 1)).is_err());
}

#[test]
fn commitments_are_recorded_after_the_goal_or_on_the_last_step() {
    let steps = |titles: &[&str]| -> Vec<Step> {
        titles
            .iter()
            .map(|t| Step {
                title: (*t).to_owned(),
                ..Step::default()
            })
            .collect()
    };
    let grow = steps(&[
        "Check in",
        "Goal",
        "Reality",
        "Options",
        "Way forward",
        "Close",
    ]);
    assert_eq!(first_commitment_step(&grow), 2);
    let consult = steps(&["Present the challenge", "Clarifying questions", "Next step"]);
    assert_eq!(first_commitment_step(&consult), 2);
    // A goal on the last step leaves only the last step.
    assert_eq!(first_commitment_step(&steps(&["Talk", "Set a goal"])), 1);
    assert_eq!(first_commitment_step(&[]), 0);
}
