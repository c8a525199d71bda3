//! Reading wire structs from text: a whole answer, or the items of an array answer in place,
//! each read once and located by where its text ends.
//!
//! Cutting an array into `RawValue`s first is a whole validating pass of its own (a fifth of a
//! WEBJS list decode); reading each item straight from the array and noting where it ended
//! gives the same slices, validated by the typed read itself.
//!
//! Layer: wire shapes; it may import the foundation and `model`.

use std::cell::Cell;
use std::ops::Range;

use serde::Deserialize;

use crate::error::{Error, Result};

/// How a wire struct is read from a text.
pub(crate) trait Reading {
    /// Reads `T` from `json`; a mismatch is a `Decode` error naming `what`.
    fn read<'a, T: Deserialize<'a>>(&self, json: &'a str, what: &str) -> Result<T>;
}

/// The whole text is the value.
pub(crate) struct Whole;

impl Reading for Whole {
    fn read<'a, T: Deserialize<'a>>(&self, json: &'a str, what: &str) -> Result<T> {
        super::text::read(json, what)
    }
}

/// The value starts the text (more may follow); [`First::end`] says where it ended.
#[derive(Default)]
pub(crate) struct First(Cell<usize>);

impl First {
    /// The length of the value last read.
    pub(crate) fn end(&self) -> usize {
        self.0.get()
    }
}

impl Reading for First {
    fn read<'a, T: Deserialize<'a>>(&self, json: &'a str, what: &str) -> Result<T> {
        let mut values = serde_json::Deserializer::from_str(json).into_iter::<T>();
        match values.next() {
            Some(Ok(value)) => {
                self.0.set(values.byte_offset());
                Ok(value)
            }
            Some(Err(e)) => Err(Error::decode(format!("{what}: {e}"), json).with_source(e)),
            None => Err(Error::decode(format!("{what}: expected a value"), json)),
        }
    }
}

fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r')) {
        at += 1;
    }
    at
}

/// The items of an array answer (`null`/empty: none), each read in place by `read_item` from
/// the text that starts with it (it returns the item and its length), with its range in `json`.
pub(crate) fn array_items<T>(
    json: &str,
    what: &str,
    mut read_item: impl FnMut(&str) -> Result<(T, usize)>,
) -> Result<Vec<(T, Range<usize>)>> {
    let bytes = json.as_bytes();
    let fail = |message: &str| Err(Error::decode(format!("{what}: {message}"), json));
    if !super::text::has_items(json, what)? {
        return Ok(Vec::new());
    }
    let mut at = skip_space(bytes, 0);
    if bytes.get(at) != Some(&b'[') {
        return fail("expected a JSON array"); // after whitespace JSON does not allow
    }
    at = skip_space(bytes, at + 1);
    let mut out = Vec::new();
    if bytes.get(at) == Some(&b']') {
        at += 1;
    } else {
        loop {
            let (item, len) = read_item(&json[at..])?;
            out.push((item, at..at + len));
            at = skip_space(bytes, at + len);
            match bytes.get(at) {
                Some(b',') => at = skip_space(bytes, at + 1),
                Some(b']') => {
                    at += 1;
                    break;
                }
                _ => return fail(&format!("expected `,` or `]` at byte {at}")),
            }
        }
    }
    if skip_space(bytes, at) != bytes.len() {
        return fail(&format!("trailing characters at byte {at}"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(json: &str) -> Result<Vec<(u32, Range<usize>)>> {
        array_items(json, "numbers", |rest| {
            let first = First::default();
            let n: u32 = first.read(rest, "number")?;
            Ok((n, first.end()))
        })
    }

    #[test]
    fn items_are_read_in_place_with_their_ranges() {
        let json = " [ 1 ,\n22,333 ] ";
        let items = numbers(json).unwrap();
        assert_eq!(items.iter().map(|(n, _)| *n).collect::<Vec<_>>(), [1, 22, 333]);
        assert_eq!(items.iter().map(|(_, r)| &json[r.clone()]).collect::<Vec<_>>(), ["1", "22", "333"]);
        for empty in ["", "  ", "null", " [ ] ", "[]", "\u{a0}"] {
            assert!(numbers(empty).unwrap().is_empty(), "{empty:?}");
        }
    }

    #[test]
    fn malformed_arrays_name_the_problem() {
        for (json, says) in [
            ("[1 2]", "expected `,` or `]`"),
            ("[1,]", "expected value"),
            ("[1", "expected `,` or `]`"),
            ("[1] x", "trailing characters"),
            ("{}", "expected a JSON array"),
            ("\u{a0}[1]", "expected a JSON array"),
            ("nul", "EOF while parsing"),
            ("[\"a\"]", "invalid type"),
        ] {
            let err = numbers(json).unwrap_err();
            assert!(err.message().contains(says), "{json}: {}", err.message());
            assert_eq!(err.kind(), crate::ErrorKind::Decode);
        }
    }
}
