//! Sends webhooks: WAHA's webhook settings, and signed POSTs from the mock's own thread with
//! WAHA's headers and retry policies, over one bounded, ordered queue per receiver URL (§4).
//! It knows nothing of the world; what happened to each delivery goes to a [`Recorder`].

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::mpsc;
use waha_groups::webhook;

/// How often and how fast a failed delivery is repeated (WAHA's `retries`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RetryConfig {
    /// `constant`, `linear` or `exponential`.
    pub policy: String,
    /// Base delay in seconds (fractions allowed, for tests).
    pub delay_seconds: f64,
    /// Retries after the first attempt.
    pub attempts: u32,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig { policy: "constant".into(), delay_seconds: 2.0, attempts: 15 }
    }
}

/// The longest `Retry-After` a receiver can impose between two attempts: a receiver asking for
/// `Retry-After: 100000` must not park its queue for a day.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// Deliveries waiting per receiver URL (default of `MockWahaBuilder::webhook_queue_bound`);
/// past it new deliveries are dropped and counted, so a receiver that never answers cannot
/// grow the mock's memory.
pub const DEFAULT_QUEUE_BOUND: usize = 1000;

impl RetryConfig {
    /// Wait before retry number `n` (1-based), at least `retry_after` (capped at [`MAX_RETRY_AFTER`]).
    pub fn delay(&self, n: u32, retry_after: Option<Duration>) -> Duration {
        let base = self.delay_seconds.max(0.0);
        let secs = match self.policy.as_str() {
            "linear" => base * f64::from(n),
            "exponential" => base * 2f64.powi(n as i32 - 1) * (1.0 + fastrand::f64() * 0.2),
            _ => base,
        };
        Duration::from_secs_f64(secs.min(3600.0)).max(retry_after.unwrap_or_default().min(MAX_RETRY_AFTER))
    }
}

/// A custom header sent with every delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomHeader {
    /// Header name.
    pub name: String,
    /// Header value.
    pub value: String,
}

/// HMAC settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HmacConfig {
    /// The signing key.
    pub key: String,
}

/// One webhook, as in WAHA's session `config.webhooks[]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookConfig {
    /// Receiver URL.
    pub url: String,
    /// Event names, or `"*"` for all.
    #[serde(default = "all_events")]
    pub events: Vec<String>,
    /// Signing key.
    #[serde(default)]
    pub hmac: Option<HmacConfig>,
    /// Retry policy.
    #[serde(default)]
    pub retries: RetryConfig,
    /// Extra headers.
    #[serde(default)]
    pub custom_headers: Vec<CustomHeader>,
}

fn all_events() -> Vec<String> {
    vec!["*".into()]
}

impl WebhookConfig {
    /// A webhook for every event, unsigned, with WAHA's default retries.
    pub fn new(url: impl Into<String>) -> WebhookConfig {
        WebhookConfig {
            url: url.into(),
            events: all_events(),
            hmac: None,
            retries: RetryConfig::default(),
            custom_headers: vec![],
        }
    }

    /// Checks the URL and event names the way WAHA's DTO does.
    pub fn validate(&self) -> Result<(), String> {
        let shown = waha_groups::redact::url(&self.url);
        let url = reqwest::Url::parse(&self.url).map_err(|e| format!("webhook url {shown:?} is invalid: {e}"))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(format!("webhook url {shown:?} must be http(s)"));
        }
        if self.events.is_empty() {
            return Err("webhook events must not be empty (use [\"*\"] for all)".into());
        }
        if !["constant", "linear", "exponential"].contains(&self.retries.policy.as_str()) {
            return Err(format!("retries.policy {:?} must be constant, linear or exponential", self.retries.policy));
        }
        Ok(())
    }

    /// `"*"` covers every event except `state.change` and `engine.event` (WAHA's rule).
    pub fn wants(&self, event: &str) -> bool {
        self.events.iter().any(|e| e == event || (e == "*" && event != "state.change" && event != "engine.event"))
    }
}

/// One delivery attempt's outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeliveryRecord {
    /// Receiver URL.
    pub url: String,
    /// POSTs made so far.
    pub attempts: u32,
    /// Last HTTP status (none after a connection error).
    pub last_status: Option<u16>,
    /// Whether a 2xx arrived.
    pub delivered: bool,
    /// Never sent: the receiver's queue was full ([`DEFAULT_QUEUE_BOUND`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub dropped: bool,
}

