//! Public, engine-neutral models.
//!
//! Every model decoded from an engine-specific shape keeps that shape in `raw`, so nothing
//! WAHA sent is ever lost. Timestamps are Unix **milliseconds** (`i64`) everywhere: WAHA mixes
//! seconds, milliseconds and RFC 3339 strings depending on engine (spec §6.1).
//!
//! Layer: models; it may import the foundation.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
mod options;
mod raw;
pub mod wire;
pub use options::{ListGroups, SortBy, SortOrder};
pub use raw::Raw;

macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this version does not know, kept verbatim.
            Unknown(String),
        }
        impl $name {
            /// The wire string.
            pub fn as_str(&self) -> &str {
                match self { $($name::$variant => $wire,)+ $name::Unknown(s) => s }
            }
            /// Parses a wire string; unknown strings are kept in `Unknown`.
            pub fn parse(s: &str) -> Self {
                match s { $($wire => $name::$variant,)+ other => $name::Unknown(other.to_owned()) }
            }
        }
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result { f.write_str(self.as_str()) }
        }
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> { s.serialize_str(self.as_str()) }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                Ok($name::parse(&<String as ::serde::Deserialize>::deserialize(d)?))
            }
        }
        impl ::schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> { stringify!($name).into() }
            fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                ::schemars::json_schema!({
                    "type": "string",
                    "description": concat!("Known values: ", $($wire, " "),+, "(others are passed through)"),
                    "examples": [$($wire),+]
                })
            }
        }
    };
}
pub(crate) use string_enum;

string_enum! {
    /// A member's role. `Left` only appears in events (the member's new role after leaving).
    Role {
        /// Ordinary member.
        Participant = "participant",
        /// Group admin.
        Admin = "admin",
        /// Group owner / creator.
        Superadmin = "superadmin",
        /// No longer a member (events only).
        Left = "left",
    }
}

impl Role {
    /// Whether the role can administer the group.
    pub fn is_admin(&self) -> bool {
        matches!(self, Role::Admin | Role::Superadmin)
    }
}

string_enum! {
    /// How a join request was made.
    JoinMethod {
        /// Through an invite link.
        InviteLink = "invite_link",
        /// From a linked community group.
        LinkedGroupJoin = "linked_group_join",
        /// A non-admin tried to add the person in an approval-required group.
        NonAdminAdd = "non_admin_add",
    }
}

impl JoinMethod {
    /// Accepts both WAHA's snake_case and the engines' PascalCase (`InviteLink`).
    pub fn normalize(s: &str) -> Self {
        let mut snake = String::with_capacity(s.len() + 4);
        for (i, c) in s.chars().enumerate() {
            if c.is_ascii_uppercase() {
                if i > 0 {
                    snake.push('_');
                }
                snake.push(c.to_ascii_lowercase());
            } else {
                snake.push(c);
            }
        }
        JoinMethod::parse(&snake)
    }
}

/// A group member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Participant {
    /// `…@c.us` or `…@lid`.
    pub id: String,
    /// Phone-number id (`…@c.us`) when known and different information than `id` is available.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pn: Option<String>,
    /// Role in the group.
    pub role: Role,
}

/// A group, the same model for every engine and for webhook `group.v2.join` events.
///
/// Settings are `None` when the engine's answer did not say.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Group {
    /// `…@g.us`. Empty only for hollow GOWS answers.
    pub id: String,
    /// Group name (empty when the engine did not send one).
    pub subject: String,
    /// Group description.
    #[serde(default)]
    pub description: Option<String>,
    /// Creator / owner id, normalised to `@c.us` or `@lid`.
    #[serde(default)]
    pub owner: Option<String>,
    /// Creation time, Unix ms.
    #[serde(default)]
    pub created_at: Option<i64>,
    /// Members (empty when excluded or not sent).
    #[serde(default)]
    pub participants: Vec<Participant>,
    /// Member count when the engine reports one (it may differ from `participants.len()`).
    #[serde(default)]
    pub size: Option<u32>,
    /// Only admins may edit subject, description and picture.
    #[serde(default)]
    pub info_admin_only: Option<bool>,
    /// Only admins may send messages.
    #[serde(default)]
    pub messages_admin_only: Option<bool>,
    /// Every member (not only admins) may add members.
    #[serde(default)]
    pub members_can_add: Option<bool>,
    /// New members need admin approval.
    #[serde(default)]
    pub approval_required: Option<bool>,
    /// Invite code, when the answer carried one.
    #[serde(default)]
    pub invite_code: Option<String>,
    /// The JSON WAHA sent for this group, unchanged.
    #[serde(default)]
    pub raw: Raw,
}

