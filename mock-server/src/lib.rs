//! # waha-mock
//!
//! A stateful mock of WAHA's WhatsApp **groups** API, built on [`wiremock`]: a world of
//! accounts, sessions and groups where WhatsApp's rules hold, answering in the persona of a
//! chosen engine (WEBJS, WPP, NOWEB, GOWS), with WAHA's errors, fault injection, a control API
//! and signed webhooks. Run it in-process or as the `waha-mock` CLI.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use waha_groups::{Client, Engine};
//! use waha_mock::MockWaha;
//!
//! let mock = MockWaha::builder().engine(Engine::Gows).api_key("secret").start().await?;
//! let client = Client::builder().base_url(mock.url()).api_key("secret").build()?;
//! let groups = client.groups("default");
//! let g = groups.create("Team", ["22222222222@c.us"]).await?;
//! assert_eq!(groups.get(&g.id).await?.participants.len(), 2);
//! # Ok(()) }
//! ```

use std::net::TcpListener;
use std::path::Path;
use std::sync::Arc;

use waha_groups::Engine;

mod clock;
pub mod control;
mod delivery;
mod event_log;
mod events;
pub mod faults;
mod handlers;
pub mod journal;
mod persona;
mod pipeline;
mod serving;
mod shared;
pub mod state;

pub use clock::{Clock, Ids};
pub use control::{NewSession, Simulation};
pub use delivery::{
    CustomHeader, DEFAULT_QUEUE_BOUND, DeliveryRecord, HmacConfig, MAX_RETRY_AFTER, RetryConfig, WebhookConfig,
};
pub use event_log::{Emitted, EventLog};
pub use faults::{FaultKind, FaultSpec};
pub use journal::{JournalEntry, JournalFilter};
pub use pipeline::{DEFAULT_MAX_BODY_BYTES, JOURNAL_BODY_LIMIT};
pub use state::{Limits, MemberRate, SessionStatus, World};

use shared::{Settings, Shared};

/// The WAHA version the mock reports (`/api/version`, envelopes, `User-Agent`).
pub const WAHA_VERSION: &str = "2026.9.2";

/// Why the mock could not start.
#[derive(Debug)]
pub struct StartError(String);

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StartError {}

/// Configures a [`MockWaha`].
#[derive(Debug)]
pub struct MockWahaBuilder {
    engine: Engine,
    api_key: Option<String>,
    seed: u64,
    clock_ms: i64,
    world: Option<World>,
    webhooks: Vec<WebhookConfig>,
    sessions: Vec<NewSession>,
    listener: Option<TcpListener>,
    journal_capacity: usize,
    events_capacity: usize,
    webhook_queue_bound: usize,
    max_body_bytes: usize,
    limits: Limits,
}

impl Default for MockWahaBuilder {
    fn default() -> Self {
        MockWahaBuilder {
            engine: Engine::Webjs,
            api_key: None,
            seed: 0,
            clock_ms: 0,
            world: None,
            webhooks: Vec::new(),
            sessions: Vec::new(),
            listener: None,
            journal_capacity: 1000,
            events_capacity: 10_000,
            webhook_queue_bound: DEFAULT_QUEUE_BOUND,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            limits: Limits::default(),
        }
    }
}

