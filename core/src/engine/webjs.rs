//! WEBJS and WPP: whatsapp-web.js `GroupChat` objects, `CreateGroupResult`, v1 participants
//! `{id: {_serialized}, isAdmin, isSuperAdmin}` and add results keyed by member id.

use serde_json::Value;

use super::{bool_field, count_field, jid, member_id, pn_for, role_from_flags, str_field, timestamp_ms};
use crate::model::{Group, Participant, ParticipantOutcome};

pub(super) fn group(v: &Value) -> Group {
    if v.get("gid").is_some() {
        return create_result(v);
    }
    // `getChatById` gives a GroupChat with `groupMetadata`; invite info is metadata-like itself.
    let meta = v.get("groupMetadata").filter(|m| m.is_object()).unwrap_or(v);
    let participants = meta
        .get("participants")
        .and_then(Value::as_array)
        .map(|ps| ps.iter().map(participant).collect())
        .unwrap_or_default();
    Group {
        id: jid(v.get("id")).or_else(|| jid(meta.get("id"))).unwrap_or_default(),
        subject: str_field(meta, "subject").or_else(|| str_field(v, "name")).unwrap_or_default(),
        description: str_field(meta, "desc").or_else(|| str_field(v, "description")),
        owner: member_id(meta.get("owner")),
        created_at: meta.get("creation").and_then(timestamp_ms),
        size: count_field(meta, "size"),
        participants,
        info_admin_only: bool_field(meta, "restrict"),
        messages_admin_only: bool_field(meta, "announce"),
        members_can_add: member_add_mode(meta.get("memberAddMode")),
        approval_required: bool_field(meta, "membershipApprovalMode"),
        invite_code: str_field(meta, "inviteCode"),
        raw: Value::Null, // filled by engine::group_owned
    }
}

/// `memberAddMode` is `"all_member_add"`/`"admin_add"` in WhatsApp Web; some builds send a bool.
fn member_add_mode(v: Option<&Value>) -> Option<bool> {
    match v? {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s == "all_member_add" => Some(true),
        Value::String(s) if s == "admin_add" => Some(false),
        _ => None,
    }
}

/// `{title, gid, participants: {"<id>": {statusCode, message, ...}}}` from `createGroup`.
fn create_result(v: &Value) -> Group {
    let participants = v
        .get("participants")
        .and_then(Value::as_object)
        .map(|map| {
            map.keys()
                .map(|id| {
                    let id = crate::ids::to_cus_format(id);
                    Participant { pn: pn_for(&id, None), id, role: crate::model::Role::Participant }
                })
                .collect()
        })
        .unwrap_or_default();
    Group {
        id: jid(v.get("gid")).unwrap_or_default(),
        subject: str_field(v, "title").unwrap_or_default(),
        description: None,
        owner: None,
        created_at: None,
        size: None,
        participants,
        info_admin_only: None,
        messages_admin_only: None,
        members_can_add: None,
        approval_required: None,
        invite_code: None,
        raw: Value::Null, // filled by engine::group_owned
    }
}

pub(super) fn participant(v: &Value) -> Participant {
    let id = member_id(v.get("id")).unwrap_or_default();
    let role =
        role_from_flags(bool_field(v, "isAdmin").unwrap_or(false), bool_field(v, "isSuperAdmin").unwrap_or(false));
    Participant { pn: pn_for(&id, None), id, role }
}

/// One entry of `{"<id>": {"code": 200, "message": "...", "isInviteV4Sent": false}}`, keyed
/// by the id the caller sent; whatsapp-web.js sends the invitation itself after a 403.
pub(super) fn add_outcome(id: &str, item: &Value) -> ParticipantOutcome {
    let code = item.get("code").or_else(|| item.get("statusCode")).and_then(Value::as_i64);
    let mut o = super::outcome::new(crate::ids::to_cus_format(id), None, code, item.clone());
    o.message = str_field(item, "message");
    o.invite_sent = bool_field(item, "isInviteV4Sent");
    o
}
