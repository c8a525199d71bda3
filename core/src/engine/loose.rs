//! Field types that make the wire structs tolerant exactly where WAHA is loose.
//!
//! [`Loose<T>`] reads a scalar field and keeps it only when it has the expected JSON kind:
//! a missing field, `null`, another kind, an array or an object all become `None` (skipped
//! without allocating), so one odd field never fails a whole answer. [`Id`] is a JID sent as
//! a string or as whatsapp-web.js' `{server, user, _serialized}` object. [`Scalar`] keeps a
//! value that WAHA sends as a number or as a string (timestamps, status codes) as it came.
//!
//! Layer: wire shapes; it may import the foundation and `model`.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::time::{number_ms, text_ms};

/// `visit_*` for every scalar kind, each answering `$value`: visitors that only care about
/// objects or arrays skip the rest with it.
macro_rules! scalars_as {
    ($value:expr) => {
        $crate::engine::loose::scalars_as!(@not_str $value);
        fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
            Ok($value)
        }
    };
    (@not_str $value:expr) => {
        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok($value)
        }
    };
}
pub(crate) use scalars_as;

/// A JSON scalar type that [`Loose`] can read; every other kind reads as `None`.
pub trait LooseScalar: Sized {
    /// From a JSON boolean.
    fn from_bool(_: bool) -> Option<Self> {
        None
    }
    /// From a JSON integer.
    fn from_i64(_: i64) -> Option<Self> {
        None
    }
    /// From a JSON integer above `i64::MAX`.
    fn from_u64(n: u64) -> Option<Self> {
        i64::try_from(n).ok().and_then(Self::from_i64)
    }
    /// From a JSON number with a fraction or exponent.
    fn from_f64(_: f64) -> Option<Self> {
        None
    }
    /// From a JSON string.
    fn from_str(_: Cow<'_, str>) -> Option<Self> {
        None
    }
}

impl LooseScalar for String {
    fn from_str(s: Cow<'_, str>) -> Option<Self> {
        Some(s.into_owned())
    }
}

impl LooseScalar for bool {
    fn from_bool(b: bool) -> Option<Self> {
        Some(b)
    }
}

impl LooseScalar for i64 {
    fn from_i64(n: i64) -> Option<Self> {
        Some(n)
    }
}

/// Counts saturate at `u32::MAX`; negative numbers are not counts.
impl LooseScalar for u32 {
    fn from_i64(n: i64) -> Option<Self> {
        (n >= 0).then(|| u32::try_from(n).unwrap_or(u32::MAX))
    }
    fn from_u64(_: u64) -> Option<Self> {
        Some(u32::MAX)
    }
}

/// A scalar kept as sent: WAHA writes timestamps and status codes as numbers or strings.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    /// `true` / `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// Any other number.
    Float(f64),
    /// A string.
    Text(String),
}

impl Scalar {
    /// The value as an integer: integers, and strings that hold one (`"200"`).
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Scalar::Int(n) => Some(*n),
            Scalar::Text(s) => s.parse().ok(),
            _ => None,
        }
    }
}

impl LooseScalar for Scalar {
    fn from_bool(b: bool) -> Option<Self> {
        Some(Scalar::Bool(b))
    }
    fn from_u64(n: u64) -> Option<Self> {
        Some(Scalar::Float(n as f64))
    }
    fn from_i64(n: i64) -> Option<Self> {
        Some(Scalar::Int(n))
    }
    fn from_f64(f: f64) -> Option<Self> {
        Some(Scalar::Float(f))
    }
    fn from_str(s: Cow<'_, str>) -> Option<Self> {
        Some(Scalar::Text(s.into_owned()))
    }
}

impl Serialize for Scalar {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Scalar::Bool(b) => s.serialize_bool(*b),
            Scalar::Int(n) => s.serialize_i64(*n),
            Scalar::Float(f) => s.serialize_f64(*f),
            Scalar::Text(t) => s.serialize_str(t),
        }
    }
}

impl JsonSchema for Scalar {
    fn schema_name() -> Cow<'static, str> {
        "NumberOrString".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"type": ["number", "string"]})
    }
}

/// An optional field read leniently: see the module docs.
///
/// ```
/// use waha_groups::engine::loose::Loose;
/// let read = |json: &str| serde_json::from_str::<Loose<bool>>(json).unwrap().0;
/// assert_eq!(read("true"), Some(true));
/// assert_eq!((read("null"), read("\"yes\""), read("[1, 2]"), read("{\"a\": 1}")), (None, None, None, None));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Loose<T>(pub Option<T>);

impl<T> Default for Loose<T> {
    fn default() -> Self {
        Loose(None)
    }
}

