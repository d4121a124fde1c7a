//! Modeled-behaviour check-ins: each manager tracks 3 to 8 behaviours they want their
//! team to copy, rates each once a week (1 to 5, with anchored labels), and looks at
//! the trend in the mirror. A check-in is only ever visible to its author.

pub mod api;
mod chart;
pub mod circle_behaviours;
#[cfg(feature = "ssr")]
pub mod figure_store;
#[cfg(feature = "ssr")]
pub mod mirror_store;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod peer_view_store;
pub mod peers;
#[cfg(feature = "ssr")]
pub mod seed;
#[cfg(feature = "ssr")]
pub mod store;

use crate::calendar::IsoWeek;
use serde::{Deserialize, Serialize};

/// Fewest and most behaviours a manager tracks.
pub const TRACK_MIN: usize = 3;
pub const TRACK_MAX: usize = 8;
/// Evidence notes and the reflection, at most this many characters.
pub const NOTE_MAX: usize = 2_000;
/// Weeks the mirror shows.
pub const MIRROR_WEEKS: usize = 12;

/// Something a manager wants to model.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Behaviour {
    pub id: String,
    pub title: String,
    pub description: String,
    /// Labels for ratings 1 to 5 (stored as a JSON list).
    #[cfg_attr(feature = "ssr", sqlx(json))]
    pub anchors: Vec<String>,
    /// The circle it belongs to; `None` for built-ins.
    pub circle_name: Option<String>,
}

impl Behaviour {
    /// The anchored label of `rating` (1 to 5).
    pub fn anchor(&self, rating: u8) -> &str {
        self.anchors
            .get(usize::from(rating).saturating_sub(1))
            .map(String::as_str)
            .unwrap_or_default()
    }
}

/// `anchor`, written in the first person for a self-rating, as a peer says it of
/// `name`: "I did most of the talking" becomes "Hana did most of the talking", "Solved
/// it myself" becomes "Solved it themselves".
pub fn anchor_about(anchor: &str, name: &str) -> String {
    let first = name.split_whitespace().next().unwrap_or(name);
    anchor
        .split(' ')
        .map(|word| {
            let core = word.trim_end_matches([',', '.', ';', ':', '!', '?']);
            let said = match core {
                "I" | "me" | "Me" => first,
                "my" | "mine" => "their",
                "My" | "Mine" => "Their",
                "myself" => "themselves",
                "Myself" => "Themselves",
                _ => return word.to_owned(),
            };
            format!("{said}{}", &word[core.len()..])
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// One rating in a check-in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Rating {
    pub behaviour_id: String,
    #[cfg_attr(feature = "ssr", sqlx(try_from = "i64"))]
    pub rating: u8,
    pub evidence: String,
}

/// One rating as the form sends it; checked on the server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingInput {
    pub behaviour_id: String,
    #[serde(default)]
    pub rating: String,
    #[serde(default)]
    pub evidence: String,
}

/// The check-in page: this week's check-in of my tracked behaviours.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckinPageData {
    pub week: IsoWeek,
    /// Every behaviour I may track: built-ins and my circles' own.
    pub catalogue: Vec<Behaviour>,
    /// Ids of the behaviours I track, in my order.
    pub tracked: Vec<String>,
    /// This week's ratings, if I checked in.
    pub ratings: Vec<Rating>,
    pub reflection: String,
    pub checked_in: bool,
}

impl CheckinPageData {
    pub fn tracked_behaviours(&self) -> Vec<Behaviour> {
        self.tracked
            .iter()
            .filter_map(|id| self.catalogue.iter().find(|b| &b.id == id).cloned())
            .collect()
    }
}

/// One week of one behaviour in the mirror.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WeekPoint {
    pub week: IsoWeek,
    /// My rating; `None` for a week I did not check in (shown as missed).
    pub rating: Option<u8>,
    pub evidence: String,
    /// The average of what peers saw, when someone recorded a view.
    pub peer_average: Option<f32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Trend {
    pub behaviour: Behaviour,
    pub points: Vec<WeekPoint>,
    /// What peers saw, newest first, each with the peer's name.
    pub peer_views: Vec<PeerView>,
}

