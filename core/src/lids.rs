//! [`Lids`]: the `@lid` ↔ phone-number directory of a session (`/api/{session}/lids`).

use std::sync::Arc;

use serde_json::Value;

use crate::engine;
use crate::error::{Error, Result};
use crate::http::{Call, Http};
use crate::ids::ContactId;
use crate::model::LidMapping;
use crate::routes::Operation as Op;

/// Resolves `@lid` participants to phone numbers and back: `client.lids("default")`.
///
/// ```no_run
/// # async fn demo(client: waha_groups::Client) -> waha_groups::Result<()> {
/// let lids = client.lids("default");
/// let m = lids.phone_number("123456789@lid").await?;
/// println!("{} is {:?}", m.lid, m.pn);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Lids {
    http: Arc<Http>,
    session: String,
}

impl Lids {
    pub(crate) fn new(http: Arc<Http>, session: String) -> Self {
        Lids { http, session }
    }

    async fn json(&self, call: Call<'_>) -> Result<Value> {
        self.http.execute(call.session(&self.session)).await?.json()
    }

    /// Known mappings, paged (`GET /lids?limit&offset`).
    pub async fn list(&self, limit: Option<u32>, offset: Option<u32>) -> Result<Vec<LidMapping>> {
        let mut call = Call::new(Op::ListLids);
        if let Some(limit) = limit {
            call = call.query("limit", limit);
        }
        if let Some(offset) = offset {
            call = call.query("offset", offset);
        }
        match self.json(call).await? {
            Value::Array(items) => items.iter().map(engine::lid_mapping).collect(),
            other => Err(Error::decode("lids: expected an array", other.to_string())),
        }
    }

    /// Number of known mappings (`GET /lids/count`).
    pub async fn count(&self) -> Result<u64> {
        engine::count(&self.json(Call::new(Op::CountLids)).await?)
    }

    /// The phone number behind a `@lid` (`GET /lids/{lid}`); `pn` is `None` when unknown.
    pub async fn phone_number(&self, lid: impl AsRef<str>) -> Result<LidMapping> {
        let lid = ContactId::parse(lid.as_ref())?;
        if !lid.is_lid() {
            return Err(Error::invalid(format!("{lid} is not a @lid id")));
        }
        engine::lid_mapping(&self.json(Call::new(Op::LidToPhoneNumber).params(&[lid.as_str()])).await?)
    }

    /// The `@lid` of a phone number (`GET /lids/pn/{phoneNumber}`).
    pub async fn lid(&self, phone_number: impl AsRef<str>) -> Result<LidMapping> {
        let pn = ContactId::parse(phone_number.as_ref())?;
        if pn.is_lid() {
            return Err(Error::invalid(format!("{pn} is already a @lid id; pass a phone number")));
        }
        engine::lid_mapping(&self.json(Call::new(Op::PhoneNumberToLid).params(&[pn.as_str()])).await?)
    }
}
