//! Join requests: asking to join an approval-required group, withdrawing, and an admin's
//! approval or rejection.

use waha_groups::JoinMethod;

use super::*;

impl World {
    /// Approves or rejects pending requests (admins only). Results: (requester, ok, error).
    pub fn answer_requests(
        &mut self,
        actor: &str,
        id: &str,
        requesters: &[String],
        approve: bool,
    ) -> Outcome<Vec<(String, bool)>> {
        let requesters: Vec<(String, Phone)> = requesters
            .iter()
            .map(|p| {
                let p = self.canonical(p);
                let phone = self.phones.intern(&p);
                (p, phone)
            })
            .collect();
        let g = self.admin_mut(actor, id)?;
        let mut results = Vec::new();
        let mut approved = Vec::new();
        let mut rejected = Vec::new();
        for (r, phone) in requesters {
            let Some(pos) = g.requests.iter().position(|p| p.requester == r) else {
                results.push((r, false));
                continue;
            };
            let request = g.requests.remove(pos);
            if approve {
                g.members.push(Member { id: phone, role: MemberRole::Participant });
                approved.push(r.clone());
            } else {
                rejected.push((r.clone(), request.method));
            }
            results.push((r, true));
        }
        let mut events = Vec::new();
        if !approved.is_empty() {
            events.push(
                self.event(id, Change::Joined { who: approved, by: Some(actor.to_owned()), how: JoinKind::Approved }),
            );
        }
        for (requester, method) in rejected {
            let action = waha_groups::webhook::JoinRequestAction::Rejected;
            events.push(self.event(id, Change::JoinRequest { requester, action, method }));
        }
        Ok((results, events))
    }

    /// Someone asks to join by link even where no approval is needed (simulation of the other side).
    pub fn request_join(&mut self, requester: &str, id: &str) -> Outcome<()> {
        let now = self.ids.tick();
        let g = self.groups.get_mut(id).ok_or_else(|| Refusal::GroupNotFound(id.to_owned()))?;
        if g.member(requester).is_some() || g.requests.iter().any(|r| r.requester == requester) {
            return Ok(((), vec![]));
        }
        let method = JoinMethod::InviteLink;
        g.requests.push(PendingRequest {
            requester: requester.to_owned(),
            method: method.clone(),
            added_by: None,
            timestamp: now,
        });
        let action = waha_groups::webhook::JoinRequestAction::Created;
        let event = self.event(id, Change::JoinRequest { requester: requester.to_owned(), action, method });
        Ok(((), vec![event]))
    }

    /// The requester withdraws their own request (simulation only: WAHA has no route for it).
    pub fn revoke_request(&mut self, requester: &str, id: &str) -> Outcome<()> {
        let g = self.groups.get_mut(id).ok_or_else(|| Refusal::GroupNotFound(id.to_owned()))?;
        let pos = g.requests.iter().position(|r| r.requester == requester).ok_or(Refusal::NotAuthorized)?;
        let request = g.requests.remove(pos);
        let action = waha_groups::webhook::JoinRequestAction::Revoked;
        let event =
            self.event(id, Change::JoinRequest { requester: requester.to_owned(), action, method: request.method });
        Ok(((), vec![event]))
    }
}
