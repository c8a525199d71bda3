//! Errors, retries, timeouts, paging, validation and secrecy of the API key.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use futures_util::TryStreamExt;
use serde_json::{Value, json};
use waha_groups::{Client, ErrorKind, ListGroups, RetryPolicy};
use wiremock::matchers::{any, method};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const G: &str = "120363401234567890@g.us";
const KEY: &str = "k3y-that-must-never-leak";

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

fn client(uri: &str, retry: RetryPolicy) -> Client {
    Client::builder().base_url(uri).api_key(KEY).retry(retry).build().unwrap()
}

fn fast_retries() -> RetryPolicy {
    RetryPolicy::default().max_retries(3).base_delay(Duration::from_millis(1)).max_delay(Duration::from_millis(5))
}

fn rate_overlimit() -> ResponseTemplate {
    let body = std::fs::read_to_string(fixtures().join("errors/500-rate-overlimit.json")).unwrap();
    ResponseTemplate::new(500).set_body_raw(body, "application/json")
}

#[tokio::test]
async fn every_error_body_maps_to_its_kind_over_http() {
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(fixtures().join("manifest.json")).unwrap()).unwrap();
    for e in manifest["errors"].as_array().unwrap() {
        let file = e["file"].as_str().unwrap();
        let body = std::fs::read_to_string(fixtures().join(file)).unwrap();
        let status = e["status"].as_u64().unwrap() as u16;
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(status).set_body_raw(body.clone(), "application/json"))
            .mount(&server)
            .await;
        let err = client(&server.uri(), RetryPolicy::disabled()).groups("default").get(G).await.unwrap_err();
        assert_eq!(err.code(), e["expect"]["kind"].as_str().unwrap(), "{file}: {err}");
        assert_eq!(err.status(), Some(status), "{file}");
        assert_eq!(err.body(), Some(body.as_str()), "{file}");
        if let Some(s) = e["expect"]["session_status"].as_str() {
            assert_eq!(err.session_status(), Some(s), "{file}");
            assert!(err.to_string().contains(s), "{file}: {err}");
        }
    }
}

#[tokio::test]
async fn a_read_is_retried_after_rate_overlimit_and_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(rate_overlimit()).up_to_n_times(2).mount(&server).await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"count": 4})))
        .mount(&server)
        .await;
    let n = client(&server.uri(), fast_retries()).groups("default").count().await.unwrap();
    assert_eq!(n, 4);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn retries_stop_after_max_retries_with_the_last_error() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(rate_overlimit()).mount(&server).await;
    let err = client(&server.uri(), fast_retries()).groups("default").get(G).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RateLimited);
    assert_eq!(server.received_requests().await.unwrap().len(), 4);
}

#[tokio::test]
async fn writes_that_could_double_apply_are_never_retried() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(rate_overlimit()).mount(&server).await;
    let groups = client(&server.uri(), fast_retries()).groups("default");
    assert_eq!(groups.create("Team", ["111@c.us"]).await.unwrap_err().kind(), ErrorKind::RateLimited);
    assert_eq!(groups.join("AbC123").await.unwrap_err().kind(), ErrorKind::RateLimited);
    assert_eq!(groups.add_participants(G, ["111@c.us"]).await.unwrap_err().kind(), ErrorKind::RateLimited);
    assert_eq!(groups.remove_participants(G, ["111@c.us"]).await.unwrap_err().kind(), ErrorKind::RateLimited);
    assert_eq!(groups.promote(G, ["111@c.us"]).await.unwrap_err().kind(), ErrorKind::RateLimited);
    assert_eq!(groups.demote(G, ["111@c.us"]).await.unwrap_err().kind(), ErrorKind::RateLimited);
    assert_eq!(groups.approve_join_requests(G, ["1@lid"]).await.unwrap_err().kind(), ErrorKind::RateLimited);
    assert_eq!(groups.reject_join_requests(G, ["1@lid"]).await.unwrap_err().kind(), ErrorKind::RateLimited);
    assert_eq!(groups.revoke_invite_code(G).await.unwrap_err().kind(), ErrorKind::RateLimited);
    assert_eq!(server.received_requests().await.unwrap().len(), 9, "each write was sent exactly once");
}

