//! What a change to the world answers: the [`Change`] and [`Event`] it made (from which the
//! personas build webhook events), a [`Refusal`] with WhatsApp's reason, and per-member results.

use serde::{Deserialize, Serialize};
use waha_groups::JoinMethod;

use super::records::GroupState;

/// A setting that changed (drives `group.v2.update`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Field {
    Subject,
    Description,
    InfoAdminOnly,
    MessagesAdminOnly,
    MembersCanAdd,
    MembersCanShareHistory,
    ApprovalRequired,
    Invite,
    Picture,
}

/// How members came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum JoinKind {
    Created,
    Added,
    InviteLink,
    Approved,
}

/// What an operation changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Change {
    Joined { who: Vec<String>, by: Option<String>, how: JoinKind },
    Left { who: Vec<String>, by: Option<String> },
    Promoted { who: Vec<String>, by: String },
    Demoted { who: Vec<String>, by: String },
    Updated { fields: Vec<Field>, by: String },
    JoinRequest { requester: String, action: waha_groups::webhook::JoinRequestAction, method: JoinMethod },
    Deleted,
}

/// A change with the group as it is afterwards (as it was, for `Deleted`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// The group after the change.
    pub group: GroupState,
    /// What happened.
    pub change: Change,
    /// When, Unix ms.
    pub at_ms: i64,
}

/// Why WhatsApp refused; the handlers turn it into the engine's error answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Unknown group, or you are not a member.
    GroupNotFound(String),
    /// Admin rights needed.
    NotAuthorized,
    /// Unknown or revoked invite code.
    InviteNotFound,
    /// The request body lacked something WAHA would crash on.
    BadInput(String),
    /// Over the session's member-change rate ([`super::Limits::member_rate`]): WhatsApp's
    /// `rate-overlimit`, nothing changed.
    RateOverlimit,
}

/// Per-member result of a member change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberResult {
    /// The id as the request named it (WEBJS keys its answer by it).
    pub sent: String,
    /// The member's phone id.
    pub id: String,
    /// WhatsApp's code: 200 ok, 403 privacy (invitation only), 404, 406, 409...
    pub code: u16,
    /// The invitation WhatsApp created when the member's privacy refused a direct add.
    pub invite: Option<AddRequest>,
}

impl MemberResult {
    pub(super) fn new(sent: &str, id: &str, code: u16) -> Self {
        MemberResult { sent: sent.to_owned(), id: id.to_owned(), code, invite: None }
    }
}

/// A private invitation created for a member who refuses direct adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddRequest {
    /// The invitation code.
    pub code: String,
    /// Expiry, Unix ms.
    pub expires_ms: i64,
}

/// Result of a state operation.
pub type Outcome<T> = Result<(T, Vec<Event>), Refusal>;
