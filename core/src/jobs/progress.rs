//! Watching and stopping a running job: [`Progress`] snapshots and a [`CancelToken`].
//!
//! Layer: jobs (a leaf of `jobs`); it imports nothing of this crate.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};
use tokio::sync::Notify;

/// Where a job stands, given to the progress callback after planning, before each wait and
/// after each batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// Members with a final status.
    pub done: usize,
    /// Input members.
    pub total: usize,
    /// The pacer's current rate, members per minute.
    pub rate_per_minute: f64,
    /// When the next request goes, Unix ms (`None`: now, or nothing left).
    pub next_attempt_at: Option<i64>,
    /// The last error the job met and carried on from (`rate_limited`, `transport`, ...).
    pub last_error: Option<String>,
    /// Member-change requests sent so far.
    pub requests: u32,
    /// `rate-overlimit` answers so far.
    pub rate_limited: u32,
}

/// Stops a job after its current batch: the state file then resumes it.
///
/// ```
/// let token = waha_groups::jobs::CancelToken::new();
/// let copy = token.clone();
/// copy.cancel();
/// assert!(token.is_cancelled());
/// ```
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<Inner>);

#[derive(Debug, Default)]
struct Inner {
    cancelled: AtomicBool,
    notify: Notify,
}

impl CancelToken {
    /// A token not cancelled yet.
    pub fn new() -> CancelToken {
        CancelToken::default()
    }

    /// Asks the job to stop after its current batch (a wait for the next one ends at once).
    pub fn cancel(&self) {
        self.0.cancelled.store(true, Ordering::SeqCst);
        self.0.notify.notify_waiters();
    }

    /// Whether [`cancel`](Self::cancel) was called.
    pub fn is_cancelled(&self) -> bool {
        self.0.cancelled.load(Ordering::SeqCst)
    }

    /// Completes when the token is cancelled.
    pub async fn cancelled(&self) {
        loop {
            let notified = self.0.notify.notified();
            if self.is_cancelled() {
                return;
            }
            notified.await;
        }
    }
}
