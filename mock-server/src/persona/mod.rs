//! The personas: everything that differs between WEBJS / WPP, NOWEB and GOWS (spec §2.3–2.5,
//! §4) — answers, error bodies ([`errors`]), event payloads ([`events`]) and hollow objects —
//! rendered from the world by filling the core's engine wire structs and serialising them.
//!
//! WPP renders like WEBJS (spec §2.7: "treat WPP responses as WEBJS-like").

use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{Value, json};
use waha_groups::Engine;
use waha_groups::engine::gows::GowsGroupInfo;
use waha_groups::engine::loose::{Id, Loose, Scalar};
use waha_groups::engine::noweb::NowebGroupMetadata;
use waha_groups::engine::waha::{GroupInfo, GroupParticipant};
use waha_groups::engine::webjs::WebjsGroupChat;
use waha_groups::engine::webjs::WebjsStatusResult;
use waha_groups::routes::Operation as Op;

use crate::state::{GroupState, MemberResult, MemberRole, World};

mod cache;
pub(crate) mod errors;
pub(crate) mod events;
mod gows;
pub(crate) use cache::RenderCache;
pub(crate) use gows::rfc3339 as rfc3339_utc;
mod noweb;
mod webjs;

/// A response body.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// `application/json`.
    Json(Value),
    /// `application/json`, already serialised; handed to wiremock as it is (an owned buffer:
    /// a shared one would be copied once more on the way out).
    Raw(Vec<u8>),
    /// `text/html; charset=utf-8` (NestJS sends strings and booleans this way).
    Text(String),
    /// `Content-Length: 0`.
    Empty,
}

/// The three shape families.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Family {
    Browser,
    Noweb,
    Gows,
}

fn family(engine: &Engine) -> Family {
    match engine {
        Engine::Noweb => Family::Noweb,
        Engine::Gows => Family::Gows,
        _ => Family::Browser,
    }
}

/// `user` part of an id.
pub(crate) fn user(id: &str) -> &str {
    id.split('@').next().unwrap_or(id)
}

/// `…@c.us` → `…@s.whatsapp.net`.
pub(crate) fn jid(phone: &str) -> String {
    format!("{}@s.whatsapp.net", user(phone))
}

/// A wire struct as JSON (the core's engine structs always serialise).
pub(crate) fn to_value<T: serde::Serialize>(wire: &T) -> Value {
    serde_json::to_value(wire).expect("wire structs serialise")
}

/// A wire struct as JSON text, with no `Value` tree on the way.
pub(crate) fn to_raw<T: serde::Serialize>(wire: &T) -> Box<RawValue> {
    serde_json::value::to_raw_value(wire).expect("wire structs serialise")
}

/// Seconds from ms (WEBJS and Baileys report seconds).
pub(crate) fn secs(ms: i64) -> i64 {
    ms / 1000
}

/// A group object in the engine's shape.
#[derive(Serialize)]
#[serde(untagged)]
pub(crate) enum GroupWire {
    Webjs(WebjsGroupChat),
    Noweb(NowebGroupMetadata),
    Gows(GowsGroupInfo),
}

/// A group object as `GET /groups/{id}` returns it.
pub(crate) fn group_wire(engine: &Engine, g: &GroupState, world: &World, exclude_participants: bool) -> GroupWire {
    match family(engine) {
        Family::Browser => GroupWire::Webjs(webjs::group_chat(g, exclude_participants)),
        Family::Noweb => GroupWire::Noweb(noweb::metadata(g, exclude_participants)),
        Family::Gows => GroupWire::Gows(gows::group_info(g, world, exclude_participants)),
    }
}

/// A wire struct as a JSON answer, written straight to bytes.
pub(crate) fn body<T: Serialize + ?Sized>(wire: &T) -> Body {
    sized_body(wire, 128)
}

/// [`body`] into a buffer of `capacity` bytes: a 1,000-member answer written into a growing
/// buffer was copied ~10 times, each time into freshly mapped pages (perf: page faults were
/// ~17% of a bulk create).
pub(crate) fn sized_body<T: Serialize + ?Sized>(wire: &T, capacity: usize) -> Body {
    let mut out = Vec::with_capacity(capacity);
    serde_json::to_writer(&mut out, wire).expect("wire structs serialise");
    Body::Raw(out)
}

/// Room for an answer listing `members` members in any persona.
fn capacity_for(members: usize) -> usize {
    1024 + members * 320
}

