//! Webhook parsing for the facade: one string per event.
//!
//! Turning a whole event into JS objects up front cost more than `JSON.parse` of the body
//! itself (the envelope's `me`/`environment`/`metadata` objects are most of its keys). So the
//! event crosses as one string laid out as every result is (see [`crate::encoded`]): each part
//! followed by NUL, then the head (its scalars, with part indexes for `metadata`, `me`,
//! `environment`, `payload` and `raw`). A string, not a `Buffer`: an event is small, and an
//! external buffer's finalizer costs more than copying it.
//! The facade parses the head when a field is first read, and a part when it is first read.
//! The event is parsed without its own `raw` (`webhook::parse_without_raw`: building it costs a
//! validating scan of the whole body); the body itself is that part.

use napi::bindgen_prelude::*;
use napi_derive::napi;
use waha_groups::webhook::{self, WebhookEvent};

use crate::encoded::encode_apart;
use crate::{bytes, js_err, pairs};

/// Keys whose value is written apart (`raw`, a raw value, always is).
const APART: &[&[u8]] = &[b"metadata", b"me", b"environment", b"payload"];

/// Parses (and with a key verifies) a webhook body; `headers` as [name, value] pairs (none:
/// `undefined`, which spares converting an empty array on every call). Returns
/// the event as one string: each part followed by NUL, then the head's JSON (scalars, and part
/// indexes for `metadata`, `me`, `environment`, `payload`, `raw`); the facade's `WebhookEvent`
/// reads it.
#[napi]
pub fn parse_webhook(
    body: Either<&[u8], String>,
    headers: Option<Vec<Vec<String>>>,
    hmac_key: Option<Either<Buffer, String>>,
) -> Result<String> {
    let body: &[u8] = match &body {
        Either::A(b) => b,
        Either::B(s) => s.as_bytes(),
    };
    let headers = pairs(headers.unwrap_or_default())?;
    if let Some(key) = hmac_key {
        webhook::verify(body, &headers, &bytes(key)).map_err(js_err)?;
    }
    let mut event = webhook::parse_without_raw(body).map_err(js_err)?;
    event.request_id = webhook::request_id(&headers);
    crossing(&event, body).map_err(js_err)
}

/// The string an event parsed from `body` crosses as (see the module docs).
fn crossing(event: &WebhookEvent, body: &[u8]) -> waha_groups::Result<String> {
    let mut encoded = encode_apart(event, APART)?;
    // The event's own `raw` is its last field, so its (`null`) part is the last one.
    if encoded.last_part() != Some(b"null") {
        return Err(waha_groups::Error::decode("the event's raw is not its last part", ""));
    }
    // `parse_without_raw` accepted `body`, so it is UTF-8 JSON; an error here would be a bug,
    // and an empty `raw` would lose what WAHA sent.
    let text = std::str::from_utf8(body).map_err(|e| waha_groups::Error::decode(e.to_string(), ""))?;
    encoded.replace_last_part(text.trim().as_bytes());
    encoded.into_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_head_names_its_parts() {
        let body = r#"{"event": "group.v2.join", "session": "s", "me": null, "metadata": {"k_1": 1},
            "payload": {"group": {"id": "1@g.us", "participants": []}}}"#;
        let text = crossing(&webhook::parse_without_raw(body.as_bytes()).unwrap(), body.as_bytes()).unwrap();
        let pieces: Vec<&str> = text.split('\0').collect();
        let head: serde_json::Value = serde_json::from_str(pieces[pieces.len() - 1]).unwrap();
        let part = |key: &str| pieces[head[key].as_u64().unwrap() as usize];
        assert_eq!(
            (head["event"].as_str(), head["me"].is_null(), head["requestId"].is_null()),
            (Some("group.v2.join"), true, true)
        );
        // metadata is the user's: its keys are kept as sent, not camel-cased.
        assert_eq!(part("metadata"), r#"{"k_1":1}"#);
        assert_eq!(part("raw"), body);
        let payload: serde_json::Value = serde_json::from_str(part("payload")).unwrap();
        assert_eq!(payload["group"]["id"], "1@g.us");
        let group_raw = pieces[payload["group"]["raw"].as_u64().unwrap() as usize];
        assert_eq!(group_raw, r#"{"id": "1@g.us", "participants": []}"#);
    }
}
