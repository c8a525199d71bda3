//! One error type for everything the crate does, with stable machine-readable codes.
//!
//! WAHA reports most failures through the HTTP status *and* a body whose shape depends on
//! where the failure happened (spec §1.5): NestJS defaults, the 422 session bodies, the
//! `AllExceptionsFilter` 500 body. [`Error::from_response`] reads those bodies so callers can
//! branch on [`ErrorKind`] instead of parsing strings. The bindings map [`ErrorKind::code`]
//! to their exception classes, so the codes here are part of the public contract.
//!
//! Layer: foundation, the bottom of the core; it may import only other foundation modules (`error`, `ids`, `time`, `redact`).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

/// Result alias used across the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong, coarse enough to branch on.
///
/// ```
/// use waha_groups::{Error, ErrorKind};
/// let err = Error::from_response(500, r#"{"statusCode":500,"exception":{"message":"rate-overlimit","data":429}}"#, None);
/// assert_eq!(err.kind(), ErrorKind::RateLimited);
/// assert_eq!(err.kind().code(), "rate_limited");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Caught client-side before anything was sent (bad id, empty list, ...).
    InvalidArgument,
    /// 400 from one of WAHA's validated routes (`message` lists the problems).
    Validation,
    /// 401: missing or wrong `X-Api-Key`.
    Authentication,
    /// 403: the key may not use this session.
    Forbidden,
    /// 404: the route does not exist on this WAHA (older version or typo in the base URL).
    NotFound,
    /// 422: the session does not exist.
    SessionNotFound,
    /// 422: the session exists but is not `WORKING` ([`Error::session_status`] says what it is).
    SessionNotReady,
    /// 422: the feature needs WAHA Plus (including non-`default` sessions on Core).
    PlusOnly,
    /// 501 (422 before 2025.6.6): the session's engine does not implement the method.
    NotImplemented,
    /// WhatsApp's `rate-overlimit` (WAHA sends it as a 500, never a 429).
    RateLimited,
    /// Any other 500: WhatsApp or engine error; the message is WAHA's `exception.message`.
    Engine,
    /// A 500 whose message says the group does not exist (or this account is not in it).
    /// WAHA has no HTTP status for it (spec §1.5.3); it is never retried.
    GroupNotFound,
    /// `join`/`join_info` of an invite code that does not exist or was revoked (WAHA answers a 500
    /// in the engine's words); never retried.
    InviteNotFound,
    /// A setter answered `false`: WhatsApp refused the change (usually missing admin rights).
    Refused,
    /// Any other unexpected HTTP status.
    Http,
    /// Could not connect, connection reset, TLS failure...
    Transport,
    /// No answer within the configured timeout.
    Timeout,
    /// The answer could not be decoded; [`Error::body`] keeps it.
    Decode,
    /// A webhook body is not a valid WAHA envelope.
    WebhookMalformed,
    /// A webhook had no `X-Webhook-Hmac` header although a key was given.
    SignatureMissing,
    /// The HMAC does not match: the body was altered or the key is wrong.
    SignatureMismatch,
    /// `X-Webhook-Hmac-Algorithm` names an algorithm other than sha512.
    SignatureAlgorithm,
    /// A job's state file cannot be read or written, is damaged, or belongs to another job.
    StateFile,
}

impl ErrorKind {
    /// Every kind, in declaration order (the bindings build their class tables from it).
    pub const ALL: [ErrorKind; 23] = [
        ErrorKind::InvalidArgument,
        ErrorKind::Validation,
        ErrorKind::Authentication,
        ErrorKind::Forbidden,
        ErrorKind::NotFound,
        ErrorKind::SessionNotFound,
        ErrorKind::SessionNotReady,
        ErrorKind::PlusOnly,
        ErrorKind::NotImplemented,
        ErrorKind::RateLimited,
        ErrorKind::Engine,
        ErrorKind::GroupNotFound,
        ErrorKind::InviteNotFound,
        ErrorKind::Refused,
        ErrorKind::Http,
        ErrorKind::Transport,
        ErrorKind::Timeout,
        ErrorKind::Decode,
        ErrorKind::WebhookMalformed,
        ErrorKind::SignatureMissing,
        ErrorKind::SignatureMismatch,
        ErrorKind::SignatureAlgorithm,
        ErrorKind::StateFile,
    ];

