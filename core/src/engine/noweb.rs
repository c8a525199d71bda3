//! NOWEB: Baileys `GroupMetadata` (camelCase, string JIDs, seconds), participants
//! `{id, admin: null|"admin"|"superadmin", phoneNumber?}` and `[{status, jid, content}]` results.

use serde_json::Value;

use super::{bool_field, count_field, member_id, pn_for, str_field, timestamp_ms};
use crate::ids::to_cus_format;
use crate::model::{Group, Participant, ParticipantOutcome, Role};

pub(super) fn group(v: &Value) -> Group {
    let participants: Vec<Participant> = v
        .get("participants")
        .and_then(Value::as_array)
        .map(|ps| ps.iter().map(participant).collect())
        .unwrap_or_default();
    Group {
        id: str_field(v, "id").unwrap_or_default(),
        subject: str_field(v, "subject").unwrap_or_default(),
        description: str_field(v, "desc"),
        owner: member_id(v.get("owner")),
        created_at: v.get("creation").and_then(timestamp_ms),
        size: count_field(v, "size"),
        participants,
        info_admin_only: bool_field(v, "restrict"),
        messages_admin_only: bool_field(v, "announce"),
        members_can_add: bool_field(v, "memberAddMode"),
        approval_required: bool_field(v, "joinApprovalMode"),
        invite_code: str_field(v, "inviteCode"),
        raw: Value::Null, // filled by engine::group_owned
    }
}

pub(super) fn participant(v: &Value) -> Participant {
    let id = member_id(v.get("id")).unwrap_or_default();
    let role = match v.get("admin").and_then(Value::as_str) {
        Some("superadmin") => Role::Superadmin,
        Some("admin") => Role::Admin,
        _ => Role::Participant,
    };
    let phone = str_field(v, "phoneNumber").map(|p| to_cus_format(&p));
    Participant { pn: pn_for(&id, phone), id, role }
}

/// `{"status": "200", "jid": "...", "content": {BinaryNode}}`: Baileys returns the
/// `participant` node, whose attrs may hold `phone_number` (lid-addressed groups) and whose
/// children hold an `add_request` `{code, expiration}` (Unix seconds as a string) after a 403.
pub(super) fn outcome(v: &Value) -> ParticipantOutcome {
    let code = v.get("status").and_then(|s| s.as_i64().or_else(|| s.as_str().and_then(|s| s.parse().ok())));
    let node = v.get("content");
    let attrs = node.and_then(|n| n.get("attrs"));
    let phone = attrs.and_then(|a| member_id(a.get("phone_number")));
    let id = member_id(v.get("jid")).or_else(|| attrs.and_then(|a| member_id(a.get("jid")))).unwrap_or_default();
    let mut o = super::outcome::new(id, phone, code, v.clone());
    let children = node.and_then(|n| n.get("content")).and_then(Value::as_array);
    let request = children
        .and_then(|c| c.iter().find(|child| child.get("tag").and_then(Value::as_str) == Some("add_request")))
        .and_then(|r| r.get("attrs"));
    if let Some(request) = request {
        o.invite_code = str_field(request, "code");
        o.invite_expires_at = request.get("expiration").and_then(timestamp_ms);
    }
    o
}
