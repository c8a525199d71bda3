//! Baileys shapes (NOWEB): `GroupMetadata`, participants `{id, admin}`, update results.

use waha_groups::engine::loose::{Id, Loose, Scalar};
use waha_groups::engine::noweb::{
    Nodes, NowebAttrs, NowebGroupMetadata, NowebNode, NowebParticipant, NowebUpdateResult,
};

use super::{jid, secs};
use crate::state::{GroupState, MemberResult, MemberRole};

fn wire_participant(id: &str, role: MemberRole) -> NowebParticipant {
    let admin = match role {
        MemberRole::Superadmin => Some("superadmin".to_owned()),
        MemberRole::Admin => Some("admin".to_owned()),
        _ => None,
    };
    NowebParticipant { id: Loose::some(Id::Text(jid(id))), admin: Loose(admin), phone_number: Loose(None) }
}

pub(super) fn participant(id: &str, role: MemberRole) -> NowebParticipant {
    wire_participant(id, role)
}

pub(super) fn metadata(g: &GroupState, exclude_participants: bool) -> NowebGroupMetadata {
    let described = !g.description.is_empty();
    NowebGroupMetadata {
        id: Loose::some(g.id.clone()),
        addressing_mode: Some("pn".to_owned()),
        subject: Loose::some(g.subject.clone()),
        subject_owner: Some(jid(&g.owner)),
        subject_time: Some(secs(g.subject_ms)),
        size: Loose::some(u32::try_from(g.members.len()).unwrap_or(u32::MAX)),
        creation: Loose::some(Scalar::Int(secs(g.created_ms))),
        owner: Loose::some(Id::Text(jid(&g.owner))),
        restrict: Loose::some(g.info_admin_only),
        announce: Loose::some(g.messages_admin_only),
        is_community: Some(false),
        is_community_announce: Some(false),
        join_approval_mode: Loose::some(g.approval_required),
        member_add_mode: Loose::some(g.members_can_add),
        participants: Some(if exclude_participants {
            Vec::new()
        } else {
            g.members.iter().map(|p| wire_participant(&p.id, p.role)).collect()
        }),
        desc: Loose(described.then(|| g.description.clone())),
        desc_id: described.then(|| format!("{:X}", g.subject_ms)),
        invite_code: Loose(None),
    }
}

/// `{status, jid, content: <participant node>}`; after a privacy refusal the node carries an
/// `add_request` child with the invitation (expiry in Unix seconds, as a string).
pub(super) fn update_result(r: &MemberResult) -> NowebUpdateResult {
    let status = r.code.to_string();
    let attrs = NowebAttrs {
        jid: Loose::some(Id::Text(jid(&r.id))),
        error: Loose((r.code != 200).then(|| status.clone())),
        ..NowebAttrs::default()
    };
    let invitation = r.invite.as_ref().map(|invite| NowebNode {
        tag: Loose::some("add_request".to_owned()),
        attrs: NowebAttrs {
            code: Loose::some(invite.code.clone()),
            expiration: Loose::some(Scalar::Text(secs(invite.expires_ms).to_string())),
            ..NowebAttrs::default()
        },
        content: Nodes::default(),
    });
    let node = NowebNode {
        tag: Loose::some("participant".to_owned()),
        attrs,
        content: Nodes(invitation.into_iter().collect()),
    };
    NowebUpdateResult {
        status: Loose::some(Scalar::Text(status)),
        jid: Loose::some(Id::Text(jid(&r.id))),
        content: Some(node),
    }
}
