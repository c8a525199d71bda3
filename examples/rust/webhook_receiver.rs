//! A minimal webhook receiver: listens on a local port, verifies WAHA's HMAC signature and
//! prints each group event.
//!
//! ```text
//! WEBHOOK_HMAC_KEY=secret cargo run -p waha-groups-examples --bin webhook_receiver
//! waha-mock --port 0 --webhook http://127.0.0.1:8080/ --hmac-key secret
//! ```
//!
//! Settings: `WEBHOOK_PORT` (default 8080, 0 = any), `WEBHOOK_HMAC_KEY` (verify when set),
//! `WEBHOOK_MAX_EVENTS` (exit after that many, for scripted runs). The HTTP handling is a
//! deliberately tiny HTTP/1.1 reader so the example has no web framework to learn.

use std::collections::HashSet;
use std::error::Error;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use waha_groups::webhook::{self, GroupEvent};

async fn read_request(stream: &mut tokio::net::TcpStream) -> std::io::Result<(Vec<(String, String)>, Vec<u8>)> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).await?; // request line
    let mut headers = Vec::new();
    loop {
        line.clear();
        reader.read_line(&mut line).await?;
        let trimmed = line.trim_end();
        if trimmed.is_empty() {
            break;
        }
        if let Some((k, v)) = trimmed.split_once(':') {
            headers.push((k.trim().to_owned(), v.trim().to_owned()));
        }
    }
    let length = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).await?;
    Ok((headers, body))
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn Error>> {
    let port: u16 = std::env::var("WEBHOOK_PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(8080);
    let key = std::env::var("WEBHOOK_HMAC_KEY").ok();
    let max: Option<usize> = std::env::var("WEBHOOK_MAX_EVENTS").ok().and_then(|n| n.parse().ok());
    let listener = TcpListener::bind(("127.0.0.1", port)).await?;
    println!("listening on http://{}/", listener.local_addr()?);
    let mut seen = HashSet::new();
    let mut count = 0;
    loop {
        let (mut stream, _) = listener.accept().await?;
        let (headers, body) = read_request(&mut stream).await?;
        let parsed = match &key {
            Some(k) => webhook::parse_verified(&body, &headers, k.as_bytes()),
            None => webhook::parse_with_headers(&body, &headers),
        };
        let status = match parsed {
            Ok(event) => {
                // Retried deliveries carry the same envelope id: print each event once.
                if let Some(id) = event.dedup_key().map(str::to_owned)
                    && !seen.insert(id)
                {
                    "200 OK"
                } else {
                    count += 1;
                    let what = match &event.payload {
                        GroupEvent::Participants(p) => format!("{} {} in {}", p.kind, p.participants.len(), p.group_id),
                        GroupEvent::Join(j) => format!("joined {} {:?}", j.group.id, j.group.subject),
                        GroupEvent::Leave(l) => format!("left {}", l.group_id),
                        GroupEvent::Update(u) => format!("updated {}", u.group.id),
                        GroupEvent::JoinRequest(r) => format!("join request {} by {}", r.action, r.requester_id),
                        GroupEvent::LegacyJoin(_) | GroupEvent::LegacyLeave(_) => "legacy event".into(),
                        GroupEvent::Other { event, .. } => format!("other event {event}"),
                    };
                    println!("{} [{}] {what}", event.event, event.session);
                    "200 OK"
                }
            }
            Err(e) => {
                eprintln!("rejected: {e}");
                "401 Unauthorized"
            }
        };
        stream
            .write_all(format!("HTTP/1.1 {status}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n").as_bytes())
            .await?;
        if max.is_some_and(|m| count >= m) {
            return Ok(());
        }
    }
}
