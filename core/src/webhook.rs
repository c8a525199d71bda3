//! WAHA webhooks: the envelope, the 7 group events, HMAC verification and signing.
//!
//! ```
//! use waha_groups::webhook::{self, GroupEvent, ParticipantsChange};
//!
//! let body = br#"{"event":"group.v2.participants","session":"default","engine":"GOWS",
//!   "payload":{"type":"join","timestamp":1740000000123,"group":{"id":"1@g.us"},
//!              "participants":[{"id":"111@c.us","role":"participant"}]}}"#;
//! let signature = webhook::sign(body, b"hmac-key");
//! let headers = [("X-Webhook-Hmac", signature.as_str()), ("X-Webhook-Hmac-Algorithm", "sha512")];
//! let event = webhook::parse_verified(body, &headers[..], b"hmac-key")?;
//! match event.payload {
//!     GroupEvent::Participants(p) if p.kind == ParticipantsChange::Join => {
//!         assert_eq!(p.group_id, "1@g.us");
//!         assert_eq!(p.participants[0].id, "111@c.us");
//!     }
//!     other => panic!("unexpected {other:?}"),
//! }
//! # Ok::<(), waha_groups::Error>(())
//! ```
//!
//! Facts from spec §4: payload timestamps are seconds on WEBJS and milliseconds elsewhere
//! (normalised to ms here); `membersCanSendMessages` carries WhatsApp's `announce` flag
//! (i.e. *inverted*) except in GOWS update events, and WEBJS puts `restrict` (info-admin-only)
//! into `membersCanAddNewMember` — the decoded [`Group`]/[`GroupPatch`] fields say what the
//! group really is, and `raw` keeps what WAHA sent.

use std::collections::{BTreeMap, HashMap};

use hmac::{Hmac, KeyInit, Mac};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::Sha512;

use crate::engine::{self, bool_field, member_id, str_field, timestamp_ms};
use crate::error::{Error, ErrorKind, Result};
use crate::ids::{InviteCode, to_cus_format};
use crate::model::{Engine, Environment, Group, GroupPatch, JoinMethod, MeInfo, Participant, string_enum};

/// Header carrying the hex HMAC of the body.
pub const HMAC_HEADER: &str = "X-Webhook-Hmac";
/// Header naming the HMAC algorithm (`sha512`).
pub const HMAC_ALGORITHM_HEADER: &str = "X-Webhook-Hmac-Algorithm";
/// Header with a delivery id that stays the same across retries of one delivery.
pub const REQUEST_ID_HEADER: &str = "X-Webhook-Request-Id";
/// Header with the envelope timestamp (ms).
pub const TIMESTAMP_HEADER: &str = "X-Webhook-Timestamp";

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

/// Case-insensitive header lookup, implemented for the usual header containers.
pub trait Headers {
    /// The first value of header `name` (any case).
    fn header(&self, name: &str) -> Option<&str>;
}

