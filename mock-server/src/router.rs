//! One catch-all wiremock [`Respond`] that answers like WAHA: API key → route (core's
//! `routes.rs`) → injected faults → session pipe → validation → the operation on the world →
//! the persona's answer. Every state change is turned into webhook events under the same lock,
//! so concurrent requests never lose an update and events come out in order.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use waha_groups::engine::gows::GowsGroupInfo;
use waha_groups::engine::loose::{Id, Loose, Scalar};
use waha_groups::engine::noweb::NowebGroupMetadata;
use waha_groups::engine::waha::{
    ChatPictureResponse, CountResponse, GroupJoinRequest, GroupJoinRequestResult, JoinGroupResponse, LidToPhoneNumber,
    SuccessResponse,
};
use waha_groups::engine::webjs::WebjsGroupChat;
use waha_groups::routes::{Method, Operation as Op, resolve};
use waha_groups::{ContactId, Engine, InviteCode};
use wiremock::{Request, Respond, ResponseTemplate};

use crate::control;
use crate::errors::{self, Reply, RequestInfo};
use crate::events;
use crate::faults::FaultAction;
use crate::journal::JournalEntry;
use crate::render::{self, Body};
use crate::shared::{Shared, State};
use crate::state::{Field, Order, Refusal, SessionStatus, World};

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
        let mut state = shared.lock();
        // The body parser runs before anything else in WAHA: an oversized body changes nothing.
        let (reply, op, session, delay, body) = if req.body.len() > shared.max_body_bytes {
            (Some(payload_too_large()), None, None, None, None)
        } else {
            // Parsed once: the journal, the operation and (on errors) WAHA's 500 body all use it.
            let body = json_body(req);
            let (reply, op, session, delay) = answer(shared, &mut state, req, body.as_ref());
            (reply, op, session, delay, body)
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
        Body::Raw(bytes) => t.set_body_raw(bytes.to_vec(), "application/json; charset=utf-8"),
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

fn answer(shared: &Shared, state: &mut State, req: &Request, body: Option<&Value>) -> Answer {
    let method_name = req.method.as_str().to_owned();
    let path = req.url.path();
    let Some(method) = Method::parse(&method_name) else {
        return (Some(errors::route_not_found(&method_name, path)), None, None, None);
    };
    let protected = path.starts_with("/api") || path.starts_with("/health");
    if protected && let Some(key) = &shared.api_key {
        let query_key = req.url.query_pairs().find(|(k, _)| k == "x-api-key").map(|(_, v)| v.into_owned());
        let header_key = req.headers.get("x-api-key").and_then(|v| v.to_str().ok()).map(str::to_owned);
        if header_key.as_deref() != Some(key.as_str()) && query_key.as_deref() != Some(key.as_str()) {
            return (Some(errors::unauthorized()), None, None, None);
        }
    }
    let Some((route, params)) = resolve(method, path) else {
        return (Some(errors::route_not_found(&method_name, path)), None, None, None);
    };
    let op = route.op;
    let session = route.params().zip(&params).find(|(name, _)| *name == "session").map(|(_, v)| v.clone());

    let fault = state.faults.take(op.method_name(), &method_name, session.as_deref());
    let mut delay = None;
    if let Some(fault) = fault {
        delay = fault.delay;
        let engine = &shared.engine;
        let now = errors::iso(state.world.ids().now_ms());
        match fault.action {
            FaultAction::Delay => {}
            FaultAction::Drop => return (None, Some(op), session, delay),
            FaultAction::Status { status, body } => return (Some(Reply::json(status, body)), Some(op), session, delay),
            FaultAction::RateOverlimit => {
                let reply =
                    errors::exception(engine, &request_info(req, body), &now, errors::rate_overlimit_exception());
                return (Some(reply), Some(op), session, delay);
            }
            FaultAction::Empty => {
                return (Some(Reply::ok(route.success_status, Body::Empty)), Some(op), session, delay);
            }
            FaultAction::Hollow => {
                let hollow = hollow_answer(engine, op, params.get(1).map(String::as_str).unwrap_or_default());
                return (Some(Reply::ok(route.success_status, hollow)), Some(op), session, delay);
            }
        }
    }

    let query: BTreeMap<String, Vec<String>> = req.url.query_pairs().fold(BTreeMap::new(), |mut m, (k, v)| {
        m.entry(k.into_owned()).or_default().push(v.into_owned());
        m
    });
    let reply = execute(shared, state, req, op, &params, &query, body);
    (Some(reply), Some(op), session, delay)
}

/// A GOWS-style hollow answer (empty name, zero times, null participants), in the persona's shape.
fn hollow_answer(engine: &Engine, op: Op, id: &str) -> Body {
    let zero_time = || Loose::some(Scalar::Text("0001-01-01T00:00:00Z".to_owned()));
    let empty = || Loose::some(String::new());
    match (engine, op) {
        (_, Op::ListGroups) if *engine == Engine::Noweb => Body::Json(json!({})),
        (_, Op::ListGroups) => Body::Json(json!([])),
        (Engine::Gows, _) => Body::Json(render::to_value(&GowsGroupInfo {
            jid: Loose::some(id.to_owned()),
            owner_jid: Loose::some(Id::Text(String::new())),
            name: empty(),
            name_set_at: Some("0001-01-01T00:00:00Z".to_owned()),
            topic: empty(),
            group_created: zero_time(),
            participant_count: Loose::some(0),
            member_add_mode: empty(),
            ..GowsGroupInfo::default()
        })),
        (Engine::Noweb, _) => Body::Json(render::to_value(&NowebGroupMetadata {
            id: Loose::some(id.to_owned()),
            subject: empty(),
            participants: Some(Vec::new()),
            ..NowebGroupMetadata::default()
        })),
        _ => Body::Json(render::to_value(&WebjsGroupChat {
            id: Loose::some(Id::wid(id)),
            name: empty(),
            is_group: Loose::some(true),
            ..WebjsGroupChat::default()
        })),
    }
}

fn participants_of(body: &Value) -> Result<Vec<String>, Value> {
    let list = body.get("participants").and_then(Value::as_array).ok_or_else(|| errors::type_error("map"))?;
    list.iter()
        .map(|p| {
            let id = p.get("id").and_then(Value::as_str).or_else(|| p.as_str()).unwrap_or_default();
            ContactId::parse(id)
                .map(String::from)
                .map_err(|_| json!({"message": "bad-request", "data": 400, "isBoom": true, "isServer": false}))
        })
        .collect()
}

fn text_field<'a>(body: &'a Value, field: &str) -> Result<&'a str, Value> {
    body.get(field).and_then(Value::as_str).ok_or_else(|| errors::type_error(field))
}

