use super::*;

fn check_in(reflection: &str) -> Everything {
    Everything {
        account: None,
        circles: vec![MembershipRow {
            circle: "Leads, \"north\"".into(),
            role: "host".into(),
            joined_at: Moment(1_764_172_800),
        }],
        sessions: Vec::new(),
        shared_notes: Vec::new(),
        private_notes: Vec::new(),
        commitments: Vec::new(),
        check_ins: vec![CheckInRow {
            week: "2026-W48".into(),
            behaviour: "Ask first".into(),
            rating: 4,
            evidence: "=SUM(A1)".into(),
            reflection: reflection.into(),
        }],
        peer_views_about_me: Vec::new(),
        peer_views_by_me: Vec::new(),
        recognition_received: Vec::new(),
        recognition_given: Vec::new(),
        calendar_feed: None,
        calendar_feed_events: Vec::new(),
    }
}

#[test]
fn csv_rows_are_typed_quoted_and_defused() {
    let csv = to_csv(&check_in("two\nlines")).expect("csv");
    assert!(csv.starts_with("section,field,value,record\n"), "{csv}");
    assert!(
        csv.contains("circles,circle,\"Leads, \"\"north\"\"\",1\n"),
        "{csv}"
    );
    assert!(
        csv.contains("circles,joined_at,2025-11-26T16:00:00Z,1\n"),
        "{csv}"
    );
    assert!(csv.contains("check_ins,rating,4,1\n"), "{csv}");
    assert!(csv.contains("check_ins,evidence,'=SUM(A1),1\n"), "{csv}");
    assert!(
        csv.contains("check_ins,reflection,\"two\nlines\",1\n"),
        "{csv}"
    );
}

#[test]
fn a_leading_tab_or_carriage_return_is_defused_too() {
    for sneaky in ["\t=cmd|' /C calc'!A0", "\r=1+1", "-2+3", "@SUM(A1)", "+1"] {
        assert!(defused(sneaky).starts_with('\''), "{sneaky:?}");
    }
    assert_eq!(defused("plain"), "plain");
}
