//! Results as camelCase JSON text written straight from the typed model, with the bulky parts
//! moved out to be decoded and parsed only when read.
//!
//! V8's `JSON.parse` builds objects far faster than N-API calls, so a result crosses as JSON
//! text. Two kinds of value are written apart, as parts, with their index in their place: a
//! model's `raw` (WAHA's own JSON, verbatim: most of the bytes) and the value of a
//! `participants` or `payload` key (a group's members, an event's payload: most of the objects).
//!
//! Everything goes into ONE buffer: each part followed by NUL (which JSON text never holds),
//! then the head (the result's JSON). It crosses as a `Buffer` over the same memory (napi's
//! external buffer: no copy, nothing for V8's young-generation GC to move), and the facade
//! (`index.js`) decodes the head, then a part only when its getter is first read. Nothing is
//! parsed twice, and nothing is decoded or parsed that is never read.

use std::io::{self, Write};

use napi::bindgen_prelude::Buffer;
use serde::Serialize;
use serde_json::ser::{CharEscape, CompactFormatter, Formatter, Serializer};
use waha_groups::ops::Sink;

/// A result for the facade: its parts, each followed by NUL, then its head (camelCase JSON
/// where each `raw`, `participants` and `payload` value is a number, its part's index). Each
/// `raw` part is exactly what WAHA sent; each moved-out value is JSON in the head's form.
pub(crate) struct Encoded {
    /// The parts, each followed by NUL.
    parts: Vec<u8>,
    head: Vec<u8>,
}

impl Encoded {
    /// The parts, then the head, in one allocation (the parts' own, when it has room).
    fn into_bytes(mut self) -> Vec<u8> {
        self.parts.extend_from_slice(&self.head);
        self.parts
    }

    /// The buffer the facade reads (see the module docs).
    pub(crate) fn into_buffer(self) -> Buffer {
        Buffer::from(self.into_bytes())
    }

    /// The same as a string (UTF-8: serde_json writes `str`s and raw values are `str`s).
    pub(crate) fn into_string(self) -> waha_groups::Result<String> {
        String::from_utf8(self.into_bytes()).map_err(|e| waha_groups::Error::decode(e.to_string(), ""))
    }

    /// The head's JSON.
    #[cfg(test)]
    pub(crate) fn head(&self) -> &str {
        std::str::from_utf8(&self.head).unwrap_or_default()
    }

    /// The parts, in index order.
    #[cfg(test)]
    pub(crate) fn parts(&self) -> Vec<&str> {
        let Some(parts) = self.parts.strip_suffix(b"\0") else { return Vec::new() };
        parts.split(|b| *b == 0).map(|p| std::str::from_utf8(p).unwrap_or_default()).collect()
    }

    /// The last part's text, with where it starts.
    fn last(&self) -> Option<(usize, &[u8])> {
        let parts = self.parts.strip_suffix(b"\0")?;
        let start = parts.iter().rposition(|b| *b == 0).map_or(0, |nul| nul + 1);
        Some((start, &parts[start..]))
    }

    /// The last part's text.
    pub(crate) fn last_part(&self) -> Option<&[u8]> {
        self.last().map(|(_, text)| text)
    }

    /// Replaces the last part with `text`; no-op without parts (see [`Encoded::last_part`]).
    pub(crate) fn replace_last_part(&mut self, text: &[u8]) {
        let Some((start, _)) = self.last() else { return };
        self.parts.truncate(start);
        self.parts.extend_from_slice(text);
        self.parts.push(0);
    }
}

/// Keys whose array or object value a result writes apart (see the module docs).
const APART: &[&[u8]] = &[b"participants", b"payload"];

/// Writes keys in camelCase, each `RawValue` as its index in `parts`, and the value of an
/// [`APART`] key into its own part. serde_json hands a raw value to the formatter as one
/// fragment, so none is parsed or re-escaped.
struct PartsFormatter<'a> {
    /// Finished parts, each followed by NUL.
    parts: &'a mut Vec<u8>,
    /// How many parts there are.
    count: usize,
    /// The keys whose values go apart.
    apart_keys: &'a [&'a [u8]],
    /// Values being written apart, innermost last: (nesting depth they opened at, text).
    apart: Vec<(usize, Vec<u8>)>,
    depth: usize,
    in_key: bool,
    upper_next: bool,
    /// The key being written, while it could still be an [`APART`] one.
    key: Vec<u8>,
    /// The last key was an [`APART`] one: its value starts next.
    apart_next: bool,
    /// The last key was a [`VERBATIM`] one: its value starts next.
    verbatim_next: bool,
    /// The nesting depth a [`VERBATIM`] value opened at, while it is being written.
    verbatim: Option<usize>,
    /// Texts written in place of the raw values, in order (see [`encode_group_list`]).
    raws: &'a [&'a str],
    /// How many of `raws` were written.
    raws_written: &'a mut usize,
}

