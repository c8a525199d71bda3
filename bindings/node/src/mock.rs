//! `NativeMock`: the `waha-mock` server in-process for Node.

use std::sync::Mutex;

use napi::bindgen_prelude::*;
use napi_derive::napi;
use serde_json::Value;
use waha_groups::Engine;
use waha_mock::{FaultSpec, JournalFilter, Limits, MockWaha, NewSession, Simulation, WebhookConfig, World};

use crate::{camel, guarded};

fn bad(e: impl std::fmt::Display) -> Error {
    Error::new(Status::InvalidArg, e.to_string())
}

fn from_value<T: serde::de::DeserializeOwned>(what: &str, v: Value) -> Result<T> {
    serde_json::from_value(crate::integers(v)).map_err(|e| bad(format!("invalid {what}: {e}")))
}

/// Options of `MockWaha.start(...)`.
#[napi(object)]
pub struct MockOptions {
    pub engine: Option<String>,
    pub api_key: Option<String>,
    pub seed: Option<u32>,
    pub clock_ms: Option<f64>,
    pub state: Option<Value>,
    pub webhooks: Option<Value>,
    pub sessions: Option<Value>,
    /// WhatsApp's limits to simulate, as the core writes them (`group_size_cap`, `member_rate`).
    pub limits: Option<Value>,
    /// Larger request bodies get WAHA's 413 and change nothing (default 16 MiB).
    pub max_body_bytes: Option<u32>,
    /// Deliveries that may wait per receiver URL (default 1,000; at least 1).
    pub webhook_queue_bound: Option<u32>,
}

#[napi]
pub struct NativeMock {
    mock: Mutex<Option<MockWaha>>,
    url: String,
    engine: String,
}

impl NativeMock {
    fn with<T>(&self, f: impl FnOnce(&MockWaha) -> Result<T>) -> Result<T> {
        let guard = self.mock.lock().unwrap_or_else(|e| e.into_inner());
        f(guard.as_ref().ok_or_else(|| bad("the mock is stopped"))?)
    }
}

fn json<T: serde::Serialize>(v: T) -> Value {
    serde_json::to_value(v).unwrap_or_default()
}

#[napi]
impl NativeMock {
    #[napi(factory)]
    pub async fn start(options: Option<MockOptions>) -> Result<NativeMock> {
        guarded(async move {
            let o = options.unwrap_or(MockOptions {
                engine: None,
                api_key: None,
                seed: None,
                clock_ms: None,
                state: None,
                webhooks: None,
                sessions: None,
                limits: None,
                max_body_bytes: None,
                webhook_queue_bound: None,
            });
            let engine = Engine::parse(&o.engine.unwrap_or_else(|| "WEBJS".into()).to_ascii_uppercase());
            if !Engine::KNOWN.contains(&engine) {
                return Err(bad(format!("engine {engine} must be one of WEBJS, WPP, NOWEB, GOWS")));
            }
            let mut builder = MockWaha::builder().engine(engine.clone()).seed(o.seed.unwrap_or(0).into());
            if let Some(key) = o.api_key {
                builder = builder.api_key(key);
            }
            if let Some(ms) = o.clock_ms {
                builder = builder.clock(ms as i64);
            }
            if let Some(n) = o.max_body_bytes {
                builder = builder.max_body_bytes(n as usize);
            }
            match o.webhook_queue_bound {
                Some(0) => return Err(bad("webhookQueueBound must be at least 1")),
                Some(n) => builder = builder.webhook_queue_bound(n as usize),
                None => {}
            }
            if let Some(limits) = o.limits {
                builder = builder.limits(from_value::<Limits>("limits", limits)?);
            }
            if let Some(state) = o.state {
                builder = builder.world(from_value::<World>("state", state)?);
            }
            for hook in from_value::<Vec<WebhookConfig>>("webhooks", o.webhooks.unwrap_or(Value::Array(vec![])))? {
                builder = builder.webhook(hook);
            }
            let sessions: Vec<NewSession> = from_value("sessions", o.sessions.unwrap_or(Value::Array(vec![])))?;
            let mock = builder.start().await.map_err(bad)?;
            for s in sessions {
                mock.add_session(s).map_err(bad)?;
            }
            Ok(NativeMock { url: mock.url(), engine: engine.as_str().to_owned(), mock: Mutex::new(Some(mock)) })
        })
        .await
    }

