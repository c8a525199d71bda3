use std::process::Command;

use serde_json::Value;
use waha_groups::Engine;
use waha_groups_conformance::{Anonymizer, Target, check_fixtures, run, run_mock, save_recording};
use waha_mock::{FaultSpec, JournalFilter, MockWaha};

async fn seeded(engine: Engine) -> (MockWaha, Target) {
    let mock = MockWaha::builder().engine(engine).start().await.unwrap();
    let client = waha_groups::Client::builder().base_url(mock.url()).build().unwrap();
    client.groups("default").create("Seed", ["22222222222@c.us"]).await.unwrap();
    let target = Target {
        url: mock.url(),
        api_key: None,
        session: "default".into(),
        allow_writes: false,
        participant: None,
        label: "mock".into(),
    };
    (mock, target)
}

#[tokio::test]
async fn passes_for_every_persona_with_writes() {
    for engine in Engine::KNOWN {
        let report = run_mock(engine.clone(), true).await.unwrap();
        assert!(report.passed(), "{}", report.table(engine.as_str()));
        assert!(report.rows.iter().filter(|r| r.result == "pass").count() >= 30, "{}", report.table(engine.as_str()));
    }
}

#[tokio::test]
async fn read_only_by_default() {
    let (mock, target) = seeded(Engine::Noweb).await;
    let before = mock.journal(&JournalFilter::default()).len();
    let report = run(&target).await;
    assert!(report.passed(), "{}", report.table("ro"));
    let writes: Vec<_> = mock.journal(&JournalFilter::default())[before..]
        .iter()
        .filter(|e| e.method != "GET")
        .map(|e| e.path.clone())
        .collect();
    assert!(writes.is_empty(), "a read-only run sent {writes:?}");
    assert!(report.rows.iter().any(|r| r.operation == "create" && r.result == "skip"));
}

#[tokio::test]
async fn reports_wrong_shapes_and_statuses() {
    let (mock, target) = seeded(Engine::Gows).await;
    mock.add_fault(FaultSpec {
        operation: Some("get".into()),
        status: Some(200),
        body: Some(serde_json::json!(["not", "a", "group"])),
        ..Default::default()
    })
    .unwrap();
    mock.add_fault(FaultSpec {
        operation: Some("count".into()),
        kind: Some(waha_mock::FaultKind::RateOverlimit),
        ..Default::default()
    })
    .unwrap();
    let report = run(&target).await;
    assert!(!report.passed());
    let get = report.rows.iter().find(|r| r.operation == "get").unwrap();
    assert_eq!((get.result, get.shape_ok, get.decode_ok), ("fail", Some(false), Some(false)), "{get:?}");
    let count = report.rows.iter().find(|r| r.operation == "count").unwrap();
    assert_eq!((count.result, count.status), ("fail", Some((200, 500))));
    assert!(count.note.contains("rate_limited"), "{}", count.note);
    assert!(report.table("x").contains("failed"));
}

#[tokio::test]
async fn recordings_are_anonymised_and_pass_the_fixture_checker() {
    let report = run_mock(Engine::Webjs, true).await.unwrap();
    let dir = std::env::temp_dir().join(format!("waha-conformance-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut anon = Anonymizer::default();
    let files = save_recording(&dir, "WEBJS", &report, &mut anon).unwrap();
    assert!(files.len() >= 25);
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        for real in ["11111111111", "22222222222", "33333333333"] {
            assert!(!text.contains(real), "{} still contains {real}", f.display());
        }
    }
    let (n, failures) = check_fixtures(&dir).unwrap();
    assert_eq!(n, files.len());
    assert!(failures.is_empty(), "{failures:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn anonymisation_is_consistent_and_keeps_non_ids() {
    let mut a = Anonymizer::default();
    let text = a.text(r#"{"id":"11111111111@c.us","user":"11111111111","g":"120363401234567890@g.us","legacy":"4915112345678-1609459200@g.us","ts":1740000000,"dev":"11111111111:12@s.whatsapp.net"}"#);
    let v: Value = serde_json::from_str(&text).unwrap();
    let phone = v["id"].as_str().unwrap().trim_end_matches("@c.us").to_owned();
    assert_ne!(phone, "11111111111");
    assert_eq!(phone.len(), 11);
    assert_eq!(v["user"], phone.as_str(), "the same number maps to the same fake");
    assert!(v["dev"].as_str().unwrap().starts_with(&format!("{phone}:12@")));
    assert_ne!(v["g"], "120363401234567890@g.us");
    assert_eq!(v["ts"], 1740000000, "numbers that are not ids stay");
    assert!(!v["legacy"].as_str().unwrap().contains("4915112345678"));
}

#[test]
fn the_shared_fixtures_pass_the_checker() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    let (n, failures) = check_fixtures(&dir).unwrap();
    assert!(n >= 80);
    assert!(failures.is_empty(), "{failures:?}");
    assert!(check_fixtures(std::path::Path::new("/nonexistent")).unwrap_err().contains("neither"));
}

#[test]
fn cli_prints_json_and_fails_on_bad_input() {
    let out = Command::new(env!("CARGO_BIN_EXE_waha-groups-conformance"))
        .args(["--engine", "nowEB", "--json"])
        .env_remove("WAHA_URL")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc[0]["target"], "NOWEB");
    assert_eq!(doc[0]["passed"], true);
    assert!(doc[0]["operations"].as_array().unwrap().len() > 20);
    let bad = Command::new(env!("CARGO_BIN_EXE_waha-groups-conformance"))
        .args(["--engine", "X"])
        .env_remove("WAHA_URL")
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}