impl<T> Loose<T> {
    /// A present value.
    pub fn some(value: T) -> Self {
        Loose(Some(value))
    }
    /// Whether the field was absent or of another kind (for `skip_serializing_if`).
    pub fn is_none(&self) -> bool {
        self.0.is_none()
    }
}

impl<T: LooseScalar> Loose<T> {
    fn visitor() -> LooseVisitor<T> {
        LooseVisitor(std::marker::PhantomData)
    }
}

struct LooseVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: LooseScalar> Visitor<'de> for LooseVisitor<T> {
    type Value = Loose<T>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, b: bool) -> Result<Self::Value, E> {
        Ok(Loose(T::from_bool(b)))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Self::Value, E> {
        Ok(Loose(T::from_i64(n)))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Self::Value, E> {
        Ok(Loose(i64::try_from(n).map_or_else(|_| T::from_u64(n), T::from_i64)))
    }
    fn visit_f64<E>(self, f: f64) -> Result<Self::Value, E> {
        Ok(Loose(T::from_f64(f)))
    }
    fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
        Ok(Loose(T::from_str(Cow::Borrowed(s))))
    }
    fn visit_string<E>(self, s: String) -> Result<Self::Value, E> {
        Ok(Loose(T::from_str(Cow::Owned(s))))
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Loose(None))
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(Loose(None))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Loose(None))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Loose(None))
    }
}

impl<'de, T: LooseScalar> Deserialize<'de> for Loose<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Self::visitor())
    }
}

impl<T: Serialize> Serialize for Loose<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<T: JsonSchema> JsonSchema for Loose<T> {
    fn schema_name() -> Cow<'static, str> {
        <Option<T>>::schema_name()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        <Option<T>>::json_schema(generator)
    }
}

/// whatsapp-web.js' id object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(title = "Wid", description = "whatsapp-web.js id object")]
pub struct Wid {
    /// `c.us`, `g.us`, `lid`.
    pub server: Loose<String>,
    /// The number or group part.
    pub user: Loose<String>,
    /// `user@server`.
    #[serde(rename = "_serialized")]
    pub serialized: Loose<String>,
}

/// A JID as a string (`"1@g.us"`) or a [`Wid`] object. Its schema says string; the WEBJS
/// structs document their `Wid` fields with `#[schemars(with = "Option<Wid>")]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Id {
    /// `"1@g.us"`.
    Text(String),
    /// `{server, user, _serialized}`.
    Wid(Wid),
}

impl JsonSchema for Id {
    fn schema_name() -> Cow<'static, str> {
        "Jid".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"type": "string"})
    }
}

/// A schemars transform that marks the keys which tell a shape apart as required (the wire
/// structs still read them leniently: the probe has already seen them).
pub(crate) fn require(keys: &'static [&'static str]) -> impl FnMut(&mut Schema) {
    move |schema: &mut Schema| {
        schema.insert("required".into(), keys.iter().map(|k| serde_json::Value::from(*k)).collect());
    }
}

impl Id {
    /// The id as `user@server`, or `None` when it is empty or incomplete.
    pub fn jid(&self) -> Option<String> {
        self.clone().into_jid()
    }

    /// [`Id::jid`], consuming the id (no copy of a string id).
    pub fn into_jid(self) -> Option<String> {
        match self {
            Id::Text(s) => Some(s).filter(|s| !s.is_empty()),
            Id::Wid(w) => match w.serialized.0 {
                Some(s) if !s.is_empty() => Some(s),
                _ => Some(format!("{}@{}", w.user.0.as_deref()?, w.server.0.as_deref()?)),
            },
        }
    }

    /// A WEBJS id object for `jid` (`user@server`).
    pub fn wid(jid: &str) -> Self {
        let (user, server) = jid.split_once('@').unwrap_or((jid, ""));
        Id::Wid(Wid {
            server: Loose::some(server.to_owned()),
            user: Loose::some(user.to_owned()),
            serialized: Loose::some(jid.to_owned()),
        })
    }
}

/// `Loose<Id>` needs objects too, so it has its own visitor.
impl<'de> Deserialize<'de> for Loose<Id> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct IdVisitor;
        impl<'de> Visitor<'de> for IdVisitor {
            type Value = Loose<Id>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JID string or {server, user, _serialized}")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                Ok(Loose(wid_jid(map)?.map(Id::Text)))
            }
            fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
                Ok(Loose::some(Id::Text(s.to_owned())))
            }
            scalars_as!(@not_str Loose(None));
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Loose(None))
            }
        }
        d.deserialize_any(IdVisitor)
    }
}

/// The keys of a [`Wid`] object; any other is skipped.
#[derive(Deserialize)]
#[serde(field_identifier)]
enum WidKey {
    #[serde(rename = "server")]
    Server,
    #[serde(rename = "user")]
    User,
    #[serde(rename = "_serialized")]
    Serialized,
    #[serde(other)]
    Other,
}

