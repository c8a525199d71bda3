//! The one route table: every WAHA operation this crate knows, declared once.
//!
//! The client builds request paths from it, the mock dispatches incoming requests through
//! [`resolve`], and the OpenAPI generator walks [`ROUTES`]. Paths are templates whose
//! `{name}` placeholders become single, percent-encoded path segments.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// HTTP method of a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// DELETE
    Delete,
}

impl Method {
    /// Upper-case name, as on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }

    /// Parses an upper- or lower-case method name.
    pub fn parse(s: &str) -> Option<Method> {
        match s.to_ascii_uppercase().as_str() {
            "GET" => Some(Method::Get),
            "POST" => Some(Method::Post),
            "PUT" => Some(Method::Put),
            "DELETE" => Some(Method::Delete),
            _ => None,
        }
    }
}

/// Whether a request may be repeated automatically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Retry {
    /// Reads and setters whose repetition leaves the same state.
    Safe,
    /// Creates, joins and membership changes: a blind repeat could do the thing twice.
    Never,
}

/// Every operation, named after the WAHA action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(missing_docs)]
pub enum Operation {
    CreateGroup,
    ListGroups,
    JoinInfo,
    JoinGroup,
    CountGroups,
    RefreshGroups,
    GetGroup,
    DeleteGroup,
    LeaveGroup,
    GetPicture,
    SetPicture,
    DeletePicture,
    SetDescription,
    SetSubject,
    SetInfoAdminOnly,
    GetInfoAdminOnly,
    SetMessagesAdminOnly,
    GetMessagesAdminOnly,
    SetMemberAddMode,
    GetMemberAddMode,
    SetMemberShareHistoryMode,
    GetMemberShareHistoryMode,
    SetMembershipApproval,
    GetMembershipApproval,
    JoinRequests,
    ApproveJoinRequests,
    RejectJoinRequests,
    GetInviteCode,
    RevokeInviteCode,
    Participants,
    ParticipantsV2,
    AddParticipants,
    RemoveParticipants,
    PromoteParticipants,
    DemoteParticipants,
    // Supporting endpoints (spec waha-openapi-support).
    ListSessions,
    GetSession,
    GetMe,
    ListLids,
    CountLids,
    LidToPhoneNumber,
    PhoneNumberToLid,
    Version,
    ServerVersion,
    Ping,
    Health,
}

/// One row of the route table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    /// The operation.
    pub op: Operation,
    /// HTTP method.
    pub method: Method,
    /// Path template, e.g. `/api/{session}/groups/{id}/subject`.
    pub path: &'static str,
    /// WAHA's `operationId` in its OpenAPI document.
    pub operation_id: &'static str,
    /// Status WAHA answers on success.
    pub success_status: u16,
    /// Automatic retry policy.
    pub retry: Retry,
    /// Whether the operation is one of the 35 group operations.
    pub is_group_operation: bool,
}

const fn route(op: Operation, method: Method, path: &'static str, operation_id: &'static str, retry: Retry) -> Route {
    let success_status = if matches!(op, Operation::CreateGroup) { 201 } else { 200 };
    let is_group_operation = (op as u8) <= (Operation::DemoteParticipants as u8);
    Route { op, method, path, operation_id, success_status, retry, is_group_operation }
}

use Method::{Delete, Get, Post, Put};
use Operation as O;
use Retry::{Never, Safe};

const G: &str = "/api/{session}/groups";

macro_rules! g {
    ($suffix:literal) => {
        concat!("/api/{session}/groups", $suffix)
    };
}

