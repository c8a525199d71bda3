//! Each group event's payload: the v2 events' shared fields, the deprecated `group.join` /
//! `group.leave` payloads, and anything else kept as it came.
//!
//! Layer: events; it may import `events`, `quirks`, the foundation, `model` and `engine`.

use serde::Deserialize;
use serde_json::Value;

use serde_json::value::RawValue;

use super::events::{
    GROUP_EVENTS, GroupEvent, GroupJoined, GroupLeft, GroupUpdated, JoinRequestAction, JoinRequestChanged,
    LegacyGroupEvent, ParticipantsChange, ParticipantsChanged, malformed,
};
use super::quirks::{group_info, group_patch};
use crate::engine::loose::{Id, Loose, Scalar};
use crate::engine::waha::GroupInfo;
use crate::engine::{self};
use crate::error::{Error, Result};
use crate::model::{Engine, JoinMethod, MeInfo, Raw};

fn is_object(raw: &RawValue) -> bool {
    raw.get().starts_with('{')
}

pub(super) fn not_an_object(event: &str) -> Error {
    malformed(format!("{event} payload must be a JSON object"))
}

/// The fields of the v2 payloads (each event uses some of them).
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Payload<'a> {
    timestamp: Loose<Scalar>,
    #[serde(borrow)]
    group: Option<&'a RawValue>,
    #[serde(rename = "type")]
    kind: Loose<String>,
    #[serde(borrow)]
    participants: Option<&'a RawValue>,
    action: Loose<String>,
    requester_id: Loose<Id>,
    requester_pn: Loose<String>,
    request_method: Loose<String>,
}

/// A payload kept as sent (the event was not known when it was read).
pub(super) fn group_event(
    event: &str,
    payload: &RawValue,
    engine: Option<&Engine>,
    me: Option<&MeInfo>,
) -> Result<GroupEvent> {
    if !GROUP_EVENTS.contains(&event) {
        return Ok(GroupEvent::Other { event: event.to_owned(), raw: Raw::copy(payload) });
    }
    let legacy_list = event == "group.join" && payload.get().starts_with('[');
    if !(is_object(payload) || legacy_list) {
        return Err(not_an_object(event));
    }
    if event == "group.join" || event == "group.leave" {
        let legacy = legacy(payload, me)?;
        return Ok(if event == "group.join" {
            GroupEvent::LegacyJoin(legacy)
        } else {
            GroupEvent::LegacyLeave(legacy)
        });
    }
    let p: Payload = serde_json::from_str(payload.get()).map_err(|e| malformed(format!("{event} payload: {e}")))?;
    v2_event(event, p, engine)
}

/// The id of a group object, the rest skipped.
#[derive(Deserialize, Default)]
#[serde(default)]
struct GroupRef {
    id: Loose<Id>,
}

/// A v2 group event from its payload's fields.
pub(super) fn v2_event(event: &str, p: Payload, engine: Option<&Engine>) -> Result<GroupEvent> {
    let timestamp = p.timestamp.ms();
    let group = || -> Result<(&RawValue, GroupInfo)> {
        let raw = p.group.filter(|g| is_object(g)).ok_or_else(|| malformed(format!("{event} payload has no group")))?;
        let info = serde_json::from_str(raw.get()).map_err(|e| malformed(format!("{event} group: {e}")))?;
        Ok((raw, info))
    };
    // Leave, participants and join-request events only name the group: its id is all that is read.
    let group_id = || -> Result<String> {
        let group = p.group.filter(|g| is_object(g)).and_then(|g| serde_json::from_str::<GroupRef>(g.get()).ok());
        group.and_then(|g| g.id.member()).ok_or_else(|| malformed(format!("{event} payload has no group.id")))
    };
    Ok(match event {
        "group.v2.join" => {
            let (raw, info) = group()?;
            GroupEvent::Join(GroupJoined { timestamp, group: group_info(info, raw, engine) })
        }
        "group.v2.leave" => GroupEvent::Leave(GroupLeft { timestamp, group_id: group_id()? }),
        "group.v2.update" => {
            let (_, info) = group()?;
            GroupEvent::Update(GroupUpdated { timestamp, group: group_patch(info, engine)? })
        }
        "group.v2.participants" => {
            let kind = p.kind.text().ok_or_else(|| malformed("group.v2.participants payload has no type"))?;
            let participants = match p.participants {
                Some(list) => engine::participants(list.get())
                    .map_err(|_| malformed("group.v2.participants participants must be an array"))?,
                None => Vec::new(),
            };
            GroupEvent::Participants(ParticipantsChanged {
                kind: ParticipantsChange::parse(&kind),
                timestamp,
                group_id: group_id()?,
                participants,
            })
        }
        _ => GroupEvent::JoinRequest(JoinRequestChanged {
            action: JoinRequestAction::parse(
                &p.action.text().ok_or_else(|| malformed(format!("{event} payload has no action")))?,
            ),
            group_id: group_id()?,
            requester_id: p
                .requester_id
                .member()
                .ok_or_else(|| malformed(format!("{event} payload has no requesterId")))?,
            requester_pn: p.requester_pn.member(),
            method: p.request_method.text().map(|m| JoinMethod::normalize(&m)),
            timestamp,
        }),
    })
}

/// The fields of WEBJS' `GroupNotification` and NOWEB's `GroupMetadata` that legacy events use.
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct LegacyPayload {
    recipient_ids: Option<Vec<Loose<Id>>>,
    chat_id: Loose<Id>,
    #[serde(rename = "id")]
    message_or_group_id: Option<Value>,
    author: Loose<Id>,
    timestamp: Loose<Scalar>,
}

/// WEBJS `GroupNotification` or NOWEB `GroupMetadata` (or, before 2024.11, an array of them).
fn legacy(payload: &RawValue, me: Option<&MeInfo>) -> Result<LegacyGroupEvent> {
    let read = |e: serde_json::Error| malformed(format!("legacy group event payload: {e}"));
    let first: LegacyPayload = if payload.get().starts_with('[') {
        let items: Vec<LegacyPayload> = serde_json::from_str(payload.get()).map_err(read)?;
        items.into_iter().next().unwrap_or_default()
    } else {
        serde_json::from_str(payload.get()).map_err(read)?
    };
    let raw = Raw::copy(payload);
    let id = first.message_or_group_id;
    if first.recipient_ids.is_some() || first.chat_id.0.is_some() {
        let remote = || Loose::<Id>::deserialize(id.as_ref()?.get("remote")?).ok()?.member();
        return Ok(LegacyGroupEvent {
            group_id: first.chat_id.member().or_else(remote),
            participants: first.recipient_ids.unwrap_or_default().into_iter().filter_map(Loose::<Id>::member).collect(),
            author: first.author.member(),
            timestamp: first.timestamp.ms(),
            raw,
        });
    }
    // NOWEB sends group.join only when *you* join: the member is the session's account.
    Ok(LegacyGroupEvent {
        group_id: id.as_ref().and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_owned),
        participants: me.map(|m| vec![m.id.clone()]).unwrap_or_default(),
        author: first.author.member(),
        timestamp: None,
        raw,
    })
}