/// A string value, borrowed from the answer when it has no escapes; `None` for any other kind.
struct LooseStr<'a>(Option<Cow<'a, str>>);

impl<'de> Deserialize<'de> for LooseStr<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = LooseStr<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Self::Value, E> {
                Ok(LooseStr(Some(Cow::Borrowed(s))))
            }
            fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
                Ok(LooseStr(Some(Cow::Owned(s.to_owned()))))
            }
            scalars_as!(@not_str LooseStr(None));
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(LooseStr(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(LooseStr(None))
            }
        }
        d.deserialize_any(V)
    }
}

/// The JID of a WEBJS id object, as [`Id::into_jid`] gives it for a [`Wid`]: `_serialized`,
/// else `user@server`. Only the one string that is kept is allocated (ids are most of a WEBJS
/// member list).
fn wid_jid<'de, A: MapAccess<'de>>(mut map: A) -> Result<Option<String>, A::Error> {
    let (mut server, mut user, mut serialized) = (None, None, None);
    while let Some(key) = map.next_key::<WidKey>()? {
        match key {
            WidKey::Server => server = map.next_value::<LooseStr<'de>>()?.0,
            WidKey::User => user = map.next_value::<LooseStr<'de>>()?.0,
            WidKey::Serialized => serialized = map.next_value::<LooseStr<'de>>()?.0,
            WidKey::Other => map.next_value::<IgnoredAny>().map(drop)?,
        }
    }
    Ok(match serialized {
        Some(s) if !s.is_empty() => Some(s.into_owned()),
        _ => user.zip(server).map(|(u, s)| format!("{u}@{s}")),
    })
}

impl Loose<Id> {
    /// The JID, if any.
    pub fn jid(self) -> Option<String> {
        self.0.and_then(Id::into_jid)
    }
    /// The JID normalised to `@c.us` / `@lid` (members, owners).
    pub fn member(self) -> Option<String> {
        self.jid().map(crate::ids::into_cus_format)
    }
}

impl Loose<String> {
    /// The string unless it is empty.
    pub fn text(self) -> Option<String> {
        self.0.filter(|s| !s.is_empty())
    }
    /// The string normalised to `@c.us` / `@lid`, unless it is empty.
    pub fn member(self) -> Option<String> {
        self.text().map(crate::ids::into_cus_format)
    }
}

impl Loose<Scalar> {
    /// The value as Unix ms (see [`super::timestamp_ms`]).
    pub fn ms(&self) -> Option<i64> {
        match self.0.as_ref()? {
            Scalar::Int(n) => number_ms(*n),
            Scalar::Float(f) => number_ms(*f as i64),
            Scalar::Text(s) => text_ms(s),
            Scalar::Bool(_) => None,
        }
    }
    /// The value as an integer (numbers and numeric strings).
    pub fn int(&self) -> Option<i64> {
        self.0.as_ref()?.as_i64()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_in_both_forms() {
        let read = |json: &str| serde_json::from_str::<Loose<Id>>(json).unwrap().jid();
        assert_eq!(
            serde_json::from_str::<Loose<Id>>(r#""1:2@s.whatsapp.net""#).unwrap().member(),
            Some("1@c.us".into())
        );
        assert_eq!(read(r#""1@g.us""#), Some("1@g.us".into()));
        assert_eq!(read(r#""1\u0040g.us""#), Some("1@g.us".into()), "escaped strings too");
        assert_eq!(read(r#"{"_serialized": "1@g.us", "extra": [1]}"#), Some("1@g.us".into()));
        assert_eq!(read(r#"{"user": "1", "server": "g.us"}"#), Some("1@g.us".into()));
        assert_eq!((read("5"), read("[]"), read("\"\""), read("{}")), (None, None, None, None));
    }

    #[test]
    fn numbers_and_counts() {
        let count = |json: &str| serde_json::from_str::<Loose<u32>>(json).unwrap().0;
        assert_eq!(
            (count("3"), count("-1"), count("1e30"), count("99999999999")),
            (Some(3), None, None, Some(u32::MAX))
        );
        assert_eq!(count("18446744073709551615"), Some(u32::MAX));
        let code = |json: &str| serde_json::from_str::<Loose<Scalar>>(json).unwrap().int();
        assert_eq!((code("200"), code("\"403\""), code("\"x\""), code("true")), (Some(200), Some(403), None, None));
    }

    #[test]
    fn round_trips_as_sent() {
        let id = Id::wid("1@g.us");
        assert_eq!(serde_json::to_value(&id).unwrap()["_serialized"], "1@g.us");
        assert_eq!(serde_json::to_string(&Loose::some(Scalar::Text("200".into()))).unwrap(), "\"200\"");
        assert_eq!(serde_json::to_string(&Loose::<bool>(None)).unwrap(), "null");
    }
}
