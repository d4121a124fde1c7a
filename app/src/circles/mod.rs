//! Circles: the small groups of peer managers (3–12) who coach each other.
//!
//! A circle has hosts and members, an invite link with a secret token, and a fair
//! pairing rotation that suggests who coaches whom next. Members see that sessions
//! happen in their circle (who, when, done or not), never what was said.

pub mod api;
mod invite;
pub mod invite_api;
mod members;
pub mod pages;
mod pairing;
#[cfg(feature = "ssr")]
pub mod planned_round;
mod progress;
#[cfg(feature = "ssr")]
pub mod progress_store;
pub mod rotation;
pub mod sessions_api;
pub mod sessions_page;
pub mod settings;
#[cfg(feature = "ssr")]
pub mod store;

use crate::{
    error::FieldProblem,
    input::{field_problems, TextRule},
    sessions::SessionSummary,
};
use rotation::Round;
use serde::{Deserialize, Serialize};

pub const NAME_MAX: usize = 80;
pub const PURPOSE_MAX: usize = 500;
/// A circle is small enough that everyone can pair with everyone.
pub const MAX_MEMBERS: usize = 12;
/// Circles one person can be in at once: plenty for peer coaching, and a bound on
/// what one account can create.
pub const CIRCLES_PER_ACCOUNT_MAX: i64 = 20;
/// The rhythm on the circle page looks back this many weeks.
pub const RHYTHM_WEEKS: i64 = 8;

/// How often the circle means to meet. Stored as its lowercase name; an unknown
/// stored value is an error, never a silent default.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "ssr",
    derive(sqlx::Type),
    sqlx(type_name = "text", rename_all = "lowercase")
)]
pub enum Cadence {
    Weekly,
    Fortnightly,
    Monthly,
}

impl Cadence {
    pub const ALL: [Cadence; 3] = [Self::Weekly, Self::Fortnightly, Self::Monthly];

    /// Each rhythm as a choice in a form: (value, label).
    pub fn options() -> Vec<(String, String)> {
        Self::ALL
            .iter()
            .map(|c| (c.as_str().to_owned(), c.label().to_owned()))
            .collect()
    }

    pub fn parse(raw: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == raw.trim())
            .ok_or_else(|| "Choose weekly, fortnightly or monthly.".into())
    }

    /// The stored and posted form.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Weekly => "weekly",
            Self::Fortnightly => "fortnightly",
            Self::Monthly => "monthly",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Weekly => "Weekly",
            Self::Fortnightly => "Every two weeks",
            Self::Monthly => "Monthly",
        }
    }

    /// Days between sessions, for "no session for a while" nudges.
    pub fn days(self) -> i64 {
        match self {
            Self::Weekly => 7,
            Self::Fortnightly => 14,
            Self::Monthly => 31,
        }
    }
}

/// A member's role in one circle (stored as "host" or "member").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "ssr",
    derive(sqlx::Type),
    sqlx(type_name = "text", rename_all = "lowercase")
)]
pub enum Role {
    /// Invites people, keeps pairing fair, can remove members.
    Host,
    Member,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Host => "host",
            Self::Member => "member",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Host => "Host",
            Self::Member => "Member",
        }
    }
}

/// A circle's name: 1–80 characters after trimming.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CircleName(String);

impl CircleName {
    const RULE: TextRule = TextRule {
        what: "A circle's name",
        max: NAME_MAX,
        when_empty: Some("Give the circle a name."),
        multiline: false,
    };

    pub fn parse(raw: &str) -> Result<Self, String> {
        Self::RULE.parse(raw).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What the circle is for, in a sentence: 1–500 characters after trimming.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Purpose(String);

impl Purpose {
    const RULE: TextRule = TextRule {
        what: "The purpose",
        max: PURPOSE_MAX,
        when_empty: Some("Say in a sentence what the circle is for."),
        multiline: true,
    };

    pub fn parse(raw: &str) -> Result<Self, String> {
        Self::RULE.parse(raw).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new circle, as the "new circle" form describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewCircle {
    pub name: CircleName,
    pub purpose: Purpose,
    pub cadence: Cadence,
}

impl NewCircle {
    pub fn parse(name: &str, purpose: &str, cadence: &str) -> Result<Self, Vec<FieldProblem>> {
        match (
            CircleName::parse(name),
            Purpose::parse(purpose),
            Cadence::parse(cadence),
        ) {
            (Ok(name), Ok(purpose), Ok(cadence)) => Ok(Self {
                name,
                purpose,
                cadence,
            }),
            (name, purpose, cadence) => Err(field_problems([
                ("name", name.err()),
                ("purpose", purpose.err()),
                ("cadence", cadence.err()),
            ])),
        }
    }
}

/// One person in a circle.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Member {
    pub account_id: String,
    pub display_name: String,
    pub role: Role,
    pub joined_at: i64,
}

/// A line of the circles list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CircleSummary {
    pub id: String,
    pub name: String,
    pub purpose: String,
    pub cadence: Cadence,
    pub my_role: Role,
    pub member_count: i64,
    /// My next planned session in this circle, if any.
    pub next_session: Option<SessionSummary>,
    /// Planned sessions I take part in: the open items of this circle for me.
    pub planned_for_me: i64,
}

/// Sessions given and received by one member over the last [`RHYTHM_WEEKS`] weeks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rhythm {
    pub account_id: String,
    pub display_name: String,
    pub coached: i64,
    pub was_coached: i64,
}

/// The circle's progress page section looks back this many weeks (a quarter).
pub const PROGRESS_WEEKS: usize = 13;
/// A progress figure is shown once this many people contributed to it: the same rule
/// as the check-in figure, so no figure can be traced back to one or two people.
pub const PROGRESS_MIN_PEOPLE: usize = 3;

/// How the circle is doing over the last quarter, for everyone in it. Each figure is
/// `None` until at least [`PROGRESS_MIN_PEOPLE`] people contributed to it; none of
/// them holds anyone's ratings or words.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CircleProgress {
    /// The last [`PROGRESS_WEEKS`] weeks, oldest first.
    pub weeks: Option<Vec<ProgressWeek>>,
    pub rotation: Option<RotationProgress>,
    pub commitments: Option<KeptCommitments>,
}

