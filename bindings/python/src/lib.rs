//! `waha_groups._native`: the pyo3 layer. It only translates — arguments to JSON for
//! [`waha_groups::dynamic`], results back as JSON text for the Python dataclasses, and core
//! errors to the exception classes of `waha_groups._errors` (looked up by stable code).

use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use futures_util::{Stream, StreamExt};
use pyo3::exceptions::{PyRuntimeError, PyStopAsyncIteration, PyStopIteration};
use pyo3::prelude::*;
use serde_json::Value;
use waha_groups::{Client, Error, Group, RetryPolicy, dynamic, webhook};

mod args;
mod mock;

use args::{U16, U32, bytes, header_pairs, opt_int, opt_seconds, opt_text, text, text_list};

/// The process that created the runtime: after `fork()` its threads do not exist in the child.
static RUNTIME_PID: OnceLock<u32> = OnceLock::new();

fn runtime() -> PyResult<&'static tokio::runtime::Runtime> {
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

fn parse_args(args: &Bound<'_, PyAny>) -> PyResult<Value> {
    serde_json::from_str(&text(args, "args")?)
        .map_err(|e| py_err(Error::invalid(format!("arguments are not JSON: {e}"))))
}

fn to_text(v: Value) -> String {
    v.to_string()
}

/// Runs `fut` on the shared runtime with the GIL released, waking every 100 ms to let
/// Python handle signals (Ctrl-C raises `KeyboardInterrupt` instead of waiting).
pub(crate) fn block_on<T: Send>(py: Python<'_>, fut: impl Future<Output = PyResult<T>> + Send) -> PyResult<T> {
    let rt = runtime()?;
    py.detach(|| {
        rt.block_on(async {
            tokio::pin!(fut);
            loop {
                tokio::select! {
                    out = &mut fut => return out,
                    () = tokio::time::sleep(Duration::from_millis(100)) => {
                        Python::attach(|py| py.check_signals())?;
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
fn in_flight<F: Future>(fut: F) -> impl Future<Output = F::Output> {
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

/// Which handle a call goes to.
#[derive(Clone, Copy)]
enum Scope {
    Groups,
    Lids,
    Client,
}

fn scope(name: &str) -> PyResult<Scope> {
    match name {
        "groups" => Ok(Scope::Groups),
        "lids" => Ok(Scope::Lids),
        "client" => Ok(Scope::Client),
        other => Err(py_err(Error::invalid(format!("unknown scope {other:?}")))),
    }
}

async fn dispatch(client: Client, scope: Scope, session: String, method: String, args: Value) -> PyResult<String> {
    let result = match scope {
        // Straight to text: the model's `raw` is written as WAHA sent it, not parsed again.
        Scope::Groups => dynamic::call_groups_text(&client.groups(session), &method, &args).await,
        Scope::Lids => dynamic::call_lids(&client.lids(session), &method, &args).await.map(to_text),
        Scope::Client => dynamic::call_client(&client, &method, &args).await.map(to_text),
    };
    result.map_err(py_err)
}

/// The native client behind `Client` and `AsyncClient`.
#[pyclass(frozen, module = "waha_groups._native")]
struct NativeClient {
    client: Client,
}

#[pymethods]
impl NativeClient {
    #[new]
    #[pyo3(signature = (base_url, api_key=None, timeout=None, max_retries=None, retry_base_delay=None))]
    fn new(
        base_url: &Bound<'_, PyAny>,
        api_key: Option<&Bound<'_, PyAny>>,
        timeout: Option<&Bound<'_, PyAny>>,
        max_retries: Option<&Bound<'_, PyAny>>,
        retry_base_delay: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let mut builder = Client::builder().base_url(text(base_url, "base_url")?);
        if let Some(key) = opt_text(api_key, "api_key")? {
            builder = builder.api_key(key);
        }
        if let Some(t) = opt_seconds(timeout, "timeout")? {
            builder = builder.timeout(t);
        }
        let mut retry = RetryPolicy::default();
        if let Some(n) = opt_int::<u32>(max_retries, "max_retries", U32)? {
            retry = retry.max_retries(n);
        }
        if let Some(d) = opt_seconds(retry_base_delay, "retry_base_delay")? {
            retry = retry.base_delay(d);
        }
        Ok(NativeClient { client: builder.retry(retry).build().map_err(py_err)? })
    }

    #[staticmethod]
    fn from_env() -> PyResult<Self> {
        Ok(NativeClient { client: Client::from_env().map_err(py_err)? })
    }

    #[getter]
    fn base_url(&self) -> String {
        self.client.base_url().to_owned()
    }

    /// Synchronous call: JSON arguments in, JSON result out.
    fn call(
        &self,
        py: Python<'_>,
        scope_name: &str,
        session: &Bound<'_, PyAny>,
        method: &str,
        args: &Bound<'_, PyAny>,
    ) -> PyResult<String> {
        let (scope, session, args) = (scope(scope_name)?, text(session, "session")?, parse_args(args)?);
        block_on(py, dispatch(self.client.clone(), scope, session, method.to_owned(), args))
    }

    /// Asynchronous call: returns an awaitable of the JSON result.
    fn call_async<'py>(
        &self,
        py: Python<'py>,
        scope_name: &str,
        session: &Bound<'py, PyAny>,
        method: &str,
        args: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (scope, session, args) = (scope(scope_name)?, text(session, "session")?, parse_args(args)?);
        runtime()?;
        let fut = dispatch(self.client.clone(), scope, session, method.to_owned(), args);
        pyo3_async_runtimes::tokio::future_into_py(py, in_flight(fut))
    }

    /// A page-by-page iterator over every group of `session` (`args` as for `list`).
    fn iter_groups(&self, session: &Bound<'_, PyAny>, args: &Bound<'_, PyAny>) -> PyResult<GroupIterator> {
        let session = text(session, "session")?;
        let query = dynamic::list_query("iter", &parse_args(args)?).map_err(py_err)?;
        let stream = self.client.groups(session).stream(query);
        Ok(GroupIterator { stream: Arc::new(tokio::sync::Mutex::new(Box::pin(stream))) })
    }
}

type GroupStream = Pin<Box<dyn Stream<Item = waha_groups::Result<Group>> + Send>>;

/// Yields groups (as JSON) from the core's auto-paging stream.
#[pyclass(frozen, module = "waha_groups._native")]
struct GroupIterator {
    stream: Arc<tokio::sync::Mutex<GroupStream>>,
}

async fn next_group(stream: Arc<tokio::sync::Mutex<GroupStream>>) -> PyResult<Option<String>> {
    match stream.lock().await.next().await {
        None => Ok(None),
        Some(Ok(g)) => Ok(Some(serde_json::to_string(&g).unwrap_or_default())),
        Some(Err(e)) => Err(py_err(e)),
    }
}

#[pymethods]
impl GroupIterator {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<String> {
        block_on(py, next_group(self.stream.clone()))?.ok_or_else(|| PyStopIteration::new_err(()))
    }

    fn __aiter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        runtime()?;
        let stream = self.stream.clone();
        pyo3_async_runtimes::tokio::future_into_py(
            py,
            in_flight(async move { next_group(stream).await?.ok_or_else(|| PyStopAsyncIteration::new_err(())) }),
        )
    }
}

/// Parses (and, with a key, verifies) a webhook; returns the event as JSON.
#[pyfunction]
#[pyo3(signature = (body, headers, hmac_key=None))]
fn parse_webhook(
    body: &Bound<'_, PyAny>,
    headers: &Bound<'_, PyAny>,
    hmac_key: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let (body, headers) = (bytes(body, "body")?, header_pairs(headers)?);
    let event = match hmac_key.filter(|k| !k.is_none()) {
        Some(key) => webhook::parse_verified(&body, &headers, &bytes(key, "hmac_key")?),
        None => webhook::parse_with_headers(&body, &headers),
    }
    .map_err(py_err)?;
    let text = serde_json::to_string(&event).unwrap_or_default();
    // `raw` is the body as sent; Python's json module could not read one nested this deep.
    if !waha_groups::engine::nesting_ok(&text) {
        let message = format!("webhook body nests deeper than {} levels", waha_groups::engine::MAX_NESTING);
        return Err(py_err(Error::new(waha_groups::ErrorKind::WebhookMalformed, message)));
    }
    Ok(text)
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

/// Decodes a raw 2xx answer of `method` as the SDK would (for fixture checks).
#[pyfunction]
#[pyo3(signature = (method, body, requested=None))]
fn decode_response(
    method: &Bound<'_, PyAny>,
    body: &Bound<'_, PyAny>,
    requested: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let method = text(method, "method")?;
    let op = waha_groups::routes::Operation::from_method_name(&method)
        .ok_or_else(|| py_err(Error::invalid(format!("unknown method {method:?}"))))?;
    let requested = requested.filter(|r| !r.is_none()).map(|r| text_list(r, "requested")).transpose()?;
    waha_groups::engine::decode_response_text(op, &text(body, "body")?, &requested.unwrap_or_default()).map_err(py_err)
}

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
    schema.map(to_text).ok_or_else(|| {
        let names: Vec<&str> = waha_groups::schema::model_schemas().into_keys().collect();
        py_err(Error::invalid(format!("no schema named {name:?}; known: openapi, {}", names.join(", "))))
    })
}

/// Stable error codes, in the core's order.
#[pyfunction]
fn error_codes() -> Vec<&'static str> {
    waha_groups::ErrorKind::ALL.iter().map(|k| k.code()).collect()
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<NativeClient>()?;
    m.add_class::<GroupIterator>()?;
    m.add_class::<mock::NativeMock>()?;
    m.add_function(wrap_pyfunction!(parse_webhook, m)?)?;
    m.add_function(wrap_pyfunction!(verify_webhook, m)?)?;
    m.add_function(wrap_pyfunction!(sign_webhook, m)?)?;
    m.add_function(wrap_pyfunction!(decode_response, m)?)?;
    m.add_function(wrap_pyfunction!(group_methods, m)?)?;
    m.add_function(wrap_pyfunction!(error_from_response, m)?)?;
    m.add_function(wrap_pyfunction!(error_codes, m)?)?;
    m.add_function(wrap_pyfunction!(json_schema, m)?)?;
    m.add_function(wrap_pyfunction!(_drain_at_exit, m)?)?;
    Ok(())
}
