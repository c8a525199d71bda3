//! The request pipeline: one catch-all wiremock [`Respond`] that answers like WAHA, a small
//! step at a time — body limit → API key → route (core's `routes.rs`) → injected faults →
//! session → query validation → the operation's handler ([`crate::handlers`]). The whole
//! request runs under the state's one lock, so concurrent requests never lose an update and
//! events come out in order.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use waha_groups::routes::{Method, Operation as Op, Route, resolve};
use wiremock::{Request, Respond, ResponseTemplate};

use crate::control;
use crate::faults::FaultAction;
use crate::handlers::{self, Cx, Query, last, server};
use crate::journal::JournalEntry;
use crate::persona::errors::{self, Reply, RequestInfo};
use crate::persona::{self, Body};
use crate::shared::{Shared, State};
use crate::state::SessionStatus;

/// Default request-body limit: room for a base64 group picture, far below WAHA's own 50 MB
/// (`MockWahaBuilder::max_body_bytes`, `--max-body-bytes`).
pub const DEFAULT_MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// Bodies larger than this are not kept in the journal or echoed in 500 answers: a marker
/// `{"$bytes": n}` stands in for them.
pub const JOURNAL_BODY_LIMIT: usize = 64 * 1024;

/// The marker the journal and error answers keep instead of a body over [`JOURNAL_BODY_LIMIT`].
fn oversized_body(req: &Request) -> Option<Value> {
    (req.body.len() > JOURNAL_BODY_LIMIT).then(|| json!({"$bytes": req.body.len()}))
}

/// 413 from WAHA's body parser (Express `json({limit})`), in NestJS' error shape.
fn payload_too_large() -> Reply {
    Reply::json(413, json!({"message": "request entity too large", "error": "Payload Too Large", "statusCode": 413}))
}

/// The wiremock responder.
pub(crate) struct Router(pub Arc<Shared>);

impl Respond for Router {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let shared = &self.0;
        let path = req.url.path().to_owned();
        if path.starts_with("/__mock") {
            return to_template(control::handle(shared, req));
        }
        if path == "/openapi.json" {
            return to_template(Reply::json(200, waha_groups::schema::openapi()));
        }
        // The body parser runs before anything else in WAHA: an oversized body changes nothing.
        let oversized = req.body.len() > shared.max_body_bytes;
        // Parsed once, before the lock is taken: the journal, the operation and (on errors)
        // WAHA's 500 body all use it.
        let body = if oversized { None } else { json_body(req) };
        let mut state = shared.lock();
        let (reply, op, session, delay) = if oversized {
            (Some(payload_too_large()), None, None, None)
        } else {
            answer(shared, &mut state, req, body.as_ref())
        };
        let at_ms = state.world.ids().now_ms();
        state.journal.push(JournalEntry {
            seq: 0,
            at_ms,
            method: req.method.as_str().to_owned(),
            path,
            query: req.url.query().map(str::to_owned),
            operation: op.map(|o| o.method_name().to_owned()),
            session,
            status: reply.as_ref().map_or(0, |r| r.status),
            body: oversized_body(req).or(body),
        });
        drop(state);
        let template = match reply {
            Some(reply) => to_template(reply),
            None => dropped_connection(),
        };
        match delay {
            Some(d) => template.set_delay(d),
            None => template,
        }
    }
}

/// The body as WAHA's JSON parser (Express' `json()`) sees it: only an `application/json`
/// body is read; any other content type (`text/plain`, none) leaves the handler without one.
fn json_body(req: &Request) -> Option<Value> {
    let content_type = req.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default();
    let media_type = content_type.split(';').next().unwrap_or_default().trim();
    if !media_type.eq_ignore_ascii_case("application/json") {
        return None;
    }
    serde_json::from_slice(&req.body).ok()
}

/// Turns a reply into wiremock's template with WAHA's content types.
pub(crate) fn to_template(reply: Reply) -> ResponseTemplate {
    let t = ResponseTemplate::new(reply.status);
    match reply.body {
        Body::Json(v) => t.set_body_raw(serde_json::to_vec(&v).unwrap_or_default(), "application/json; charset=utf-8"),
        Body::Raw(bytes) => t.set_body_raw(bytes, "application/json; charset=utf-8"),
        Body::Text(s) => t.set_body_raw(s, "text/html; charset=utf-8"),
        Body::Empty => t,
    }
}

/// A response whose declared length exceeds its body, on a connection marked `close`: the
/// client sees the connection end mid-body. wiremock has no way to reset a socket; without
/// `connection: close` a release build of hyper keeps the connection open after the short
/// body and the client waits for its timeout instead (a debug build panics and closes it).
fn dropped_connection() -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("content-length", "1048576")
        .insert_header("connection", "close")
        .set_body_raw("{", "application/json")
}

/// The `request` part of a 500 body; built only when an error is rendered.
fn request_info(req: &Request, body: Option<&Value>) -> RequestInfo {
    let query: serde_json::Map<String, Value> =
        req.url.query_pairs().map(|(k, v)| (k.into_owned(), json!(v))).collect();
    RequestInfo {
        path: req.url.path().to_owned(),
        method: req.method.as_str().to_owned(),
        body: oversized_body(req).or_else(|| body.cloned()).unwrap_or_else(|| json!({})),
        query: Value::Object(query),
    }
}

/// `None` reply = drop the connection.
type Answer = (Option<Reply>, Option<Op>, Option<String>, Option<Duration>);

