//! Planning a membership job from the input and one read of the group's members: who is
//! invalid, repeated, already in the wanted state, not a member, beyond the size cap — and who
//! is to be sent, in input order. Pure functions: no I/O.
//!
//! Layer: jobs (a leaf of `jobs`); it may import the foundation, `model` and `jobs/report`.

use std::collections::HashMap;

use super::report::{Action, MemberReport, MemberStatus};
use crate::ids::ContactId;
use crate::model::{Participant, Role};

pub use crate::model::WHATSAPP_GROUP_SIZE_CAP;

/// The group's members, found by phone id or by lid.
pub(crate) struct Roster<'a> {
    by_key: HashMap<&'a str, &'a Participant>,
    count: usize,
}

impl<'a> Roster<'a> {
    pub(crate) fn new(members: &'a [Participant]) -> Roster<'a> {
        let mut by_key = HashMap::with_capacity(members.len() * 2);
        for p in members {
            by_key.insert(p.id.as_str(), p);
            if let Some(pn) = p.pn.as_deref().filter(|pn| !pn.is_empty()) {
                by_key.insert(pn, p);
            }
        }
        Roster { by_key, count: members.len() }
    }

    /// The member behind `id` (a phone id or a lid), if in the group.
    pub(crate) fn find(&self, id: &str) -> Option<&'a Participant> {
        self.by_key.get(id).copied()
    }

    /// Whether `entry`'s member is in the state `action` wants.
    pub(crate) fn reached(&self, action: Action, entry: &MemberReport) -> bool {
        let member = [entry.id.as_deref(), entry.pn.as_deref()].into_iter().flatten().find_map(|k| self.find(k));
        match (action, member) {
            (Action::Add, m) => m.is_some(),
            (Action::Remove, m) => m.is_none(),
            (Action::Promote, Some(m)) => m.role.is_admin(),
            (Action::Demote, Some(m)) => !m.role.is_admin(),
            (_, None) => false,
        }
    }
}

/// The input read into entries (statuses `pending`, `invalid` or `duplicate`), each valid one
/// with its normalised id and, when it is one or the group says, its phone id. The input's
/// strings move into the entries (a job of 100,000 members keeps each once).
pub(crate) fn entries(inputs: Vec<String>, roster: &Roster) -> Vec<MemberReport> {
    let mut entries: Vec<MemberReport> = inputs
        .into_iter()
        .enumerate()
        .map(|(index, input)| {
            let parsed = ContactId::parse(&input);
            let mut e = MemberReport::new(index, input);
            match parsed {
                Err(err) => {
                    e.status = MemberStatus::Invalid;
                    e.error = Some(err.message().to_owned());
                }
                Ok(id) => {
                    let id = String::from(id);
                    e.pn = if id.ends_with("@c.us") {
                        Some(id.clone())
                    } else {
                        roster.find(&id).and_then(|p| p.pn.clone())
                    };
                    e.id = Some(id);
                }
            }
            e
        })
        .collect();
    // One key per person: the phone id when known, else the lid (borrowed, not copied).
    let mut first: HashMap<&str, usize> = HashMap::with_capacity(entries.len());
    let mut repeats = Vec::new();
    for e in &entries {
        if let Some(key) = e.pn.as_deref().or(e.id.as_deref()) {
            match first.get(key) {
                Some(&i) => repeats.push((e.index, i)),
                None => {
                    first.insert(key, e.index);
                }
            }
        }
    }
    drop(first);
    for (index, of) in repeats {
        entries[index].status = MemberStatus::Duplicate;
        entries[index].duplicate_of = Some(of);
    }
    entries
}

