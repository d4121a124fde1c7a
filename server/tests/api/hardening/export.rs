//! The CSV export: typed values, RFC 3339 timestamps, and no formula a spreadsheet runs.

use crate::support::{
    room::{cast, start},
    TestServer,
};

#[tokio::test]
async fn the_csv_export_writes_moments_as_rfc3339_and_defuses_a_leading_tab() {
    let server = TestServer::start().await;
    let cast = cast(&server).await;
    let id = start(&cast).await;
    let sneaky = "\t=HYPERLINK(\"https://evil.example\")";
    let note = [("session_id", id.as_str()), ("step", "0"), ("text", sneaky)];
    assert!(cast.ada.call("save_private_note", &note).await.is_success());
    let response = cast.ada.get("/account/export.csv").await;
    assert_eq!(response.status(), 200);
    let csv = response.text().await.expect("csv");
    assert!(csv.starts_with("section,field,value,record\n"), "{csv}");
    let created = csv
        .lines()
        .find(|line| line.starts_with("account,created_at,"))
        .expect("when the account was made");
    let moment = created.split(',').nth(2).unwrap_or_default();
    assert!(
        moment.len() == 20 && moment.as_bytes()[10] == b'T' && moment.ends_with('Z'),
        "{created}"
    );
    assert!(csv.contains("HYPERLINK"), "{csv}");
    for unguarded in [",\t=", ",\"\t=", ",=", ",\"="] {
        assert!(!csv.contains(unguarded), "{unguarded:?} in {csv}");
    }
    let json = cast
        .ada
        .get("/account/export.json")
        .await
        .text()
        .await
        .expect("json");
    let value: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert!(
        value["account"]["created_at"]
            .as_str()
            .is_some_and(|t| t.ends_with('Z')),
        "{json}"
    );
    assert_eq!(value["sessions"][0]["coachee"], "Bea Coachee", "{json}");
}
