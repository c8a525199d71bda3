//! Creating, changing and deleting groups: create, setting updates, invite codes, lookup by
//! invite, delete.

use std::collections::HashSet;

use super::*;

impl World {
    /// Creates a group with `actor` as superadmin.
    pub fn create(
        &mut self,
        actor: &str,
        name: &str,
        participants: &[String],
    ) -> Outcome<(GroupState, Vec<MemberResult>)> {
        if name.trim().is_empty() {
            return Err(Refusal::BadInput("name".into()));
        }
        let id = self.ids.group_id();
        let now = self.ids.tick();
        let mut members = vec![Member { id: self.phones.intern(actor), role: MemberRole::Superadmin }];
        // Membership by set: bulk creates stay linear.
        let mut in_group: HashSet<String> = HashSet::from([actor.to_owned()]);
        let mut results = Vec::new();
        for sent in participants {
            let p = self.canonical(sent);
            self.lid_of(&p);
            if in_group.contains(&p) {
                results.push(MemberResult::new(sent, &p, 409));
            } else if self.refuses_direct_adds.contains(&p) {
                results.push(MemberResult { invite: Some(self.add_request()), ..MemberResult::new(sent, &p, 403) });
            } else {
                in_group.insert(p.clone());
                members.push(Member { id: self.phones.intern(&p), role: MemberRole::Participant });
                results.push(MemberResult::new(sent, &p, 200));
            }
        }
        let group = GroupState::new(id.clone(), name.to_owned(), actor, now, members, self.ids.invite_code());
        self.groups.insert(id.clone(), group.clone());
        let who = group.members.iter().map(|m| m.id.to_string()).collect();
        let event = self.event(&id, Change::Joined { who, by: Some(actor.to_owned()), how: JoinKind::Created });
        Ok(((group, results), vec![event]))
    }

    /// Changes a text or boolean field; info fields follow `info_admin_only`, settings need admin.
    pub fn update(&mut self, actor: &str, id: &str, field: Field, apply: impl FnOnce(&mut GroupState)) -> Outcome<()> {
        let info_field = matches!(field, Field::Subject | Field::Description | Field::Picture);
        let g = self.visible_mut(actor, id)?;
        let allowed = g.is_admin(actor) || (info_field && !g.info_admin_only);
        if !allowed {
            return Err(Refusal::NotAuthorized);
        }
        let before = g.clone();
        apply(g);
        let subject_changed = g.subject != before.subject;
        if subject_changed {
            let now = self.ids.tick();
            if let Some(g) = self.groups.get_mut(id) {
                g.subject_ms = now;
            }
        }
        let changed = self.groups[id] != before;
        let events = if changed {
            vec![self.event(id, Change::Updated { fields: vec![field], by: actor.to_owned() })]
        } else {
            vec![]
        };
        Ok(((), events))
    }

    /// Revokes the invite code: the old one stops working.
    pub fn revoke_invite(&mut self, actor: &str, id: &str) -> Outcome<String> {
        let code = self.ids.invite_code();
        self.admin_mut(actor, id)?.invite_code = code.clone();
        let event = self.event(id, Change::Updated { fields: vec![Field::Invite], by: actor.to_owned() });
        Ok((code, vec![event]))
    }

    /// The invite code (admins only).
    pub fn invite_code(&mut self, actor: &str, id: &str) -> Result<String, Refusal> {
        Ok(self.admin_mut(actor, id)?.invite_code.clone())
    }

    /// Finds the group an invite code belongs to.
    pub fn by_invite(&self, code: &str) -> Result<&GroupState, Refusal> {
        self.groups.values().find(|g| g.invite_code == code).ok_or(Refusal::InviteNotFound)
    }

    /// WEBJS/WPP "delete chat": the superadmin deletes the group for everyone, others leave it.
    pub fn delete(&mut self, actor: &str, id: &str) -> Outcome<()> {
        let g = self.visible(actor, id)?;
        if g.member(actor).is_some_and(|m| m.role == MemberRole::Superadmin) {
            let event = Event { group: g.clone(), change: Change::Deleted, at_ms: self.ids.now_ms() };
            self.groups.shift_remove(id);
            self.index.clear();
            Ok(((), vec![event]))
        } else {
            self.leave(actor, id)
        }
    }
}