/// The fields of a `group.v2.update` event: only what changed is `Some`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GroupPatch {
    /// The group.
    pub id: String,
    /// New subject.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// New description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// New invite code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invite_code: Option<String>,
    /// New info-admin-only setting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub info_admin_only: Option<bool>,
    /// New messages-admin-only setting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messages_admin_only: Option<bool>,
    /// New member-add setting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub members_can_add: Option<bool>,
    /// New approval setting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval_required: Option<bool>,
    /// Participants, when the engine sent them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participants: Option<Vec<Participant>>,
}

/// What an invite link leads to (`join_info`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GroupJoinInfo {
    /// The group id, when the engine reveals it.
    pub id: Option<String>,
    /// Group name.
    pub subject: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Owner id.
    pub owner: Option<String>,
    /// Member count.
    pub size: Option<u32>,
    /// Members, when the engine lists them.
    pub participants: Vec<Participant>,
    /// Whether joining needs admin approval.
    pub approval_required: Option<bool>,
    /// The JSON WAHA sent, unchanged.
    pub raw: Raw,
}

/// Per-member result of add / remove / promote / demote.
///
/// `requested` says which of *your* ids an outcome is about (engines answer with a `@lid` or
/// reorder); a privacy-refused add (code 403) carries the invitation WhatsApp created for it.
///
/// ```
/// use waha_groups::{ParticipantOutcomes, engine::participant_outcomes};
/// let answer = r#"[{"JID": "91@lid", "PhoneNumber": "555@s.whatsapp.net", "Error": 403,
///     "AddRequest": {"Code": "AbC", "Expiration": "2026-04-09T11:44:32+03:00"}}]"#;
/// let outcomes = participant_outcomes(answer, &["+555".to_owned()]).unwrap();
/// let o = &outcomes[0];
/// assert_eq!((o.id.as_str(), o.pn.as_deref(), o.requested.as_deref()), ("91@lid", Some("555@c.us"), Some("+555")));
/// assert_eq!((o.invite_code.as_deref(), o.invite_expires_at), (Some("AbC"), Some(1775724272000)));
/// assert_eq!(outcomes.invitations().len(), 1);
/// assert!(o.needs_invitation && o.needs_invitation());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ParticipantOutcome {
    /// The member as WAHA answered, normalised to `@c.us` / `@lid`.
    pub id: String,
    /// The member's phone id (`…@c.us`), when WAHA gives it or `id` is one.
    #[serde(default)]
    pub pn: Option<String>,
    /// The id exactly as you passed it, matched through `id`/`pn`/lid (never by position when
    /// WAHA reorders); `None` when the answer cannot be tied to one of your ids.
    #[serde(default)]
    pub requested: Option<String>,
    /// Whether WhatsApp applied the change for this member.
    pub ok: bool,
    /// WhatsApp's status code (200 on success; 403 privacy, 404 not on WhatsApp, 408 recently left, 409 already member...).
    pub code: Option<i64>,
    /// WhatsApp's message, when one was sent.
    pub message: Option<String>,
    /// Code of the invitation WhatsApp created when the member's privacy refused a direct add (403).
    #[serde(default)]
    pub invite_code: Option<String>,
    /// When that invitation expires, Unix ms.
    #[serde(default)]
    pub invite_expires_at: Option<i64>,
    /// Whether the engine already sent the invitation itself (WEBJS/WPP `isInviteV4Sent`).
    #[serde(default)]
    pub invite_sent: Option<bool>,
    /// [`needs_invitation()`](Self::needs_invitation) as the decoder found it, so the JSON the
    /// bindings read carries the core's rule instead of each language repeating it.
    #[serde(default)]
    pub needs_invitation: bool,
    /// The JSON WAHA sent for this member (or the whole answer when it had no per-member part).
    pub raw: Raw,
}

