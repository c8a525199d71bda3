//! whatsapp-web.js shapes (WEBJS and WPP).

use std::collections::HashMap;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;
use waha_groups::engine::loose::{Id, Loose, Scalar};
use waha_groups::engine::webjs::{
    WebjsAddResult, WebjsCreateGroupResult, WebjsGroupChat, WebjsGroupMetadata, WebjsParticipant, WebjsRequester,
};

use super::{secs, to_value};
use crate::state::{GroupState, MemberResult, MemberRole};

/// `{server, user, _serialized}`.
pub(super) fn wid(id: &str) -> Value {
    to_value(&Id::wid(id))
}

fn wire_participant(id: &str, role: MemberRole) -> WebjsParticipant {
    WebjsParticipant {
        id: Loose::some(Id::wid(id)),
        is_admin: Loose::some(role.is_admin()),
        is_super_admin: Loose::some(role == MemberRole::Superadmin),
    }
}

pub(super) fn participant(id: &str, role: MemberRole) -> WebjsParticipant {
    wire_participant(id, role)
}

fn members(g: &GroupState) -> Vec<WebjsParticipant> {
    g.members.iter().map(|m| wire_participant(&m.id, m.role)).collect()
}

fn count(n: usize) -> Loose<u32> {
    Loose::some(u32::try_from(n).unwrap_or(u32::MAX))
}

fn description(g: &GroupState) -> Loose<String> {
    Loose((!g.description.is_empty()).then(|| g.description.clone()))
}

pub(super) fn group_chat(g: &GroupState, exclude_participants: bool) -> WebjsGroupChat {
    let listed = !exclude_participants;
    let meta = WebjsGroupMetadata {
        id: Loose::some(Id::wid(&g.id)),
        creation: Loose::some(Scalar::Int(secs(g.created_ms))),
        owner: Loose::some(Id::wid(&g.owner)),
        subject: Loose::some(g.subject.clone()),
        subject_time: Some(secs(g.subject_ms)),
        restrict: Loose::some(g.info_admin_only),
        announce: Loose::some(g.messages_admin_only),
        no_frequently_forwarded: Some(false),
        membership_approval_mode: Loose::some(g.approval_required),
        size: count(g.members.len()),
        support: Some(false),
        suspended: Some(false),
        terminated: Some(false),
        is_lid_addressing_mode: Some(false),
        is_parent_group: Some(false),
        participants: listed.then(|| members(g)),
        pending_participants: listed.then(Vec::new),
        past_participants: listed.then(Vec::new),
        membership_approval_requests: listed
            .then(|| g.requests.iter().map(|r| WebjsRequester { id: Loose::some(Id::wid(&r.requester)) }).collect()),
        desc: description(g),
        ..WebjsGroupMetadata::default()
    };
    WebjsGroupChat {
        id: Loose::some(Id::wid(&g.id)),
        name: Loose::some(g.subject.clone()),
        is_group: Loose::some(true),
        is_read_only: Some(false),
        unread_count: Some(0),
        timestamp: Loose::some(Scalar::Int(secs(g.subject_ms))),
        archived: Some(false),
        pinned: Some(false),
        is_muted: Some(false),
        mute_expiration: Some(0),
        group_metadata: Some(meta),
        ..WebjsGroupChat::default()
    }
}

/// One member's entry; whatsapp-web.js sends the private invitation itself after a privacy
/// refusal.
fn add_entry(r: &MemberResult, created: bool) -> WebjsAddResult {
    let code = Loose::some(i64::from(r.code));
    WebjsAddResult {
        code: if created { Loose(None) } else { code.clone() },
        status_code: if created { code } else { Loose(None) },
        message: Loose::some(add_message(r.code).to_owned()),
        is_group_creator: created.then_some(false),
        is_invite_v4_sent: Loose::some(r.invite.is_some()),
    }
}

/// Per-member results keyed by the id as sent (of a create when `.1`), serialised without an
/// intermediate `Value` map (a create can carry 1,000+ members). An id sent twice is one key,
/// as in the JS object whatsapp-web.js builds: at its first place, with its last result.
pub(super) struct ResultsById<'a>(&'a [MemberResult], bool);

