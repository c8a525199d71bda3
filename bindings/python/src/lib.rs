//! `waha_groups._native`: the pyo3 layer. Typed methods generated from the core's operation
//! catalogue (`calls`), result classes built in Rust from the core models (`models`), the
//! in-process mock (`mock`), and core errors as the exception classes of `waha_groups._errors`
//! (looked up by stable code). No JSON text crosses the boundary on a call.

use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use futures_util::{Stream, StreamExt};
use pyo3::exceptions::{PyRuntimeError, PyStopAsyncIteration, PyStopIteration};
use pyo3::prelude::*;
use waha_groups::{Error, Group, webhook};

mod args;
mod calls;
mod convert;
mod jobs;
mod logs;
mod mock;
mod models;

use args::{U16, bytes, header_pairs, opt_int, opt_text, text, text_list};
use convert::IntoOut;
use waha_groups::ops::{self, Answer, Op};
use waha_groups::routes::Operation;

/// The process that created the runtime: after `fork()` its threads do not exist in the child.
static RUNTIME_PID: OnceLock<u32> = OnceLock::new();

pub(crate) fn runtime() -> PyResult<&'static tokio::runtime::Runtime> {
    let pid = *RUNTIME_PID.get_or_init(std::process::id);
    if pid != std::process::id() {
        return Err(PyRuntimeError::new_err(
            "waha_groups was used before fork(); its worker threads do not exist in this child process. \
             Create clients and mocks after forking (e.g. multiprocessing 'spawn', or import inside the worker).",
        ));
    }
    Ok(pyo3_async_runtimes::tokio::get_runtime())
}

/// Raises the `waha_groups` exception class for `err.code()` with its attributes set.
pub(crate) fn py_err(err: Error) -> PyErr {
    Python::attach(|py| build_exception(py, &err).unwrap_or_else(|e| e))
}

fn build_exception(py: Python<'_>, err: &Error) -> Result<PyErr, PyErr> {
    let classes = py.import("waha_groups._errors")?.getattr("_CLASSES")?;
    let cls = classes.get_item(err.code())?;
    let exc = cls.call1((err.to_string(),))?;
    exc.setattr("code", err.code())?;
    exc.setattr("status", err.status())?;
    exc.setattr("body", err.body())?;
    exc.setattr("session", err.session())?;
    exc.setattr("session_status", err.session_status())?;
    exc.setattr("retry_after", err.retry_after().map(|d| d.as_secs_f64()))?;
    Ok(PyErr::from_value(exc))
}

/// Runs `fut` on the shared runtime with the GIL released, waking every 100 ms to let
/// Python handle signals (Ctrl-C raises `KeyboardInterrupt` and cancels the call).
///
/// The future is spawned onto the runtime's workers rather than polled on this thread: the
/// worker that sees a socket become ready polls it at once, and this thread is woken only for
/// the result (polling here cost a thread wake-up per socket event: −18% calls/s on `get`).
pub(crate) fn block_on<T: Send + 'static>(
    py: Python<'_>,
    fut: impl Future<Output = PyResult<T>> + Send + 'static,
) -> PyResult<T> {
    let rt = runtime()?;
    py.detach(|| {
        let mut task = rt.spawn(fut);
        rt.block_on(async {
            loop {
                tokio::select! {
                    out = &mut task => return out.map_err(|e| PyRuntimeError::new_err(format!("the call's task failed: {e}")))?,
                    () = tokio::time::sleep(Duration::from_millis(100)) => {
                        if let Err(e) = Python::attach(|py| py.check_signals()) {
                            task.abort();
                            return Err(e);
                        }
                    }
                }
            }
        })
    })
}

/// Awaitables whose Rust future has not finished yet, and whether any was ever made.
static IN_FLIGHT: AtomicUsize = AtomicUsize::new(0);
static ASYNC_USED: AtomicBool = AtomicBool::new(false);

/// Counts `fut` as in flight until it finishes (or is dropped).
pub(crate) fn in_flight<F: Future>(fut: F) -> impl Future<Output = F::Output> {
    struct Guard;
    impl Drop for Guard {
        fn drop(&mut self) {
            IN_FLIGHT.fetch_sub(1, Ordering::SeqCst);
        }
    }
    ASYNC_USED.store(true, Ordering::SeqCst);
    IN_FLIGHT.fetch_add(1, Ordering::SeqCst);
    let guard = Guard;
    async move {
        let _guard = guard;
        fut.await
    }
}

