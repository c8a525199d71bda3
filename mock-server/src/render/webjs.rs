//! whatsapp-web.js shapes (WEBJS and WPP).

use serde_json::{Value, json};
use waha_groups::Role;

use super::{secs, user};
use crate::state::{GroupState, MemberResult};

/// `{server, user, _serialized}`.
pub(super) fn wid(id: &str) -> Value {
    let server = id.split('@').nth(1).unwrap_or("c.us");
    json!({"server": server, "user": user(id), "_serialized": id})
}

pub(super) fn participant(id: &str, role: &Role) -> Value {
    json!({"id": wid(id), "isAdmin": role.is_admin(), "isSuperAdmin": *role == Role::Superadmin})
}

pub(super) fn group_chat(g: &GroupState, exclude_participants: bool) -> Value {
    let mut meta = json!({
        "id": wid(&g.id),
        "creation": secs(g.created_ms),
        "owner": wid(&g.owner),
        "subject": g.subject,
        "subjectTime": secs(g.subject_ms),
        "restrict": g.info_admin_only,
        "announce": g.messages_admin_only,
        "noFrequentlyForwarded": false,
        "membershipApprovalMode": g.approval_required,
        "size": g.members.len(),
        "support": false,
        "suspended": false,
        "terminated": false,
        "isLidAddressingMode": false,
        "isParentGroup": false,
        "participants": g.members.iter().map(|m| participant(&m.id, &m.role)).collect::<Vec<_>>(),
        "pendingParticipants": [],
        "pastParticipants": [],
        "membershipApprovalRequests": g.requests.iter().map(|r| json!({"id": wid(&r.requester)})).collect::<Vec<_>>(),
    });
    if !g.description.is_empty() {
        meta["desc"] = json!(g.description);
    }
    if exclude_participants {
        let o = meta.as_object_mut().expect("object");
        for key in ["participants", "pendingParticipants", "pastParticipants", "membershipApprovalRequests"] {
            o.remove(key);
        }
    }
    json!({
        "id": wid(&g.id), "name": g.subject, "isGroup": true, "isReadOnly": false, "unreadCount": 0,
        "timestamp": secs(g.subject_ms), "archived": false, "pinned": false, "isMuted": false, "muteExpiration": 0,
        "groupMetadata": meta,
    })
}

pub(super) fn create_result(g: &GroupState, results: &[MemberResult]) -> Value {
    let participants: serde_json::Map<String, Value> = results
        .iter()
        .map(|r| {
            let sent = r.invite.is_some();
            (
                r.sent.clone(),
                json!({"statusCode": r.code, "message": add_message(r.code), "isGroupCreator": false, "isInviteV4Sent": sent}),
            )
        })
        .collect();
    json!({"title": g.subject, "gid": wid(&g.id), "participants": participants})
}

pub(super) fn invite_info(g: &GroupState) -> Value {
    let mut info = json!({
        "id": wid(&g.id), "subject": g.subject, "owner": wid(&g.owner), "creation": secs(g.created_ms),
        "size": g.members.len(),
        "participants": g.members.iter().map(|m| participant(&m.id, &m.role)).collect::<Vec<_>>(),
        "membershipApprovalMode": g.approval_required,
    });
    if !g.description.is_empty() {
        info["desc"] = json!(g.description);
    }
    info
}

pub(super) fn add_result(results: &[MemberResult]) -> Value {
    let map: serde_json::Map<String, Value> = results
        .iter()
        .map(|r| {
            // whatsapp-web.js sends the private invitation itself after a privacy refusal.
            let body = json!({"code": r.code, "message": add_message(r.code), "isInviteV4Sent": r.invite.is_some()});
            (r.sent.clone(), body)
        })
        .collect();
    Value::Object(map)
}

/// whatsapp-web.js' message for an add result code.
fn add_message(code: u16) -> &'static str {
    match code {
        200 => "The participant was added successfully",
        403 => "The participant can be added by sending private invitation only",
        409 => "The participant is already a group member",
        _ => "The participant could not be added",
    }
}

/// whatsapp-web.js `GroupNotification` (legacy `group.join` / `group.leave`).
pub(super) fn notification(g: &GroupState, kind: &str, who: &[String], author: Option<&str>, at_ms: i64) -> Value {
    let author = author.unwrap_or_else(|| who.first().map_or("", String::as_str));
    json!({
        "id": {"fromMe": false, "remote": g.id, "id": format!("{:X}", at_ms), "participant": author,
               "_serialized": format!("false_{}_{:X}_{author}", g.id, at_ms)},
        "body": "", "type": kind, "timestamp": secs(at_ms), "chatId": g.id, "author": author, "recipientIds": who,
    })
}
