//! The operation catalogue: every WAHA operation this crate knows, declared once.
//!
//! Each entry of the `catalogue!` list in this module is one operation: its SDK method and
//! arguments, its route (method, path, WAHA operationId, retry policy), its request body type,
//! its output type, how a 2xx answer decodes into that output, and the schema of that answer.
//! From the list come: [`Operation`] and [`ROUTES`] (the route table), the SDK method names,
//! one type per operation implementing [`Op`] (what [`crate::Groups`] runs), the OpenAPI
//! request/response schemas ([`crate::schema`]), decoding by operation
//! ([`decode_response`]) and the bindings' method list ([`GROUP_METHODS`]); the by-name
//! calls ([`crate::dynamic`]) are generated from it through [`for_each_operation!`](crate::for_each_operation).
//!
//! Layer: catalogue — pure data and decoders, no I/O. It may import the foundation, `model`
//! and `engine`; never the transport (`http`), the facades or `dynamic`.
//!
//! Outputs are what the bindings receive as JSON: models as they are, and small wrappers for
//! scalars ([`Accepted`], [`Flag`], [`Count`], [`Joined`], [`Picture`], [`InviteLink`]), each
//! convertible to and from the plain value the Rust method returns.

use schemars::SchemaGenerator;
use serde::Serialize;
use serde_json::{Value, json};

use crate::engine::{self, gows, noweb, waha, webjs};
use crate::error::{Error, Result};
use crate::model::wire::*;
use crate::model::*;

mod outputs;
mod schemas;
pub mod template;

pub use outputs::{Accepted, Count, Flag, InviteLink, Joined, Picture};
use schemas::{json_answer, map_of, s, text_answer};
pub use template::{Method, Retry};

/// A 2xx answer to decode: its text and, for member changes, the ids as the caller passed them.
#[derive(Debug, Clone, Copy)]
pub struct Answer<'a> {
    /// The body.
    pub text: &'a str,
    /// Ids sent to add/remove/promote/demote (outcomes are tied to them).
    pub requested: &'a [String],
}

impl<'a> Answer<'a> {
    /// An answer with no requested ids.
    pub fn new(text: &'a str) -> Self {
        Answer { text, requested: &[] }
    }
}

/// One WAHA operation, as a type.
///
/// ```
/// use waha_groups::ops::{Answer, GetGroup, Op};
/// assert_eq!(GetGroup::route().path, "/api/{session}/groups/{id}");
/// let g = GetGroup::decode(Answer::new(r#"{"id": "1@g.us", "subject": "Team"}"#)).unwrap();
/// assert_eq!(g.subject, "Team");
/// ```
pub trait Op {
    /// Its row in the route table.
    const OPERATION: Operation;
    /// The request body (`()` when there is none).
    type Body: Serialize + schemars::JsonSchema + 'static;
    /// What a 2xx answer decodes into.
    type Output: Serialize;
    /// Decodes a 2xx answer.
    fn decode(answer: Answer<'_>) -> Result<Self::Output>;
    /// The route.
    fn route() -> &'static Route {
        Self::OPERATION.route()
    }
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

impl Route {
    /// A row; WAHA answers `create` with 201 and everything else with 200.
    const fn new(op: Operation, method: Method, path: &'static str, operation_id: &'static str, retry: Retry) -> Route {
        let success_status = if matches!(op, Operation::CreateGroup) { 201 } else { 200 };
        let is_group_operation = (op as usize) < GROUP_OPERATION_COUNT;
        Route { op, method, path, operation_id, success_status, retry, is_group_operation }
    }
}

impl Route {
    /// Names of the `{placeholders}` in the path, in order.
    pub fn params(&self) -> impl Iterator<Item = &'static str> {
        template::params(self.path)
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
        template::render(self.path, values)
    }

    /// Matches a request path (percent-encoded, without query) against this route and
    /// returns the decoded placeholder values.
    pub fn matches(&self, path: &str) -> Option<Vec<String>> {
        let segments = template::segments(path);
        template::fits(self.path, &segments).then(|| template::values(self.path, &segments))
    }
}

