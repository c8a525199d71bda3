//! # waha-groups
//!
//! A typed, engine-neutral client for the WhatsApp **groups** API of
//! WAHA (the WhatsApp HTTP API server): all 35 group operations, the
//! `@lid` directory, WAHA-aware errors and safe retries.
//!
//! ```no_run
//! # async fn demo() -> waha_groups::Result<()> {
//! use waha_groups::{Client, ListGroups, SortBy};
//!
//! let client = Client::builder().base_url("http://localhost:3000").api_key("secret").build()?;
//! let groups = client.groups("default");
//! let g = groups.create("Team", ["111@c.us", "222@c.us"]).await?;
//! groups.add_participants(&g.id, ["333@c.us"]).await?;
//! for g in groups.list(ListGroups::new().limit(50).sort_by(SortBy::Subject)).await? {
//!     println!("{}", g.subject);
//! }
//! # Ok(()) }
//! ```
//!
//! WAHA answers the same call differently per engine (WEBJS, WPP, NOWEB, GOWS); the
//! [`engine`] module recognises each shape and every model keeps the original JSON in `raw`.
#![warn(missing_docs)]

#[macro_use]
pub mod ops;
mod client;
pub mod dynamic;
pub mod engine;
mod error;
mod groups;
mod http;
pub mod ids;
pub mod jobs;
mod lids;
pub mod model;
pub mod observe;
pub mod redact;
pub mod routes;
pub mod schema;
mod time;
pub mod webhook;

pub use client::{Client, ClientBuilder, DEFAULT_TIMEOUT};
pub use error::{Error, ErrorKind, Result};
pub use groups::{DEFAULT_PAGE_SIZE, Groups};
pub use http::RetryPolicy;
pub use ids::{ContactId, GroupId, InviteCode};
pub use lids::Lids;
pub use model::{
    Engine, Environment, Group, GroupJoinInfo, GroupPatch, JoinMethod, JoinRequest, JoinRequestOutcome, LidMapping,
    ListGroups, MeInfo, Participant, ParticipantList, ParticipantOutcome, ParticipantOutcomes, PictureFile, Role,
    SessionInfo, SortBy, SortOrder,
};
