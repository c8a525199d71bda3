//! Group handlers: create, list, count, get, join, leave, delete, invite codes.

use waha_groups::engine::loose::Loose;
use waha_groups::engine::waha::JoinGroupResponse;
use waha_groups::{Engine, InviteCode};

use super::bodies::{CreateBody, JoinBody};
use super::{Cx, last};
use crate::persona::errors::{self, Reply};
use crate::persona::{self, Body};
use crate::state::{Order, Refusal};

pub(super) fn create(cx: &mut Cx, body: CreateBody) -> Reply {
    let Some(name) = body.name.0 else { return cx.fail(errors::type_error("name")) };
    let participants = match body.participants.ids() {
        Ok(p) => p,
        Err(e) => return cx.fail(e),
    };
    let outcome = cx.world.create(&cx.me, &name, &participants);
    cx.apply(outcome, |cx, (group, results)| Reply::ok(201, persona::created(cx.engine, &group, &results, cx.world)))
}

pub(super) fn list(cx: &mut Cx) -> Reply {
    let engine = cx.engine;
    // WEBJS/WPP: WAHA's in-memory sorter cannot resolve the nested fields (spec §2.3.2): no-op.
    let order = match last(cx.query, "sortBy") {
        Some("subject") if !engine.is_browser() => Order::Subject,
        Some("id") if !engine.is_browser() => Order::Id,
        _ => Order::Creation,
    };
    let descending = order != Order::Creation && last(cx.query, "sortOrder") == Some("desc");
    let number = |name| last(cx.query, name).and_then(|v| v.parse::<f64>().ok()).map(|v| v as usize);
    let limit = number("limit");
    // In-memory paginators (WEBJS/WPP/GOWS) ignore offset without limit (spec §6.10).
    let offset = if limit.is_none() && *engine != Engine::Noweb { 0 } else { number("offset").unwrap_or(0) };
    let exclude = cx.query.get("exclude").is_some_and(|v| v.iter().any(|x| x == "participants"));
    let view = cx.world.list_view(&cx.me, order);
    let take = limit.unwrap_or(usize::MAX);
    let ids: Vec<&String> = if descending {
        view.iter().rev().skip(offset).take(take).collect()
    } else {
        view.iter().skip(offset).take(take).collect()
    };
    let page: Vec<_> = ids.into_iter().filter_map(|id| cx.world.groups().get(id)).collect();
    Reply::ok(200, Body::Raw(persona::group_list(cx.render_cache, engine, &page, cx.world, exclude)))
}

pub(super) fn count(cx: &mut Cx) -> Reply {
    Reply::ok(200, super::count(cx.world.list_view(&cx.me, Order::Creation).len()))
}

pub(super) fn join_info(cx: &mut Cx) -> Reply {
    let Some(code) = last(cx.query, "code") else { return cx.fail(errors::type_error("split")) };
    let code = code.rsplit('/').next().unwrap_or_default();
    match cx.world.by_invite(code) {
        Ok(g) => Reply::ok(200, persona::join_info(cx.engine, g, cx.world)),
        Err(r) => cx.refused(r),
    }
}

pub(super) fn join(cx: &mut Cx, body: JoinBody) -> Reply {
    let Some(code) = body.code.0 else { return cx.fail(errors::type_error("code")) };
    let code = code.rsplit('/').next().unwrap_or_default().to_owned();
    if InviteCode::parse(&code).is_err() {
        return cx.refused(Refusal::InviteNotFound);
    }
    let outcome = cx.world.join(&cx.me, &code);
    cx.apply(outcome, |_, joined| Reply::ok(200, persona::body(&JoinGroupResponse { id: Loose(joined) })))
}

pub(super) fn get(cx: &mut Cx) -> Reply {
    match cx.world.visible(&cx.me, &cx.id) {
        Ok(g) => Reply::ok(200, Body::Raw(cx.render_cache.group(cx.engine, g, cx.world, false).to_vec())),
        Err(r) => cx.refused(r),
    }
}

pub(super) fn delete(cx: &mut Cx) -> Reply {
    if !persona::supports_delete(cx.engine) {
        return errors::not_implemented(cx.engine);
    }
    let outcome = cx.world.delete(&cx.me, &cx.id);
    cx.apply(outcome, |_, ()| Reply::ok(200, Body::Text("true".into())))
}

pub(super) fn leave(cx: &mut Cx) -> Reply {
    let outcome = cx.world.leave(&cx.me, &cx.id);
    cx.apply(outcome, |_, ()| Reply::ok(200, Body::Empty))
}

pub(super) fn invite_code(cx: &mut Cx) -> Reply {
    match cx.world.invite_code(&cx.me, &cx.id) {
        Ok(code) => Reply::ok(200, persona::invite_code(cx.engine, &code)),
        Err(r) => cx.refused(r),
    }
}

pub(super) fn revoke_invite_code(cx: &mut Cx) -> Reply {
    let outcome = cx.world.revoke_invite(&cx.me, &cx.id);
    cx.apply(outcome, |cx, code| Reply::ok(200, persona::invite_code(cx.engine, &code)))
}