/// Decodes the 2xx `body` of `op` into the model the SDK method returns, as JSON.
///
/// Scalars are wrapped so every result is an object or array: setters give
/// `{"accepted": true}`, boolean getters `{"value": bool}`, invite codes `{"code", "url"}`,
/// `count` `{"count"}`, `join` `{"id"}`, `picture` `{"url"}` (see [`crate::ops`]).
/// `requested` are the member ids sent to add/remove/promote/demote (used when the answer has
/// no per-member part).
///
/// ```
/// use waha_groups::{ops::decode_response, routes::Operation};
/// let v = decode_response(Operation::GetInviteCode, "https://chat.whatsapp.com/AbC", &[]).unwrap();
/// assert_eq!(v["code"], "AbC");
/// ```
pub fn decode_response(op: Operation, body: &str, requested: &[String]) -> Result<Value> {
    decode_response_into(op, body, requested, AsValue)
}

/// [`decode_response`] with the result in the form `sink` gives it.
pub fn decode_response_into<S: Sink>(op: Operation, body: &str, requested: &[String], sink: S) -> Result<S::Out> {
    decode_json(op, Answer { text: body, requested }, sink)
}

/// A setter's answer: text `false` (or `{"success": false}`) means WhatsApp refused.
fn accepted(answer: Answer<'_>, what: &str) -> Result<Accepted> {
    engine::accepted(answer.text, what).map(|()| Accepted)
}

/// A settings getter's answer, read with the setter's body type `W`.
fn flag<W: serde::de::DeserializeOwned + Into<bool>>(answer: Answer<'_>, op: Operation) -> Result<Flag> {
    engine::flag::<W>(answer.text, flag_field(op)).map(Flag::from)
}

fn invite(answer: Answer<'_>) -> Result<InviteLink> {
    engine::invite_code(answer.text).map(InviteLink::from)
}

const SETTER_ANSWER: &str = "WEBJS/WPP answer text `true`/`false`; NOWEB/GOWS answer an empty body";

fn setter_schema() -> Option<(&'static str, Value)> {
    text_answer(json!({"type": "string", "enum": ["true", "false"], "description": SETTER_ANSWER}))
}

fn invite_schema() -> Option<(&'static str, Value)> {
    text_answer(json!({"type": "string",
        "description": "the bare code (WEBJS, WPP, NOWEB) or https://chat.whatsapp.com/<code> (GOWS)"}))
}

fn group_schema(g: &mut SchemaGenerator) -> Option<(&'static str, Value)> {
    json_answer(
        json!({"oneOf": [s::<webjs::WebjsGroupChat>(g), s::<noweb::NowebGroupMetadata>(g), s::<gows::GowsGroupInfo>(g)]}),
    )
}

fn outcomes_schema(g: &mut SchemaGenerator) -> Option<(&'static str, Value)> {
    json_answer(json!({"oneOf": [
        {"anyOf": [map_of::<webjs::WebjsAddResult>(g), s::<webjs::WebjsStatusResult>(g)]},
        {"type": "array", "items": {"anyOf": [s::<noweb::NowebUpdateResult>(g), s::<gows::GowsParticipant>(g)]}},
    ]}))
}

fn array_of<T: schemars::JsonSchema>(g: &mut SchemaGenerator) -> Option<(&'static str, Value)> {
    json_answer(json!({"type": "array", "items": s::<T>(g)}))
}

