//! Membership jobs in Python: `Groups.change_members` (blocking) and `AsyncGroups.change_members`
//! (awaitable) run the core's `MembershipJob`; its report, entries and progress are classes
//! built in Rust, and a `CancelToken` stops a job after its current batch.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyList;
use waha_groups::jobs::{self as core, Action, JobOptions, MembershipJob};

use crate::args::{self, opt_int, opt_seconds, opt_text, text};
use crate::convert::{IntoOut, ToPy, loads};
use crate::models::{JobProgress, MemberReport};
use crate::{block_on, in_flight, py_err, runtime};

/// Stops a job after its current batch (`cancel()`); the job's state file then resumes it.
#[pyclass(frozen, module = "waha_groups._native")]
#[derive(Clone, Default)]
pub(crate) struct CancelToken(core::CancelToken);

#[pymethods]
impl CancelToken {
    #[new]
    fn new() -> Self {
        CancelToken::default()
    }

    /// Asks the job to stop after its current batch.
    fn cancel(&self) {
        self.0.cancel();
    }

    /// Whether `cancel()` was called.
    #[getter]
    fn cancelled(&self) -> bool {
        self.0.is_cancelled()
    }
}

/// A whole job's outcome: one entry per input member, in input order.
#[pyclass(frozen, module = "waha_groups._native")]
pub(crate) struct JobReport {
    inner: core::JobReport,
    entries: PyOnceLock<Py<PyAny>>,
}

impl IntoOut for core::JobReport {
    fn into_out(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        Ok(Py::new(py, JobReport { inner: self, entries: PyOnceLock::new() })?.into_any())
    }
}

impl JobReport {
    /// `members` (the core's answer to `failed()` or `invitations()`) as a list of `MemberReport`s.
    fn members(py: Python<'_>, members: Vec<&core::MemberReport>) -> PyResult<Py<PyAny>> {
        let items = members.into_iter().map(|e| MemberReport::object(py, e.clone()));
        Ok(PyList::new(py, items.collect::<PyResult<Vec<_>>>()?)?.into_any().unbind())
    }
}

#[pymethods]
impl JobReport {
    /// The group.
    #[getter]
    fn group_id(&self) -> &str {
        &self.inner.group_id
    }

    /// `add`, `remove`, `promote` or `demote`.
    #[getter]
    fn action(&self) -> &str {
        self.inner.action.as_str()
    }

    /// Only planned: nothing was sent.
    #[getter]
    fn dry_run(&self) -> bool {
        self.inner.dry_run
    }

    /// Stopped by its cancel token before every member was sent.
    #[getter]
    fn cancelled(&self) -> bool {
        self.inner.cancelled
    }

    /// Every member reached the wanted state.
    #[getter]
    fn complete(&self) -> bool {
        self.inner.complete()
    }

    /// `rate-overlimit` answers the job got.
    #[getter]
    fn rate_limited(&self) -> u32 {
        self.inner.rate_limited
    }

    /// Member-change requests sent.
    #[getter]
    fn requests(&self) -> u32 {
        self.inner.requests
    }

    /// One `MemberReport` per input member (a tuple, built on first read).
    #[getter]
    fn entries(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.entries.get_or_try_init(py, || self.inner.entries.to_py(py)).map(|v| v.clone_ref(py))
    }

    /// How many entries have each status (only statuses that occur).
    #[getter]
    fn totals(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        loads(py, &serde_json::to_string(&self.inner.totals).unwrap_or_else(|_| "{}".into()))
    }

    /// The entries that did not reach the wanted state (duplicates aside).
    fn failed(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        Self::members(py, self.inner.failed())
    }

    /// Privacy-refused adds whose invitation is yours to send.
    fn invitations(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        Self::members(py, self.inner.invitations())
    }

    /// The report as plain Python data.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        loads(py, &self.inner.to_json())
    }

    /// The report as JSON text.
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// One CSV row per member, with a header.
    fn to_csv(&self) -> String {
        self.inner.to_csv()
    }

    fn __len__(&self) -> usize {
        self.inner.entries.len()
    }

    fn __repr__(&self) -> String {
        let totals: Vec<String> = self.inner.totals.iter().map(|(s, n)| format!("{}={n}", s.as_str())).collect();
        format!("JobReport({} {}: {})", self.inner.action, self.inner.group_id, totals.join(", "))
    }
}

/// A job to run: its arguments read and checked while the caller holds the GIL.
pub(crate) struct JobSpec {
    group_id: String,
    action: Action,
    members: Vec<String>,
    options: JobOptions,
    progress: Option<Py<PyAny>>,
    cancel: core::CancelToken,
}

