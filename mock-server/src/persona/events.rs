//! The events each persona emits for a change (§4.3, §5): who hears about it, the payloads in
//! the engine's shape and WAHA's envelope — typed structs written straight to JSON text.

use std::collections::HashSet;

use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use waha_groups::Engine;
use waha_groups::engine::loose::{Id, Loose};
use waha_groups::engine::waha::{GroupInfo, GroupParticipant};
use waha_groups::webhook::JoinRequestAction;

use super::errors;
use crate::state::{Change, Event, Field, GroupState, JoinKind, World};

/// `(recipient phone, event name, payload)` for each event of `event` that an account a session
/// is logged in as hears about, in `engine`'s shape.
pub(crate) fn payloads(engine: &Engine, world: &World, event: &Event) -> Vec<(String, &'static str, Payload)> {
    Builder { engine, world, event }.payloads()
}

/// Per-engine rules on who hears about what (spec §4.3, §5).
struct Builder<'a> {
    engine: &'a Engine,
    world: &'a World,
    event: &'a Event,
}

impl Builder<'_> {
    fn g(&self) -> &GroupState {
        &self.event.group
    }

    fn timestamp(&self) -> i64 {
        super::event_timestamp(self.engine, self.event.at_ms)
    }

    /// A changed member as this engine reports it in `group.v2.participants`.
    fn changed(&self, id: &str, role: &str) -> GroupParticipant {
        let id = match self.engine {
            Engine::Gows => self.world.lid(id).unwrap_or(id).to_owned(),
            _ => id.to_owned(),
        };
        GroupParticipant { id: Loose::some(Id::Text(id)), pn: Loose(None), role: Loose::some(role.to_owned()) }
    }

    fn participants(&self, kind: &str, who: &[String], role: &str) -> Payload {
        let changed: Vec<GroupParticipant> = who.iter().map(|id| self.changed(id, role)).collect();
        let group = GroupRef { id: &self.g().id };
        payload(&ParticipantsPayload {
            kind,
            timestamp: self.timestamp(),
            group,
            participants: changed,
            data: Empty {},
        })
    }

    fn joined(&self) -> Payload {
        let group = super::group_info(self.engine, self.g(), self.world);
        payload(&GroupPayload { timestamp: self.timestamp(), group, data: super::raw_data(self.engine, self.g()) })
    }

    fn left(&self) -> Payload {
        payload(&GroupPayload { timestamp: self.timestamp(), group: GroupRef { id: &self.g().id }, data: Empty {} })
    }

    /// `group.v2.update` payload, or `None` when this engine emits nothing for the change.
    fn updated(&self, fields: &[Field]) -> Option<Payload> {
        let g = self.g();
        let group = match self.engine {
            Engine::Webjs | Engine::Wpp => {
                GroupInfo { participants: None, ..super::group_info(self.engine, g, self.world) }
            }
            // NOWEB sends Baileys' changed fields; GOWS maps whatsmeow's GroupInfo event (spec §4.3, §4.4).
            _ => {
                let gows = *self.engine == Engine::Gows;
                let mut info = GroupInfo { id: Loose::some(Id::Text(g.id.clone())), ..GroupInfo::default() };
                let mut mapped = false;
                for f in fields {
                    mapped |= match f {
                        Field::Subject => set(&mut info.subject, g.subject.clone()),
                        Field::Description => set(&mut info.description, g.description.clone()),
                        Field::Invite => {
                            set(&mut info.invite, format!("{}{}", waha_groups::ids::INVITE_URL_PREFIX, g.invite_code))
                        }
                        // NOWEB copies WhatsApp's `announce` (inverted); GOWS update events get it right.
                        Field::MessagesAdminOnly => {
                            set(&mut info.members_can_send_messages, g.messages_admin_only != gows)
                        }
                        Field::MembersCanAdd if !gows => set(&mut info.members_can_add_new_member, g.members_can_add),
                        Field::ApprovalRequired => set(&mut info.new_members_approval_required, g.approval_required),
                        _ => false,
                    };
                }
                // GOWS emits no update event when none of its mapped fields changed.
                if gows && !mapped {
                    return None;
                }
                info
            }
        };
        Some(payload(&GroupPayload { timestamp: self.timestamp(), group, data: Empty {} }))
    }

    fn join_request(
        &self,
        requester: &str,
        action: &JoinRequestAction,
        method: &waha_groups::JoinMethod,
    ) -> Option<Payload> {
        if self.engine.is_browser() && *action != JoinRequestAction::Created {
            return None;
        }
        let lid = self.world.lid(requester).unwrap_or(requester);
        Some(payload(&JoinRequestPayload {
            group: GroupRef { id: &self.g().id },
            action: action.as_str(),
            requester_id: lid,
            // Browser engines do not know the requester's number: the key is absent there.
            requester_pn: (!self.engine.is_browser()).then_some(requester),
            request_method: method.as_str(),
            timestamp: self.timestamp(),
            data: Empty {},
        }))
    }

    /// `(recipient phone, event name, payload)` for this change. Only accounts a session is
    /// logged in as receive events, so payloads are rendered for those alone: a change to a
    /// 1,000-member group renders its payloads once per watching session, not once per member.
    fn payloads(&self) -> Vec<(String, &'static str, Payload)> {
        let g = self.g();
        let watched: HashSet<&str> = self.world.sessions().values().map(|s| s.phone.as_str()).collect();
        let members: Vec<String> =
            g.members.iter().filter(|m| watched.contains(&*m.id)).map(|m| m.id.to_string()).collect();
        let mut out = Vec::new();
        match &self.event.change {
            Change::Joined { who, by, how } => {
                let who_set: HashSet<&str> = who.iter().map(String::as_str).collect();
                for phone in &members {
                    let joined_now = who_set.contains(phone.as_str());
                    let creator = *how == JoinKind::Created && by.as_deref() == Some(phone.as_str());
                    // WEBJS does not map the `create` notification to group.v2.join for the creator.
                    if joined_now && !(creator && self.engine.is_browser()) {
                        out.push((phone.clone(), "group.v2.join", self.joined()));
                    }
                    if *how != JoinKind::Created {
                        out.push((
                            phone.clone(),
                            "group.v2.participants",
                            self.participants("join", who, "participant"),
                        ));
                    }
                    match self.engine {
                        Engine::Webjs if *how != JoinKind::Created || (joined_now && !creator) => {
                            let kind = if *how == JoinKind::InviteLink { "invite" } else { "add" };
                            if let Some(p) =
                                super::legacy_join(self.engine, g, who, by.as_deref(), self.event.at_ms, kind)
                            {
                                out.push((phone.clone(), "group.join", p));
                            }
                        }
                        Engine::Noweb if joined_now => {
                            if let Some(p) =
                                super::legacy_join(self.engine, g, who, by.as_deref(), self.event.at_ms, "")
                            {
                                out.push((phone.clone(), "group.join", p));
                            }
                        }
                        _ => {}
                    }
                }
            }
            Change::Left { who, by } => {
                for phone in members.iter().chain(who.iter().filter(|p| watched.contains(p.as_str()))) {
                    out.push((phone.clone(), "group.v2.participants", self.participants("leave", who, "left")));
                    if who.contains(phone) {
                        out.push((phone.clone(), "group.v2.leave", self.left()));
                    }
                    if let Some(p) = super::legacy_leave(self.engine, g, who, by.as_deref(), self.event.at_ms) {
                        out.push((phone.clone(), "group.leave", p));
                    }
                }
            }
            Change::Promoted { who, .. } | Change::Demoted { who, .. } => {
                let promote = matches!(self.event.change, Change::Promoted { .. });
                let (kind, role) = match (promote, self.engine) {
                    (true, _) => ("promote", "admin"),
                    // NOWEB reports `admin` on demote (WAHA bug kept for fidelity, spec §4.3).
                    (false, Engine::Noweb) => ("demote", "admin"),
                    (false, _) => ("demote", "participant"),
                };
                for phone in &members {
                    out.push((phone.clone(), "group.v2.participants", self.participants(kind, who, role)));
                }
            }
            Change::Updated { fields, .. } => {
                if let Some(p) = self.updated(fields) {
                    for phone in &members {
                        out.push((phone.clone(), "group.v2.update", p.clone()));
                    }
                }
            }
            Change::JoinRequest { requester, action, method } => {
                if let Some(p) = self.join_request(requester, action, method) {
                    for m in g.members.iter().filter(|m| m.role.is_admin()) {
                        out.push((m.id.to_string(), "group.v2.participants.join-request", p.clone()));
                    }
                }
            }
            Change::Deleted => {
                for phone in &members {
                    out.push((phone.clone(), "group.v2.leave", self.left()));
                }
            }
        }
        out
    }
}