/// Keys whose value is the user's own JSON: its keys are written as they are (not camel-cased)
/// and nothing in it goes apart.
const VERBATIM: &[&[u8]] = &[b"metadata"];

impl PartsFormatter<'_> {
    /// Where output goes now: the innermost value written apart, else the result.
    fn out<'a, W: ?Sized + Write>(&'a mut self, writer: &'a mut W) -> Target<'a, W> {
        match self.apart.last_mut() {
            Some((_, text)) => Target::Apart(text),
            None => Target::Main(writer),
        }
    }

    /// A part's index, written where the part was.
    fn put_part<W: ?Sized + Write>(&mut self, writer: &mut W, text: &[u8]) -> io::Result<()> {
        let index = self.count;
        self.count += 1;
        self.parts.extend_from_slice(text);
        self.parts.push(0);
        write!(self.out(writer), "{index}")
    }

    /// A container opens: an [`APART`] value starts its own part.
    fn open(&mut self) {
        self.depth += 1;
        if std::mem::take(&mut self.apart_next) {
            self.apart.push((self.depth, Vec::with_capacity(256)));
        }
        if std::mem::take(&mut self.verbatim_next) {
            self.verbatim = Some(self.depth);
        }
    }

    /// A scalar value: no container follows the last key.
    fn scalar(&mut self) {
        self.apart_next = false;
        self.verbatim_next = false;
    }

    /// A container closed: a finished apart value becomes a part.
    fn close<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.depth -= 1;
        if self.verbatim == Some(self.depth + 1) {
            self.verbatim = None;
        }
        if self.apart.last().is_some_and(|(depth, _)| *depth == self.depth + 1) {
            let (_, text) = self.apart.pop().unwrap_or_default();
            return self.put_part(writer, &text);
        }
        Ok(())
    }
}

/// snake_case → camelCase, a piece at a time: `upper_next` carries a trailing `_` over to the
/// next piece (a key can reach the formatter in several fragments).
pub(crate) fn push_camel(snake: &[u8], upper_next: &mut bool, out: &mut Vec<u8>) {
    for &b in snake {
        match b {
            b'_' => *upper_next = true,
            _ if *upper_next => {
                out.push(b.to_ascii_uppercase());
                *upper_next = false;
            }
            _ => out.push(b),
        }
    }
}

