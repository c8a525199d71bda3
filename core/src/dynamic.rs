//! Calls by method name with JSON arguments, returning the model as JSON.
//!
//! The Python and Node bindings translate their arguments into this one entry point, so no
//! operation exists only in one language and both stay thin. Method names are the Rust
//! method names ([`crate::routes::Operation::method_name`]); argument names are snake_case.
//! Participants are accepted as strings or `{"id": ...}` objects.
//!
//! ```no_run
//! # async fn demo(client: waha_groups::Client) -> waha_groups::Result<()> {
//! use serde_json::json;
//! let groups = client.groups("default");
//! let g = waha_groups::dynamic::call_groups(&groups, "create", &json!({"name": "Team", "participants": [{"id": "111@c.us"}]})).await?;
//! println!("{}", g["id"]);
//! # Ok(()) }
//! ```

use serde::Serialize;
use serde_json::Value;

use crate::Client;
use crate::error::{Error, Result};
use crate::groups::Groups;
use crate::lids::Lids;
use crate::model::{ListGroups, PictureFile, SortBy, SortOrder};
use crate::routes::Operation;

/// Typed access to a JSON argument object, with errors that name the argument.
struct Args<'a> {
    method: &'a str,
    value: &'a Value,
}

impl<'a> Args<'a> {
    fn get(&self, name: &str) -> Option<&'a Value> {
        self.value.get(name).filter(|v| !v.is_null())
    }

    fn wrong(&self, name: &str, want: &str) -> Error {
        Error::invalid(format!("{}(): argument \"{name}\" must be {want}", self.method))
    }

    fn str(&self, name: &str) -> Result<&'a str> {
        match self.get(name) {
            Some(Value::String(s)) => Ok(s),
            Some(_) => Err(self.wrong(name, "a string")),
            None => Err(Error::invalid(format!("{}(): missing argument \"{name}\"", self.method))),
        }
    }

    fn bool(&self, name: &str) -> Result<bool> {
        match self.get(name) {
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(self.wrong(name, "a boolean")),
            None => Err(Error::invalid(format!("{}(): missing argument \"{name}\"", self.method))),
        }
    }

    fn opt_bool(&self, name: &str) -> Result<bool> {
        self.get(name).map_or(Ok(false), |_| self.bool(name))
    }

    fn opt_u32(&self, name: &str) -> Result<Option<u32>> {
        match self.get(name) {
            None => Ok(None),
            Some(v) => v
                .as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .map(Some)
                .ok_or_else(|| self.wrong(name, "a non-negative integer")),
        }
    }

    /// `["111@c.us", {"id": "222@c.us"}]` → ids (validated later by the typed method).
    fn ids(&self, name: &str) -> Result<Vec<String>> {
        let Some(Value::Array(items)) = self.get(name) else {
            return Err(self.wrong(name, "a list of ids or {\"id\": ...} objects"));
        };
        items
            .iter()
            .map(|item| match item {
                Value::String(s) => Ok(s.clone()),
                Value::Object(o) => match o.get("id") {
                    Some(Value::String(s)) => Ok(s.clone()),
                    _ => Err(self.wrong(name, "a list of ids or {\"id\": ...} objects")),
                },
                _ => Err(self.wrong(name, "a list of ids or {\"id\": ...} objects")),
            })
            .collect()
    }

    fn list_query(&self) -> Result<ListGroups> {
        let mut q = ListGroups::new();
        q.limit = self.opt_u32("limit")?;
        q.offset = self.opt_u32("offset")?;
        q.sort_by = match self.get("sort_by").map(|v| v.as_str()) {
            None => None,
            Some(Some("id")) => Some(SortBy::Id),
            Some(Some("subject")) => Some(SortBy::Subject),
            Some(_) => return Err(self.wrong("sort_by", "\"id\" or \"subject\"")),
        };
        q.sort_order = match self.get("sort_order").map(|v| v.as_str()) {
            None => None,
            Some(Some("asc")) => Some(SortOrder::Asc),
            Some(Some("desc")) => Some(SortOrder::Desc),
            Some(_) => return Err(self.wrong("sort_order", "\"asc\" or \"desc\"")),
        };
        q.exclude_participants = self.opt_bool("exclude_participants")?;
        Ok(q)
    }
}

