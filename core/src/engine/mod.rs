//! Wire shapes per engine and their normalisation into [`crate::model`].
//!
//! The client never needs to be told the engine: each shape is recognised by its keys
//! (GOWS objects are PascalCase with `JID`; WEBJS/WPP objects carry `groupMetadata`, `gid`
//! or `{_serialized}` ids; NOWEB objects are Baileys' camelCase with string ids; the
//! normalised v2 shapes carry `role`). Decoders are tolerant: unknown fields are ignored,
//! missing fields become `None`, hollow objects decode to empty values, and only a shape
//! that cannot possibly be the answer is a [`crate::ErrorKind::Decode`] error.

use serde_json::Value;

use crate::error::{Error, Result};
use crate::ids::{InviteCode, to_cus_format};
use crate::model::{
    Environment, Group, GroupJoinInfo, JoinMethod, JoinRequest, JoinRequestOutcome, LidMapping, MeInfo, Participant,
    ParticipantList, ParticipantOutcome, Role, SessionInfo,
};
use crate::routes::Operation;

mod dispatch;
mod gows;
mod noweb;
mod outcome;
pub(crate) mod time;
mod webjs;

pub use dispatch::decode_response;
pub use time::timestamp_ms;

/// Which engine produced a shape (only where the shape itself tells).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Webjs,
    Noweb,
    Gows,
    Normalized,
}

pub(crate) fn group_shape(v: &Value) -> Shape {
    if v.get("JID").is_some() || v.get("Name").is_some() || v.get("Participants").is_some() {
        Shape::Gows
    } else if v.get("groupMetadata").is_some() || v.get("gid").is_some() || v.get("id").is_some_and(Value::is_object) {
        Shape::Webjs
    } else {
        Shape::Noweb
    }
}

fn participant_shape(v: &Value) -> Shape {
    if v.get("JID").is_some() || v.get("IsAdmin").is_some() {
        Shape::Gows
    } else if v.get("role").is_some() {
        Shape::Normalized
    } else if v.get("id").is_some_and(Value::is_object) || v.get("isAdmin").is_some() {
        Shape::Webjs
    } else {
        Shape::Noweb
    }
}

// ---- small field readers shared by the engine modules ----

/// A non-empty string field.
pub(crate) fn str_field(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_owned)
}

pub(crate) fn bool_field(v: &Value, key: &str) -> Option<bool> {
    v.get(key).and_then(Value::as_bool)
}

pub(crate) fn count_field(v: &Value, key: &str) -> Option<u32> {
    v.get(key).and_then(Value::as_u64).map(|n| u32::try_from(n).unwrap_or(u32::MAX))
}

/// A JID given as a string or as WEBJS' `{server, user, _serialized}` object.
pub(crate) fn jid(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Object(o) => match o.get("_serialized").and_then(Value::as_str) {
            Some(s) if !s.is_empty() => Some(s.to_owned()),
            _ => {
                let user = o.get("user")?.as_str()?;
                let server = o.get("server")?.as_str()?;
                Some(format!("{user}@{server}"))
            }
        },
        _ => None,
    }
}

/// Normalised member id, or `None` for an empty one.
pub(crate) fn member_id(v: Option<&Value>) -> Option<String> {
    jid(v).map(|j| to_cus_format(&j))
}

/// `pn` for a member: the given phone number, else the id itself when it is a phone number.
pub(crate) fn pn_for(id: &str, phone: Option<String>) -> Option<String> {
    phone.or_else(|| id.ends_with("@c.us").then(|| id.to_owned()))
}

pub(crate) fn role_from_flags(is_admin: bool, is_super: bool) -> Role {
    match (is_admin, is_super) {
        (_, true) => Role::Superadmin,
        (true, false) => Role::Admin,
        _ => Role::Participant,
    }
}

fn array_items<'a>(v: &'a Value, what: &str) -> Result<&'a [Value]> {
    match v {
        Value::Array(items) => Ok(items),
        Value::Null => Ok(&[]),
        other => Err(Error::decode(format!("{what}: expected a JSON array"), other.to_string())),
    }
}

// ---- public decoders used by the Groups handle and the webhook parser ----

/// The fields of a group object; `raw` is left `Null` for the caller.
fn group_fields(v: &Value) -> Result<Group> {
    if !v.is_object() {
        return Err(Error::decode("group: expected a JSON object", v.to_string()));
    }
    Ok(match group_shape(v) {
        Shape::Gows => gows::group(v),
        Shape::Webjs => webjs::group(v),
        _ => noweb::group(v),
    })
}

/// One group from any engine's group object (copies it into `raw`).
pub fn group(v: &Value) -> Result<Group> {
    group_owned(v.clone())
}

