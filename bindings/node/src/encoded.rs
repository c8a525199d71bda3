//! Results as camelCase JSON text written straight from the typed model, with every `raw`
//! moved out of the text.
//!
//! V8's `JSON.parse` builds objects far faster than N-API calls, so a result crosses as one
//! JSON string. A model's `raw` (WAHA's own JSON, most of the bytes) is not in it: the text
//! holds its index in `raws`, and the facade (`index.js`) turns it into a getter that parses
//! that string the first time `raw` is read. Nothing is parsed twice, and nothing is parsed
//! that is never read.

use std::io::{self, Write};

use napi_derive::napi;
use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, Serializer};
use waha_groups::ops::Sink;

/// A result for the facade: `json` (camelCase keys; each `raw` is a number, its index in
/// `raws`) and the `raws` texts, exactly as WAHA sent them.
#[napi(object)]
pub struct Encoded {
    pub json: String,
    pub raws: Vec<String>,
}

/// Writes keys in camelCase and each `RawValue` as its index in `raws` (serde_json hands raw
/// values to the formatter as one fragment, so none is parsed or re-escaped).
struct CamelFormatter<'a> {
    raws: &'a mut Vec<String>,
    in_key: bool,
    upper_next: bool,
}

impl Formatter for CamelFormatter<'_> {
    fn begin_object_key<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        self.in_key = true;
        self.upper_next = false;
        CompactFormatter.begin_object_key(writer, first)
    }

    fn end_object_key<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.in_key = false;
        CompactFormatter.end_object_key(writer)
    }

    fn write_string_fragment<W: ?Sized + Write>(&mut self, writer: &mut W, fragment: &str) -> io::Result<()> {
        if !self.in_key || !fragment.contains('_') && !self.upper_next {
            return writer.write_all(fragment.as_bytes());
        }
        for &b in fragment.as_bytes() {
            match b {
                b'_' => self.upper_next = true,
                _ if self.upper_next => {
                    writer.write_all(&[b.to_ascii_uppercase()])?;
                    self.upper_next = false;
                }
                _ => writer.write_all(&[b])?,
            }
        }
        Ok(())
    }

    fn write_raw_fragment<W: ?Sized + Write>(&mut self, writer: &mut W, fragment: &str) -> io::Result<()> {
        write!(writer, "{}", self.raws.len())?;
        self.raws.push(fragment.to_owned());
        Ok(())
    }
}

/// `value` as an [`Encoded`] result.
pub(crate) fn encode<T: Serialize + ?Sized>(value: &T) -> waha_groups::Result<Encoded> {
    let mut raws = Vec::new();
    let mut json = Vec::with_capacity(256);
    let formatter = CamelFormatter { raws: &mut raws, in_key: false, upper_next: false };
    value
        .serialize(&mut Serializer::with_formatter(&mut json, formatter))
        .map_err(|e| waha_groups::Error::decode(format!("cannot serialise the result: {e}"), ""))?;
    // serde_json writes valid UTF-8 (keys and strings come from `str`s, raws are `str`s).
    let json = String::from_utf8(json).map_err(|e| waha_groups::Error::decode(e.to_string(), ""))?;
    Ok(Encoded { json, raws })
}

/// The [`Sink`] the catalogue's by-name calls and decoders write into.
pub(crate) struct AsEncoded;

impl Sink for AsEncoded {
    type Out = Encoded;
    fn put<T: Serialize>(&self, value: &T) -> waha_groups::Result<Encoded> {
        encode(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_camel_case_and_raws_move_out_verbatim() {
        let g = waha_groups::engine::group(r#"{"id": "1@g.us", "subject": "T", "x_y": [1, 2.50]}"#).unwrap();
        let out = encode(&[&g, &g]).unwrap();
        assert!(out.json.starts_with(r#"[{"id":"1@g.us","subject":"T","#), "{}", out.json);
        assert!(out.json.contains(r#""createdAt":null"#) && out.json.contains(r#""raw":0}"#), "{}", out.json);
        assert!(out.json.ends_with(r#""raw":1}]"#), "{}", out.json);
        assert_eq!(out.raws, vec![g.raw.get().to_owned(), g.raw.get().to_owned()]);
        let map: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(r#"{"a_b\u00e9_c": "x_y"}"#).unwrap();
        assert_eq!(encode(&map).unwrap().json, r#"{"aBéC":"x_y"}"#);
    }
}
