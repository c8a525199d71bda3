//! Membership jobs in Node: `NativeGroups.startJob` runs the core's `MembershipJob` on the
//! runtime and returns a `NativeJob` whose `report()` resolves with the report (the same
//! buffer layout as every result) and whose `cancel()` stops it after its current batch. Progress
//! reaches JS through a threadsafe function, as camelCase JSON text.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use napi::bindgen_prelude::*;
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi_derive::napi;
use tokio::sync::oneshot;
use waha_groups::jobs::{Action, CancelToken, JobOptions, JobReport, MembershipJob};

use crate::encoded::{Encoded, encode};
use crate::groups::NativeGroups;
use crate::{guarded, invalid, js_err};

/// The job's options as the facade passes them (checked there, and again by the core).
#[napi(object)]
pub struct NativeJobOptions {
    pub batch_size: Option<u32>,
    pub rate_per_minute: Option<f64>,
    pub size_cap: Option<u32>,
    pub dry_run: Option<bool>,
    pub state_file: Option<String>,
    pub backoff_base_ms: Option<f64>,
    pub max_attempts: Option<u32>,
    /// Start cancelled (the facade's AbortSignal was already aborted): nothing is sent.
    pub cancelled: Option<bool>,
}

impl NativeJobOptions {
    fn into_core(self) -> Result<JobOptions> {
        let d = JobOptions::default();
        let backoff = match self.backoff_base_ms {
            Some(ms) => Duration::try_from_secs_f64(ms / 1000.0)
                .map_err(|_| invalid(format!("backoffBaseMs must be a finite number ≥ 0, got {ms}")))?,
            None => d.backoff_base,
        };
        Ok(JobOptions {
            batch_size: self.batch_size.map_or(d.batch_size, |n| n as usize),
            rate_per_minute: self.rate_per_minute.unwrap_or(d.rate_per_minute),
            size_cap: self.size_cap.map_or(d.size_cap, |n| n as usize),
            dry_run: self.dry_run.unwrap_or(false),
            state_file: self.state_file.map(PathBuf::from),
            backoff_base: backoff,
            max_attempts: self.max_attempts.unwrap_or(d.max_attempts),
            ..d
        })
    }
}

/// Progress to JS: `(progressJson) => void`, called without waiting for it.
type OnProgress = ThreadsafeFunction<String, Unknown<'static>, String, Status, false, true>;

/// The report as the facade receives it: the core's, with what the core's rules say about it
/// (so no rule is written again in JS).
#[derive(serde::Serialize)]
struct ReportOut<'a> {
    group_id: &'a str,
    action: Action,
    dry_run: bool,
    cancelled: bool,
    entries: &'a [waha_groups::jobs::MemberReport],
    /// `[status, count]` pairs: the encoder camel-cases object keys, and statuses are values.
    totals: Vec<(&'static str, usize)>,
    rate_limited: u32,
    requests: u32,
    complete: bool,
    /// Indices of the entries `failed()` returns.
    failed: Vec<usize>,
    /// Indices of the entries `invitations()` returns.
    invitations: Vec<usize>,
}

impl<'a> ReportOut<'a> {
    fn new(report: &'a JobReport) -> Self {
        ReportOut {
            group_id: &report.group_id,
            action: report.action,
            dry_run: report.dry_run,
            cancelled: report.cancelled,
            entries: &report.entries,
            totals: report.totals.iter().map(|(s, n)| (s.as_str(), *n)).collect(),
            rate_limited: report.rate_limited,
            requests: report.requests,
            complete: report.complete(),
            failed: report.failed().iter().map(|e| e.index).collect(),
            invitations: report.invitations().iter().map(|e| e.index).collect(),
        }
    }
}

/// A running job.
#[napi]
pub struct NativeJob {
    cancel: CancelToken,
    report: Mutex<Option<oneshot::Receiver<waha_groups::Result<JobReport>>>>,
    done: Mutex<Option<JobReport>>,
}

#[napi]
impl NativeJob {
    /// Stops the job after its current batch (its state file then resumes it).
    #[napi]
    pub fn cancel(&self) {
        self.cancel.cancel();
    }

    /// The report, once the job has stopped (once only).
    #[napi]
    pub async fn report(&self) -> Result<Buffer> {
        let receiver = self.report.lock().map_err(|_| invalid("the job's report is unavailable"))?.take();
        let receiver = receiver.ok_or_else(|| invalid("the job's report was already taken"))?;
        let outcome = guarded(async { receiver.await.map_err(|_| invalid("the job ended without a report")) }).await?;
        let report = outcome.map_err(js_err)?;
        let buffer = encode(&ReportOut::new(&report)).map(Encoded::into_buffer).map_err(js_err)?;
        *self.done.lock().map_err(|_| invalid("the job's report is unavailable"))? = Some(report);
        Ok(buffer)
    }

    /// The report as CSV, one row per member (after `report()` resolved).
    #[napi]
    pub fn csv(&self) -> Result<String> {
        let done = self.done.lock().map_err(|_| invalid("the job's report is unavailable"))?;
        done.as_ref().map(JobReport::to_csv).ok_or_else(|| invalid("the job has not reported yet"))
    }
}

#[napi]
impl NativeGroups {
    /// Starts a membership job (`action`: add, remove, promote, demote) and returns its handle.
    #[napi]
    pub fn start_job(
        &self,
        action: String,
        group_id: String,
        members: Vec<String>,
        options: Option<NativeJobOptions>,
        #[napi(ts_arg_type = "((progressJson: string) => void) | undefined | null")] on_progress: Option<OnProgress>,
    ) -> Result<NativeJob> {
        let action = Action::parse(&action).map_err(js_err)?;
        let cancel = CancelToken::new();
        if options.as_ref().and_then(|o| o.cancelled).unwrap_or(false) {
            cancel.cancel();
        }
        let options = options.map_or_else(|| Ok(JobOptions::default()), NativeJobOptions::into_core)?;
        let job =
            MembershipJob::new(&self.groups, group_id, action, members).options(options).cancel_token(cancel.clone());
        let (tx, rx) = oneshot::channel();
        napi::bindgen_prelude::spawn(async move {
            let report = job
                .run(|p| {
                    if let (Some(f), Ok(text)) = (&on_progress, encode(p).and_then(Encoded::into_string)) {
                        f.call(text, ThreadsafeFunctionCallMode::NonBlocking);
                    }
                })
                .await;
            // The receiver is gone only when the JS handle was collected: nobody waits.
            let _ = tx.send(report);
        });
        Ok(NativeJob { cancel, report: Mutex::new(Some(rx)), done: Mutex::new(None) })
    }
}
