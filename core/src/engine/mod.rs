//! Wire shapes per engine, written once as serde structs, and their normalisation into
//! [`crate::model`].
//!
//! [`webjs`], [`noweb`], [`gows`] and [`waha`] hold one struct per shape WAHA sends; they
//! derive `Deserialize` (what the client reads), `Serialize` (what a mock can write) and
//! `JsonSchema` (what [`crate::schema`] documents), and `From<wire> for model` converts.
//!
//! The client never needs to be told the engine: an object's keys say which struct reads it
//! (GOWS objects are PascalCase with `JID`; WEBJS/WPP objects carry `groupMetadata`, `gid`
//! or `{_serialized}` ids; NOWEB objects are Baileys' camelCase with string ids; the
//! normalised v2 shapes carry `role`). Decoding is tolerant: unknown fields are ignored,
//! missing fields and scalars of another kind become `None` ([`loose`]), hollow objects
//! decode to empty values, and only a shape that cannot possibly be the answer is a
//! [`crate::ErrorKind::Decode`] error. Every model's `raw` is the exact slice of the answer.
//!
//! Layer: wire shapes; it may import the foundation and `model`.

use serde::Deserialize;
use serde::de::{DeserializeOwned, IgnoredAny};
use serde_json::value::RawValue;
use std::ops::Range;

use crate::error::{Error, Result};
use crate::ids::{InviteCode, is_group_id};
use crate::model::{
    Environment, Group, GroupJoinInfo, JoinRequest, JoinRequestOutcome, LidMapping, MeInfo, Participant,
    ParticipantList, ParticipantOutcome, Raw, SessionInfo,
};

pub mod gows;
pub mod loose;
pub mod noweb;
mod outcome;
mod probe;
mod reading;
pub(crate) mod text;

pub mod waha;
pub mod webjs;
mod words;

pub use crate::time::timestamp_ms;
pub(crate) use probe::{Probe, Shape};
use reading::{First, Reading, Whole};
pub use text::{MAX_NESTING, nesting_ok};
pub(crate) use text::{accepted, read, valid_json};
use text::{each, entries, items, lead, or_null, whole};

// ---- groups ----

/// Scans an object's keys; invalid JSON is a `Decode` error with serde's error as its source.
fn probe(json: &str) -> Result<Probe> {
    match Probe::scan(json) {
        Some(probe) => Ok(probe),
        None => Err(whole(json).err().unwrap_or_else(|| Error::decode("response is not JSON", json))),
    }
}

/// [`probe`] of the value `json` starts with.
fn probe_first(json: &str) -> Result<Probe> {
    match Probe::scan_first(json) {
        Some(probe) => Ok(probe),
        None => Err(First::default()
            .read::<IgnoredAny>(json, "group")
            .err()
            .unwrap_or_else(|| Error::decode("response is not JSON", json))),
    }
}

/// The fields of a group object from any engine (`probe` is its scan), read as `reading`
/// says; `raw` is left for the caller.
fn group_fields(json: &str, probe: Probe, reading: &impl Reading) -> Result<Group> {
    if !probe.is_object() {
        return Err(Error::decode("group: expected a JSON object", json));
    }
    const WHAT: &str = "group";
    Ok(match probe.group_shape() {
        Shape::Gows => reading.read::<gows::GowsGroupInfo>(json, WHAT)?.into(),
        Shape::Webjs if probe.has_gid() => reading.read::<webjs::WebjsCreateGroupResult>(json, WHAT)?.into(),
        Shape::Webjs if probe.has_group_metadata() => reading.read::<webjs::WebjsGroupChat>(json, WHAT)?.into(),
        Shape::Webjs => reading.read::<webjs::WebjsGroupMetadata>(json, WHAT)?.into(),
        _ => reading.read::<noweb::NowebGroupMetadata>(json, WHAT)?.into(),
    })
}

/// A group whose id must be a `…@g.us` id; `raw` is left for the caller.
fn checked_group(json: &str, probe: Probe, reading: &impl Reading) -> Result<Group> {
    let g = group_fields(json, probe, reading)?;
    if !is_group_id(&g.id) {
        return Err(Error::decode("group: the answer has no \"…@g.us\" id", json));
    }
    Ok(g)
}

