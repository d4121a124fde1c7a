//! `server backup PATH`: a consistent copy of the live database.

use crate::support::TestServer;

#[tokio::test]
async fn a_backup_taken_while_serving_holds_the_data_and_is_sound() {
    let server = TestServer::start().await;
    if crate::support::postgres::on_postgres() {
        // PostgreSQL is backed up with pg_dump; the command says so rather than
        // pretend (README, "Several nodes on PostgreSQL").
        let copy = server.folder.path().join("backup.db");
        let error = server::backup(server.database(), &copy)
            .await
            .expect_err("refused");
        assert!(error.to_string().contains("pg_dump"), "{error}");
        return;
    }
    let ada = server.browser();
    assert!(ada
        .sign_up("ada@example.org", "Ada", "a long enough password")
        .await
        .is_success());
    let copy = server.folder.path().join("backup.db");
    server::backup(server.database(), &copy)
        .await
        .expect("backup while serving");
    // The server keeps serving, and the copy restores: it opens and has the data.
    assert_eq!(ada.who_am_i().await.as_deref(), Some("Ada"));
    let restored = sqlx::SqlitePool::connect(&format!("sqlite://{}?mode=ro", copy.display()))
        .await
        .expect("open the copy");
    let emails: Vec<String> = sqlx::query_scalar("SELECT email FROM accounts")
        .fetch_all(&restored)
        .await
        .expect("query");
    assert_eq!(emails, ["ada@example.org"]);
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&restored)
        .await
        .expect("integrity");
    assert_eq!(check, "ok");
    // A second backup never overwrites the first.
    let error = server::backup(server.database(), &copy)
        .await
        .expect_err("refused");
    assert!(error.to_string().contains("already exists"), "{error}");
}
