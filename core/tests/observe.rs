//! What a client tells about itself: one event per attempt and retry, counters, the invite
//! error kind, and no secret in any of it.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use waha_groups::observe::{Event, EventKind, Observer};
use waha_groups::{Client, ErrorKind, RetryPolicy};
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const G: &str = "120363401234567890@g.us";
const KEY: &str = "k3y-that-must-never-leak";

#[derive(Default)]
struct Record(Mutex<Vec<Event>>);

impl Observer for Record {
    fn on_event(&self, event: &Event) {
        self.0.lock().unwrap().push(event.clone());
    }
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures").join(name)).unwrap()
}

fn client(uri: &str, record: Arc<Record>) -> Client {
    let retry =
        RetryPolicy::default().max_retries(2).base_delay(Duration::from_millis(1)).max_delay(Duration::from_millis(3));
    Client::builder().base_url(uri).api_key(KEY).retry(retry).observer(record).build().unwrap()
}

/// Rate-limited `n` times, then the group (with WAHA's request id).
struct LimitedThenOk(AtomicUsize, usize);

impl Respond for LimitedThenOk {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        if self.0.fetch_add(1, Ordering::SeqCst) < self.1 {
            ResponseTemplate::new(500).set_body_raw(fixture("errors/500-rate-overlimit.json"), "application/json")
        } else {
            ResponseTemplate::new(200)
                .insert_header("x-request-id", "req-42")
                .set_body_raw(format!(r#"{{"id": "{G}", "subject": "Team"}}"#), "application/json")
        }
    }
}

#[tokio::test]
async fn a_retried_call_reports_each_attempt_and_its_wait() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(LimitedThenOk(AtomicUsize::new(0), 1)).mount(&server).await;
    let record = Arc::new(Record::default());
    let c = client(&server.uri(), record.clone());
    c.groups("default").get(G).await.unwrap();
    let events = record.0.lock().unwrap().clone();
    let kinds: Vec<EventKind> = events.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, [EventKind::Failed, EventKind::Retry, EventKind::Call]);
    for e in &events {
        assert_eq!((e.operation, e.session.as_deref(), e.group_id.as_deref()), ("get", Some("default"), Some(G)));
        assert!(e.duration_ms.is_some_and(|ms| ms >= 0.0));
    }
    assert_eq!((events[0].attempt, events[0].status, events[0].error), (1, Some(500), Some("rate_limited")));
    assert!(events[1].wait_ms.is_some_and(|ms| ms > 0.0));
    assert_eq!((events[2].attempt, events[2].status, events[2].request_id.as_deref()), (2, Some(200), Some("req-42")));
    let stats = c.stats();
    assert_eq!((stats.calls, stats.retries, stats.rate_limited), (1, 1, 1));
    assert!(stats.errors.is_empty());
    for e in &events {
        let text = format!("{e:?} {}", serde_json::to_string(e).unwrap());
        assert!(!text.contains(KEY) && !text.contains("k3y"), "{text}");
    }
}

#[tokio::test]
async fn a_call_rate_limited_to_the_end_counts_as_an_error() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(LimitedThenOk(AtomicUsize::new(0), usize::MAX)).mount(&server).await;
    let record = Arc::new(Record::default());
    let c = client(&server.uri(), record.clone());
    let err = c.groups("default").count().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RateLimited);
    // Never retried: a write.
    c.groups("default").add_participants(G, ["111"]).await.unwrap_err();
    let stats = c.stats();
    assert_eq!((stats.calls, stats.retries, stats.rate_limited), (2, 2, 4));
    assert_eq!(stats.errors.get("rate_limited"), Some(&2));
    let kinds: Vec<(EventKind, &str)> = record.0.lock().unwrap().iter().map(|e| (e.kind, e.operation)).collect();
    assert_eq!(
        kinds,
        [
            (EventKind::Failed, "count"),
            (EventKind::Retry, "count"),
            (EventKind::Failed, "count"),
            (EventKind::Retry, "count"),
            (EventKind::Failed, "count"),
            (EventKind::Failed, "add_participants"),
        ]
    );
}

#[tokio::test]
async fn an_unknown_or_revoked_invite_code_has_its_own_kind_and_is_never_retried() {
    let bodies = [
        r#"{"statusCode":500,"exception":{"message":"item-not-found","data":404,"isBoom":true}}"#,
        r#"{"statusCode":500,"exception":{"message":"2 UNKNOWN: failed to get group info from link: item-not-found","code":2}}"#,
        r#"{"statusCode":500,"exception":{"message":"gone","data":410}}"#,
    ];
    for body in bodies {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(500).set_body_raw(body, "application/json"))
            .mount(&server)
            .await;
        let record = Arc::new(Record::default());
        let c = client(&server.uri(), record.clone());
        let groups = c.groups("default");
        let err = groups.join_info("AbCdEfGhIjKlMnOpQrStUv").await.unwrap_err();
        assert_eq!((err.kind(), err.code()), (ErrorKind::InviteNotFound, "invite_not_found"), "{body}");
        assert_eq!(groups.join("AbCdEfGhIjKlMnOpQrStUv").await.unwrap_err().kind(), ErrorKind::InviteNotFound);
        assert_eq!(server.received_requests().await.unwrap().len(), 2, "{body}: never retried");
        // The same words elsewhere stay an engine error.
        Mock::given(path(format!("/api/default/groups/{}", G.replace('@', "%40"))))
            .respond_with(ResponseTemplate::new(500).set_body_raw(body, "application/json"))
            .mount(&server)
            .await;
        assert_ne!(groups.get(G).await.unwrap_err().kind(), ErrorKind::InviteNotFound);
    }
}
