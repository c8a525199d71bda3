//! `NativeMock`: the `waha-mock` server in-process, for `waha_groups.testing.MockWaha`.

use std::sync::Mutex;

use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use serde_json::Value;
use waha_groups::Engine;
use waha_mock::{FaultSpec, JournalFilter, MockWaha, NewSession, Simulation, WebhookConfig, World};

use crate::block_on;

fn bad(e: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(e.to_string())
}

fn from_json<T: serde::de::DeserializeOwned>(what: &str, text: &str) -> PyResult<T> {
    serde_json::from_str(text).map_err(|e| bad(format!("invalid {what}: {e}")))
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
    #[pyo3(signature = (engine="WEBJS", api_key=None, seed=0, clock_ms=None, state=None, webhooks="[]", sessions="[]"))]
    fn new(
        py: Python<'_>,
        engine: &str,
        api_key: Option<String>,
        seed: u64,
        clock_ms: Option<i64>,
        state: Option<&str>,
        webhooks: &str,
        sessions: &str,
    ) -> PyResult<Self> {
        let engine = Engine::parse(&engine.to_ascii_uppercase());
        if !Engine::KNOWN.contains(&engine) {
            return Err(bad(format!("engine {engine} must be one of WEBJS, WPP, NOWEB, GOWS")));
        }
        let mut builder = MockWaha::builder().engine(engine.clone()).seed(seed);
        if let Some(key) = api_key {
            builder = builder.api_key(key);
        }
        if let Some(ms) = clock_ms {
            builder = builder.clock(ms);
        }
        if let Some(state) = state {
            builder = builder.world(from_json::<World>("state", state)?);
        }
        for hook in from_json::<Vec<WebhookConfig>>("webhooks", webhooks)? {
            builder = builder.webhook(hook);
        }
        let sessions: Vec<NewSession> = from_json("sessions", sessions)?;
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

    fn set_state(&self, state: &str) -> PyResult<()> {
        let world: World = from_json("state", state)?;
        self.with(|m| m.set_state(world).map_err(bad))
    }

    fn add_session(&self, session: &str) -> PyResult<()> {
        let s: NewSession = from_json("session", session)?;
        self.with(|m| m.add_session(s).map_err(bad))
    }

    fn set_session_status(&self, name: &str, status: &str) -> PyResult<()> {
        self.with(|m| m.set_session_status(name, status).map_err(bad))
    }

    #[pyo3(signature = (operation=None, method=None, session=None, status=None, since=None))]
    fn journal(
        &self,
        operation: Option<String>,
        method: Option<String>,
        session: Option<String>,
        status: Option<u16>,
        since: Option<u64>,
    ) -> PyResult<String> {
        let filter = JournalFilter { operation, method, session, status, since };
        self.with(|m| Ok(serde_json::to_string(&m.journal(&filter)).unwrap_or_default()))
    }

    #[pyo3(signature = (session=None, event=None))]
    fn events(&self, session: Option<&str>, event: Option<&str>) -> PyResult<String> {
        self.with(|m| Ok(serde_json::to_string(&m.events(session, event)).unwrap_or_default()))
    }

    fn add_fault(&self, spec: &str) -> PyResult<u64> {
        let spec: FaultSpec = from_json("fault", spec)?;
        self.with(|m| m.add_fault(spec).map_err(bad))
    }

    fn clear_faults(&self) -> PyResult<()> {
        self.with(|m| {
            m.clear_faults();
            Ok(())
        })
    }

    fn simulate(&self, simulation: &str) -> PyResult<usize> {
        let sim: Simulation = from_json("simulation", simulation)?;
        self.with(|m| m.simulate(sim).map_err(bad))
    }

    fn set_clock(&self, now_ms: i64) -> PyResult<()> {
        self.with(|m| {
            m.set_clock(now_ms);
            Ok(())
        })
    }

    /// Event bodies only, as JSON (for tests that replay them into `parse_webhook`).
    #[pyo3(signature = (session=None, event=None))]
    fn event_bodies(&self, session: Option<&str>, event: Option<&str>) -> PyResult<String> {
        self.with(|m| {
            let bodies: Vec<Value> = m.events(session, event).into_iter().map(|e| e.body).collect();
            Ok(serde_json::to_string(&bodies).unwrap_or_default())
        })
    }
}
