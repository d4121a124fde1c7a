//! What a browser is sent compressed: pages, in brotli when it accepts brotli (as every
//! current browser does), and in gzip when it accepts only that.

use crate::support::TestServer;
use std::io::Read;

/// Chromium's `Accept-Encoding`.
const CHROMIUM: &str = "gzip, deflate, br, zstd";

#[tokio::test]
async fn pages_are_sent_compressed_to_browsers_that_accept_it() {
    let server = TestServer::start().await;
    let client = reqwest::Client::new();
    let page = |encodings: &'static str| {
        let request = client
            .get(format!("{}/sign-in", server.base))
            .header("accept", "text/html")
            .header("accept-encoding", encodings);
        async move {
            let reply = request.send().await.expect("request");
            assert_eq!(reply.status(), 200);
            let encoding = reply.headers().get("content-encoding").cloned();
            let body = reply.bytes().await.expect("body");
            (encoding.map(|e| e.to_str().unwrap_or("").to_owned()), body)
        }
    };

    let (encoding, plain) = page("identity").await;
    assert_eq!(encoding, None);
    let plain = String::from_utf8(plain.to_vec()).expect("HTML");
    assert!(
        plain.contains("<title>Sign in · Coaching Circles</title>"),
        "{plain}"
    );

    let (encoding, brotli) = page(CHROMIUM).await;
    assert_eq!(encoding.as_deref(), Some("br"));
    let mut unpacked = String::new();
    brotli::Decompressor::new(&brotli[..], 4096)
        .read_to_string(&mut unpacked)
        .expect("brotli");
    assert!(
        unpacked.contains("<title>Sign in · Coaching Circles</title>"),
        "{unpacked}"
    );
    assert!(
        brotli.len() * 2 < plain.len(),
        "{} of {}",
        brotli.len(),
        plain.len()
    );

    let (encoding, gzip) = page("gzip").await;
    assert_eq!(encoding.as_deref(), Some("gzip"));
    assert!(
        gzip.len() * 2 < plain.len(),
        "{} of {}",
        gzip.len(),
        plain.len()
    );
}
