//! The envelope, read in one pass over the body (`id`, `timestamp`, `event`, `session`,
//! `metadata`, `me`, `engine`, `environment`, and the payload: read in the same pass when the
//! event came first, as WAHA writes it).
//!
//! Layer: events; it may import `events`, `payloads`, the foundation, `model` and `engine`.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::value::MapAccessDeserializer;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use serde_json::value::RawValue;

use super::events::{GROUP_EVENTS, WebhookEvent, malformed, not_json};
use super::payloads::{Payload, group_event, not_an_object, v2_event};
use crate::engine::loose::{Loose, Scalar};
use crate::engine::waha::{WahaEnvironment, WireMeInfo};
use crate::error::Result;
use crate::model::{Engine, Environment, Raw};

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
pub(super) const V2_EVENTS: &[&str] = GROUP_EVENTS.split_at(5).0;

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

/// The event in `text` (its `raw` left `null`). Bad JSON anywhere in `text` is an error, as
/// from [`parse`]: the envelope's pass reads every byte.
pub(super) fn envelope(text: &str) -> Result<WebhookEvent> {
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
