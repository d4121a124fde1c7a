//! A deleted person's words go: from what the peer sees, and from the database files.

use crate::support::room::{cast, state, PASSWORD};
use crate::support::TestServer;
use app::sessions::RoomView;

const TOPIC: &str = "Bea's topic: the reorganisation nobody knows about";
const BEA_NOTE: &str = "Bea's shared words about her manager";
const ADA_NOTE: &str = "Ada's own private thought";

/// Whether `text` is anywhere in the server's database files (the database, its
/// write-ahead log and shared memory index). `None` on PostgreSQL, whose files are
/// the cluster's: there the rows are checked, and vacuum reclaims the space.
fn in_database_files(server: &TestServer, text: &str) -> Option<bool> {
    let app::db::Location::File(database) = server.database() else {
        return None;
    };
    let found = ["", "-wal", "-shm"].iter().any(|suffix| {
        let path = format!("{}{suffix}", database.display());
        std::fs::read(path).is_ok_and(|bytes| {
            bytes
                .windows(text.len())
                .any(|window| window == text.as_bytes())
        })
    });
    Some(found)
}

#[tokio::test]
async fn a_deleted_persons_words_leave_the_peers_record_and_the_files() {
    let server = TestServer::start().await;
    let cast = cast(&server).await;
    let reply = cast
        .ada
        .call(
            "start_session",
            &[
                ("circle_id", cast.circle_id.as_str()),
                ("peer_id", &cast.bea_id),
                ("my_role", "coach"),
                ("script_id", &cast.grow_id),
                ("topic", TOPIC),
                ("day", ""),
            ],
        )
        .await;
    let location = reply.location.expect("to the room");
    let id = location.trim_start_matches("/sessions/").to_owned();
    let shared = [
        ("session_id", id.as_str()),
        ("step", "0"),
        ("base_version", "0"),
        ("text", BEA_NOTE),
    ];
    assert!(cast
        .bea
        .call("save_shared_note", &shared)
        .await
        .is_success());
    let private = [
        ("session_id", id.as_str()),
        ("step", "0"),
        ("text", ADA_NOTE),
    ];
    assert!(cast
        .ada
        .call("save_private_note", &private)
        .await
        .is_success());
    assert!(
        in_database_files(&server, BEA_NOTE).unwrap_or(true),
        "the test can see text"
    );

    let deleted = cast
        .bea
        .call("delete_account", &[("password", PASSWORD)])
        .await;
    assert!(deleted.is_success(), "{}", deleted.body);

    let room = state(&cast.ada, &id).await;
    assert!(
        room.shared_notes[0].text.contains("Removed"),
        "{:?}",
        room.shared_notes[0]
    );
    let view: RoomView = cast
        .ada
        .call("load_room", &[("session_id", &id)])
        .await
        .json();
    assert_eq!(view.topic, "", "the coachee's topic goes");
    assert_eq!(view.private_notes[0], ADA_NOTE, "Ada keeps her own notes");
    for gone in [BEA_NOTE, TOPIC, "bea.coachee@example.org"] {
        assert!(
            !in_database_files(&server, gone).unwrap_or(false),
            "{gone:?} is still in the files"
        );
    }
}
