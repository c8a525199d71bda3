//! Shapes WAHA itself defines, the same for every engine: v2 participants, join requests,
//! lids, sessions, the environment, small answers (`{count}`, `{id}`, `{url}`, `{success}`),
//! the `GroupInfo` of v2 webhook events and the error bodies.
//!
//! Layer: wire shapes; it may import the foundation and `model`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::loose::{Id, Loose, Scalar, require};
use super::words::pn_for;
use crate::model::{Environment, JoinMethod, JoinRequest, JoinRequestOutcome, LidMapping, MeInfo, Participant, Role};

/// `GroupParticipant` of v2 answers and events: `{id, pn, role}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(title = "GroupParticipant")]
#[schemars(transform = require(&["id", "role"]))]
pub struct GroupParticipant {
    /// `…@c.us` or `…@lid`.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub id: Loose<Id>,
    /// Phone id, when known.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub pn: Loose<String>,
    /// `participant`, `admin`, `superadmin` (events also `left`).
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub role: Loose<String>,
}

impl From<GroupParticipant> for Participant {
    fn from(p: GroupParticipant) -> Participant {
        let id = p.id.member().unwrap_or_default();
        let role = p.role.0.as_deref().map_or(Role::Participant, Role::parse);
        Participant { pn: pn_for(&id, p.pn.member()), id, role }
    }
}

/// `GroupJoinRequest`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase")]
#[schemars(transform = require(&["requesterId"]))]
pub struct GroupJoinRequest {
    /// Who asked.
    pub requester_id: Loose<Id>,
    /// Their phone id.
    pub requester_pn: Loose<String>,
    /// Who added them (non-admin add).
    pub added_by_id: Loose<Id>,
    /// Community parent group.
    pub parent_group_id: Loose<String>,
    /// `invite_link`, `linked_group_join`, `non_admin_add` (engines: PascalCase).
    pub request_method: Loose<String>,
    /// When (seconds or ms).
    pub timestamp: Loose<Scalar>,
}

impl From<GroupJoinRequest> for JoinRequest {
    fn from(r: GroupJoinRequest) -> JoinRequest {
        JoinRequest {
            requester_id: r.requester_id.member().unwrap_or_default(),
            requester_pn: r.requester_pn.member(),
            added_by: r.added_by_id.member(),
            parent_group_id: r.parent_group_id.text(),
            method: r.request_method.text().map(|m| JoinMethod::normalize(&m)),
            timestamp: r.timestamp.ms(),
            raw: Default::default(),
        }
    }
}

/// `GroupJoinRequestResult`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase")]
#[schemars(transform = require(&["success"]))]
pub struct GroupJoinRequestResult {
    /// The requester.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub requester_id: Loose<Id>,
    /// Whether it worked.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub success: Loose<bool>,
    /// WhatsApp's error code.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub error: Loose<i64>,
}

impl From<GroupJoinRequestResult> for JoinRequestOutcome {
    fn from(r: GroupJoinRequestResult) -> JoinRequestOutcome {
        JoinRequestOutcome {
            requester_id: r.requester_id.member(),
            ok: r.success.0.unwrap_or(false),
            error: r.error.0,
            raw: Default::default(),
        }
    }
}

/// `{"lid", "pn"}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(title = "LidToPhoneNumber")]
#[schemars(transform = require(&["lid"]))]
pub struct LidToPhoneNumber {
    /// `…@lid`.
    pub lid: Loose<String>,
    /// `…@c.us`, or null when unknown.
    pub pn: Loose<String>,
}

impl LidToPhoneNumber {
    /// The mapping; `None` when `lid` is missing.
    pub(super) fn mapping(self) -> Option<LidMapping> {
        Some(LidMapping { lid: self.lid.text()?, pn: self.pn.member() })
    }
}

/// `MeInfo`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase")]
#[schemars(title = "WireMeInfo")]
#[schemars(transform = require(&["id"]))]
pub struct WireMeInfo {
    /// `…@c.us`.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub id: Loose<String>,
    /// `…@lid`.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub lid: Loose<String>,
    /// `…:N@s.whatsapp.net`.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub jid: Loose<String>,
    /// Display name.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub push_name: Loose<String>,
}

