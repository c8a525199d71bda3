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

/// `{"status": "200", "jid": "...", "content": {...}}`.
pub(super) fn outcome(v: &Value) -> ParticipantOutcome {
    let code = v.get("status").and_then(|s| s.as_i64().or_else(|| s.as_str().and_then(|s| s.parse().ok())));
    ParticipantOutcome {
        id: member_id(v.get("jid")).unwrap_or_default(),
        ok: code == Some(200),
        code,
        message: None,
        raw: v.clone(),
    }
}