impl Serialize for ResultsById<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut last: HashMap<&str, &MemberResult> = self.0.iter().map(|r| (r.sent.as_str(), r)).collect();
        let mut map = s.serialize_map(Some(last.len()))?;
        for sent in self.0.iter().map(|r| r.sent.as_str()) {
            if let Some(r) = last.remove(sent) {
                map.serialize_entry(sent, &add_entry(r, self.1))?;
            }
        }
        map.end()
    }
}

pub(super) fn create_result(g: &GroupState, results: &[MemberResult]) -> Vec<u8> {
    let answer = WebjsCreateGroupResult {
        title: Loose::some(g.subject.clone()),
        gid: Loose::some(Id::wid(&g.id)),
        participants: Some(ResultsById(results, true)),
    };
    let mut out = Vec::with_capacity(256 + results.len() * 160);
    serde_json::to_writer(&mut out, &answer).expect("wire structs serialise");
    out
}

pub(super) fn invite_info(g: &GroupState) -> WebjsGroupMetadata {
    WebjsGroupMetadata {
        id: Loose::some(Id::wid(&g.id)),
        subject: Loose::some(g.subject.clone()),
        owner: Loose::some(Id::wid(&g.owner)),
        creation: Loose::some(Scalar::Int(secs(g.created_ms))),
        size: count(g.members.len()),
        participants: Some(members(g)),
        membership_approval_mode: Loose::some(g.approval_required),
        desc: description(g),
        ..WebjsGroupMetadata::default()
    }
}

pub(super) fn add_result(results: &[MemberResult]) -> ResultsById<'_> {
    ResultsById(results, false)
}

/// whatsapp-web.js' message for an add result code.
fn add_message(code: u16) -> &'static str {
    match code {
        200 => "The participant was added successfully",
        403 => "The participant can be added by sending private invitation only",
        409 => "The participant is already a group member",
        419 => "The participant can't be added because the group is full",
        _ => "The participant could not be added",
    }
}

/// whatsapp-web.js `GroupNotification` (legacy `group.join` / `group.leave`).
/// whatsapp-web.js' `GroupNotification` (the legacy `group.join` / `group.leave` payload).
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Notification<'a> {
    id: MessageKey<'a>,
    body: &'static str,
    #[serde(rename = "type")]
    kind: &'a str,
    timestamp: i64,
    chat_id: &'a str,
    author: &'a str,
    recipient_ids: &'a [String],
}

/// A message key as whatsapp-web.js serialises it.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct MessageKey<'a> {
    from_me: bool,
    remote: &'a str,
    id: String,
    participant: &'a str,
    #[serde(rename = "_serialized")]
    serialized: String,
}

pub(super) fn notification<'a>(
    g: &'a GroupState,
    kind: &'a str,
    who: &'a [String],
    author: Option<&'a str>,
    at_ms: i64,
) -> Notification<'a> {
    let author = author.unwrap_or_else(|| who.first().map_or("", String::as_str));
    let id = MessageKey {
        from_me: false,
        remote: &g.id,
        id: format!("{at_ms:X}"),
        participant: author,
        serialized: format!("false_{}_{at_ms:X}_{author}", g.id),
    };
    Notification { id, body: "", kind, timestamp: secs(at_ms), chat_id: &g.id, author, recipient_ids: who }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_sent_twice_is_one_key_with_its_last_result() {
        let result = |sent: &str, code| MemberResult { sent: sent.into(), id: sent.into(), code, invite: None };
        let results = [result("1@c.us", 200), result("2@c.us", 200), result("1@c.us", 409)];
        let text = serde_json::to_string(&ResultsById(&results, false)).unwrap();
        assert!(text.starts_with(r#"{"1@c.us":{"code":409"#), "{text}");
        assert_eq!(text.matches("1@c.us").count(), 1, "{text}");
        assert_eq!(serde_json::to_string(&add_result(&results)).unwrap(), text);
    }
}
