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
use std::fmt;
use std::marker::PhantomData;

use hmac::{Hmac, KeyInit, Mac};
use schemars::JsonSchema;
use serde::de::value::MapAccessDeserializer;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
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
    let raw: &RawValue = serde_json::from_slice(body).map_err(not_json)?;
    let mut event = envelope(raw.get())?;
    event.raw = Raw::copy(raw);
    Ok(event)
}

/// Parses like [`parse`] but leaves [`WebhookEvent::raw`] `null`, for callers that keep the
/// body themselves (the Node binding): a `RawValue` of the whole body costs a validating scan
/// of its own, a fifth of a parse.
///
/// ```
/// let e = waha_groups::webhook::parse_without_raw(br#"{"event": "message", "session": "s", "payload": {}}"#)?;
/// assert_eq!((e.event.as_str(), e.raw.get()), ("message", "null"));
/// # Ok::<(), waha_groups::Error>(())
/// ```
pub fn parse_without_raw(body: &[u8]) -> Result<WebhookEvent> {
    envelope(std::str::from_utf8(body).map_err(not_json)?)
}

/// Parses an already-decoded envelope.
pub fn from_value(value: Value) -> Result<WebhookEvent> {
    let raw = Raw::from_value(&value);
    let mut event = envelope(raw.get())?;
    event.raw = raw;
    Ok(event)
}

fn not_json(e: impl fmt::Display) -> Error {
    malformed(format!("webhook body is not valid JSON: {e}"))
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

/// The envelope, read in one pass over the body. When `event` names a v2 group event and
/// comes before `payload` (WAHA always writes it first), the payload's fields are read in the
/// same pass; otherwise the payload is kept as a slice and read once the event is known.
#[derive(Default)]
struct Envelope<'a> {
    id: Loose<String>,
    timestamp: Loose<Scalar>,
    /// `None` when absent; `Some(Loose(None))` when not a string.
    event: Option<Loose<String>>,
    session: Option<Loose<String>>,
    metadata: ObjectOr<Map<String, Value>>,
    me: ObjectOr<WireMeInfo>,
    engine: Loose<String>,
    environment: ObjectOr<WahaEnvironment>,
    payload: Option<PayloadSlot<'a>>,
}

/// The payload as the envelope pass left it.
// One per parse, inside the already boxed envelope: boxing the variant too would only add an
// allocation per event.
#[allow(clippy::large_enum_variant)]
enum PayloadSlot<'a> {
    /// As sent: the event was not known yet, or is not a v2 group event.
    Raw(&'a RawValue),
    /// A v2 group event's fields (`None`: the payload is not an object).
    Fields(Option<Payload<'a>>),
}

/// The envelope's keys (any other is skipped).
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(field_identifier, rename_all = "lowercase")]
enum EnvelopeKey {
    Id,
    Timestamp,
    Event,
    Session,
    Metadata,
    Me,
    Engine,
    Environment,
    Payload,
    #[serde(other)]
    Other,
}

/// The v2 group events (the first five of [`GROUP_EVENTS`]), whose payloads share the fields
/// of [`Payload`].
const V2_EVENTS: &[&str] = GROUP_EVENTS.split_at(5).0;

/// An [`Envelope`] read in place on the heap: it is large, and moving it out of the visitor
/// and through serde's layers was a measurable share of a parse.
struct BoxedEnvelope<'a>(Box<Envelope<'a>>);

