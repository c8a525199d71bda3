//! [`Raw`]: what WAHA sent, byte for byte.
//!
//! Layer: models; it may import the foundation.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use serde_json::value::RawValue;

/// The exact JSON text WAHA sent for a model, kept without re-serialising it.
///
/// It is sliced from the answer while decoding (no parse into a `Value` tree); call
/// [`Raw::parse`] when you want to walk it.
///
/// ```
/// let g = waha_groups::engine::group(r#"{"id": "1@g.us", "subject": "Team", "x-new": [1]}"#).unwrap();
/// assert_eq!(g.raw.get(), r#"{"id": "1@g.us", "subject": "Team", "x-new": [1]}"#);
/// assert_eq!(g.raw.parse().unwrap()["x-new"][0], 1);
/// ```
#[derive(Clone)]
pub struct Raw(Box<RawValue>);

impl Raw {
    /// The JSON text.
    pub fn get(&self) -> &str {
        self.0.get()
    }

    /// Parses the text into a `Value` (done on each call; keep the result if you need it twice).
    pub fn parse(&self) -> serde_json::Result<Value> {
        serde_json::from_str(self.0.get())
    }

    /// Wraps already-validated JSON (`RawValue` only exists for valid JSON).
    pub fn from_raw(raw: Box<RawValue>) -> Self {
        Raw(raw)
    }

    /// Copies a borrowed slice of an answer.
    pub(crate) fn copy(raw: &RawValue) -> Self {
        Raw(raw.to_owned())
    }

    /// Validates and keeps `json` (no copy when it has no surrounding whitespace).
    pub fn from_string(json: String) -> serde_json::Result<Self> {
        RawValue::from_string(json).map(Raw)
    }

    /// The JSON text of `value`.
    pub fn from_value(value: &Value) -> Self {
        Raw(serde_json::value::to_raw_value(value).expect("a Value always serialises"))
    }
}

impl Default for Raw {
    /// `null`.
    fn default() -> Self {
        Raw(RawValue::NULL.to_owned())
    }
}

impl PartialEq for Raw {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

impl fmt::Debug for Raw {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.get())
    }
}

impl fmt::Display for Raw {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.get())
    }
}

impl Serialize for Raw {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Box::<RawValue>::deserialize(d).map(Raw)
    }
}

impl JsonSchema for Raw {
    fn schema_name() -> Cow<'static, str> {
        "Raw".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"description": "The JSON WAHA sent, unchanged"})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_bytes_and_round_trips_through_serde() {
        let raw = Raw::from_string(r#"{"b": 1.50, "a": "\u00e9"}"#.into()).unwrap();
        assert_eq!(raw.get(), r#"{"b": 1.50, "a": "\u00e9"}"#);
        let inside = serde_json::to_string(&serde_json::json!({"raw": raw.parse().unwrap()})).unwrap();
        assert!(inside.contains("\"a\":\"é\""));
        let text = serde_json::to_string(&[&raw]).unwrap();
        assert_eq!(text, r#"[{"b": 1.50, "a": "\u00e9"}]"#);
        let back: Vec<Raw> = serde_json::from_str(&text).unwrap();
        assert_eq!(back[0], raw);
        let from_value: Raw = serde_json::from_value(serde_json::json!({"x": [1]})).unwrap();
        assert_eq!(from_value.parse().unwrap()["x"][0], 1);
        assert_eq!(Raw::default().get(), "null");
        assert!(Raw::from_string("{".into()).is_err());
    }
}