#[tokio::test]
async fn a_missing_group_is_its_own_kind_and_is_not_retried() {
    for file in ["500-group-not-found.json", "500-group-not-found-gows.json", "500-group-not-found-webjs.json"] {
        let server = MockServer::start().await;
        let body = std::fs::read_to_string(fixtures().join("errors").join(file)).unwrap();
        Mock::given(any())
            .respond_with(ResponseTemplate::new(500).set_body_raw(body, "application/json"))
            .mount(&server)
            .await;
        // Default policy (3 retries, 250 ms base): a retried 500 would take ≥ 0.4 s and 4 requests.
        let started = Instant::now();
        let err = client(&server.uri(), RetryPolicy::default()).groups("default").get(G).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::GroupNotFound, "{file}: {err}");
        assert_eq!(err.code(), "group_not_found");
        assert!(!err.is_transient());
        assert_eq!(server.received_requests().await.unwrap().len(), 1, "{file}: sent once");
        assert!(started.elapsed() < Duration::from_millis(400), "{file}: {:?}", started.elapsed());
    }
}

#[tokio::test]
async fn other_500s_keep_the_retry_policy() {
    let server = MockServer::start().await;
    let body = std::fs::read_to_string(fixtures().join("errors/500-gows-invite-not-found.json")).unwrap();
    Mock::given(any())
        .respond_with(ResponseTemplate::new(500).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let err = client(&server.uri(), fast_retries()).groups("default").get(G).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Engine);
    assert_eq!(server.received_requests().await.unwrap().len(), 4);
}

#[tokio::test]
async fn not_implemented_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(501).set_body_json(
                json!({"message": "The method is not implemented by 'NOWEB' engine.", "statusCode": 501}),
            ),
        )
        .mount(&server)
        .await;
    let err = client(&server.uri(), fast_retries()).groups("default").picture(G, false).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotImplemented);
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_json(json!({"count": 1}))).mount(&server).await;
    let started = Instant::now();
    client(&server.uri(), fast_retries()).groups("default").count().await.unwrap();
    assert!(started.elapsed() >= Duration::from_secs(1), "waited only {:?}", started.elapsed());
}

#[tokio::test]
async fn a_retry_after_beyond_the_limit_returns_the_error_at_once() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "3600"))
        .mount(&server)
        .await;
    let policy = fast_retries().max_retry_after(Duration::from_secs(5));
    let err = client(&server.uri(), policy).groups("default").count().await.unwrap_err();
    assert_eq!(err.retry_after(), Some(Duration::from_secs(3600)));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn slow_answers_time_out() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"count": 1})).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .timeout(Duration::from_millis(200))
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    let err = client.groups("default").count().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
}

#[tokio::test]
async fn connection_errors_are_transport_errors_without_the_key() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let c = client(&format!("http://127.0.0.1:{port}"), RetryPolicy::disabled());
    let err = c.groups("default").count().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport);
    assert!(!format!("{err} {err:?}").contains(KEY));
    // The cause is kept: reqwest's error, with its own chain below it.
    let source = std::error::Error::source(&err).expect("a source");
    let reqwest_err = source.downcast_ref::<reqwest::Error>().expect("the reqwest error");
    assert!(reqwest_err.is_connect(), "{reqwest_err:?}");
}

#[tokio::test]
async fn errors_keep_their_cause_and_compare_without_it() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw("{not json", "application/json"))
        .mount(&server)
        .await;
    let err = client(&server.uri(), RetryPolicy::disabled()).groups("default").get(G).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode);
    let cause =
        std::error::Error::source(&err).and_then(|s| s.downcast_ref::<serde_json::Error>()).expect("serde's error");
    assert!(cause.is_syntax());
    // From a WAHA answer there is no underlying error; equality ignores the source.
    let from_body = waha_groups::Error::from_response(500, "{}", None);
    assert!(std::error::Error::source(&from_body).is_none());
    assert_eq!(from_body.clone(), from_body);
    let bad_url = Client::builder().base_url("http://[::1").build().unwrap_err();
    assert!(std::error::Error::source(&bad_url).and_then(|s| s.downcast_ref::<url::ParseError>()).is_some());
}

#[tokio::test]
async fn the_api_key_never_appears_in_debug_or_errors() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"message": "Unauthorized", "statusCode": 401})))
        .mount(&server)
        .await;
    let builder = Client::builder().base_url(server.uri()).api_key(KEY);
    assert!(!format!("{builder:?}").contains(KEY));
    let c = builder.build().unwrap();
    assert!(!format!("{c:?}").contains(KEY));
    let groups = c.groups("default");
    assert!(!format!("{groups:?}").contains(KEY));
    let err = groups.count().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Authentication);
    assert!(!format!("{err} {err:?}").contains(KEY));
    // The key did travel, as a header.
    let req = &server.received_requests().await.unwrap()[0];
    assert_eq!(req.headers.get("x-api-key").unwrap(), KEY);
}

