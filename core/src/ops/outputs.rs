//! Outputs of operations whose Rust methods return a plain value: each serialises as the
//! JSON object the bindings receive and converts to and from that value.
//!
//! Layer: catalogue (pure data and decoders, no I/O); it may import the foundation, `model` and `engine`.

use serde::Serialize;

use crate::ids::InviteCode;

/// A setter WhatsApp accepted: `{"accepted": true}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Accepted;

impl Serialize for Accepted {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Accepted", 1)?;
        st.serialize_field("accepted", &true)?;
        st.end()
    }
}

impl From<()> for Accepted {
    fn from((): ()) -> Self {
        Accepted
    }
}

impl From<Accepted> for () {
    fn from(_: Accepted) {}
}

/// A boolean setting: `{"value": bool}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Flag {
    /// The setting.
    pub value: bool,
}

/// `{"count": n}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Count {
    /// The count.
    pub count: u64,
}

/// `{"id": "…@g.us" | null}` after joining (null: a join request was made).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Joined {
    /// The group joined.
    pub id: Option<String>,
}

/// `{"url": string | null}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Picture {
    /// The picture URL, `None` without a picture.
    pub url: Option<String>,
}

/// `{"code", "url"}` of an invite.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InviteLink {
    /// The bare code.
    pub code: String,
    /// `https://chat.whatsapp.com/<code>`.
    pub url: String,
    #[serde(skip)]
    invite: InviteCode,
}

impl From<InviteCode> for InviteLink {
    fn from(invite: InviteCode) -> Self {
        InviteLink { code: invite.as_str().to_owned(), url: invite.url(), invite }
    }
}

impl From<InviteLink> for InviteCode {
    fn from(link: InviteLink) -> Self {
        link.invite
    }
}

/// Both directions between a wrapper and its one field.
macro_rules! wrapper {
    ($($t:ident.$f:ident: $v:ty),+) => {$(
        impl From<$v> for $t {
            fn from($f: $v) -> Self {
                $t { $f }
            }
        }
        impl From<$t> for $v {
            fn from(w: $t) -> Self {
                w.$f
            }
        }
    )+};
}
wrapper!(Flag.value: bool, Count.count: u64, Joined.id: Option<String>, Picture.url: Option<String>);