impl<'de> Deserialize<'de> for BoxedEnvelope<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct EnvelopeVisitor;
        impl<'de> Visitor<'de> for EnvelopeVisitor {
            type Value = BoxedEnvelope<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a webhook envelope object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<BoxedEnvelope<'de>, A::Error> {
                let mut boxed = BoxedEnvelope(Box::default());
                let e = &mut *boxed.0;
                let mut seen = 0u16;
                while let Some(key) = map.next_key::<EnvelopeKey>()? {
                    if !matches!(key, EnvelopeKey::Other) {
                        // Like a derived struct: a repeated field is an error, not "last wins".
                        let bit = 1 << key as u16;
                        if seen & bit != 0 {
                            return Err(de::Error::custom(format_args!(
                                "duplicate field `{}`",
                                format!("{key:?}").to_lowercase()
                            )));
                        }
                        seen |= bit;
                    }
                    match key {
                        EnvelopeKey::Id => e.id = map.next_value()?,
                        EnvelopeKey::Timestamp => e.timestamp = map.next_value()?,
                        EnvelopeKey::Event => e.event = Some(map.next_value()?),
                        EnvelopeKey::Session => e.session = Some(map.next_value()?),
                        EnvelopeKey::Metadata => e.metadata = map.next_value()?,
                        EnvelopeKey::Me => e.me = map.next_value()?,
                        EnvelopeKey::Engine => e.engine = map.next_value()?,
                        EnvelopeKey::Environment => e.environment = map.next_value()?,
                        EnvelopeKey::Payload => {
                            let v2 =
                                e.event.as_ref().and_then(|l| l.0.as_deref()).is_some_and(|n| V2_EVENTS.contains(&n));
                            e.payload = Some(match v2 {
                                true => PayloadSlot::Fields(map.next_value::<ObjectOr<Payload>>()?.0),
                                false => PayloadSlot::Raw(map.next_value()?),
                            });
                        }
                        EnvelopeKey::Other => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(boxed)
            }
        }
        d.deserialize_map(EnvelopeVisitor)
    }
}

/// An object read with `T` in the same pass; any other JSON value reads as `None`.
struct ObjectOr<T>(Option<T>);

impl<T> Default for ObjectOr<T> {
    fn default() -> Self {
        ObjectOr(None)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for ObjectOr<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct ObjectVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
            type Value = ObjectOr<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> std::result::Result<ObjectOr<T>, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map)).map(|t| ObjectOr(Some(t)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<ObjectOr<T>, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(ObjectOr(None))
            }
            fn visit_bool<E>(self, _: bool) -> std::result::Result<ObjectOr<T>, E> {
                Ok(ObjectOr(None))
            }
            fn visit_i64<E>(self, _: i64) -> std::result::Result<ObjectOr<T>, E> {
                Ok(ObjectOr(None))
            }
            fn visit_u64<E>(self, _: u64) -> std::result::Result<ObjectOr<T>, E> {
                Ok(ObjectOr(None))
            }
            fn visit_f64<E>(self, _: f64) -> std::result::Result<ObjectOr<T>, E> {
                Ok(ObjectOr(None))
            }
            fn visit_str<E>(self, _: &str) -> std::result::Result<ObjectOr<T>, E> {
                Ok(ObjectOr(None))
            }
            fn visit_unit<E>(self) -> std::result::Result<ObjectOr<T>, E> {
                Ok(ObjectOr(None))
            }
        }
        d.deserialize_any(ObjectVisitor(PhantomData))
    }
}

fn is_object(raw: &RawValue) -> bool {
    raw.get().starts_with('{')
}

/// The event in `text` (its `raw` left `null`). Bad JSON anywhere in `text` is an error, as
/// from [`parse`]: the envelope's pass reads every byte.
fn envelope(text: &str) -> Result<WebhookEvent> {
    if !text.trim_start().starts_with('{') {
        serde_json::from_str::<de::IgnoredAny>(text).map_err(not_json)?;
        return Err(malformed("webhook body must be a JSON object"));
    }
    let BoxedEnvelope(e) = serde_json::from_str(text).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => malformed(format!("webhook body: {e}")),
        _ => not_json(e),
    })?;
    let text = |name: &str, field: Option<Loose<String>>| -> Result<String> {
        let field = field.ok_or_else(|| malformed(format!("webhook body has no \"{name}\" field")))?;
        field.0.ok_or_else(|| malformed(format!("webhook field \"{name}\" must be a string")))
    };
    let event = text("event", e.event)?;
    let session = text("session", e.session)?;
    let engine = e.engine.0.as_deref().map(Engine::parse);
    let me = e.me.0.and_then(WireMeInfo::me);
    let payload = match e.payload.ok_or_else(|| malformed("webhook body has no \"payload\" field"))? {
        PayloadSlot::Raw(payload) => group_event(&event, payload, engine.as_ref(), me.as_ref())?,
        PayloadSlot::Fields(Some(fields)) => v2_event(&event, fields, engine.as_ref())?,
        PayloadSlot::Fields(None) => return Err(not_an_object(&event)),
    };
    Ok(WebhookEvent {
        id: e.id.text(),
        timestamp: e.timestamp.ms(),
        metadata: e.metadata.0,
        environment: e.environment.0.map(Environment::from),
        me,
        engine,
        request_id: None,
        event,
        session,
        payload,
        raw: Raw::default(),
    })
}

