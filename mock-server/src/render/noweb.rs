//! Baileys shapes (NOWEB): `GroupMetadata`, participants `{id, admin}`, update results.

use serde_json::{Value, json};
use waha_groups::Role;

use super::{jid, secs};
use crate::state::GroupState;

pub(super) fn participant(id: &str, role: &Role) -> Value {
    let admin = match role {
        Role::Superadmin => json!("superadmin"),
        Role::Admin => json!("admin"),
        _ => Value::Null,
    };
    json!({"id": jid(id), "admin": admin})
}

pub(super) fn metadata(g: &GroupState, exclude_participants: bool) -> Value {
    let mut m = json!({
        "id": g.id,
        "addressingMode": "pn",
        "subject": g.subject,
        "subjectOwner": jid(&g.owner),
        "subjectTime": secs(g.subject_ms),
        "size": g.members.len(),
        "creation": secs(g.created_ms),
        "owner": jid(&g.owner),
        "restrict": g.info_admin_only,
        "announce": g.messages_admin_only,
        "isCommunity": false,
        "isCommunityAnnounce": false,
        "joinApprovalMode": g.approval_required,
        "memberAddMode": g.members_can_add,
        "participants": if exclude_participants { vec![] } else { g.members.iter().map(|p| participant(&p.id, &p.role)).collect() },
    });
    if !g.description.is_empty() {
        m["desc"] = json!(g.description);
        m["descId"] = json!(format!("{:X}", g.subject_ms));
    }
    m
}

pub(super) fn update_result(id: &str, code: u16) -> Value {
    let status = code.to_string();
    let attrs = if code == 200 { json!({"jid": jid(id)}) } else { json!({"jid": jid(id), "error": status}) };
    json!({"status": status, "jid": jid(id), "content": {"tag": "participant", "attrs": attrs}})
}