/// The result, or the part being written apart.
enum Target<'a, W: ?Sized> {
    Main(&'a mut W),
    Apart(&'a mut Vec<u8>),
}

impl<W: ?Sized + Write> Write for Target<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Target::Main(w) => w.write(buf),
            Target::Apart(v) => v.write(buf),
        }
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Target::Main(w) => w.write_all(buf),
            Target::Apart(v) => v.write_all(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The scalar writers: a scalar value ends any wait for an apart value (`"payload": null`).
macro_rules! scalars {
    ($($method:ident($t:ty)),+ $(,)?) => {$(
        fn $method<W: ?Sized + Write>(&mut self, writer: &mut W, value: $t) -> io::Result<()> {
            self.scalar();
            CompactFormatter.$method(&mut self.out(writer), value)
        }
    )+};
}

impl Formatter for PartsFormatter<'_> {
    scalars!(
        write_bool(bool),
        write_i8(i8),
        write_i16(i16),
        write_i32(i32),
        write_i64(i64),
        write_i128(i128),
        write_u8(u8),
        write_u16(u16),
        write_u32(u32),
        write_u64(u64),
        write_u128(u128),
        write_f32(f32),
        write_f64(f64),
        write_number_str(&str),
        write_byte_array(&[u8]),
    );

    fn write_null<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.scalar();
        CompactFormatter.write_null(&mut self.out(writer))
    }

    fn begin_string<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        if !self.in_key {
            self.scalar();
        }
        CompactFormatter.begin_string(&mut self.out(writer))
    }

    fn end_string<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        CompactFormatter.end_string(&mut self.out(writer))
    }

    fn write_char_escape<W: ?Sized + Write>(&mut self, writer: &mut W, escape: CharEscape) -> io::Result<()> {
        self.key.clear(); // an escaped key is never an APART one
        CompactFormatter.write_char_escape(&mut self.out(writer), escape)
    }

    fn write_string_fragment<W: ?Sized + Write>(&mut self, writer: &mut W, fragment: &str) -> io::Result<()> {
        if !self.in_key || self.verbatim.is_some() {
            return self.out(writer).write_all(fragment.as_bytes());
        }
        self.key.extend_from_slice(fragment.as_bytes());
        if !fragment.contains('_') && !self.upper_next {
            return self.out(writer).write_all(fragment.as_bytes());
        }
        let mut camel = Vec::with_capacity(fragment.len());
        push_camel(fragment.as_bytes(), &mut self.upper_next, &mut camel);
        self.out(writer).write_all(&camel)
    }

    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open();
        CompactFormatter.begin_array(&mut self.out(writer))
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        CompactFormatter.end_array(&mut self.out(writer))?;
        self.close(writer)
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        CompactFormatter.begin_array_value(&mut self.out(writer), first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        CompactFormatter.end_array_value(&mut self.out(writer))
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open();
        CompactFormatter.begin_object(&mut self.out(writer))
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        CompactFormatter.end_object(&mut self.out(writer))?;
        self.close(writer)
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        self.in_key = true;
        self.upper_next = false;
        self.key.clear();
        CompactFormatter.begin_object_key(&mut self.out(writer), first)
    }

    fn end_object_key<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.in_key = false;
        if self.verbatim.is_none() {
            self.apart_next = self.apart_keys.contains(&self.key.as_slice());
            self.verbatim_next = VERBATIM.contains(&self.key.as_slice());
        }
        CompactFormatter.end_object_key(&mut self.out(writer))
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        CompactFormatter.begin_object_value(&mut self.out(writer))
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        CompactFormatter.end_object_value(&mut self.out(writer))
    }

    fn write_raw_fragment<W: ?Sized + Write>(&mut self, writer: &mut W, fragment: &str) -> io::Result<()> {
        self.scalar();
        let text = self.raws.get(*self.raws_written).copied().unwrap_or(fragment);
        *self.raws_written += 1;
        self.put_part(writer, text.as_bytes())
    }
}

/// `value` as an [`Encoded`] result.
pub(crate) fn encode<T: Serialize + ?Sized>(value: &T) -> waha_groups::Result<Encoded> {
    encode_apart(value, APART)
}

/// `value` as an [`Encoded`] result, with the values of `apart_keys` written apart.
pub(crate) fn encode_apart<T: Serialize + ?Sized>(value: &T, apart_keys: &[&[u8]]) -> waha_groups::Result<Encoded> {
    encode_with(value, apart_keys, &[])
}

/// `GET /groups`' answer as an [`Encoded`] list, read in one pass
/// ([`waha_groups::engine::group_list_ranges`]): each group's `raw` part is its text in `answer`.
pub(crate) fn encode_group_list(answer: &str) -> waha_groups::Result<Encoded> {
    let (groups, raws): (Vec<_>, Vec<_>) =
        waha_groups::engine::group_list_ranges(answer)?.into_iter().map(|(g, range)| (g, &answer[range])).unzip();
    encode_with(&groups, APART, &raws)
}