fn json<T: Serialize>(value: T) -> Result<Value> {
    serde_json::to_value(value)
        .map_err(|e| Error::decode(format!("cannot serialise the result: {e}"), "").with_source(e))
}

/// The `ListGroups` a JSON argument object describes (`limit`, `offset`, `sort_by`, `sort_order`,
/// `exclude_participants`), for the bindings' paging iterators.
pub fn list_query(method: &str, args: &Value) -> Result<ListGroups> {
    Args { method, value: args }.list_query()
}

/// Calls the [`Groups`] method `method` with `args`.
pub async fn call_groups(groups: &Groups, method: &str, args: &Value) -> Result<Value> {
    let a = Args { method, value: args };
    let op = Operation::from_method_name(method)
        .filter(|op| op.route().is_group_operation)
        .ok_or_else(|| Error::invalid(format!("unknown groups method \"{method}\"")))?;
    use Operation as O;
    match op {
        O::CreateGroup => {
            let participants = if a.get("participants").is_some() { a.ids("participants")? } else { vec![] };
            json(groups.create(a.str("name")?, participants).await?)
        }
        O::ListGroups => json(groups.list(a.list_query()?).await?),
        O::JoinInfo => json(groups.join_info(a.str("code")?).await?),
        O::JoinGroup => json(groups.join(a.str("code")?).await?),
        O::CountGroups => json(groups.count().await?),
        O::RefreshGroups => json(groups.refresh().await?),
        O::GetGroup => json(groups.get(a.str("id")?).await?),
        O::DeleteGroup => json(groups.delete(a.str("id")?).await?),
        O::LeaveGroup => json(groups.leave(a.str("id")?).await?),
        O::GetPicture => json(groups.picture(a.str("id")?, a.opt_bool("refresh")?).await?),
        O::SetPicture => {
            let file = match (a.get("url"), a.get("data")) {
                (Some(_), None) => PictureFile::url(a.str("url")?),
                (None, Some(_)) => PictureFile::base64(a.str("data")?),
                _ => return Err(Error::invalid("set_picture(): pass exactly one of \"url\" or \"data\" (base64)")),
            };
            let file = match (file, a.get("mimetype").and_then(Value::as_str)) {
                (PictureFile::Url { url, filename, .. }, Some(m)) => {
                    PictureFile::Url { url, mimetype: m.into(), filename }
                }
                (PictureFile::Data { data, filename, .. }, Some(m)) => {
                    PictureFile::Data { data, mimetype: m.into(), filename }
                }
                (file, None) => file,
            };
            json(groups.set_picture(a.str("id")?, file).await?)
        }
        O::DeletePicture => json(groups.delete_picture(a.str("id")?).await?),
        O::SetDescription => json(groups.set_description(a.str("id")?, a.str("description")?).await?),
        O::SetSubject => json(groups.set_subject(a.str("id")?, a.str("subject")?).await?),
        O::SetInfoAdminOnly => json(groups.set_info_admin_only(a.str("id")?, a.bool("admins_only")?).await?),
        O::GetInfoAdminOnly => json(groups.info_admin_only(a.str("id")?).await?),
        O::SetMessagesAdminOnly => json(groups.set_messages_admin_only(a.str("id")?, a.bool("admins_only")?).await?),
        O::GetMessagesAdminOnly => json(groups.messages_admin_only(a.str("id")?).await?),
        O::SetMemberAddMode => json(groups.set_member_add_mode(a.str("id")?, a.bool("members_can_add")?).await?),
        O::GetMemberAddMode => json(groups.member_add_mode(a.str("id")?).await?),
        O::SetMemberShareHistoryMode => {
            json(groups.set_member_share_history_mode(a.str("id")?, a.bool("members_can_share")?).await?)
        }
        O::GetMemberShareHistoryMode => json(groups.member_share_history_mode(a.str("id")?).await?),
        O::SetMembershipApproval => json(groups.set_membership_approval(a.str("id")?, a.bool("required")?).await?),
        O::GetMembershipApproval => json(groups.membership_approval(a.str("id")?).await?),
        O::JoinRequests => json(groups.join_requests(a.str("id")?).await?),
        O::ApproveJoinRequests => json(groups.approve_join_requests(a.str("id")?, a.ids("participants")?).await?),
        O::RejectJoinRequests => json(groups.reject_join_requests(a.str("id")?, a.ids("participants")?).await?),
        O::GetInviteCode => json(groups.invite_code(a.str("id")?).await?),
        O::RevokeInviteCode => json(groups.revoke_invite_code(a.str("id")?).await?),
        O::Participants => json(groups.participants_v1(a.str("id")?).await?),
        O::ParticipantsV2 => json(groups.participants(a.str("id")?).await?),
        O::AddParticipants => json(groups.add_participants(a.str("id")?, a.ids("participants")?).await?),
        O::RemoveParticipants => json(groups.remove_participants(a.str("id")?, a.ids("participants")?).await?),
        O::PromoteParticipants => json(groups.promote(a.str("id")?, a.ids("participants")?).await?),
        O::DemoteParticipants => json(groups.demote(a.str("id")?, a.ids("participants")?).await?),
        _ => unreachable!("filtered to group operations"),
    }
}

