//! A real SMTP receiver for the tests: Debian's aiosmtpd (`python3-aiosmtpd`, installed
//! by `make test-tools`), storing each message it accepts in a maildir.

use std::{
    net::TcpListener,
    path::PathBuf,
    process::{Child, Command, Stdio},
    time::Duration,
};
use tempfile::TempDir;

pub struct SmtpReceiver {
    port: u16,
    folder: TempDir,
    child: Child,
}

/// One message as received.
pub struct ReceivedMail {
    pub raw: Vec<u8>,
}

impl ReceivedMail {
    pub fn header(&self, name: &str) -> String {
        let parsed = mailparse::parse_mail(&self.raw).expect("a mail message");
        mailparse::MailHeaderMap::get_first_value(&parsed.headers[..], name).unwrap_or_default()
    }

    pub fn body(&self) -> String {
        let parsed = mailparse::parse_mail(&self.raw).expect("a mail message");
        parsed.get_body().expect("a readable body")
    }

    /// The first part of type `mime` (the message itself when it is not multipart).
    pub fn part(&self, mime: &str) -> Option<String> {
        let parsed = mailparse::parse_mail(&self.raw).expect("a mail message");
        let mut parts = vec![&parsed];
        while let Some(part) = parts.pop() {
            if part.ctype.mimetype == mime {
                return Some(part.get_body().expect("a readable part"));
            }
            parts.extend(part.subparts.iter());
        }
        None
    }

    /// The words of the mail (its text/plain part).
    pub fn text(&self) -> String {
        self.part("text/plain").expect("a text part")
    }

    /// The first address in the text that starts with `prefix`.
    pub fn link(&self, prefix: &str) -> String {
        let text = self.text();
        let start = text
            .find(prefix)
            .unwrap_or_else(|| panic!("no {prefix} link in: {text}"));
        text[start..]
            .split_whitespace()
            .next()
            .expect("a link")
            .to_owned()
    }
}

impl SmtpReceiver {
    pub async fn start() -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let folder = tempfile::tempdir().expect("temp folder");
        let mut child = Command::new("/usr/bin/python3")
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(folder.path().join("maildir"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("aiosmtpd runs (make test-tools installs python3-aiosmtpd)");
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return Self {
                    port,
                    folder,
                    child,
                };
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("aiosmtpd did not start listening on port {port}");
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    fn files(&self) -> Vec<PathBuf> {
        let new = self.folder.path().join("maildir").join("new");
        let mut files: Vec<PathBuf> = std::fs::read_dir(new)
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        files.sort();
        files
    }

    /// The messages received, once there are at least `count` (waiting up to 15 s).
    pub async fn wait_for(&self, count: usize) -> Vec<ReceivedMail> {
        for _ in 0..150 {
            if self.files().len() >= count {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        self.received()
    }

    /// The messages received so far.
    pub fn received(&self) -> Vec<ReceivedMail> {
        self.files()
            .into_iter()
            .map(|path| ReceivedMail {
                raw: std::fs::read(path).expect("a stored message"),
            })
            .collect()
    }
}

impl Drop for SmtpReceiver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