fn not_an_object(event: &str) -> Error {
    malformed(format!("{event} payload must be a JSON object"))
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

/// A payload kept as sent (the event was not known when it was read).
fn group_event(event: &str, payload: &RawValue, engine: Option<&Engine>, me: Option<&MeInfo>) -> Result<GroupEvent> {
    if !GROUP_EVENTS.contains(&event) {
        return Ok(GroupEvent::Other { event: event.to_owned(), raw: Raw::copy(payload) });
    }
    let legacy_list = event == "group.join" && payload.get().starts_with('[');
    if !(is_object(payload) || legacy_list) {
        return Err(not_an_object(event));
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
    v2_event(event, p, engine)
}

/// The id of a group object, the rest skipped.
#[derive(Deserialize, Default)]
#[serde(default)]
struct GroupRef {
    id: Loose<Id>,
}

/// A v2 group event from its payload's fields.
fn v2_event(event: &str, p: Payload, engine: Option<&Engine>) -> Result<GroupEvent> {
    let timestamp = p.timestamp.ms();
    let group = || -> Result<(&RawValue, GroupInfo)> {
        let raw = p.group.filter(|g| is_object(g)).ok_or_else(|| malformed(format!("{event} payload has no group")))?;
        let info = serde_json::from_str(raw.get()).map_err(|e| malformed(format!("{event} group: {e}")))?;
        Ok((raw, info))
    };
    // Leave, participants and join-request events only name the group: its id is all that is read.
    let group_id = || -> Result<String> {
        let group = p.group.filter(|g| is_object(g)).and_then(|g| serde_json::from_str::<GroupRef>(g.get()).ok());
        group.and_then(|g| g.id.member()).ok_or_else(|| malformed(format!("{event} payload has no group.id")))
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
            (b"[1,", "not valid JSON"),
            (br#"{"event":"x","session":"s","payload":{}} trailing"#, "not valid JSON"),
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
            // Without the raw scan, bad JSON is still named as such, and the rest the same way.
            assert_eq!(parse_without_raw(body).unwrap_err().message(), err.message());
        }
    }

    #[test]
    fn payload_before_event_reads_the_same() {
        let event_first = br#"{"event":"group.v2.participants","session":"s","metadata":{"k":1},"me":{"id":"1@c.us"},
            "payload":{"type":"join","group":{"id":"1@g.us"},"participants":[{"id":"2@c.us","role":"admin"}]}}"#;
        let payload_first =
            br#"{"payload":{"type":"join","group":{"id":"1@g.us"},"participants":[{"id":"2@c.us","role":"admin"}]},
            "me":{"id":"1@c.us"},"metadata":{"k":1},"session":"s","event":"group.v2.participants"}"#;
        let (a, b) = (parse(event_first).unwrap(), parse(payload_first).unwrap());
        assert_eq!(a.payload, b.payload);
        assert_eq!((a.metadata, a.me.map(|m| m.id)), (b.metadata, b.me.map(|m| m.id)));
        let GroupEvent::Participants(p) = a.payload else { panic!("{:?}", a.payload) };
        assert_eq!((p.group_id.as_str(), p.participants.len()), ("1@g.us", 1));
        for body in [
            &br#"{"event":"group.v2.leave","session":"s","payload":[1]}"#[..],
            br#"{"payload":"x","event":"group.v2.leave","session":"s"}"#,
        ] {
            assert!(parse(body).unwrap_err().message().contains("group.v2.leave payload must be a JSON object"));
        }
    }

    #[test]
    fn the_v2_events_are_the_first_five_group_events() {
        assert!(V2_EVENTS.iter().all(|e| e.starts_with("group.v2.")));
        assert!(GROUP_EVENTS[V2_EVENTS.len()..].iter().all(|e| !e.starts_with("group.v2.")));
    }

    #[test]
    fn envelope_fields_of_another_kind_read_as_absent() {
        let e =
            parse(br#"{"event":"x","session":"s","metadata":[1],"me":"me","environment":7,"payload":null}"#).unwrap();
        assert_eq!((e.metadata, e.me, e.environment), (None, None, None));
        let duplicate = parse(br#"{"event":"x","session":"s","event":"y","payload":{}}"#).unwrap_err();
        assert!(duplicate.message().contains("duplicate field `event`"), "{}", duplicate.message());
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
