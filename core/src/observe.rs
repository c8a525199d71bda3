//! Seeing what the SDK did: one [`Event`] per attempt, retry and job decision, given to
//! `tracing` (spans and events under the target `waha_groups`; the library installs no
//! subscriber) and to an optional [`Observer`] (what the bindings forward to Python's `logging`
//! and to Node's `onEvent`), and counters for [`Stats`].
//!
//! Events carry the operation, session, group id, attempt, status, duration, WAHA's request id
//! and error code — never a URL, a header, a body or the API key.
//!
//! Layer: foundation; it may import `error` only.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use serde::Serialize;

use crate::error::{Error, ErrorKind};

/// Something the SDK did.
///
/// ```
/// use waha_groups::observe::{Event, EventKind};
/// let e = Event::new(EventKind::Retry, "get");
/// assert_eq!(serde_json::to_value(&e).unwrap()["kind"], "retry");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// What happened.
    pub kind: EventKind,
    /// The SDK method name of the operation (`get`, `add_participants`, …).
    pub operation: &'static str,
    /// The session, when the route has one.
    pub session: Option<String>,
    /// The group id, when the route has one.
    pub group_id: Option<String>,
    /// The attempt this is about, from 1.
    pub attempt: u32,
    /// The HTTP status, when an answer came.
    pub status: Option<u16>,
    /// How long the attempt took, ms.
    pub duration_ms: Option<f64>,
    /// WAHA's `X-Request-Id`, when it sent one.
    pub request_id: Option<String>,
    /// The error's stable code, when it failed.
    pub error: Option<&'static str>,
    /// How long the SDK waits before the next attempt or batch, ms.
    pub wait_ms: Option<f64>,
    /// A membership job's rate after this event, members per minute.
    pub rate_per_minute: Option<f64>,
}

/// The kinds of [`Event`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// An attempt got a 2xx answer.
    Call,
    /// An attempt failed (the call may still be retried: see `Retry`).
    Failed,
    /// A failed attempt will be repeated after `wait_ms`.
    Retry,
    /// A membership job got `rate-overlimit`: it waits `wait_ms` and goes on at `rate_per_minute`.
    JobRateLimited,
    /// A membership job could not know a request's outcome and reads the group before sending again.
    JobReconcile,
}

impl EventKind {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Call => "call",
            EventKind::Failed => "failed",
            EventKind::Retry => "retry",
            EventKind::JobRateLimited => "job_rate_limited",
            EventKind::JobReconcile => "job_reconcile",
        }
    }
}

impl Event {
    /// An event with only its kind and operation set.
    pub fn new(kind: EventKind, operation: &'static str) -> Event {
        Event {
            kind,
            operation,
            session: None,
            group_id: None,
            attempt: 1,
            status: None,
            duration_ms: None,
            request_id: None,
            error: None,
            wait_ms: None,
            rate_per_minute: None,
        }
    }

    /// Sets the error fields from `err`.
    pub(crate) fn failure(mut self, err: &Error) -> Event {
        self.status = err.status();
        self.error = Some(err.code());
        self
    }

    pub(crate) fn wait(mut self, wait: Duration) -> Event {
        self.wait_ms = Some(wait.as_secs_f64() * 1000.0);
        self
    }

    /// Sends the event to `tracing` at its level (calls at debug, failures and retries at warn or
    /// info) under the target `waha_groups`.
    fn trace(&self) {
        macro_rules! at {
            ($level:ident, $message:literal) => {
                tracing::$level!(
                    target: "waha_groups",
                    kind = self.kind.as_str(),
                    operation = self.operation,
                    session = self.session.as_deref(),
                    group_id = self.group_id.as_deref(),
                    attempt = self.attempt,
                    status = self.status,
                    duration_ms = self.duration_ms,
                    request_id = self.request_id.as_deref(),
                    error = self.error,
                    wait_ms = self.wait_ms,
                    rate_per_minute = self.rate_per_minute,
                    $message
                )
            };
        }
        match self.kind {
            EventKind::Call => at!(debug, "call"),
            EventKind::Failed => at!(warn, "call failed"),
            EventKind::Retry => at!(info, "retrying"),
            EventKind::JobRateLimited => at!(warn, "rate-overlimit: backing off"),
            EventKind::JobReconcile => at!(info, "outcome unknown: reading the group"),
        }
    }
}

/// Receives every [`Event`] of a client (set with `ClientBuilder::observer`). Called on the
/// thread that made the call: keep it quick.
pub trait Observer: Send + Sync {
    /// One event.
    fn on_event(&self, event: &Event);
}

/// What a client did so far.
///
/// ```
/// let client = waha_groups::Client::builder().base_url("http://localhost:3000").build()?;
/// let stats = client.stats();
/// assert_eq!((stats.calls, stats.retries, stats.rate_limited), (0, 0, 0));
/// # Ok::<(), waha_groups::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Calls made (each counts once, however many attempts it took).
    pub calls: u64,
    /// Attempts repeated after a failure.
    pub retries: u64,
    /// `rate-overlimit` answers.
    pub rate_limited: u64,
    /// Calls that ended in an error, by error code.
    pub errors: BTreeMap<&'static str, u64>,
}

/// The counters behind [`Stats`]: one atomic per figure, no lock.
#[derive(Default)]
pub(crate) struct Counters {
    calls: AtomicU64,
    retries: AtomicU64,
    rate_limited: AtomicU64,
    errors: [AtomicU64; ErrorKind::ALL.len()],
}

impl Counters {
    pub(crate) fn call(&self) {
        self.calls.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn retry(&self) {
        self.retries.fetch_add(1, Ordering::Relaxed);
    }

    /// A failed attempt (rate-limited ones are counted apart).
    pub(crate) fn attempt_failed(&self, err: &Error) {
        if err.kind() == ErrorKind::RateLimited {
            self.rate_limited.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// A call that ended in `err`.
    pub(crate) fn error(&self, err: &Error) {
        if let Some(i) = ErrorKind::ALL.iter().position(|k| *k == err.kind()) {
            self.errors[i].fetch_add(1, Ordering::Relaxed);
        }
    }

    pub(crate) fn snapshot(&self) -> Stats {
        let errors = ErrorKind::ALL
            .iter()
            .zip(&self.errors)
            .map(|(k, n)| (k.code(), n.load(Ordering::Relaxed)))
            .filter(|(_, n)| *n > 0)
            .collect();
        Stats {
            calls: self.calls.load(Ordering::Relaxed),
            retries: self.retries.load(Ordering::Relaxed),
            rate_limited: self.rate_limited.load(Ordering::Relaxed),
            errors,
        }
    }
}

/// Where a client's events go: `tracing` always (free when no subscriber listens), the
/// observer when one is set.
#[derive(Default, Clone)]
pub(crate) struct Sink(Option<std::sync::Arc<dyn Observer>>);

impl Sink {
    pub(crate) fn new(observer: Option<std::sync::Arc<dyn Observer>>) -> Sink {
        Sink(observer)
    }

    pub(crate) fn emit(&self, event: Event) {
        event.trace();
        if let Some(o) = &self.0 {
            o.on_event(&event);
        }
    }
}

impl std::fmt::Debug for Sink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() { "Sink(observer)" } else { "Sink(tracing)" })
    }
}
