//! Who is in a group: adding, removing, promoting and demoting members, joining by invite
//! and leaving.

use std::collections::HashSet;

use waha_groups::JoinMethod;

use super::*;

impl World {
    /// Adds members. A non-admin in an admin-add group is refused; in an approval-required
    /// group a non-admin's add becomes a join request (`non_admin_add`).
    pub fn add(&mut self, actor: &str, id: &str, participants: &[String]) -> Outcome<Vec<MemberResult>> {
        let participants: Vec<(&String, Phone, bool)> = participants
            .iter()
            .map(|sent| {
                let p = self.canonical(sent);
                self.lid_of(&p);
                let refuses = self.refuses_direct_adds.contains(&p);
                (sent, self.phones.intern(&p), refuses)
            })
            .collect();
        let now = self.ids.tick();
        let cap = self.limits.group_size_cap.map_or(usize::MAX, |c| c as usize);
        let g = self.visible_mut(actor, id)?;
        let is_admin = g.is_admin(actor);
        if !is_admin && !g.members_can_add {
            return Err(Refusal::NotAuthorized);
        }
        let as_request = !is_admin && g.approval_required;
        let mut results = Vec::new();
        let mut joined = Vec::new();
        let mut requested = Vec::new();
        let mut refused = Vec::new();
        let mut in_group: HashSet<Phone> = g.members.iter().map(|m| m.id.clone()).collect();
        for (sent, p, refuses) in participants {
            if in_group.contains(&p) {
                results.push(MemberResult::new(sent, &p, 409));
            } else if !as_request && g.members.len() >= cap {
                results.push(MemberResult::new(sent, &p, GROUP_FULL_CODE));
            } else if !as_request && refuses {
                refused.push(results.len());
                results.push(MemberResult::new(sent, &p, 403));
            } else if as_request {
                if !g.requests.iter().any(|r| p == r.requester) {
                    g.requests.push(PendingRequest {
                        requester: p.to_string(),
                        method: JoinMethod::NonAdminAdd,
                        added_by: Some(actor.to_owned()),
                        timestamp: now,
                    });
                    requested.push(p.to_string());
                }
                results.push(MemberResult::new(sent, &p, 200));
            } else {
                g.requests.retain(|r| p != r.requester);
                in_group.insert(p.clone());
                joined.push(p.to_string());
                g.members.push(Member { id: p.clone(), role: MemberRole::Participant });
                results.push(MemberResult::new(sent, &p, 200));
            }
        }
        for i in refused {
            results[i].invite = Some(self.add_request());
        }
        let mut events = Vec::new();
        if !joined.is_empty() {
            events
                .push(self.event(id, Change::Joined { who: joined, by: Some(actor.to_owned()), how: JoinKind::Added }));
        }
        for requester in requested {
            let action = waha_groups::webhook::JoinRequestAction::Created;
            events.push(self.event(id, Change::JoinRequest { requester, action, method: JoinMethod::NonAdminAdd }));
        }
        Ok((results, events))
    }

    /// Removes members (admins only; the superadmin cannot be removed).
    pub fn remove(&mut self, actor: &str, id: &str, participants: &[String]) -> Outcome<Vec<MemberResult>> {
        let participants: Vec<(&String, String)> = participants.iter().map(|p| (p, self.canonical(p))).collect();
        let g = self.admin_mut(actor, id)?;
        let mut results = Vec::new();
        let mut left = Vec::new();
        for (sent, p) in participants {
            let code = match g.member(&p).map(|m| m.role) {
                None => 404,
                Some(MemberRole::Superadmin) if p != actor => 406,
                Some(_) => {
                    g.members.retain(|m| m.id != p);
                    left.push(p.clone());
                    200
                }
            };
            results.push(MemberResult::new(sent, &p, code));
        }
        let events = if left.is_empty() {
            vec![]
        } else {
            vec![self.event(id, Change::Left { who: left, by: Some(actor.to_owned()) })]
        };
        Ok((results, events))
    }

    /// Promotes (`to_admin`) or demotes members (admins only; the superadmin keeps its role).
    pub fn set_admin(
        &mut self,
        actor: &str,
        id: &str,
        participants: &[String],
        to_admin: bool,
    ) -> Outcome<Vec<MemberResult>> {
        let participants: Vec<(&String, String)> = participants.iter().map(|p| (p, self.canonical(p))).collect();
        let g = self.admin_mut(actor, id)?;
        let mut results = Vec::new();
        let mut changed = Vec::new();
        for (sent, p) in participants {
            let code = match g.members.iter_mut().find(|m| m.id == p) {
                None => 404,
                Some(m) if m.role == MemberRole::Superadmin => 406,
                Some(m) => {
                    let role = if to_admin { MemberRole::Admin } else { MemberRole::Participant };
                    if m.role != role {
                        m.role = role;
                        changed.push(p.clone());
                    }
                    200
                }
            };
            results.push(MemberResult::new(sent, &p, code));
        }
        let by = actor.to_owned();
        let change = if to_admin {
            Change::Promoted { who: changed.clone(), by }
        } else {
            Change::Demoted { who: changed.clone(), by }
        };
        let events = if changed.is_empty() { vec![] } else { vec![self.event(id, change)] };
        Ok((results, events))
    }

    /// Joins by invite code. Returns `Some(group id)`, or `None` when a join request was made.
    pub fn join(&mut self, actor: &str, code: &str) -> Outcome<Option<String>> {
        let id = self.by_invite(code)?.id.clone();
        let g = &self.groups[&id];
        if g.member(actor).is_some() {
            return Ok((Some(id), vec![]));
        }
        if g.approval_required {
            return self.request_join(actor, &id).map(|((), events)| (None, events));
        }
        self.ids.tick();
        let member = Member { id: self.phones.intern(actor), role: MemberRole::Participant };
        self.groups.get_mut(&id).expect("found above").members.push(member);
        let event =
            self.event(&id, Change::Joined { who: vec![actor.to_owned()], by: None, how: JoinKind::InviteLink });
        Ok((Some(id), vec![event]))
    }

    /// Leaves; an empty group disappears.
    pub fn leave(&mut self, actor: &str, id: &str) -> Outcome<()> {
        self.visible_mut(actor, id)?.members.retain(|m| m.id != actor);
        let event = self.event(id, Change::Left { who: vec![actor.to_owned()], by: None });
        if self.groups[id].members.is_empty() {
            self.groups.shift_remove(id);
        }
        Ok(((), vec![event]))
    }
}
