//! The records the world keeps: the account behind a session, a group with its members,
//! settings, invite code and pending join requests.

use serde::{Deserialize, Serialize};
use waha_groups::JoinMethod;

use super::SessionStatus;
use super::member::Member;

/// A WhatsApp account a session is logged in as.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionState {
    /// Phone id of the account, `…@c.us`.
    pub phone: String,
    /// Push name.
    pub push_name: String,
    /// Only `WORKING` sessions serve group operations.
    pub status: SessionStatus,
    /// The session's `config.metadata`, copied into every webhook envelope.
    #[serde(default)]
    pub metadata: Option<serde_json::Map<String, serde_json::Value>>,
    /// The session's `config.webhooks`.
    #[serde(default)]
    pub webhooks: Vec<crate::delivery::WebhookConfig>,
}

/// A pending request to join.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PendingRequest {
    /// Phone id of the requester.
    pub requester: String,
    /// How they asked.
    pub method: JoinMethod,
    /// Who tried to add them (non-admin add).
    pub added_by: Option<String>,
    /// When, Unix ms.
    pub timestamp: i64,
}

/// A group.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct GroupState {
    /// `…@g.us`.
    pub id: String,
    /// Name.
    pub subject: String,
    /// Description ("" = none).
    pub description: String,
    /// Creator's phone id.
    pub owner: String,
    /// Creation time, Unix ms.
    pub created_ms: i64,
    /// Last subject change, Unix ms.
    pub subject_ms: i64,
    /// Members in join order.
    pub members: Vec<Member>,
    /// Only admins edit info (WhatsApp `restrict`).
    pub info_admin_only: bool,
    /// Only admins send messages (WhatsApp `announce`).
    pub messages_admin_only: bool,
    /// Every member may add members.
    pub members_can_add: bool,
    /// Members may share history with new members.
    pub members_can_share_history: bool,
    /// New members need approval.
    pub approval_required: bool,
    /// Picture URL.
    pub picture: Option<String>,
    /// Current invite code.
    pub invite_code: String,
    /// Pending join requests.
    pub requests: Vec<PendingRequest>,
}

impl GroupState {
    /// A new group with WhatsApp's default settings, created now by `owner`.
    pub fn new(
        id: String,
        subject: String,
        owner: &str,
        now_ms: i64,
        members: Vec<Member>,
        invite_code: String,
    ) -> Self {
        GroupState {
            id,
            subject,
            description: String::new(),
            owner: owner.to_owned(),
            created_ms: now_ms,
            subject_ms: now_ms,
            members,
            info_admin_only: false,
            messages_admin_only: false,
            members_can_add: true,
            members_can_share_history: false,
            approval_required: false,
            picture: None,
            invite_code,
            requests: Vec::new(),
        }
    }

    /// The member with phone id `id`.
    pub fn member(&self, id: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.id == id)
    }

    /// Whether `id` is an admin or the superadmin.
    pub fn is_admin(&self, id: &str) -> bool {
        self.member(id).is_some_and(|m| m.role.is_admin())
    }
}
