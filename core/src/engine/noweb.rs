//! NOWEB: Baileys `GroupMetadata` (camelCase, string JIDs, seconds), participants
//! `{id, admin: null|"admin"|"superadmin", phoneNumber?}` and `[{status, jid, content}]` results.
//!
//! Layer: wire shapes; it may import the foundation and `model`.

use std::fmt;

use schemars::JsonSchema;
use serde::de::{IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use super::loose::{Id, Loose, Scalar, require};
use super::words::pn_for;
use crate::model::{Group, Participant, ParticipantOutcome, Role};

/// Baileys `GroupMetadata`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase")]
#[schemars(title = "NOWEB (Baileys) GroupMetadata")]
#[schemars(transform = require(&["id"]))]
pub struct NowebGroupMetadata {
    /// `…@g.us`.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub id: Loose<String>,
    /// `pn` or `lid` (written by the mock; not read).
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub addressing_mode: Option<String>,
    /// Name.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub subject: Loose<String>,
    /// Who set the name (written by the mock; not read).
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub subject_owner: Option<String>,
    /// When, Unix seconds (written by the mock; not read).
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub subject_time: Option<i64>,
    /// Creator.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub owner: Loose<Id>,
    /// Creation, Unix seconds.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub creation: Loose<Scalar>,
    /// Description.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub desc: Loose<String>,
    /// Description id (written by the mock; not read).
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub desc_id: Option<String>,
    /// Only admins edit info.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub restrict: Loose<bool>,
    /// Only admins send.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub announce: Loose<bool>,
    /// A community (written by the mock; not read).
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub is_community: Option<bool>,
    /// The community announcements group (written by the mock; not read).
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub is_community_announce: Option<bool>,
    /// Every member may add members.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub member_add_mode: Loose<bool>,
    /// New members need approval.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub join_approval_mode: Loose<bool>,
    /// Member count.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub size: Loose<u32>,
    /// Invite code, when Baileys had it.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub invite_code: Loose<String>,
    /// Members (absent with `exclude=participants`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub participants: Option<Vec<NowebParticipant>>,
}

/// A Baileys member.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase")]
#[schemars(title = "NOWEB participant")]
#[schemars(transform = require(&["id"]))]
pub struct NowebParticipant {
    /// `…@s.whatsapp.net`, `…@c.us` or `…@lid`.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub id: Loose<Id>,
    /// `null`, `"admin"` or `"superadmin"`.
    pub admin: Loose<String>,
    /// The phone JID beside a `@lid` id.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub phone_number: Loose<String>,
}

/// One item of `participantsUpdate`: `{"status": "200", "jid", "content": <participant node>}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(title = "NOWEB participants update result")]
#[schemars(transform = require(&["status", "jid"]))]
pub struct NowebUpdateResult {
    /// WhatsApp's code as a string (`"200"`, `"403"`, …).
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub status: Loose<Scalar>,
    /// The member.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub jid: Loose<Id>,
    /// The `participant` node.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<NowebNode>,
}

/// A Baileys binary node: `{tag, attrs, content: [node…]}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(title = "Baileys BinaryNode")]
pub struct NowebNode {
    /// `participant`, `add_request`, …
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub tag: Loose<String>,
    /// The attributes this SDK reads.
    pub attrs: NowebAttrs,
    /// Child nodes (anything else is ignored).
    #[serde(skip_serializing_if = "Nodes::is_empty")]
    pub content: Nodes,
}

/// Node attributes (all strings in Baileys).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct NowebAttrs {
    /// The member.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub jid: Loose<Id>,
    /// The member's `@lid`.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub lid: Loose<String>,
    /// The member's phone JID (lid-addressed groups).
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub phone_number: Loose<Id>,
    /// The per-member error code.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub error: Loose<String>,
    /// Invitation code (`add_request`).
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub code: Loose<String>,
    /// Invitation expiry, Unix seconds as a string (`add_request`).
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub expiration: Loose<Scalar>,
}

/// Child nodes; content that is not a list (bytes, text) reads as none.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(transparent)]
pub struct Nodes(pub Vec<NowebNode>);

impl Nodes {
    /// No children.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'de> Deserialize<'de> for Nodes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct NodesVisitor;
        impl<'de> Visitor<'de> for NodesVisitor {
            type Value = Nodes;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("child nodes")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Nodes, A::Error> {
                let mut nodes = Vec::new();
                while let Some(node) = seq.next_element()? {
                    nodes.push(node);
                }
                Ok(Nodes(nodes))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Nodes, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Nodes::default())
            }
            super::loose::scalars_as!(Nodes::default());
        }
        d.deserialize_any(NodesVisitor)
    }
}

impl From<NowebGroupMetadata> for Group {
    fn from(g: NowebGroupMetadata) -> Group {
        Group {
            id: g.id.text().unwrap_or_default(),
            subject: g.subject.text().unwrap_or_default(),
            description: g.desc.text(),
            owner: g.owner.member(),
            created_at: g.creation.ms(),
            size: g.size.0,
            participants: g.participants.unwrap_or_default().into_iter().map(Participant::from).collect(),
            info_admin_only: g.restrict.0,
            messages_admin_only: g.announce.0,
            members_can_add: g.member_add_mode.0,
            approval_required: g.join_approval_mode.0,
            invite_code: g.invite_code.text(),
            raw: Default::default(),
        }
    }
}

impl From<NowebParticipant> for Participant {
    fn from(p: NowebParticipant) -> Participant {
        let id = p.id.member().unwrap_or_default();
        let role = match p.admin.0.as_deref() {
            Some("superadmin") => Role::Superadmin,
            Some("admin") => Role::Admin,
            _ => Role::Participant,
        };
        Participant { pn: pn_for(&id, p.phone_number.member()), id, role }
    }
}

/// Baileys returns the `participant` node, whose attrs may hold `phone_number` (lid-addressed
/// groups) and whose children hold an `add_request` `{code, expiration}` after a 403.
/// Returns the outcome and the `@lid` beside a phone JID, if the node names one.
pub(super) fn outcome(r: NowebUpdateResult) -> (ParticipantOutcome, Option<String>) {
    let node = r.content.unwrap_or_default();
    let phone = node.attrs.phone_number.member();
    let id = r.jid.member().or_else(|| node.attrs.jid.member()).unwrap_or_default();
    let mut o = super::outcome::new(id, phone, r.status.int());
    if let Some(request) = node.content.0.iter().find(|c| c.tag.0.as_deref() == Some("add_request")) {
        o.invite_code = request.attrs.code.clone().text();
        o.invite_expires_at = request.attrs.expiration.ms();
    }
    (o, node.attrs.lid.member())
}