/// One group from any engine's group object.
///
/// A decoded group always has a `…@g.us` id: a 2xx answer that is no group at all — WAHA
/// sometimes answers a failed `create` with `{"error": "…"}` or a bare string — is an
/// [`crate::ErrorKind::Engine`] error carrying WAHA's text, never an empty `Group`.
///
/// ```
/// use waha_groups::engine::group;
/// let g = group(r#"{"JID": "1@g.us", "Name": "Team", "Participants": null}"#).unwrap();
/// assert_eq!((g.id.as_str(), g.subject.as_str()), ("1@g.us", "Team"));
/// let err = group(r#"{"error": "not-authorized"}"#).unwrap_err();
/// assert_eq!((err.kind(), err.message()), (waha_groups::ErrorKind::Engine, "not-authorized"));
/// ```
pub fn group(json: &str) -> Result<Group> {
    let json = or_null(json);
    let probe = probe(json)?;
    if let Some(text) = failure_text(json, probe) {
        return Err(Error::new(crate::ErrorKind::Engine, text).with_body(json));
    }
    Ok(Group { raw: whole(json)?, ..checked_group(json, probe, &Whole)? })
}

/// WAHA's words when a 2xx answer reports a failure instead of a group.
fn failure_text(json: &str, probe: Probe) -> Option<String> {
    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct Failure {
        error: loose::Loose<String>,
        message: loose::Loose<String>,
    }
    let text = match lead(json) {
        b'"' => serde_json::from_str::<String>(json).ok(),
        b'{' if !probe.names_a_group() => {
            let f: Failure = serde_json::from_str(json).ok()?;
            f.error.0.or(f.message.0)
        }
        _ => None,
    };
    text.filter(|t| !t.trim().is_empty())
}

/// `GET /groups`: an array (WEBJS, WPP, GOWS) or NOWEB's id-keyed map, in the order sent.
///
/// ```
/// let page = waha_groups::engine::group_list(r#"{"1@g.us": {"id": "1@g.us", "subject": "A"}}"#).unwrap();
/// assert_eq!((page[0].subject.as_str(), page[0].raw.get()), ("A", r#"{"id": "1@g.us", "subject": "A"}"#));
/// ```
pub fn group_list(json: &str) -> Result<Vec<Group>> {
    const WHAT: &str = "group list";
    let groups: Vec<&RawValue> = match lead(json) {
        b'{' => group_map(json)?,
        b'[' | b'n' => items(json, WHAT)?,
        _ => return Err(not_a_list(json)),
    };
    groups
        .into_iter()
        .map(|g| Ok(Group { raw: Raw::copy(g), ..checked_group(g.get(), probe(g.get())?, &Whole)? }))
        .collect()
}

/// [`group_list`] without each group's `raw`: every group with the range of its text in `json`,
/// read in one pass (the typed read validates each group's text; `group_list` also cuts the
/// answer into validated `RawValue`s first, a fifth of its time). For callers that keep the
/// answer and take each `raw` from it.
///
/// ```
/// let json = r#"[{"id": "1@g.us", "subject": "A"}, {"id": "2@g.us"}]"#;
/// let page = waha_groups::engine::group_list_ranges(json).unwrap();
/// assert_eq!((page[0].0.subject.as_str(), page[0].0.raw.get()), ("A", "null"));
/// assert_eq!(&json[page[1].1.clone()], r#"{"id": "2@g.us"}"#);
/// ```
pub fn group_list_ranges(json: &str) -> Result<Vec<(Group, Range<usize>)>> {
    let start = json.as_ptr() as usize;
    match lead(json) {
        b'{' => group_map(json)?
            .into_iter()
            .map(|g| {
                let at = g.get().as_ptr() as usize - start;
                Ok((checked_group(g.get(), probe(g.get())?, &Whole)?, at..at + g.get().len()))
            })
            .collect(),
        b'[' | b'n' => reading::array_items(json, "group list", |item| {
            let first = First::default();
            Ok((checked_group(item, probe_first(item)?, &first)?, first.end()))
        }),
        _ => Err(not_a_list(json)),
    }
}

/// NOWEB's id-keyed map of groups: its values in order, each a slice of `json`.
fn group_map(json: &str) -> Result<Vec<&RawValue>> {
    match probe::group_map(json) {
        Ok(Some(values)) => Ok(values),
        Ok(None) => Err(not_a_list(json)),
        Err(e) => Err(Error::decode(format!("group list: {e}"), json).with_source(e)),
    }
}

