//! The server refuses to start, with a clear error, when its database is unusable.

use server::{config::Config, Application, StartError};

fn config(database: std::path::PathBuf) -> Config {
    Config {
        addr: "127.0.0.1:0".parse().expect("addr"),
        database: database.into(),
        site_root: "target/site".into(),
        secure_cookies: false,
        log: "warn".into(),
        sign_up_burst: app::accounts::throttle::SIGN_UP_BURST,
        smtp_url: None,
        mail_from: None,
        public_url: None,
        behind_proxy: false,
        answer_within: 20,
        test_clock: None,
        allow_test_clock: false,
        command: None,
    }
}

#[tokio::test]
async fn a_file_that_is_not_a_database_is_refused() {
    let folder = tempfile::tempdir().expect("temp");
    let path = folder.path().join("notes.txt");
    std::fs::write(
        &path,
        "shopping list: milk, eggs, and a long line of plain text",
    )
    .expect("write");
    let error = Application::build(&config(path))
        .await
        .err()
        .expect("must fail");
    assert!(matches!(error, StartError::Database(_)), "{error}");
    assert!(error.to_string().contains("notes.txt"), "{error}");
}

#[tokio::test]
async fn an_unwritable_folder_is_refused() {
    let folder = tempfile::tempdir().expect("temp");
    let blocker = folder.path().join("a-file");
    std::fs::write(&blocker, "x").expect("write");
    // A folder cannot be created inside a file, whoever runs the test.
    let error = Application::build(&config(blocker.join("data").join("coaching.db")))
        .await
        .err()
        .expect("must fail");
    assert!(matches!(error, StartError::Database(_)), "{error}");
}

#[tokio::test]
async fn a_test_clock_is_refused_unless_enabled_for_tests() {
    let folder = tempfile::tempdir().expect("temp");
    let mut config = config(folder.path().join("coaching.db"));
    config.test_clock = Some(1_800_000_000);
    let error = Application::build(&config)
        .await
        .err()
        .expect("must refuse");
    assert!(matches!(error, StartError::TestClockRefused), "{error}");
}