/// WAHA's envelope around a payload, written straight to bytes.
#[derive(Serialize)]
struct Envelope<'a> {
    id: String,
    timestamp: i64,
    event: &'a str,
    session: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    metadata: Option<&'a Map<String, Value>>,
    me: Me<'a>,
    payload: &'a RawValue,
    engine: &'a str,
    environment: Value,
}

/// The envelope's `me`: WEBJS sends the id and push name; the others add `lid` and `jid`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Me<'a> {
    id: &'a str,
    push_name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    lid: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    jid: Option<String>,
}

/// The envelope of one event for `session`, and its timestamp.
pub(crate) fn envelope(
    engine: &Engine,
    world: &mut World,
    session: &str,
    event: &str,
    payload: &RawValue,
) -> (Payload, i64) {
    let id = world.ids_mut().event_id();
    let timestamp = world.ids().now_ms();
    let state = &world.sessions()[session];
    let webjs = *engine == Engine::Webjs;
    let me = Me {
        id: &state.phone,
        push_name: &state.push_name,
        lid: (!webjs).then(|| world.lid(&state.phone)),
        jid: (!webjs).then(|| format!("{}:1@s.whatsapp.net", super::user(&state.phone))),
    };
    let body = Envelope {
        id,
        timestamp,
        event,
        session,
        metadata: state.metadata.as_ref().filter(|m| !m.is_empty()),
        me,
        payload,
        engine: engine.as_str(),
        environment: errors::environment(engine),
    };
    (self::payload(&body), timestamp)
}