impl WireMeInfo {
    /// The account; `None` without an id (not authenticated).
    pub(crate) fn me(self) -> Option<MeInfo> {
        Some(MeInfo {
            id: self.id.text()?,
            lid: self.lid.text(),
            jid: self.jid.text(),
            push_name: self.push_name.text(),
        })
    }
}

/// `SessionInfo`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(title = "WireSessionInfo")]
#[schemars(transform = require(&["name", "status"]))]
pub struct WireSessionInfo {
    /// Session name.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub name: Loose<String>,
    /// `WORKING`, `STOPPED`, …
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub status: Loose<String>,
    /// The account, or null.
    pub me: Option<WireMeInfo>,
    /// `{"engine": "NOWEB", …}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub engine: Option<SessionEngine>,
}

/// The `engine` object of a session.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct SessionEngine {
    /// Engine name.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub engine: Loose<String>,
}

/// `WAHAEnvironment`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(title = "WAHAEnvironment")]
#[schemars(transform = require(&["version"]))]
pub struct WahaEnvironment {
    /// e.g. `2026.2.1`.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub version: Loose<String>,
    /// Default engine.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub engine: Loose<String>,
    /// `CORE` / `PLUS`.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub tier: Loose<String>,
    /// Browser, or null.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub browser: Loose<String>,
    /// e.g. `linux/x64`.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub platform: Loose<String>,
    /// `{"id": …}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub worker: Option<Worker>,
}

/// `environment.worker`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct Worker {
    /// Worker id.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub id: Loose<String>,
}

impl From<WahaEnvironment> for Environment {
    fn from(e: WahaEnvironment) -> Environment {
        Environment {
            version: e.version.text(),
            engine: e.engine.text(),
            tier: e.tier.text(),
            browser: e.browser.text(),
            platform: e.platform.text(),
            worker_id: e.worker.and_then(|w| w.id.0),
        }
    }
}

/// `{"count": n}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CountResponse {
    /// The count.
    pub count: u64,
}

/// `{"id": "…@g.us"}` from `POST /groups/join` (empty when a join request was made).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct JoinGroupResponse {
    /// The group.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub id: Loose<String>,
}

/// `{"url": string|null}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ChatPictureResponse {
    /// The picture URL; null or empty when there is none.
    pub url: Option<String>,
}

/// `{"success": bool}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(title = "Result")]
pub struct SuccessResponse {
    /// Whether it worked.
    pub success: bool,
}

/// WAHA's normalised `GroupInfo` of v2 webhook events; in `group.v2.update` only changed
/// fields are present.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct GroupInfo {
    /// The group.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub id: Loose<Id>,
    /// Name.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub subject: Loose<String>,
    /// Description.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub description: Loose<String>,
    /// Invite link.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub invite: Loose<String>,
    /// Per engine: members may add, or (WEBJS) info is admin-only.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub members_can_add_new_member: Loose<bool>,
    /// Per engine: members may send, or WhatsApp's `announce`.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub members_can_send_messages: Loose<bool>,
    /// New members need approval.
    #[serde(skip_serializing_if = "Loose::is_none")]
    pub new_members_approval_required: Loose<bool>,
    /// Members.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub participants: Option<Vec<GroupParticipant>>,
}

/// NestJS' error body (400/401/403/404/413/501).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct NestError {
    /// HTTP status.
    pub status_code: u16,
    /// A message or class-validator's list of messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<Value>,
    /// Status text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The 422 body when the session is missing or not `WORKING`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SessionError {
    /// What is wrong.
    pub error: String,
    /// The session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    /// Its status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The statuses that would work.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<Vec<String>>,
}

/// The 500 body of an exception inside WAHA (WhatsApp and engine errors).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ExceptionError {
    /// 500.
    #[serde(rename = "statusCode")]
    pub status_code: u16,
    /// ISO time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    /// The exception.
    pub exception: ExceptionDetail,
    /// The request (method, url, body).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<Map<String, Value>>,
    /// WAHA's environment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<Map<String, Value>>,
}

/// `exception` of an [`ExceptionError`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct ExceptionDetail {
    /// WhatsApp's or the engine's words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The exception class.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}