/// Decides each pending entry against the roster; returns the indices to send, in order.
/// `cap` limits the group's size for adds (members beyond it: `group_full`). A member invited
/// instead of added keeps a seat (they may join by the invitation), also when a resumed job
/// knows them from its state file: a resumed plan gives out the seats the first one would have.
pub(crate) fn decide(action: Action, entries: &mut [MemberReport], roster: &Roster, cap: usize) -> Vec<usize> {
    let invited = entries.iter().filter(|e| e.status == MemberStatus::Invited).count();
    let mut room = cap.saturating_sub(roster.count + invited);
    let mut send = Vec::new();
    for e in entries.iter_mut().filter(|e| e.status == MemberStatus::Pending) {
        let member = [e.id.as_deref(), e.pn.as_deref()].into_iter().flatten().find_map(|k| roster.find(k));
        if let Some(m) = member {
            // Send the id the group knows the member by (lid-addressed groups want the lid).
            e.id = Some(m.id.clone());
            e.pn = e.pn.take().or_else(|| m.pn.clone());
        }
        let status = match (action, member) {
            (Action::Add, Some(_)) | (Action::Remove, None) => Some(MemberStatus::Already),
            (Action::Promote, Some(m)) if m.role.is_admin() => Some(MemberStatus::Already),
            (Action::Demote, Some(m)) if m.role == Role::Participant => Some(MemberStatus::Already),
            (Action::Promote | Action::Demote, None) => Some(MemberStatus::NotMember),
            (Action::Add, None) if room == 0 => Some(MemberStatus::GroupFull),
            _ => None,
        };
        match status {
            Some(s) => e.status = s,
            None => {
                room = room.saturating_sub(usize::from(action == Action::Add));
                send.push(e.index);
            }
        }
    }
    send
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: &str, pn: Option<&str>, role: Role) -> Participant {
        Participant { id: id.into(), pn: pn.map(str::to_owned), role }
    }

    fn statuses(entries: &[MemberReport]) -> Vec<&'static str> {
        entries.iter().map(|e| e.status.as_str()).collect()
    }

    #[test]
    fn invalid_duplicate_already_and_cap_are_decided_up_front() {
        let group = [member("1@c.us", None, Role::Superadmin), member("900@lid", Some("2@c.us"), Role::Participant)];
        let roster = Roster::new(&group);
        let inputs: Vec<String> =
            ["+3", "alice", "3@c.us", "2@c.us", "900@lid", "4", "5", "3:1@s.whatsapp.net"].map(String::from).into();
        let mut entries = entries(inputs.clone(), &roster);
        assert_eq!(
            statuses(&entries),
            ["pending", "invalid", "duplicate", "pending", "duplicate", "pending", "pending", "duplicate"]
        );
        assert_eq!(entries[2].duplicate_of, Some(0));
        assert_eq!(entries[4].duplicate_of, Some(3), "a lid and its phone number are one member");
        assert!(entries[1].error.as_deref().unwrap().contains("alice"));
        let send = decide(Action::Add, &mut entries, &roster, 4);
        assert_eq!(send, [0, 5]);
        // Resumed with #0 invited: it keeps its seat, so #5 still gets the last one.
        let mut resumed = super::entries(inputs.clone(), &roster);
        resumed[0].status = MemberStatus::Invited;
        assert_eq!(decide(Action::Add, &mut resumed, &roster, 4), [5]);
        assert_eq!(resumed[6].status, MemberStatus::GroupFull);
        assert_eq!(
            statuses(&entries),
            ["pending", "invalid", "duplicate", "already", "duplicate", "pending", "group_full", "duplicate"]
        );
        assert_eq!(entries[3].id.as_deref(), Some("900@lid"), "the group's own id for its member");
    }

    #[test]
    fn remove_promote_and_demote_look_at_membership_and_role() {
        let group = [
            member("1@c.us", None, Role::Superadmin),
            member("2@c.us", None, Role::Admin),
            member("900@lid", Some("3@c.us"), Role::Participant),
        ];
        let roster = Roster::new(&group);
        let inputs: Vec<String> = ["2", "3", "4"].map(String::from).into();
        let cases = [
            (Action::Remove, vec![0, 1], ["pending", "pending", "already"]),
            (Action::Promote, vec![1], ["already", "pending", "not_member"]),
            (Action::Demote, vec![0], ["pending", "already", "not_member"]),
        ];
        for (action, want_send, want) in cases {
            let mut e = entries(inputs.clone(), &roster);
            assert_eq!(decide(action, &mut e, &roster, usize::MAX), want_send, "{action}");
            assert_eq!(statuses(&e), want, "{action}");
            assert_eq!(e[1].id.as_deref(), Some("900@lid"), "{action}: sent as the group knows them");
        }
        let reached = |action, id: &str| {
            let mut e = MemberReport::new(0, id);
            e.id = Some(id.into());
            roster.reached(action, &e)
        };
        assert!(reached(Action::Add, "3@c.us") && !reached(Action::Add, "4@c.us"));
        assert!(reached(Action::Remove, "4@c.us") && !reached(Action::Remove, "900@lid"));
        assert!(reached(Action::Promote, "2@c.us") && !reached(Action::Promote, "3@c.us"));
        assert!(reached(Action::Demote, "3@c.us") && !reached(Action::Demote, "4@c.us"));
    }
}
