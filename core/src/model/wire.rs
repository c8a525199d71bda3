//! WAHA's request bodies, exactly as sent. The client builds every body from these types and
//! the OpenAPI generator takes their schemas from the same definitions.
//!
//! Layer: models; it may import the foundation.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::PictureFile;

/// `{"id": "…@c.us"}`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[schemars(title = "Participant")]
pub struct ParticipantRef {
    /// Member id (`@c.us` or `@lid`).
    pub id: String,
}

/// `POST /groups`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CreateGroupRequest {
    /// Group name.
    pub name: String,
    /// Initial members.
    pub participants: Vec<ParticipantRef>,
}

/// Add / remove / promote / demote / approve / reject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ParticipantsRequest {
    /// Members.
    pub participants: Vec<ParticipantRef>,
}

/// `PUT …/subject`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SubjectRequest {
    /// New name.
    pub subject: String,
}

/// `PUT …/description`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DescriptionRequest {
    /// New description.
    pub description: String,
}

/// `PUT …/info-admin-only` and `…/messages-admin-only` (also their GET answer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SettingsSecurityChangeInfo {
    /// Only admins.
    #[serde(rename = "adminsOnly")]
    pub admins_only: bool,
}

/// `…/member-add-mode`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SettingsMemberAddMode {
    /// Every member may add members.
    #[serde(rename = "membersCanAddNewMember")]
    pub members_can_add_new_member: bool,
}

/// `…/member-share-history-mode`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SettingsMemberShareHistoryMode {
    /// Members may share history.
    #[serde(rename = "membersCanShareHistory")]
    pub members_can_share_history: bool,
}

/// `…/membership-approval`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SettingsMembershipApproval {
    /// New members need approval.
    #[serde(rename = "newMembersApprovalRequired")]
    pub new_members_approval_required: bool,
}

/// `POST /groups/join`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct JoinGroupRequest {
    /// Invite code (or link; the SDK always sends the bare code).
    pub code: String,
}

/// `PUT …/picture`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ProfilePictureRequest {
    /// The picture.
    pub file: PictureFile,
}

impl ParticipantsRequest {
    /// From validated ids.
    pub fn new(ids: &[String]) -> Self {
        ParticipantsRequest { participants: ids.iter().map(|id| ParticipantRef { id: id.clone() }).collect() }
    }
}

/// The boolean of a settings answer (the getters answer with the setter's body).
macro_rules! setting_value {
    ($($t:ident.$f:ident),+) => {$(
        impl From<$t> for bool {
            fn from(s: $t) -> bool {
                s.$f
            }
        }
    )+};
}
setting_value!(
    SettingsSecurityChangeInfo.admins_only,
    SettingsMemberAddMode.members_can_add_new_member,
    SettingsMemberShareHistoryMode.members_can_share_history,
    SettingsMembershipApproval.new_members_approval_required
);
