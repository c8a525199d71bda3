//! WAHA's error answers (spec §1.5), byte-shaped like NestJS and `AllExceptionsFilter` send them.

use serde_json::{Value, json};
use waha_groups::Engine;

use super::Body;

/// A complete answer: status + body.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// Body.
    pub body: Body,
}

impl Reply {
    /// 200/201 with `body`.
    pub fn ok(status: u16, body: Body) -> Reply {
        Reply { status, body }
    }
    /// JSON answer with `status`.
    pub fn json(status: u16, body: Value) -> Reply {
        Reply { status, body: Body::Json(body) }
    }
}

/// `WAHAEnvironment` of the mock.
pub fn environment(engine: &Engine) -> Value {
    let browser = if engine.is_browser() { json!("/usr/bin/chromium") } else { Value::Null };
    json!({"version": crate::WAHA_VERSION, "engine": engine.as_str(), "tier": "PLUS", "browser": browser,
           "platform": "linux/x64", "worker": {"id": null}})
}

/// 401 from the API-key middleware.
pub fn unauthorized() -> Reply {
    Reply::json(401, json!({"message": "Unauthorized", "statusCode": 401}))
}

/// NestJS' default 404 for an unknown route.
pub fn route_not_found(method: &str, path: &str) -> Reply {
    Reply::json(404, json!({"message": format!("Cannot {method} {path}"), "error": "Not Found", "statusCode": 404}))
}

/// 422 from `WorkingSessionPipe`: the session does not exist.
pub fn session_missing(session: &str) -> Reply {
    Reply::json(422, json!({"error": format!("Session \"{session}\" does not exist"), "session": session}))
}

/// 422 from `WorkingSessionPipe`: the session is not WORKING.
pub fn session_not_ready(session: &str, status: &str) -> Reply {
    Reply::json(
        422,
        json!({
            "error": "Session status is not as expected. Try again later or restart the session",
            "session": session, "status": status, "expected": ["WORKING"],
        }),
    )
}

/// 400 from a route-level `ValidationPipe`.
pub fn validation(messages: Vec<String>) -> Reply {
    Reply::json(400, json!({"message": messages, "error": "Bad Request", "statusCode": 400}))
}

/// 501 `NotImplementedByEngineError`.
pub fn not_implemented(engine: &Engine) -> Reply {
    let message = format!(
        "The method is not implemented by '{}' engine. Check the docs and try another engine: https://waha.devlike.pro/",
        engine.as_str()
    );
    Reply::json(501, json!({"message": message, "error": "Not Implemented", "statusCode": 501}))
}

/// The request part of a 500 body.
#[derive(Debug, Clone)]
pub struct RequestInfo {
    /// Raw path as requested.
    pub path: String,
    /// Method.
    pub method: String,
    /// Parsed JSON body (`{}` when none).
    pub body: Value,
    /// Query as an object.
    pub query: Value,
}

/// A 500 in `AllExceptionsFilter` shape; `exception` gets `name` and a `stack` (moved last).
pub fn exception(engine: &Engine, request: &RequestInfo, now_iso: &str, mut exception: Value) -> Reply {
    if let Some(o) = exception.as_object_mut() {
        o.entry("name").or_insert(json!("Error"));
        let message = o.get("message").and_then(Value::as_str).unwrap_or_default().to_owned();
        o.remove("stack");
        o.insert("stack".into(), json!(format!("Error: {message}\n    at WAHA mock")));
    }
    Reply::json(
        500,
        json!({
            "statusCode": 500,
            "timestamp": now_iso,
            "exception": exception,
            "request": {"path": request.path, "method": request.method, "body": request.body, "query": request.query},
            "version": environment(engine),
        }),
    )
}

/// WhatsApp's rate limit as WAHA relays it (Baileys Boom error, data 429).
pub fn rate_overlimit_exception() -> Value {
    json!({"message": "rate-overlimit", "data": 429, "isBoom": true, "isServer": true, "output": {
        "statusCode": 500, "payload": {"statusCode": 500, "error": "Internal Server Error", "message": "An internal server error occurred"}, "headers": {}}})
}

/// The error WhatsApp gives a non-admin, in each engine's wording.
pub fn not_authorized_exception(engine: &Engine) -> Value {
    match engine {
        Engine::Gows => json!({"message": "2 UNKNOWN: info query returned status 401: not-authorized", "code": 2,
                               "details": "info query returned status 401: not-authorized"}),
        _ => json!({"message": "not-authorized", "data": 401, "isBoom": true, "isServer": false}),
    }
}

/// Unknown group (or not a member), in each engine's wording (NOWEB's is from WAHA's code).
pub fn group_not_found_exception(engine: &Engine, id: &str) -> Value {
    match engine {
        Engine::Noweb => json!({"message": format!("Group with id '{id}' not found")}),
        Engine::Gows => json!({"message": "2 UNKNOWN: info query returned status 404: item-not-found", "code": 2,
                               "details": "info query returned status 404: item-not-found"}),
        _ => json!({"message": format!("Evaluation failed: Error: Chat {id} not found")}),
    }
}

/// Unknown or revoked invite code.
pub fn invite_not_found_exception(engine: &Engine) -> Value {
    match engine {
        Engine::Gows => json!({"message": "2 UNKNOWN: failed to get group info from link: item-not-found", "code": 2}),
        _ => json!({"message": "item-not-found", "data": 404, "isBoom": true, "isServer": false}),
    }
}

/// What Node throws when WAHA reads a missing body field (WAHA validates no group bodies).
pub fn type_error(field: &str) -> Value {
    json!({"message": format!("Cannot read properties of undefined (reading '{field}')"), "name": "TypeError"})
}

/// ISO-8601 UTC time of `ms`, as `new Date().toISOString()`.
pub fn iso(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let millis = ms.rem_euclid(1000);
    // Reuse the day arithmetic through the GOWS renderer's format, then add millis.
    let base = super::rfc3339_utc(secs * 1000);
    format!("{}.{millis:03}Z", base.trim_end_matches('Z'))
}
