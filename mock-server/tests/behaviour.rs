//! WAHA's errors, faults, the control API, webhook delivery, determinism and the CLI.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use waha_groups::webhook::{self, GroupEvent, ParticipantsChange};
use waha_groups::{Client, Engine, ErrorKind, ListGroups, RetryPolicy};
use waha_mock::{FaultKind, FaultSpec, HmacConfig, JournalFilter, MockWaha, RetryConfig, Simulation, WebhookConfig};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate, matchers::any};

const BOB: &str = "22222222222@c.us";
const CAROL: &str = "33333333333@c.us";

fn client(mock: &MockWaha, key: Option<&str>) -> Client {
    let mut b = Client::builder().base_url(mock.url()).retry(RetryPolicy::disabled());
    if let Some(k) = key {
        b = b.api_key(k);
    }
    b.build().unwrap()
}

async fn raw(mock: &MockWaha, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let mut req = reqwest::Client::new().request(method.parse().unwrap(), format!("{}{path}", mock.url()));
    if let Some(b) = body {
        req = req.json(&b);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

#[tokio::test]
async fn api_key_is_enforced_like_waha() {
    let mock = MockWaha::builder().api_key("secret").start().await.unwrap();
    let err = client(&mock, None).groups("default").count().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Authentication);
    assert_eq!(err.body_json().unwrap(), json!({"message": "Unauthorized", "statusCode": 401}));
    assert_eq!(
        client(&mock, Some("wrong")).groups("default").count().await.unwrap_err().kind(),
        ErrorKind::Authentication
    );
    assert_eq!(client(&mock, Some("secret")).groups("default").count().await.unwrap(), 0);
    // /ping is outside the protected prefixes; ?x-api-key= works (2026.4.3+).
    assert_eq!(raw(&mock, "GET", "/ping", None).await.0, 200);
    assert_eq!(raw(&mock, "GET", "/api/default/groups/count?x-api-key=secret", None).await.0, 200);
}

#[tokio::test]
async fn a_json_body_sent_as_text_plain_is_not_read() {
    let mock = MockWaha::builder().engine(Engine::Noweb).start().await.unwrap();
    let body = r#"{"name":"Sneaky","participants":[{"id":"22222222222@c.us"}]}"#;
    let send = |content_type: &'static str| {
        reqwest::Client::new()
            .post(format!("{}/api/default/groups", mock.url()))
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    for content_type in ["text/plain", "text/plain; charset=utf-8", "application/x-www-form-urlencoded"] {
        let resp = send(content_type).await.unwrap();
        assert_eq!(resp.status().as_u16(), 500, "{content_type}: WAHA's handler gets no body");
        let answer: Value = resp.json().await.unwrap();
        assert_eq!(answer["exception"]["name"], "TypeError", "{content_type}: {answer}");
        assert_eq!(answer["request"]["body"], json!({}), "{content_type}");
    }
    assert_eq!(client(&mock, None).groups("default").count().await.unwrap(), 0, "nothing was created");
    let resp = send("application/json; charset=utf-8").await.unwrap();
    assert_eq!(resp.status().as_u16(), 201);
    assert_eq!(client(&mock, None).groups("default").count().await.unwrap(), 1);
}

#[tokio::test]
async fn serves_its_openapi_document() {
    let mock = MockWaha::builder().api_key("secret").start().await.unwrap();
    let (status, doc) = raw(&mock, "GET", "/openapi.json", None).await;
    assert_eq!(status, 200, "served without a key");
    assert_eq!(doc, waha_groups::schema::openapi());
    assert!(doc["paths"]["/api/{session}/groups/{id}/participants/add"]["post"]["responses"]["200"].is_object());
}

#[tokio::test]
async fn session_errors_are_waha_422_bodies() {
    let mock = MockWaha::builder().start().await.unwrap();
    let c = client(&mock, None);
    let err = c.groups("nope").count().await.unwrap_err();
    assert_eq!((err.kind(), err.session()), (ErrorKind::SessionNotFound, Some("nope")));
    assert_eq!(err.body_json().unwrap(), json!({"error": "Session \"nope\" does not exist", "session": "nope"}));
    mock.set_session_status("default", "SCAN_QR_CODE").unwrap();
    let err = c.groups("default").count().await.unwrap_err();
    assert_eq!((err.kind(), err.session_status()), (ErrorKind::SessionNotReady, Some("SCAN_QR_CODE")));
    assert!(mock.set_session_status("default", "ASLEEP").unwrap_err().contains("must be one of"));
}

#[tokio::test]
async fn validated_routes_answer_400_and_unknown_routes_404() {
    let mock = MockWaha::builder().start().await.unwrap();
    let (status, body) = raw(&mock, "GET", "/api/default/groups?sortBy=name&limit=x", None).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"], "Bad Request");
    let messages: Vec<&str> = body["message"].as_array().unwrap().iter().map(|m| m.as_str().unwrap()).collect();
    assert!(messages.contains(&"sortBy must be one of the following values: id, subject"), "{messages:?}");
    assert!(messages.contains(&"limit must be a number conforming to the specified constraints"));
    let (status, body) = raw(&mock, "GET", "/api/default/groups/1%40g.us/picture?refresh=maybe", None).await;
    assert_eq!((status, body["message"][0].as_str()), (400, Some("refresh must be a boolean value")));
    let (status, body) = raw(&mock, "GET", "/api/default/nothing", None).await;
    assert_eq!((status, body["message"].as_str()), (404, Some("Cannot GET /api/default/nothing")));
}

#[tokio::test]
async fn malformed_bodies_get_waha_shaped_500s() {
    let mock = MockWaha::builder().engine(Engine::Noweb).start().await.unwrap();
    let (status, body) = raw(&mock, "POST", "/api/default/groups", Some(json!({"name": "x"}))).await;
    assert_eq!(status, 500);
    assert_eq!(body["exception"]["name"], "TypeError");
    assert_eq!(body["request"]["method"], "POST");
    assert_eq!(body["version"]["engine"], "NOWEB");
    let (status, body) = raw(&mock, "GET", "/api/default/groups/123%40g.us", None).await;
    assert_eq!((status, body["exception"]["message"].as_str()), (500, Some("Group with id '123@g.us' not found")));
}

#[tokio::test]
async fn faults_rate_overlimit_then_recovery_through_client_retries() {
    let mock = MockWaha::builder().start().await.unwrap();
    mock.add_fault(FaultSpec {
        operation: Some("count".into()),
        kind: Some(FaultKind::RateOverlimit),
        times: Some(2),
        ..Default::default()
    })
    .unwrap();
    let retrying = Client::builder()
        .base_url(mock.url())
        .retry(RetryPolicy::default().base_delay(Duration::from_millis(1)))
        .build()
        .unwrap();
    assert_eq!(retrying.groups("default").count().await.unwrap(), 0);
    let calls = mock.journal(&JournalFilter { operation: Some("count".into()), ..Default::default() });
    assert_eq!(calls.iter().map(|e| e.status).collect::<Vec<_>>(), [500, 500, 200]);
}

#[tokio::test]
async fn faults_status_delay_drop_hollow_empty() {
    let mock = MockWaha::builder().engine(Engine::Gows).start().await.unwrap();
    let c = client(&mock, None);
    let groups = c.groups("default");
    let g = groups.create("T", [BOB]).await.unwrap();

    let body = json!({"message": "The method is not implemented by 'GOWS' engine.", "statusCode": 501});
    mock.add_fault(FaultSpec {
        operation: Some("get".into()),
        status: Some(501),
        body: Some(body),
        times: Some(1),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(groups.get(&g.id).await.unwrap_err().kind(), ErrorKind::NotImplemented);

    mock.add_fault(FaultSpec {
        operation: Some("get".into()),
        kind: Some(FaultKind::Hollow),
        times: Some(1),
        ..Default::default()
    })
    .unwrap();
    let hollow = groups.get(&g.id).await.unwrap();
    assert_eq!((hollow.subject.as_str(), hollow.participants.len()), ("", 0));

    mock.add_fault(FaultSpec {
        operation: Some("participants".into()),
        kind: Some(FaultKind::Empty),
        times: Some(1),
        ..Default::default()
    })
    .unwrap();
    assert!(groups.participants(&g.id).await.unwrap().is_empty());

    mock.add_fault(FaultSpec {
        operation: Some("count".into()),
        kind: Some(FaultKind::Drop),
        times: Some(1),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(groups.count().await.unwrap_err().kind(), ErrorKind::Transport);

    mock.add_fault(FaultSpec {
        operation: Some("count".into()),
        delay_ms: Some(3000),
        times: Some(1),
        ..Default::default()
    })
    .unwrap();
    let impatient = Client::builder()
        .base_url(mock.url())
        .timeout(Duration::from_millis(300))
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    assert_eq!(impatient.groups("default").count().await.unwrap_err().kind(), ErrorKind::Timeout);
    assert_eq!(groups.count().await.unwrap(), 1, "faults were used up");
}

#[tokio::test]
async fn control_api_over_http() {
    let mock = MockWaha::builder().seed(1).clock(1_740_000_000_000).start().await.unwrap();
    let groups = client(&mock, None).groups("default");
    groups.create("Before", [BOB]).await.unwrap();
    let (_, state) = raw(&mock, "GET", "/__mock/state", None).await;
    assert_eq!(state["groups"].as_object().unwrap().len(), 1);
    groups.create("Extra", [BOB]).await.unwrap();
    let (status, _) = raw(&mock, "PUT", "/__mock/state", Some(state.clone())).await;
    assert_eq!(status, 200);
    assert_eq!(groups.count().await.unwrap(), 1, "import replaced the world");
    groups.create("Later", [BOB]).await.unwrap();
    raw(&mock, "POST", "/__mock/reset", None).await;
    assert_eq!(groups.count().await.unwrap(), 1, "reset returns to the imported state");

    let (status, body) = raw(&mock, "POST", "/__mock/sessions", Some(json!({"name": "bob", "phone": BOB}))).await;
    assert_eq!((status, &body), (200, &json!({"ok": true})));
    let (_, journal) = raw(&mock, "GET", "/__mock/journal?operation=count", None).await;
    assert_eq!(journal.as_array().unwrap().len(), 1, "reset cleared the journal; one count since");
    let (status, body) = raw(&mock, "POST", "/__mock/faults", Some(json!({"kind": "boom"}))).await;
    assert_eq!(status, 400);
    assert!(body["message"].as_str().unwrap().contains("unknown fault kind"));
    let (status, body) = raw(&mock, "PUT", "/__mock/sessions/bob/status", Some(json!({"status": "STOPPED"}))).await;
    assert_eq!((status, body), (200, json!({"ok": true})));
    assert_eq!(client(&mock, None).groups("bob").count().await.unwrap_err().kind(), ErrorKind::SessionNotReady);
    let (status, _) = raw(&mock, "PUT", "/__mock/state", Some(json!({"groups": 1}))).await;
    assert_eq!(status, 400, "a malformed world is refused, the current one kept");
    assert_eq!(groups.count().await.unwrap(), 1);
    let (status, _) = raw(&mock, "GET", "/__mock/nothing", None).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn same_seed_same_world() {
    let run = || async {
        let mock = MockWaha::builder().engine(Engine::Noweb).seed(9).clock(1_740_000_000_000).start().await.unwrap();
        let groups = client(&mock, None).groups("default");
        let g = groups.create("T", [BOB]).await.unwrap();
        (g.id.clone(), groups.invite_code(&g.id).await.unwrap(), mock.events(None, None)[0].body()["id"].clone())
    };
    assert_eq!(run().await, run().await);
}

/// Received deliveries: body and headers.
type Received = Arc<Mutex<Vec<(Vec<u8>, Vec<(String, String)>)>>>;

/// A webhook receiver that records bodies and headers, failing the first `fail` deliveries.
struct Receiver {
    got: Received,
    fail: Arc<Mutex<u32>>,
}

impl Respond for Receiver {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let mut fail = self.fail.lock().unwrap();
        if *fail > 0 {
            *fail -= 1;
            return ResponseTemplate::new(503);
        }
        let headers = req.headers.iter().map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_owned())).collect();
        self.got.lock().unwrap().push((req.body.clone(), headers));
        ResponseTemplate::new(200)
    }
}

async fn receiver(fail: u32) -> (MockServer, Received) {
    let server = MockServer::start().await;
    let got = Arc::new(Mutex::new(Vec::new()));
    Mock::given(any())
        .respond_with(Receiver { got: got.clone(), fail: Arc::new(Mutex::new(fail)) })
        .mount(&server)
        .await;
    (server, got)
}

async fn wait_for(got: &Received, n: usize) {
    for _ in 0..200 {
        if got.lock().unwrap().len() >= n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("receiver got {} of {n} deliveries", got.lock().unwrap().len());
}

#[tokio::test]
async fn webhooks_arrive_signed_and_in_order() {
    let (server, got) = receiver(0).await;
    let mut hook = WebhookConfig::new(format!("{}/hook", server.uri()));
    hook.hmac = Some(HmacConfig { key: "k".into() });
    let mock = MockWaha::builder().engine(Engine::Noweb).webhook(hook).start().await.unwrap();
    let groups = client(&mock, None).groups("default");
    let g = groups.create("Team", [BOB]).await.unwrap();
    groups.add_participants(&g.id, [CAROL]).await.unwrap();
    groups.promote(&g.id, [CAROL]).await.unwrap();
    groups.set_subject(&g.id, "Renamed").await.unwrap();
    groups.remove_participants(&g.id, [CAROL]).await.unwrap();

    let emitted = mock.events(Some("default"), None);
    wait_for(&got, emitted.len()).await;
    let got = got.lock().unwrap();
    let mut kinds = Vec::new();
    for ((body, headers), sent) in got.iter().zip(&emitted) {
        let event = webhook::parse_verified(body, headers, b"k").expect("valid signature");
        assert_eq!(event.id, sent.typed().id, "delivered in emission order");
        assert!(event.request_id.is_some());
        assert_eq!(
            headers.iter().find(|(k, _)| k == "user-agent").unwrap().1,
            format!("WAHA/{}", waha_mock::WAHA_VERSION)
        );
        let ts = headers.iter().find(|(k, _)| k == "x-webhook-timestamp").unwrap().1.parse::<i64>().unwrap();
        assert_eq!(Some(ts), event.timestamp);
        kinds.push(match &event.payload {
            GroupEvent::Participants(p) => format!("participants:{}", p.kind),
            GroupEvent::Update(u) => format!("update:{}", u.group.subject.clone().unwrap_or_default()),
            GroupEvent::Join(_) => "join".into(),
            GroupEvent::LegacyJoin(_) => "legacy-join".into(),
            other => format!("{other:?}"),
        });
    }
    assert_eq!(
        kinds,
        ["join", "legacy-join", "participants:join", "participants:promote", "update:Renamed", "participants:leave"]
    );
    assert!(webhook::parse_verified(&got[0].0, &got[0].1, b"wrong").is_err());
    assert!(emitted.iter().all(|e| e.deliveries.iter().all(|d| d.delivered)), "delivery log updated");
}

#[tokio::test]
async fn failing_receivers_are_retried_with_the_same_request_id() {
    let (server, got) = receiver(2).await;
    let mut hook = WebhookConfig::new(server.uri());
    hook.retries = RetryConfig { policy: "linear".into(), delay_seconds: 0.01, attempts: 3 };
    hook.events = vec!["group.v2.join".into()];
    let mock = MockWaha::builder().engine(Engine::Gows).webhook(hook).start().await.unwrap();
    client(&mock, None).groups("default").create("Team", [BOB]).await.unwrap();
    wait_for(&got, 1).await;
    for _ in 0..100 {
        if mock.events(None, None)[0].deliveries.first().is_some_and(|d| d.delivered) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let events = mock.events(None, None);
    assert_eq!(events.len(), 1, "only the subscribed event");
    let d = &events[0].deliveries[0];
    assert_eq!((d.attempts, d.delivered, d.last_status), (3, true, Some(200)));
}

#[tokio::test]
async fn simulations_emit_what_the_api_would() {
    let mock = MockWaha::builder().engine(Engine::Gows).session("bob", BOB).start().await.unwrap();
    let c = client(&mock, None);
    let g = c.groups("default").create("Team", [BOB]).await.unwrap();
    c.groups("default").promote(&g.id, [BOB]).await.unwrap();
    let before = mock.events(Some("default"), None).len();

    mock.simulate(Simulation::JoinByLink { group: g.id.clone(), actor: CAROL.into() }).unwrap();
    mock.simulate(Simulation::SetSubject { group: g.id.clone(), actor: BOB.into(), subject: "By Bob".into() }).unwrap();
    mock.simulate(Simulation::Remove { group: g.id.clone(), actor: BOB.into(), participants: vec![CAROL.into()] })
        .unwrap();
    mock.simulate(Simulation::RequestJoin { group: g.id.clone(), actor: "55555555555".into() }).unwrap();
    mock.simulate(Simulation::RevokeRequest { group: g.id.clone(), actor: "55555555555".into() }).unwrap();
    let err =
        mock.simulate(Simulation::Promote { group: g.id.clone(), actor: CAROL.into(), participants: vec![BOB.into()] });
    assert!(err.unwrap_err().contains("not a member"));

    let mine: Vec<GroupEvent> =
        mock.events(Some("default"), None)[before..].iter().map(|e| e.typed().payload.clone()).collect();
    assert!(
        matches!(&mine[0], GroupEvent::Participants(p) if p.kind == ParticipantsChange::Join && p.participants.len() == 1)
    );
    assert!(matches!(&mine[1], GroupEvent::Update(u) if u.group.subject.as_deref() == Some("By Bob")));
    assert!(matches!(&mine[2], GroupEvent::Participants(p) if p.kind == ParticipantsChange::Leave));
    let requests: Vec<_> = mine
        .iter()
        .filter_map(|e| match e {
            GroupEvent::JoinRequest(r) => Some(r.action.as_str().to_owned()),
            _ => None,
        })
        .collect();
    assert_eq!(requests, ["created", "revoked"]);
    assert_eq!(c.groups("default").get(&g.id).await.unwrap().subject, "By Bob", "the world changed too");
    // Bob (admin) hears about the join request too; his session got the same subject change.
    assert!(mock.events(Some("bob"), Some("group.v2.participants.join-request")).len() == 2);
    let over_http =
        raw(&mock, "POST", "/__mock/simulate", Some(json!({"action": "leave", "group": g.id, "actor": BOB}))).await;
    assert_eq!(over_http.0, 200);
    assert!(c.groups("bob").list(ListGroups::new()).await.unwrap().is_empty());
}

#[test]
fn cli_prints_its_url_and_exits_cleanly_on_sigterm() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_waha-mock"))
        .args(["--port", "0", "--engine", "noweb", "--api-key", "secret", "--max-body-bytes", "1000"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let info: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(info["engine"], "NOWEB");
    assert_eq!(info["sessions"], json!(["default"]));
    let url = info["url"].as_str().unwrap().to_owned();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let count = runtime.block_on(async {
        let c = Client::builder().base_url(&url).api_key("secret").build().unwrap();
        c.groups("default").count().await
    });
    assert_eq!(count.unwrap(), 0);
    let oversized = runtime.block_on(async {
        let body = json!({"name": "n".repeat(2000), "participants": []});
        let c = reqwest::Client::new().post(format!("{url}/api/default/groups")).header("x-api-key", "secret");
        c.json(&body).send().await.unwrap().status().as_u16()
    });
    assert_eq!(oversized, 413, "--max-body-bytes is honoured");
    Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");

    let bad =
        Command::new(env!("CARGO_BIN_EXE_waha-mock")).args(["--port", "0", "--engine", "TELEGRAM"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("must be WEBJS, WPP, NOWEB or GOWS"));
}

#[tokio::test]
async fn list_pages_come_from_an_index_that_follows_every_change() {
    let mock = MockWaha::builder().engine(Engine::Noweb).start().await.unwrap();
    mock.seed_groups("default", 300, 5).unwrap();
    let groups = client(&mock, None).groups("default");
    assert_eq!(groups.count().await.unwrap(), 300);
    let mut expected: Vec<(String, String)> =
        mock.state().groups().values().map(|g| (g.subject.clone(), g.id.clone())).collect();
    expected.sort();
    let page =
        groups.list(ListGroups::new().sort_by(waha_groups::SortBy::Subject).limit(50).offset(100)).await.unwrap();
    let got: Vec<(String, String)> = page.iter().map(|g| (g.subject.clone(), g.id.clone())).collect();
    assert_eq!(got, expected[100..150]);
    let desc = groups
        .list(ListGroups::new().sort_by(waha_groups::SortBy::Subject).sort_order(waha_groups::SortOrder::Desc).limit(1))
        .await
        .unwrap();
    assert_eq!(desc[0].id, expected.last().unwrap().1);
    // Changes invalidate the cached views: create, rename, leave.
    let g = groups.create("!first", [BOB]).await.unwrap();
    let first = groups.list(ListGroups::new().sort_by(waha_groups::SortBy::Subject).limit(1)).await.unwrap();
    assert_eq!(first[0].id, g.id);
    groups.set_subject(&g.id, "~last").await.unwrap();
    let last = groups
        .list(ListGroups::new().sort_by(waha_groups::SortBy::Subject).sort_order(waha_groups::SortOrder::Desc).limit(1))
        .await
        .unwrap();
    assert_eq!(last[0].id, g.id);
    groups.leave(&g.id).await.unwrap();
    assert_eq!(groups.count().await.unwrap(), 300);
    let (status, _) = raw(&mock, "POST", "/__mock/seed", Some(json!({"groups": 10, "members": 3}))).await;
    assert_eq!(status, 200);
    assert_eq!(groups.count().await.unwrap(), 310);
}

/// Descriptors run out (hard limit 64, so the CLI cannot raise it): wiremock's accept loop ends
/// on the first EMFILE. Once the crowd leaves, the mock must answer again on the same port.
#[cfg(unix)]
#[test]
fn cli_keeps_serving_after_descriptor_exhaustion() {
    use std::os::unix::process::CommandExt;
    let mut command = Command::new(env!("CARGO_BIN_EXE_waha-mock"));
    command.args(["--port", "0"]).stdout(Stdio::piped()).stderr(Stdio::piped());
    // SAFETY: only setrlimit runs between fork and exec.
    unsafe {
        command.pre_exec(|| {
            let limit = libc::rlimit { rlim_cur: 64, rlim_max: 64 };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &limit) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        });
    }
    let mut child = command.spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = serde_json::from_str::<Value>(&line).unwrap()["url"].as_str().unwrap().to_owned();
    let addr = url.trim_start_matches("http://").to_owned();
    let crowd: Vec<_> = (0..100)
        .filter_map(|_| std::net::TcpStream::connect_timeout(&addr.parse().unwrap(), Duration::from_secs(1)).ok())
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    drop(crowd);
    let ping = || {
        std::net::TcpStream::connect(&addr).ok().and_then(|mut s| {
            use std::io::Write;
            s.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
            s.write_all(b"GET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").ok()?;
            let mut answer = String::new();
            s.read_to_string(&mut answer).ok()?;
            Some(answer)
        })
    };
    let answered = (0..50).any(|_| {
        let ok = ping().is_some_and(|a| a.starts_with("HTTP/1.1 200"));
        if !ok {
            std::thread::sleep(Duration::from_millis(100));
        }
        ok
    });
    Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    let _ = child.wait();
    assert!(answered, "the mock stopped answering after descriptor exhaustion; stderr:\n{stderr}");
}