/// One group from any engine's group object, moving it into `raw` (no copy).
///
/// A decoded group always has a `…@g.us` id: a 2xx answer that is no group at all — WAHA
/// sometimes answers a failed `create` with `{"error": "…"}` or a bare string — is an
/// [`crate::ErrorKind::Engine`] error carrying WAHA's text, never an empty `Group`.
pub fn group_owned(v: Value) -> Result<Group> {
    if let Some(text) = failure_text(&v) {
        return Err(Error::new(crate::ErrorKind::Engine, text.to_owned()).with_body(v.to_string()));
    }
    let mut g = group_fields(&v)?;
    if !crate::ids::is_group_id(&g.id) {
        return Err(Error::decode("group: the answer has no \"…@g.us\" id", v.to_string()));
    }
    g.raw = v;
    Ok(g)
}

/// WAHA's words when a 2xx answer reports a failure instead of a group.
fn failure_text(v: &Value) -> Option<&str> {
    let text = match v {
        Value::String(s) => Some(s.as_str()),
        Value::Object(o) if !o.contains_key("id") && !o.contains_key("JID") && !o.contains_key("gid") => {
            o.get("error").or_else(|| o.get("message")).and_then(Value::as_str)
        }
        _ => None,
    };
    text.filter(|t| !t.trim().is_empty())
}

/// `GET /groups`: an array (WEBJS, WPP, GOWS) or NOWEB's id-keyed map, in the order sent.
pub fn group_list(v: Value) -> Result<Vec<Group>> {
    let noweb_map = group_shape(&v) == Shape::Noweb && v.get("id").is_none_or(|id| !id.is_string());
    match v {
        Value::Array(items) => items.into_iter().map(group_owned).collect(),
        Value::Object(map) if noweb_map => map.into_iter().map(|(_, g)| group_owned(g)).collect(),
        Value::Null => Ok(Vec::new()),
        other => Err(Error::decode("group list: expected an array or an id-keyed object", other.to_string())),
    }
}

/// One member from any shape (v1 of any engine, or v2 normalised).
pub fn participant(v: &Value) -> Participant {
    match participant_shape(v) {
        Shape::Gows => gows::participant(v),
        Shape::Webjs => webjs::participant(v),
        Shape::Normalized => normalized_participant(v),
        Shape::Noweb => noweb::participant(v),
    }
}

/// Members from an array of any member shape; `null`/empty body is an empty list.
pub fn participants(v: &Value) -> Result<Vec<Participant>> {
    Ok(array_items(v, "participants")?.iter().map(participant).collect())
}

pub(crate) fn participant_list(v: Value) -> Result<ParticipantList> {
    Ok(ParticipantList { participants: participants(&v)?, raw: v })
}

/// The normalised `GroupParticipant` of v2 REST answers and v2 events.
pub(crate) fn normalized_participant(v: &Value) -> Participant {
    let id = member_id(v.get("id")).unwrap_or_default();
    let phone = str_field(v, "pn").map(|p| to_cus_format(&p));
    let role = v.get("role").and_then(Value::as_str).map_or(Role::Participant, Role::parse);
    Participant { pn: pn_for(&id, phone), id, role }
}

/// `GET /groups/join-info`.
pub fn join_info(v: Value) -> Result<GroupJoinInfo> {
    if !v.is_object() {
        return Err(Error::decode("join info: expected a JSON object", v.to_string()));
    }
    let g = group_fields(&v)?;
    Ok(GroupJoinInfo {
        id: Some(g.id).filter(|id| !id.is_empty()),
        subject: Some(g.subject).filter(|s| !s.is_empty()),
        description: g.description,
        owner: g.owner,
        size: g.size.or_else(|| (!g.participants.is_empty()).then_some(g.participants.len() as u32)),
        participants: g.participants,
        approval_required: g.approval_required,
        raw: v,
    })
}

/// Invite code from `GET …/invite-code` text (bare code, URL, or a JSON string).
pub fn invite_code(text: &str) -> Result<InviteCode> {
    let text = text.trim();
    let unquoted = serde_json::from_str::<String>(text).unwrap_or_else(|_| text.to_owned());
    InviteCode::parse(&unquoted).map_err(|e| Error::decode(format!("invite code: {}", e.message()), text))
}

/// Results of add / remove / promote / demote in all engine shapes.
///
/// `requested` are the ids as the caller passed them: each outcome's `requested` is matched
/// through them, and answers with no per-member part (WEBJS `{"status":200}`, empty bodies)
/// get one outcome per requested id.
pub fn participant_outcomes(v: &Value, requested: &[String]) -> Vec<ParticipantOutcome> {
    let mut outcomes = outcomes_of(v, requested);
    outcome::match_requested(&mut outcomes, requested);
    outcomes
}

fn outcomes_of(v: &Value, requested: &[String]) -> Vec<ParticipantOutcome> {
    let for_all = |ok: bool, code: Option<i64>, message: Option<String>| {
        requested
            .iter()
            .map(|r| {
                let mut o = outcome::new(outcome::normalized(r), None, code, v.clone());
                (o.ok, o.message) = (ok, message.clone());
                o
            })
            .collect()
    };
    match v {
        Value::Array(items) => items
            .iter()
            .map(|item| {
                if item.get("JID").is_some() || item.get("Error").is_some() {
                    gows::outcome(item)
                } else {
                    noweb::outcome(item)
                }
            })
            .collect(),
        Value::Object(map) => match map.get("status") {
            Some(status) => {
                let code = status.as_i64().or_else(|| status.as_str().and_then(|s| s.parse().ok()));
                for_all(code == Some(200), code, str_field(v, "message"))
            }
            None => map.iter().map(|(id, item)| webjs::add_outcome(id, item)).collect(),
        },
        Value::String(message) => for_all(false, None, Some(message.clone())),
        _ => for_all(true, None, None),
    }
}