#[tokio::test]
async fn hostile_session_names_stay_one_path_segment() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_json(json!({"count": 0}))).mount(&server).await;
    let c = client(&server.uri(), RetryPolicy::disabled());
    let hostile = ["a/b", "a?x=1", "a#frag", "../../etc", "..%2F", "sp ace", "ünïcødé", "%2e%2e"];
    for session in hostile {
        c.groups(session).count().await.unwrap();
    }
    let requests = server.received_requests().await.unwrap();
    for (session, req) in hostile.iter().zip(&requests) {
        let path = req.url.path();
        assert!(req.url.query().is_none() && req.url.fragment().is_none(), "{session}: {}", req.url);
        let segments: Vec<&str> = path.split('/').collect();
        assert_eq!(segments.len(), 5, "{session}: {path}");
        assert_eq!((segments[1], segments[3], segments[4]), ("api", "groups", "count"), "{session}: {path}");
        let decoded = percent_encoding::percent_decode_str(segments[2]).decode_utf8().unwrap();
        assert_eq!(decoded, *session, "{path}");
    }
    for bad in ["", ".", ".."] {
        assert_eq!(c.groups(bad).count().await.unwrap_err().kind(), ErrorKind::InvalidArgument, "{bad:?}");
    }
    assert_eq!(server.received_requests().await.unwrap().len(), hostile.len());
}

#[tokio::test]
async fn invalid_arguments_fail_before_sending() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let groups = client(&server.uri(), RetryPolicy::disabled()).groups("default");
    let errors = vec![
        groups.get("123@c.us").await.unwrap_err(),
        groups.get("../123@g.us").await.unwrap_err(),
        groups.add_participants(G, ["not-a-number"]).await.unwrap_err(),
        groups.add_participants(G, Vec::<String>::new()).await.unwrap_err(),
        groups.create("   ", ["111@c.us"]).await.unwrap_err(),
        groups.set_subject(G, "").await.unwrap_err(),
        groups.join("https://chat.whatsapp.com/").await.unwrap_err(),
        groups.join_info("bad code!").await.unwrap_err(),
    ];
    for err in &errors {
        assert_eq!(err.kind(), ErrorKind::InvalidArgument, "{err}");
    }
    assert!(errors[0].message().contains("\"123@c.us\""), "the message names the bad value: {}", errors[0]);
    assert!(errors[2].message().contains("not-a-number"));
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[test]
fn builder_rejects_bad_settings() {
    for url in ["", "localhost:3000", "ftp://x", "http://x/?a=1", "http://user:pw@x"] {
        assert_eq!(Client::builder().base_url(url).build().unwrap_err().kind(), ErrorKind::InvalidArgument, "{url}");
    }
    assert!(Client::builder().build().is_err());
    assert!(Client::builder().base_url("http://x").timeout(Duration::ZERO).build().is_err());
    assert!(Client::builder().base_url("http://x").api_key("a\nb").build().is_err());
    // Messages quote the URL, but never its password or a key-like query value.
    for url in ["http://u:PASSW0RD@h/?x-api-key=SECRET", "http://h/?api_key=SECRET", "ftp://u:PASSW0RD@h/?token=SECRET"]
    {
        let message = Client::builder().base_url(url).build().unwrap_err().to_string();
        assert!(!message.contains("PASSW0RD") && !message.contains("SECRET"), "{message}");
        assert!(message.contains("***"), "{message}");
    }
    let c = Client::builder().base_url("http://proxy/waha/").build().unwrap();
    assert_eq!(c.base_url(), "http://proxy/waha");
}

#[test]
fn from_env_reads_waha_url_and_key() {
    // SAFETY: this is the only test in this binary that touches these variables.
    unsafe {
        std::env::remove_var("WAHA_URL");
    }
    assert_eq!(Client::from_env().unwrap_err().kind(), ErrorKind::InvalidArgument);
    unsafe {
        std::env::set_var("WAHA_URL", "http://127.0.0.1:3999");
        std::env::set_var("WAHA_API_KEY", KEY);
    }
    let c = Client::from_env().unwrap();
    assert_eq!(c.base_url(), "http://127.0.0.1:3999");
    assert!(format!("{c:?}").contains("***"));
    unsafe {
        std::env::remove_var("WAHA_URL");
        std::env::remove_var("WAHA_API_KEY");
    }
}