/// Where the outcome of each delivery goes (the event log): `(event seq, record)`.
pub(crate) type Recorder = Arc<dyn Fn(u64, DeliveryRecord) + Send + Sync>;

/// A signed POST to send, with its retry policy.
pub(crate) struct Delivery {
    pub seq: u64,
    pub config: WebhookConfig,
    pub body: Vec<u8>,
    pub request_id: String,
    pub timestamp_ms: i64,
}

/// Sends deliveries from its own thread and runtime, one ordered queue per receiver URL.
pub(crate) struct Dispatcher {
    tx: mpsc::UnboundedSender<Delivery>,
}

impl Dispatcher {
    /// Starts the delivery thread; it ends when the dispatcher is dropped. Each receiver URL
    /// gets its own ordered queue of at most `queue_bound` waiting deliveries.
    pub(crate) fn start(record: Recorder, queue_bound: usize) -> Dispatcher {
        let (tx, mut rx) = mpsc::unbounded_channel::<Delivery>();
        std::thread::Builder::new()
            .name("waha-mock-webhooks".into())
            .spawn(move || {
                let runtime =
                    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("webhook runtime");
                runtime.block_on(async move {
                    let client =
                        reqwest::Client::builder().timeout(Duration::from_secs(10)).build().expect("HTTP client");
                    let mut queues: HashMap<String, mpsc::Sender<Delivery>> = HashMap::new();
                    let mut workers = Vec::new();
                    // This loop never waits on a receiver: a full queue drops the delivery
                    // (recorded as dropped), so the channel into it drains at once.
                    while let Some(d) = rx.recv().await {
                        let queue = queues.entry(d.config.url.clone()).or_insert_with(|| {
                            let (qtx, qrx) = mpsc::channel(queue_bound.max(1));
                            workers.push(tokio::spawn(deliver_in_order(client.clone(), qrx, record.clone())));
                            qtx
                        });
                        if let Err(mpsc::error::TrySendError::Full(d)) = queue.try_send(d) {
                            let dropped = DeliveryRecord {
                                url: d.config.url,
                                attempts: 0,
                                last_status: None,
                                delivered: false,
                                dropped: true,
                            };
                            record(d.seq, dropped);
                        }
                    }
                    drop(queues);
                    for w in workers {
                        let _ = w.await;
                    }
                });
            })
            .expect("spawn the webhook thread");
        Dispatcher { tx }
    }

    /// Queues a delivery (never waits).
    pub(crate) fn send(&self, delivery: Delivery) {
        let _ = self.tx.send(delivery);
    }
}

async fn deliver_in_order(client: reqwest::Client, mut rx: mpsc::Receiver<Delivery>, record_outcome: Recorder) {
    while let Some(d) = rx.recv().await {
        let mut record = DeliveryRecord {
            url: d.config.url.clone(),
            attempts: 0,
            last_status: None,
            delivered: false,
            dropped: false,
        };
        for attempt in 0..=d.config.retries.attempts {
            let mut request = client
                .post(&d.config.url)
                .header("content-type", "application/json")
                .header("user-agent", format!("WAHA/{}", crate::WAHA_VERSION))
                .header(webhook::REQUEST_ID_HEADER, &d.request_id)
                .header(webhook::TIMESTAMP_HEADER, d.timestamp_ms.to_string());
            if let Some(hmac) = &d.config.hmac {
                request = request
                    .header(webhook::HMAC_HEADER, webhook::sign(&d.body, hmac.key.as_bytes()))
                    .header(webhook::HMAC_ALGORITHM_HEADER, "sha512");
            }
            for h in &d.config.custom_headers {
                request = request.header(&h.name, &h.value);
            }
            record.attempts = attempt + 1;
            let retry_after = match request.body(d.body.clone()).send().await {
                Ok(response) => {
                    record.last_status = Some(response.status().as_u16());
                    record.delivered = response.status().is_success();
                    response
                        .headers()
                        .get("retry-after")
                        .and_then(|v| v.to_str().ok()?.parse().ok())
                        .map(Duration::from_secs)
                }
                Err(_) => {
                    record.last_status = None;
                    None
                }
            };
            record_outcome(d.seq, record.clone());
            if record.delivered || attempt == d.config.retries.attempts {
                break;
            }
            tokio::time::sleep(d.config.retries.delay(attempt + 1, retry_after)).await;
        }
    }
}