/// One week of the circle: sessions held, and how many members checked in (`None`
/// when fewer than [`PROGRESS_MIN_PEOPLE`] did).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressWeek {
    pub week: crate::calendar::IsoWeek,
    pub sessions: u32,
    pub checked_in: Option<u32>,
}

/// The current rotation: every member coaching and being coached by every other
/// once. `completed` rotations are behind the circle; in this one some coach → coachee
/// pairings have met and some not yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RotationProgress {
    pub completed: u32,
    pub met: u32,
    /// Member ids, as in the pairing suggestion.
    pub to_meet: Vec<rotation::Pairing>,
}

/// Commitments settled in the last quarter across the circle's sessions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptCommitments {
    pub kept: u32,
    pub settled: u32,
}

/// Everything the circle page shows, already filtered for the person asking.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CircleView {
    pub id: String,
    pub name: String,
    pub purpose: String,
    pub cadence: Cadence,
    /// What a host's change of the name, purpose or rhythm names (`settings`).
    pub revision: i64,
    pub my_id: String,
    pub my_role: Role,
    pub members: Vec<Member>,
    /// Only for hosts.
    pub invite_url: Option<String>,
    /// Whether this server can mail the invite link (an SMTP relay is configured).
    pub can_email_invites: bool,
    pub suggestion: Round,
    /// The newest [`SESSIONS_ON_CIRCLE_PAGE`] sessions. Metadata only: who, when, done
    /// or not. Never notes or commitments.
    pub sessions: Vec<SessionSummary>,
    /// Whether the circle has older sessions than these (on its sessions pages).
    pub more_sessions: bool,
    pub rhythm: Vec<Rhythm>,
    /// Scripts this circle can follow (built-ins and its own), as (id, title).
    pub scripts: Vec<(String, String)>,
    /// Last week's average self-rating across the circle, only when at least three
    /// members besides the viewer checked in (see `CircleFigure`).
    pub checkin_figure: Option<crate::checkins::CircleFigure>,
    /// Titles of the behaviours this circle added for its members.
    pub behaviours: Vec<String>,
    pub progress: CircleProgress,
}

impl CircleView {
    /// A member's display name, for showing ids from the pairing suggestion.
    pub fn name_of(&self, account_id: &str) -> String {
        self.members
            .iter()
            .find(|m| m.account_id == account_id)
            .map(|m| m.display_name.clone())
            .unwrap_or_else(|| "a former member".into())
    }

    pub fn hosts(&self) -> usize {
        self.members.iter().filter(|m| m.role == Role::Host).count()
    }
}

/// What someone holding an invite link sees before joining.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitePreview {
    pub circle_id: String,
    pub name: String,
    pub purpose: String,
    pub member_count: i64,
    pub already_member: bool,
    pub full: bool,
}

/// A circle page's address.
pub fn circle_path(id: &str) -> String {
    format!("/circles/{id}")
}

/// How many sessions the circle page lists; the rest are on the circle's sessions pages.
pub const SESSIONS_ON_CIRCLE_PAGE: usize = 20;
/// How many sessions one of the circle's sessions pages lists.
pub const SESSIONS_PER_PAGE: usize = 50;

/// One page of a circle's sessions, newest first, for a member.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CircleSessionList {
    pub circle_id: String,
    pub circle_name: String,
    pub my_id: String,
    /// Counted from 1.
    pub page: u32,
    /// Metadata only, like the circle page's list.
    pub sessions: Vec<SessionSummary>,
    pub has_older: bool,
}

/// The address of a circle's sessions pages (its first page).
pub fn circle_sessions_path(id: &str) -> String {
    format!("/circles/{id}/sessions")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_purposes_are_trimmed_and_bounded() {
        assert_eq!(
            CircleName::parse("  Tuesday peers ").map(|n| n.0),
            Ok("Tuesday peers".into())
        );
        assert!(CircleName::parse("   ").is_err());
        assert!(CircleName::parse(&"n".repeat(80)).is_ok());
        assert!(CircleName::parse(&"n".repeat(81)).is_err());
        assert!(CircleName::parse("bell\u{7}").is_err());
        assert!(Purpose::parse(&"p".repeat(500)).is_ok());
        assert!(Purpose::parse(&"p".repeat(501)).is_err());
        assert!(Purpose::parse("line one\nline two").is_ok());
    }

    #[test]
    fn only_known_cadences_parse() {
        assert_eq!(Cadence::parse("weekly"), Ok(Cadence::Weekly));
        assert_eq!(Cadence::parse("monthly"), Ok(Cadence::Monthly));
        assert!(Cadence::parse("daily").is_err());
        assert!(Cadence::parse("").is_err());
    }
}
