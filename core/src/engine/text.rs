//! Reading JSON answer text: one value as a type, the items of an array or the entries of an
//! object as slices of the text, a whole answer as `raw`, nesting checks, and a setter's
//! accepted/refused answer.
//!
//! Layer: wire shapes (a leaf of `engine`); it may import the foundation and `model`.

use serde::Deserialize;
use serde::de::{DeserializeOwned, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;

use crate::error::{Error, ErrorKind, Result};
use crate::model::Raw;

/// Reads `json` as `T`; a mismatch is a `Decode` error naming `what`.
pub(crate) fn read<'a, T: Deserialize<'a>>(json: &'a str, what: &str) -> Result<T> {
    serde_json::from_str(json).map_err(|e| Error::decode(format!("{what}: {e}"), json).with_source(e))
}

/// An empty answer reads as JSON `null`.
pub(crate) fn or_null(json: &str) -> &str {
    if json.trim().is_empty() { "null" } else { json }
}

/// `raw` for a whole answer (validated; no copy when the text has no surrounding whitespace).
pub(crate) fn whole(json: &str) -> Result<Raw> {
    Raw::from_string(or_null(json).trim().to_owned())
        .map_err(|e| Error::decode(format!("response is not JSON: {e}"), json).with_source(e))
}

/// The first significant character, to tell arrays, objects and strings apart before reading.
pub(crate) fn lead(json: &str) -> u8 {
    json.trim_start().bytes().next().unwrap_or(b'n')
}

/// Whether an array answer has items to read: `null` and an empty answer have none, anything
/// but an array is an error.
pub(crate) fn has_items(json: &str, what: &str) -> Result<bool> {
    match lead(json) {
        b'[' => Ok(true),
        b'n' => read::<()>(or_null(json), what).map(|()| false),
        _ => Err(Error::decode(format!("{what}: expected a JSON array"), json)),
    }
}

/// The items of an array answer (`null`/empty: none), each a slice of `json`.
pub(crate) fn items<'a>(json: &'a str, what: &str) -> Result<Vec<&'a RawValue>> {
    if has_items(json, what)? { read(json, what) } else { Ok(Vec::new()) }
}

/// Values of an object in order, each a slice of `json`, with their keys.
pub(crate) fn entries<'a>(json: &'a str, what: &str) -> Result<Vec<(String, &'a RawValue)>> {
    struct Entries;
    impl<'de> Visitor<'de> for Entries {
        type Value = Vec<(String, &'de RawValue)>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Self::Value, A::Error> {
            let mut out = Vec::with_capacity(map.size_hint().unwrap_or(16));
            while let Some(entry) = map.next_entry()? {
                out.push(entry);
            }
            Ok(out)
        }
    }
    let mut de = serde_json::Deserializer::from_str(json);
    let out = serde::Deserializer::deserialize_map(&mut de, Entries).and_then(|v| de.end().map(|()| v));
    out.map_err(|e| Error::decode(format!("{what}: {e}"), json).with_source(e))
}

/// Decodes each item of an array answer into `M` through the wire struct `W`, keeping its slice.
pub(crate) fn each<W, M>(json: &str, what: &str, set_raw: fn(&mut M, Raw)) -> Result<Vec<M>>
where
    W: DeserializeOwned + Into<M>,
{
    items(json, what)?
        .into_iter()
        .map(|item| {
            let mut model: M = read::<W>(item.get(), what)?.into();
            set_raw(&mut model, Raw::copy(item));
            Ok(model)
        })
        .collect()
}

/// How deep JSON text may nest and still be handed to another JSON parser: serde_json's own
/// limit (and far below Python's and V8's). Decoders keep `raw` as WAHA sent it without parsing
/// it, so text handed to a binding is checked against this.
pub const MAX_NESTING: usize = 128;

/// Whether `json` nests arrays and objects at most [`MAX_NESTING`] deep (strings are skipped).
///
/// ```
/// use waha_groups::engine::{nesting_ok, MAX_NESTING};
/// assert!(nesting_ok(r#"{"a": [1, {"b": "[[[["}]}"#));
/// assert!(!nesting_ok(&"[".repeat(MAX_NESTING + 1)));
/// ```
pub fn nesting_ok(json: &str) -> bool {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for &b in json.as_bytes() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return false;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    true
}

/// Checks that `json` is one JSON value (for answers whose content does not matter).
pub(crate) fn valid_json(json: &str) -> Result<()> {
    read::<IgnoredAny>(or_null(json), "response").map(drop)
}
/// Maps a setter's answer: text `false` means WhatsApp refused, anything else is success
/// (text `true`, an empty body, or JSON `{"success": true}`).
pub(crate) fn accepted(answer: &str, what: &str) -> Result<()> {
    let text = answer.trim();
    let refused = match text {
        "false" => true,
        _ => serde_json::from_str::<Value>(text)
            .ok()
            .and_then(|v| v.get("success").and_then(Value::as_bool))
            .is_some_and(|ok| !ok),
    };
    if refused {
        return Err(Error::new(
            ErrorKind::Refused,
            format!("WhatsApp refused to {what} (is this account an admin of the group?)"),
        )
        .with_status(200)
        .with_body(answer));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setter_answers() {
        let ok = |t: &str| accepted(t, "x");
        assert!(ok("").is_ok());
        assert!(ok("true").is_ok());
        assert!(ok("{\"success\":true}").is_ok());
        assert_eq!(ok("false").unwrap_err().kind(), ErrorKind::Refused);
        assert_eq!(ok("{\"success\":false}").unwrap_err().kind(), ErrorKind::Refused);
    }
}
