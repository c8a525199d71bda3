//! One handler per WAHA operation, each with its typed request body ([`bodies`]): the world
//! operation, its events, and the persona's answer. The pipeline has already checked the key,
//! the route, faults, the session and the query when a handler runs.

use std::collections::BTreeMap;

use serde_json::Value;
use waha_groups::Engine;
use waha_groups::engine::loose::Loose;
use waha_groups::engine::waha::{CountResponse, LidToPhoneNumber, SuccessResponse};
use waha_groups::routes::Operation as Op;

use crate::events::{self, Outbox};
use crate::persona::errors::{self, Reply, RequestInfo};
use crate::persona::{self, Body, RenderCache};
use crate::state::{Outcome, Refusal, World};

pub(crate) mod bodies;
mod groups;
mod lids;
mod members;
pub(crate) mod server;
mod settings;

/// The query, each name with its values in order.
pub(crate) type Query = BTreeMap<String, Vec<String>>;

/// The last value of `name` in the query.
pub(crate) fn last<'a>(query: &'a Query, name: &str) -> Option<&'a str> {
    query.get(name).and_then(|v| v.last()).map(String::as_str)
}

/// What a handler works with.
pub(crate) struct Cx<'a> {
    pub engine: &'a Engine,
    pub world: &'a mut World,
    pub outbox: Outbox<'a>,
    pub render_cache: &'a mut RenderCache,
    /// The session's account (phone id).
    pub me: String,
    /// The group id of the path (empty when it has none).
    pub id: String,
    /// The path's parameters (session first).
    pub params: &'a [String],
    pub query: &'a Query,
    /// The request as WAHA's 500 bodies echo it (built only when one is rendered).
    pub request: &'a dyn Fn() -> RequestInfo,
}

impl Cx<'_> {
    /// WAHA's 500 for an exception thrown by its handler.
    pub fn fail(&self, exception: Value) -> Reply {
        let now = errors::iso(self.world.ids().now_ms());
        errors::exception(self.engine, &(self.request)(), &now, exception)
    }

    /// The answer to a change the world refused, in the persona's words.
    pub fn refused(&self, refusal: Refusal) -> Reply {
        match refusal {
            Refusal::GroupNotFound(id) => self.fail(errors::group_not_found_exception(self.engine, &id)),
            Refusal::NotAuthorized => self.fail(errors::not_authorized_exception(self.engine)),
            Refusal::InviteNotFound => self.fail(errors::invite_not_found_exception(self.engine)),
            Refusal::BadInput(field) => self.fail(errors::type_error(&field)),
            Refusal::RateOverlimit => self.fail(errors::rate_overlimit_exception()),
        }
    }

    /// The answer to a change: `reply` reads the world after it, then its events go out.
    pub fn apply<T>(&mut self, outcome: Outcome<T>, reply: impl FnOnce(&mut Self, T) -> Reply) -> Reply {
        match outcome {
            Ok((value, changes)) => {
                let answer = reply(self, value);
                events::emit(&mut self.outbox, self.world, changes);
                answer
            }
            Err(refusal) => self.refused(refusal),
        }
    }
}

/// Runs the handler of `op` (an operation of a working session).
pub(crate) fn handle(cx: &mut Cx, op: Op, body: Option<&Value>) -> Reply {
    match op {
        Op::CreateGroup => groups::create(cx, bodies::read(body)),
        Op::ListGroups => groups::list(cx),
        Op::CountGroups => groups::count(cx),
        Op::RefreshGroups => Reply::ok(200, success()),
        Op::JoinInfo => groups::join_info(cx),
        Op::JoinGroup => groups::join(cx, bodies::read(body)),
        Op::GetGroup => groups::get(cx),
        Op::DeleteGroup => groups::delete(cx),
        Op::LeaveGroup => groups::leave(cx),
        Op::GetInviteCode => groups::invite_code(cx),
        Op::RevokeInviteCode => groups::revoke_invite_code(cx),
        Op::GetPicture => settings::picture(cx),
        Op::SetPicture => settings::set_picture(cx, bodies::read(body.and_then(|b| b.get("file")))),
        Op::DeletePicture => settings::delete_picture(cx),
        Op::SetSubject => settings::set_subject(cx, bodies::read(body)),
        Op::SetDescription => settings::set_description(cx, bodies::read(body)),
        Op::SetInfoAdminOnly
        | Op::SetMessagesAdminOnly
        | Op::SetMemberAddMode
        | Op::SetMemberShareHistoryMode
        | Op::SetMembershipApproval => settings::set_flag(cx, op, bodies::read(body)),
        Op::GetInfoAdminOnly
        | Op::GetMessagesAdminOnly
        | Op::GetMemberAddMode
        | Op::GetMemberShareHistoryMode
        | Op::GetMembershipApproval => settings::flag(cx, op),
        Op::Participants | Op::ParticipantsV2 => members::list(cx, op),
        Op::AddParticipants | Op::RemoveParticipants | Op::PromoteParticipants | Op::DemoteParticipants => {
            members::change(cx, op, bodies::read(body))
        }
        Op::JoinRequests => members::join_requests(cx),
        Op::ApproveJoinRequests | Op::RejectJoinRequests => members::answer_requests(cx, op, bodies::read(body)),
        Op::ListLids => lids::list(cx),
        Op::CountLids => lids::count(cx),
        Op::LidToPhoneNumber => lids::phone_number(cx),
        Op::PhoneNumberToLid => lids::lid(cx),
        Op::Ping | Op::Health | Op::Version | Op::ServerVersion | Op::ListSessions | Op::GetSession | Op::GetMe => {
            unreachable!("the pipeline answers {op:?} without a working session (server::answer)")
        }
    }
}

/// `{"count": n}`.
pub(crate) fn count(n: usize) -> Body {
    persona::body(&CountResponse { count: n as u64 })
}

/// `{"success": true}`.
pub(crate) fn success() -> Body {
    persona::body(&SuccessResponse { success: true })
}

/// A lid ↔ phone number pair.
pub(crate) fn lid_mapping(lid: Option<String>, pn: Option<String>) -> LidToPhoneNumber {
    LidToPhoneNumber { lid: Loose(lid), pn: Loose(pn) }
}
