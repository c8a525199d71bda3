//! The way out for the events of a change: the persona renders them ([`crate::persona::events`]),
//! each is logged (as the text sent; debug builds parse every one with the core's
//! [`waha_groups::webhook`] types, so tests hold the mock to what the SDK understands) and queued
//! for the session's webhooks.

use serde_json::value::RawValue;
use waha_groups::Engine;

use crate::delivery::{Delivery, Dispatcher, WebhookConfig};
use crate::event_log::{Emitted, EventLog};
use crate::persona;
use crate::state::{Event, World};

/// Where emitted events go: the log, and the dispatcher for each webhook that wants them.
pub(crate) struct Outbox<'a> {
    pub engine: &'a Engine,
    /// Webhooks of every session (`MockWahaBuilder::webhook`, `--webhook`).
    pub global_webhooks: &'a [WebhookConfig],
    pub dispatcher: &'a Dispatcher,
    pub log: &'a mut EventLog,
}

/// Turns changes into events for every session that sees them, logs them and queues deliveries.
pub(crate) fn emit(out: &mut Outbox, world: &mut World, events: Vec<Event>) {
    for event in &events {
        let payloads = persona::events::payloads(out.engine, world, event);
        for (phone, name, payload) in payloads {
            let sessions: Vec<String> =
                world.sessions().iter().filter(|(_, s)| s.phone == phone).map(|(n, _)| n.clone()).collect();
            for session in sessions {
                publish(out, world, &session, name, &payload);
            }
        }
    }
}

/// Logs one envelope and queues it for the session's webhooks.
fn publish(out: &mut Outbox, world: &mut World, session: &str, name: &str, payload: &RawValue) {
    let (sent, timestamp_ms) = persona::events::envelope(out.engine, world, session, name, payload);
    let configs: Vec<WebhookConfig> = world.sessions()[session]
        .webhooks
        .iter()
        .chain(out.global_webhooks)
        .filter(|w| w.wants(name))
        .cloned()
        .collect();
    // Copied only for the webhooks that want the event (most sessions have none).
    let body = if configs.is_empty() { Vec::new() } else { sent.get().as_bytes().to_vec() };
    let emitted = Emitted::new(session, name, sent);
    // Tests (debug builds) check every event the mock renders against the SDK's parser.
    if cfg!(debug_assertions) {
        emitted.typed();
    }
    let seq = out.log.push(emitted);
    for config in configs {
        let request_id = world.ids_mut().request_id();
        out.dispatcher.send(Delivery { seq, config, body: body.clone(), request_id, timestamp_ms });
    }
}