/// `GET …/participants/join-requests`.
pub fn join_requests(v: &Value) -> Result<Vec<JoinRequest>> {
    Ok(array_items(v, "join requests")?
        .iter()
        .map(|r| JoinRequest {
            requester_id: member_id(r.get("requesterId")).unwrap_or_default(),
            requester_pn: str_field(r, "requesterPn").map(|p| to_cus_format(&p)),
            added_by: member_id(r.get("addedById")),
            parent_group_id: str_field(r, "parentGroupId"),
            method: str_field(r, "requestMethod").map(|m| JoinMethod::normalize(&m)),
            timestamp: r.get("timestamp").and_then(timestamp_ms),
            raw: r.clone(),
        })
        .collect())
}

/// `POST …/join-requests/approve|reject`.
pub fn join_request_outcomes(v: &Value) -> Result<Vec<JoinRequestOutcome>> {
    Ok(array_items(v, "join request results")?
        .iter()
        .map(|r| JoinRequestOutcome {
            requester_id: member_id(r.get("requesterId")),
            ok: bool_field(r, "success").unwrap_or(false),
            error: r.get("error").and_then(Value::as_i64),
            raw: r.clone(),
        })
        .collect())
}

/// `{"lid": "...", "pn": "..."}`.
pub fn lid_mapping(v: &Value) -> Result<LidMapping> {
    let lid = str_field(v, "lid").ok_or_else(|| Error::decode("lid mapping: missing \"lid\"", v.to_string()))?;
    Ok(LidMapping { lid, pn: str_field(v, "pn").map(|p| to_cus_format(&p)) })
}

/// `MeInfo`; `null` means not authenticated.
pub fn me_info(v: &Value) -> Option<MeInfo> {
    let id = str_field(v, "id")?;
    Some(MeInfo { id, lid: str_field(v, "lid"), jid: str_field(v, "jid"), push_name: str_field(v, "pushName") })
}

/// `SessionInfo`.
pub fn session_info(v: Value) -> Result<SessionInfo> {
    let name = str_field(&v, "name").ok_or_else(|| Error::decode("session: missing \"name\"", v.to_string()))?;
    Ok(SessionInfo {
        name,
        status: str_field(&v, "status").unwrap_or_default(),
        me: v.get("me").and_then(me_info),
        engine: v.pointer("/engine/engine").and_then(Value::as_str).map(str::to_owned),
        raw: v,
    })
}

/// `WAHAEnvironment`.
pub fn environment(v: &Value) -> Environment {
    Environment {
        version: str_field(v, "version"),
        engine: str_field(v, "engine"),
        tier: str_field(v, "tier"),
        browser: str_field(v, "browser"),
        platform: str_field(v, "platform"),
        worker_id: v.pointer("/worker/id").and_then(Value::as_str).map(str::to_owned),
    }
}

/// `{"count": n}`.
pub fn count(v: &Value) -> Result<u64> {
    v.get("count").and_then(Value::as_u64).ok_or_else(|| Error::decode("expected {\"count\": n}", v.to_string()))
}

/// `{"id": "…@g.us"}` from `POST /groups/join`; `None` when the engine returned nothing.
pub fn joined_group_id(v: &Value) -> Option<String> {
    str_field(v, "id")
}

/// `{"url": string|null}`; an empty string also means "no picture".
pub fn picture_url(v: &Value) -> Result<Option<String>> {
    match v.get("url") {
        Some(Value::String(url)) if !url.is_empty() => Ok(Some(url.clone())),
        Some(Value::String(_) | Value::Null) => Ok(None),
        _ => Err(Error::decode("expected {\"url\": string|null}", v.to_string())),
    }
}

/// A settings answer such as `{"adminsOnly": true}`.
pub fn flag(v: &Value, field: &str) -> Result<bool> {
    v.get(field)
        .and_then(Value::as_bool)
        .ok_or_else(|| Error::decode(format!("expected {{\"{field}\": bool}}"), v.to_string()))
}

/// The body field of a boolean setting, for its getter and its setter.
pub fn flag_field(op: Operation) -> &'static str {
    match op {
        Operation::GetMemberAddMode | Operation::SetMemberAddMode => "membersCanAddNewMember",
        Operation::GetMemberShareHistoryMode | Operation::SetMemberShareHistoryMode => "membersCanShareHistory",
        Operation::GetMembershipApproval | Operation::SetMembershipApproval => "newMembersApprovalRequired",
        _ => "adminsOnly",
    }
}