fn not_a_list(json: &str) -> Error {
    Error::decode("group list: expected an array or an id-keyed object", json)
}

/// `GET /groups/join-info`.
pub fn join_info(json: &str) -> Result<GroupJoinInfo> {
    let json = or_null(json);
    let g = group_fields(json, probe(json)?, &Whole)?;
    Ok(GroupJoinInfo {
        id: Some(g.id).filter(|id| !id.is_empty()),
        subject: Some(g.subject).filter(|s| !s.is_empty()),
        description: g.description,
        owner: g.owner,
        size: g.size.or_else(|| (!g.participants.is_empty()).then_some(g.participants.len() as u32)),
        participants: g.participants,
        approval_required: g.approval_required,
        raw: whole(json)?,
    })
}

// ---- members ----

/// One member from any shape (v1 of any engine, or v2 normalised).
fn member(json: &str) -> Result<Participant> {
    const WHAT: &str = "participant";
    let shape = Probe::scan(json).map_or(Shape::Noweb, |p| p.participant_shape());
    Ok(match shape {
        Shape::Gows => read::<gows::GowsParticipant>(json, WHAT)?.into(),
        Shape::Webjs => read::<webjs::WebjsParticipant>(json, WHAT)?.into(),
        Shape::Normalized => read::<waha::GroupParticipant>(json, WHAT)?.into(),
        Shape::Noweb => read::<noweb::NowebParticipant>(json, WHAT)?.into(),
    })
}

/// Members from an array of any member shape; `null`/empty body is an empty list.
///
/// ```
/// let ps = waha_groups::engine::participants(r#"[{"id": "1@c.us", "role": "admin"}]"#).unwrap();
/// assert!(ps[0].role.is_admin());
/// ```
pub fn participants(json: &str) -> Result<Vec<Participant>> {
    items(json, "participants")?.into_iter().map(|p| member(p.get())).collect()
}

/// `GET …/participants` (v1): the members and the whole answer.
pub fn participant_list(json: &str) -> Result<ParticipantList> {
    Ok(ParticipantList { participants: participants(json)?, raw: whole(json)? })
}

/// Results of add / remove / promote / demote in all engine shapes.
///
/// `requested` are the ids as the caller passed them: each outcome's `requested` is matched
/// through them, and answers with no per-member part (WEBJS `{"status":200}`, empty bodies)
/// get one outcome per requested id. [`ParticipantOutcome`] shows one decoded.
pub fn participant_outcomes(json: &str, requested: &[String]) -> Result<Vec<ParticipantOutcome>> {
    let (mut outcomes, lids) = outcomes_of(json, requested)?;
    outcome::match_requested(&mut outcomes, &lids, requested);
    for o in &mut outcomes {
        o.needs_invitation = o.needs_invitation();
    }
    Ok(outcomes)
}

type Outcomes = (Vec<ParticipantOutcome>, Vec<Option<String>>);

fn outcomes_of(json: &str, requested: &[String]) -> Result<Outcomes> {
    const WHAT: &str = "participant results";
    let whole = whole(json)?;
    let for_all = |ok: bool, code: Option<i64>, message: Option<String>| -> Outcomes {
        let outcomes = requested
            .iter()
            .map(|r| {
                let mut o = outcome::new(outcome::normalized(r), None, code);
                (o.ok, o.message, o.raw) = (ok, message.clone(), whole.clone());
                o
            })
            .collect();
        (outcomes, Vec::new())
    };
    let with_raw = |(mut o, lid): (ParticipantOutcome, Option<String>), raw: &RawValue| {
        o.raw = Raw::copy(raw);
        (o, lid)
    };
    Ok(match lead(json) {
        b'[' => items(json, WHAT)?
            .into_iter()
            .map(|item| {
                let gows = Probe::scan(item.get()).is_some_and(|p| p.is_gows_outcome());
                let decoded =
                    if gows { gows::outcome(read(item.get(), WHAT)?) } else { noweb::outcome(read(item.get(), WHAT)?) };
                Ok(with_raw(decoded, item))
            })
            .collect::<Result<Vec<_>>>()?
            .into_iter()
            .unzip(),
        b'{' if Probe::scan(json).is_some_and(|p| p.has_status()) => {
            let r: webjs::WebjsStatusResult = read(json, WHAT)?;
            let code = r.status.int();
            for_all(code == Some(200), code, r.message.text())
        }
        b'{' => entries(json, WHAT)?
            .into_iter()
            .map(|(id, item)| Ok(with_raw((webjs::add_outcome(&id, read(item.get(), WHAT)?), None), item)))
            .collect::<Result<Vec<_>>>()?
            .into_iter()
            .unzip(),
        b'"' => for_all(false, None, serde_json::from_str(json).ok()),
        _ => for_all(true, None, None),
    })
}

