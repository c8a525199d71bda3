//! Group settings: picture, subject, description and the admin-only / approval flags.

use serde_json::json;
use waha_groups::engine::waha::ChatPictureResponse;
use waha_groups::routes::Operation as Op;

use super::Cx;
use super::bodies::{DescriptionBody, FlagsBody, PictureFile, SubjectBody};
use crate::persona::errors::{self, Reply};
use crate::persona::{self, Body};
use crate::state::{Field, GroupState, Outcome, Refusal};

pub(super) fn picture(cx: &mut Cx) -> Reply {
    match cx.world.visible(&cx.me, &cx.id) {
        Ok(g) => Reply::ok(200, persona::body(&ChatPictureResponse { url: g.picture.clone() })),
        Err(r) => cx.refused(r),
    }
}

pub(super) fn set_picture(cx: &mut Cx, file: PictureFile) -> Reply {
    let uploaded = || format!("https://pps.whatsapp.net/mock/{}.jpg", persona::user(&cx.id));
    let Some(url) = file.url.0.or_else(|| file.data.0.map(|_| uploaded())) else {
        return cx.fail(errors::type_error("url"));
    };
    let outcome = cx.world.update(&cx.me, &cx.id, Field::Picture, |g| g.picture = Some(url));
    cx.apply(outcome, |_, ()| Reply::ok(200, super::success()))
}

pub(super) fn delete_picture(cx: &mut Cx) -> Reply {
    let outcome = cx.world.update(&cx.me, &cx.id, Field::Picture, |g| g.picture = None);
    cx.apply(outcome, |_, ()| Reply::ok(200, super::success()))
}

pub(super) fn set_subject(cx: &mut Cx, body: SubjectBody) -> Reply {
    let Some(subject) = body.subject.0 else { return cx.fail(errors::type_error("subject")) };
    let outcome = cx.world.update(&cx.me, &cx.id, Field::Subject, |g| g.subject = subject);
    setter_answer(cx, outcome)
}

pub(super) fn set_description(cx: &mut Cx, body: DescriptionBody) -> Reply {
    let Some(description) = body.description.0 else { return cx.fail(errors::type_error("description")) };
    let outcome = cx.world.update(&cx.me, &cx.id, Field::Description, |g| g.description = description);
    setter_answer(cx, outcome)
}

/// The settings setters; a flag that is not a boolean is `false`.
pub(super) fn set_flag(cx: &mut Cx, op: Op, body: FlagsBody) -> Reply {
    let (field, value, set): (Field, _, fn(&mut GroupState, bool)) = match op {
        Op::SetInfoAdminOnly => (Field::InfoAdminOnly, body.admins_only, |g, v| g.info_admin_only = v),
        Op::SetMessagesAdminOnly => (Field::MessagesAdminOnly, body.admins_only, |g, v| g.messages_admin_only = v),
        Op::SetMemberAddMode => (Field::MembersCanAdd, body.members_can_add_new_member, |g, v| g.members_can_add = v),
        Op::SetMemberShareHistoryMode => {
            (Field::MembersCanShareHistory, body.members_can_share_history, |g, v| g.members_can_share_history = v)
        }
        _ => (Field::ApprovalRequired, body.new_members_approval_required, |g, v| g.approval_required = v),
    };
    let value = value.0.unwrap_or(false);
    let outcome = cx.world.update(&cx.me, &cx.id, field, |g| set(g, value));
    setter_answer(cx, outcome)
}

/// A setter's answer: the persona's success, or (WEBJS) text `false` when a non-admin tries.
fn setter_answer(cx: &mut Cx, outcome: Outcome<()>) -> Reply {
    match outcome {
        Err(Refusal::NotAuthorized) if persona::refuses_with_false(cx.engine) => {
            Reply::ok(200, Body::Text("false".into()))
        }
        other => cx.apply(other, |cx, ()| Reply::ok(200, persona::setter_ok(cx.engine))),
    }
}

/// The settings getters: `{<the flag's field>: value}`.
pub(super) fn flag(cx: &mut Cx, op: Op) -> Reply {
    match cx.world.visible(&cx.me, &cx.id) {
        Ok(g) => {
            let value = match op {
                Op::GetInfoAdminOnly => g.info_admin_only,
                Op::GetMessagesAdminOnly => g.messages_admin_only,
                Op::GetMemberAddMode => g.members_can_add,
                Op::GetMemberShareHistoryMode => g.members_can_share_history,
                _ => g.approval_required,
            };
            Reply::ok(200, Body::Json(json!({ waha_groups::ops::flag_field(op): value })))
        }
        Err(r) => cx.refused(r),
    }
}