impl Headers for reqwest::header::HeaderMap {
    fn header(&self, name: &str) -> Option<&str> {
        self.get(name).and_then(|v| v.to_str().ok())
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Headers for [(K, V)] {
    fn header(&self, name: &str) -> Option<&str> {
        self.iter().find(|(k, _)| k.as_ref().eq_ignore_ascii_case(name)).map(|(_, v)| v.as_ref())
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Headers for Vec<(K, V)> {
    fn header(&self, name: &str) -> Option<&str> {
        self.as_slice().header(name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>, S> Headers for HashMap<K, V, S> {
    fn header(&self, name: &str) -> Option<&str> {
        self.iter().find(|(k, _)| k.as_ref().eq_ignore_ascii_case(name)).map(|(_, v)| v.as_ref())
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Headers for BTreeMap<K, V> {
    fn header(&self, name: &str) -> Option<&str> {
        self.iter().find(|(k, _)| k.as_ref().eq_ignore_ascii_case(name)).map(|(_, v)| v.as_ref())
    }
}

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
    pub raw: Value,
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
        raw: Value,
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
    pub raw: Value,
}

fn malformed(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::WebhookMalformed, message)
}

/// Parses a webhook body (no signature check). Never panics, whatever the input.
pub fn parse(body: &[u8]) -> Result<WebhookEvent> {
    let raw: Value =
        serde_json::from_slice(body).map_err(|e| malformed(format!("webhook body is not valid JSON: {e}")))?;
    from_value(raw)
}

/// Verifies the signature, then parses; fills [`WebhookEvent::request_id`].
pub fn parse_verified<H: Headers + ?Sized>(body: &[u8], headers: &H, key: &[u8]) -> Result<WebhookEvent> {
    verify(body, headers, key)?;
    parse_with_headers(body, headers)
}

/// Parses without verifying but reads `X-Webhook-Request-Id` from `headers`.
pub fn parse_with_headers<H: Headers + ?Sized>(body: &[u8], headers: &H) -> Result<WebhookEvent> {
    let mut event = parse(body)?;
    event.request_id = request_id(headers);
    Ok(event)
}

/// `X-Webhook-Request-Id`, the same across retries of one delivery.
pub fn request_id<H: Headers + ?Sized>(headers: &H) -> Option<String> {
    headers.header(REQUEST_ID_HEADER).map(str::to_owned)
}

/// Hex HMAC-SHA512 of `body` under `key`, as WAHA sends it in `X-Webhook-Hmac`.
///
/// ```
/// let sig = waha_groups::webhook::sign(br#"{"event":"message","session":"default","engine":"WEBJS"}"#, b"my-secret-key");
/// assert!(sig.starts_with("208f8a55dde9") && sig.ends_with("153fa89"));
/// ```
pub fn sign(body: &[u8], key: &[u8]) -> String {
    hex::encode(mac(key, body).finalize().into_bytes())
}

fn mac(key: &[u8], body: &[u8]) -> Hmac<Sha512> {
    let mut mac = <Hmac<Sha512> as KeyInit>::new_from_slice(key).expect("HMAC accepts keys of any length");
    mac.update(body);
    mac
}

/// Checks `X-Webhook-Hmac` against the raw body, in constant time.
///
/// Errors: [`ErrorKind::SignatureMissing`] (no header), [`ErrorKind::SignatureAlgorithm`]
/// (`X-Webhook-Hmac-Algorithm` is not sha512), [`ErrorKind::SignatureMismatch`] (the body was
/// altered, the key is wrong, or the header is not hex — cryptographically the first two
/// cannot be told apart).
pub fn verify<H: Headers + ?Sized>(body: &[u8], headers: &H, key: &[u8]) -> Result<()> {
    if key.is_empty() {
        return Err(Error::invalid("the HMAC key must not be empty"));
    }
    if let Some(algorithm) = headers.header(HMAC_ALGORITHM_HEADER)
        && !algorithm.trim().eq_ignore_ascii_case("sha512")
    {
        return Err(Error::new(
            ErrorKind::SignatureAlgorithm,
            format!("unsupported webhook HMAC algorithm {algorithm:?}; WAHA signs with sha512"),
        ));
    }
    let signature = headers.header(HMAC_HEADER).ok_or_else(|| {
        Error::new(
            ErrorKind::SignatureMissing,
            format!("the request has no {HMAC_HEADER} header; is HMAC enabled for this webhook?"),
        )
    })?;
    let expected = hex::decode(signature.trim())
        .map_err(|_| Error::new(ErrorKind::SignatureMismatch, format!("{HMAC_HEADER} is not a hex string")))?;
    mac(key, body).verify_slice(&expected).map_err(|_| {
        Error::new(
            ErrorKind::SignatureMismatch,
            "webhook signature does not match: the body was altered or the HMAC key is wrong",
        )
    })
}

/// Parses an already-decoded envelope.
pub fn from_value(raw: Value) -> Result<WebhookEvent> {
    let Value::Object(envelope) = &raw else {
        return Err(malformed("webhook body must be a JSON object"));
    };
    let text = |name: &str| -> Result<String> {
        match envelope.get(name) {
            Some(Value::String(s)) => Ok(s.clone()),
            Some(_) => Err(malformed(format!("webhook field \"{name}\" must be a string"))),
            None => Err(malformed(format!("webhook body has no \"{name}\" field"))),
        }
    };
    let event = text("event")?;
    let session = text("session")?;
    let payload = envelope.get("payload").ok_or_else(|| malformed("webhook body has no \"payload\" field"))?;
    let engine = envelope.get("engine").and_then(Value::as_str).map(Engine::parse);
    let me = envelope.get("me").and_then(engine::me_info);
    let payload = group_event(&event, payload, engine.as_ref(), me.as_ref())?;
    Ok(WebhookEvent {
        id: str_field(&raw, "id"),
        timestamp: envelope.get("timestamp").and_then(timestamp_ms),
        metadata: envelope.get("metadata").and_then(Value::as_object).cloned(),
        environment: envelope.get("environment").filter(|e| e.is_object()).map(engine::environment),
        me,
        engine,
        request_id: None,
        event,
        session,
        payload,
        raw,
    })
}

fn group_event(event: &str, payload: &Value, engine: Option<&Engine>, me: Option<&MeInfo>) -> Result<GroupEvent> {
    let known = GROUP_EVENTS.contains(&event);
    if known && !payload.is_object() && !(event == "group.join" && payload.is_array()) {
        return Err(malformed(format!("{event} payload must be a JSON object")));
    }
    let timestamp = payload.get("timestamp").and_then(timestamp_ms);
    let group_id = || -> Result<String> {
        member_id(payload.pointer("/group/id")).ok_or_else(|| malformed(format!("{event} payload has no group.id")))
    };
    Ok(match event {
        "group.v2.join" => {
            let group = payload
                .get("group")
                .filter(|g| g.is_object())
                .ok_or_else(|| malformed("group.v2.join payload has no group"))?;
            GroupEvent::Join(GroupJoined { timestamp, group: group_info(group, engine) })
        }
        "group.v2.leave" => GroupEvent::Leave(GroupLeft { timestamp, group_id: group_id()? }),
        "group.v2.update" => {
            let group = payload
                .get("group")
                .filter(|g| g.is_object())
                .ok_or_else(|| malformed("group.v2.update payload has no group"))?;
            GroupEvent::Update(GroupUpdated { timestamp, group: group_patch(group, engine)? })
        }
        "group.v2.participants" => {
            let kind =
                str_field(payload, "type").ok_or_else(|| malformed("group.v2.participants payload has no type"))?;
            GroupEvent::Participants(ParticipantsChanged {
                kind: ParticipantsChange::parse(&kind),
                timestamp,
                group_id: group_id()?,
                participants: engine::participants(payload.get("participants").unwrap_or(&Value::Null))
                    .map_err(|_| malformed("group.v2.participants participants must be an array"))?,
            })
        }
        "group.v2.participants.join-request" => GroupEvent::JoinRequest(JoinRequestChanged {
            action: JoinRequestAction::parse(
                &str_field(payload, "action").ok_or_else(|| malformed(format!("{event} payload has no action")))?,
            ),
            group_id: group_id()?,
            requester_id: member_id(payload.get("requesterId"))
                .ok_or_else(|| malformed(format!("{event} payload has no requesterId")))?,
            requester_pn: str_field(payload, "requesterPn").map(|p| to_cus_format(&p)),
            method: str_field(payload, "requestMethod").map(|m| JoinMethod::normalize(&m)),
            timestamp,
        }),
        "group.join" => GroupEvent::LegacyJoin(legacy(payload, me)),
        "group.leave" => GroupEvent::LegacyLeave(legacy(payload, me)),
        _ => GroupEvent::Other { event: event.to_owned(), raw: payload.clone() },
    })
}

/// How an engine fills the boolean fields of WAHA's `GroupInfo` (spec §4.4).
#[derive(Clone, Copy)]
struct Semantics {
    /// `membersCanAddNewMember` holds WEBJS' `restrict` (info-admin-only) instead.
    add_is_restrict: bool,
    /// `membersCanSendMessages` holds WhatsApp's `announce` (true = admins only).
    send_is_announce: bool,
}

fn semantics(engine: Option<&Engine>, is_update: bool) -> Semantics {
    match engine {
        Some(Engine::Webjs | Engine::Wpp) => Semantics { add_is_restrict: true, send_is_announce: true },
        Some(Engine::Noweb) => Semantics { add_is_restrict: false, send_is_announce: true },
        Some(Engine::Gows) => Semantics { add_is_restrict: false, send_is_announce: !is_update },
        // Unknown engine: trust the field names.
        _ => Semantics { add_is_restrict: false, send_is_announce: false },
    }
}

struct InfoFields {
    info_admin_only: Option<bool>,
    messages_admin_only: Option<bool>,
    members_can_add: Option<bool>,
    approval_required: Option<bool>,
    invite_code: Option<String>,
}

fn info_fields(g: &Value, sem: Semantics) -> InfoFields {
    let add = bool_field(g, "membersCanAddNewMember");
    let send = bool_field(g, "membersCanSendMessages");
    InfoFields {
        info_admin_only: if sem.add_is_restrict { add } else { None },
        members_can_add: if sem.add_is_restrict { None } else { add },
        messages_admin_only: send.map(|v| if sem.send_is_announce { v } else { !v }),
        approval_required: bool_field(g, "newMembersApprovalRequired"),
        invite_code: str_field(g, "invite").and_then(|i| InviteCode::parse(&i).ok()).map(String::from),
    }
}

fn info_participants(g: &Value) -> Option<Vec<Participant>> {
    g.get("participants").and_then(Value::as_array).map(|ps| ps.iter().map(engine::normalized_participant).collect())
}

/// WAHA's normalised `GroupInfo` (v2 events) as a [`Group`].
fn group_info(g: &Value, engine: Option<&Engine>) -> Group {
    let f = info_fields(g, semantics(engine, false));
    Group {
        id: member_id(g.get("id")).unwrap_or_default(),
        subject: str_field(g, "subject").unwrap_or_default(),
        description: str_field(g, "description"),
        owner: None,
        created_at: None,
        participants: info_participants(g).unwrap_or_default(),
        size: None,
        info_admin_only: f.info_admin_only,
        messages_admin_only: f.messages_admin_only,
        members_can_add: f.members_can_add,
        approval_required: f.approval_required,
        invite_code: f.invite_code,
        raw: g.clone(),
    }
}

fn group_patch(g: &Value, engine: Option<&Engine>) -> Result<GroupPatch> {
    let f = info_fields(g, semantics(engine, true));
    Ok(GroupPatch {
        id: member_id(g.get("id")).ok_or_else(|| malformed("group.v2.update payload has no group.id"))?,
        // Present-but-empty strings are real changes (a cleared description).
        subject: g.get("subject").and_then(Value::as_str).map(str::to_owned),
        description: g.get("description").and_then(Value::as_str).map(str::to_owned),
        invite_code: f.invite_code,
        info_admin_only: f.info_admin_only,
        messages_admin_only: f.messages_admin_only,
        members_can_add: f.members_can_add,
        approval_required: f.approval_required,
        participants: info_participants(g),
    })
}

/// WEBJS `GroupNotification` or NOWEB `GroupMetadata` (or, before 2024.11, an array of them).
fn legacy(payload: &Value, me: Option<&MeInfo>) -> LegacyGroupEvent {
    let first = payload.as_array().and_then(|a| a.first()).unwrap_or(payload);
    let is_notification = first.get("recipientIds").is_some() || first.get("chatId").is_some();
    if is_notification {
        let participants = first
            .get("recipientIds")
            .and_then(Value::as_array)
            .map(|ids| ids.iter().filter_map(|id| member_id(Some(id))).collect())
            .unwrap_or_default();
        LegacyGroupEvent {
            group_id: member_id(first.get("chatId")).or_else(|| member_id(first.pointer("/id/remote"))),
            participants,
            author: member_id(first.get("author")),
            timestamp: first.get("timestamp").and_then(timestamp_ms),
            raw: payload.clone(),
        }
    } else {
        // NOWEB sends group.join only when *you* join: the member is the session's account.
        LegacyGroupEvent {
            group_id: str_field(first, "id"),
            participants: me.map(|m| vec![m.id.clone()]).unwrap_or_default(),
            author: member_id(first.get("author")),
            timestamp: None,
            raw: payload.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VECTOR_BODY: &[u8] = br#"{"event":"message","session":"default","engine":"WEBJS"}"#;

    #[test]
    fn documented_hmac_vector() {
        let sig = sign(VECTOR_BODY, b"my-secret-key");
        assert_eq!(sig.len(), 128);
        assert!(sig.starts_with("208f8a55dde9"), "{sig}");
        assert!(sig.ends_with("153fa89"), "{sig}");
    }

    fn headers(sig: &str) -> Vec<(String, String)> {
        vec![("x-webhook-hmac".into(), sig.into()), ("X-WEBHOOK-HMAC-ALGORITHM".into(), "sha512".into())]
    }

    #[test]
    fn verification_cases() {
        let key = b"my-secret-key";
        let good = sign(VECTOR_BODY, key);
        assert!(verify(VECTOR_BODY, &headers(&good), key).is_ok());
        let tampered = br#"{"event":"message","session":"defaulT","engine":"WEBJS"}"#;
        assert_eq!(verify(tampered, &headers(&good), key).unwrap_err().kind(), ErrorKind::SignatureMismatch);
        assert_eq!(verify(VECTOR_BODY, &headers(&good), b"other").unwrap_err().kind(), ErrorKind::SignatureMismatch);
        assert_eq!(verify(VECTOR_BODY, &headers("zz"), key).unwrap_err().kind(), ErrorKind::SignatureMismatch);
        let none: Vec<(String, String)> = vec![];
        assert_eq!(verify(VECTOR_BODY, &none, key).unwrap_err().kind(), ErrorKind::SignatureMissing);
        let sha256 = vec![("X-Webhook-Hmac", good.as_str()), ("X-Webhook-Hmac-Algorithm", "sha256")];
        assert_eq!(verify(VECTOR_BODY, &sha256, key).unwrap_err().kind(), ErrorKind::SignatureAlgorithm);
        assert_eq!(verify(VECTOR_BODY, &headers(&good), b"").unwrap_err().kind(), ErrorKind::InvalidArgument);
    }

    #[test]
    fn envelope_errors_name_the_problem() {
        for (body, needle) in [
            (&b"{not json"[..], "not valid JSON"),
            (b"[]", "JSON object"),
            (br#"{"session":"s","payload":{}}"#, "\"event\""),
            (br#"{"event":"x","payload":{}}"#, "\"session\""),
            (br#"{"event":"x","session":"s"}"#, "\"payload\""),
            (br#"{"event":1,"session":"s","payload":{}}"#, "must be a string"),
            (br#"{"event":"group.v2.leave","session":"s","payload":{}}"#, "group.id"),
            (br#"{"event":"group.v2.participants","session":"s","payload":{"group":{"id":"1@g.us"}}}"#, "type"),
        ] {
            let err = parse(body).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::WebhookMalformed);
            assert!(err.message().contains(needle), "{} lacks {needle}", err.message());
        }
    }

    #[test]
    fn old_envelopes_parse() {
        let e = parse(br#"{"event":"group.v2.leave","session":"default","payload":{"group":{"id":"1@g.us"},"timestamp":789456123}}"#).unwrap();
        assert_eq!((e.id, e.timestamp, e.engine, e.me), (None, None, None, None));
        assert_eq!(
            e.payload,
            GroupEvent::Leave(GroupLeft { timestamp: Some(789_456_123_000), group_id: "1@g.us".into() })
        );
    }

    #[test]
    fn header_containers() {
        let mut map = HashMap::new();
        map.insert("X-Webhook-Request-Id".to_string(), "r1".to_string());
        assert_eq!(request_id(&map), Some("r1".into()));
        let mut hm = reqwest::header::HeaderMap::new();
        hm.insert("x-webhook-request-id", "r2".parse().unwrap());
        assert_eq!(request_id(&hm), Some("r2".into()));
    }
}