// ---- join requests, lids, sessions, small answers ----

/// `GET …/participants/join-requests`.
pub fn join_requests(json: &str) -> Result<Vec<JoinRequest>> {
    each::<waha::GroupJoinRequest, _>(json, "join requests", |m, raw| m.raw = raw)
}

/// `POST …/join-requests/approve|reject`.
pub fn join_request_outcomes(json: &str) -> Result<Vec<JoinRequestOutcome>> {
    each::<waha::GroupJoinRequestResult, _>(json, "join request results", |m, raw| m.raw = raw)
}

/// `{"lid": "...", "pn": "..."}`.
pub fn lid_mapping(json: &str) -> Result<LidMapping> {
    read::<waha::LidToPhoneNumber>(or_null(json), "lid mapping")?
        .mapping()
        .ok_or_else(|| Error::decode("lid mapping: missing \"lid\"", json))
}

/// `GET /lids`: an array of mappings.
pub fn lid_mappings(json: &str) -> Result<Vec<LidMapping>> {
    items(json, "lids")?.into_iter().map(|item| lid_mapping(item.get())).collect()
}

/// `MeInfo`; `null` means not authenticated.
pub fn me_info(json: &str) -> Result<Option<MeInfo>> {
    Ok(read::<Option<waha::WireMeInfo>>(or_null(json), "me")?.and_then(waha::WireMeInfo::me))
}

/// `SessionInfo`.
pub fn session_info(json: &str) -> Result<SessionInfo> {
    let s: waha::WireSessionInfo = read(or_null(json), "session")?;
    let name = s.name.text().ok_or_else(|| Error::decode("session: missing \"name\"", json))?;
    Ok(SessionInfo {
        name,
        status: s.status.text().unwrap_or_default(),
        me: s.me.and_then(waha::WireMeInfo::me),
        engine: s.engine.and_then(|e| e.engine.0),
        raw: whole(json)?,
    })
}

/// `GET /api/sessions`.
pub fn session_infos(json: &str) -> Result<Vec<SessionInfo>> {
    items(json, "sessions")?.into_iter().map(|item| session_info(item.get())).collect()
}

/// `WAHAEnvironment`.
pub fn environment(json: &str) -> Result<Environment> {
    Ok(read::<waha::WahaEnvironment>(or_null(json), "environment")?.into())
}

/// `{"count": n}`.
pub fn count(json: &str) -> Result<u64> {
    let c: Option<waha::CountResponse> = serde_json::from_str(or_null(json)).ok();
    c.map(|c| c.count).ok_or_else(|| Error::decode("expected {\"count\": n}", json))
}

/// `{"id": "…@g.us"}` from `POST /groups/join`; `None` when the engine returned nothing.
pub fn joined_group_id(json: &str) -> Result<Option<String>> {
    if lead(json) != b'{' {
        whole(json)?;
        return Ok(None);
    }
    Ok(read::<waha::JoinGroupResponse>(json, "join")?.id.text())
}

/// `{"url": string|null}`; an empty string also means "no picture".
pub fn picture_url(json: &str) -> Result<Option<String>> {
    let answer: Option<waha::ChatPictureResponse> = serde_json::from_str(json).ok();
    let answer = answer.ok_or_else(|| Error::decode("expected {\"url\": string|null}", json))?;
    Ok(answer.url.filter(|url| !url.is_empty()))
}

/// A settings answer such as `{"adminsOnly": true}`, read with its wire struct `W`.
pub fn flag<W: DeserializeOwned + Into<bool>>(json: &str, field: &str) -> Result<bool> {
    let answer: Option<W> = serde_json::from_str(json).ok();
    answer.map(Into::into).ok_or_else(|| Error::decode(format!("expected {{\"{field}\": bool}}"), json))
}