/// `GET /groups`: an array, or NOWEB's id-keyed map, assembled from each group's cached bytes.
pub(crate) fn group_list(
    cache: &mut RenderCache,
    engine: &Engine,
    groups: &[&GroupState],
    world: &World,
    exclude_participants: bool,
) -> Vec<u8> {
    let noweb = family(engine) == Family::Noweb;
    let mut out = Vec::with_capacity(groups.len() * 2048 + 2);
    out.push(if noweb { b'{' } else { b'[' });
    for (i, g) in groups.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        if noweb {
            serde_json::to_writer(&mut out, &g.id).expect("a string serialises");
            out.push(b':');
        }
        out.extend_from_slice(&cache.group(engine, g, world, exclude_participants));
    }
    out.push(if noweb { b'}' } else { b']' });
    out
}

/// `POST /groups` (201).
pub fn created(engine: &Engine, g: &GroupState, results: &[MemberResult], world: &World) -> Body {
    match family(engine) {
        // Serialised straight to bytes: a create can carry 1,000+ members.
        Family::Browser => Body::Raw(webjs::create_result(g, results)),
        _ => sized_body(&group_wire(engine, g, world, false), capacity_for(g.members.len())),
    }
}

/// `GET /groups/join-info`.
pub fn join_info(engine: &Engine, g: &GroupState, world: &World) -> Body {
    match family(engine) {
        Family::Browser => body(&webjs::invite_info(g)),
        _ => sized_body(&group_wire(engine, g, world, false), capacity_for(g.members.len())),
    }
}

/// `GET …/participants` (v1, raw engine members).
pub fn participants_v1(engine: &Engine, g: &GroupState, world: &World) -> Body {
    let (members, room) = (g.members.iter(), capacity_for(g.members.len()));
    match family(engine) {
        Family::Browser => sized_body(&members.map(|m| webjs::participant(&m.id, m.role)).collect::<Vec<_>>(), room),
        Family::Noweb => sized_body(&members.map(|m| noweb::participant(&m.id, m.role)).collect::<Vec<_>>(), room),
        Family::Gows => {
            sized_body(&members.map(|m| gows::participant(&m.id, m.role, world, 0)).collect::<Vec<_>>(), room)
        }
    }
}

/// The normalised `GroupParticipant` for a member, per engine addressing.
pub fn v2_member(engine: &Engine, id: &str, role: MemberRole, world: &World) -> GroupParticipant {
    let (id, pn) = match family(engine) {
        Family::Browser => (id.to_owned(), Some(id.to_owned())),
        Family::Noweb => (id.to_owned(), None),
        Family::Gows => (world.lid(id).unwrap_or(id).to_owned(), Some(id.to_owned())),
    };
    GroupParticipant { id: Loose::some(Id::Text(id)), pn: Loose(pn), role: Loose::some(role.as_str().to_owned()) }
}

/// `GET …/participants/v2`.
pub fn participants_v2(engine: &Engine, g: &GroupState, world: &World) -> Body {
    let list: Vec<_> = g.members.iter().map(|m| v2_member(engine, &m.id, m.role, world)).collect();
    sized_body(&list, capacity_for(list.len()))
}

/// Results of add / remove / promote / demote.
pub fn member_results(engine: &Engine, is_add: bool, results: &[MemberResult], world: &World) -> Body {
    match family(engine) {
        Family::Browser if is_add => body(&webjs::add_result(results)),
        Family::Browser => {
            let status = results.iter().map(|r| r.code).find(|c| *c != 200).unwrap_or(200);
            body(&WebjsStatusResult { status: Loose::some(Scalar::Int(i64::from(status))), message: Loose(None) })
        }
        Family::Noweb => {
            sized_body(&results.iter().map(noweb::update_result).collect::<Vec<_>>(), capacity_for(results.len()))
        }
        Family::Gows => {
            let list: Vec<_> = results.iter().map(|r| gows::update_result(r, world)).collect();
            sized_body(&list, capacity_for(results.len()))
        }
    }
}

/// `GET …/invite-code` text: GOWS sends the full link.
pub fn invite_code(engine: &Engine, code: &str) -> Body {
    match family(engine) {
        Family::Gows => Body::Text(format!("{}{code}", waha_groups::ids::INVITE_URL_PREFIX)),
        _ => Body::Text(code.to_owned()),
    }
}

/// A successful setter (subject, description, settings): WEBJS `true` text, others empty.
pub fn setter_ok(engine: &Engine) -> Body {
    match family(engine) {
        Family::Browser => Body::Text("true".into()),
        _ => Body::Empty,
    }
}

