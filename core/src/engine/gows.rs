//! GOWS: whatsmeow `GroupInfo` (PascalCase, RFC 3339 times, `Participants` may be `null`)
//! and `GroupParticipant` (`Error` 0 = ok). Hollow objects (empty `Name`, zero times) are normal.

use serde_json::Value;

use super::{bool_field, count_field, member_id, pn_for, role_from_flags, str_field, timestamp_ms};
use crate::model::{Group, Participant, ParticipantOutcome};

pub(super) fn group(v: &Value) -> Group {
    let participants = v
        .get("Participants")
        .and_then(Value::as_array)
        .map(|ps| ps.iter().map(participant).collect())
        .unwrap_or_default();
    Group {
        id: str_field(v, "JID").unwrap_or_default(),
        subject: str_field(v, "Name").unwrap_or_default(),
        description: str_field(v, "Topic"),
        owner: member_id(v.get("OwnerJID")),
        created_at: v.get("GroupCreated").and_then(timestamp_ms),
        size: count_field(v, "ParticipantCount").filter(|n| *n > 0),
        participants,
        info_admin_only: bool_field(v, "IsLocked"),
        messages_admin_only: bool_field(v, "IsAnnounce"),
        members_can_add: match v.get("MemberAddMode").and_then(Value::as_str) {
            Some("all_member_add") => Some(true),
            Some("admin_add") => Some(false),
            _ => None,
        },
        approval_required: bool_field(v, "IsJoinApprovalRequired"),
        invite_code: None,
        raw: Value::Null, // filled by engine::group_owned
    }
}

pub(super) fn participant(v: &Value) -> Participant {
    let id = member_id(v.get("JID")).unwrap_or_default();
    let role =
        role_from_flags(bool_field(v, "IsAdmin").unwrap_or(false), bool_field(v, "IsSuperAdmin").unwrap_or(false));
    Participant { pn: pn_for(&id, member_id(v.get("PhoneNumber"))), id, role }
}

/// `{"JID", "PhoneNumber", "LID", "Error": 0, "AddRequest": {"Code", "Expiration"}|null}`:
/// whatsmeow puts WhatsApp's per-member code in `Error`; a privacy-refused add (403) carries
/// the invitation in `AddRequest` (RFC 3339 expiry).
pub(super) fn outcome(v: &Value) -> ParticipantOutcome {
    let error = v.get("Error").and_then(Value::as_i64).unwrap_or(0);
    let phone = member_id(v.get("PhoneNumber"));
    let id = member_id(v.get("JID")).or_else(|| phone.clone()).unwrap_or_default();
    let mut o = super::outcome::new(id, phone, Some(if error == 0 { 200 } else { error }), v.clone());
    if let Some(request) = v.get("AddRequest").filter(|r| r.is_object()) {
        o.invite_code = str_field(request, "Code");
        o.invite_expires_at = request.get("Expiration").and_then(timestamp_ms);
    }
    o
}