/// Calls the [`Lids`] method `method` (`list`, `count`, `phone_number`, `lid`) with `args`.
pub async fn call_lids(lids: &Lids, method: &str, args: &Value) -> Result<Value> {
    let a = Args { method, value: args };
    match method {
        "list" => json(lids.list(a.opt_u32("limit")?, a.opt_u32("offset")?).await?),
        "count" => json(lids.count().await?),
        "phone_number" => json(lids.phone_number(a.str("lid")?).await?),
        "lid" => json(lids.lid(a.str("phone_number")?).await?),
        other => Err(Error::invalid(format!("unknown lids method \"{other}\""))),
    }
}

/// Calls the [`Client`] method `method` (`sessions`, `session`, `me`, `version`, `ping`) with `args`.
pub async fn call_client(client: &Client, method: &str, args: &Value) -> Result<Value> {
    let a = Args { method, value: args };
    match method {
        "sessions" => json(client.sessions().await?),
        "session" => json(client.session(a.str("name")?).await?),
        "me" => json(client.me(a.str("session")?).await?),
        "version" => json(client.version().await?),
        "ping" => json(client.ping().await?),
        other => Err(Error::invalid(format!("unknown client method \"{other}\""))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn groups() -> Groups {
        Client::builder().base_url("http://127.0.0.1:9").build().unwrap().groups("default")
    }

    #[tokio::test]
    async fn argument_errors_name_the_argument() {
        let g = groups();
        let cases = [
            ("get", json!({}), "get(): missing argument \"id\""),
            ("get", json!({"id": 5}), "argument \"id\" must be a string"),
            ("add_participants", json!({"id": "1@g.us", "participants": [5]}), "list of ids"),
            ("set_info_admin_only", json!({"id": "1@g.us", "admins_only": "yes"}), "must be a boolean"),
            ("list", json!({"sort_by": "name"}), "\"id\" or \"subject\""),
            ("list", json!({"limit": -1}), "non-negative integer"),
            ("set_picture", json!({"id": "1@g.us"}), "exactly one of"),
            ("nope", json!({}), "unknown groups method"),
            ("sessions", json!({}), "unknown groups method"),
        ];
        for (method, args, needle) in cases {
            let err = call_groups(&g, method, &args).await.unwrap_err();
            assert_eq!(err.kind(), crate::ErrorKind::InvalidArgument, "{method}");
            assert!(err.message().contains(needle), "{method}: {}", err.message());
        }
    }

    #[test]
    fn list_arguments() {
        let q = list_query(
            "list",
            &json!({"limit": 5, "sort_by": "subject", "sort_order": "desc", "exclude_participants": true}),
        )
        .unwrap();
        assert_eq!(
            q,
            ListGroups::new().limit(5).sort_by(SortBy::Subject).sort_order(SortOrder::Desc).exclude_participants()
        );
    }
}
