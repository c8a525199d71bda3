//! The examples run as documented.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};

use waha_groups::Engine;
use waha_mock::{HmacConfig, MockWaha, WebhookConfig};

#[test]
fn quickstart_walks_the_lifecycle_against_the_embedded_mock() {
    let out = Command::new(env!("CARGO_BIN_EXE_quickstart")).env_remove("WAHA_URL").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}\n{}", String::from_utf8_lossy(&out.stderr));
    for needle in [
        "Started an in-process mock WAHA",
        "group.v2.join          \"Team\"",
        "subject=\"Team 2026\"",
        "group.v2.participants  promote",
        "add +44444444444: ok=false (code Some(403)",
        "-> send 44444444444@c.us a private invitation: code ",
        "join answered None",
        "…participants.join-request created",
        "Done: 0 groups left",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
}

#[test]
fn webhook_receiver_verifies_and_prints_events() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_webhook_receiver"))
        .env("WEBHOOK_PORT", "0")
        .env("WEBHOOK_HMAC_KEY", "k")
        .env("WEBHOOK_MAX_EVENTS", "2")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let url = first.trim().strip_prefix("listening on ").unwrap().to_owned();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let mut hook = WebhookConfig::new(url);
        hook.hmac = Some(HmacConfig { key: "k".into() });
        hook.events = vec!["group.v2.join".into(), "group.v2.participants".into()];
        let mock = MockWaha::builder().engine(Engine::Gows).webhook(hook).start().await.unwrap();
        let client = waha_groups::Client::builder().base_url(mock.url()).build().unwrap();
        let groups = client.groups("default");
        let g = groups.create("Team", ["22222222222@c.us"]).await.unwrap();
        groups.add_participants(&g.id, ["33333333333@c.us"]).await.unwrap();
        let status = tokio::task::spawn_blocking(move || child.wait()).await.unwrap().unwrap();
        assert!(status.success());
    });
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    assert!(rest.contains("group.v2.join [default] joined"), "{rest}");
    assert!(rest.contains("group.v2.participants [default] join 1 in"), "{rest}");
}
