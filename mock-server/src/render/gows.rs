//! whatsmeow shapes (GOWS): PascalCase `GroupInfo` in lid addressing, `GroupParticipant`.

use serde_json::{Value, json};
use waha_groups::Role;

use super::jid;
use crate::state::{GroupState, MemberResult, World};

/// RFC 3339 in UTC, as Go's `time.Time` marshals.
pub(crate) fn rfc3339(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// Inverse of days-from-civil (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn lid(world: &World, phone: &str) -> String {
    world.directory.get(phone).cloned().unwrap_or_else(|| jid(phone))
}

pub(super) fn participant(phone: &str, role: &Role, world: &World, error: u16) -> Value {
    let lid = lid(world, phone);
    json!({
        "JID": lid, "PhoneNumber": jid(phone), "LID": lid,
        "IsAdmin": role.is_admin(), "IsSuperAdmin": *role == Role::Superadmin,
        "DisplayName": "", "Error": error, "AddRequest": null,
    })
}

/// A member change's `GroupParticipant`: `Error` is WhatsApp's code (0 = ok); a privacy
/// refusal carries the invitation in `AddRequest` (RFC 3339 expiry).
pub(super) fn update_result(r: &MemberResult, world: &World) -> Value {
    let mut p = participant(&r.id, &Role::Participant, world, if r.code == 200 { 0 } else { r.code });
    if let Some(invite) = &r.invite {
        p["AddRequest"] = json!({"Code": invite.code, "Expiration": rfc3339(invite.expires_ms)});
    }
    p
}

pub(super) fn group_info(g: &GroupState, world: &World, exclude_participants: bool) -> Value {
    let owner = lid(world, &g.owner);
    let participants: Value = if exclude_participants {
        Value::Null
    } else {
        g.members.iter().map(|m| participant(&m.id, &m.role, world, 0)).collect()
    };
    json!({
        "JID": g.id, "OwnerJID": owner, "OwnerPN": jid(&g.owner),
        "Name": g.subject, "NameSetAt": rfc3339(g.subject_ms), "NameSetBy": owner, "NameSetByPN": jid(&g.owner),
        "Topic": g.description, "TopicID": "", "TopicSetAt": "0001-01-01T00:00:00Z", "TopicSetBy": "", "TopicSetByPN": "",
        "TopicDeleted": false, "IsLocked": g.info_admin_only, "IsAnnounce": g.messages_admin_only, "AnnounceVersionID": "",
        "IsEphemeral": false, "DisappearingTimer": 0, "IsIncognito": false, "IsParent": false,
        "DefaultMembershipApprovalMode": "", "LinkedParentJID": "", "IsDefaultSubGroup": false,
        "IsJoinApprovalRequired": g.approval_required, "AddressingMode": "lid",
        "GroupCreated": rfc3339(g.created_ms), "CreatorCountryCode": "", "ParticipantVersionID": g.subject_ms.to_string(),
        "Participants": participants, "ParticipantCount": g.members.len(),
        "MemberAddMode": if g.members_can_add { "all_member_add" } else { "admin_add" }, "Suspended": false,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn rfc3339_round_trips_through_the_core_parser() {
        for ms in [1_000, 951_868_800_000, 1_763_744_434_000, 4_102_444_800_000] {
            let text = super::rfc3339(ms);
            assert_eq!(waha_groups::engine::timestamp_ms(&serde_json::json!(text)), Some(ms), "{text}");
        }
    }
}