    #[napi(getter)]
    pub fn url(&self) -> String {
        self.url.clone()
    }

    #[napi(getter)]
    pub fn engine(&self) -> String {
        self.engine.clone()
    }

    #[napi]
    pub fn stop(&self) {
        self.mock.lock().unwrap_or_else(|e| e.into_inner()).take();
    }

    #[napi]
    pub fn reset(&self) -> Result<()> {
        self.with(|m| {
            m.reset();
            Ok(())
        })
    }

    /// The world, as the control API exports it (its own JSON, not camel-cased).
    #[napi]
    pub fn export_state(&self) -> Result<Value> {
        self.with(|m| Ok(json(m.state())))
    }

    #[napi]
    pub fn import_state(&self, state: Value) -> Result<()> {
        let world: World = from_value("state", state)?;
        self.with(|m| m.set_state(world).map_err(bad))
    }

    #[napi]
    pub fn add_session(&self, session: Value) -> Result<()> {
        let s: NewSession = from_value("session", session)?;
        self.with(|m| m.add_session(s).map_err(bad))
    }

    #[napi]
    pub fn set_session_status(&self, name: String, status: String) -> Result<()> {
        self.with(|m| m.set_session_status(&name, &status).map_err(bad))
    }

    /// Webhook deliveries dropped because a receiver's queue was full.
    #[napi]
    pub fn dropped_deliveries(&self) -> Result<f64> {
        self.with(|m| Ok(m.dropped_deliveries() as f64))
    }

    /// The simulated limits, as the core writes them.
    #[napi]
    pub fn limits(&self) -> Result<Value> {
        self.with(|m| Ok(json(m.limits())))
    }

    /// Sets the simulated limits (`{ group_size_cap, member_rate: { per_minute, burst } }`).
    #[napi]
    pub fn set_limits(&self, limits: Value) -> Result<()> {
        let limits: Limits = from_value("limits", limits)?;
        self.with(|m| m.set_limits(limits).map_err(bad))
    }

    /// Makes `phone` refuse (or accept again) direct adds: adding it answers 403 with an invitation.
    #[napi]
    pub fn set_refuses_direct_adds(&self, phone: String, refuses: bool) -> Result<()> {
        self.with(|m| m.set_refuses_direct_adds(&phone, refuses).map_err(bad))
    }

    #[napi]
    pub fn journal(
        &self,
        operation: Option<String>,
        method: Option<String>,
        session: Option<String>,
        status: Option<u32>,
        since: Option<f64>,
    ) -> Result<Value> {
        let filter = JournalFilter {
            operation,
            method,
            session,
            status: status.map(|s| s as u16),
            since: since.map(|s| s as u64),
        };
        self.with(|m| Ok(camel(json(m.journal(&filter)))))
    }

    /// Emitted envelopes exactly as sent (bodies) with their delivery results.
    #[napi]
    pub fn deliveries(&self, session: Option<String>, event: Option<String>) -> Result<Value> {
        self.with(|m| Ok(json(m.events(session.as_deref(), event.as_deref()))))
    }

    #[napi]
    pub fn add_fault(&self, spec: Value) -> Result<u32> {
        let spec: FaultSpec = from_value("fault", spec)?;
        self.with(|m| m.add_fault(spec).map(|id| id as u32).map_err(bad))
    }

    #[napi]
    pub fn clear_faults(&self) -> Result<()> {
        self.with(|m| {
            m.clear_faults();
            Ok(())
        })
    }

    #[napi]
    pub fn simulate(&self, simulation: Value) -> Result<u32> {
        let sim: Simulation = from_value("simulation", simulation)?;
        self.with(|m| m.simulate(sim).map(|n| n as u32).map_err(bad))
    }

    #[napi]
    pub fn set_clock(&self, now_ms: f64) -> Result<()> {
        self.with(|m| {
            m.set_clock(now_ms as i64);
            Ok(())
        })
    }
}
