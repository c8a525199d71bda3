//! The public webhook event types: the envelope ([`WebhookEvent`]), the 7 group events'
//! payloads, the names of the group events, and the error a malformed delivery gets.
//!
//! Layer: events (a leaf of `webhook`); it may import the foundation and `model`.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{Error, ErrorKind, Result};
use crate::model::{Engine, Environment, Group, GroupPatch, JoinMethod, MeInfo, Participant, Raw, string_enum};

/// Names of the 7 group events.
pub const GROUP_EVENTS: [&str; 7] = [
    "group.v2.join",
    "group.v2.leave",
    "group.v2.update",
    "group.v2.participants",
    "group.v2.participants.join-request",
    "group.join",
    "group.leave",
];

string_enum! {
    /// What happened to the members in a `group.v2.participants` event.
    ParticipantsChange {
        /// Added or joined.
        Join = "join",
        /// Removed or left.
        Leave = "leave",
        /// Made admin.
        Promote = "promote",
        /// Admin rights taken away.
        Demote = "demote",
    }
}

string_enum! {
    /// What happened to a join request.
    JoinRequestAction {
        /// Someone asked to join.
        Created = "created",
        /// An admin rejected it.
        Rejected = "rejected",
        /// The requester withdrew it.
        Revoked = "revoked",
    }
}

/// A parsed webhook delivery.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct WebhookEvent {
    /// Envelope id (`evt_` + ULID), the same for every retry; absent before WAHA 2024.11.5.
    pub id: Option<String>,
    /// When WAHA emitted the event, Unix ms; absent before 2025.3.1.
    pub timestamp: Option<i64>,
    /// Event name, e.g. `group.v2.participants`.
    pub event: String,
    /// Session name.
    pub session: String,
    /// The session's `config.metadata`.
    pub metadata: Option<Map<String, Value>>,
    /// The session's account; `None` when absent or `null`.
    pub me: Option<MeInfo>,
    /// The session's engine.
    pub engine: Option<Engine>,
    /// Server environment.
    pub environment: Option<Environment>,
    /// `X-Webhook-Request-Id` of this delivery (set by the functions that take headers).
    pub request_id: Option<String>,
    /// The typed payload.
    pub payload: GroupEvent,
    /// The whole body as received.
    pub raw: Raw,
}

impl WebhookEvent {
    /// A key to de-duplicate retried deliveries: the envelope id, else the request id.
    pub fn dedup_key(&self) -> Option<&str> {
        self.id.as_deref().or(self.request_id.as_deref())
    }
}

/// The payload of a group event; every other event is [`GroupEvent::Other`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum GroupEvent {
    /// `group.v2.join`: you joined or were added.
    Join(GroupJoined),
    /// `group.v2.leave`: you left or were removed.
    Leave(GroupLeft),
    /// `group.v2.update`: group info changed (only changed fields are set on most engines).
    Update(GroupUpdated),
    /// `group.v2.participants`: members joined, left, were promoted or demoted.
    Participants(ParticipantsChanged),
    /// `group.v2.participants.join-request`.
    JoinRequest(JoinRequestChanged),
    /// `group.join` (deprecated, engine-specific payload).
    LegacyJoin(LegacyGroupEvent),
    /// `group.leave` (deprecated, WEBJS only).
    LegacyLeave(LegacyGroupEvent),
    /// Any other event, kept as it came.
    Other {
        /// Event name.
        event: String,
        /// The payload.
        raw: Raw,
    },
}

/// `group.v2.join`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GroupJoined {
    /// When, Unix ms.
    pub timestamp: Option<i64>,
    /// The group, same model as the REST client.
    pub group: Group,
}

/// `group.v2.leave`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GroupLeft {
    /// When, Unix ms.
    pub timestamp: Option<i64>,
    /// The group you left.
    pub group_id: String,
}

/// `group.v2.update`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GroupUpdated {
    /// When, Unix ms.
    pub timestamp: Option<i64>,
    /// What changed; absent fields stay `None`.
    pub group: GroupPatch,
}

/// `group.v2.participants`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ParticipantsChanged {
    /// join / leave / promote / demote: the source of truth for what happened.
    pub kind: ParticipantsChange,
    /// When, Unix ms.
    pub timestamp: Option<i64>,
    /// The group.
    pub group_id: String,
    /// The changed members with their role as WAHA reported it (NOWEB reports `admin` on
    /// demote — kept as sent; use `kind`).
    pub participants: Vec<Participant>,
}

/// `group.v2.participants.join-request`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct JoinRequestChanged {
    /// created / rejected / revoked.
    pub action: JoinRequestAction,
    /// The group.
    pub group_id: String,
    /// Who asked (`@lid` or `@c.us`).
    pub requester_id: String,
    /// Their phone number, when known.
    pub requester_pn: Option<String>,
    /// How they asked.
    pub method: Option<JoinMethod>,
    /// When, Unix ms.
    pub timestamp: Option<i64>,
}

/// What can be known from the deprecated `group.join` / `group.leave` payloads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LegacyGroupEvent {
    /// The group, when the payload names it.
    pub group_id: Option<String>,
    /// Who joined or left (WEBJS `recipientIds`; NOWEB: you).
    pub participants: Vec<String>,
    /// Who did it (WEBJS `author`).
    pub author: Option<String>,
    /// When, Unix ms.
    pub timestamp: Option<i64>,
    /// The engine-specific payload.
    pub raw: Raw,
}

pub(super) fn malformed(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::WebhookMalformed, message)
}

pub(super) fn not_json(e: impl fmt::Display) -> Error {
    malformed(format!("webhook body is not valid JSON: {e}"))
}
