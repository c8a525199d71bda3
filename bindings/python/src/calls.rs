//! The typed API: `Client`/`AsyncClient`, `Groups`/`AsyncGroups` and `Lids`/`AsyncLids`.
//!
//! The groups methods are generated from the core's operation catalogue
//! (`waha_groups::for_each_operation!`): one Python method per operation, its arguments
//! converted natively (errors name the argument), the core's typed method run on the shared
//! runtime, and the result built as the classes of [`crate::models`]. A sync method blocks
//! with the GIL released; its async twin returns an awaitable.

use pyo3::prelude::*;
use pyo3::types::PyType;
use waha_groups::{Client as CoreClient, RetryPolicy};

use crate::args::{self, U32, opt_int, opt_seconds, opt_text, text};
use crate::convert::IntoOut;
use crate::{GroupIterator, block_on, in_flight, py_err, runtime};

type CoreResult<T> = waha_groups::Result<T>;

/// Runs `fut` to completion with the GIL released (Ctrl-C still interrupts) and converts its
/// result.
fn blocking<T: IntoOut + Send + 'static>(
    py: Python<'_>,
    fut: impl Future<Output = CoreResult<T>> + Send + 'static,
) -> PyResult<Py<PyAny>> {
    crate::logs::refresh(py);
    block_on(py, async { fut.await.map_err(py_err) })?.into_out(py)
}

/// An asyncio awaitable of `fut`'s converted result.
fn awaitable<T: IntoOut + Send + 'static>(
    py: Python<'_>,
    fut: impl Future<Output = CoreResult<T>> + Send + 'static,
) -> PyResult<Py<PyAny>> {
    runtime()?;
    crate::logs::refresh(py);
    let fut = async move { fut.await.map(Out).map_err(py_err) };
    Ok(pyo3_async_runtimes::tokio::future_into_py(py, in_flight(fut))?.unbind())
}

/// A result converted when asyncio receives it (with the GIL held).
pub(crate) struct Out<T>(pub(crate) T);

impl<'py, T: IntoOut> IntoPyObject<'py> for Out<T> {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(self.0.into_out(py)?.into_bound(py))
    }
}

/// A handle's session name, as given.
fn session_of(session: &Bound<'_, PyAny>) -> PyResult<String> {
    text(session, "session")
}