/// Called at interpreter exit (`atexit`, before finalisation): waits, with the GIL released,
/// until every awaitable's Rust future has finished and its runtime thread has handed the
/// result to asyncio. A runtime thread still inside that hand-off when Python finalises
/// aborts the process (`PyGILState_Release … must be current`). A no-op unless asyncio was used.
#[pyfunction]
fn _drain_at_exit(py: Python<'_>) {
    if !ASYNC_USED.load(Ordering::SeqCst) {
        return;
    }
    py.detach(|| {
        let deadline = std::time::Instant::now() + Duration::from_secs(2);
        while IN_FLIGHT.load(Ordering::SeqCst) > 0 && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(1));
        }
        // The hand-off to asyncio runs right after the future finishes; give it time to end.
        std::thread::sleep(Duration::from_millis(20));
    });
}

type GroupStream = Pin<Box<dyn Stream<Item = waha_groups::Result<Group>> + Send>>;

/// Yields `Group`s from the core's auto-paging stream (`Groups.iter`), with `for` or `async for`.
#[pyclass(frozen, module = "waha_groups._native")]
pub(crate) struct GroupIterator {
    stream: Arc<tokio::sync::Mutex<GroupStream>>,
}

impl GroupIterator {
    pub(crate) fn new(stream: impl Stream<Item = waha_groups::Result<Group>> + Send + 'static) -> Self {
        GroupIterator { stream: Arc::new(tokio::sync::Mutex::new(Box::pin(stream))) }
    }
}

async fn next_group(stream: Arc<tokio::sync::Mutex<GroupStream>>) -> PyResult<Option<Group>> {
    stream.lock().await.next().await.transpose().map_err(py_err)
}

#[pymethods]
impl GroupIterator {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        logs::refresh(py);
        block_on(py, next_group(self.stream.clone()))?.ok_or_else(|| PyStopIteration::new_err(()))?.into_out(py)
    }

    fn __aiter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        runtime()?;
        logs::refresh(py);
        let stream = self.stream.clone();
        pyo3_async_runtimes::tokio::future_into_py(
            py,
            in_flight(async move {
                next_group(stream).await?.map(calls::Out).ok_or_else(|| PyStopAsyncIteration::new_err(()))
            }),
        )
    }
}

/// Parses (and, with a key, verifies) a webhook into a `WebhookEvent`.
#[pyfunction]
#[pyo3(signature = (body, headers, hmac_key=None))]
fn parse_webhook(
    py: Python<'_>,
    body: &Bound<'_, PyAny>,
    headers: &Bound<'_, PyAny>,
    hmac_key: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let (body, headers) = (bytes(body, "body")?, header_pairs(headers)?);
    let event = match hmac_key.filter(|k| !k.is_none()) {
        Some(key) => webhook::parse_verified(&body, &headers, &bytes(key, "hmac_key")?),
        None => webhook::parse_with_headers(&body, &headers),
    }
    .map_err(py_err)?;
    // `raw` (the body) is checked for nesting Python's json module cannot read when it is read.
    event.into_out(py)
}

/// Verifies `X-Webhook-Hmac`; raises on a missing, wrong or unsupported signature.
#[pyfunction]
fn verify_webhook(body: &Bound<'_, PyAny>, headers: &Bound<'_, PyAny>, hmac_key: &Bound<'_, PyAny>) -> PyResult<()> {
    let (body, headers, key) = (bytes(body, "body")?, header_pairs(headers)?, bytes(hmac_key, "hmac_key")?);
    webhook::verify(&body, &headers, &key).map_err(py_err)
}

/// Hex HMAC-SHA512 of `body`, as WAHA sends it.
#[pyfunction]
fn sign_webhook(body: &Bound<'_, PyAny>, hmac_key: &Bound<'_, PyAny>) -> PyResult<String> {
    Ok(webhook::sign(&bytes(body, "body")?, &bytes(hmac_key, "hmac_key")?))
}

/// The groups methods with their positional and keyword-only parameters, from the core's
/// operation catalogue (the `Groups`/`AsyncGroups` classes are checked against it).
#[pyfunction]
fn group_methods() -> Vec<(&'static str, Vec<&'static str>, Vec<&'static str>)> {
    waha_groups::ops::GROUP_METHODS
        .iter()
        .map(|(name, args)| {
            let (positional, options): (Vec<_>, Vec<_>) = args.iter().partition(|(_, kind)| kind.is_positional());
            let options = options.iter().flat_map(|(a, kind)| kind.fields(a)).collect();
            (*name, positional.iter().map(|(a, _)| *a).collect(), options)
        })
        .collect()
}

