//! What the server's parts share: the mock's settings, and all of its mutable state behind ONE
//! lock ([`State`]), so no request can see one part changed and another not, and no two locks
//! can be taken in different orders.

use std::sync::{Arc, Mutex, MutexGuard};

use waha_groups::Engine;

use crate::delivery::{DeliveryRecord, Dispatcher, WebhookConfig};
use crate::event_log::EventLog;
use crate::events::Outbox;
use crate::faults::Faults;
use crate::journal::Journal;
use crate::persona::RenderCache;
use crate::state::World;

/// Everything that changes while the mock runs.
pub(crate) struct State {
    /// The world now.
    pub world: World,
    /// The world `POST /__mock/reset` goes back to.
    pub initial: World,
    pub journal: Journal,
    pub faults: Faults,
    pub events: EventLog,
    pub render_cache: RenderCache,
}

/// The mock's settings and its [`State`].
pub(crate) struct Shared {
    pub engine: Engine,
    pub api_key: Option<String>,
    /// Webhooks of every session.
    pub global_webhooks: Vec<WebhookConfig>,
    pub max_body_bytes: usize,
    pub dispatcher: Dispatcher,
    state: Arc<Mutex<State>>,
}

/// The parts of [`Shared`] a builder chooses.
pub(crate) struct Settings {
    pub engine: Engine,
    pub api_key: Option<String>,
    pub global_webhooks: Vec<WebhookConfig>,
    pub max_body_bytes: usize,
    pub webhook_queue_bound: usize,
}

impl Shared {
    /// The shared state of a mock starting from `world`.
    pub(crate) fn new(settings: Settings, world: World, journal: Journal, events: EventLog) -> Shared {
        let state = Arc::new(Mutex::new(State {
            initial: world.clone(),
            world,
            journal,
            faults: Faults::default(),
            events,
            render_cache: RenderCache::default(),
        }));
        // The delivery thread records outcomes through a weak handle: it must not keep the
        // state alive after the mock is dropped.
        let weak = Arc::downgrade(&state);
        let record = Arc::new(move |seq: u64, record: DeliveryRecord| {
            if let Some(state) = weak.upgrade() {
                lock(&state).events.record(seq, record);
            }
        });
        Shared {
            engine: settings.engine,
            api_key: settings.api_key,
            global_webhooks: settings.global_webhooks,
            max_body_bytes: settings.max_body_bytes,
            dispatcher: Dispatcher::start(record, settings.webhook_queue_bound),
            state,
        }
    }

    /// The way out for events: into `log`, and to the webhooks that want them.
    pub(crate) fn outbox<'a>(&'a self, log: &'a mut EventLog) -> Outbox<'a> {
        Outbox { engine: &self.engine, global_webhooks: &self.global_webhooks, dispatcher: &self.dispatcher, log }
    }

    /// The state, locked (a panic while it was held does not stop the mock serving).
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