/// Pagination query validation of `GET /groups` (spec §1.5.1), in class-validator's words.
fn validate_list(query: &BTreeMap<String, Vec<String>>) -> Vec<String> {
    let mut problems = Vec::new();
    for name in ["limit", "offset"] {
        if let Some(v) = query.get(name).and_then(|v| v.last())
            && v.parse::<f64>().is_err()
        {
            problems.push(format!("{name} must be a number conforming to the specified constraints"));
        }
    }
    if let Some(v) = query.get("sortBy").and_then(|v| v.last())
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

fn execute(
    shared: &Shared,
    state: &mut State,
    req: &Request,
    op: Op,
    params: &[String],
    query: &BTreeMap<String, Vec<String>>,
    raw_body: Option<&Value>,
) -> Reply {
    let body = raw_body.unwrap_or(&Value::Null);
    let engine = &shared.engine;
    let State { world, events: log, render_cache, .. } = state;
    let mut outbox = shared.outbox(log);
    let now_iso = errors::iso(world.ids().now_ms());
    let fail = |exception: Value| errors::exception(engine, &request_info(req, raw_body), &now_iso, exception);

    // Routes without a session.
    match op {
        Op::Ping => return Reply::json(200, json!({"message": "pong"})),
        Op::Health => return Reply::json(200, json!({"status": "ok", "info": {}, "error": {}, "details": {}})),
        Op::Version | Op::ServerVersion => return Reply::json(200, errors::environment(engine)),
        Op::ListSessions => {
            let list: Vec<Value> = world.sessions().keys().map(|name| session_json(world, engine, name)).collect();
            return Reply::json(200, Value::Array(list));
        }
        _ => {}
    }
    let session = params[0].as_str();
    let Some(state) = world.session(session).cloned() else {
        if op == Op::GetSession {
            return Reply::json(404, json!({"message": "Session not found", "error": "Not Found", "statusCode": 404}));
        }
        return errors::session_missing(session);
    };
    match op {
        Op::GetSession => return Reply::json(200, session_json(world, engine, session)),
        Op::GetMe => return Reply::json(200, me_json(world, engine, session)),
        _ => {}
    }
    if state.status != SessionStatus::Working {
        return errors::session_not_ready(session, state.status.as_str());
    }
    if matches!(op, Op::ListGroups | Op::CountGroups | Op::RefreshGroups | Op::GetPicture) {
        let mut problems = if op == Op::ListGroups { validate_list(query) } else { vec![] };
        if op == Op::GetPicture
            && let Some(v) = query.get("refresh").and_then(|v| v.last())
            && !["true", "True", "1", "false", "False", "0"].contains(&v.as_str())
        {
            problems.push("refresh must be a boolean value".into());
        }
        if !problems.is_empty() {
            return errors::validation(problems);
        }
    }
    let me = state.phone.clone();
    let id = params.get(1).cloned().unwrap_or_default();
    let refused = |r: Refusal| match r {
        Refusal::GroupNotFound(id) => fail(errors::group_not_found_exception(engine, &id)),
        Refusal::NotAuthorized => fail(errors::not_authorized_exception(engine)),
        Refusal::InviteNotFound => fail(errors::invite_not_found_exception(engine)),
        Refusal::BadInput(field) => fail(errors::type_error(&field)),
    };
    let ok = |status: u16, body: Body| Reply::ok(status, body);
    let exclude = query.get("exclude").is_some_and(|v| v.iter().any(|x| x == "participants"));

    macro_rules! apply {
        ($result:expr, |$value:pat_param| $reply:expr) => {
            match $result {
                Ok(($value, events)) => {
                    let reply = $reply;
                    events::emit(&mut outbox, world, events);
                    reply
                }
                Err(r) => refused(r),
            }
        };
    }
    macro_rules! setter {
        ($field:expr, $body_field:literal, |$g:ident, $v:ident| $apply:expr) => {{
            let value = body.get($body_field).cloned().unwrap_or(Value::Null);
            let result = world.update(&me, &id, $field, |$g| {
                let $v = &value;
                $apply
            });
            match result {
                Err(Refusal::NotAuthorized) if render::refuses_with_false(engine) => {
                    ok(200, Body::Text("false".into()))
                }
                other => apply!(other, |()| ok(200, render::setter_ok(engine))),
            }
        }};
    }
    let flag = |v: &Value| v.as_bool().unwrap_or(false);

    match op {
        Op::CreateGroup => {
            let name = match text_field(body, "name") {
                Ok(n) => n.to_owned(),
                Err(e) => return fail(e),
            };
            let participants = match participants_of(body) {
                Ok(p) => p,
                Err(e) => return fail(e),
            };
            let result = world.create(&me, &name, &participants);
            apply!(result, |(group, results)| ok(201, render::created(engine, &group, &results, world)))
        }
        Op::ListGroups => {
            let sort_by = query.get("sortBy").and_then(|v| v.last()).map(String::as_str);
            // WEBJS/WPP: WAHA's in-memory sorter cannot resolve the nested fields (spec §2.3.2): no-op.
            let order = match sort_by {
                Some("subject") if !engine.is_browser() => Order::Subject,
                Some("id") if !engine.is_browser() => Order::Id,
                _ => Order::Creation,
            };
            let descending =
                order != Order::Creation && query.get("sortOrder").and_then(|v| v.last()).is_some_and(|o| o == "desc");
            let limit =
                query.get("limit").and_then(|v| v.last()).and_then(|v| v.parse::<f64>().ok()).map(|v| v as usize);
            let offset = query
                .get("offset")
                .and_then(|v| v.last())
                .and_then(|v| v.parse::<f64>().ok())
                .map_or(0, |v| v as usize);
            // In-memory paginators (WEBJS/WPP/GOWS) ignore offset without limit (spec §6.10).
            let offset = if limit.is_none() && *engine != Engine::Noweb { 0 } else { offset };
            let view = world.list_view(&me, order);
            let take = limit.unwrap_or(usize::MAX);
            let ids: Vec<&String> = if descending {
                view.iter().rev().skip(offset).take(take).collect()
            } else {
                view.iter().skip(offset).take(take).collect()
            };
            let page: Vec<_> = ids.into_iter().filter_map(|id| world.groups().get(id)).collect();
            ok(200, Body::Raw(render::group_list(render_cache, engine, &page, world, exclude).into()))
        }
        Op::CountGroups => ok(200, count(world.list_view(&me, Order::Creation).len())),
        Op::RefreshGroups => ok(200, success()),
        Op::JoinInfo => {
            let Some(code) = query.get("code").and_then(|v| v.last()) else {
                return fail(errors::type_error("split"));
            };
            let code = code.rsplit('/').next().unwrap_or_default();
            match world.by_invite(code) {
                Ok(g) => ok(200, Body::Json(render::join_info(engine, g, world))),
                Err(r) => refused(r),
            }
        }
        Op::JoinGroup => {
            let code = match text_field(body, "code") {
                Ok(c) => c.rsplit('/').next().unwrap_or_default().to_owned(),
                Err(e) => return fail(e),
            };
            if InviteCode::parse(&code).is_err() {
                return refused(Refusal::InviteNotFound);
            }
            let result = world.join(&me, &code);
            apply!(result, |joined| ok(200, Body::Json(render::to_value(&JoinGroupResponse { id: Loose(joined) }))))
        }
        Op::GetGroup => match world.visible(&me, &id) {
            Ok(g) => ok(200, Body::Raw(render_cache.group(engine, g, world, false))),
            Err(r) => refused(r),
        },
        Op::DeleteGroup if !render::supports_delete(engine) => errors::not_implemented(engine),
        Op::DeleteGroup => {
            let result = world.delete(&me, &id);
            apply!(result, |()| ok(200, Body::Text("true".into())))
        }
        Op::LeaveGroup => {
            let result = world.leave(&me, &id);
            apply!(result, |()| ok(200, Body::Empty))
        }
        Op::GetPicture => match world.visible(&me, &id) {
            Ok(g) => ok(200, Body::Json(render::to_value(&ChatPictureResponse { url: g.picture.clone() }))),
            Err(r) => refused(r),
        },
        Op::SetPicture => {
            let file = body.get("file").cloned().unwrap_or(Value::Null);
            let url = file.get("url").and_then(Value::as_str).map(str::to_owned).or_else(|| {
                file.get("data")
                    .and_then(Value::as_str)
                    .map(|_| format!("https://pps.whatsapp.net/mock/{}.jpg", render::user(&id)))
            });
            let Some(url) = url else { return fail(errors::type_error("url")) };
            let result = world.update(&me, &id, Field::Picture, |g| g.picture = Some(url));
            apply!(result, |()| ok(200, success()))
        }
        Op::DeletePicture => {
            let result = world.update(&me, &id, Field::Picture, |g| g.picture = None);
            apply!(result, |()| ok(200, success()))
        }
        Op::SetSubject => {
            let Some(subject) = body.get("subject").and_then(Value::as_str).map(str::to_owned) else {
                return fail(errors::type_error("subject"));
            };
            setter!(Field::Subject, "subject", |g, _v| g.subject = subject)
        }
        Op::SetDescription => {
            let Some(description) = body.get("description").and_then(Value::as_str).map(str::to_owned) else {
                return fail(errors::type_error("description"));
            };
            setter!(Field::Description, "description", |g, _v| g.description = description)
        }
        Op::SetInfoAdminOnly => setter!(Field::InfoAdminOnly, "adminsOnly", |g, v| g.info_admin_only = flag(v)),
        Op::SetMessagesAdminOnly => {
            setter!(Field::MessagesAdminOnly, "adminsOnly", |g, v| g.messages_admin_only = flag(v))
        }
        Op::SetMemberAddMode => {
            setter!(Field::MembersCanAdd, "membersCanAddNewMember", |g, v| g.members_can_add = flag(v))
        }
        Op::SetMemberShareHistoryMode => {
            setter!(Field::MembersCanShareHistory, "membersCanShareHistory", |g, v| g.members_can_share_history =
                flag(v))
        }
        Op::SetMembershipApproval => {
            setter!(Field::ApprovalRequired, "newMembersApprovalRequired", |g, v| g.approval_required = flag(v))
        }
        Op::GetInfoAdminOnly
        | Op::GetMessagesAdminOnly
        | Op::GetMemberAddMode
        | Op::GetMemberShareHistoryMode
        | Op::GetMembershipApproval => match world.visible(&me, &id) {
            Ok(g) => {
                let value = match op {
                    Op::GetInfoAdminOnly => g.info_admin_only,
                    Op::GetMessagesAdminOnly => g.messages_admin_only,
                    Op::GetMemberAddMode => g.members_can_add,
                    Op::GetMemberShareHistoryMode => g.members_can_share_history,
                    _ => g.approval_required,
                };
                ok(200, Body::Json(json!({ waha_groups::ops::flag_field(op): value })))
            }
            Err(r) => refused(r),
        },
        Op::GetInviteCode => match world.invite_code(&me, &id) {
            Ok(code) => ok(200, render::invite_code(engine, &code)),
            Err(r) => refused(r),
        },
        Op::RevokeInviteCode => {
            let result = world.revoke_invite(&me, &id);
            apply!(result, |code| ok(200, render::invite_code(engine, &code)))
        }
        Op::Participants | Op::ParticipantsV2 => match world.visible(&me, &id) {
            Ok(g) if op == Op::Participants => ok(200, Body::Json(render::participants_v1(engine, g, world))),
            Ok(g) => ok(200, Body::Json(render::participants_v2(engine, g, world))),
            Err(r) => refused(r),
        },
        Op::AddParticipants | Op::RemoveParticipants | Op::PromoteParticipants | Op::DemoteParticipants => {
            let participants = match participants_of(body) {
                Ok(p) => p,
                Err(e) => return fail(e),
            };
            let result = match op {
                Op::AddParticipants => world.add(&me, &id, &participants),
                Op::RemoveParticipants => world.remove(&me, &id, &participants),
                _ => world.set_admin(&me, &id, &participants, op == Op::PromoteParticipants),
            };
            let is_add = op == Op::AddParticipants;
            apply!(result, |results| ok(200, Body::Json(render::member_results(engine, is_add, &results, world))))
        }
        Op::JoinRequests => match world.visible(&me, &id) {
            Ok(g) if !g.is_admin(&me) => refused(Refusal::NotAuthorized),
            Ok(g) => {
                let list: Vec<GroupJoinRequest> = g
                    .requests
                    .iter()
                    .map(|r| GroupJoinRequest {
                        requester_id: Loose::some(Id::Text(world.lid(&r.requester).unwrap_or(&r.requester).to_owned())),
                        requester_pn: Loose::some(r.requester.clone()),
                        added_by_id: Loose(r.added_by.clone().map(Id::Text)),
                        parent_group_id: Loose(None),
                        request_method: Loose::some(r.method.as_str().to_owned()),
                        timestamp: Loose::some(Scalar::Int(r.timestamp / 1000)),
                    })
                    .collect();
                ok(200, Body::Json(render::to_value(&list)))
            }
            Err(r) => refused(r),
        },
        Op::ApproveJoinRequests | Op::RejectJoinRequests => {
            let requesters = match participants_of(body) {
                Ok(p) => p,
                Err(e) => return fail(e),
            };
            let result = world.answer_requests(&me, &id, &requesters, op == Op::ApproveJoinRequests);
            apply!(result, |results| {
                let list: Vec<GroupJoinRequestResult> = results
                    .iter()
                    .map(|(r, ok)| GroupJoinRequestResult {
                        requester_id: Loose::some(Id::Text(r.clone())),
                        success: Loose::some(*ok),
                        error: Loose((!ok).then_some(404)),
                    })
                    .collect();
                ok(200, Body::Json(render::to_value(&list)))
            })
        }
        Op::ListLids => {
            let limit = query.get("limit").and_then(|v| v.last()).and_then(|v| v.parse().ok()).unwrap_or(usize::MAX);
            let offset = query.get("offset").and_then(|v| v.last()).and_then(|v| v.parse().ok()).unwrap_or(0);
            let list: Vec<LidToPhoneNumber> = world
                .directory()
                .iter()
                .skip(offset)
                .take(limit)
                .map(|(pn, lid)| lid_mapping(Some(lid.clone()), Some(pn.clone())))
                .collect();
            ok(200, Body::Json(render::to_value(&list)))
        }
        Op::CountLids => ok(200, count(world.directory().len())),
        Op::LidToPhoneNumber => {
            let lid = params[1].split(':').next().unwrap_or_default().to_owned();
            let lid = if lid.contains('@') { lid } else { format!("{lid}@lid") };
            let pn = world.phone_of(&lid).map(str::to_owned);
            ok(200, Body::Json(render::to_value(&lid_mapping(Some(lid), pn))))
        }
        Op::PhoneNumberToLid => {
            let pn = ContactId::parse(&params[1]).map(String::from).unwrap_or_else(|_| params[1].clone());
            let lid = world.lid(&pn).map(str::to_owned);
            ok(200, Body::Json(render::to_value(&lid_mapping(lid, Some(pn)))))
        }
        Op::Ping | Op::Health | Op::Version | Op::ServerVersion | Op::ListSessions | Op::GetSession | Op::GetMe => {
            unreachable!("answered above")
        }
    }
}

fn count(n: usize) -> Body {
    Body::Json(render::to_value(&CountResponse { count: n as u64 }))
}

fn success() -> Body {
    Body::Json(render::to_value(&SuccessResponse { success: true }))
}

fn lid_mapping(lid: Option<String>, pn: Option<String>) -> LidToPhoneNumber {
    LidToPhoneNumber { lid: Loose(lid), pn: Loose(pn) }
}

fn me_json(world: &World, engine: &Engine, session: &str) -> Value {
    let s = &world.sessions()[session];
    if s.status != SessionStatus::Working {
        return Value::Null;
    }
    let mut me = json!({"id": s.phone, "pushName": s.push_name});
    if !engine.is_browser() || *engine == Engine::Wpp {
        me["lid"] = json!(world.lid(&s.phone));
        me["jid"] = json!(format!("{}:1@s.whatsapp.net", render::user(&s.phone)));
    }
    me
}

fn session_json(world: &World, engine: &Engine, name: &str) -> Value {
    json!({"name": name, "status": world.sessions()[name].status, "config": {}, "me": me_json(world, engine, name),
           "engine": {"engine": engine.as_str()}, "presence": null, "timestamps": {"activity": world.ids().now_ms()}})
}
