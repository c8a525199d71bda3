//! WEBJS and WPP: whatsapp-web.js `GroupChat` objects, invite info, `CreateGroupResult`,
//! v1 participants `{id: {_serialized}, isAdmin, isSuperAdmin}` and add results keyed by member id.
//!
//! Layer: wire shapes; it may import the foundation and `model`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::loose::{Id, Loose, Scalar, Wid, require};
use super::words::pn_for;
use crate::model::{Group, Participant, ParticipantOutcome, Role};

/// A `GroupChat` (`getChatById`): chat fields, the group in `groupMetadata`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase")]
#[schemars(title = "WEBJS/WPP GroupChat")]
#[schemars(transform = require(&["id", "groupMetadata"]))]
pub struct WebjsGroupChat {
    /// The chat id.
    #[schemars(with = "Option<Wid>")]
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub id: Loose<Id>,
    /// The chat name (the subject).
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub name: Loose<String>,
    /// Some builds put the description on the chat.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub description: Loose<String>,
    /// Always `true` here.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub is_group: Loose<bool>,
    /// Read-only chat (written by the mock; not read).
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub is_read_only: Option<bool>,
    /// Unread messages (written by the mock; not read).
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub unread_count: Option<u32>,
    /// Last activity, Unix seconds.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub timestamp: Loose<Scalar>,
    /// Archived (written by the mock; not read).
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub archived: Option<bool>,
    /// Pinned (written by the mock; not read).
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub pinned: Option<bool>,
    /// Muted (written by the mock; not read).
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub is_muted: Option<bool>,
    /// Mute end, Unix seconds (written by the mock; not read).
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub mute_expiration: Option<i64>,
    /// The group itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_metadata: Option<WebjsGroupMetadata>,
}

/// WhatsApp Web's `GroupMetadata` (also the whole answer of `join_info`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase")]
#[schemars(title = "WEBJS/WPP GroupMetadata")]
#[schemars(transform = require(&["id"]))]
pub struct WebjsGroupMetadata {
    /// The group id.
    #[schemars(with = "Option<Wid>")]
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub id: Loose<Id>,
    /// Name.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub subject: Loose<String>,
    /// When the name was set, Unix seconds (written by the mock; not read).
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub subject_time: Option<i64>,
    /// Description.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub desc: Loose<String>,
    /// Creation, Unix seconds.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub creation: Loose<Scalar>,
    /// Creator.
    #[schemars(with = "Option<Wid>")]
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub owner: Loose<Id>,
    /// Only admins edit info.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub restrict: Loose<bool>,
    /// Only admins send.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub announce: Loose<bool>,
    /// Forwarding limit (written by the mock; not read).
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub no_frequently_forwarded: Option<bool>,
    /// `"all_member_add"` / `"admin_add"` (some builds: a boolean).
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub member_add_mode: Loose<Scalar>,
    /// New members need approval.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub membership_approval_mode: Loose<bool>,
    /// Member count.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub size: Loose<u32>,
    /// A support group (written by the mock; not read).
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub support: Option<bool>,
    /// Suspended by WhatsApp (written by the mock; not read).
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub suspended: Option<bool>,
    /// Terminated (written by the mock; not read).
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub terminated: Option<bool>,
    /// Lid addressing (written by the mock; not read).
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub is_lid_addressing_mode: Option<bool>,
    /// A community (written by the mock; not read).
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub is_parent_group: Option<bool>,
    /// Invite code, when WhatsApp Web included it.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub invite_code: Loose<String>,
    /// Members.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub participants: Option<Vec<WebjsParticipant>>,
    /// Invited, not joined (written by the mock; not read).
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub pending_participants: Option<Vec<WebjsParticipant>>,
    /// Former members (written by the mock; not read).
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub past_participants: Option<Vec<WebjsParticipant>>,
    /// Pending join requests (written by the mock; not read).
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub membership_approval_requests: Option<Vec<WebjsRequester>>,
}

/// A v1 member.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase")]
#[schemars(title = "WEBJS/WPP participant")]
#[schemars(transform = require(&["id"]))]
pub struct WebjsParticipant {
    /// The member.
    #[schemars(with = "Option<Wid>")]
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub id: Loose<Id>,
    /// Admin (or owner).
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub is_admin: Loose<bool>,
    /// Owner.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub is_super_admin: Loose<bool>,
}

/// An entry of `membershipApprovalRequests`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct WebjsRequester {
    /// Who asked.
    #[schemars(with = "Option<Wid>")]
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub id: Loose<Id>,
}