/// Invite code from `GET …/invite-code` text (bare code, URL, or a JSON string).
pub fn invite_code(text: &str) -> Result<InviteCode> {
    let text = text.trim();
    let unquoted = serde_json::from_str::<String>(text).unwrap_or_else(|_| text.to_owned());
    InviteCode::parse(&unquoted).map_err(|e| Error::decode(format!("invite code: {}", e.message()), text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_is_the_exact_slice() {
        let page = group_list("[ {\"id\": \"1@g.us\",  \"subject\": \"\\u00e9\"} ]").unwrap();
        assert_eq!(page[0].raw.get(), "{\"id\": \"1@g.us\",  \"subject\": \"\\u00e9\"}");
        assert_eq!(page[0].subject, "é");
        let g = group(" {\"JID\": \"2@g.us\"} \n").unwrap();
        assert_eq!(g.raw.get(), "{\"JID\": \"2@g.us\"}");
    }

    #[test]
    fn list_ranges_match_the_list_on_every_fixture_and_odd_spacing() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/rest");
        let mut bodies = vec![
            " [ {\"id\": \"1@g.us\",  \"subject\": \"\\u00e9 ]\"} ,\n{\"JID\": \"2@g.us\"}] ".to_owned(),
            r#"{"1@g.us": {"id": "1@g.us", "subject": "A"}, "2@g.us": {"id": "2@g.us"}}"#.to_owned(),
            "null".to_owned(),
            String::new(),
        ];
        for engine in ["webjs", "wpp", "noweb", "gows"] {
            for file in ["list.json", "list-exclude-participants.json"] {
                bodies.extend(std::fs::read_to_string(dir.join(engine).join(file)).ok());
            }
        }
        assert!(bodies.len() >= 9, "the fixtures were found");
        for body in &bodies {
            let page = group_list(body).unwrap();
            let ranges = group_list_ranges(body).unwrap();
            assert_eq!(page.len(), ranges.len());
            for (g, (ranged, range)) in page.iter().zip(ranges) {
                assert_eq!((g.raw.get(), ranged.raw.get()), (&body[range], "null"));
                assert_eq!(*g, Group { raw: g.raw.clone(), ..ranged });
            }
        }
        for (json, says) in [
            ("[{\"id\": \"1@g.us\"} {}]", "group list: expected `,` or `]`"),
            ("[{\"id\": \"1@g.us\"}] []", "group list: trailing characters"),
            ("[{\"id\": \"1@g.us\"", "group: EOF while parsing"),
            ("[{\"id\": \"1@g.us\"}", "group list: expected `,` or `]`"),
            ("[{\"id\": \"1@g.us\", }]", "group: "),
            ("[{\"subject\": \"no id\"}]", "group: the answer has no"),
            ("[5]", "group: expected a JSON object"),
            ("7", "group list: expected an array or an id-keyed object"),
        ] {
            let err = group_list_ranges(json).unwrap_err();
            assert_eq!(err.kind(), crate::ErrorKind::Decode, "{json}");
            assert!(err.message().starts_with(says), "{json}: {}", err.message());
            assert!(group_list(json).is_err(), "{json}");
        }
    }

    #[test]
    fn odd_scalars_are_ignored_but_wrong_structures_are_errors() {
        let g = group(r#"{"id": "1@g.us", "subject": 5, "announce": "yes", "size": -1, "creation": [1]}"#).unwrap();
        assert_eq!((g.subject.as_str(), g.messages_admin_only, g.size, g.created_at), ("", None, None, None));
        let err = group(r#"{"id": "1@g.us", "participants": "none"}"#).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::Decode);
        assert!(err.message().starts_with("group: invalid type"), "{}", err.message());
    }

    #[test]
    fn not_a_group() {
        for (json, kind) in [
            ("", crate::ErrorKind::Decode),
            ("[]", crate::ErrorKind::Decode),
            (r#"{"subject": "no id"}"#, crate::ErrorKind::Decode),
            (r#""Group could not be created""#, crate::ErrorKind::Engine),
            (r#"{"message": "rate-overlimit"}"#, crate::ErrorKind::Engine),
        ] {
            assert_eq!(group(json).unwrap_err().kind(), kind, "{json}");
        }
    }
}
