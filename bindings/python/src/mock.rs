//! `NativeMock`: the `waha-mock` server in-process, for `waha_groups.testing.MockWaha`.

use std::sync::Mutex;

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use serde_json::Value;
use waha_groups::{Engine, Error};
use waha_mock::{FaultSpec, JournalFilter, Limits, MockWaha, NewSession, Simulation, WebhookConfig, World};

use crate::args::{I64, U16, U64, opt_int, opt_text, text};
use crate::{block_on, py_err};

/// A rejected mock argument: `InvalidArgumentError` (also a `ValueError`).
fn bad(e: impl std::fmt::Display) -> PyErr {
    py_err(Error::invalid(e.to_string()))
}

/// A JSON-text argument (the Python wrapper serialises it) decoded into `T`.
fn from_json<T: serde::de::DeserializeOwned>(what: &str, value: &Bound<'_, PyAny>) -> PyResult<T> {
    serde_json::from_str(&text(value, what)?).map_err(|e| bad(format!("invalid {what}: {e}")))
}

/// A running mock; `stop()` (or garbage collection) shuts it down.
#[pyclass(module = "waha_groups._native")]
pub(crate) struct NativeMock {
    mock: Mutex<Option<MockWaha>>,
    url: String,
    engine: String,
}

impl NativeMock {
    fn with<T>(&self, f: impl FnOnce(&MockWaha) -> PyResult<T>) -> PyResult<T> {
        let guard = self.mock.lock().unwrap_or_else(|e| e.into_inner());
        let mock = guard.as_ref().ok_or_else(|| PyRuntimeError::new_err("the mock is stopped"))?;
        f(mock)
    }
}

#[pymethods]
impl NativeMock {
    /// Starts a mock. `webhooks` and `sessions` are JSON lists (WAHA webhook configs; `{name, phone, ...}`).
    // One parameter per Python keyword argument of MockWaha.
    #[allow(clippy::too_many_arguments)]
    #[new]
    #[pyo3(signature = (engine=None, api_key=None, seed=None, clock_ms=None, state=None, webhooks=None, sessions=None, limits=None, max_body_bytes=None, webhook_queue_bound=None))]
    fn new(
        py: Python<'_>,
        engine: Option<&Bound<'_, PyAny>>,
        api_key: Option<&Bound<'_, PyAny>>,
        seed: Option<&Bound<'_, PyAny>>,
        clock_ms: Option<&Bound<'_, PyAny>>,
        state: Option<&Bound<'_, PyAny>>,
        webhooks: Option<&Bound<'_, PyAny>>,
        sessions: Option<&Bound<'_, PyAny>>,
        limits: Option<&Bound<'_, PyAny>>,
        max_body_bytes: Option<&Bound<'_, PyAny>>,
        webhook_queue_bound: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let engine = opt_text(engine, "engine")?.unwrap_or_else(|| "WEBJS".into());
        let engine = Engine::parse(&engine.to_ascii_uppercase());
        if !Engine::KNOWN.contains(&engine) {
            return Err(bad(format!("engine {engine} must be one of WEBJS, WPP, NOWEB, GOWS")));
        }
        let seed = opt_int::<u64>(seed, "seed", U64)?.unwrap_or_default();
        let mut builder = MockWaha::builder().engine(engine.clone()).seed(seed);
        if let Some(key) = opt_text(api_key, "api_key")? {
            builder = builder.api_key(key);
        }
        if let Some(ms) = opt_int::<i64>(clock_ms, "clock_ms", I64)? {
            builder = builder.clock(ms);
        }
        if let Some(n) = opt_int::<usize>(max_body_bytes, "max_body_bytes", U64)? {
            builder = builder.max_body_bytes(n);
        }
        if let Some(n) = opt_int::<usize>(webhook_queue_bound, "webhook_queue_bound", U64)? {
            if n == 0 {
                return Err(bad("webhook_queue_bound must be at least 1"));
            }
            builder = builder.webhook_queue_bound(n);
        }
        if let Some(limits) = limits.filter(|v| !v.is_none()) {
            builder = builder.limits(from_json::<Limits>("limits", limits)?);
        }
        if let Some(state) = state.filter(|s| !s.is_none()) {
            builder = builder.world(from_json::<World>("state", state)?);
        }
        if let Some(hooks) = webhooks.filter(|v| !v.is_none()) {
            for hook in from_json::<Vec<WebhookConfig>>("webhooks", hooks)? {
                builder = builder.webhook(hook);
            }
        }
        let sessions: Vec<NewSession> = match sessions.filter(|v| !v.is_none()) {
            Some(list) => from_json("sessions", list)?,
            None => Vec::new(),
        };
        let mock = block_on(py, async move { builder.start().await.map_err(bad) })?;
        for s in sessions {
            mock.add_session(s).map_err(bad)?;
        }
        Ok(NativeMock { url: mock.url(), engine: engine.as_str().to_owned(), mock: Mutex::new(Some(mock)) })
    }