/// One `#[pymethods]` block per class (pyo3 allows no more): the muncher collects every
/// method of the catalogue, by the shape of its arguments, then emits the block.
macro_rules! group_methods {
    (groups { $($(#[$d:meta])* $op:ident $m:ident($($a:ident: $k:ident),*);)+ } support { $($rest:tt)* }) => {
        group_methods!(@class Groups blocking [] $($(#[$d])* $m($($a: $k),*);)+);
        group_methods!(@class AsyncGroups awaitable [] $($(#[$d])* $m($($a: $k),*);)+);
    };
    (@class $class:ident $run:ident [$($done:tt)*]) => {
        #[pymethods]
        impl $class {
            #[new]
            fn new(client: &Bound<'_, PyAny>, session: &Bound<'_, PyAny>) -> PyResult<Self> {
                Ok($class { groups: core_client(client)?.groups(session_of(session)?) })
            }

            /// The session this handle talks to.
            #[getter]
            fn session(&self) -> &str {
                self.groups.session()
            }

            fn __repr__(&self) -> String {
                format!("{}(session={:?})", stringify!($class), self.groups.session())
            }

            /// Every group, fetched page by page as you iterate (`for`, or `async for`).
            #[pyo3(signature = (*, page_size = None, sort_by = None, sort_order = None, exclude_participants = None),
                   text_signature = "($self, *, page_size=100, sort_by=None, sort_order=None, exclude_participants=False)")]
            fn iter(
                &self,
                page_size: Option<&Bound<'_, PyAny>>,
                sort_by: Option<&Bound<'_, PyAny>>,
                sort_order: Option<&Bound<'_, PyAny>>,
                exclude_participants: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<GroupIterator> {
                // `page_size` is the page's `limit` (None: the core's default page size).
                let query = args::list_query(("page_size", page_size), None, sort_by, sort_order, exclude_participants)?;
                Ok(GroupIterator::new(self.groups.stream(query)))
            }

            /// Adds, removes, promotes or demotes many members as a job: planned from one read
            /// of the group, paced under WhatsApp's rate limit and size cap, resumable from
            /// `state_file`, one report entry per member (see the README, "Bulk membership changes").
            #[pyo3(signature = (action, group_id, members = None, *, from_csv = None, batch_size = None,
                rate_per_minute = None, size_cap = None, dry_run = None, state_file = None, progress = None,
                cancel = None, backoff_base = None, max_attempts = None),
                text_signature = "($self, action, group_id, members=None, *, from_csv=None, batch_size=10, rate_per_minute=30.0, size_cap=1024, dry_run=False, state_file=None, progress=None, cancel=None, backoff_base=2.0, max_attempts=5)")]
            #[allow(clippy::too_many_arguments)]
            fn change_members(
                &self,
                py: Python<'_>,
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
            ) -> PyResult<Py<PyAny>> {
                let spec = crate::jobs::job_spec(
                    action, group_id, members, from_csv, batch_size, rate_per_minute, size_cap, dry_run,
                    state_file, progress, cancel, backoff_base, max_attempts,
                )?;
                <$class as crate::jobs::RunJob>::run_job(py, self.groups.clone(), spec)
            }

            $($done)*
        }
    };
    (@class $class:ident $run:ident [$($done:tt)*] $(#[$d:meta])* $m:ident(); $($rest:tt)*) => {
        group_methods!(@class $class $run [$($done)*
            $(#[$d])*
            fn $m(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
                let g = self.groups.clone();
                $run(py, async move { g.$m().await })
            }
        ] $($rest)*);
    };
    (@class $class:ident $run:ident [$($done:tt)*] $(#[$d:meta])* $m:ident(query: list_query); $($rest:tt)*) => {
        group_methods!(@class $class $run [$($done)*
            $(#[$d])*
            #[pyo3(signature = (*, limit = None, offset = None, sort_by = None, sort_order = None, exclude_participants = None),
                   text_signature = "($self, *, limit=None, offset=None, sort_by=None, sort_order=None, exclude_participants=False)")]
            fn $m(
                &self,
                py: Python<'_>,
                limit: Option<&Bound<'_, PyAny>>,
                offset: Option<&Bound<'_, PyAny>>,
                sort_by: Option<&Bound<'_, PyAny>>,
                sort_order: Option<&Bound<'_, PyAny>>,
                exclude_participants: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                let query = args::list_query(("limit", limit), offset, sort_by, sort_order, exclude_participants)?;
                let g = self.groups.clone();
                $run(py, async move { g.$m(query).await })
            }
        ] $($rest)*);
    };
    (@class $class:ident $run:ident [$($done:tt)*] $(#[$d:meta])* $m:ident($x:ident: str); $($rest:tt)*) => {
        group_methods!(@class $class $run [$($done)*
            $(#[$d])*
            fn $m(&self, py: Python<'_>, $x: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
                let $x = text($x, stringify!($x))?;
                let g = self.groups.clone();
                $run(py, async move { g.$m($x).await })
            }
        ] $($rest)*);
    };
    (@class $class:ident $run:ident [$($done:tt)*] $(#[$d:meta])* $m:ident($name:ident: str, $x:ident: opt_ids); $($rest:tt)*) => {
        group_methods!(@class $class $run [$($done)*
            $(#[$d])*
            #[pyo3(signature = ($name, $x = None))]
            fn $m(&self, py: Python<'_>, $name: &Bound<'_, PyAny>, $x: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
                let ($name, $x) = (text($name, stringify!($name))?, args::opt_ids($x, stringify!($x))?);
                let g = self.groups.clone();
                $run(py, async move { g.$m($name, $x).await })
            }
        ] $($rest)*);
    };
    (@class $class:ident $run:ident [$($done:tt)*] $(#[$d:meta])* $m:ident(id: str, $x:ident: $k:ident); $($rest:tt)*) => {
        group_methods!(@class $class $run [$($done)*] $(#[$d])* $m(id: str, $x: $k @); $($rest)*);
    };
    (@class $class:ident $run:ident [$($done:tt)*] $(#[$d:meta])* $m:ident(id: str, refresh: opt_bool @); $($rest:tt)*) => {
        group_methods!(@class $class $run [$($done)*
            $(#[$d])*
            #[pyo3(signature = (id, *, refresh = None), text_signature = "($self, id, *, refresh=False)")]
            fn $m(&self, py: Python<'_>, id: &Bound<'_, PyAny>, refresh: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
                let (id, refresh) = (text(id, "id")?, args::opt_flag(refresh, "refresh")?);
                let g = self.groups.clone();
                $run(py, async move { g.$m(id, refresh).await })
            }
        ] $($rest)*);
    };
    (@class $class:ident $run:ident [$($done:tt)*] $(#[$d:meta])* $m:ident(id: str, $x:ident: picture @); $($rest:tt)*) => {
        group_methods!(@class $class $run [$($done)*
            $(#[$d])*
            #[pyo3(signature = (id, *, url = None, data = None, mimetype = None))]
            fn $m(
                &self,
                py: Python<'_>,
                id: &Bound<'_, PyAny>,
                url: Option<&Bound<'_, PyAny>>,
                data: Option<&Bound<'_, PyAny>>,
                mimetype: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                let (id, $x) = (text(id, "id")?, args::picture(url, data, mimetype)?);
                let g = self.groups.clone();
                $run(py, async move { g.$m(id, $x).await })
            }
        ] $($rest)*);
    };
    (@class $class:ident $run:ident [$($done:tt)*] $(#[$d:meta])* $m:ident(id: str, $x:ident: $k:ident @); $($rest:tt)*) => {
        group_methods!(@class $class $run [$($done)*
            $(#[$d])*
            fn $m(&self, py: Python<'_>, id: &Bound<'_, PyAny>, $x: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
                let (id, $x) = (text(id, "id")?, group_methods!(@arg $k $x));
                let g = self.groups.clone();
                $run(py, async move { g.$m(id, $x).await })
            }
        ] $($rest)*);
    };
    (@arg str $x:ident) => { text($x, stringify!($x))? };
    (@arg bool $x:ident) => { args::flag($x, stringify!($x))? };
    (@arg ids $x:ident) => { args::ids($x, stringify!($x))? };
}

/// The groups API of one session (`client.groups("default")`); ids are validated before
/// anything is sent.
#[pyclass(frozen, module = "waha_groups._native")]
pub(crate) struct Groups {
    groups: waha_groups::Groups,
}

/// The asyncio twin of `Groups`: the same methods, awaitable.
#[pyclass(frozen, module = "waha_groups._native")]
pub(crate) struct AsyncGroups {
    groups: waha_groups::Groups,
}

waha_groups::for_each_operation!(group_methods);

/// The core client inside a `Client`/`AsyncClient`.
fn core_client(client: &Bound<'_, PyAny>) -> PyResult<CoreClient> {
    if let Ok(c) = client.cast::<Client>() {
        return Ok(c.get().client.clone());
    }
    if let Ok(c) = client.cast::<AsyncClient>() {
        return Ok(c.get().client.clone());
    }
    Err(py_err(waha_groups::Error::invalid("argument \"client\" must be a waha_groups Client or AsyncClient")))
}

fn build_client(
    base_url: &Bound<'_, PyAny>,
    api_key: Option<&Bound<'_, PyAny>>,
    timeout: Option<&Bound<'_, PyAny>>,
    max_retries: Option<&Bound<'_, PyAny>>,
    retry_base_delay: Option<&Bound<'_, PyAny>>,
) -> PyResult<CoreClient> {
    let mut builder = CoreClient::builder().base_url(text(base_url, "base_url")?);
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
    builder.retry(retry).observer(std::sync::Arc::new(crate::logs::Logging)).build().map_err(py_err)
}

/// The methods `Client` and `AsyncClient` share, run by `$run`; `$groups`/`$lids` are the
/// handle classes of that flavour.
macro_rules! client_class {
    ($(#[$doc:meta])* $class:ident, $run:ident, $groups:ident, $lids:ident, { $($extra:tt)* }) => {
        $(#[$doc])*
        #[pyclass(frozen, subclass, module = "waha_groups._native")]
        pub(crate) struct $class {
            client: CoreClient,
        }

        #[pymethods]
        impl $class {
            #[new]
            #[pyo3(signature = (base_url, *, api_key = None, timeout = None, max_retries = None, retry_base_delay = None))]
            fn new(
                base_url: &Bound<'_, PyAny>,
                api_key: Option<&Bound<'_, PyAny>>,
                timeout: Option<&Bound<'_, PyAny>>,
                max_retries: Option<&Bound<'_, PyAny>>,
                retry_base_delay: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Self> {
                Ok($class { client: build_client(base_url, api_key, timeout, max_retries, retry_base_delay)? })
            }

            /// Configured from `WAHA_URL` and `WAHA_API_KEY`.
            #[classmethod]
            fn from_env(_cls: &Bound<'_, PyType>) -> PyResult<Self> {
                Ok($class { client: CoreClient::from_env().map_err(py_err)? })
            }

            /// WAHA's base URL.
            #[getter]
            fn base_url(&self) -> &str {
                self.client.base_url()
            }

            /// What this client (and every handle made from it) did so far: `calls`, `retries`,
            /// `rate_limited` answers and `errors` by code.
            fn stats(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
                crate::convert::loads(py, &serde_json::to_string(&self.client.stats()).unwrap_or_else(|_| "{}".into()))
            }

            fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
                // The API key is never shown.
                Ok(format!("{}(base_url={:?})", slf.get_type().name()?, slf.get().client.base_url()))
            }

            /// The groups API of `session`.
            fn groups(&self, session: &Bound<'_, PyAny>) -> PyResult<$groups> {
                Ok($groups { groups: self.client.groups(session_of(session)?) })
            }

            /// The lid directory of `session`.
            fn lids(&self, session: &Bound<'_, PyAny>) -> PyResult<$lids> {
                Ok($lids { lids: self.client.lids(session_of(session)?) })
            }

            /// All sessions.
            fn sessions(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
                let c = self.client.clone();
                $run(py, async move { c.sessions().await })
            }

            /// One session.
            fn session(&self, py: Python<'_>, name: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
                let (c, name) = (self.client.clone(), text(name, "name")?);
                $run(py, async move { c.session(&name).await })
            }

            /// The account a session is logged in as (`None` before it is authenticated).
            fn me(&self, py: Python<'_>, session: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
                let (c, session) = (self.client.clone(), session_of(session)?);
                $run(py, async move { c.me(&session).await })
            }

            /// Server version and environment.
            fn version(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
                let c = self.client.clone();
                $run(py, async move { c.version().await })
            }

            /// Raises unless the server answers.
            fn ping(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
                let c = self.client.clone();
                $run(py, async move { c.ping().await })
            }

            $($extra)*
        }
    };
}

client_class!(
    /// Synchronous WAHA client: `Client(url, api_key=...)` or `Client.from_env()` (`WAHA_URL`,
    /// `WAHA_API_KEY`). Optional: `timeout` (seconds, default 30), `max_retries` (default 3),
    /// `retry_base_delay` (seconds, default 0.25). Calls block with the GIL released.
    Client, blocking, Groups, Lids, {
        /// Nothing to release explicitly (connections are pooled and freed with the client).
        fn close(&self) {}

        fn __enter__(slf: Py<Self>) -> Py<Self> {
            slf
        }

        #[pyo3(signature = (*_exc))]
        fn __exit__(&self, _exc: &Bound<'_, pyo3::types::PyTuple>) {}
    }
);

client_class!(
    /// asyncio WAHA client: the same API as `Client`, awaitable.
    AsyncClient, awaitable, AsyncGroups, AsyncLids, {
        /// For symmetry with other async clients: nothing to release.
        fn aclose<'py>(&self, py: Python<'py>) -> PyResult<Py<PyAny>> {
            awaitable(py, async { Ok(()) })
        }

        fn __aenter__(slf: Py<Self>, py: Python<'_>) -> PyResult<Py<PyAny>> {
            awaitable(py, async move { Ok(Same(slf)) })
        }

        #[pyo3(signature = (*_exc))]
        fn __aexit__(&self, py: Python<'_>, _exc: &Bound<'_, pyo3::types::PyTuple>) -> PyResult<Py<PyAny>> {
            awaitable(py, async { Ok(()) })
        }
    }
);

/// An object handed back as it is.
struct Same<T>(Py<T>);

impl<T> IntoOut for Same<T> {
    fn into_out(self, _py: Python<'_>) -> PyResult<Py<PyAny>> {
        Ok(self.0.into_any())
    }
}

macro_rules! lids_class {
    ($(#[$doc:meta])* $class:ident, $run:ident) => {
        $(#[$doc])*
        #[pyclass(frozen, module = "waha_groups._native")]
        pub(crate) struct $class {
            lids: waha_groups::Lids,
        }

        #[pymethods]
        impl $class {
            /// Known mappings.
            #[pyo3(signature = (*, limit = None, offset = None))]
            fn list(&self, py: Python<'_>, limit: Option<&Bound<'_, PyAny>>, offset: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
                let (limit, offset) = (opt_int(limit, "limit", U32)?, opt_int(offset, "offset", U32)?);
                let l = self.lids.clone();
                $run(py, async move { l.list(limit, offset).await })
            }

            /// Number of known mappings.
            fn count(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
                let l = self.lids.clone();
                $run(py, async move { l.count().await })
            }

            /// The phone number behind a `@lid`.
            fn phone_number(&self, py: Python<'_>, lid: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
                let (l, lid) = (self.lids.clone(), text(lid, "lid")?);
                $run(py, async move { l.phone_number(lid).await })
            }

            /// The `@lid` of a phone number.
            fn lid(&self, py: Python<'_>, phone_number: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
                let (l, pn) = (self.lids.clone(), text(phone_number, "phone_number")?);
                $run(py, async move { l.lid(pn).await })
            }

            fn __repr__(&self) -> String {
                format!("{}(session={:?})", stringify!($class), self.lids.session())
            }
        }
    };
}

lids_class!(
    /// The `@lid` ↔ phone-number directory of a session.
    Lids, blocking
);
lids_class!(
    /// The asyncio twin of `Lids`.
    AsyncLids, awaitable
);