/// Decodes a raw 2xx answer of `method` as the SDK would (for fixture checks): models as
/// their classes, scalar results as the dicts the fixtures manifest describes.
#[pyfunction]
#[pyo3(signature = (method, body, requested=None))]
fn decode_response(
    py: Python<'_>,
    method: &Bound<'_, PyAny>,
    body: &Bound<'_, PyAny>,
    requested: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let method = text(method, "method")?;
    let op = waha_groups::routes::Operation::from_method_name(&method)
        .ok_or_else(|| py_err(Error::invalid(format!("unknown method {method:?}"))))?;
    let requested = requested.filter(|r| !r.is_none()).map(|r| text_list(r, "requested")).transpose()?;
    let (body, requested) = (text(body, "body")?, requested.unwrap_or_default());
    // A `raw` Python's json module could not read back is refused here, as WAHA's answer.
    convert::check_nesting(&body)?;
    decode_op(py, op, Answer { text: &body, requested: &requested })
}

macro_rules! decode_by_operation {
    (groups { $($(#[$d:meta])* $op:ident $m:ident($($a:ident: $k:ident),*);)+ } support { $($sop:ident $sm:ident;)+ }) => {
        /// `op`'s decoder, its output as Python objects.
        fn decode_op(py: Python<'_>, op: Operation, answer: Answer<'_>) -> PyResult<Py<PyAny>> {
            match op {
                $(Operation::$op => <ops::$op as Op>::decode(answer).map_err(py_err)?.into_out(py),)+
                $(Operation::$sop => <ops::$sop as Op>::decode(answer).map_err(py_err)?.into_out(py),)+
            }
        }
    };
}
waha_groups::for_each_operation!(decode_by_operation);

/// The exception WAHA's `status` + `body` maps to (not raised).
#[pyfunction]
#[pyo3(signature = (status, body, session=None))]
fn error_from_response(
    status: &Bound<'_, PyAny>,
    body: &Bound<'_, PyAny>,
    session: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyErr> {
    let status = opt_int::<u16>(Some(status), "status", U16)?.unwrap_or_default();
    Ok(py_err(Error::from_response(status, &text(body, "body")?, opt_text(session, "session")?.as_deref())))
}

/// The JSON Schema (as JSON text) of a model, request body or `WebhookEvent`; `"openapi"` gives the OpenAPI document.
#[pyfunction]
fn json_schema(name: &Bound<'_, PyAny>) -> PyResult<String> {
    let name = text(name, "name")?;
    let schema =
        if name == "openapi" { Some(waha_groups::schema::openapi()) } else { waha_groups::schema::json_schema(&name) };
    schema.map(|v| v.to_string()).ok_or_else(|| {
        let names: Vec<&str> = waha_groups::schema::model_schemas().into_keys().collect();
        py_err(Error::invalid(format!("no schema named {name:?}; known: openapi, {}", names.join(", "))))
    })
}

/// Stable error codes, in the core's order.
#[pyfunction]
fn error_codes() -> Vec<&'static str> {
    waha_groups::ErrorKind::ALL.iter().map(|k| k.code()).collect()
}

/// Each error kind as `(code, class name, base class name)`, in the core's order: the table
/// `waha_groups._errors` builds its code → class map from.
#[pyfunction]
fn error_kinds() -> Vec<(&'static str, &'static str, &'static str)> {
    waha_groups::ErrorKind::ALL.iter().map(|k| (k.code(), k.class_name(), k.base_class())).collect()
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<calls::Client>()?;
    m.add_class::<calls::AsyncClient>()?;
    m.add_class::<calls::Groups>()?;
    m.add_class::<calls::AsyncGroups>()?;
    m.add_class::<calls::Lids>()?;
    m.add_class::<calls::AsyncLids>()?;
    m.add_class::<GroupIterator>()?;
    models::register(m)?;
    m.add_class::<jobs::JobReport>()?;
    m.add_class::<jobs::CancelToken>()?;
    m.add_class::<mock::NativeMock>()?;
    m.add_function(wrap_pyfunction!(parse_webhook, m)?)?;
    m.add_function(wrap_pyfunction!(verify_webhook, m)?)?;
    m.add_function(wrap_pyfunction!(sign_webhook, m)?)?;
    m.add_function(wrap_pyfunction!(decode_response, m)?)?;
    m.add_function(wrap_pyfunction!(group_methods, m)?)?;
    m.add_function(wrap_pyfunction!(error_from_response, m)?)?;
    m.add_function(wrap_pyfunction!(error_codes, m)?)?;
    m.add_function(wrap_pyfunction!(error_kinds, m)?)?;
    m.add_function(wrap_pyfunction!(json_schema, m)?)?;
    m.add_function(wrap_pyfunction!(_drain_at_exit, m)?)?;
    Ok(())
}
