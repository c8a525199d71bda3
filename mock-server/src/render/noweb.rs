//! Baileys shapes (NOWEB): `GroupMetadata`, participants `{id, admin}`, update results.

use serde_json::{Value, json};
use waha_groups::Role;

use super::{jid, secs};
use crate::state::{GroupState, MemberResult};

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

/// `{status, jid, content: <participant node>}`; after a privacy refusal the node carries an
/// `add_request` child with the invitation (expiry in Unix seconds, as a string).
pub(super) fn update_result(r: &MemberResult) -> Value {
    let status = r.code.to_string();
    let attrs = if r.code == 200 { json!({"jid": jid(&r.id)}) } else { json!({"jid": jid(&r.id), "error": status}) };
    let mut node = json!({"tag": "participant", "attrs": attrs});
    if let Some(invite) = &r.invite {
        let expiration = secs(invite.expires_ms).to_string();
        node["content"] = json!([{"tag": "add_request", "attrs": {"code": invite.code, "expiration": expiration}}]);
    }
    json!({"status": status, "jid": jid(&r.id), "content": node})
}
