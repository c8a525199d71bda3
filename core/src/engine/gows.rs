//! GOWS: whatsmeow `GroupInfo` (PascalCase, RFC 3339 times, `Participants` may be `null`)
//! and `GroupParticipant` (`Error` 0 = ok). Hollow objects (empty `Name`, zero times) are normal.
//!
//! Layer: wire shapes; it may import the foundation and `model`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::loose::{Id, Loose, Scalar, require};
use super::words::pn_for;
use crate::model::{Group, Participant, ParticipantOutcome};

/// whatsmeow `GroupInfo` (the fields this SDK reads; the rest is kept in `raw`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, rename_all = "PascalCase")]
#[schemars(title = "GOWS (whatsmeow) GroupInfo; may be hollow")]
#[schemars(transform = require(&["JID"]))]
pub struct GowsGroupInfo {
    /// `…@g.us` (empty in hollow answers).
    #[serde(rename = "JID")]
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub jid: Loose<String>,
    /// Creator.
    #[serde(rename = "OwnerJID")]
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub owner_jid: Loose<Id>,
    /// Owner phone JID (written by the mock; not read).
    #[serde(rename = "OwnerPN", skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub owner_pn: Option<String>,
    /// Name.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub name: Loose<String>,
    /// When the name was set (written by the mock; not read).
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub name_set_at: Option<String>,
    /// Who set the name (written by the mock; not read).
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub name_set_by: Option<String>,
    /// Their phone JID (written by the mock; not read).
    #[serde(rename = "NameSetByPN", skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub name_set_by_pn: Option<String>,
    /// Description.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub topic: Loose<String>,
    /// Description id (written by the mock; not read).
    #[serde(rename = "TopicID", skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub topic_id: Option<String>,
    /// When the description was set (written by the mock; not read).
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub topic_set_at: Option<String>,
    /// Who set it (written by the mock; not read).
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub topic_set_by: Option<String>,
    /// Their phone JID (written by the mock; not read).
    #[serde(rename = "TopicSetByPN", skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub topic_set_by_pn: Option<String>,
    /// Description deleted (written by the mock; not read).
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub topic_deleted: Option<bool>,
    /// Only admins edit info.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub is_locked: Loose<bool>,
    /// Only admins send.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub is_announce: Loose<bool>,
    /// Announce version (written by the mock; not read).
    #[serde(rename = "AnnounceVersionID", skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub announce_version_id: Option<String>,
    /// Disappearing messages (written by the mock; not read).
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub is_ephemeral: Option<bool>,
    /// Their timer, seconds (written by the mock; not read).
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub disappearing_timer: Option<u32>,
    /// Incognito (written by the mock; not read).
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub is_incognito: Option<bool>,
    /// A community (written by the mock; not read).
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub is_parent: Option<bool>,
    /// Community default (written by the mock; not read).
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub default_membership_approval_mode: Option<String>,
    /// Its community (written by the mock; not read).
    #[serde(rename = "LinkedParentJID", skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub linked_parent_jid: Option<String>,
    /// The community announcements group (written by the mock; not read).
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub is_default_sub_group: Option<bool>,
    /// New members need approval.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub is_join_approval_required: Loose<bool>,
    /// `pn` or `lid` (written by the mock; not read).
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub addressing_mode: Option<String>,
    /// Creation, RFC 3339 (`0001-01-01T00:00:00Z` when unknown).
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub group_created: Loose<Scalar>,
    /// Creator country (written by the mock; not read).
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub creator_country_code: Option<String>,
    /// Member list version (written by the mock; not read).
    #[serde(rename = "ParticipantVersionID", skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub participant_version_id: Option<String>,
    /// `"all_member_add"` / `"admin_add"`.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub member_add_mode: Loose<String>,
    /// Member count (0 when unknown).
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub participant_count: Loose<u32>,
    /// Suspended by WhatsApp (written by the mock; not read).
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub suspended: Option<bool>,
    /// Members; `null` in hollow answers.
    pub participants: Option<Vec<GowsParticipant>>,
}

/// whatsmeow `GroupParticipant`: a member, or one result of add/remove/promote/demote.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, rename_all = "PascalCase")]
#[schemars(title = "GOWS (whatsmeow) GroupParticipant")]
#[schemars(transform = require(&["JID"]))]
pub struct GowsParticipant {
    /// The member.
    #[serde(rename = "JID")]
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub jid: Loose<Id>,
    /// Phone JID (`…@s.whatsapp.net`).
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub phone_number: Loose<Id>,
    /// `…@lid`.
    #[serde(rename = "LID")]
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub lid: Loose<String>,
    /// Admin (or owner).
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub is_admin: Loose<bool>,
    /// Owner.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub is_super_admin: Loose<bool>,
    /// Push name.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub display_name: Loose<String>,
    /// WhatsApp's per-member code in results (0 = ok).
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub error: Loose<i64>,
    /// The invitation of a privacy-refused add.
    pub add_request: Option<GowsAddRequest>,
}

/// `{"Code", "Expiration"}` (RFC 3339).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, rename_all = "PascalCase")]
pub struct GowsAddRequest {
    /// Invitation code.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub code: Loose<String>,
    /// Expiry.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub expiration: Loose<Scalar>,
}

impl From<GowsGroupInfo> for Group {
    fn from(g: GowsGroupInfo) -> Group {
        Group {
            id: g.jid.text().unwrap_or_default(),
            subject: g.name.text().unwrap_or_default(),
            description: g.topic.text(),
            owner: g.owner_jid.member(),
            created_at: g.group_created.ms(),
            size: g.participant_count.0.filter(|n| *n > 0),
            participants: g.participants.unwrap_or_default().into_iter().map(Participant::from).collect(),
            info_admin_only: g.is_locked.0,
            messages_admin_only: g.is_announce.0,
            members_can_add: g.member_add_mode.0.as_deref().and_then(super::words::member_add_mode),
            approval_required: g.is_join_approval_required.0,
            invite_code: None,
            raw: Default::default(),
        }
    }
}

impl From<GowsParticipant> for Participant {
    fn from(p: GowsParticipant) -> Participant {
        let id = p.jid.member().unwrap_or_default();
        let role = super::words::role_from_flags(p.is_admin.0.unwrap_or(false), p.is_super_admin.0.unwrap_or(false));
        Participant { pn: pn_for(&id, p.phone_number.member()), id, role }
    }
}

/// whatsmeow puts WhatsApp's per-member code in `Error`; a privacy-refused add (403) carries
/// the invitation in `AddRequest`. Returns the outcome and the member's `LID`.
pub(super) fn outcome(p: GowsParticipant) -> (ParticipantOutcome, Option<String>) {
    let error = p.error.0.unwrap_or(0);
    let phone = p.phone_number.member();
    let id = p.jid.member().or_else(|| phone.clone()).unwrap_or_default();
    let mut o = super::outcome::new(id, phone, Some(if error == 0 { 200 } else { error }));
    if let Some(request) = p.add_request {
        o.invite_code = request.code.text();
        o.invite_expires_at = request.expiration.ms();
    }
    (o, p.lid.member())
}
