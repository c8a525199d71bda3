//! WhatsApp identifiers, validated before anything is sent (spec §3).
//!
//! * [`GroupId`]: `<digits>@g.us` or legacy `<phone>-<unix>@g.us`.
//! * [`ContactId`]: `@c.us`, `@lid` or `@s.whatsapp.net`; device suffixes (`:12`) are stripped
//!   and `@s.whatsapp.net` becomes WAHA's canonical `@c.us`; bare digits (optionally with a
//!   leading `+`) are taken as a phone number.
//! * [`InviteCode`]: a bare code or a `https://chat.whatsapp.com/<code>` link.
//!
//! Layer: foundation, the bottom of the core; it may import only other foundation modules (`error`, `ids`, `time`, `redact`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Prefix of WhatsApp group invite links.
pub const INVITE_URL_PREFIX: &str = "https://chat.whatsapp.com/";

macro_rules! string_id {
    ($name:ident) => {
        impl $name {
            /// The id as sent on the wire.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
        impl FromStr for $name {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self> {
                $name::parse(s)
            }
        }
        impl TryFrom<&str> for $name {
            type Error = Error;
            fn try_from(s: &str) -> Result<Self> {
                $name::parse(s)
            }
        }
        impl TryFrom<String> for $name {
            type Error = Error;
            fn try_from(s: String) -> Result<Self> {
                $name::parse(&s)
            }
        }
        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }
    };
}

/// A group id such as `120363401234567890@g.us`.
///
/// ```
/// use waha_groups::GroupId;
/// assert_eq!(GroupId::parse("123-456@g.us").unwrap().as_str(), "123-456@g.us");
/// assert!(GroupId::parse("123@c.us").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(try_from = "String", into = "String")]
pub struct GroupId(String);
string_id!(GroupId);

/// Whether a decoded id looks like a group's (`<something>@g.us`). Lenient on purpose: it
/// guards decoded answers, where an odd but real id must not fail a whole list.
pub(crate) fn is_group_id(s: &str) -> bool {
    s.strip_suffix("@g.us").is_some_and(|local| !local.is_empty())
}

impl GroupId {
    /// Validates `s` as a group id.
    pub fn parse(s: &str) -> Result<Self> {
        let local =
            s.strip_suffix("@g.us").ok_or_else(|| Error::invalid(format!("group id {s:?} must end with \"@g.us\"")))?;
        let valid = !local.is_empty()
            && !local.starts_with('-')
            && !local.ends_with('-')
            && local.bytes().all(|b| b.is_ascii_digit() || b == b'-');
        if !valid {
            return Err(Error::invalid(format!("group id {s:?} must be digits (or <phone>-<time>) before \"@g.us\"")));
        }
        Ok(GroupId(s.to_owned()))
    }
}

/// A contact id: `…@c.us` (phone number), `…@lid` (linked id).
///
/// ```
/// use waha_groups::ContactId;
/// assert_eq!(ContactId::parse("49151:3@s.whatsapp.net").unwrap().as_str(), "49151@c.us");
/// assert_eq!(ContactId::parse("+49151").unwrap().as_str(), "49151@c.us");
/// assert_eq!(ContactId::parse("12345:7@lid").unwrap().as_str(), "12345@lid");
/// assert!(ContactId::parse("alice").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(try_from = "String", into = "String")]
pub struct ContactId(String);
string_id!(ContactId);

impl ContactId {
    /// Validates and normalises `s` (see the module docs for the accepted forms).
    pub fn parse(s: &str) -> Result<Self> {
        let trimmed = s.trim();
        let (user, server) = match trimmed.rsplit_once('@') {
            Some((user, server)) => (user, server),
            None => (trimmed.strip_prefix('+').unwrap_or(trimmed), "c.us"),
        };
        let server = match server {
            "c.us" | "s.whatsapp.net" => "c.us",
            "lid" => "lid",
            other => {
                return Err(Error::invalid(format!(
                    "contact id {s:?} has server {other:?}; expected @c.us, @lid or @s.whatsapp.net"
                )));
            }
        };
        let user = user.split_once(':').map_or(user, |(u, _device)| u);
        if user.is_empty() || !user.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::invalid(format!(
                "contact id {s:?} must be a number like \"4915112345678@c.us\" or \"123456789@lid\""
            )));
        }
        Ok(ContactId(format!("{user}@{server}")))
    }

    /// Whether this is a linked id (`@lid`) rather than a phone number.
    pub fn is_lid(&self) -> bool {
        self.0.ends_with("@lid")
    }
}

/// An invite code, accepted as the bare code or as a full invite link.
///
/// ```
/// use waha_groups::InviteCode;
/// let code = InviteCode::parse("https://chat.whatsapp.com/AbCdEf123").unwrap();
/// assert_eq!(code.as_str(), "AbCdEf123");
/// assert_eq!(code.url(), "https://chat.whatsapp.com/AbCdEf123");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(try_from = "String", into = "String")]
pub struct InviteCode(String);
string_id!(InviteCode);