/// Serves `total` groups (GOWS array shape) by `limit`/`offset`, counting requests.
struct Pages {
    total: usize,
    ignore_offset: bool,
    hits: Arc<AtomicUsize>,
}

impl Respond for Pages {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        self.hits.fetch_add(1, Ordering::SeqCst);
        let q: std::collections::HashMap<_, _> = req.url.query_pairs().into_owned().collect();
        let limit: usize = q["limit"].parse().unwrap();
        let offset: usize = if self.ignore_offset { 0 } else { q.get("offset").map_or(0, |o| o.parse().unwrap()) };
        let page: Vec<Value> = (offset..self.total.min(offset + limit))
            .map(|i| json!({"JID": format!("{i}@g.us"), "Name": format!("g{i}"), "Participants": null}))
            .collect();
        ResponseTemplate::new(200).set_body_json(page)
    }
}

#[tokio::test]
async fn stream_pages_through_every_group() {
    let server = MockServer::start().await;
    let hits = Arc::new(AtomicUsize::new(0));
    Mock::given(any()).respond_with(Pages { total: 5, ignore_offset: false, hits: hits.clone() }).mount(&server).await;
    let groups = client(&server.uri(), RetryPolicy::disabled()).groups("default");
    let all: Vec<_> = groups.stream(ListGroups::new().limit(2)).try_collect().await.unwrap();
    assert_eq!(all.iter().map(|g| g.subject.as_str()).collect::<Vec<_>>(), ["g0", "g1", "g2", "g3", "g4"]);
    assert_eq!(hits.load(Ordering::SeqCst), 3);
    let offsets: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.url.query_pairs().find(|(k, _)| k == "offset").unwrap().1.into_owned())
        .collect();
    assert_eq!(offsets, ["0", "2", "4"]);
}

#[tokio::test]
async fn stream_stops_with_an_error_when_the_server_ignores_offset() {
    let server = MockServer::start().await;
    let hits = Arc::new(AtomicUsize::new(0));
    Mock::given(any()).respond_with(Pages { total: 5, ignore_offset: true, hits: hits.clone() }).mount(&server).await;
    let groups = client(&server.uri(), RetryPolicy::disabled()).groups("default");
    let err = groups.stream(ListGroups::new().limit(2)).try_collect::<Vec<_>>().await.unwrap_err();
    assert!(err.message().contains("ignores `offset`"), "{err}");
    assert_eq!(hits.load(Ordering::SeqCst), 2);
}

#[test]
fn empty_messages_in_error_bodies_fall_back_to_a_description() {
    // Found by `make fuzz`: these once gave errors with an empty message.
    for (status, body) in [
        (500, r#"{"message":[]}"#),
        (500, r#"{"exception":{"message":"  "},"message":""}"#),
        (422, r#"{"error":"","session":"x"}"#),
        (400, r#"{"message":[]}"#),
    ] {
        let err = waha_groups::Error::from_response(status, body, None);
        assert!(!err.message().trim().is_empty(), "{status} {body}: {err:?}");
    }
}

#[tokio::test]
async fn list_with_hands_the_answer_to_the_decoder_with_lists_errors_and_retries() {
    let server = MockServer::start().await;
    let page = r#"[{"id": "120363401234567890@g.us", "subject": "Équipe"}]"#;
    Mock::given(method("GET")).respond_with(rate_overlimit()).up_to_n_times(1).mount(&server).await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(page, "application/json"))
        .mount(&server)
        .await;
    let groups = client(&server.uri(), fast_retries()).groups("default");
    let (text, ranged) = groups
        .list_with(ListGroups::new().limit(5), |text| {
            Ok((text.to_owned(), waha_groups::engine::group_list_ranges(text)?))
        })
        .await
        .unwrap();
    assert_eq!((text.as_str(), ranged[0].0.subject.as_str()), (page, "Équipe"));
    assert_eq!(&text[ranged[0].1.clone()], &page[1..page.len() - 1]);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2, "retried after the rate limit, as list is");
    assert_eq!(requests[1].url.query(), Some("limit=5"));
    // The decoder's error is the call's error.
    let err = groups.list_with(ListGroups::new(), |_| Err::<(), _>(waha_groups::Error::decode("no", ""))).await;
    assert_eq!(err.unwrap_err().kind(), ErrorKind::Decode);
}