/// Whether the engine answers a refused setter with text `false` (instead of a 500).
pub fn refuses_with_false(engine: &Engine) -> bool {
    family(engine) == Family::Browser
}

/// Whether `DELETE /groups/{id}` is implemented (WEBJS/WPP only).
pub fn supports_delete(engine: &Engine) -> bool {
    family(engine) == Family::Browser
}

/// Whether WhatsApp's per-event timestamps are seconds for this engine (WEBJS/WPP).
pub fn event_timestamp(engine: &Engine, ms: i64) -> i64 {
    if family(engine) == Family::Browser { secs(ms) } else { ms }
}

/// WAHA's normalised `GroupInfo` for v2 events, with each engine's field semantics (spec §4.4).
pub fn group_info(engine: &Engine, g: &GroupState, world: &World) -> GroupInfo {
    let link = || format!("{}{}", waha_groups::ids::INVITE_URL_PREFIX, g.invite_code);
    let (invite, add) = match family(engine) {
        // WEBJS puts `restrict` (info-admin-only) into `membersCanAddNewMember`.
        Family::Browser => (Some(g.invite_code.clone()), g.info_admin_only),
        Family::Noweb => (Some(link()), g.members_can_add),
        Family::Gows => (None, g.members_can_add),
    };
    let participants: Vec<GroupParticipant> =
        g.members.iter().map(|m| v2_member(engine, &m.id, m.role, world)).collect();
    GroupInfo {
        id: Loose::some(Id::Text(g.id.clone())),
        subject: Loose::some(g.subject.clone()),
        description: Loose::some(g.description.clone()),
        invite: Loose(invite),
        members_can_add_new_member: Loose::some(add),
        members_can_send_messages: Loose::some(g.messages_admin_only),
        new_members_approval_required: Loose::some(g.approval_required),
        participants: (!(family(engine) == Family::Noweb && participants.is_empty())).then_some(participants),
    }
}

/// The engine's raw object for `_data` of v2 events.
pub fn raw_data(engine: &Engine, g: &GroupState) -> Box<RawValue> {
    match family(engine) {
        Family::Browser => to_raw(&json!({"id": webjs::wid(&g.id), "type": "notification"})),
        Family::Noweb => to_raw(&noweb::metadata(g, true)),
        Family::Gows => to_raw(&json!({"JID": g.id})),
    }
}

/// The legacy `group.join` payload: WEBJS `GroupNotification` (anyone joins), NOWEB metadata (you join).
pub fn legacy_join(
    engine: &Engine,
    g: &GroupState,
    who: &[String],
    author: Option<&str>,
    at_ms: i64,
    kind: &str,
) -> Option<Box<RawValue>> {
    match engine {
        Engine::Webjs => Some(to_raw(&webjs::notification(g, kind, who, author, at_ms))),
        Engine::Noweb => Some(to_raw(&noweb::metadata(g, false))),
        _ => None,
    }
}

/// The legacy `group.leave` payload (WEBJS only).
pub fn legacy_leave(
    engine: &Engine,
    g: &GroupState,
    who: &[String],
    author: Option<&str>,
    at_ms: i64,
) -> Option<Box<RawValue>> {
    matches!(engine, Engine::Webjs).then(|| {
        let kind = if author.is_some() { "remove" } else { "leave" };
        to_raw(&webjs::notification(g, kind, who, author, at_ms))
    })
}

/// A GOWS-style hollow answer (empty name, zero times, null participants), in the persona's shape.
pub(crate) fn hollow(engine: &Engine, op: Op, id: &str) -> Body {
    let zero_time = || Loose::some(Scalar::Text("0001-01-01T00:00:00Z".to_owned()));
    let empty = || Loose::some(String::new());
    match (engine, op) {
        (_, Op::ListGroups) if *engine == Engine::Noweb => Body::Json(json!({})),
        (_, Op::ListGroups) => Body::Json(json!([])),
        (Engine::Gows, _) => Body::Json(to_value(&GowsGroupInfo {
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
        (Engine::Noweb, _) => Body::Json(to_value(&NowebGroupMetadata {
            id: Loose::some(id.to_owned()),
            subject: empty(),
            participants: Some(Vec::new()),
            ..NowebGroupMetadata::default()
        })),
        _ => Body::Json(to_value(&WebjsGroupChat {
            id: Loose::some(Id::wid(id)),
            name: empty(),
            is_group: Loose::some(true),
            ..WebjsGroupChat::default()
        })),
    }
}
