//! Typed request bodies, read the way WAHA's handlers read them: every field is optional and of
//! any JSON kind, because WAHA does not validate these DTOs — a missing or mistyped field is
//! found by the handler (which then fails the way WAHA's code does), never by the parser.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeOwned, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use waha_groups::ContactId;
use waha_groups::engine::loose::Loose;

use crate::persona::errors;

/// `body` read as `T`; anything but a JSON object (or no body at all) reads as empty.
pub(crate) fn read<T: DeserializeOwned + Default>(body: Option<&Value>) -> T {
    body.filter(|b| b.is_object()).and_then(|b| T::deserialize(b).ok()).unwrap_or_default()
}

/// `POST /groups`.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct CreateBody {
    pub name: Loose<String>,
    pub participants: Members,
}

/// Add, remove, promote, demote; approve and reject join requests.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct ParticipantsBody {
    pub participants: Members,
}

/// `POST /groups/join`.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct JoinBody {
    pub code: Loose<String>,
}

/// `PUT …/subject`.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct SubjectBody {
    pub subject: Loose<String>,
}

/// `PUT …/description`.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct DescriptionBody {
    pub description: Loose<String>,
}

/// The `file` of `PUT …/picture`: `{url}` or `{data, mimetype}`.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct PictureFile {
    pub url: Loose<String>,
    pub data: Loose<String>,
}

/// The settings setters, each of which reads one of these flags (a non-boolean is `false`).
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct FlagsBody {
    pub admins_only: Loose<bool>,
    pub members_can_add_new_member: Loose<bool>,
    pub members_can_share_history: Loose<bool>,
    pub new_members_approval_required: Loose<bool>,
}

/// `participants`: `None` unless it is an array (WAHA then fails on `.map`).
#[derive(Default)]
pub(crate) struct Members(pub Option<Vec<MemberRef>>);

impl Members {
    /// The ids, as WAHA reads them: not an array → its `TypeError` on `.map`; an id that is not
    /// a contact → Baileys' 400 "bad-request" boom. The error is the exception WAHA throws.
    pub(crate) fn ids(self) -> Result<Vec<String>, Value> {
        let list = self.0.ok_or_else(|| errors::type_error("map"))?;
        list.into_iter()
            .map(|m| {
                ContactId::parse(&m.0).map(String::from).map_err(
                    |_| serde_json::json!({"message": "bad-request", "data": 400, "isBoom": true, "isServer": false}),
                )
            })
            .collect()
    }
}

/// One entry of `participants`: `{"id": …}` or a bare id; `""` for anything else.
pub(crate) struct MemberRef(pub String);

impl<'de> Deserialize<'de> for Members {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct MembersVisitor;
        impl<'de> Visitor<'de> for MembersVisitor {
            type Value = Members;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Members, A::Error> {
                let mut list = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                while let Some(member) = seq.next_element()? {
                    list.push(member);
                }
                Ok(Members(Some(list)))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Members(None))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Members, E> {
                Ok(Members(None))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Members, E> {
                Ok(Members(None))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Members, E> {
                Ok(Members(None))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Members, E> {
                Ok(Members(None))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Members, E> {
                Ok(Members(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Members, E> {
                Ok(Members(None))
            }
        }
        d.deserialize_any(MembersVisitor)
    }
}

impl<'de> Deserialize<'de> for MemberRef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct MemberVisitor;
        impl<'de> Visitor<'de> for MemberVisitor {
            type Value = MemberRef;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_str<E: de::Error>(self, id: &str) -> Result<MemberRef, E> {
                Ok(MemberRef(id.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<MemberRef, A::Error> {
                let mut id = String::new();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "id" => id = map.next_value::<Loose<String>>()?.0.unwrap_or_default(),
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(MemberRef(id))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<MemberRef, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(MemberRef(String::new()))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<MemberRef, E> {
                Ok(MemberRef(String::new()))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<MemberRef, E> {
                Ok(MemberRef(String::new()))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<MemberRef, E> {
                Ok(MemberRef(String::new()))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<MemberRef, E> {
                Ok(MemberRef(String::new()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<MemberRef, E> {
                Ok(MemberRef(String::new()))
            }
        }
        d.deserialize_any(MemberVisitor)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn fields_of_any_kind_read_as_absent_never_as_an_error() {
        let body = json!({"name": 5, "participants": [{"id": "1@c.us"}, "2@c.us", {"id": 3}, [], null]});
        let create: CreateBody = read(Some(&body));
        assert_eq!(create.name.0, None);
        let ids: Vec<String> = create.participants.0.unwrap().into_iter().map(|m| m.0).collect();
        assert_eq!(ids, ["1@c.us", "2@c.us", "", "", ""]);
        let not_a_list: ParticipantsBody = read(Some(&json!({"participants": "1@c.us"})));
        assert!(not_a_list.participants.0.is_none());
        let not_an_object: JoinBody = read(Some(&json!(["code"])));
        assert_eq!(not_an_object.code.0, None);
        let flags: FlagsBody = read(Some(&json!({"adminsOnly": true, "newMembersApprovalRequired": "yes"})));
        assert_eq!((flags.admins_only.0, flags.new_members_approval_required.0), (Some(true), None));
    }
}