    #[getter]
    fn url(&self) -> String {
        self.url.clone()
    }

    #[getter]
    fn engine(&self) -> String {
        self.engine.clone()
    }

    fn stop(&self) {
        self.mock.lock().unwrap_or_else(|e| e.into_inner()).take();
    }

    fn reset(&self) -> PyResult<()> {
        self.with(|m| {
            m.reset();
            Ok(())
        })
    }

    fn state(&self) -> PyResult<String> {
        self.with(|m| Ok(serde_json::to_string(&m.state()).unwrap_or_default()))
    }

    fn set_state(&self, state: &Bound<'_, PyAny>) -> PyResult<()> {
        let world: World = from_json("state", state)?;
        self.with(|m| m.set_state(world).map_err(bad))
    }

    fn add_session(&self, session: &Bound<'_, PyAny>) -> PyResult<()> {
        let s: NewSession = from_json("session", session)?;
        self.with(|m| m.add_session(s).map_err(bad))
    }

    fn set_session_status(&self, name: &Bound<'_, PyAny>, status: &Bound<'_, PyAny>) -> PyResult<()> {
        let (name, status) = (text(name, "name")?, text(status, "status")?);
        self.with(|m| m.set_session_status(&name, &status).map_err(bad))
    }

    /// Webhook deliveries dropped because a receiver's queue was full.
    fn dropped_deliveries(&self) -> PyResult<u64> {
        self.with(|m| Ok(m.dropped_deliveries()))
    }

    /// WhatsApp's simulated limits as JSON text.
    fn limits(&self) -> PyResult<String> {
        self.with(|m| Ok(serde_json::to_string(&m.limits()).unwrap_or_default()))
    }

    /// Sets the limits from JSON text (`{"group_size_cap", "member_rate": {"per_minute", "burst"}}`).
    fn set_limits(&self, limits: &Bound<'_, PyAny>) -> PyResult<()> {
        let limits: Limits = from_json("limits", limits)?;
        self.with(|m| m.set_limits(limits).map_err(bad))
    }

    fn set_refuses_direct_adds(&self, phone: &Bound<'_, PyAny>, refuses: bool) -> PyResult<()> {
        let phone = text(phone, "phone")?;
        self.with(|m| m.set_refuses_direct_adds(&phone, refuses).map_err(bad))
    }

    #[pyo3(signature = (operation=None, method=None, session=None, status=None, since=None))]
    fn journal(
        &self,
        operation: Option<&Bound<'_, PyAny>>,
        method: Option<&Bound<'_, PyAny>>,
        session: Option<&Bound<'_, PyAny>>,
        status: Option<&Bound<'_, PyAny>>,
        since: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        let filter = JournalFilter {
            operation: opt_text(operation, "operation")?,
            method: opt_text(method, "method")?,
            session: opt_text(session, "session")?,
            status: opt_int(status, "status", U16)?,
            since: opt_int(since, "since", U64)?,
        };
        self.with(|m| Ok(serde_json::to_string(&m.journal(&filter)).unwrap_or_default()))
    }

    #[pyo3(signature = (session=None, event=None))]
    fn events(&self, session: Option<&Bound<'_, PyAny>>, event: Option<&Bound<'_, PyAny>>) -> PyResult<String> {
        let (session, event) = (opt_text(session, "session")?, opt_text(event, "event")?);
        self.with(|m| Ok(serde_json::to_string(&m.events(session.as_deref(), event.as_deref())).unwrap_or_default()))
    }

    fn add_fault(&self, spec: &Bound<'_, PyAny>) -> PyResult<u64> {
        let spec: FaultSpec = from_json("fault", spec)?;
        self.with(|m| m.add_fault(spec).map_err(bad))
    }

    fn clear_faults(&self) -> PyResult<()> {
        self.with(|m| {
            m.clear_faults();
            Ok(())
        })
    }

    fn simulate(&self, simulation: &Bound<'_, PyAny>) -> PyResult<usize> {
        let sim: Simulation = from_json("simulation", simulation)?;
        self.with(|m| m.simulate(sim).map_err(bad))
    }

    fn set_clock(&self, now_ms: &Bound<'_, PyAny>) -> PyResult<()> {
        let now_ms = opt_int::<i64>(Some(now_ms), "now_ms", I64)?.unwrap_or_default();
        self.with(|m| {
            m.set_clock(now_ms);
            Ok(())
        })
    }

    /// Event bodies only, as JSON (for tests that replay them into `parse_webhook`).
    #[pyo3(signature = (session=None, event=None))]
    fn event_bodies(&self, session: Option<&Bound<'_, PyAny>>, event: Option<&Bound<'_, PyAny>>) -> PyResult<String> {
        let (session, event) = (opt_text(session, "session")?, opt_text(event, "event")?);
        self.with(|m| {
            let bodies: Vec<Value> =
                m.events(session.as_deref(), event.as_deref()).into_iter().map(|e| e.body()).collect();
            Ok(serde_json::to_string(&bodies).unwrap_or_default())
        })
    }
}