/// All routes. The 35 group operations come first, in the order of spec §2.7.
pub const ROUTES: &[Route] = &[
    route(O::CreateGroup, Post, G, "GroupsController_createGroup", Never),
    route(O::ListGroups, Get, G, "GroupsController_getGroups", Safe),
    route(O::JoinInfo, Get, g!("/join-info"), "GroupsController_joinInfoGroup", Safe),
    route(O::JoinGroup, Post, g!("/join"), "GroupsController_joinGroup", Never),
    route(O::CountGroups, Get, g!("/count"), "GroupsController_getGroupsCount", Safe),
    route(O::RefreshGroups, Post, g!("/refresh"), "GroupsController_refreshGroups", Safe),
    route(O::GetGroup, Get, g!("/{id}"), "GroupsController_getGroup", Safe),
    route(O::DeleteGroup, Delete, g!("/{id}"), "GroupsController_deleteGroup", Never),
    route(O::LeaveGroup, Post, g!("/{id}/leave"), "GroupsController_leaveGroup", Never),
    route(O::GetPicture, Get, g!("/{id}/picture"), "GroupsController_getChatPicture", Safe),
    route(O::SetPicture, Put, g!("/{id}/picture"), "GroupsController_setPicture", Safe),
    route(O::DeletePicture, Delete, g!("/{id}/picture"), "GroupsController_deletePicture", Safe),
    route(O::SetDescription, Put, g!("/{id}/description"), "GroupsController_setDescription", Safe),
    route(O::SetSubject, Put, g!("/{id}/subject"), "GroupsController_setSubject", Safe),
    route(
        O::SetInfoAdminOnly,
        Put,
        g!("/{id}/settings/security/info-admin-only"),
        "GroupsController_setInfoAdminOnly",
        Safe,
    ),
    route(
        O::GetInfoAdminOnly,
        Get,
        g!("/{id}/settings/security/info-admin-only"),
        "GroupsController_getInfoAdminOnly",
        Safe,
    ),
    route(
        O::SetMessagesAdminOnly,
        Put,
        g!("/{id}/settings/security/messages-admin-only"),
        "GroupsController_setMessagesAdminOnly",
        Safe,
    ),
    route(
        O::GetMessagesAdminOnly,
        Get,
        g!("/{id}/settings/security/messages-admin-only"),
        "GroupsController_getMessagesAdminOnly",
        Safe,
    ),
    route(
        O::SetMemberAddMode,
        Put,
        g!("/{id}/settings/security/member-add-mode"),
        "GroupsController_setMemberAddMode",
        Safe,
    ),
    route(
        O::GetMemberAddMode,
        Get,
        g!("/{id}/settings/security/member-add-mode"),
        "GroupsController_getMemberAddMode",
        Safe,
    ),
    route(
        O::SetMemberShareHistoryMode,
        Put,
        g!("/{id}/settings/security/member-share-history-mode"),
        "GroupsController_setMemberShareHistoryMode",
        Safe,
    ),
    route(
        O::GetMemberShareHistoryMode,
        Get,
        g!("/{id}/settings/security/member-share-history-mode"),
        "GroupsController_getMemberShareHistoryMode",
        Safe,
    ),
    route(
        O::SetMembershipApproval,
        Put,
        g!("/{id}/settings/security/membership-approval"),
        "GroupsController_setMembershipApproval",
        Safe,
    ),
    route(
        O::GetMembershipApproval,
        Get,
        g!("/{id}/settings/security/membership-approval"),
        "GroupsController_getMembershipApproval",
        Safe,
    ),
    route(O::JoinRequests, Get, g!("/{id}/participants/join-requests"), "GroupsController_getJoinRequests", Safe),
    route(
        O::ApproveJoinRequests,
        Post,
        g!("/{id}/participants/join-requests/approve"),
        "GroupsController_approveJoinRequests",
        Never,
    ),
    route(
        O::RejectJoinRequests,
        Post,
        g!("/{id}/participants/join-requests/reject"),
        "GroupsController_rejectJoinRequests",
        Never,
    ),
    route(O::GetInviteCode, Get, g!("/{id}/invite-code"), "GroupsController_getInviteCode", Safe),
    // Never retried: a lost answer plus a retry would rotate the code twice.
    route(O::RevokeInviteCode, Post, g!("/{id}/invite-code/revoke"), "GroupsController_revokeInviteCode", Never),
    route(O::Participants, Get, g!("/{id}/participants"), "GroupsController_getParticipants", Safe),
    route(O::ParticipantsV2, Get, g!("/{id}/participants/v2"), "GroupsController_getGroupParticipants", Safe),
    route(O::AddParticipants, Post, g!("/{id}/participants/add"), "GroupsController_addParticipants", Never),
    route(O::RemoveParticipants, Post, g!("/{id}/participants/remove"), "GroupsController_removeParticipants", Never),
    route(O::PromoteParticipants, Post, g!("/{id}/admin/promote"), "GroupsController_promoteToAdmin", Never),
    route(O::DemoteParticipants, Post, g!("/{id}/admin/demote"), "GroupsController_demoteToAdmin", Never),
    route(O::ListSessions, Get, "/api/sessions", "SessionsController_list", Safe),
    route(O::GetSession, Get, "/api/sessions/{session}", "SessionsController_get", Safe),
    route(O::GetMe, Get, "/api/sessions/{session}/me", "SessionsController_getMe", Safe),
    route(O::ListLids, Get, "/api/{session}/lids", "LidsController_getAll", Safe),
    route(O::CountLids, Get, "/api/{session}/lids/count", "LidsController_getLidsCount", Safe),
    route(O::LidToPhoneNumber, Get, "/api/{session}/lids/{lid}", "LidsController_findPNByLid", Safe),
    route(
        O::PhoneNumberToLid,
        Get,
        "/api/{session}/lids/pn/{phoneNumber}",
        "LidsController_findLIDByPhoneNumber",
        Safe,
    ),
    route(O::Version, Get, "/api/version", "VersionController_get", Safe),
    route(O::ServerVersion, Get, "/api/server/version", "ServerController_get", Safe),
    route(O::Ping, Get, "/ping", "PingController_ping", Safe),
    route(O::Health, Get, "/health", "HealthController_check", Safe),
];

