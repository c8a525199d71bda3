//! The group lifecycle, step by step, with the webhook events each step triggered.
//!
//! Runs against an in-process mock WAHA (nothing to start), or against a real WAHA when
//! `WAHA_URL` is set (then `WAHA_API_KEY`, and `WAHA_SESSION` default `default`; events are
//! not shown since they go to your webhook URL). `make demo` runs this.

use std::error::Error;

use waha_groups::{Client, Engine, ListGroups, ParticipantOutcomes, SortBy};
use waha_mock::MockWaha;

const BOB: &str = "22222222222@c.us";
const CAROL: &str = "33333333333@c.us";
/// Dave's privacy settings refuse direct adds (in the mock; on a real WAHA, whoever does).
const DAVE: &str = "+44444444444";

/// Prints the events the mock emitted since the last call, as a webhook receiver would see them.
struct EventTail<'a> {
    mock: Option<&'a MockWaha>,
    seen: usize,
}

impl EventTail<'_> {
    fn show(&mut self) {
        let Some(mock) = self.mock else { return };
        let events = mock.events(None, None);
        for e in &events[self.seen.min(events.len())..] {
            println!("      ↳ webhook to {:<8} {}", e.session, describe(&e.typed().payload));
        }
        self.seen = events.len();
    }
}

fn describe(p: &waha_groups::webhook::GroupEvent) -> String {
    use waha_groups::webhook::GroupEvent as E;
    match p {
        E::Join(j) => format!("group.v2.join          {:?} ({} members)", j.group.subject, j.group.participants.len()),
        E::Leave(l) => format!("group.v2.leave         {}", l.group_id),
        E::Update(u) => {
            let g = &u.group;
            let mut changed = Vec::new();
            if let Some(s) = &g.subject {
                changed.push(format!("subject={s:?}"));
            }
            if let Some(d) = &g.description {
                changed.push(format!("description={d:?}"));
            }
            if let Some(v) = g.messages_admin_only {
                changed.push(format!("messages_admin_only={v}"));
            }
            for (name, value) in [
                ("info_admin_only", g.info_admin_only),
                ("members_can_add", g.members_can_add),
                ("approval_required", g.approval_required),
            ] {
                if let Some(v) = value {
                    changed.push(format!("{name}={v}"));
                }
            }
            if g.invite_code.is_some() {
                changed.push("new invite link".into());
            }
            format!("group.v2.update        {}", changed.join(", "))
        }
        E::Participants(p) => {
            let ids: Vec<_> = p.participants.iter().map(|m| m.id.as_str()).collect();
            format!("group.v2.participants  {} {}", p.kind, ids.join(", "))
        }
        E::JoinRequest(r) => format!("…participants.join-request {} by {}", r.action, r.requester_id),
        E::LegacyJoin(l) => format!("group.join (legacy)    {:?}", l.participants),
        E::LegacyLeave(l) => format!("group.leave (legacy)   {:?}", l.participants),
        E::Other { event, .. } => event.clone(),
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let (mock, client, session) = match std::env::var("WAHA_URL") {
        Ok(_) => {
            let session = std::env::var("WAHA_SESSION").unwrap_or_else(|_| "default".into());
            println!("Using the WAHA at {}", std::env::var("WAHA_URL")?);
            (None, Client::from_env()?, session)
        }
        Err(_) => {
            let mock = MockWaha::builder().engine(Engine::Noweb).api_key("secret").session("bob", BOB).start().await?;
            mock.set_refuses_direct_adds(DAVE, true)?;
            println!("Started an in-process mock WAHA ({} persona) at {}", mock.engine(), mock.url());
            println!("Sessions: default (you, 11111111111@c.us) and bob ({BOB})\n");
            let client = Client::builder().base_url(mock.url()).api_key("secret").build()?;
            (Some(mock), client, "default".to_owned())
        }
    };
    let mut tail = EventTail { mock: mock.as_ref(), seen: 0 };
    let groups = client.groups(&session);

    println!("1. Create a group with Bob");
    let g = groups.create("Team", [BOB]).await?;
    println!("   {} {:?}, {} members", g.id, g.subject, g.participants.len());
    tail.show();

    println!("2. Rename it and describe it");
    groups.set_subject(&g.id, "Team 2026").await?;
    groups.set_description(&g.id, "Planning for next year").await?;
    tail.show();

    println!("3. Only admins may send messages");
    groups.set_messages_admin_only(&g.id, true).await?;
    println!("   messages_admin_only = {}", groups.messages_admin_only(&g.id).await?);
    tail.show();

    println!("4. Add Carol and Dave, make Carol an admin");
    let outcomes = groups.add_participants(&g.id, [CAROL, DAVE]).await?;
    for o in &outcomes {
        let who = o.requested.as_deref().unwrap_or(&o.id);
        println!("   add {who}: ok={} (code {:?}, answered as {})", o.ok, o.code, o.id);
    }
    // 403: their privacy settings allow joining by invitation only; WhatsApp created one.
    for o in outcomes.invitations() {
        let who = o.pn.as_deref().unwrap_or(&o.id);
        let code = o.invite_code.as_deref().unwrap_or("(none: send the group's invite link)");
        println!("   -> send {who} a private invitation: code {code}, expires at {:?} (Unix ms)", o.invite_expires_at);
    }
    groups.promote(&g.id, [CAROL]).await?;
    tail.show();

    println!("5. Members (v2, with phone numbers and roles)");
    for p in groups.participants(&g.id).await? {
        println!("   {:<24} pn={:<20} {}", p.id, p.pn.as_deref().unwrap_or("-"), p.role);
    }

    println!("6. Rotate the invite link");
    let old = groups.invite_code(&g.id).await?;
    let new = groups.revoke_invite_code(&g.id).await?;
    println!("   {} -> {}", old.url(), new.url());
    tail.show();

    if mock.is_some() {
        println!("7. Bob leaves; approval is switched on; Bob asks to come back via the link");
        let bob = client.groups("bob");
        bob.leave(&g.id).await?;
        groups.set_membership_approval(&g.id, true).await?;
        let joined = bob.join(new.url()).await?;
        println!("   join answered {joined:?} (a request, not a join)");
        tail.show();
        println!("8. Approve Bob's request");
        for r in groups.join_requests(&g.id).await? {
            let method = r.method.as_ref().map_or("unknown", |m| m.as_str());
            println!("   pending: {} ({}) via {method}", r.requester_id, r.requester_pn.as_deref().unwrap_or("?"));
        }
        groups.approve_join_requests(&g.id, [BOB]).await?;
        tail.show();
    }

    println!("9. All my groups, sorted by subject");
    for g in groups.list(ListGroups::new().sort_by(SortBy::Subject).limit(50)).await? {
        println!("   {} {:?}", g.id, g.subject);
    }

    println!("10. Leave the group");
    groups.leave(&g.id).await?;
    tail.show();
    println!("\nDone: {} groups left for this session.", groups.count().await?);
    Ok(())
}
