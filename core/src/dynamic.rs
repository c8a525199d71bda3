//! Calls by method name with JSON arguments, returning the model as JSON.
//!
//! The Python and Node bindings translate their arguments into this one entry point, so no
//! operation exists only in one language and both stay thin. Method names are the Rust
//! method names ([`crate::routes::Operation::method_name`]); argument names are snake_case.
//! Participants are accepted as strings or `{"id": ...}` objects.
//!
//! Layer: entry points, the top of the core; it may import everything below it, and nothing in the core imports it.
//!
//! ```no_run
//! # async fn demo(client: waha_groups::Client) -> waha_groups::Result<()> {
//! use serde_json::json;
//! let groups = client.groups("default");
//! let g = waha_groups::dynamic::call_groups(&groups, "create", &json!({"name": "Team", "participants": [{"id": "111@c.us"}]})).await?;
//! println!("{}", g["id"]);
//! # Ok(()) }
//! ```

use serde_json::Value;

use crate::Client;
use crate::error::{Error, Result};
use crate::groups::Groups;
use crate::lids::Lids;
use crate::model::{ListGroups, PictureFile, SortBy, SortOrder};
use crate::ops::{AsValue, LIST_OPTIONS, PICTURE_OPTIONS, Sink};
use crate::routes::Operation;

/// Typed access to a JSON argument object, with errors that name the argument: one method
/// per argument kind ([`crate::ops::ArgKind`]), called by name from the catalogue's list.
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

    pub(crate) fn str(&self, name: &str) -> Result<&'a str> {
        match self.get(name) {
            Some(Value::String(s)) => Ok(s),
            Some(_) => Err(self.wrong(name, "a string")),
            None => Err(Error::invalid(format!("{}(): missing argument \"{name}\"", self.method))),
        }
    }

    pub(crate) fn bool(&self, name: &str) -> Result<bool> {
        match self.get(name) {
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(self.wrong(name, "a boolean")),
            None => Err(Error::invalid(format!("{}(): missing argument \"{name}\"", self.method))),
        }
    }

    fn opt_str(&self, name: &str) -> Result<Option<&'a str>> {
        self.get(name).map(|_| self.str(name)).transpose()
    }

    pub(crate) fn opt_bool(&self, name: &str) -> Result<bool> {
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
    pub(crate) fn ids(&self, name: &str) -> Result<Vec<String>> {
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

    /// Absent ids are none.
    pub(crate) fn opt_ids(&self, name: &str) -> Result<Vec<String>> {
        if self.get(name).is_some() { self.ids(name) } else { Ok(Vec::new()) }
    }

    /// The list options ([`LIST_OPTIONS`]).
    pub(crate) fn list_query(&self, _name: &str) -> Result<ListGroups> {
        let [limit, offset, sort_by, sort_order, exclude] = LIST_OPTIONS;
        let mut q = ListGroups::new();
        q.limit = self.opt_u32(limit)?;
        q.offset = self.opt_u32(offset)?;
        q.sort_by = self.opt_str(sort_by)?.map(|v| SortBy::parse_arg(v, sort_by)).transpose()?;
        q.sort_order = self.opt_str(sort_order)?.map(|v| SortOrder::parse_arg(v, sort_order)).transpose()?;
        q.exclude_participants = self.opt_bool(exclude)?;
        Ok(q)
    }
}

impl Args<'_> {
    /// `url` or base64 `data`, with an optional `mimetype` ([`PICTURE_OPTIONS`]).
    pub(crate) fn picture(&self, _name: &str) -> Result<PictureFile> {
        let [url, data, mimetype] = PICTURE_OPTIONS;
        let text = |name| self.opt_str(name).map(|v| v.map(str::to_owned));
        PictureFile::from_options(text(url)?, text(data)?, text(mimetype)?)
    }
}

/// Calls the [`Groups`] method `method` with `args` (dispatched by the operation catalogue).
pub async fn call_groups(groups: &Groups, method: &str, args: &Value) -> Result<Value> {
    call_groups_into(groups, method, args, AsValue).await
}

/// [`call_groups`] with the result in the form `sink` gives it.
pub async fn call_groups_into<S: Sink>(groups: &Groups, method: &str, args: &Value, sink: S) -> Result<S::Out> {
    dispatch_groups(groups, group_operation(method)?, &Args { method, value: args }, sink).await
}

/// Writes `dispatch_groups`: one arm per group operation of the catalogue, each reading its
/// arguments by kind and calling the typed [`Groups`] method.
macro_rules! by_name {
    (groups { $($(#[$doc:meta])* $op:ident $method:ident($($arg:ident: $kind:ident),*);)+ } support { $($sop:ident $smethod:ident;)+ }) => {
        async fn dispatch_groups<S: Sink>(groups: &Groups, op: Operation, args: &Args<'_>, sink: S) -> Result<S::Out> {
            match op {
                $(Operation::$op => sink.put(&groups.$method($(args.$kind(stringify!($arg))?),*).await?),)+
                _ => Err(Error::invalid(format!("unknown groups method \"{}\"", op.method_name()))),
            }
        }
    };
}
for_each_operation!(by_name);

fn group_operation(method: &str) -> Result<Operation> {
    Operation::from_method_name(method)
        .filter(|op| op.is_group_operation())
        .ok_or_else(|| Error::invalid(format!("unknown groups method \"{method}\"")))
}

/// Calls the [`Lids`] method `method` (`list`, `count`, `phone_number`, `lid`) with `args`.
pub async fn call_lids(lids: &Lids, method: &str, args: &Value) -> Result<Value> {
    call_lids_into(lids, method, args, AsValue).await
}

/// [`call_lids`] with the result in the form `sink` gives it.
pub async fn call_lids_into<S: Sink>(lids: &Lids, method: &str, args: &Value, sink: S) -> Result<S::Out> {
    let a = Args { method, value: args };
    match method {
        "list" => sink.put(&lids.list(a.opt_u32("limit")?, a.opt_u32("offset")?).await?),
        "count" => sink.put(&lids.count().await?),
        "phone_number" => sink.put(&lids.phone_number(a.str("lid")?).await?),
        "lid" => sink.put(&lids.lid(a.str("phone_number")?).await?),
        other => Err(Error::invalid(format!("unknown lids method \"{other}\""))),
    }
}

/// Calls the [`Client`] method `method` (`sessions`, `session`, `me`, `version`, `ping`) with `args`.
pub async fn call_client(client: &Client, method: &str, args: &Value) -> Result<Value> {
    call_client_into(client, method, args, AsValue).await
}

/// [`call_client`] with the result in the form `sink` gives it.
pub async fn call_client_into<S: Sink>(client: &Client, method: &str, args: &Value, sink: S) -> Result<S::Out> {
    let a = Args { method, value: args };
    match method {
        "sessions" => sink.put(&client.sessions().await?),
        "session" => sink.put(&client.session(a.str("name")?).await?),
        "me" => sink.put(&client.me(a.str("session")?).await?),
        "version" => sink.put(&client.version().await?),
        "ping" => sink.put(&client.ping().await?),
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
        let args = json!({"limit": 5, "sort_by": "subject", "sort_order": "desc", "exclude_participants": true});
        let q = Args { method: "list", value: &args }.list_query("query").unwrap();
        assert_eq!(
            q,
            ListGroups::new().limit(5).sort_by(SortBy::Subject).sort_order(SortOrder::Desc).exclude_participants()
        );
    }
}
