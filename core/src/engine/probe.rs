//! Which engine wrote an object, told by its keys in one allocation-free scan.
//!
//! A group answer does not say its engine, and its deciding key may come last, so the
//! decoders look at the keys first and then read the object with that engine's wire struct.
//!
//! Layer: wire shapes; it may import the foundation and `model`.

use std::fmt;

use serde::Deserializer;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

/// Keys that tell shapes apart.
const KEYS: [&str; 11] =
    ["JID", "Name", "Participants", "groupMetadata", "gid", "IsAdmin", "role", "isAdmin", "Error", "status", "id"];

/// What the scan saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Probe {
    keys: u16,
    id_object: bool,
    object: bool,
}

/// Which engine's shape an object is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Webjs,
    Noweb,
    Gows,
    /// WAHA's own v2 shapes (`role`).
    Normalized,
}

impl Probe {
    /// Scans `json`; `None` when it is not valid JSON.
    ///
    /// The scan stops at a `groupMetadata` key: only a WEBJS/WPP group chat has one, and it is
    /// most of the object's bytes (all its members), which the wire struct reads next anyway
    /// (the rest is not validated here then; that read validates it).
    pub(crate) fn scan(json: &str) -> Option<Probe> {
        Self::scan_value(json, true)
    }

    /// [`Probe::scan`] of the value `json` starts with (more may follow it: an array's items).
    pub(crate) fn scan_first(json: &str) -> Option<Probe> {
        Self::scan_value(json, false)
    }

    fn scan_value(json: &str, whole: bool) -> Option<Probe> {
        let early = std::cell::Cell::new(None);
        let mut de = serde_json::Deserializer::from_str(json);
        match (&mut de).deserialize_any(ProbeVisitor { early: &early }) {
            Ok(probe) if whole => de.end().ok().map(|()| probe),
            Ok(probe) => Some(probe),
            Err(_) => early.get(),
        }
    }

    pub(crate) fn is_object(&self) -> bool {
        self.object
    }

    fn has(&self, key: &str) -> bool {
        KEYS.iter().position(|k| *k == key).is_some_and(|i| self.keys & (1 << i) != 0)
    }

    fn any(&self, keys: &[&str]) -> bool {
        keys.iter().any(|k| self.has(k))
    }

    /// The engine of a group object.
    pub(crate) fn group_shape(&self) -> Shape {
        if self.any(&["JID", "Name", "Participants"]) {
            Shape::Gows
        } else if self.any(&["groupMetadata", "gid"]) || self.id_object {
            Shape::Webjs
        } else {
            Shape::Noweb
        }
    }

    /// The engine of a member object (v1 of any engine, or v2).
    pub(crate) fn participant_shape(&self) -> Shape {
        if self.any(&["JID", "IsAdmin"]) {
            Shape::Gows
        } else if self.has("role") {
            Shape::Normalized
        } else if self.id_object || self.has("isAdmin") {
            Shape::Webjs
        } else {
            Shape::Noweb
        }
    }

    /// A WEBJS create result (`gid`) rather than a `GroupChat`.
    pub(crate) fn has_gid(&self) -> bool {
        self.has("gid")
    }

    /// A WEBJS `GroupChat` (metadata nested) rather than invite info (metadata at the top).
    pub(crate) fn has_group_metadata(&self) -> bool {
        self.has("groupMetadata")
    }

    /// An add/remove result item from GOWS (`JID`/`Error`) rather than NOWEB.
    pub(crate) fn is_gows_outcome(&self) -> bool {
        self.any(&["JID", "Error"])
    }

    /// Whether the object names a group (`id`, `JID` or `gid`).
    pub(crate) fn names_a_group(&self) -> bool {
        self.any(&["id", "JID", "gid"])
    }

    /// A WEBJS `{status, message}` answer rather than its per-member map.
    pub(crate) fn has_status(&self) -> bool {
        self.has("status")
    }
}

/// NOWEB's id-keyed group map in one pass: its values in order, or `None` when the object is
/// a group itself (it has a key that makes it one, as [`Probe::group_shape`] decides).
pub(crate) fn group_map(json: &str) -> serde_json::Result<Option<Vec<&RawValue>>> {
    struct MapVisitor;
    impl<'de> Visitor<'de> for MapVisitor {
        type Value = Option<Vec<&'de RawValue>>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut values = Vec::with_capacity(map.size_hint().unwrap_or(64));
            let mut is_group = false;
            while let Some(key) = map.next_key_seed(KeySeed)? {
                let value: &RawValue = map.next_value()?;
                is_group |= match key.map(|i| KEYS[i]) {
                    Some("JID" | "Name" | "Participants" | "groupMetadata" | "gid") => true,
                    Some("id") => value.get().starts_with(['"', '{']),
                    _ => false,
                };
                values.push(value);
            }
            Ok((!is_group).then_some(values))
        }
    }
    let mut de = serde_json::Deserializer::from_str(json);
    let values = (&mut de).deserialize_map(MapVisitor)?;
    de.end()?;
    Ok(values)
}

struct ProbeVisitor<'a> {
    /// The probe, when the scan stopped early (it then returns an error to unwind).
    early: &'a std::cell::Cell<Option<Probe>>,
}

impl<'de> Visitor<'de> for ProbeVisitor<'_> {
    type Value = Probe;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("JSON")
    }
    super::loose::scalars_as!(Probe::default());
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Probe, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Probe::default())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Probe, A::Error> {
        let mut probe = Probe { object: true, ..Probe::default() };
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let Some(i) = key else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            probe.keys |= 1 << i;
            if KEYS[i] == "groupMetadata" {
                self.early.set(Some(probe));
                return Err(serde::de::Error::custom("decided"));
            }
            if KEYS[i] == "id" {
                let kind = map.next_value_seed(KindSeed)?;
                probe.id_object |= kind == Kind::Object;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(probe)
    }
}

/// A key, as its index in [`KEYS`] (no allocation for borrowed keys).
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Option<usize>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Option<usize>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E>(self, key: &str) -> Result<Self::Value, E> {
        Ok(KEYS.iter().position(|k| *k == key))
    }
}

#[derive(PartialEq)]
enum Kind {
    Object,
    Other,
}

struct KindSeed;

impl<'de> DeserializeSeed<'de> for KindSeed {
    type Value = Kind;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Kind, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KindSeed {
    type Value = Kind;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("JSON")
    }
    super::loose::scalars_as!(Kind::Other);
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Kind, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Kind::Other)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Kind, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Kind::Object)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_by_keys() {
        let shape = |json: &str| Probe::scan(json).unwrap().group_shape();
        assert_eq!(shape(r#"{"Participants": null, "JID": "1@g.us"}"#), Shape::Gows);
        assert_eq!(shape(r#"{"x": 1, "id": {"_serialized": "1@g.us"}}"#), Shape::Webjs);
        assert_eq!(shape(r#"{"id": "1@g.us", "subject": "a\"b"}"#), Shape::Noweb);
        let member = |json: &str| Probe::scan(json).unwrap().participant_shape();
        assert_eq!(member(r#"{"id": "1@c.us", "role": "admin"}"#), Shape::Normalized);
        assert_eq!(member(r#"{"id": "1@c.us", "isAdmin": false}"#), Shape::Webjs);
        assert!(!Probe::scan("[1, {\"JID\": 1}]").unwrap().is_object());
        assert!(Probe::scan("{").is_none());
    }
}