/// `createGroup`'s answer: `{title, gid, participants: {"<id>": {statusCode, message, …}}}`.
// `P` is the per-member map: read as JSON values; a writer (the mock) can put any map that
// serialises the same way, written without building `Value`s.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(rename = "WebjsCreateGroupResult", title = "WEBJS/WPP CreateGroupResult")]
#[schemars(bound = "P: JsonSchema + Default + Serialize")]
#[schemars(transform = require(&["gid"]))]
pub struct WebjsCreateGroupResult<P = Map<String, Value>> {
    /// Name.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub title: Loose<String>,
    /// The new group's id.
    #[schemars(with = "Option<Wid>")]
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub gid: Loose<Id>,
    /// Per-member results keyed by id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub participants: Option<P>,
}

/// One entry of an add result `{"<id>": {"code": 200, "message": "…", "isInviteV4Sent": false}}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase")]
#[schemars(title = "WEBJS/WPP add result entry")]
pub struct WebjsAddResult {
    /// WhatsApp's code (200 added, 403 privacy, …).
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub code: Loose<i64>,
    /// The same in older builds.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub status_code: Loose<i64>,
    /// WhatsApp's words.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub message: Loose<String>,
    /// Whether this member created the group (create results) (written by the mock; not read).
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub is_group_creator: Option<bool>,
    /// whatsapp-web.js sent the invitation itself.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub is_invite_v4_sent: Loose<bool>,
}

/// `{"status": 200, "message"?}`: remove/promote/demote, and add on some builds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(title = "WEBJS/WPP status result")]
#[schemars(transform = require(&["status"]))]
pub struct WebjsStatusResult {
    /// 200 on success (a number or a string).
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub status: Loose<Scalar>,
    /// WhatsApp's words.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub message: Loose<String>,
}

/// `memberAddMode` is `"all_member_add"`/`"admin_add"` in WhatsApp Web; some builds send a bool.
pub(super) fn members_can_add(mode: &Loose<Scalar>) -> Option<bool> {
    match mode.0.as_ref()? {
        Scalar::Bool(b) => Some(*b),
        Scalar::Text(s) => super::words::member_add_mode(s),
        _ => None,
    }
}

impl WebjsGroupMetadata {
    /// The group, with `id`/`name`/`description` of the chat as fallbacks.
    fn into_group(self, chat: Option<(Loose<Id>, Loose<String>, Loose<String>)>) -> Group {
        let (chat_id, chat_name, chat_desc) = chat.unwrap_or_default();
        Group {
            id: chat_id.jid().or_else(|| self.id.jid()).unwrap_or_default(),
            subject: self.subject.text().or_else(|| chat_name.text()).unwrap_or_default(),
            description: self.desc.text().or_else(|| chat_desc.text()),
            owner: self.owner.member(),
            created_at: self.creation.ms(),
            size: self.size.0,
            participants: self.participants.unwrap_or_default().into_iter().map(Participant::from).collect(),
            info_admin_only: self.restrict.0,
            messages_admin_only: self.announce.0,
            members_can_add: members_can_add(&self.member_add_mode),
            approval_required: self.membership_approval_mode.0,
            invite_code: self.invite_code.text(),
            raw: Default::default(),
        }
    }
}

impl From<WebjsGroupMetadata> for Group {
    fn from(meta: WebjsGroupMetadata) -> Group {
        meta.into_group(None)
    }
}

impl From<WebjsGroupChat> for Group {
    fn from(chat: WebjsGroupChat) -> Group {
        let meta = chat.group_metadata.unwrap_or_default();
        meta.into_group(Some((chat.id, chat.name, chat.description)))
    }
}

impl From<WebjsCreateGroupResult> for Group {
    fn from(r: WebjsCreateGroupResult) -> Group {
        let participants = r
            .participants
            .unwrap_or_default()
            .keys()
            .map(|id| {
                let id = crate::ids::to_cus_format(id);
                Participant { pn: pn_for(&id, None), id, role: Role::Participant }
            })
            .collect();
        Group {
            id: r.gid.jid().unwrap_or_default(),
            subject: r.title.text().unwrap_or_default(),
            description: None,
            owner: None,
            created_at: None,
            size: None,
            participants,
            info_admin_only: None,
            messages_admin_only: None,
            members_can_add: None,
            approval_required: None,
            invite_code: None,
            raw: Default::default(),
        }
    }
}

impl From<WebjsParticipant> for Participant {
    fn from(p: WebjsParticipant) -> Participant {
        let id = p.id.member().unwrap_or_default();
        let role = super::words::role_from_flags(p.is_admin.0.unwrap_or(false), p.is_super_admin.0.unwrap_or(false));
        Participant { pn: pn_for(&id, None), id, role }
    }
}

/// One entry of the add result, keyed by the id the caller sent; whatsapp-web.js sends the
/// invitation itself after a 403.
pub(super) fn add_outcome(id: &str, item: WebjsAddResult) -> ParticipantOutcome {
    let code = item.code.0.or(item.status_code.0);
    let mut o = super::outcome::new(crate::ids::to_cus_format(id), None, code);
    o.message = item.message.text();
    o.invite_sent = item.is_invite_v4_sent.0;
    o
}
