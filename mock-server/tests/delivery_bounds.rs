//! Webhook delivery stays bounded whatever a receiver does: a full queue drops (and counts)
//! deliveries, and a receiver's `Retry-After` is capped.

use std::net::TcpListener;
use std::time::Duration;

use waha_groups::{Client, RetryPolicy};
use waha_mock::{MockWaha, RetryConfig, WebhookConfig};

#[tokio::test]
async fn a_receiver_that_never_answers_cannot_grow_its_queue_past_the_bound() {
    // Accepts connections and never answers: every delivery waits for the client timeout.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hook", silent.local_addr().unwrap());
    let mut hook = WebhookConfig::new(url);
    hook.retries = RetryConfig { policy: "constant".into(), delay_seconds: 0.0, attempts: 0 };
    let mock = MockWaha::builder().webhook(hook).webhook_queue_bound(5).start().await.unwrap();
    let groups =
        Client::builder().base_url(mock.url()).retry(RetryPolicy::disabled()).build().unwrap().groups("default");
    let g = groups.create("Team", ["22222222222@c.us"]).await.unwrap();
    for i in 0..20 {
        groups.set_subject(&g.id, format!("Team {i}")).await.unwrap();
    }
    // One event per change (20 renames and the creation, as this persona emits them): one delivery is in flight, at most 5 wait, the rest are dropped.
    let emitted = mock.events(None, None).len() as u64;
    assert!(emitted >= 20, "{emitted} events");
    let mut dropped = 0;
    for _ in 0..100 {
        dropped = mock.dropped_deliveries();
        if emitted - dropped <= 6 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let kept = emitted - dropped;
    assert!((5..=6).contains(&kept), "{kept} of {emitted} deliveries kept with a bound of 5 (dropped {dropped})");
    let events = mock.events(None, None);
    let marked = events.iter().filter(|e| e.deliveries.iter().any(|d| d.dropped)).count() as u64;
    assert_eq!(marked, dropped, "each dropped delivery is marked on its event");
    let stats: serde_json::Value =
        reqwest::get(format!("{}/__mock/events/stats", mock.url())).await.unwrap().json().await.unwrap();
    assert_eq!(stats["dropped_deliveries"], dropped);
    assert_eq!(stats["emitted"], emitted);
    // The API itself is not held up by the stuck receiver.
    assert_eq!(groups.count().await.unwrap(), 1);
    drop(silent);
}

#[test]
fn retry_after_is_capped() {
    let policy = RetryConfig { policy: "constant".into(), delay_seconds: 2.0, attempts: 3 };
    assert_eq!(policy.delay(1, Some(Duration::from_secs(100_000))), waha_mock::MAX_RETRY_AFTER);
    assert_eq!(policy.delay(1, Some(Duration::from_secs(5))), Duration::from_secs(5), "a short one is obeyed");
    assert_eq!(policy.delay(1, None), Duration::from_secs(2));
}