/// Number of WAHA group operations (spec §2.7).
pub const GROUP_OPERATION_COUNT: usize = 35;

/// Everything except unreserved characters is encoded, so a segment can never add a
/// `/`, `?` or `#` to the path. `.` stays: dot segments are rejected before encoding
/// (URL parsers treat `%2E%2E` as `..` too).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

impl Operation {
    /// The SDK method name (snake_case; Node camel-cases it), as used in `tests/fixtures/manifest.json`.
    pub fn method_name(self) -> &'static str {
        match self {
            O::CreateGroup => "create",
            O::ListGroups => "list",
            O::JoinInfo => "join_info",
            O::JoinGroup => "join",
            O::CountGroups => "count",
            O::RefreshGroups => "refresh",
            O::GetGroup => "get",
            O::DeleteGroup => "delete",
            O::LeaveGroup => "leave",
            O::GetPicture => "picture",
            O::SetPicture => "set_picture",
            O::DeletePicture => "delete_picture",
            O::SetDescription => "set_description",
            O::SetSubject => "set_subject",
            O::SetInfoAdminOnly => "set_info_admin_only",
            O::GetInfoAdminOnly => "info_admin_only",
            O::SetMessagesAdminOnly => "set_messages_admin_only",
            O::GetMessagesAdminOnly => "messages_admin_only",
            O::SetMemberAddMode => "set_member_add_mode",
            O::GetMemberAddMode => "member_add_mode",
            O::SetMemberShareHistoryMode => "set_member_share_history_mode",
            O::GetMemberShareHistoryMode => "member_share_history_mode",
            O::SetMembershipApproval => "set_membership_approval",
            O::GetMembershipApproval => "membership_approval",
            O::JoinRequests => "join_requests",
            O::ApproveJoinRequests => "approve_join_requests",
            O::RejectJoinRequests => "reject_join_requests",
            O::GetInviteCode => "invite_code",
            O::RevokeInviteCode => "revoke_invite_code",
            O::Participants => "participants_v1",
            O::ParticipantsV2 => "participants",
            O::AddParticipants => "add_participants",
            O::RemoveParticipants => "remove_participants",
            O::PromoteParticipants => "promote",
            O::DemoteParticipants => "demote",
            O::ListSessions => "sessions",
            O::GetSession => "session",
            O::GetMe => "me",
            O::ListLids => "lids",
            O::CountLids => "count_lids",
            O::LidToPhoneNumber => "phone_number",
            O::PhoneNumberToLid => "lid",
            O::Version => "version",
            O::ServerVersion => "server_version",
            O::Ping => "ping",
            O::Health => "health",
        }
    }

    /// The operation whose SDK method is `name` (see [`Operation::method_name`]).
    pub fn from_method_name(name: &str) -> Option<Operation> {
        ROUTES.iter().map(|r| r.op).find(|op| op.method_name() == name)
    }

    /// The route of this operation.
    pub fn route(self) -> &'static Route {
        ROUTES.iter().find(|r| r.op == self).expect("every operation has a route")
    }
}

impl Route {
    /// Names of the `{placeholders}` in the path, in order.
    pub fn params(&self) -> impl Iterator<Item = &'static str> {
        self.path.split('/').filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
    }

    /// The path with each placeholder replaced by the next value of `values`, percent-encoded.
    ///
    /// ```
    /// use waha_groups::routes::Operation;
    /// let path = Operation::SetSubject.route().render(&["my session", "1@g.us"]);
    /// assert_eq!(path, "/api/my%20session/groups/1%40g.us/subject");
    /// ```
    ///
    /// # Panics
    /// When `values` has fewer entries than the template has placeholders (a bug in the caller).
    pub fn render(&self, values: &[&str]) -> String {
        let mut values = values.iter();
        let mut out = String::with_capacity(self.path.len() + 32);
        for segment in self.path.split('/').skip(1) {
            out.push('/');
            if segment.starts_with('{') {
                let value = values.next().expect("a value for every path placeholder");
                out.extend(utf8_percent_encode(value, SEGMENT));
            } else {
                out.push_str(segment);
            }
        }
        out
    }

    /// Matches a request path (percent-encoded, without query) against this route and
    /// returns the decoded placeholder values.
    pub fn matches(&self, path: &str) -> Option<Vec<String>> {
        let path = path.strip_suffix('/').filter(|p| !p.is_empty()).unwrap_or(path);
        let mut template = self.path.split('/');
        let mut actual = path.split('/');
        let mut values = Vec::new();
        loop {
            match (template.next(), actual.next()) {
                (None, None) => return Some(values),
                (Some(t), Some(a)) if t.starts_with('{') => {
                    if a.is_empty() {
                        return None;
                    }
                    values.push(percent_decode_str(a).decode_utf8_lossy().into_owned());
                }
                (Some(t), Some(a)) if t == a => {}
                _ => return None,
            }
        }
    }

    /// Number of literal (non-placeholder) segments; more means more specific.
    fn literal_segments(&self) -> usize {
        self.path.split('/').filter(|s| !s.is_empty() && !s.starts_with('{')).count()
    }
}

