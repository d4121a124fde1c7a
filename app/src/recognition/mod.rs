//! Recognition between peers: after a session, or any time to a member of a shared
//! circle, one person names the behaviour another modeled that helped ("asks questions
//! before giving answers") with a short note. It is private to the two unless the
//! giver shares it with the circle, where it shows as a shout-out to current members
//! until its recipient hides it. The recipient finds it on Home and in the mirror
//! beside the behaviour it names; the giver finds it in the mirror as evidence of
//! "Recognizes coaching when they see it".

pub mod api;
pub mod milestones;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;

use crate::{error::FieldProblem, input::TextRule};
use serde::{Deserialize, Serialize};

/// A note is short: a line or two about what helped.
pub const NOTE_MAX: usize = 500;
/// Recognitions one person may give another outside sessions in a day: enough for
/// real thanks, too few to flood someone's Home.
pub const OUTSIDE_SESSIONS_A_DAY: i64 = 5;
/// Shout-outs the circle page shows, newest first.
pub const SHOUT_OUTS_SHOWN: i64 = 20;
/// The built-in behaviour that giving recognition is evidence of.
pub const RECOGNIZES_COACHING: &str = "recognizes-coaching";

/// One recognition, as its giver, its recipient or (when shared) the circle sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Recognition {
    pub id: String,
    pub giver_name: String,
    pub recipient_id: String,
    pub recipient_name: String,
    pub circle_name: String,
    pub behaviour_id: String,
    pub behaviour_title: String,
    pub note: String,
    pub shared: bool,
    pub hidden: bool,
    /// Given for this session; `None` outside sessions.
    pub session_id: Option<String>,
    pub created_at: i64,
}

/// A behaviour to name, as (id, title).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct BehaviourChoice {
    pub id: String,
    pub title: String,
}

/// A person I may recognize.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Peer {
    pub id: String,
    pub name: String,
}

/// The summary's "Recognize …" form: whom, what I may name, and what I already gave.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRecognition {
    pub session_id: String,
    pub recipient_name: String,
    pub behaviours: Vec<BehaviourChoice>,
    /// What I gave for this session; giving again changes it.
    pub mine: Option<Recognition>,
}

/// The circle page's recognition: the form (peers and behaviours) and the shout-outs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CircleRecognition {
    pub circle_id: String,
    pub my_id: String,
    pub peers: Vec<Peer>,
    pub behaviours: Vec<BehaviourChoice>,
    pub shout_outs: Vec<Recognition>,
}

/// What I received (Home, the mirror) and gave (the mirror's evidence).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyRecognition {
    pub received: Vec<Recognition>,
    pub given: Vec<Recognition>,
    /// The id of "Recognizes coaching when they see it", which giving is evidence of.
    pub recognizes_coaching_id: Option<String>,
}

/// What a giver writes: the behaviour, the note and whether the circle sees it. The
/// behaviour is checked against those offered by the server function.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecognitionInput {
    pub behaviour_id: String,
    pub note: String,
    pub shared: bool,
}

impl RecognitionInput {
    const NOTE: TextRule = TextRule {
        what: "The note",
        max: NOTE_MAX,
        when_empty: Some("Say in a line what helped."),
        multiline: true,
    };

    /// `share` is the checkbox's value: present ("yes") when ticked.
    pub fn parse(
        behaviour_id: &str,
        note: &str,
        share: &str,
        offered: &[BehaviourChoice],
    ) -> Result<Self, Vec<FieldProblem>> {
        let behaviour = offered
            .iter()
            .find(|b| b.id == behaviour_id)
            .map(|b| b.id.clone())
            .ok_or_else(|| "Choose one of the behaviours offered.".to_owned());
        match (behaviour, Self::NOTE.parse(note)) {
            (Ok(behaviour_id), Ok(note)) => Ok(Self {
                behaviour_id,
                note,
                shared: matches!(share.trim(), "yes" | "on" | "true"),
            }),
            (behaviour, note) => Err(crate::input::field_problems([
                ("behaviour_id", behaviour.err()),
                ("note", note.err()),
            ])),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{BehaviourChoice, RecognitionInput, NOTE_MAX};

    #[test]
    fn a_recognition_names_an_offered_behaviour_and_a_short_note() {
        let offered = [BehaviourChoice {
            id: "b1".into(),
            title: "Asks questions before giving answers".into(),
        }];
        let parsed =
            RecognitionInput::parse("b1", "  You asked first.\n", "yes", &offered).expect("valid");
        assert_eq!(parsed.note, "You asked first.");
        assert!(parsed.shared);
        assert!(
            !RecognitionInput::parse("b1", "Thanks", "", &offered)
                .unwrap()
                .shared
        );
        let problems = RecognitionInput::parse("b2", "", "", &offered).unwrap_err();
        assert_eq!(problems.len(), 2, "both fields at once");
        let long = "x".repeat(NOTE_MAX + 1);
        assert!(RecognitionInput::parse("b1", &long, "", &offered).is_err());
        assert!(RecognitionInput::parse("b1", "a\u{0}b", "", &offered).is_err());
    }
}