impl ParticipantOutcome {
    /// WhatsApp refused a direct add because of the member's privacy settings (code 403):
    /// they can only join through an invitation.
    pub fn privacy_refused(&self) -> bool {
        self.code == Some(403)
    }

    /// WhatsApp said the member already was in the group (code 409).
    pub fn already_member(&self) -> bool {
        self.code == Some(409)
    }

    /// WhatsApp refused an add because the group is full (code [`GROUP_FULL_CODE`]).
    pub fn group_full(&self) -> bool {
        self.code == Some(GROUP_FULL_CODE)
    }

    /// A privacy-refused add whose invitation the engine did not send: yours to send
    /// (with [`invite_code`](Self::invite_code) when WAHA gave one, else the group's invite link).
    pub fn needs_invitation(&self) -> bool {
        self.privacy_refused() && self.invite_sent != Some(true)
    }
}

/// WhatsApp's per-member code for an add into a full group ("the group is full").
pub const GROUP_FULL_CODE: i64 = 419;

/// WhatsApp's size cap for a group, admins included.
pub const WHATSAPP_GROUP_SIZE_CAP: usize = 1024;

/// The follow-ups in a list of [`ParticipantOutcome`]s (what `add_participants` returns).
///
/// ```
/// use waha_groups::{ParticipantOutcome, ParticipantOutcomes};
/// fn report(outcomes: &[ParticipantOutcome]) {
///     for o in outcomes.failed() {
///         println!("{} failed with {:?}", o.requested.as_deref().unwrap_or(&o.id), o.code);
///     }
///     for o in outcomes.invitations() {
///         println!("send {} the invitation {:?}", o.pn.as_deref().unwrap_or(&o.id), o.invite_code);
///     }
/// }
/// ```
pub trait ParticipantOutcomes {
    /// Outcomes WhatsApp did not apply.
    fn failed(&self) -> Vec<&ParticipantOutcome>;
    /// Privacy-refused adds still waiting for you to send the invitation ([`ParticipantOutcome::needs_invitation`]).
    fn invitations(&self) -> Vec<&ParticipantOutcome>;
}

impl ParticipantOutcomes for [ParticipantOutcome] {
    fn failed(&self) -> Vec<&ParticipantOutcome> {
        self.iter().filter(|o| !o.ok).collect()
    }
    fn invitations(&self) -> Vec<&ParticipantOutcome> {
        self.iter().filter(|o| o.needs_invitation()).collect()
    }
}

/// A pending request to join a group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct JoinRequest {
    /// Who asked (`@lid` or `@c.us`).
    pub requester_id: String,
    /// Their phone-number id, when known.
    pub requester_pn: Option<String>,
    /// Who added them (non-admin add), if any.
    pub added_by: Option<String>,
    /// Community parent group, if any.
    pub parent_group_id: Option<String>,
    /// How the request was made.
    pub method: Option<JoinMethod>,
    /// When, Unix ms.
    pub timestamp: Option<i64>,
    /// The JSON WAHA sent, unchanged.
    pub raw: Raw,
}

/// Per-requester result of approve / reject.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct JoinRequestOutcome {
    /// The requester.
    pub requester_id: Option<String>,
    /// Whether it worked.
    pub ok: bool,
    /// WhatsApp's error code, when it failed.
    pub error: Option<i64>,
    /// The JSON WAHA sent, unchanged.
    pub raw: Raw,
}

/// Engine-specific `GET …/participants` answer, normalised, with the original kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ParticipantList {
    /// The members.
    pub participants: Vec<Participant>,
    /// The JSON WAHA sent, unchanged.
    pub raw: Raw,
}

/// One `@lid` ↔ phone-number mapping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct LidMapping {
    /// `…@lid`.
    pub lid: String,
    /// `…@c.us`, when known.
    pub pn: Option<String>,
}

/// A picture to set: a URL WAHA downloads, or the bytes as base64.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum PictureFile {
    /// `{"url", "mimetype", "filename"?}`
    Url {
        /// Where WAHA downloads the picture.
        url: String,
        /// e.g. `image/jpeg`.
        mimetype: String,
        /// Optional file name.
        #[serde(skip_serializing_if = "Option::is_none")]
        filename: Option<String>,
    },
    /// `{"data", "mimetype", "filename"?}`
    Data {
        /// Base64 bytes.
        data: String,
        /// e.g. `image/jpeg`.
        mimetype: String,
        /// Optional file name.
        #[serde(skip_serializing_if = "Option::is_none")]
        filename: Option<String>,
    },
}

