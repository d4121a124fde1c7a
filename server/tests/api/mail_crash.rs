//! The outbox survives a crash mid-send: the real server binary is killed with
//! SIGKILL while a relay holds its mail unanswered, restarts on a working relay, and
//! the mail arrives exactly once (and is not sent again by a further restart).

use crate::support::{
    process::{free_port, serve},
    smtp::SmtpReceiver,
};
use reqwest::{redirect::Policy, Client};
use std::time::Duration;
use tokio::{
    io::{AsyncBufReadExt, AsyncWriteExt, BufReader},
    net::TcpListener,
    sync::oneshot,
};

fn mail_args(smtp_url: &str) -> [&str; 4] {
    [
        "--smtp-url",
        smtp_url,
        "--mail-from",
        "Coaching Circles <circles@example.org>",
    ]
}

/// A relay that takes a whole message and then never answers: the sender is stuck
/// between handing the mail over and hearing it was accepted. Sends the message it
/// got once it has all of it.
async fn stalling_relay(listener: TcpListener, got: oneshot::Sender<String>) {
    let mut got = Some(got);
    let (socket, _) = listener.accept().await.expect("the server connects");
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read).lines();
    write
        .write_all(b"220 stall ESMTP\r\n")
        .await
        .expect("greet");
    let mut message = String::new();
    let mut in_data = false;
    while let Ok(Some(line)) = lines.next_line().await {
        if in_data {
            if line == "." {
                if let Some(got) = got.take() {
                    let _ = got.send(std::mem::take(&mut message));
                }
                // Hold the connection open, answering nothing, until the test ends.
                std::future::pending::<()>().await;
            }
            message.push_str(&line);
            message.push('\n');
            continue;
        }
        let verb = line.get(..4).unwrap_or_default().to_ascii_uppercase();
        let answer: &[u8] = match verb.as_str() {
            "EHLO" | "HELO" => b"250 stall\r\n",
            "DATA" => {
                in_data = true;
                b"354 go ahead\r\n"
            }
            _ => b"250 OK\r\n",
        };
        write.write_all(answer).await.expect("answer");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mail_caught_mid_send_by_a_crash_is_sent_once_after_restart() {
    let folder = tempfile::tempdir().expect("temp");
    let database = crate::support::fresh_location(&folder).await;
    let relay = TcpListener::bind("127.0.0.1:0").await.expect("relay port");
    let relay_url = format!("smtp://{}", relay.local_addr().expect("addr"));
    let (got, handed_over) = oneshot::channel();
    let stall = tokio::spawn(stalling_relay(relay, got));

    let port = free_port();
    let mut server = serve(&database, port, &mail_args(&relay_url));
    let base = format!("http://127.0.0.1:{port}");
    let client = Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .expect("client");
    let post = |path: &str, form: &[(&str, &str)]| {
        client.post(format!("{base}/api/{path}")).form(form).send()
    };
    let signed_up = post(
        "sign_up",
        &[
            ("email", "host@example.org"),
            ("display_name", "Hana Host"),
            ("password", "a long enough password"),
            ("next", ""),
        ],
    )
    .await
    .expect("sign up");
    assert!(signed_up.status().is_redirection() || signed_up.status().is_success());
    let created = post(
        "create_circle",
        &[
            ("name", "Outbox"),
            ("purpose", "Mail."),
            ("cadence", "weekly"),
        ],
    )
    .await
    .expect("circle");
    let circle_id = created.headers()["location"]
        .to_str()
        .expect("location")
        .trim_start_matches("/circles/")
        .split('?')
        .next()
        .unwrap_or_default()
        .to_owned();
    let invited = post(
        "invite_by_email",
        &[("circle_id", &circle_id), ("addresses", "bea@example.org")],
    )
    .await
    .expect("invite");
    assert!(invited.status().is_redirection() || invited.status().is_success());

    // The relay has the whole message but has not said "accepted": kill the server.
    let stuck = tokio::time::timeout(Duration::from_secs(30), handed_over)
        .await
        .expect("the mail reaches the relay in time")
        .expect("the message");
    server.kill().expect("SIGKILL");
    server.wait().expect("reaped");
    stall.abort();
    let message_id = stuck
        .lines()
        .find_map(|l| l.strip_prefix("Message-ID: "))
        .expect("a Message-ID")
        .to_owned();

    // Back up on a working relay: the mail goes out once, with the same Message-ID.
    let receiver = SmtpReceiver::start().await;
    let mut server = serve(&database, port, &mail_args(&receiver.url()));
    let mails = receiver.wait_for(1).await;
    assert_eq!(mails.len(), 1, "the mail survived the crash");
    assert_eq!(mails[0].header("To"), "bea@example.org");
    assert_eq!(mails[0].header("Message-ID"), message_id);
    // The server records the send just after the relay accepts it; a kill between the
    // two would send it again (at least once, as above), so wait for the record.
    let db = crate::support::open_database(&database).await;
    for _ in 0..100 {
        let unsent: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL")
            .fetch_one(&db)
            .await
            .expect("count unsent");
        if unsent == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    db.close().await;
    server.kill().expect("SIGKILL");
    server.wait().expect("reaped");

    // A further restart sends nothing again.
    let mut server = serve(&database, port, &mail_args(&receiver.url()));
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    assert_eq!(receiver.received().len(), 1, "never sent twice");
    server.kill().expect("SIGKILL");
    server.wait().expect("reaped");
}