/// The steps after the body limit, each of which may answer instead of the next.
fn answer(shared: &Shared, state: &mut State, req: &Request, body: Option<&Value>) -> Answer {
    let not_found = || errors::route_not_found(req.method.as_str(), req.url.path());
    // An unknown HTTP method is a 404 before the key is looked at.
    let Some(method) = Method::parse(req.method.as_str()) else { return (Some(not_found()), None, None, None) };
    if let Err(reply) = authorized(shared, req) {
        return (Some(reply), None, None, None);
    }
    let Some((route, params)) = resolve(method, req.url.path()) else { return (Some(not_found()), None, None, None) };
    let op = route.op;
    let session = route.params().zip(&params).find(|(name, _)| *name == "session").map(|(_, v)| v.clone());
    let fault = state.faults.take(op.method_name(), req.method.as_str(), session.as_deref());
    let delay = fault.as_ref().and_then(|f| f.delay);
    let lose_answer = fault.as_ref().is_some_and(|f| f.action == FaultAction::DropAnswer);
    if let Some(fault) = fault
        && let Some(reply) = injected(shared, state, req, body, route, &params, fault.action)
    {
        return (reply, Some(op), session, delay);
    }
    let query: Query = req.url.query_pairs().fold(Query::new(), |mut m, (k, v)| {
        m.entry(k.into_owned()).or_default().push(v.into_owned());
        m
    });
    let reply = operation(shared, state, req, op, &params, &query, body);
    (Some(reply).filter(|_| !lose_answer), Some(op), session, delay)
}

/// API key, when the mock has one (`/api` and `/health` only, like WAHA).
fn authorized(shared: &Shared, req: &Request) -> Result<(), Reply> {
    let path = req.url.path();
    let protected = path.starts_with("/api") || path.starts_with("/health");
    let Some(key) = shared.api_key.as_deref().filter(|_| protected) else { return Ok(()) };
    let query_key = req.url.query_pairs().find(|(k, _)| k == "x-api-key").map(|(_, v)| v.into_owned());
    let header_key = req.headers.get("x-api-key").and_then(|v| v.to_str().ok());
    if header_key == Some(key) || query_key.as_deref() == Some(key) { Ok(()) } else { Err(errors::unauthorized()) }
}

/// What an injected fault answers instead (`Some(None)`: drop the connection); `None` when the
/// fault only delays the normal answer.
fn injected(
    shared: &Shared,
    state: &State,
    req: &Request,
    body: Option<&Value>,
    route: &Route,
    params: &[String],
    action: FaultAction,
) -> Option<Option<Reply>> {
    let engine = &shared.engine;
    Some(match action {
        FaultAction::Delay | FaultAction::DropAnswer => return None,
        FaultAction::Drop => None,
        FaultAction::Status { status, body } => Some(Reply::json(status, body)),
        FaultAction::RateOverlimit => {
            let now = errors::iso(state.world.ids().now_ms());
            Some(errors::exception(engine, &request_info(req, body), &now, errors::rate_overlimit_exception()))
        }
        FaultAction::Empty => Some(Reply::ok(route.success_status, Body::Empty)),
        FaultAction::Hollow => {
            let id = params.get(1).map(String::as_str).unwrap_or_default();
            Some(Reply::ok(route.success_status, persona::hollow(engine, route.op, id)))
        }
    })
}

/// Session and query checks, then the operation's handler.
fn operation(
    shared: &Shared,
    state: &mut State,
    req: &Request,
    op: Op,
    params: &[String],
    query: &Query,
    body: Option<&Value>,
) -> Reply {
    let engine = &shared.engine;
    let State { world, events: log, render_cache, .. } = state;
    if let Some(reply) = server::without_session(engine, world, op) {
        return reply;
    }
    let session = params[0].as_str();
    let Some(account) = world.session(session) else {
        if op == Op::GetSession {
            return Reply::json(404, json!({"message": "Session not found", "error": "Not Found", "statusCode": 404}));
        }
        return errors::session_missing(session);
    };
    if let Some(reply) = server::about_session(engine, world, op, session) {
        return reply;
    }
    if account.status != SessionStatus::Working {
        return errors::session_not_ready(session, account.status.as_str());
    }
    let me = account.phone.clone();
    if let Err(problems) = validate(op, query) {
        return errors::validation(problems);
    }
    let request = || request_info(req, body);
    let mut cx = Cx {
        engine,
        world,
        outbox: shared.outbox(log),
        render_cache,
        me,
        id: params.get(1).cloned().unwrap_or_default(),
        params,
        query,
        request: &request,
    };
    handlers::handle(&mut cx, op, body)
}

/// class-validator's checks of the list and picture queries (spec §1.5.1).
fn validate(op: Op, query: &Query) -> Result<(), Vec<String>> {
    let mut problems = if op == Op::ListGroups { validate_list(query) } else { vec![] };
    if op == Op::GetPicture
        && let Some(v) = last(query, "refresh")
        && !["true", "True", "1", "false", "False", "0"].contains(&v)
    {
        problems.push("refresh must be a boolean value".into());
    }
    if problems.is_empty() { Ok(()) } else { Err(problems) }
}

/// Pagination query validation of `GET /groups` (spec §1.5.1), in class-validator's words.
fn validate_list(query: &Query) -> Vec<String> {
    let mut problems = Vec::new();
    for name in ["limit", "offset"] {
        if let Some(v) = last(query, name)
            && v.parse::<f64>().is_err()
        {
            problems.push(format!("{name} must be a number conforming to the specified constraints"));
        }
    }
    if let Some(v) = last(query, "sortBy")
        && v != "id"
        && v != "subject"
    {
        problems.push("sortBy must be one of the following values: id, subject".into());
    }
    if let Some(values) = query.get("exclude")
        && values.iter().any(|v| !v.is_empty() && v != "participants")
    {
        problems.push("each value in exclude must be one of the following values: , participants".into());
    }
    problems
}