/// Sets a changed field of an update event; `true` (the field is part of the event).
fn set<T>(field: &mut Loose<T>, value: T) -> bool {
    *field = Loose::some(value);
    true
}

/// A rendered payload or envelope: the JSON text of its typed struct (no `Value` tree on the way).
pub(crate) type Payload = Box<RawValue>;

/// `value` as a [`Payload`] (the mock's wire structs always serialise; the text is not parsed
/// again to check it).
fn payload<T: Serialize>(value: &T) -> Payload {
    serde_json::value::to_raw_value(value).expect("payloads serialise")
}

/// `{}`: `_data` where the mock has nothing engine-specific to say.
#[derive(Serialize)]
struct Empty {}

/// `{"id": …}`: the group as most events name it.
#[derive(Serialize)]
struct GroupRef<'a> {
    id: &'a str,
}

/// `group.v2.join`, `group.v2.leave` and `group.v2.update`.
#[derive(Serialize)]
struct GroupPayload<G, D> {
    timestamp: i64,
    group: G,
    #[serde(rename = "_data")]
    data: D,
}

/// `group.v2.participants`.
#[derive(Serialize)]
struct ParticipantsPayload<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    timestamp: i64,
    group: GroupRef<'a>,
    participants: Vec<GroupParticipant>,
    #[serde(rename = "_data")]
    data: Empty,
}

/// `group.v2.participants.join-request`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JoinRequestPayload<'a> {
    group: GroupRef<'a>,
    action: &'a str,
    requester_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    requester_pn: Option<&'a str>,
    request_method: &'a str,
    timestamp: i64,
    #[serde(rename = "_data")]
    data: Empty,
}
