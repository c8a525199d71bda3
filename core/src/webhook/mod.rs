//! WAHA webhooks: the envelope, the 7 group events, HMAC verification and signing.
//!
//! ```
//! use waha_groups::webhook::{self, GroupEvent, ParticipantsChange};
//!
//! let body = br#"{"event":"group.v2.participants","session":"default","engine":"GOWS",
//!   "payload":{"type":"join","timestamp":1740000000123,"group":{"id":"1@g.us"},
//!              "participants":[{"id":"111@c.us","role":"participant"}]}}"#;
//! let signature = webhook::sign(body, b"hmac-key");
//! let headers = [("X-Webhook-Hmac", signature.as_str()), ("X-Webhook-Hmac-Algorithm", "sha512")];
//! let event = webhook::parse_verified(body, &headers[..], b"hmac-key")?;
//! match event.payload {
//!     GroupEvent::Participants(p) if p.kind == ParticipantsChange::Join => {
//!         assert_eq!(p.group_id, "1@g.us");
//!         assert_eq!(p.participants[0].id, "111@c.us");
//!     }
//!     other => panic!("unexpected {other:?}"),
//! }
//! # Ok::<(), waha_groups::Error>(())
//! ```
//!
//! Facts from spec §4: payload timestamps are seconds on WEBJS and milliseconds elsewhere
//! (normalised to ms here); `membersCanSendMessages` carries WhatsApp's `announce` flag
//! (i.e. *inverted*) except in GOWS update events, and WEBJS puts `restrict` (info-admin-only)
//! into `membersCanAddNewMember` — the decoded [`Group`](crate::Group)/[`GroupPatch`](crate::GroupPatch) fields say what the
//!
//! The module's files, each with one reason to change: `events` (the public event types),
//! `signature` (headers, HMAC signing and verification), `envelope` (the one-pass read of the
//! envelope), `payloads` (each event's payload) and `quirks` (how each engine fills WAHA's
//! `GroupInfo`). Layer: events, above the wire shapes (`engine`); it may import the
//! foundation, `model` and `engine`, and nothing above.

mod envelope;
mod events;
mod payloads;
mod quirks;
mod signature;

use serde_json::Value;
use serde_json::value::RawValue;

use crate::error::Result;
use crate::model::Raw;
use envelope::envelope;
use events::not_json;

pub use events::{
    GROUP_EVENTS, GroupEvent, GroupJoined, GroupLeft, GroupUpdated, JoinRequestAction, JoinRequestChanged,
    LegacyGroupEvent, ParticipantsChange, ParticipantsChanged, WebhookEvent,
};
pub use signature::{
    HMAC_ALGORITHM_HEADER, HMAC_HEADER, Headers, REQUEST_ID_HEADER, TIMESTAMP_HEADER, request_id, sign, verify,
};

/// Parses a webhook body (no signature check). Never panics, whatever the input.
///
/// The envelope and the payload are read with serde structs straight from the bytes; `raw`
/// fields are slices of the body, never re-serialised.
pub fn parse(body: &[u8]) -> Result<WebhookEvent> {
    let raw: &RawValue = serde_json::from_slice(body).map_err(not_json)?;
    let mut event = envelope(raw.get())?;
    event.raw = Raw::copy(raw);
    Ok(event)
}

/// Parses like [`parse`] but leaves [`WebhookEvent::raw`] `null`, for callers that keep the
/// body themselves (the Node binding): a `RawValue` of the whole body costs a validating scan
/// of its own, a fifth of a parse.
///
/// ```
/// let e = waha_groups::webhook::parse_without_raw(br#"{"event": "message", "session": "s", "payload": {}}"#)?;
/// assert_eq!((e.event.as_str(), e.raw.get()), ("message", "null"));
/// # Ok::<(), waha_groups::Error>(())
/// ```
pub fn parse_without_raw(body: &[u8]) -> Result<WebhookEvent> {
    envelope(std::str::from_utf8(body).map_err(not_json)?)
}

/// Parses an already-decoded envelope.
pub fn from_value(value: Value) -> Result<WebhookEvent> {
    let raw = Raw::from_value(&value);
    let mut event = envelope(raw.get())?;
    event.raw = raw;
    Ok(event)
}

/// Verifies the signature, then parses; fills [`WebhookEvent::request_id`].
pub fn parse_verified<H: Headers + ?Sized>(body: &[u8], headers: &H, key: &[u8]) -> Result<WebhookEvent> {
    verify(body, headers, key)?;
    parse_with_headers(body, headers)
}

/// Parses without verifying but reads `X-Webhook-Request-Id` from `headers`.
pub fn parse_with_headers<H: Headers + ?Sized>(body: &[u8], headers: &H) -> Result<WebhookEvent> {
    let mut event = parse(body)?;
    event.request_id = request_id(headers);
    Ok(event)
}

#[cfg(test)]
mod tests {
    use super::envelope::V2_EVENTS;
    use super::*;
    use crate::ErrorKind;
    use std::collections::HashMap;

    const VECTOR_BODY: &[u8] = br#"{"event":"message","session":"default","engine":"WEBJS"}"#;

    #[test]
    fn documented_hmac_vector() {
        let sig = sign(VECTOR_BODY, b"my-secret-key");
        assert_eq!(sig.len(), 128);
        assert!(sig.starts_with("208f8a55dde9"), "{sig}");
        assert!(sig.ends_with("153fa89"), "{sig}");
    }

    fn headers(sig: &str) -> Vec<(String, String)> {
        vec![("x-webhook-hmac".into(), sig.into()), ("X-WEBHOOK-HMAC-ALGORITHM".into(), "sha512".into())]
    }

