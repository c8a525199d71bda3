//! What WhatsApp's wire words mean, shared by every engine's wire structs: a member's phone
//! number, the `memberAddMode` words, and a role from admin flags.
//!
//! Layer: wire shapes (a leaf of `engine`); it may import the foundation and `model`.

use crate::model::Role;

/// `pn` for a member: the given phone number, else the id itself when it is a phone number.
pub(crate) fn pn_for(id: &str, phone: Option<String>) -> Option<String> {
    phone.or_else(|| id.ends_with("@c.us").then(|| id.to_owned()))
}

/// WhatsApp's `memberAddMode` words: `all_member_add` (every member may add) or `admin_add`.
pub(crate) fn member_add_mode(mode: &str) -> Option<bool> {
    match mode {
        "all_member_add" => Some(true),
        "admin_add" => Some(false),
        _ => None,
    }
}

pub(crate) fn role_from_flags(is_admin: bool, is_super: bool) -> Role {
    match (is_admin, is_super) {
        (_, true) => Role::Superadmin,
        (true, false) => Role::Admin,
        _ => Role::Participant,
    }
}
