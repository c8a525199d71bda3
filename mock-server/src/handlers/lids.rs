//! The `@lid` directory: list, count and both lookups.

use waha_groups::ContactId;
use waha_groups::engine::waha::LidToPhoneNumber;

use super::{Cx, last, lid_mapping};
use crate::persona;
use crate::persona::errors::Reply;

pub(super) fn list(cx: &mut Cx) -> Reply {
    let limit = last(cx.query, "limit").and_then(|v| v.parse().ok()).unwrap_or(usize::MAX);
    let offset = last(cx.query, "offset").and_then(|v| v.parse().ok()).unwrap_or(0);
    let list: Vec<LidToPhoneNumber> = cx
        .world
        .directory()
        .iter()
        .skip(offset)
        .take(limit)
        .map(|(pn, lid)| lid_mapping(Some(lid.clone()), Some(pn.clone())))
        .collect();
    Reply::ok(200, persona::body(&list))
}

pub(super) fn count(cx: &mut Cx) -> Reply {
    Reply::ok(200, super::count(cx.world.directory().len()))
}

/// `…/lids/{lid}`: the phone number behind a lid (the `:device` part is ignored).
pub(super) fn phone_number(cx: &mut Cx) -> Reply {
    let lid = cx.params[1].split(':').next().unwrap_or_default().to_owned();
    let lid = if lid.contains('@') { lid } else { format!("{lid}@lid") };
    let pn = cx.world.phone_of(&lid).map(str::to_owned);
    Reply::ok(200, persona::body(&lid_mapping(Some(lid), pn)))
}

/// `…/lids/pn/{phone}`: the lid of a phone number.
pub(super) fn lid(cx: &mut Cx) -> Reply {
    let pn = ContactId::parse(&cx.params[1]).map(String::from).unwrap_or_else(|_| cx.params[1].clone());
    let lid = cx.world.lid(&pn).map(str::to_owned);
    Reply::ok(200, persona::body(&lid_mapping(lid, Some(pn))))
}