/// What one circle peer saw someone model in one week.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct PeerView {
    pub author_name: String,
    pub behaviour_id: String,
    pub week: IsoWeek,
    #[cfg_attr(feature = "ssr", sqlx(try_from = "i64"))]
    pub rating: u8,
    pub note: String,
}

/// One peer view as the form sends it; an empty rating skips that behaviour.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeerViewInput {
    pub behaviour_id: String,
    #[serde(default)]
    pub rating: String,
    #[serde(default)]
    pub note: String,
}

/// One view I shared of a peer this week.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct SharedView {
    pub behaviour_id: String,
    #[cfg_attr(feature = "ssr", sqlx(try_from = "i64"))]
    pub rating: u8,
    pub note: String,
}

/// The page for recording what I saw a peer model this week.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeerViewForm {
    pub subject_id: String,
    pub subject_name: String,
    pub week: IsoWeek,
    /// The behaviours the peer tracks.
    pub behaviours: Vec<Behaviour>,
    /// What I already shared this week, which I may change until the week ends.
    pub shared: Vec<SharedView>,
}

/// The mirror: trends, streak, commitments kept, sessions given and received.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mirror {
    pub current: IsoWeek,
    /// Whether I checked in this week already.
    pub checked_in: bool,
    pub streak: usize,
    pub trends: Vec<Trend>,
    /// Commitments I made that are done, and those due by now.
    pub commitments_done: i64,
    pub commitments_due: i64,
    pub sessions_given: i64,
    pub sessions_received: i64,
}

/// Home's line about this week.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekStatus {
    pub week: IsoWeek,
    pub tracking: usize,
    pub checked_in: bool,
}

/// Fewest contributors a circle-level figure needs before it is shown: below that it
/// could be traced back to one person.
pub const FIGURE_MIN_CONTRIBUTORS: i64 = 3;

/// A figure about a whole circle for a closed week, rounded to half a point and
/// without its number of contributors, so nobody can work back to one person's ratings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CircleFigure {
    pub week: IsoWeek,
    pub average: f64,
}

impl CircleFigure {
    /// The figure, only when at least [`FIGURE_MIN_CONTRIBUTORS`] people besides the
    /// viewer contributed (the viewer knows their own ratings).
    pub fn shown(
        week: IsoWeek,
        contributors: i64,
        average: Option<f64>,
        viewer_contributed: bool,
    ) -> Option<Self> {
        let others = contributors - i64::from(viewer_contributed);
        let average = average?;
        (others >= FIGURE_MIN_CONTRIBUTORS).then_some(Self {
            week,
            average: (average * 2.0).round() / 2.0,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{anchor_about, CircleFigure, IsoWeek};

    #[test]
    fn peers_read_anchors_about_the_person_they_saw() {
        let about = |anchor| anchor_about(anchor, "Hana Host");
        assert_eq!(
            about("I did most of the talking"),
            "Hana did most of the talking"
        );
        assert_eq!(
            about("About half and half, leaning me"),
            "About half and half, leaning Hana"
        );
        assert_eq!(about("Solved it myself"), "Solved it themselves");
        assert_eq!(about("Kept it to myself."), "Kept it to themselves.");
        assert_eq!(about("Mostly listened"), "Mostly listened");
        assert_eq!(about("Imagined more"), "Imagined more", "whole words only");
    }

    #[test]
    fn circle_figures_need_three_contributors_besides_the_viewer() {
        let week = IsoWeek {
            year: 2026,
            week: 48,
        };
        assert_eq!(CircleFigure::shown(week, 0, None, false), None);
        assert_eq!(CircleFigure::shown(week, 2, Some(3.5), false), None);
        assert_eq!(CircleFigure::shown(week, 3, Some(3.0), true), None);
        let shown = CircleFigure::shown(week, 3, Some(2.3), false).expect("three is enough");
        assert_eq!(shown.average, 2.5, "rounded to half a point");
        let shown = CircleFigure::shown(week, 4, Some(3.2), true).expect("three others");
        assert_eq!(shown.average, 3.0);
    }
}
