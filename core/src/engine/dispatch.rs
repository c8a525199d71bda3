//! Decoding a raw answer by operation: the catalogue's decoders, with the result as the
//! output's JSON. The shared fixture checks (Rust, Python, Node) go through here.

use serde_json::Value;

use crate::error::Result;
use crate::ops::{self, Answer};
use crate::routes::Operation;

/// Decodes the 2xx `body` of `op` into the model the SDK method returns, as JSON.
///
/// Scalars are wrapped so every result is an object or array: setters give
/// `{"accepted": true}`, boolean getters `{"value": bool}`, invite codes `{"code", "url"}`,
/// `count` `{"count"}`, `join` `{"id"}`, `picture` `{"url"}` (see [`crate::ops`]).
/// `requested` are the member ids sent to add/remove/promote/demote (used when the answer has
/// no per-member part).
///
/// ```
/// use waha_groups::{engine::decode_response, routes::Operation};
/// let v = decode_response(Operation::GetInviteCode, "https://chat.whatsapp.com/AbC", &[]).unwrap();
/// assert_eq!(v["code"], "AbC");
/// ```
pub fn decode_response(op: Operation, body: &str, requested: &[String]) -> Result<Value> {
    decode_response_into(op, body, requested, ops::AsValue)
}

/// [`decode_response`] with the result in the form `sink` gives it.
pub fn decode_response_into<S: ops::Sink>(op: Operation, body: &str, requested: &[String], sink: S) -> Result<S::Out> {
    ops::decode_json(op, Answer { text: body, requested }, sink)
}