    /// Stable snake_case code; never changes once released.
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::InvalidArgument => "invalid_argument",
            ErrorKind::Validation => "validation",
            ErrorKind::Authentication => "authentication",
            ErrorKind::Forbidden => "forbidden",
            ErrorKind::NotFound => "not_found",
            ErrorKind::SessionNotFound => "session_not_found",
            ErrorKind::SessionNotReady => "session_not_ready",
            ErrorKind::PlusOnly => "plus_only",
            ErrorKind::NotImplemented => "not_implemented",
            ErrorKind::RateLimited => "rate_limited",
            ErrorKind::Engine => "engine_error",
            ErrorKind::GroupNotFound => "group_not_found",
            ErrorKind::InviteNotFound => "invite_not_found",
            ErrorKind::Refused => "refused",
            ErrorKind::Http => "http",
            ErrorKind::Transport => "transport",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Decode => "decode",
            ErrorKind::WebhookMalformed => "webhook_malformed",
            ErrorKind::SignatureMissing => "signature_missing",
            ErrorKind::SignatureMismatch => "signature_mismatch",
            ErrorKind::SignatureAlgorithm => "signature_algorithm",
            ErrorKind::StateFile => "state_file",
        }
    }

    /// The exception class the bindings raise for this kind (the same name in Python and Node).
    ///
    /// ```
    /// use waha_groups::ErrorKind;
    /// assert_eq!(ErrorKind::NotImplemented.class_name(), "NotImplementedByEngineError");
    /// assert_eq!(ErrorKind::GroupNotFound.base_class(), "EngineError");
    /// ```
    pub fn class_name(self) -> &'static str {
        match self {
            ErrorKind::InvalidArgument => "InvalidArgumentError",
            ErrorKind::Validation => "ValidationError",
            ErrorKind::Authentication => "AuthenticationError",
            ErrorKind::Forbidden => "ForbiddenError",
            ErrorKind::NotFound => "NotFoundError",
            ErrorKind::SessionNotFound => "SessionNotFoundError",
            ErrorKind::SessionNotReady => "SessionNotReadyError",
            ErrorKind::PlusOnly => "PlusOnlyError",
            ErrorKind::NotImplemented => "NotImplementedByEngineError",
            ErrorKind::RateLimited => "RateLimitError",
            ErrorKind::Engine => "EngineError",
            ErrorKind::GroupNotFound => "GroupNotFoundError",
            ErrorKind::InviteNotFound => "InviteNotFoundError",
            ErrorKind::Refused => "RefusedError",
            ErrorKind::Http => "HttpError",
            ErrorKind::Transport => "TransportError",
            ErrorKind::Timeout => "RequestTimeoutError",
            ErrorKind::Decode => "DecodeError",
            ErrorKind::WebhookMalformed => "WebhookMalformedError",
            ErrorKind::SignatureMissing => "SignatureMissingError",
            ErrorKind::SignatureMismatch => "SignatureMismatchError",
            ErrorKind::SignatureAlgorithm => "SignatureAlgorithmError",
            ErrorKind::StateFile => "StateFileError",
        }
    }

    /// The class [`class_name`](Self::class_name) extends: `WahaError`, `WebhookError` for the
    /// webhook kinds, and `EngineError` for a missing group (WAHA sends it as an engine 500, so
    /// handlers written for that still catch it).
    pub fn base_class(self) -> &'static str {
        match self {
            ErrorKind::GroupNotFound | ErrorKind::InviteNotFound => ErrorKind::Engine.class_name(),
            ErrorKind::WebhookMalformed
            | ErrorKind::SignatureMissing
            | ErrorKind::SignatureMismatch
            | ErrorKind::SignatureAlgorithm => "WebhookError",
            _ => "WahaError",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The underlying error (reqwest, serde_json, url), shared so `Error` stays `Clone`.
type Source = Arc<dyn std::error::Error + Send + Sync + 'static>;

/// An error with its kind, a readable message and whatever WAHA sent.
///
/// [`std::error::Error::source`] gives the underlying reqwest / serde_json / url error, when
/// there is one; equality compares everything but that source.
///
/// ```
/// use std::error::Error as _;
/// let err = waha_groups::ops::decode_response(waha_groups::routes::Operation::GetGroup, "{oops", &[]).unwrap_err();
/// assert_eq!(err.code(), "decode");
/// assert!(err.source().unwrap().downcast_ref::<serde_json::Error>().is_some());
/// ```
#[derive(Debug, Clone)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    status: Option<u16>,
    body: Option<String>,
    /// The 422 session context, boxed: rare, and it keeps `Result<T, Error>` small.
    session: Option<Box<SessionContext>>,
    retry_after: Option<Duration>,
    source: Option<Source>,
}