    #[test]
    fn verification_cases() {
        let key = b"my-secret-key";
        let good = sign(VECTOR_BODY, key);
        assert!(verify(VECTOR_BODY, &headers(&good), key).is_ok());
        let tampered = br#"{"event":"message","session":"defaulT","engine":"WEBJS"}"#;
        assert_eq!(verify(tampered, &headers(&good), key).unwrap_err().kind(), ErrorKind::SignatureMismatch);
        assert_eq!(verify(VECTOR_BODY, &headers(&good), b"other").unwrap_err().kind(), ErrorKind::SignatureMismatch);
        assert_eq!(verify(VECTOR_BODY, &headers("zz"), key).unwrap_err().kind(), ErrorKind::SignatureMismatch);
        let none: Vec<(String, String)> = vec![];
        assert_eq!(verify(VECTOR_BODY, &none, key).unwrap_err().kind(), ErrorKind::SignatureMissing);
        let sha256 = vec![("X-Webhook-Hmac", good.as_str()), ("X-Webhook-Hmac-Algorithm", "sha256")];
        assert_eq!(verify(VECTOR_BODY, &sha256, key).unwrap_err().kind(), ErrorKind::SignatureAlgorithm);
        assert_eq!(verify(VECTOR_BODY, &headers(&good), b"").unwrap_err().kind(), ErrorKind::InvalidArgument);
    }

    #[test]
    fn envelope_errors_name_the_problem() {
        for (body, needle) in [
            (&b"{not json"[..], "not valid JSON"),
            (b"[]", "JSON object"),
            (b"[1,", "not valid JSON"),
            (br#"{"event":"x","session":"s","payload":{}} trailing"#, "not valid JSON"),
            (br#"{"session":"s","payload":{}}"#, "\"event\""),
            (br#"{"event":"x","payload":{}}"#, "\"session\""),
            (br#"{"event":"x","session":"s"}"#, "\"payload\""),
            (br#"{"event":1,"session":"s","payload":{}}"#, "must be a string"),
            (br#"{"event":"group.v2.leave","session":"s","payload":{}}"#, "group.id"),
            (br#"{"event":"group.v2.participants","session":"s","payload":{"group":{"id":"1@g.us"}}}"#, "type"),
        ] {
            let err = parse(body).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::WebhookMalformed);
            assert!(err.message().contains(needle), "{} lacks {needle}", err.message());
            // Without the raw scan, bad JSON is still named as such, and the rest the same way.
            assert_eq!(parse_without_raw(body).unwrap_err().message(), err.message());
        }
    }

    #[test]
    fn payload_before_event_reads_the_same() {
        let event_first = br#"{"event":"group.v2.participants","session":"s","metadata":{"k":1},"me":{"id":"1@c.us"},
            "payload":{"type":"join","group":{"id":"1@g.us"},"participants":[{"id":"2@c.us","role":"admin"}]}}"#;
        let payload_first =
            br#"{"payload":{"type":"join","group":{"id":"1@g.us"},"participants":[{"id":"2@c.us","role":"admin"}]},
            "me":{"id":"1@c.us"},"metadata":{"k":1},"session":"s","event":"group.v2.participants"}"#;
        let (a, b) = (parse(event_first).unwrap(), parse(payload_first).unwrap());
        assert_eq!(a.payload, b.payload);
        assert_eq!((a.metadata, a.me.map(|m| m.id)), (b.metadata, b.me.map(|m| m.id)));
        let GroupEvent::Participants(p) = a.payload else { panic!("{:?}", a.payload) };
        assert_eq!((p.group_id.as_str(), p.participants.len()), ("1@g.us", 1));
        for body in [
            &br#"{"event":"group.v2.leave","session":"s","payload":[1]}"#[..],
            br#"{"payload":"x","event":"group.v2.leave","session":"s"}"#,
        ] {
            assert!(parse(body).unwrap_err().message().contains("group.v2.leave payload must be a JSON object"));
        }
    }

    #[test]
    fn the_v2_events_are_the_first_five_group_events() {
        assert!(V2_EVENTS.iter().all(|e| e.starts_with("group.v2.")));
        assert!(GROUP_EVENTS[V2_EVENTS.len()..].iter().all(|e| !e.starts_with("group.v2.")));
    }

    #[test]
    fn envelope_fields_of_another_kind_read_as_absent() {
        let e =
            parse(br#"{"event":"x","session":"s","metadata":[1],"me":"me","environment":7,"payload":null}"#).unwrap();
        assert_eq!((e.metadata, e.me, e.environment), (None, None, None));
        let duplicate = parse(br#"{"event":"x","session":"s","event":"y","payload":{}}"#).unwrap_err();
        assert!(duplicate.message().contains("duplicate field `event`"), "{}", duplicate.message());
    }

    #[test]
    fn old_envelopes_parse() {
        let e = parse(br#"{"event":"group.v2.leave","session":"default","payload":{"group":{"id":"1@g.us"},"timestamp":789456123}}"#).unwrap();
        assert_eq!((e.id, e.timestamp, e.engine, e.me), (None, None, None, None));
        assert_eq!(
            e.payload,
            GroupEvent::Leave(GroupLeft { timestamp: Some(789_456_123_000), group_id: "1@g.us".into() })
        );
    }

    #[test]
    fn header_containers() {
        let mut map = HashMap::new();
        map.insert("X-Webhook-Request-Id".to_string(), "r1".to_string());
        assert_eq!(request_id(&map), Some("r1".into()));
        let mut hm = reqwest::header::HeaderMap::new();
        hm.insert("x-webhook-request-id", "r2".parse().unwrap());
        assert_eq!(request_id(&hm), Some("r2".into()));
    }
}