impl MockWahaBuilder {
    /// Engine persona (default WEBJS).
    pub fn engine(mut self, engine: Engine) -> Self {
        self.engine = engine;
        self
    }
    /// Require `X-Api-Key` (401 otherwise).
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
        self
    }
    /// Seed of ids and invite codes (default 0).
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }
    /// Pin the clock at `now_ms`, moving one second per change (default: system time).
    pub fn clock(mut self, now_ms: i64) -> Self {
        self.clock_ms = now_ms;
        self
    }
    /// Start from this world (e.g. a previous export).
    pub fn world(mut self, world: World) -> Self {
        self.world = Some(world);
        self
    }
    /// Start from a seed file (`GET /__mock/state` output).
    pub fn seed_file(mut self, path: impl AsRef<Path>) -> Result<Self, StartError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path)
            .map_err(|e| StartError(format!("cannot read seed file {}: {e}", path.display())))?;
        let world = serde_json::from_str(&text)
            .map_err(|e| StartError(format!("seed file {} is not a mock world: {e}", path.display())))?;
        self.world = Some(world);
        Ok(self)
    }
    /// A webhook every session delivers to.
    pub fn webhook(mut self, webhook: WebhookConfig) -> Self {
        self.webhooks.push(webhook);
        self
    }
    /// Another session (another account in the same world).
    pub fn session(mut self, name: impl Into<String>, phone: impl Into<String>) -> Self {
        let name = name.into();
        self.sessions.push(NewSession {
            push_name: Some(name.clone()),
            name,
            phone: phone.into(),
            status: None,
            webhooks: vec![],
            metadata: None,
        });
        self
    }
    /// Listen on this socket (default: a free port on 127.0.0.1).
    pub fn listener(mut self, listener: TcpListener) -> Self {
        self.listener = Some(listener);
        self
    }
    /// Journal size (default 1000 requests).
    pub fn journal_capacity(mut self, n: usize) -> Self {
        self.journal_capacity = n;
        self
    }

    /// Largest request body served (default [`DEFAULT_MAX_BODY_BYTES`]); a larger one is answered
    /// 413 `{"message":"request entity too large",…}` and changes nothing.
    pub fn max_body_bytes(mut self, n: usize) -> Self {
        self.max_body_bytes = n;
        self
    }

    /// Deliveries that may wait per receiver URL (default 1000, at least 1); past it new ones are dropped,
    /// marked `dropped` in `/__mock/events` and counted ([`MockWaha::dropped_deliveries`]).
    pub fn webhook_queue_bound(mut self, n: usize) -> Self {
        self.webhook_queue_bound = n;
        self
    }

    /// WhatsApp's limits to simulate (default: none): the group size cap and the member-change
    /// rate per session ([`Limits`]).
    ///
    /// ```no_run
    /// # async fn demo() {
    /// let mock = waha_mock::MockWaha::builder().limits(waha_mock::Limits::whatsapp(600.0, 20)).start().await.unwrap();
    /// # }
    /// ```
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Starts the server.
    pub async fn start(self) -> Result<MockWaha, StartError> {
        for w in &self.webhooks {
            w.validate().map_err(StartError)?;
        }
        let mut world = self.world.unwrap_or_else(|| World::new(self.seed, self.clock_ms));
        world.share_phones();
        world.set_limits(self.limits).map_err(StartError)?;
        let settings = Settings {
            engine: self.engine,
            api_key: self.api_key,
            global_webhooks: self.webhooks,
            max_body_bytes: self.max_body_bytes,
            webhook_queue_bound: self.webhook_queue_bound,
        };
        let journal = journal::Journal::new(self.journal_capacity);
        let shared = Arc::new(Shared::new(settings, world, journal, EventLog::new(self.events_capacity)));
        for s in self.sessions {
            control::add_session(&shared, s).map_err(StartError)?;
        }
        {
            let mut state = shared.lock();
            state.initial = state.world.clone();
        }
        let listener = match self.listener {
            Some(l) => l,
            None => TcpListener::bind("127.0.0.1:0").map_err(|e| StartError(format!("cannot bind 127.0.0.1: {e}")))?,
        };
        let serving = serving::Serving::start(listener, shared.clone())
            .await
            .map_err(|e| StartError(format!("cannot serve: {e}")))?;
        Ok(MockWaha { serving, shared })
    }
}

/// A running mock WAHA. Stops when dropped.
pub struct MockWaha {
    serving: Arc<serving::Serving>,
    shared: Arc<Shared>,
}

impl std::fmt::Debug for MockWaha {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockWaha").field("url", &self.url()).field("engine", &self.shared.engine).finish()
    }
}

impl MockWaha {
    /// A builder.
    pub fn builder() -> MockWahaBuilder {
        MockWahaBuilder::default()
    }

