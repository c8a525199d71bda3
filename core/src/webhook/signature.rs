//! Webhook headers and signatures: WAHA's header names, case-insensitive header lookup over
//! the usual containers, HMAC-SHA512 signing and constant-time verification.
//!
//! Layer: events (a leaf of `webhook`); it may import the foundation (`error`) only.

use std::collections::{BTreeMap, HashMap};

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha512;

use crate::error::{Error, ErrorKind, Result};

/// Header carrying the hex HMAC of the body.
pub const HMAC_HEADER: &str = "X-Webhook-Hmac";
/// Header naming the HMAC algorithm (`sha512`).
pub const HMAC_ALGORITHM_HEADER: &str = "X-Webhook-Hmac-Algorithm";
/// Header with a delivery id that stays the same across retries of one delivery.
pub const REQUEST_ID_HEADER: &str = "X-Webhook-Request-Id";
/// Header with the envelope timestamp (ms).
pub const TIMESTAMP_HEADER: &str = "X-Webhook-Timestamp";

/// Case-insensitive header lookup, implemented for the usual header containers.
pub trait Headers {
    /// The first value of header `name` (any case).
    fn header(&self, name: &str) -> Option<&str>;
}

impl Headers for reqwest::header::HeaderMap {
    fn header(&self, name: &str) -> Option<&str> {
        self.get(name).and_then(|v| v.to_str().ok())
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Headers for [(K, V)] {
    fn header(&self, name: &str) -> Option<&str> {
        self.iter().find(|(k, _)| k.as_ref().eq_ignore_ascii_case(name)).map(|(_, v)| v.as_ref())
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Headers for Vec<(K, V)> {
    fn header(&self, name: &str) -> Option<&str> {
        self.as_slice().header(name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>, S> Headers for HashMap<K, V, S> {
    fn header(&self, name: &str) -> Option<&str> {
        self.iter().find(|(k, _)| k.as_ref().eq_ignore_ascii_case(name)).map(|(_, v)| v.as_ref())
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Headers for BTreeMap<K, V> {
    fn header(&self, name: &str) -> Option<&str> {
        self.iter().find(|(k, _)| k.as_ref().eq_ignore_ascii_case(name)).map(|(_, v)| v.as_ref())
    }
}

/// `X-Webhook-Request-Id`, the same across retries of one delivery.
pub fn request_id<H: Headers + ?Sized>(headers: &H) -> Option<String> {
    headers.header(REQUEST_ID_HEADER).map(str::to_owned)
}

/// Hex HMAC-SHA512 of `body` under `key`, as WAHA sends it in `X-Webhook-Hmac`.
///
/// ```
/// let sig = waha_groups::webhook::sign(br#"{"event":"message","session":"default","engine":"WEBJS"}"#, b"my-secret-key");
/// assert!(sig.starts_with("208f8a55dde9") && sig.ends_with("153fa89"));
/// ```
pub fn sign(body: &[u8], key: &[u8]) -> String {
    hex::encode(mac(key, body).finalize().into_bytes())
}

fn mac(key: &[u8], body: &[u8]) -> Hmac<Sha512> {
    let mut mac = <Hmac<Sha512> as KeyInit>::new_from_slice(key).expect("HMAC accepts keys of any length");
    mac.update(body);
    mac
}

/// Checks `X-Webhook-Hmac` against the raw body, in constant time.
///
/// Errors: [`ErrorKind::SignatureMissing`] (no header), [`ErrorKind::SignatureAlgorithm`]
/// (`X-Webhook-Hmac-Algorithm` is not sha512), [`ErrorKind::SignatureMismatch`] (the body was
/// altered, the key is wrong, or the header is not hex — cryptographically the first two
/// cannot be told apart).
pub fn verify<H: Headers + ?Sized>(body: &[u8], headers: &H, key: &[u8]) -> Result<()> {
    if key.is_empty() {
        return Err(Error::invalid("the HMAC key must not be empty"));
    }
    if let Some(algorithm) = headers.header(HMAC_ALGORITHM_HEADER)
        && !algorithm.trim().eq_ignore_ascii_case("sha512")
    {
        return Err(Error::new(
            ErrorKind::SignatureAlgorithm,
            format!("unsupported webhook HMAC algorithm {algorithm:?}; WAHA signs with sha512"),
        ));
    }
    let signature = headers.header(HMAC_HEADER).ok_or_else(|| {
        Error::new(
            ErrorKind::SignatureMissing,
            format!("the request has no {HMAC_HEADER} header; is HMAC enabled for this webhook?"),
        )
    })?;
    let expected = hex::decode(signature.trim())
        .map_err(|_| Error::new(ErrorKind::SignatureMismatch, format!("{HMAC_HEADER} is not a hex string")))?;
    mac(key, body).verify_slice(&expected).map_err(|_| {
        Error::new(
            ErrorKind::SignatureMismatch,
            "webhook signature does not match: the body was altered or the HMAC key is wrong",
        )
    })
}