/// Finds the route for `method` and `path`, preferring literal segments over placeholders
/// (`/groups/count` is never taken as group id `count`, as in WAHA's controller order).
///
/// ```
/// use waha_groups::routes::{resolve, Method, Operation};
/// let (route, params) = resolve(Method::Get, "/api/default/groups/count").unwrap();
/// assert_eq!(route.op, Operation::CountGroups);
/// assert_eq!(params, vec!["default".to_string()]);
/// ```
pub fn resolve(method: Method, path: &str) -> Option<(&'static Route, Vec<String>)> {
    ROUTES
        .iter()
        .filter(|r| r.method == method)
        .filter_map(|r| r.matches(path).map(|p| (r, p)))
        .max_by_key(|(r, _)| r.literal_segments())
}

/// Whether some route exists for `path` with another method (for 404 vs 405-like answers).
pub fn path_exists(path: &str) -> bool {
    ROUTES.iter().any(|r| r.matches(path).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thirty_five_group_operations_each_once() {
        let group: Vec<_> = ROUTES.iter().filter(|r| r.is_group_operation).collect();
        assert_eq!(group.len(), GROUP_OPERATION_COUNT);
        let mut keys: Vec<_> = ROUTES.iter().map(|r| (r.method, r.path)).collect();
        keys.sort_by_key(|(m, p)| (m.as_str(), *p));
        keys.dedup();
        assert_eq!(keys.len(), ROUTES.len(), "a method+path is declared twice");
        let mut ops: Vec<_> = ROUTES.iter().map(|r| r.op).collect();
        ops.sort();
        ops.dedup();
        assert_eq!(ops.len(), ROUTES.len(), "an operation is declared twice");
    }

    #[test]
    fn method_names_round_trip() {
        for r in ROUTES {
            assert_eq!(Operation::from_method_name(r.op.method_name()), Some(r.op));
        }
    }

    #[test]
    fn status_codes_follow_waha() {
        for r in ROUTES {
            let want = if r.op == Operation::CreateGroup { 201 } else { 200 };
            assert_eq!(r.success_status, want, "{:?}", r.op);
        }
    }

    #[test]
    fn every_route_resolves_to_itself() {
        for r in ROUTES {
            let values: Vec<String> = r.params().map(|p| format!("v-{p}")).collect();
            let refs: Vec<&str> = values.iter().map(String::as_str).collect();
            let path = r.render(&refs);
            let (found, params) = resolve(r.method, &path).unwrap_or_else(|| panic!("{path}"));
            assert_eq!(found.op, r.op, "{path}");
            assert_eq!(params, values);
        }
    }

    #[test]
    fn literals_win_over_ids() {
        for (path, op) in [
            ("/api/s/groups/join-info", Operation::JoinInfo),
            ("/api/s/groups/count", Operation::CountGroups),
            ("/api/s/groups/1@g.us", Operation::GetGroup),
            ("/api/s/groups/1%40g.us/participants/", Operation::Participants),
            ("/api/s/lids/count", Operation::CountLids),
            ("/api/s/lids/pn/123", Operation::PhoneNumberToLid),
        ] {
            assert_eq!(resolve(Method::Get, path).map(|(r, _)| r.op), Some(op), "{path}");
        }
        assert!(resolve(Method::Get, "/api/s/groups/1@g.us/nope").is_none());
        assert!(resolve(Method::Get, "/api//groups").is_none());
    }

    #[test]
    fn segments_cannot_escape() {
        let r = Operation::GetGroup.route();
        for hostile in ["a/b", "a?b=c", "a#b", "../../x", "sp ace", "ünï", "%2F"] {
            let path = r.render(&[hostile, "1@g.us"]);
            let (found, params) = resolve(Method::Get, &path).unwrap();
            assert_eq!(found.op, Operation::GetGroup, "{path}");
            assert_eq!(params[0], hostile, "{path}");
            assert!(!path.contains('?') && !path.contains('#') && path.matches('/').count() == 4, "{path}");
        }
    }
}