#[derive(Debug, Clone, PartialEq)]
struct SessionContext {
    name: Option<String>,
    status: Option<String>,
}

impl PartialEq for Error {
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind
            && self.message == other.message
            && self.status == other.status
            && self.body == other.body
            && self.session == other.session
            && self.retry_after == other.retry_after
    }
}

impl Error {
    /// A new error of `kind` with `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            status: None,
            body: None,
            session: None,
            retry_after: None,
            source: None,
        }
    }

    /// Keeps `source` as the cause ([`std::error::Error::source`]).
    pub(crate) fn with_source(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.source = Some(Arc::new(source));
        self
    }

    /// Shorthand for an [`ErrorKind::InvalidArgument`] error.
    pub fn invalid(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::InvalidArgument, message)
    }

    /// Shorthand for an [`ErrorKind::Decode`] error that keeps the body it could not read.
    pub fn decode(message: impl Into<String>, body: impl Into<String>) -> Self {
        Error::new(ErrorKind::Decode, message).with_body(body)
    }

    pub(crate) fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    pub(crate) fn with_body(mut self, body: impl Into<String>) -> Self {
        self.body = Some(body.into());
        self
    }

    pub(crate) fn with_retry_after(mut self, retry_after: Option<Duration>) -> Self {
        self.retry_after = retry_after;
        self
    }

    /// The kind, to branch on.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
    /// Stable code string (same as `kind().code()`).
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }
    /// Human-readable description.
    pub fn message(&self) -> &str {
        &self.message
    }
    /// HTTP status, when the error came from a response.
    pub fn status(&self) -> Option<u16> {
        self.status
    }
    /// The raw response body (text as received), when there was one.
    pub fn body(&self) -> Option<&str> {
        self.body.as_deref()
    }
    /// The body parsed as JSON, when it is JSON.
    pub fn body_json(&self) -> Option<Value> {
        self.body.as_deref().and_then(|b| serde_json::from_str(b).ok())
    }
    /// Session name from a 422 session body.
    pub fn session(&self) -> Option<&str> {
        self.session.as_ref().and_then(|s| s.name.as_deref())
    }
    /// Actual session status (`STOPPED`, `STARTING`, `SCAN_QR_CODE`, `FAILED`, ...) from a 422 body.
    pub fn session_status(&self) -> Option<&str> {
        self.session.as_ref().and_then(|s| s.status.as_deref())
    }
    /// `Retry-After` the server asked for, if any.
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    /// Whether repeating the same request later can succeed.
    pub fn is_transient(&self) -> bool {
        match self.kind {
            ErrorKind::RateLimited | ErrorKind::Transport | ErrorKind::Timeout => true,
            ErrorKind::Engine | ErrorKind::Http => matches!(self.status, Some(500 | 502 | 503 | 504)),
            _ => false,
        }
    }

    /// Maps a non-2xx WAHA response to an error by reading its body (spec §1.5).
    ///
    /// `session` is the session the request was for; it fills [`Error::session`] when the
    /// body does not name one.
    pub fn from_response(status: u16, body: &str, session: Option<&str>) -> Self {
        let json: Option<Value> = serde_json::from_str(body).ok();
        let field = |name: &str| json.as_ref().and_then(|j| j.get(name));
        let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
        // NestJS puts a string or (validation) an array of strings in `message`.
        let nest_message = match field("message") {
            Some(Value::Array(items)) => Some(
                items
                    .iter()
                    .map(|i| i.as_str().map(str::to_owned).unwrap_or_else(|| i.to_string()))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            other => text(other),
        }
        .filter(|m| !m.trim().is_empty());
        let exception_message = json
            .as_ref()
            .and_then(|j| j.pointer("/exception/message"))
            .and_then(Value::as_str)
            .filter(|m| !m.trim().is_empty())
            .map(str::to_owned);

        let (kind, message) = match status {
            400 => (ErrorKind::Validation, nest_message.unwrap_or_else(|| "bad request".into())),
            401 => (ErrorKind::Authentication, "unauthorized: missing or wrong API key".into()),
            403 => (ErrorKind::Forbidden, "forbidden: this API key may not use the session".into()),
            404 => (ErrorKind::NotFound, nest_message.unwrap_or_else(|| "route not found".into())),
            422 => classify_422(field("error"), field("status"), nest_message.as_deref()),
            429 => (ErrorKind::RateLimited, nest_message.unwrap_or_else(|| "rate limited".into())),
            501 => (ErrorKind::NotImplemented, nest_message.unwrap_or_else(|| "not implemented by this engine".into())),
            500 if exception_message.as_deref() == Some("rate-overlimit") => {
                (ErrorKind::RateLimited, "WhatsApp rate-overlimit".into())
            }
            500 => {
                let message = exception_message.or(nest_message).unwrap_or_else(|| "internal server error".into());
                let kind = if is_group_not_found(&message) { ErrorKind::GroupNotFound } else { ErrorKind::Engine };
                (kind, message)
            }
            _ => (ErrorKind::Http, nest_message.unwrap_or_else(|| format!("unexpected HTTP status {status}"))),
        };

        let mut err = Error::new(kind, message).with_status(status).with_body(body);
        if status == 422 {
            let name = text(field("session")).or_else(|| session.map(str::to_owned));
            err.session = Some(Box::new(SessionContext { name, status: text(field("status")) }));
        }
        err
    }
}