impl InviteCode {
    /// Takes the last `/` segment (WAHA's own rule) without any query or fragment.
    pub fn parse(s: &str) -> Result<Self> {
        let trimmed = s.trim().trim_matches('"');
        let last = trimmed.trim_end_matches('/').rsplit('/').next().unwrap_or_default();
        let code = last.split(['?', '#']).next().unwrap_or_default();
        if code.is_empty() || !code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
            return Err(Error::invalid(format!(
                "invite code {s:?} must be a code like \"AbCdEf123\" or a link \"{INVITE_URL_PREFIX}AbCdEf123\""
            )));
        }
        Ok(InviteCode(code.to_owned()))
    }

    /// The invite link for this code.
    pub fn url(&self) -> String {
        format!("{INVITE_URL_PREFIX}{}", self.0)
    }
}

/// WAHA's `toCusFormat`: `@s.whatsapp.net` → `@c.us`, device suffix dropped, other servers kept.
///
/// Unlike [`ContactId::parse`] this never fails: it is used on server output, which must
/// decode even when it holds something unexpected.
pub fn to_cus_format(jid: &str) -> String {
    into_cus_format(jid.to_owned())
}

/// [`to_cus_format`] of an owned id, reusing its buffer (decoders call it once per member).
pub(crate) fn into_cus_format(mut jid: String) -> String {
    // Byte searches: `str::find(char)` steps through a pattern searcher, per member.
    let Some(at) = jid.bytes().rposition(|b| b == b'@') else {
        return jid;
    };
    let device = jid.as_bytes()[..at].iter().position(|&b| b == b':');
    let phone_server = &jid[at + 1..] == "s.whatsapp.net";
    match device {
        None if !phone_server => jid,
        None => {
            jid.truncate(at + 1);
            jid.push_str("c.us");
            jid
        }
        Some(colon) => {
            let server = if phone_server { "c.us" } else { &jid[at + 1..] };
            let mut out = String::with_capacity(colon + 1 + server.len());
            out.push_str(&jid[..colon]);
            out.push('@');
            out.push_str(server);
            out
        }
    }
}

/// Validates a session name: it becomes one path segment, so it must not be empty or a dot segment.
pub(crate) fn check_session(session: &str) -> Result<()> {
    if session.is_empty() {
        return Err(Error::invalid("session name must not be empty"));
    }
    if session == "." || session == ".." {
        return Err(Error::invalid(format!("session name {session:?} is not allowed")));
    }
    if session.chars().any(char::is_control) {
        return Err(Error::invalid(format!("session name {session:?} contains control characters")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn group_ids() {
        for ok in ["1@g.us", "120363401234567890@g.us", "4915112345678-1609459200@g.us"] {
            assert_eq!(GroupId::parse(ok).unwrap().as_str(), ok);
        }
        for bad in ["", "@g.us", "abc@g.us", "1@c.us", "1@g.us/../x", "-1@g.us", "1 @g.us", "١٢@g.us"] {
            let err = GroupId::parse(bad).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidArgument, "{bad}");
            assert!(err.message().contains(&format!("{bad:?}")), "{}", err.message());
        }
    }

    #[test]
    fn contact_ids() {
        let cases = [
            ("111@c.us", "111@c.us"),
            ("111@s.whatsapp.net", "111@c.us"),
            ("111:23@s.whatsapp.net", "111@c.us"),
            ("999:1@lid", "999@lid"),
            ("4915112345", "4915112345@c.us"),
            ("+4915112345", "4915112345@c.us"),
            (" 111@c.us ", "111@c.us"),
        ];
        for (input, want) in cases {
            assert_eq!(ContactId::parse(input).unwrap().as_str(), want, "{input}");
        }
        for bad in ["", "@c.us", "abc@c.us", "1@g.us", "1@newsletter", "+", "12 34", "1/2@c.us"] {
            assert_eq!(ContactId::parse(bad).unwrap_err().kind(), ErrorKind::InvalidArgument, "{bad}");
        }
        assert!(ContactId::parse("1@lid").unwrap().is_lid());
    }

    #[test]
    fn invite_codes() {
        for (input, want) in [
            ("AbC123", "AbC123"),
            ("https://chat.whatsapp.com/AbC123", "AbC123"),
            ("https://chat.whatsapp.com/AbC123/", "AbC123"),
            ("https://chat.whatsapp.com/AbC123?utm=x#frag", "AbC123"),
            ("\"AbC123\"", "AbC123"),
        ] {
            assert_eq!(InviteCode::parse(input).unwrap().as_str(), want, "{input}");
        }
        for bad in ["", "https://chat.whatsapp.com/", "a b", "ab%2F", "../.."] {
            assert_eq!(InviteCode::parse(bad).unwrap_err().kind(), ErrorKind::InvalidArgument, "{bad}");
        }
    }

    #[test]
    fn cus_format() {
        assert_eq!(to_cus_format("1:2@s.whatsapp.net"), "1@c.us");
        assert_eq!(to_cus_format("3:4@lid"), "3@lid");
        assert_eq!(to_cus_format("5@g.us"), "5@g.us");
        assert_eq!(to_cus_format("weird"), "weird");
    }

    #[test]
    fn sessions() {
        for bad in ["", ".", "..", "a\nb"] {
            assert!(check_session(bad).is_err(), "{bad:?}");
        }
        for ok in ["default", "a/b", "..x", "sess ion", "ünï"] {
            assert!(check_session(ok).is_ok(), "{ok:?}");
        }
    }
}