/// `value` as an [`Encoded`] result; its raw values, in order, are written as `raws` says (when
/// given: one per raw value, which the caller's model holds as `null`).
fn encode_with<T: Serialize + ?Sized>(value: &T, apart_keys: &[&[u8]], raws: &[&str]) -> waha_groups::Result<Encoded> {
    let (mut head, mut parts, mut raws_written) = (Vec::with_capacity(256), Vec::new(), 0);
    let formatter = PartsFormatter {
        parts: &mut parts,
        count: 0,
        apart_keys,
        apart: Vec::new(),
        depth: 0,
        in_key: false,
        upper_next: false,
        key: Vec::new(),
        apart_next: false,
        verbatim_next: false,
        verbatim: None,
        raws,
        raws_written: &mut raws_written,
    };
    value
        .serialize(&mut Serializer::with_formatter(&mut head, formatter))
        .map_err(|e| waha_groups::Error::decode(format!("cannot serialise the result: {e}"), ""))?;
    if !raws.is_empty() && raws_written != raws.len() {
        return Err(waha_groups::Error::decode("the result's raw values and their texts differ in number", ""));
    }
    Ok(Encoded { parts, head })
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
    fn keys_are_camel_case_and_bulky_values_move_out() {
        let text = r#"{"id": "1@g.us", "subject": "T", "creation": 5, "participants": [{"id": "2@c.us"}]}"#;
        let g = waha_groups::engine::group(text).unwrap();
        let out = encode(&[&g, &g]).unwrap();
        assert!(
            out.head().starts_with(
                r#"[{"id":"1@g.us","subject":"T","description":null,"owner":null,"createdAt":5000,"participants":0,"#
            ),
            "{}",
            out.head()
        );
        assert!(out.head().ends_with(r#""inviteCode":null,"raw":3}]"#), "{}", out.head());
        let parts = out.parts();
        assert_eq!(parts.len(), 4);
        assert_eq!(parts[0], r#"[{"id":"2@c.us","pn":"2@c.us","role":"participant"}]"#);
        assert_eq!((parts[1], parts[3]), (text, text));
        assert_eq!(out.last_part(), Some(text.as_bytes()));
        let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(
            r#"{"a_b\u00e9_c": "x_y", "payload": null, "participants": [], "x": {"payload": {}}}"#,
        )
        .unwrap();
        let out = encode(&map).unwrap();
        assert_eq!(out.head(), r#"{"aBéC":"x_y","payload":null,"participants":0,"x":{"payload":1}}"#);
        assert_eq!(out.parts(), ["[]", "{}"]);
        // The user's metadata is written as it is: keys not camel-cased, nothing moved apart.
        let map: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(r#"{"metadata": {"a_b": {"payload": {"c_d": 1}}}, "e_f": {"payload": {}}}"#).unwrap();
        let out = encode(&map).unwrap();
        assert_eq!(out.head(), r#"{"metadata":{"a_b":{"payload":{"c_d":1}}},"eF":{"payload":0}}"#);
        let mut none = encode(&[1]).unwrap();
        assert_eq!((none.parts(), none.last_part()), (Vec::<&str>::new(), None));
        none.replace_last_part(b"x");
        assert_eq!(none.into_string().unwrap(), "[1]");
    }

    #[test]
    fn a_group_list_takes_each_raw_from_the_answer() {
        let answer = r#" [ {"id": "1@g.us", "subject": "é", "participants": [{"id": "2@c.us"}]} ,{"id":"3@g.us"}] "#;
        let out = encode_group_list(answer).unwrap();
        assert_eq!(
            out.parts(),
            [
                r#"[{"id":"2@c.us","pn":"2@c.us","role":"participant"}]"#,
                r#"{"id": "1@g.us", "subject": "é", "participants": [{"id": "2@c.us"}]}"#,
                "[]",
                r#"{"id":"3@g.us"}"#,
            ]
        );
        assert!(out.head().contains(r#""subject":"é""#) && out.head().ends_with(r#""raw":3}]"#), "{}", out.head());
        assert!(encode_group_list("[1]").is_err());
        // One text per raw value, or an error (never a raw shifted onto another group).
        let g = waha_groups::engine::group(r#"{"id": "1@g.us"}"#).unwrap();
        assert!(encode_with(&[&g, &g], APART, &["{}"]).is_err());
        assert!(encode_with(&[&g], APART, &["{}", "{}"]).is_err());
        assert_eq!(encode_with(&[&g], APART, &["{}"]).unwrap().parts(), ["[]", "{}"]);
    }

    #[test]
    fn apart_values_nest() {
        let event = waha_groups::webhook::parse(
            br#"{"event": "group.v2.participants", "session": "s", "payload": {"type": "join", "group": {"id": "1@g.us"}, "participants": [{"id": "2@c.us", "role": "participant"}]}}"#,
        )
        .unwrap();
        let out = encode(&event).unwrap();
        assert!(out.head().contains(r#""payload":1,"raw":2}"#), "{}", out.head());
        let parts = out.parts();
        assert!(parts[1].contains(r#""participants":0"#), "{}", parts[1]);
        assert_eq!(parts[0], r#"[{"id":"2@c.us","pn":"2@c.us","role":"participant"}]"#);
        let head = out.head().to_owned();
        let mut out = out;
        out.replace_last_part(br#"{"x": 1}"#);
        assert_eq!((out.parts().len(), out.parts()[2], out.head()), (3, r#"{"x": 1}"#, head.as_str()));
        let text = out.into_string().unwrap();
        assert!(text.ends_with(&format!("\0{{\"x\": 1}}\0{head}")), "{text}");
    }
}