/// The engines' words for an unknown group (spec §1.5.3 and the mock's personas): NOWEB's
/// `Group with id '…' not found`, WEBJS' `Chat … not found` from a failed page evaluation, and
/// whatsmeow's `info query returned status 404: item-not-found` (GOWS).
impl Error {
    /// For `join`/`join_info`: an engine error in WhatsApp's words for an invite code that does
    /// not exist or was revoked (`item-not-found`, `gone`, GOWS' `…from link…`) becomes
    /// [`ErrorKind::InviteNotFound`].
    pub(crate) fn into_invite_error(mut self) -> Self {
        const WORDS: [&str; 4] = ["item-not-found", "gone", "from link", "invite"];
        if self.kind == ErrorKind::Engine && WORDS.iter().any(|w| self.message.contains(w)) {
            self.kind = ErrorKind::InviteNotFound;
        }
        self
    }
}

fn is_group_not_found(message: &str) -> bool {
    let noweb = message.starts_with("Group with id '") && message.ends_with("' not found");
    let webjs = message.contains("Error: Chat ") && message.ends_with(" not found");
    let gows = message.contains("info query returned status 404: item-not-found");
    noweb || webjs || gows
}

fn classify_422(error: Option<&Value>, status: Option<&Value>, message: Option<&str>) -> (ErrorKind, String) {
    if let Some(error) = error.and_then(Value::as_str).filter(|e| message.is_none() && !e.trim().is_empty()) {
        // WorkingSessionPipe bodies: {"error": "...", "session": "...", "status"?: "..."}
        let kind = if status.is_some() { ErrorKind::SessionNotReady } else { ErrorKind::SessionNotFound };
        return (kind, error.to_owned());
    }
    let message = message.unwrap_or("unprocessable entity").to_owned();
    let kind = if message.contains("only in Plus") || message.contains("only 'default' session") {
        ErrorKind::PlusOnly
    } else if message.contains("not implemented by the engine") {
        ErrorKind::NotImplemented
    } else {
        ErrorKind::Http
    };
    (kind, message)
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.code(), self.message)?;
        if let Some(status) = self.status {
            write!(f, " (HTTP {status})")?;
        }
        if let (Some(session), Some(status)) = (self.session(), self.session_status()) {
            write!(f, " [session {session:?} is {status}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn std::error::Error + 'static))
    }
}

impl From<reqwest::Error> for Error {
    fn from(err: reqwest::Error) -> Self {
        // reqwest's Display includes the URL (never the API key, which travels in a header).
        let kind = if err.is_timeout() { ErrorKind::Timeout } else { ErrorKind::Transport };
        let mut message = err.to_string();
        let mut source = std::error::Error::source(&err);
        while let Some(s) = source {
            message.push_str(": ");
            message.push_str(&s.to_string());
            source = s.source();
        }
        Error::new(kind, message).with_source(err)
    }
}
