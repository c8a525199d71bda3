//! Members: the participant lists, member changes and join requests.

use waha_groups::engine::loose::{Id, Loose, Scalar};
use waha_groups::engine::waha::{GroupJoinRequest, GroupJoinRequestResult};
use waha_groups::routes::Operation as Op;

use super::Cx;
use super::bodies::ParticipantsBody;
use crate::persona;
use crate::persona::errors::Reply;
use crate::state::Refusal;

/// `…/participants` (v1) and `…/participants/v2`.
pub(super) fn list(cx: &mut Cx, op: Op) -> Reply {
    match cx.world.visible(&cx.me, &cx.id) {
        Ok(g) if op == Op::Participants => Reply::ok(200, persona::participants_v1(cx.engine, g, cx.world)),
        Ok(g) => Reply::ok(200, persona::participants_v2(cx.engine, g, cx.world)),
        Err(r) => cx.refused(r),
    }
}

/// Add, remove, promote, demote.
pub(super) fn change(cx: &mut Cx, op: Op, body: ParticipantsBody) -> Reply {
    let participants = match body.participants.ids() {
        Ok(p) => p,
        Err(e) => return cx.fail(e),
    };
    if let Err(refusal) = cx.world.take_member_rate(&cx.me, participants.len()) {
        return cx.refused(refusal);
    }
    let (me, id) = (&cx.me, &cx.id);
    let outcome = match op {
        Op::AddParticipants => cx.world.add(me, id, &participants),
        Op::RemoveParticipants => cx.world.remove(me, id, &participants),
        _ => cx.world.set_admin(me, id, &participants, op == Op::PromoteParticipants),
    };
    let is_add = op == Op::AddParticipants;
    cx.apply(outcome, |cx, results| Reply::ok(200, persona::member_results(cx.engine, is_add, &results, cx.world)))
}

/// Pending join requests (admins only).
pub(super) fn join_requests(cx: &mut Cx) -> Reply {
    match cx.world.visible(&cx.me, &cx.id) {
        Ok(g) if !g.is_admin(&cx.me) => cx.refused(Refusal::NotAuthorized),
        Ok(g) => {
            let list: Vec<GroupJoinRequest> = g
                .requests
                .iter()
                .map(|r| GroupJoinRequest {
                    requester_id: Loose::some(Id::Text(cx.world.lid(&r.requester).unwrap_or(&r.requester).to_owned())),
                    requester_pn: Loose::some(r.requester.clone()),
                    added_by_id: Loose(r.added_by.clone().map(Id::Text)),
                    parent_group_id: Loose(None),
                    request_method: Loose::some(r.method.as_str().to_owned()),
                    timestamp: Loose::some(Scalar::Int(r.timestamp / 1000)),
                })
                .collect();
            Reply::ok(200, persona::body(&list))
        }
        Err(r) => cx.refused(r),
    }
}

/// Approve or reject join requests.
pub(super) fn answer_requests(cx: &mut Cx, op: Op, body: ParticipantsBody) -> Reply {
    let requesters = match body.participants.ids() {
        Ok(p) => p,
        Err(e) => return cx.fail(e),
    };
    let outcome = cx.world.answer_requests(&cx.me, &cx.id, &requesters, op == Op::ApproveJoinRequests);
    cx.apply(outcome, |_, results| {
        let list: Vec<GroupJoinRequestResult> = results
            .iter()
            .map(|(r, ok)| GroupJoinRequestResult {
                requester_id: Loose::some(Id::Text(r.clone())),
                success: Loose::some(*ok),
                error: Loose((!ok).then_some(404)),
            })
            .collect();
        Reply::ok(200, persona::body(&list))
    })
}
