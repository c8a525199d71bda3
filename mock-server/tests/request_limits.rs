//! Oversized request bodies: 413 in WAHA's shape, nothing changed, nothing big kept.

use serde_json::{Value, json};
use waha_groups::{Client, RetryPolicy};
use waha_mock::{JOURNAL_BODY_LIMIT, JournalFilter, MockWaha};

async fn post(mock: &MockWaha, path: &str, body: String) -> (u16, Value) {
    let resp = reqwest::Client::new()
        .post(format!("{}{path}", mock.url()))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn an_oversized_body_gets_413_and_changes_nothing() {
    let mock = MockWaha::builder().max_body_bytes(100_000).start().await.unwrap();
    let groups =
        Client::builder().base_url(mock.url()).retry(RetryPolicy::disabled()).build().unwrap().groups("default");
    let name = "x".repeat(200_000);
    let (status, body) =
        post(&mock, "/api/default/groups", json!({"name": name, "participants": []}).to_string()).await;
    assert_eq!(status, 413);
    assert_eq!(body, json!({"message": "request entity too large", "error": "Payload Too Large", "statusCode": 413}));
    assert_eq!(groups.count().await.unwrap(), 0, "nothing was created");
    // The client sees it as an HTTP error with WAHA's message.
    let err = groups.create(&"y".repeat(150_000), ["22222222222@c.us"]).await.unwrap_err();
    assert_eq!((err.code(), err.status()), ("http", Some(413)), "{err}");
    assert_eq!(groups.count().await.unwrap(), 0);
    // Just under the limit is served.
    assert_eq!(groups.create(&"z".repeat(90_000), ["22222222222@c.us"]).await.unwrap().subject.len(), 90_000);
}

#[tokio::test]
async fn the_journal_and_500_answers_keep_no_big_bodies() {
    let mock = MockWaha::builder().start().await.unwrap();
    let big = json!({"name": "", "participants": [], "pad": "p".repeat(JOURNAL_BODY_LIMIT)}).to_string();
    let (status, answer) = post(&mock, "/api/default/groups", big.clone()).await;
    assert_eq!(status, 500, "an empty name is WAHA's TypeError: {answer}");
    assert_eq!(answer["request"]["body"], json!({"$bytes": big.len()}), "the 500 does not echo the body");
    let entry = mock.journal(&JournalFilter { operation: Some("create".into()), ..Default::default() }).pop().unwrap();
    assert_eq!(entry.body, Some(json!({"$bytes": big.len()})));
    // A small body is kept as sent.
    let (_, small) = post(&mock, "/api/default/groups", json!({"name": "", "participants": []}).to_string()).await;
    assert_eq!(small["request"]["body"], json!({"name": "", "participants": []}));
}