/// Reads `change_members`' arguments (errors name the argument).
#[allow(clippy::too_many_arguments)]
pub(crate) fn job_spec(
    action: &Bound<'_, PyAny>,
    group_id: &Bound<'_, PyAny>,
    members: Option<&Bound<'_, PyAny>>,
    from_csv: Option<&Bound<'_, PyAny>>,
    batch_size: Option<&Bound<'_, PyAny>>,
    rate_per_minute: Option<&Bound<'_, PyAny>>,
    size_cap: Option<&Bound<'_, PyAny>>,
    dry_run: Option<&Bound<'_, PyAny>>,
    state_file: Option<&Bound<'_, PyAny>>,
    progress: Option<&Bound<'_, PyAny>>,
    cancel: Option<&Bound<'_, PyAny>>,
    backoff_base: Option<&Bound<'_, PyAny>>,
    max_attempts: Option<&Bound<'_, PyAny>>,
) -> PyResult<JobSpec> {
    let action = Action::parse(&text(action, "action")?).map_err(py_err)?;
    let mut list = args::opt_ids(members, "members")?;
    if let Some(path) = opt_text(from_csv, "from_csv")? {
        list.extend(core::members_from_csv_file(path).map_err(py_err)?);
    }
    let defaults = JobOptions::default();
    let rate = match rate_per_minute.filter(|v| !v.is_none()) {
        Some(v) if !v.is_instance_of::<pyo3::types::PyBool>() => v
            .extract::<f64>()
            .map_err(|_| py_err(waha_groups::Error::invalid("argument \"rate_per_minute\" must be a number")))?,
        Some(_) => return Err(py_err(waha_groups::Error::invalid("argument \"rate_per_minute\" must be a number"))),
        None => defaults.rate_per_minute,
    };
    let options = JobOptions {
        batch_size: opt_int(batch_size, "batch_size", args::U32)?.unwrap_or(defaults.batch_size),
        rate_per_minute: rate,
        size_cap: opt_int(size_cap, "size_cap", args::U32)?.unwrap_or(defaults.size_cap),
        dry_run: args::opt_flag(dry_run, "dry_run")?,
        state_file: state_file.filter(|v| !v.is_none()).map(|p| p.extract::<PathBuf>()).transpose()?,
        backoff_base: opt_seconds(backoff_base, "backoff_base")?.unwrap_or(defaults.backoff_base),
        max_attempts: opt_int(max_attempts, "max_attempts", args::U32)?.unwrap_or(defaults.max_attempts),
        ..defaults
    };
    let progress = progress.filter(|p| !p.is_none()).map(|p| p.clone().unbind());
    if let Some(p) = &progress
        && !Python::attach(|py| p.bind(py).is_callable())
    {
        return Err(py_err(waha_groups::Error::invalid("progress must be a callable taking one JobProgress")));
    }
    let cancel = match cancel.filter(|c| !c.is_none()) {
        Some(c) => c
            .cast::<CancelToken>()
            .map_err(|_| py_err(waha_groups::Error::invalid("cancel must be a CancelToken")))?
            .get()
            .0
            .clone(),
        None => core::CancelToken::new(),
    };
    Ok(JobSpec { group_id: text(group_id, "group_id")?, action, members: list, options, progress, cancel })
}

/// Runs the job; a progress callback that raises stops it after its batch and its exception
/// is raised when the job has stopped. (Which log levels are on is read by `RunJob` as it starts.)
async fn run(groups: waha_groups::Groups, spec: JobSpec) -> PyResult<core::JobReport> {
    let raised: Arc<Mutex<Option<PyErr>>> = Arc::default();
    let (seen, cancel) = (raised.clone(), spec.cancel.clone());
    let callback = spec.progress;
    let job = MembershipJob::new(&groups, spec.group_id, spec.action, spec.members)
        .options(spec.options)
        .cancel_token(spec.cancel);
    let report = job
        .run(move |p| {
            let Some(cb) = &callback else { return };
            let failed = Python::attach(|py| {
                let progress = JobProgress::object(py, p.clone())?;
                cb.call1(py, (progress,)).map(drop)
            });
            if let Err(e) = failed {
                seen.lock().expect("not poisoned").get_or_insert(e);
                cancel.cancel();
            }
        })
        .await
        .map_err(py_err)?;
    match raised.lock().expect("not poisoned").take() {
        Some(e) => Err(e),
        None => Ok(report),
    }
}

/// How each groups class runs a job: `Groups` blocks with the GIL released, `AsyncGroups`
/// returns an awaitable.
pub(crate) trait RunJob {
    fn run_job(py: Python<'_>, groups: waha_groups::Groups, spec: JobSpec) -> PyResult<Py<PyAny>>;
}

impl RunJob for crate::calls::Groups {
    fn run_job(py: Python<'_>, groups: waha_groups::Groups, spec: JobSpec) -> PyResult<Py<PyAny>> {
        crate::logs::refresh(py);
        block_on(py, run(groups, spec))?.into_out(py)
    }
}

impl RunJob for crate::calls::AsyncGroups {
    fn run_job(py: Python<'_>, groups: waha_groups::Groups, spec: JobSpec) -> PyResult<Py<PyAny>> {
        runtime()?;
        crate::logs::refresh(py);
        let fut = async move { run(groups, spec).await.map(crate::calls::Out) };
        Ok(pyo3_async_runtimes::tokio::future_into_py(py, in_flight(fut))?.unbind())
    }
}
