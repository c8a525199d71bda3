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

use serde_json::value::RawValue;

use crate::engine::loose::{Id, Loose, Scalar};
use crate::engine::waha::{GroupInfo, WahaEnvironment, WireMeInfo};
use crate::engine::{self};
use crate::error::{Error, ErrorKind, Result};
use crate::ids::InviteCode;
use crate::model::{Engine, Environment, Group, GroupPatch, JoinMethod, MeInfo, Participant, Raw, string_enum};

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

fn malformed(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::WebhookMalformed, message)
}

/// Parses a webhook body (no signature check). Never panics, whatever the input.
///
/// The envelope and the payload are read with serde structs straight from the bytes; `raw`
/// fields are slices of the body, never re-serialised.
pub fn parse(body: &[u8]) -> Result<WebhookEvent> {
    let raw: Box<RawValue> =
        serde_json::from_slice(body).map_err(|e| malformed(format!("webhook body is not valid JSON: {e}")))?;
    envelope(Raw::from_raw(raw))
}

/// Parses an already-decoded envelope.
pub fn from_value(value: Value) -> Result<WebhookEvent> {
    envelope(Raw::from_value(&value))
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

/// The envelope fields; the payload is read once the event name is known.
#[derive(Deserialize, Default)]
#[serde(default)]
struct Envelope<'a> {
    id: Loose<String>,
    timestamp: Loose<Scalar>,
    #[serde(borrow)]
    event: Option<&'a RawValue>,
    #[serde(borrow)]
    session: Option<&'a RawValue>,
    #[serde(borrow)]
    metadata: Option<&'a RawValue>,
    #[serde(borrow)]
    me: Option<&'a RawValue>,
    engine: Loose<String>,
    #[serde(borrow)]
    environment: Option<&'a RawValue>,
    #[serde(borrow)]
    payload: Option<&'a RawValue>,
}

fn is_object(raw: &RawValue) -> bool {
    raw.get().starts_with('{')
}

/// An object field read with `T`; anything but an object is `None`.
fn object<'a, T: Deserialize<'a>>(raw: Option<&'a RawValue>) -> Option<T> {
    raw.filter(|r| is_object(r)).and_then(|r| serde_json::from_str(r.get()).ok())
}

fn envelope(raw: Raw) -> Result<WebhookEvent> {
    if !raw.get().starts_with('{') {
        return Err(malformed("webhook body must be a JSON object"));
    }
    let e: Envelope = serde_json::from_str(raw.get()).map_err(|e| malformed(format!("webhook body: {e}")))?;
    let text = |name: &str, field: Option<&RawValue>| -> Result<String> {
        let field = field.ok_or_else(|| malformed(format!("webhook body has no \"{name}\" field")))?;
        serde_json::from_str(field.get()).map_err(|_| malformed(format!("webhook field \"{name}\" must be a string")))
    };
    let event = text("event", e.event)?;
    let session = text("session", e.session)?;
    let payload = e.payload.ok_or_else(|| malformed("webhook body has no \"payload\" field"))?;
    let engine = e.engine.0.as_deref().map(Engine::parse);
    let me = object::<WireMeInfo>(e.me).and_then(WireMeInfo::me);
    let payload = group_event(&event, payload, engine.as_ref(), me.as_ref())?;
    Ok(WebhookEvent {
        id: e.id.text(),
        timestamp: e.timestamp.ms(),
        metadata: object(e.metadata),
        environment: object::<WahaEnvironment>(e.environment).map(Environment::from),
        me,
        engine,
        request_id: None,
        event,
        session,
        payload,
        raw,
    })
}

/// The fields of the v2 payloads (each event uses some of them).
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Payload<'a> {
    timestamp: Loose<Scalar>,
    #[serde(borrow)]
    group: Option<&'a RawValue>,
    #[serde(rename = "type")]
    kind: Loose<String>,
    #[serde(borrow)]
    participants: Option<&'a RawValue>,
    action: Loose<String>,
    requester_id: Loose<Id>,
    requester_pn: Loose<String>,
    request_method: Loose<String>,
}

