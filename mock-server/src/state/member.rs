//! Compact group members: a world of 100,000 groups × 50 members holds five million of them,
//! mostly of a few thousand numbers, so a member is a shared phone id plus a one-byte role.

use std::collections::HashSet;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A phone id (`…@c.us`) shared by every membership of the number: one pointer per member.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Phone(Arc<String>);

impl Phone {
    /// A phone id not (yet) shared with other memberships (the world shares equal ones).
    pub fn new(id: impl Into<String>) -> Phone {
        Phone(Arc::new(id.into()))
    }
}

impl Deref for Phone {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for Phone {
    fn eq(&self, other: &str) -> bool {
        **self == *other
    }
}

impl PartialEq<&str> for Phone {
    fn eq(&self, other: &&str) -> bool {
        **self == **other
    }
}

impl PartialEq<String> for Phone {
    fn eq(&self, other: &String) -> bool {
        **self == **other
    }
}

impl fmt::Debug for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self)
    }
}

impl Serialize for Phone {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self)
    }
}

impl<'de> Deserialize<'de> for Phone {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Phone::new)
    }
}

/// The phone ids of the world, each stored once; it grows with distinct numbers only (like
/// the `@lid` directory).
#[derive(Debug, Default, Clone)]
pub(crate) struct Phones(HashSet<Phone>);

// Derived data: two worlds with the same groups are equal whatever has been interned.
impl PartialEq for Phones {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Phones {
    /// The shared id for `id`.
    pub(crate) fn intern(&mut self, id: &str) -> Phone {
        if let Some(p) = self.0.get(id) {
            return p.clone();
        }
        let p = Phone::new(id);
        self.0.insert(p.clone());
        p
    }
}

impl std::borrow::Borrow<str> for Phone {
    fn borrow(&self) -> &str {
        self
    }
}

/// A member's role in the world (one byte; WAHA's `Role` with its open `Unknown` is 24).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MemberRole {
    /// Ordinary member.
    Participant,
    /// Admin.
    Admin,
    /// Owner.
    Superadmin,
}

impl MemberRole {
    /// Admin or owner.
    pub fn is_admin(self) -> bool {
        matches!(self, MemberRole::Admin | MemberRole::Superadmin)
    }

    /// WAHA's word for it.
    pub fn as_str(self) -> &'static str {
        match self {
            MemberRole::Participant => "participant",
            MemberRole::Admin => "admin",
            MemberRole::Superadmin => "superadmin",
        }
    }
}

/// A member and their role.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Member {
    /// Phone id `…@c.us`.
    pub id: Phone,
    /// `participant`, `admin` or `superadmin`.
    pub role: MemberRole,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_are_small_and_share_their_phone() {
        assert_eq!(std::mem::size_of::<Member>(), 16);
        let mut phones = Phones::default();
        let (a, b) = (phones.intern("1@c.us"), phones.intern("1@c.us"));
        assert!(Arc::ptr_eq(&a.0, &b.0));
        let m = Member { id: a, role: MemberRole::Admin };
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(json, r#"{"id":"1@c.us","role":"admin"}"#, "the exported world keeps WAHA's words");
        assert_eq!(serde_json::from_str::<Member>(&json).unwrap(), m);
    }
}
