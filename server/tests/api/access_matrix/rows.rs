//! The access matrix's rows: every server function, with its fields and the outcome
//! each caller may get (columns in [`Role`]'s order).

use super::{
    Outcome,
    Outcome::{Allowed as A, NotFound as N, SignIn as S},
    Role,
};

/// Everything the rows refer to.
pub(super) struct World {
    pub(super) circle_id: String,
    pub(super) session_id: String,
    pub(super) commitment_id: String,
    pub(super) token: String,
    pub(super) grow_id: String,
    pub(super) circle_script: String,
    /// A circle script per role that may archive one, so each archives its own.
    pub(super) to_archive: [String; 7],
    /// The session the former member took part in before leaving, and its commitment.
    pub(super) former_session_id: String,
    pub(super) former_commitment_id: String,
    pub(super) bea_id: String,
    pub(super) cai_id: String,
    /// A behaviour the circle's members may name.
    pub(super) behaviour_id: String,
    pub(super) shout_out_id: String,
}

pub(super) type Fields = Vec<(&'static str, String)>;

/// (server function, its fields, expected outcome per role), in the order called:
/// calls that change who belongs where or who is signed in come last.
pub(super) fn matrix(w: &World, role: Role) -> Vec<(&'static str, Fields, [Outcome; 5])> {
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
        // Choosing a new password works signed out, by a mailed link; this server has
        // no mail relay, so asking is not found for everyone, and so is a link it did
        // not sign (tests/api/password_reset.rs has the real ones).
        ("password_reset_by_mail", vec![], [A, A, A, A, A]),
        (
            "ask_password_reset",
            vec![("email", s("ada@example.org"))],
            [N, N, N, N, N],
        ),
        (
            "load_password_reset",
            vec![("token", s("someone.0.0.00"))],
            [N, N, N, N, N],
        ),
        (
            "reset_password",
            vec![
                ("token", s("someone.0.0.00")),
                ("new_password", s("a long password")),
            ],
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
            "circle_sessions",
            vec![circle(), ("page", s("1"))],
            [S, N, A, A, A],
        ),
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
        // A host of the circle may call a planned session off too (this one has ended,
        // so the host is told that).
        ("cancel_session", vec![session()], [S, N, N, A, A]),
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
        // Refused for the empty name, so the host changes nothing here.
        (
            "change_circle",
            vec![
                circle(),
                ("revision", s("0")),
                ("name", s("")),
                ("cadence", s("weekly")),
            ],
            [S, N, N, N, A],
        ),
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
