//! The core's events as records of Python's `logging`, under the logger `waha_groups`: calls at
//! DEBUG, retries and a job's reconciliations at INFO, failed attempts and a job's rate-limit
//! back-offs at WARNING; the event's fields in `extra` (`kind`, `operation`, `session`,
//! `group_id`, `attempt`, `status`, `duration_ms`, `request_id`, `error`, `wait_ms`,
//! `rate_per_minute`). The package gives the logger a `NullHandler`, so nothing is printed until
//! you configure logging, and a record is built only when the logger is enabled for its level.
//!
//! Which levels are enabled is read when a call starts, on the caller's thread, which holds the
//! GIL anyway ([`refresh`]); an event of a level that is off then costs no GIL at all (taking the
//! GIL from a runtime thread for every event made a `get` 10–15 % slower).

use std::sync::atomic::{AtomicU8, Ordering};

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;
use waha_groups::observe::{Event, EventKind, Observer};

/// `logging`'s levels.
const DEBUG: u8 = 10;
const INFO: u8 = 20;
const WARNING: u8 = 30;

static LOGGER: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// The levels the logger was enabled for when a call last started: bit 0 DEBUG, 1 INFO, 2 WARNING.
static ENABLED: AtomicU8 = AtomicU8::new(0);

fn logger(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    let logger = LOGGER.get_or_try_init(py, || -> PyResult<Py<PyAny>> {
        Ok(py.import("logging")?.call_method1("getLogger", ("waha_groups",))?.unbind())
    })?;
    Ok(logger.bind(py))
}

fn bit(level: u8) -> u8 {
    match level {
        DEBUG => 1,
        INFO => 2,
        _ => 4,
    }
}

/// Reads which levels the `waha_groups` logger is enabled for (called as each call starts).
pub(crate) fn refresh(py: Python<'_>) {
    let enabled = logger(py).ok().map_or(0, |logger| {
        [DEBUG, INFO, WARNING]
            .into_iter()
            .filter(|level| logger.call_method1("isEnabledFor", (*level,)).and_then(|v| v.is_truthy()).unwrap_or(false))
            .fold(0, |bits, level| bits | bit(level))
    });
    ENABLED.store(enabled, Ordering::Relaxed);
}

/// Forwards a client's events to `logging.getLogger("waha_groups")`.
pub(crate) struct Logging;

fn level(kind: EventKind) -> u8 {
    match kind {
        EventKind::Call => DEBUG,
        EventKind::Retry | EventKind::JobReconcile => INFO,
        EventKind::Failed | EventKind::JobRateLimited => WARNING,
    }
}

/// The record's message: what happened, readable without `extra`.
fn message(e: &Event) -> String {
    let mut m = format!("{} {}", e.operation, e.kind.as_str());
    if let Some(status) = e.status {
        m.push_str(&format!(" status={status}"));
    }
    if let Some(error) = e.error {
        m.push_str(&format!(" error={error}"));
    }
    m.push_str(&format!(" attempt={}", e.attempt));
    if let Some(ms) = e.wait_ms {
        m.push_str(&format!(" wait_ms={ms:.0}"));
    }
    if let Some(rate) = e.rate_per_minute {
        m.push_str(&format!(" rate_per_minute={rate:.1}"));
    }
    m
}

fn log(py: Python<'_>, e: &Event) -> PyResult<()> {
    let logger = logger(py)?;
    let level = level(e.kind);
    let extra = PyDict::new(py);
    extra.set_item("kind", e.kind.as_str())?;
    extra.set_item("operation", e.operation)?;
    extra.set_item("session", e.session.as_deref())?;
    extra.set_item("group_id", e.group_id.as_deref())?;
    extra.set_item("attempt", e.attempt)?;
    extra.set_item("status", e.status)?;
    extra.set_item("duration_ms", e.duration_ms)?;
    extra.set_item("request_id", e.request_id.as_deref())?;
    extra.set_item("error", e.error)?;
    extra.set_item("wait_ms", e.wait_ms)?;
    extra.set_item("rate_per_minute", e.rate_per_minute)?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("extra", extra)?;
    logger.call_method("log", (level, message(e)), Some(&kwargs))?;
    Ok(())
}

impl Observer for Logging {
    fn on_event(&self, event: &Event) {
        if ENABLED.load(Ordering::Relaxed) & bit(level(event.kind)) == 0 {
            return;
        }
        Python::attach(|py| {
            // A handler that raises must not break the call: logging reports it like its own errors.
            if let Err(e) = log(py, event) {
                e.write_unraisable(py, None);
            }
        });
    }
}