impl PictureFile {
    /// A JPEG picture WAHA downloads from `url`.
    pub fn url(url: impl Into<String>) -> Self {
        PictureFile::Url { url: url.into(), mimetype: "image/jpeg".into(), filename: None }
    }
    /// A JPEG picture sent as base64 `data`.
    pub fn base64(data: impl Into<String>) -> Self {
        PictureFile::Data { data: data.into(), mimetype: "image/jpeg".into(), filename: None }
    }

    /// The picture the bindings' options describe: exactly one of `url` or base64 `data`, and
    /// a `mimetype` (JPEG when `None`).
    ///
    /// ```
    /// use waha_groups::PictureFile;
    /// let p = PictureFile::from_options(Some("https://x/p.png".into()), None, Some("image/png".into())).unwrap();
    /// assert_eq!(p, PictureFile::Url { url: "https://x/p.png".into(), mimetype: "image/png".into(), filename: None });
    /// assert!(PictureFile::from_options(None, None, None).is_err());
    /// ```
    pub fn from_options(url: Option<String>, data: Option<String>, mimetype: Option<String>) -> crate::Result<Self> {
        let mut file = match (url, data) {
            (Some(url), None) => PictureFile::url(url),
            (None, Some(data)) => PictureFile::base64(data),
            _ => return Err(crate::Error::invalid("set_picture: pass exactly one of \"url\" or \"data\" (base64)")),
        };
        if let Some(m) = mimetype {
            match &mut file {
                PictureFile::Url { mimetype, .. } | PictureFile::Data { mimetype, .. } => *mimetype = m,
            }
        }
        Ok(file)
    }
}

/// A session as `GET /api/sessions` describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SessionInfo {
    /// Session name.
    pub name: String,
    /// `WORKING`, `STOPPED`, `STARTING`, `SCAN_QR_CODE`, `FAILED`...
    pub status: String,
    /// The account the session is logged in as.
    pub me: Option<MeInfo>,
    /// Engine name, when reported.
    pub engine: Option<String>,
    /// The JSON WAHA sent, unchanged.
    pub raw: Raw,
}

/// The logged-in account of a session (also the webhook envelope's `me`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MeInfo {
    /// `…@c.us`.
    pub id: String,
    /// `…@lid`.
    #[serde(default)]
    pub lid: Option<String>,
    /// `…:N@s.whatsapp.net`.
    #[serde(default)]
    pub jid: Option<String>,
    /// Display name.
    #[serde(default)]
    pub push_name: Option<String>,
}

/// WAHA's `WAHAEnvironment` (version endpoint, 500 bodies and webhook envelopes).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Environment {
    /// e.g. `2026.2.1`.
    #[serde(default)]
    pub version: Option<String>,
    /// Default engine of the server.
    #[serde(default)]
    pub engine: Option<String>,
    /// `CORE` or `PLUS`.
    #[serde(default)]
    pub tier: Option<String>,
    /// Browser (WEBJS) or null.
    #[serde(default)]
    pub browser: Option<String>,
    /// e.g. `linux/x64`.
    #[serde(default)]
    pub platform: Option<String>,
    /// Worker id (`environment.worker.id`).
    #[serde(default)]
    pub worker_id: Option<String>,
}

string_enum! {
    /// A WAHA engine.
    Engine {
        /// whatsapp-web.js (browser).
        Webjs = "WEBJS",
        /// WPPConnect (browser, WEBJS-like shapes).
        Wpp = "WPP",
        /// Baileys (websocket).
        Noweb = "NOWEB",
        /// whatsmeow (Go).
        Gows = "GOWS",
    }
}

impl Engine {
    /// The four engines WAHA ships.
    pub const KNOWN: [Engine; 4] = [Engine::Webjs, Engine::Wpp, Engine::Noweb, Engine::Gows];

    /// Whether the engine drives WhatsApp Web in a browser (WEBJS, WPP).
    pub fn is_browser(&self) -> bool {
        matches!(self, Engine::Webjs | Engine::Wpp)
    }
}
