//! Engine quirks of WAHA's `GroupInfo` (spec §4.4): which boolean field holds what on each
//! engine (WEBJS puts `restrict` into `membersCanAddNewMember`; `membersCanSendMessages` is
//! WhatsApp's inverted `announce` except in GOWS updates), turned into what the group really is.
//!
//! Layer: events; it may import `events`, the foundation, `model` and `engine`.

use serde_json::value::RawValue;

use super::events::malformed;
use crate::engine::waha::GroupInfo;
use crate::error::Result;
use crate::ids::InviteCode;
use crate::model::{Engine, Group, GroupPatch, Participant, Raw};

/// How an engine fills the boolean fields of WAHA's `GroupInfo` (spec §4.4).
#[derive(Clone, Copy)]
struct Semantics {
    /// `membersCanAddNewMember` holds WEBJS' `restrict` (info-admin-only) instead.
    add_is_restrict: bool,
    /// `membersCanSendMessages` holds WhatsApp's `announce` (true = admins only).
    send_is_announce: bool,
}

fn semantics(engine: Option<&Engine>, is_update: bool) -> Semantics {
    match engine {
        Some(Engine::Webjs | Engine::Wpp) => Semantics { add_is_restrict: true, send_is_announce: true },
        Some(Engine::Noweb) => Semantics { add_is_restrict: false, send_is_announce: true },
        Some(Engine::Gows) => Semantics { add_is_restrict: false, send_is_announce: !is_update },
        // Unknown engine: trust the field names.
        _ => Semantics { add_is_restrict: false, send_is_announce: false },
    }
}

struct InfoFields {
    info_admin_only: Option<bool>,
    messages_admin_only: Option<bool>,
    members_can_add: Option<bool>,
    approval_required: Option<bool>,
    invite_code: Option<String>,
}

fn info_fields(g: &GroupInfo, sem: Semantics) -> InfoFields {
    let add = g.members_can_add_new_member.0;
    let send = g.members_can_send_messages.0;
    InfoFields {
        info_admin_only: if sem.add_is_restrict { add } else { None },
        members_can_add: if sem.add_is_restrict { None } else { add },
        messages_admin_only: send.map(|v| if sem.send_is_announce { v } else { !v }),
        approval_required: g.new_members_approval_required.0,
        invite_code: g.invite.0.as_deref().and_then(|i| InviteCode::parse(i).ok()).map(String::from),
    }
}

/// WAHA's normalised `GroupInfo` (v2 events) as a [`Group`]; `raw` is its slice of the body.
pub(super) fn group_info(g: GroupInfo, raw: &RawValue, engine: Option<&Engine>) -> Group {
    let f = info_fields(&g, semantics(engine, false));
    Group {
        id: g.id.member().unwrap_or_default(),
        subject: g.subject.text().unwrap_or_default(),
        description: g.description.text(),
        owner: None,
        created_at: None,
        participants: g.participants.unwrap_or_default().into_iter().map(Participant::from).collect(),
        size: None,
        info_admin_only: f.info_admin_only,
        messages_admin_only: f.messages_admin_only,
        members_can_add: f.members_can_add,
        approval_required: f.approval_required,
        invite_code: f.invite_code,
        raw: Raw::copy(raw),
    }
}

pub(super) fn group_patch(g: GroupInfo, engine: Option<&Engine>) -> Result<GroupPatch> {
    let f = info_fields(&g, semantics(engine, true));
    Ok(GroupPatch {
        id: g.id.member().ok_or_else(|| malformed("group.v2.update payload has no group.id"))?,
        // Present-but-empty strings are real changes (a cleared description).
        subject: g.subject.0,
        description: g.description.0,
        invite_code: f.invite_code,
        info_admin_only: f.info_admin_only,
        messages_admin_only: f.messages_admin_only,
        members_can_add: f.members_can_add,
        approval_required: f.approval_required,
        participants: g.participants.map(|ps| ps.into_iter().map(Participant::from).collect()),
    })
}