fn group_event(event: &str, payload: &RawValue, engine: Option<&Engine>, me: Option<&MeInfo>) -> Result<GroupEvent> {
    let known = GROUP_EVENTS.contains(&event);
    let legacy_list = event == "group.join" && payload.get().starts_with('[');
    if !known {
        return Ok(GroupEvent::Other { event: event.to_owned(), raw: Raw::copy(payload) });
    }
    if !(is_object(payload) || legacy_list) {
        return Err(malformed(format!("{event} payload must be a JSON object")));
    }
    if event == "group.join" || event == "group.leave" {
        let legacy = legacy(payload, me)?;
        return Ok(if event == "group.join" {
            GroupEvent::LegacyJoin(legacy)
        } else {
            GroupEvent::LegacyLeave(legacy)
        });
    }
    let p: Payload = serde_json::from_str(payload.get()).map_err(|e| malformed(format!("{event} payload: {e}")))?;
    let timestamp = p.timestamp.ms();
    let group = || -> Result<(&RawValue, GroupInfo)> {
        let raw = p.group.filter(|g| is_object(g)).ok_or_else(|| malformed(format!("{event} payload has no group")))?;
        let info = serde_json::from_str(raw.get()).map_err(|e| malformed(format!("{event} group: {e}")))?;
        Ok((raw, info))
    };
    let group_id = || -> Result<String> {
        let id = group().ok().and_then(|(_, g)| g.id.member());
        id.ok_or_else(|| malformed(format!("{event} payload has no group.id")))
    };
    Ok(match event {
        "group.v2.join" => {
            let (raw, info) = group()?;
            GroupEvent::Join(GroupJoined { timestamp, group: group_info(info, raw, engine) })
        }
        "group.v2.leave" => GroupEvent::Leave(GroupLeft { timestamp, group_id: group_id()? }),
        "group.v2.update" => {
            let (_, info) = group()?;
            GroupEvent::Update(GroupUpdated { timestamp, group: group_patch(info, engine)? })
        }
        "group.v2.participants" => {
            let kind = p.kind.text().ok_or_else(|| malformed("group.v2.participants payload has no type"))?;
            let participants = match p.participants {
                Some(list) => engine::participants(list.get())
                    .map_err(|_| malformed("group.v2.participants participants must be an array"))?,
                None => Vec::new(),
            };
            GroupEvent::Participants(ParticipantsChanged {
                kind: ParticipantsChange::parse(&kind),
                timestamp,
                group_id: group_id()?,
                participants,
            })
        }
        _ => GroupEvent::JoinRequest(JoinRequestChanged {
            action: JoinRequestAction::parse(
                &p.action.text().ok_or_else(|| malformed(format!("{event} payload has no action")))?,
            ),
            group_id: group_id()?,
            requester_id: p
                .requester_id
                .member()
                .ok_or_else(|| malformed(format!("{event} payload has no requesterId")))?,
            requester_pn: p.requester_pn.member(),
            method: p.request_method.text().map(|m| JoinMethod::normalize(&m)),
            timestamp,
        }),
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

fn info_fields(g: &GroupInfo, sem: Semantics) -> InfoFields {
    let add = g.members_can_add_new_member.0;
    let send = g.members_can_send_messages.0;
    InfoFields {
        info_admin_only: if sem.add_is_restrict { add } else { None },
        members_can_add: if sem.add_is_restrict { None } else { add },
        messages_admin_only: send.map(|v| if sem.send_is_announce { v } else { !v }),
        approval_required: g.new_members_approval_required.0,
        invite_code: g.invite.0.as_deref().and_then(|i| InviteCode::parse(i).ok()).map(String::from),
    }
}

/// WAHA's normalised `GroupInfo` (v2 events) as a [`Group`]; `raw` is its slice of the body.
fn group_info(g: GroupInfo, raw: &RawValue, engine: Option<&Engine>) -> Group {
    let f = info_fields(&g, semantics(engine, false));
    Group {
        id: g.id.member().unwrap_or_default(),
        subject: g.subject.text().unwrap_or_default(),
        description: g.description.text(),
        owner: None,
        created_at: None,
        participants: g.participants.unwrap_or_default().into_iter().map(Participant::from).collect(),
        size: None,
        info_admin_only: f.info_admin_only,
        messages_admin_only: f.messages_admin_only,
        members_can_add: f.members_can_add,
        approval_required: f.approval_required,
        invite_code: f.invite_code,
        raw: Raw::copy(raw),
    }
}

fn group_patch(g: GroupInfo, engine: Option<&Engine>) -> Result<GroupPatch> {
    let f = info_fields(&g, semantics(engine, true));
    Ok(GroupPatch {
        id: g.id.member().ok_or_else(|| malformed("group.v2.update payload has no group.id"))?,
        // Present-but-empty strings are real changes (a cleared description).
        subject: g.subject.0,
        description: g.description.0,
        invite_code: f.invite_code,
        info_admin_only: f.info_admin_only,
        messages_admin_only: f.messages_admin_only,
        members_can_add: f.members_can_add,
        approval_required: f.approval_required,
        participants: g.participants.map(|ps| ps.into_iter().map(Participant::from).collect()),
    })
}

/// The fields of WEBJS' `GroupNotification` and NOWEB's `GroupMetadata` that legacy events use.
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct LegacyPayload {
    recipient_ids: Option<Vec<Loose<Id>>>,
    chat_id: Loose<Id>,
    #[serde(rename = "id")]
    message_or_group_id: Option<Value>,
    author: Loose<Id>,
    timestamp: Loose<Scalar>,
}

/// WEBJS `GroupNotification` or NOWEB `GroupMetadata` (or, before 2024.11, an array of them).
fn legacy(payload: &RawValue, me: Option<&MeInfo>) -> Result<LegacyGroupEvent> {
    let read = |e: serde_json::Error| malformed(format!("legacy group event payload: {e}"));
    let first: LegacyPayload = if payload.get().starts_with('[') {
        let items: Vec<LegacyPayload> = serde_json::from_str(payload.get()).map_err(read)?;
        items.into_iter().next().unwrap_or_default()
    } else {
        serde_json::from_str(payload.get()).map_err(read)?
    };
    let raw = Raw::copy(payload);
    let id = first.message_or_group_id;
    if first.recipient_ids.is_some() || first.chat_id.0.is_some() {
        let remote = || Loose::<Id>::deserialize(id.as_ref()?.get("remote")?).ok()?.member();
        return Ok(LegacyGroupEvent {
            group_id: first.chat_id.member().or_else(remote),
            participants: first.recipient_ids.unwrap_or_default().into_iter().filter_map(Loose::<Id>::member).collect(),
            author: first.author.member(),
            timestamp: first.timestamp.ms(),
            raw,
        });
    }
    // NOWEB sends group.join only when *you* join: the member is the session's account.
    Ok(LegacyGroupEvent {
        group_id: id.as_ref().and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_owned),
        participants: me.map(|m| vec![m.id.clone()]).unwrap_or_default(),
        author: first.author.member(),
        timestamp: None,
        raw,
    })
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