    /// Base URL, e.g. `http://127.0.0.1:41234`.
    pub fn url(&self) -> String {
        format!("http://{}", self.serving.addr())
    }

    /// The engine persona.
    pub fn engine(&self) -> &Engine {
        &self.shared.engine
    }

    /// Session names.
    pub fn sessions(&self) -> Vec<String> {
        self.shared.lock().world.sessions().keys().cloned().collect()
    }

    /// Back to the start state; journal, events and faults cleared.
    pub fn reset(&self) {
        control::reset(&self.shared);
    }

    /// The whole world (what `GET /__mock/state` returns).
    pub fn state(&self) -> World {
        self.shared.lock().world.clone()
    }

    /// Replaces the world; it becomes the reset point.
    pub fn set_state(&self, world: World) -> Result<(), String> {
        control::import(&self.shared, world)
    }

    /// Adds a session.
    pub fn add_session(&self, session: NewSession) -> Result<(), String> {
        control::add_session(&self.shared, session)
    }

    /// Sets a session's status (`WORKING`, `STOPPED`, …; see [`SessionStatus`]).
    pub fn set_session_status(&self, name: &str, status: &str) -> Result<(), String> {
        control::set_session_status(&self.shared, name, SessionStatus::parse(status)?)
    }

    /// Makes `phone` refuse (or accept again) direct adds, as WhatsApp's privacy setting
    /// "who can add me to groups" does: adding it answers 403 with an invitation, in the
    /// persona's shape (WEBJS reports the invitation as sent).
    ///
    /// ```no_run
    /// # async fn demo(mock: waha_mock::MockWaha) {
    /// mock.set_refuses_direct_adds("555@c.us", true).unwrap();
    /// # }
    /// ```
    pub fn set_refuses_direct_adds(&self, phone: &str, refuses: bool) -> Result<(), String> {
        control::set_refuses_direct_adds(&self.shared, phone, refuses)
    }

    /// Sets WhatsApp's simulated limits ([`Limits`]); they stay across [`reset`](Self::reset).
    /// Bad values are refused with a message naming them and change nothing.
    pub fn set_limits(&self, limits: Limits) -> Result<(), String> {
        control::set_limits(&self.shared, limits)
    }

    /// The simulated limits.
    pub fn limits(&self) -> Limits {
        self.shared.lock().world.limits()
    }

    /// Webhook deliveries dropped because a receiver's queue was full (see
    /// [`MockWahaBuilder::webhook_queue_bound`]); also `GET /__mock/events/stats`.
    pub fn dropped_deliveries(&self) -> u64 {
        self.shared.lock().events.dropped_deliveries()
    }

    /// Journal entries matching `filter`.
    pub fn journal(&self, filter: &JournalFilter) -> Vec<JournalEntry> {
        self.shared.lock().journal.query(filter).into_iter().cloned().collect()
    }

    /// Emitted events, optionally of one session / event name.
    pub fn events(&self, session: Option<&str>, event: Option<&str>) -> Vec<Emitted> {
        self.shared.lock().events.list(session, event)
    }

    /// Injects a fault; returns its id.
    pub fn add_fault(&self, spec: FaultSpec) -> Result<u64, String> {
        self.shared.lock().faults.add(spec)
    }

    /// Removes every fault.
    pub fn clear_faults(&self) {
        self.shared.lock().faults.clear();
    }

    /// Makes the other side act; returns how many events it emitted.
    pub fn simulate(&self, simulation: Simulation) -> Result<usize, String> {
        control::simulate(&self.shared, simulation)
    }

    /// Adds `groups` synthetic groups of `members` members each to `session`'s account (load and scale tests).
    pub fn seed_groups(&self, session: &str, groups: usize, members: usize) -> Result<(), String> {
        control::seed(&self.shared, session, groups, members)
    }

    /// Pins the clock at `now_ms`.
    pub fn set_clock(&self, now_ms: i64) {
        self.shared.lock().world.ids_mut().set_now(now_ms);
    }
}
