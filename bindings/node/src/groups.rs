//! `NativeGroups`: one typed `#[napi]` method per group operation, generated from the core's
//! operation catalogue (`waha_groups::for_each_operation!`). The facade (`index.js`) checks
//! argument types first (so errors name the argument) and decodes the result buffer
//! ([`Encoded`]).

use napi::bindgen_prelude::*;
use napi_derive::napi;
use waha_groups::model::{ListGroups, PictureFile, SortBy, SortOrder};

use crate::encoded::{Encoded, encode, encode_group_list};
use crate::{guarded, js_err};

/// The groups API of one session.
#[napi]
pub struct NativeGroups {
    pub(crate) groups: waha_groups::Groups,
}

/// Options of `list` (and of the paging iterator, with `limit` as the page size).
#[napi(object)]
pub struct ListOptions {
    pub limit: Option<u32>,
    pub offset: Option<u32>,
    /// `"id"` or `"subject"`.
    pub sort_by: Option<String>,
    /// `"asc"` or `"desc"`.
    pub sort_order: Option<String>,
    pub exclude_participants: Option<bool>,
}

/// The picture to set: exactly one of `url` or base64 `data`, with an optional `mimetype`.
#[napi(object)]
pub struct PictureOptions {
    pub url: Option<String>,
    pub data: Option<String>,
    pub mimetype: Option<String>,
}

impl ListOptions {
    pub(crate) fn query(options: Option<ListOptions>) -> Result<ListGroups> {
        let mut q = ListGroups::new();
        let Some(o) = options else { return Ok(q) };
        q.limit = o.limit;
        q.offset = o.offset;
        q.sort_by = o.sort_by.map(|v| SortBy::parse_arg(&v, "sortBy")).transpose().map_err(js_err)?;
        q.sort_order = o.sort_order.map(|v| SortOrder::parse_arg(&v, "sortOrder")).transpose().map_err(js_err)?;
        q.exclude_participants = o.exclude_participants.unwrap_or(false);
        Ok(q)
    }
}

impl PictureOptions {
    fn file(options: Option<PictureOptions>) -> Result<PictureFile> {
        let o = options.unwrap_or(PictureOptions { url: None, data: None, mimetype: None });
        PictureFile::from_options(o.url, o.data, o.mimetype).map_err(js_err)
    }
}

/// Runs a core call and encodes its result.
async fn run<T: serde::Serialize>(fut: impl Future<Output = waha_groups::Result<T>>) -> Result<Buffer> {
    guarded(async move { fut.await.and_then(|v| encode(&v)).map(Encoded::into_buffer).map_err(js_err) }).await
}

/// One `#[napi] impl` block per method, by the shape of its arguments.
macro_rules! node_groups {
    (groups { $($(#[$d:meta])* $op:ident $m:ident($($a:ident: $k:ident),*);)+ } support { $($rest:tt)* }) => {
        $(node_groups!(@method $(#[$d])* $m($($a: $k),*));)+
    };
    (@method $(#[$d:meta])* $m:ident()) => {
        #[napi]
        impl NativeGroups {
            $(#[$d])*
            #[napi]
            pub async fn $m(&self) -> Result<Buffer> {
                run(self.groups.$m()).await
            }
        }
    };
    (@method $(#[$d:meta])* $m:ident(query: list_query)) => {
        #[napi]
        impl NativeGroups {
            $(#[$d])*
            #[napi]
            pub async fn $m(&self, options: Option<ListOptions>) -> Result<Buffer> {
                // Read in one pass, each `raw` taken from the answer (`list` is the only
                // operation of this kind).
                let query = ListOptions::query(options)?;
                let listed = self.groups.list_with(query, encode_group_list);
                guarded(async move { listed.await.map(Encoded::into_buffer).map_err(js_err) }).await
            }
        }
    };
    (@method $(#[$d:meta])* $m:ident(id: str, file: picture)) => {
        #[napi]
        impl NativeGroups {
            $(#[$d])*
            #[napi]
            pub async fn $m(&self, id: String, options: Option<PictureOptions>) -> Result<Buffer> {
                let file = PictureOptions::file(options)?;
                run(self.groups.$m(id, file)).await
            }
        }
    };
    (@method $(#[$d:meta])* $m:ident(id: str, refresh: opt_bool)) => {
        #[napi]
        impl NativeGroups {
            $(#[$d])*
            #[napi]
            pub async fn $m(&self, id: String, refresh: Option<bool>) -> Result<Buffer> {
                run(self.groups.$m(id, refresh.unwrap_or(false))).await
            }
        }
    };
    (@method $(#[$d:meta])* $m:ident($x:ident: str)) => {
        node_groups!(@typed $(#[$d])* $m($x: String) => ($x));
    };
    (@method $(#[$d:meta])* $m:ident($x:ident: str, $y:ident: opt_ids)) => {
        node_groups!(@typed $(#[$d])* $m($x: String, $y: Option<Vec<String>>) => ($x, $y.unwrap_or_default()));
    };
    (@method $(#[$d:meta])* $m:ident(id: str, $y:ident: str)) => {
        node_groups!(@typed $(#[$d])* $m(id: String, $y: String) => (id, $y));
    };
    (@method $(#[$d:meta])* $m:ident(id: str, $y:ident: bool)) => {
        node_groups!(@typed $(#[$d])* $m(id: String, $y: bool) => (id, $y));
    };
    (@method $(#[$d:meta])* $m:ident(id: str, $y:ident: ids)) => {
        node_groups!(@typed $(#[$d])* $m(id: String, $y: Vec<String>) => (id, $y));
    };
    (@typed $(#[$d:meta])* $m:ident($($a:ident: $t:ty),*) => ($($v:expr),*)) => {
        #[napi]
        impl NativeGroups {
            $(#[$d])*
            #[napi]
            pub async fn $m(&self, $($a: $t),*) -> Result<Buffer> {
                run(self.groups.$m($($v),*)).await
            }
        }
    };
}

waha_groups::for_each_operation!(node_groups);