macro_rules! catalogue {
    (
        $d:tt
        groups {$(
            $(#[$doc:meta])*
            $op:ident => $method:ident($($arg:ident: $kind:ident),*)
                $http:ident $path:expr, $operation_id:literal, $retry:ident;
                body $body:ty, output $out:ty;
                decode($a:ident) $decode:block
                schema($g:ident) $schema:block
        )+}
        support {$(
            $(#[$sdoc:meta])*
            $sop:ident => $smethod:ident()
                $shttp:ident $spath:expr, $soperation_id:literal, $sretry:ident;
                body $sbody:ty, output $sout:ty;
                decode($sa:ident) $sdecode:block
                schema($sg:ident) $sschema:block
        )+}
    ) => {
        /// Every operation, named after the WAHA action.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Operation {
            $($(#[$doc])* #[doc = concat!("`", stringify!($method), "`: WAHA's `", $operation_id, "`.")] $op,)+
            $($(#[$sdoc])* #[doc = concat!("`", stringify!($smethod), "`: WAHA's `", $soperation_id, "`.")] $sop,)+
        }

        /// All routes, indexed by [`Operation`]. The 35 group operations come first, in the order of spec §2.7.
        pub const ROUTES: &[Route] = &[
            $(Route::new(Operation::$op, Method::$http, $path, $operation_id, Retry::$retry),)+
            $(Route::new(Operation::$sop, Method::$shttp, $spath, $soperation_id, Retry::$sretry),)+
        ];

        impl Operation {
            /// The SDK method name (snake_case; Node camel-cases it), as used in `tests/fixtures/manifest.json`.
            pub fn method_name(self) -> &'static str {
                match self {
                    $(Operation::$op => stringify!($method),)+
                    $(Operation::$sop => stringify!($smethod),)+
                }
            }
        }

        $(catalogue!(@op $(#[$doc])* #[doc = concat!("The operation `", stringify!($method), "` (WAHA's `", $operation_id, "`).")] $op, $body, $out, $a, $decode);)+
        $(catalogue!(@op $(#[$sdoc])* #[doc = concat!("The operation `", stringify!($smethod), "` (WAHA's `", $soperation_id, "`).")] $sop, $sbody, $sout, $sa, $sdecode);)+

        /// Decodes `answer` as `op`'s output, as JSON (what the bindings receive).
        pub(crate) fn decode_json<S: Sink>(op: Operation, answer: Answer<'_>, sink: S) -> Result<S::Out> {
            match op {
                $(Operation::$op => sink.put(&<$op as Op>::decode(answer)?),)+
                $(Operation::$sop => sink.put(&<$sop as Op>::decode(answer)?),)+
            }
        }

        /// The media type and schema of `op`'s success answer (`None`: an empty body).
        pub(crate) fn response_schema(op: Operation, generator: &mut SchemaGenerator) -> Option<(&'static str, Value)> {
            match op {
                $(Operation::$op => { let $g = generator; $schema })+
                $(Operation::$sop => { let $sg = generator; $sschema })+
            }
        }

        /// The schema of `op`'s request body (`None`: no body).
        pub(crate) fn request_schema(op: Operation, generator: &mut SchemaGenerator) -> Option<Value> {
            match op {
                $(Operation::$op => schemas::body::<$body>(generator),)+
                $(Operation::$sop => schemas::body::<$sbody>(generator),)+
            }
        }

        /// The methods of [`crate::Groups`] with their arguments (name, kind), in catalogue order:
        /// the bindings build or check their method lists from it.
        pub const GROUP_METHODS: &[(&str, &[(&str, ArgKind)])] =
            &[$((stringify!($method), &[$((stringify!($arg), ArgKind::$kind)),*]),)+];

        /// Calls the macro `callback` with the catalogue, so a binding can generate its typed
        /// methods and decoders from it:
        /// `callback! { groups { $(#[doc] Op method(arg: kind, ...);)+ } support { $(Op method;)+ } }`
        /// (`Op` names the [`ops`](crate::ops) type, `kind` an [`ArgKind`](crate::ops::ArgKind)).
        ///
        /// ```
        /// macro_rules! count {
        ///     (groups { $($(#[$d:meta])* $op:ident $m:ident($($a:ident: $k:ident),*);)+ } support { $($sop:ident $sm:ident;)+ }) => {
        ///         [$(stringify!($m)),+].len()
        ///     };
        /// }
        /// assert_eq!(waha_groups::for_each_operation!(count), waha_groups::ops::GROUP_OPERATION_COUNT);
        /// ```
        #[macro_export]
        macro_rules! for_each_operation {
            ($d callback:ident) => {
                $d callback! {
                    groups { $($(#[$doc])* $op $method($($arg: $kind),*);)+ }
                    support { $($sop $smethod;)+ }
                }
            };
        }
    };
    (@op $(#[$doc:meta])* $op:ident, $body:ty, $out:ty, $a:ident, $decode:block) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct $op;

        impl Op for $op {
            const OPERATION: Operation = Operation::$op;
            type Body = $body;
            type Output = $out;
            fn decode($a: Answer<'_>) -> Result<$out> $decode
        }
    };
}

/// The form a by-name call or decode gives its result in: [`AsValue`] here; the Node binding
/// writes camelCase JSON text straight from the model (Python builds its classes from the
/// typed models and does not use this).
///
/// ```
/// use waha_groups::ops::Sink;
/// struct Text;
/// impl Sink for Text {
///     type Out = String;
///     fn put<T: serde::Serialize>(&self, value: &T) -> waha_groups::Result<String> {
///         Ok(serde_json::to_string(value).unwrap())
///     }
/// }
/// let text = waha_groups::ops::decode_response_into(waha_groups::routes::Operation::CountGroups, r#"{"count": 2}"#, &[], Text);
/// assert_eq!(text.unwrap(), r#"{"count":2}"#);
/// ```
pub trait Sink {
    /// The result type.
    type Out;
    /// `value` in this form.
    fn put<T: Serialize>(&self, value: &T) -> Result<Self::Out>;
}

/// Results as `Value`s.
pub struct AsValue;

fn unserialisable(e: serde_json::Error) -> Error {
    Error::decode(format!("cannot serialise the result: {e}"), "").with_source(e)
}

impl Sink for AsValue {
    type Out = Value;
    fn put<T: Serialize>(&self, value: &T) -> Result<Value> {
        serde_json::to_value(value).map_err(unserialisable)
    }
}

const G: &str = "/api/{session}/groups";

macro_rules! g {
    ($suffix:literal) => {
        concat!("/api/{session}/groups", $suffix)
    };
}

catalogue! {
$
groups {
    #[doc = "Creates a group; you become its superadmin."]
    CreateGroup => create(name: str, participants: opt_ids) Post G, "GroupsController_createGroup", Never;
        body CreateGroupRequest, output Group;
        decode(a) { engine::group(a.text) }
        schema(g) { json_answer(json!({"oneOf": [s::<webjs::WebjsCreateGroupResult>(g), s::<noweb::NowebGroupMetadata>(g), s::<gows::GowsGroupInfo>(g)]})) }
    #[doc = "Lists groups; `sort_by` is `\"id\"` or `\"subject\"`, `sort_order` `\"asc\"` or `\"desc\"`."]
    ListGroups => list(query: list_query) Get G, "GroupsController_getGroups", Safe;
        body (), output Vec<Group>;
        decode(a) { engine::group_list(a.text) }
        schema(g) { json_answer(json!({"oneOf": [
            {"type": "array", "items": {"anyOf": [s::<webjs::WebjsGroupChat>(g), s::<gows::GowsGroupInfo>(g)]}},
            map_of::<noweb::NowebGroupMetadata>(g)]})) }
    #[doc = "What an invite code or link leads to."]
    JoinInfo => join_info(code: str) Get g!("/join-info"), "GroupsController_joinInfoGroup", Safe;
        body (), output GroupJoinInfo;
        decode(a) { engine::join_info(a.text) }
        schema(g) { json_answer(json!({"oneOf": [s::<webjs::WebjsGroupMetadata>(g), s::<noweb::NowebGroupMetadata>(g), s::<gows::GowsGroupInfo>(g)]})) }
    #[doc = "Joins by code or link; the group id, or none when a join request was made instead."]
    JoinGroup => join(code: str) Post g!("/join"), "GroupsController_joinGroup", Never;
        body JoinGroupRequest, output Joined;
        decode(a) { engine::joined_group_id(a.text).map(Joined::from) }
        schema(g) { json_answer(s::<waha::JoinGroupResponse>(g)) }
    #[doc = "Number of groups."]
    CountGroups => count() Get g!("/count"), "GroupsController_getGroupsCount", Safe;
        body (), output Count;
        decode(a) { engine::count(a.text).map(Count::from) }
        schema(g) { json_answer(s::<waha::CountResponse>(g)) }
    #[doc = "Reloads groups from WhatsApp (call rarely: it can trigger rate-overlimit)."]
    RefreshGroups => refresh() Post g!("/refresh"), "GroupsController_refreshGroups", Safe;
        body (), output Accepted;
        decode(a) { accepted(a, "refresh groups") }
        schema(g) { json_answer(s::<waha::SuccessResponse>(g)) }
    #[doc = "One group."]
    GetGroup => get(id: str) Get g!("/{id}"), "GroupsController_getGroup", Safe;
        body (), output Group;
        decode(a) { engine::group(a.text) }
        schema(g) { group_schema(g) }
    #[doc = "Deletes the group chat (WEBJS/WPP only; others raise a not-implemented error)."]
    DeleteGroup => delete(id: str) Delete g!("/{id}"), "GroupsController_deleteGroup", Never;
        body (), output Accepted;
        decode(a) { accepted(a, "delete the group") }
        schema(_g) { setter_schema() }
    #[doc = "Leaves the group."]
    LeaveGroup => leave(id: str) Post g!("/{id}/leave"), "GroupsController_leaveGroup", Never;
        body (), output Accepted;
        decode(a) { engine::valid_json(a.text).map(|()| Accepted) }
        schema(_g) { None }
    #[doc = "The picture URL, or none."]
    GetPicture => picture(id: str, refresh: opt_bool) Get g!("/{id}/picture"), "GroupsController_getChatPicture", Safe;
        body (), output Picture;
        decode(a) { engine::picture_url(a.text).map(Picture::from) }
        schema(g) { json_answer(s::<waha::ChatPictureResponse>(g)) }
    #[doc = "Sets the picture from a `url` or base64 `data` (WAHA Plus)."]
    SetPicture => set_picture(id: str, file: picture) Put g!("/{id}/picture"), "GroupsController_setPicture", Safe;
        body ProfilePictureRequest, output Accepted;
        decode(a) { accepted(a, "set the group picture") }
        schema(g) { json_answer(s::<waha::SuccessResponse>(g)) }
    #[doc = "Removes the picture (WAHA Plus)."]
    DeletePicture => delete_picture(id: str) Delete g!("/{id}/picture"), "GroupsController_deletePicture", Safe;
        body (), output Accepted;
        decode(a) { accepted(a, "delete the group picture") }
        schema(g) { json_answer(s::<waha::SuccessResponse>(g)) }
    #[doc = "Sets the description (\"\" clears it)."]
    SetDescription => set_description(id: str, description: str) Put g!("/{id}/description"), "GroupsController_setDescription", Safe;
        body DescriptionRequest, output Accepted;
        decode(a) { accepted(a, "change the description") }
        schema(_g) { setter_schema() }
    #[doc = "Renames the group; a refused error when WhatsApp says no."]
    SetSubject => set_subject(id: str, subject: str) Put g!("/{id}/subject"), "GroupsController_setSubject", Safe;
        body SubjectRequest, output Accepted;
        decode(a) { accepted(a, "change the subject") }
        schema(_g) { setter_schema() }
    #[doc = "Lets only admins (true) or everyone edit group info."]
    SetInfoAdminOnly => set_info_admin_only(id: str, admins_only: bool)
        Put g!("/{id}/settings/security/info-admin-only"), "GroupsController_setInfoAdminOnly", Safe;
        body SettingsSecurityChangeInfo, output Accepted;
        decode(a) { accepted(a, "change info-admin-only") }
        schema(_g) { setter_schema() }
    #[doc = "Whether only admins may edit group info."]
    GetInfoAdminOnly => info_admin_only(id: str)
        Get g!("/{id}/settings/security/info-admin-only"), "GroupsController_getInfoAdminOnly", Safe;
        body (), output Flag;
        decode(a) { flag::<SettingsSecurityChangeInfo>(a, Self::OPERATION) }
        schema(g) { json_answer(s::<SettingsSecurityChangeInfo>(g)) }
    #[doc = "Lets only admins (true) or everyone send messages."]
    SetMessagesAdminOnly => set_messages_admin_only(id: str, admins_only: bool)
        Put g!("/{id}/settings/security/messages-admin-only"), "GroupsController_setMessagesAdminOnly", Safe;
        body SettingsSecurityChangeInfo, output Accepted;
        decode(a) { accepted(a, "change messages-admin-only") }
        schema(_g) { setter_schema() }
    #[doc = "Whether only admins may send messages."]
    GetMessagesAdminOnly => messages_admin_only(id: str)
        Get g!("/{id}/settings/security/messages-admin-only"), "GroupsController_getMessagesAdminOnly", Safe;
        body (), output Flag;
        decode(a) { flag::<SettingsSecurityChangeInfo>(a, Self::OPERATION) }
        schema(g) { json_answer(s::<SettingsSecurityChangeInfo>(g)) }
    #[doc = "Lets every member (true) or only admins add members."]
    SetMemberAddMode => set_member_add_mode(id: str, members_can_add: bool)
        Put g!("/{id}/settings/security/member-add-mode"), "GroupsController_setMemberAddMode", Safe;
        body SettingsMemberAddMode, output Accepted;
        decode(a) { accepted(a, "change member-add-mode") }
        schema(_g) { setter_schema() }
    #[doc = "Whether every member may add members."]
    GetMemberAddMode => member_add_mode(id: str)
        Get g!("/{id}/settings/security/member-add-mode"), "GroupsController_getMemberAddMode", Safe;
        body (), output Flag;
        decode(a) { flag::<SettingsMemberAddMode>(a, Self::OPERATION) }
        schema(g) { json_answer(s::<SettingsMemberAddMode>(g)) }
    #[doc = "Lets members share history (true) or not."]
    SetMemberShareHistoryMode => set_member_share_history_mode(id: str, members_can_share: bool)
        Put g!("/{id}/settings/security/member-share-history-mode"), "GroupsController_setMemberShareHistoryMode", Safe;
        body SettingsMemberShareHistoryMode, output Accepted;
        decode(a) { accepted(a, "change member-share-history-mode") }
        schema(_g) { setter_schema() }
    #[doc = "Whether members may share history with new members."]
    GetMemberShareHistoryMode => member_share_history_mode(id: str)
        Get g!("/{id}/settings/security/member-share-history-mode"), "GroupsController_getMemberShareHistoryMode", Safe;
        body (), output Flag;
        decode(a) { flag::<SettingsMemberShareHistoryMode>(a, Self::OPERATION) }
        schema(g) { json_answer(s::<SettingsMemberShareHistoryMode>(g)) }
    #[doc = "Requires admin approval for new members (true) or not."]
    SetMembershipApproval => set_membership_approval(id: str, required: bool)
        Put g!("/{id}/settings/security/membership-approval"), "GroupsController_setMembershipApproval", Safe;
        body SettingsMembershipApproval, output Accepted;
        decode(a) { accepted(a, "change membership-approval") }
        schema(_g) { setter_schema() }
    #[doc = "Whether new members need admin approval."]
    GetMembershipApproval => membership_approval(id: str)
        Get g!("/{id}/settings/security/membership-approval"), "GroupsController_getMembershipApproval", Safe;
        body (), output Flag;
        decode(a) { flag::<SettingsMembershipApproval>(a, Self::OPERATION) }
        schema(g) { json_answer(s::<SettingsMembershipApproval>(g)) }
    #[doc = "Pending join requests."]
    JoinRequests => join_requests(id: str)
        Get g!("/{id}/participants/join-requests"), "GroupsController_getJoinRequests", Safe;
        body (), output Vec<JoinRequest>;
        decode(a) { engine::join_requests(a.text) }
        schema(g) { array_of::<waha::GroupJoinRequest>(g) }
    #[doc = "Approves the requests of these requesters."]
    ApproveJoinRequests => approve_join_requests(id: str, participants: ids)
        Post g!("/{id}/participants/join-requests/approve"), "GroupsController_approveJoinRequests", Never;
        body ParticipantsRequest, output Vec<JoinRequestOutcome>;
        decode(a) { engine::join_request_outcomes(a.text) }
        schema(g) { array_of::<waha::GroupJoinRequestResult>(g) }
    #[doc = "Rejects the requests of these requesters."]
    RejectJoinRequests => reject_join_requests(id: str, participants: ids)
        Post g!("/{id}/participants/join-requests/reject"), "GroupsController_rejectJoinRequests", Never;
        body ParticipantsRequest, output Vec<JoinRequestOutcome>;
        decode(a) { engine::join_request_outcomes(a.text) }
        schema(g) { array_of::<waha::GroupJoinRequestResult>(g) }
    #[doc = "The invite code (bare code, whatever form WAHA sent)."]
    GetInviteCode => invite_code(id: str) Get g!("/{id}/invite-code"), "GroupsController_getInviteCode", Safe;
        body (), output InviteLink;
        decode(a) { invite(a) }
        schema(_g) { invite_schema() }
    // Never retried: a lost answer plus a retry would rotate the code twice.
    #[doc = "Revokes the code and returns the new one (never retried)."]
    RevokeInviteCode => revoke_invite_code(id: str)
        Post g!("/{id}/invite-code/revoke"), "GroupsController_revokeInviteCode", Never;
        body (), output InviteLink;
        decode(a) { invite(a) }
        schema(_g) { invite_schema() }
    #[doc = "Members from the engine-specific route, normalised, with `raw`."]
    Participants => participants_v1(id: str) Get g!("/{id}/participants"), "GroupsController_getParticipants", Safe;
        body (), output ParticipantList;
        decode(a) { engine::participant_list(a.text) }
        schema(g) { json_answer(json!({"oneOf": [
            {"type": "array", "items": s::<webjs::WebjsParticipant>(g)},
            {"type": "array", "items": s::<noweb::NowebParticipant>(g)},
            {"type": "array", "items": s::<gows::GowsParticipant>(g)}]})) }
    #[doc = "Members with `pn` and role (`participants/v2`)."]
    ParticipantsV2 => participants(id: str)
        Get g!("/{id}/participants/v2"), "GroupsController_getGroupParticipants", Safe;
        body (), output Vec<Participant>;
        decode(a) { engine::participants(a.text) }
        schema(g) { array_of::<waha::GroupParticipant>(g) }
    #[doc = "Adds members; one outcome per member (never retried)."]
    AddParticipants => add_participants(id: str, participants: ids)
        Post g!("/{id}/participants/add"), "GroupsController_addParticipants", Never;
        body ParticipantsRequest, output Vec<ParticipantOutcome>;
        decode(a) { engine::participant_outcomes(a.text, a.requested) }
        schema(g) { outcomes_schema(g) }
    #[doc = "Removes members (never retried)."]
    RemoveParticipants => remove_participants(id: str, participants: ids)
        Post g!("/{id}/participants/remove"), "GroupsController_removeParticipants", Never;
        body ParticipantsRequest, output Vec<ParticipantOutcome>;
        decode(a) { engine::participant_outcomes(a.text, a.requested) }
        schema(g) { outcomes_schema(g) }
    #[doc = "Makes members admins (never retried)."]
    PromoteParticipants => promote(id: str, participants: ids)
        Post g!("/{id}/admin/promote"), "GroupsController_promoteToAdmin", Never;
        body ParticipantsRequest, output Vec<ParticipantOutcome>;
        decode(a) { engine::participant_outcomes(a.text, a.requested) }
        schema(g) { outcomes_schema(g) }
    #[doc = "Takes admin rights away (never retried)."]
    DemoteParticipants => demote(id: str, participants: ids)
        Post g!("/{id}/admin/demote"), "GroupsController_demoteToAdmin", Never;
        body ParticipantsRequest, output Vec<ParticipantOutcome>;
        decode(a) { engine::participant_outcomes(a.text, a.requested) }
        schema(g) { outcomes_schema(g) }
}
// Supporting endpoints (spec waha-openapi-support): `Client` and `Lids` methods.
support {
    ListSessions => sessions() Get "/api/sessions", "SessionsController_list", Safe;
        body (), output Vec<SessionInfo>;
        decode(a) { engine::session_infos(a.text) }
        schema(g) { array_of::<waha::WireSessionInfo>(g) }
    GetSession => session() Get "/api/sessions/{session}", "SessionsController_get", Safe;
        body (), output SessionInfo;
        decode(a) { engine::session_info(a.text) }
        schema(g) { json_answer(s::<waha::WireSessionInfo>(g)) }
    GetMe => me() Get "/api/sessions/{session}/me", "SessionsController_getMe", Safe;
        body (), output Option<MeInfo>;
        decode(a) { engine::me_info(a.text) }
        schema(g) { json_answer(s::<Option<waha::WireMeInfo>>(g)) }
    ListLids => lids() Get "/api/{session}/lids", "LidsController_getAll", Safe;
        body (), output Vec<LidMapping>;
        decode(a) { engine::lid_mappings(a.text) }
        schema(g) { array_of::<waha::LidToPhoneNumber>(g) }
    CountLids => count_lids() Get "/api/{session}/lids/count", "LidsController_getLidsCount", Safe;
        body (), output Count;
        decode(a) { engine::count(a.text).map(Count::from) }
        schema(g) { json_answer(s::<waha::CountResponse>(g)) }
    LidToPhoneNumber => phone_number() Get "/api/{session}/lids/{lid}", "LidsController_findPNByLid", Safe;
        body (), output LidMapping;
        decode(a) { engine::lid_mapping(a.text) }
        schema(g) { json_answer(s::<waha::LidToPhoneNumber>(g)) }
    PhoneNumberToLid => lid()
        Get "/api/{session}/lids/pn/{phoneNumber}", "LidsController_findLIDByPhoneNumber", Safe;
        body (), output LidMapping;
        decode(a) { engine::lid_mapping(a.text) }
        schema(g) { json_answer(s::<waha::LidToPhoneNumber>(g)) }
    Version => version() Get "/api/version", "VersionController_get", Safe;
        body (), output Environment;
        decode(a) { engine::environment(a.text) }
        schema(g) { json_answer(s::<waha::WahaEnvironment>(g)) }
    ServerVersion => server_version() Get "/api/server/version", "ServerController_get", Safe;
        body (), output Environment;
        decode(a) { engine::environment(a.text) }
        schema(g) { json_answer(s::<waha::WahaEnvironment>(g)) }
    Ping => ping() Get "/ping", "PingController_ping", Safe;
        body (), output Value;
        decode(a) { engine::read(if a.text.trim().is_empty() { "null" } else { a.text }, "ping") }
        schema(_g) { json_answer(json!({"type": "object", "required": ["message"], "properties": {"message": {"type": "string"}}})) }
    Health => health() Get "/health", "HealthController_check", Safe;
        body (), output Value;
        decode(a) { engine::read(if a.text.trim().is_empty() { "null" } else { a.text }, "health") }
        schema(_g) { json_answer(json!({"type": "object", "required": ["status"], "properties": {"status": {"type": "string"}}})) }
}
}

/// The argument names of the list options (`list`, and the bindings' paging iterators).
pub(crate) const LIST_OPTIONS: [&str; 5] = ["limit", "offset", "sort_by", "sort_order", "exclude_participants"];

/// The argument names of a picture to set.
pub(crate) const PICTURE_OPTIONS: [&str; 3] = ["url", "data", "mimetype"];

/// How a binding passes an argument of a [`GROUP_METHODS`] entry.
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgKind {
    /// A string (ids, codes, names), positional.
    str,
    /// A boolean, positional.
    bool,
    /// Member ids (strings or `{"id"}` objects), positional.
    ids,
    /// Member ids, positional but optional.
    opt_ids,
    /// A boolean option (keyword-only / options object).
    opt_bool,
    /// The list options `limit`, `offset`, `sort_by`, `sort_order`, `exclude_participants`.
    list_query,
    /// A picture option: `url` or base64 `data`, with `mimetype`.
    picture,
}

impl ArgKind {
    /// Whether the binding takes it positionally (the rest are options).
    pub fn is_positional(self) -> bool {
        matches!(self, ArgKind::str | ArgKind::bool | ArgKind::ids | ArgKind::opt_ids)
    }

    /// The argument names a binding exposes for an argument `name` of this kind (the list and
    /// picture options are several).
    pub fn fields(self, name: &'static str) -> Vec<&'static str> {
        match self {
            ArgKind::list_query => LIST_OPTIONS.to_vec(),
            ArgKind::picture => PICTURE_OPTIONS.to_vec(),
            _ => vec![name],
        }
    }
}

/// Number of WAHA group operations (spec §2.7).
pub const GROUP_OPERATION_COUNT: usize = 35;

impl Operation {
    /// The operation whose SDK method is `name` (see [`Operation::method_name`]).
    pub fn from_method_name(name: &str) -> Option<Operation> {
        ROUTES.iter().map(|r| r.op).find(|op| op.method_name() == name)
    }

    /// The route of this operation.
    pub fn route(self) -> &'static Route {
        &ROUTES[self as usize]
    }

    /// Whether it is one of the 35 group operations.
    pub fn is_group_operation(self) -> bool {
        (self as usize) < GROUP_OPERATION_COUNT
    }
}

/// The body field of a boolean setting, for its getter and its setter (the mock reads and
/// writes it).
pub fn flag_field(op: Operation) -> &'static str {
    use Operation as O;
    match op {
        O::GetMemberAddMode | O::SetMemberAddMode => "membersCanAddNewMember",
        O::GetMemberShareHistoryMode | O::SetMemberShareHistoryMode => "membersCanShareHistory",
        O::GetMembershipApproval | O::SetMembershipApproval => "newMembersApprovalRequired",
        _ => "adminsOnly",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_are_indexed_by_operation() {
        for (i, r) in ROUTES.iter().enumerate() {
            assert_eq!(r.op as usize, i, "{:?}", r.op);
            assert_eq!(r.is_group_operation, r.op.is_group_operation());
        }
        assert_eq!(GROUP_METHODS.len(), GROUP_OPERATION_COUNT);
        assert_eq!(GROUP_METHODS[0], ("create", &[("name", ArgKind::str), ("participants", ArgKind::opt_ids)][..]));
        assert_eq!(GROUP_METHODS.last().map(|m| m.0), Some("demote"));
    }

    #[test]
    fn answers_nested_past_the_limit_are_decode_errors() {
        let deep = format!(r#"{{"id": "1@g.us", "x": {}{}}}"#, "[".repeat(200), "]".repeat(200));
        let err = decode_json(Operation::GetGroup, Answer::new(&deep), AsValue).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::Decode);
    }

    #[test]
    fn outputs_are_the_bindings_json() {
        let json = |op: Operation, text: &str| decode_json(op, Answer::new(text), AsValue).unwrap();
        assert_eq!(json(Operation::SetSubject, "true"), json!({"accepted": true}));
        assert_eq!(json(Operation::GetMemberAddMode, r#"{"membersCanAddNewMember": true}"#), json!({"value": true}));
        assert_eq!(json(Operation::CountGroups, r#"{"count": 3}"#), json!({"count": 3}));
        assert_eq!(json(Operation::JoinGroup, ""), json!({"id": null}));
        assert_eq!(json(Operation::GetPicture, r#"{"url": ""}"#), json!({"url": null}));
        let code = json(Operation::GetInviteCode, "https://chat.whatsapp.com/AbC");
        assert_eq!(code, json!({"code": "AbC", "url": "https://chat.whatsapp.com/AbC"}));
    }
}
