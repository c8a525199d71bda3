//! [`Lids`]: the `@lid` ↔ phone-number directory of a session (`/api/{session}/lids`).
//!
//! Layer: facades (the typed API); it may import `http` and everything below it, never `dynamic`.

use std::sync::Arc;

use crate::error::{Error, Result};
use crate::http::{Call, Http};
use crate::ids::ContactId;
use crate::model::LidMapping;
use crate::ops::{self, Op};

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

    /// The session this handle talks to.
    pub fn session(&self) -> &str {
        &self.session
    }

    async fn run<O: Op>(&self, call: Call<'_>) -> Result<O::Output> {
        self.http.run::<O>(call.session(&self.session), &[]).await
    }

    /// Known mappings, paged (`GET /lids?limit&offset`).
    pub async fn list(&self, limit: Option<u32>, offset: Option<u32>) -> Result<Vec<LidMapping>> {
        let mut call = Call::new(ops::ListLids::OPERATION);
        if let Some(limit) = limit {
            call = call.query("limit", limit);
        }
        if let Some(offset) = offset {
            call = call.query("offset", offset);
        }
        self.run::<ops::ListLids>(call).await
    }

    /// Number of known mappings (`GET /lids/count`).
    pub async fn count(&self) -> Result<u64> {
        Ok(self.run::<ops::CountLids>(Call::new(ops::CountLids::OPERATION)).await?.into())
    }

    /// The phone number behind a `@lid` (`GET /lids/{lid}`); `pn` is `None` when unknown.
    pub async fn phone_number(&self, lid: impl AsRef<str>) -> Result<LidMapping> {
        let lid = ContactId::parse(lid.as_ref())?;
        if !lid.is_lid() {
            return Err(Error::invalid(format!("{lid} is not a @lid id")));
        }
        self.run::<ops::LidToPhoneNumber>(Call::new(ops::LidToPhoneNumber::OPERATION).params(&[lid.as_str()])).await
    }

    /// The `@lid` of a phone number (`GET /lids/pn/{phoneNumber}`).
    pub async fn lid(&self, phone_number: impl AsRef<str>) -> Result<LidMapping> {
        let pn = ContactId::parse(phone_number.as_ref())?;
        if pn.is_lid() {
            return Err(Error::invalid(format!("{pn} is already a @lid id; pass a phone number")));
        }
        self.run::<ops::PhoneNumberToLid>(Call::new(ops::PhoneNumberToLid::OPERATION).params(&[pn.as_str()])).await
    }
}
