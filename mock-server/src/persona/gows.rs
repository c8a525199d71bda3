//! whatsmeow shapes (GOWS): PascalCase `GroupInfo` in lid addressing, `GroupParticipant`.

use waha_groups::engine::gows::{GowsAddRequest, GowsGroupInfo, GowsParticipant};
use waha_groups::engine::loose::{Id, Loose, Scalar};

use super::jid;
use crate::state::{GroupState, MemberResult, MemberRole, World};

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
    world.lid(phone).map_or_else(|| jid(phone), str::to_owned)
}

fn wire_participant(phone: &str, role: MemberRole, world: &World, error: u16) -> GowsParticipant {
    let lid = lid(world, phone);
    GowsParticipant {
        jid: Loose::some(Id::Text(lid.clone())),
        phone_number: Loose::some(Id::Text(jid(phone))),
        lid: Loose::some(lid),
        is_admin: Loose::some(role.is_admin()),
        is_super_admin: Loose::some(role == MemberRole::Superadmin),
        display_name: Loose::some(String::new()),
        error: Loose::some(i64::from(error)),
        add_request: None,
    }
}

pub(super) fn participant(phone: &str, role: MemberRole, world: &World, error: u16) -> GowsParticipant {
    wire_participant(phone, role, world, error)
}

/// A member change's `GroupParticipant`: `Error` is WhatsApp's code (0 = ok); a privacy
/// refusal carries the invitation in `AddRequest` (RFC 3339 expiry).
pub(super) fn update_result(r: &MemberResult, world: &World) -> GowsParticipant {
    let mut p = wire_participant(&r.id, MemberRole::Participant, world, if r.code == 200 { 0 } else { r.code });
    p.add_request = r.invite.as_ref().map(|invite| GowsAddRequest {
        code: Loose::some(invite.code.clone()),
        expiration: Loose::some(Scalar::Text(rfc3339(invite.expires_ms))),
    });
    p
}

pub(super) fn group_info(g: &GroupState, world: &World, exclude_participants: bool) -> GowsGroupInfo {
    let owner = lid(world, &g.owner);
    let text = |s: &str| Some(s.to_owned());
    GowsGroupInfo {
        jid: Loose::some(g.id.clone()),
        owner_jid: Loose::some(Id::Text(owner.clone())),
        owner_pn: Some(jid(&g.owner)),
        name: Loose::some(g.subject.clone()),
        name_set_at: Some(rfc3339(g.subject_ms)),
        name_set_by: Some(owner),
        name_set_by_pn: Some(jid(&g.owner)),
        topic: Loose::some(g.description.clone()),
        topic_id: text(""),
        topic_set_at: text("0001-01-01T00:00:00Z"),
        topic_set_by: text(""),
        topic_set_by_pn: text(""),
        topic_deleted: Some(false),
        is_locked: Loose::some(g.info_admin_only),
        is_announce: Loose::some(g.messages_admin_only),
        announce_version_id: text(""),
        is_ephemeral: Some(false),
        disappearing_timer: Some(0),
        is_incognito: Some(false),
        is_parent: Some(false),
        default_membership_approval_mode: text(""),
        linked_parent_jid: text(""),
        is_default_sub_group: Some(false),
        is_join_approval_required: Loose::some(g.approval_required),
        addressing_mode: text("lid"),
        group_created: Loose::some(Scalar::Text(rfc3339(g.created_ms))),
        creator_country_code: text(""),
        participant_version_id: Some(g.subject_ms.to_string()),
        member_add_mode: Loose::some(if g.members_can_add { "all_member_add" } else { "admin_add" }.to_owned()),
        participant_count: Loose::some(u32::try_from(g.members.len()).unwrap_or(u32::MAX)),
        suspended: Some(false),
        participants: (!exclude_participants)
            .then(|| g.members.iter().map(|m| wire_participant(&m.id, m.role, world, 0)).collect()),
    }
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
