//! The in-memory WhatsApp world: sessions mapped to accounts, global groups, invites, join
//! requests and the `@lid` directory — and WhatsApp's rules for changing them.
//!
//! Every operation takes the acting account's phone id and returns what changed
//! ([`Change`]), from which the webhook module builds the events each session sees. The
//! world is plain data (serde), so it can be exported, imported and reset.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use waha_groups::JoinMethod;

use crate::clock::Ids;
mod index;
mod member;
mod session;

pub use index::Order;
use member::Phones;
pub use member::{Member, MemberRole, Phone};
pub use session::SessionStatus;

/// A WhatsApp account a session is logged in as.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionState {
    /// Phone id of the account, `…@c.us`.
    pub phone: String,
    /// Push name.
    pub push_name: String,
    /// Only `WORKING` sessions serve group operations.
    pub status: SessionStatus,
    /// The session's `config.metadata`, copied into every webhook envelope.
    #[serde(default)]
    pub metadata: Option<serde_json::Map<String, serde_json::Value>>,
    /// The session's `config.webhooks`.
    #[serde(default)]
    pub webhooks: Vec<crate::delivery::WebhookConfig>,
}

/// A pending request to join.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PendingRequest {
    /// Phone id of the requester.
    pub requester: String,
    /// How they asked.
    pub method: JoinMethod,
    /// Who tried to add them (non-admin add).
    pub added_by: Option<String>,
    /// When, Unix ms.
    pub timestamp: i64,
}

/// A group.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct GroupState {
    /// `…@g.us`.
    pub id: String,
    /// Name.
    pub subject: String,
    /// Description ("" = none).
    pub description: String,
    /// Creator's phone id.
    pub owner: String,
    /// Creation time, Unix ms.
    pub created_ms: i64,
    /// Last subject change, Unix ms.
    pub subject_ms: i64,
    /// Members in join order.
    pub members: Vec<Member>,
    /// Only admins edit info (WhatsApp `restrict`).
    pub info_admin_only: bool,
    /// Only admins send messages (WhatsApp `announce`).
    pub messages_admin_only: bool,
    /// Every member may add members.
    pub members_can_add: bool,
    /// Members may share history with new members.
    pub members_can_share_history: bool,
    /// New members need approval.
    pub approval_required: bool,
    /// Picture URL.
    pub picture: Option<String>,
    /// Current invite code.
    pub invite_code: String,
    /// Pending join requests.
    pub requests: Vec<PendingRequest>,
}

impl GroupState {
    /// A new group with WhatsApp's default settings, created now by `owner`.
    pub fn new(
        id: String,
        subject: String,
        owner: &str,
        now_ms: i64,
        members: Vec<Member>,
        invite_code: String,
    ) -> Self {
        GroupState {
            id,
            subject,
            description: String::new(),
            owner: owner.to_owned(),
            created_ms: now_ms,
            subject_ms: now_ms,
            members,
            info_admin_only: false,
            messages_admin_only: false,
            members_can_add: true,
            members_can_share_history: false,
            approval_required: false,
            picture: None,
            invite_code,
            requests: Vec::new(),
        }
    }

    /// The member with phone id `id`.
    pub fn member(&self, id: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.id == id)
    }

    /// Whether `id` is an admin or the superadmin.
    pub fn is_admin(&self, id: &str) -> bool {
        self.member(id).is_some_and(|m| m.role.is_admin())
    }
}

/// The whole world; `PUT /__mock/state` accepts exactly this JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct World {
    /// Session name → account.
    sessions: BTreeMap<String, SessionState>,
    /// Groups in creation order.
    groups: IndexMap<String, GroupState>,
    /// Phone id → `@lid`.
    directory: BTreeMap<String, String>,
    /// Deterministic id source.
    ids: Ids,
    /// Phone ids whose privacy settings refuse direct adds: adding them answers 403 with an
    /// invitation instead (`POST /__mock/privacy`, `MockWaha::set_refuses_direct_adds`).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    refuses_direct_adds: BTreeSet<String>,
    /// Sorted views for `list`/`count` (derived; rebuilt after import).
    #[serde(skip)]
    pub(crate) index: index::ListIndex,
    /// Members' phone ids, each stored once (derived; members read after an import are
    /// shared again as they are touched).
    #[serde(skip)]
    pub(crate) phones: Phones,
}

/// A setting that changed (drives `group.v2.update`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Field {
    Subject,
    Description,
    InfoAdminOnly,
    MessagesAdminOnly,
    MembersCanAdd,
    MembersCanShareHistory,
    ApprovalRequired,
    Invite,
    Picture,
}

/// How members came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum JoinKind {
    Created,
    Added,
    InviteLink,
    Approved,
}

/// What an operation changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Change {
    Joined { who: Vec<String>, by: Option<String>, how: JoinKind },
    Left { who: Vec<String>, by: Option<String> },
    Promoted { who: Vec<String>, by: String },
    Demoted { who: Vec<String>, by: String },
    Updated { fields: Vec<Field>, by: String },
    JoinRequest { requester: String, action: waha_groups::webhook::JoinRequestAction, method: JoinMethod },
    Deleted,
}

/// A change with the group as it is afterwards (as it was, for `Deleted`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// The group after the change.
    pub group: GroupState,
    /// What happened.
    pub change: Change,
    /// When, Unix ms.
    pub at_ms: i64,
}

/// Why WhatsApp refused; the handlers turn it into the engine's error answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Unknown group, or you are not a member.
    GroupNotFound(String),
    /// Admin rights needed.
    NotAuthorized,
    /// Unknown or revoked invite code.
    InviteNotFound,
    /// The request body lacked something WAHA would crash on.
    BadInput(String),
}

/// Per-member result of a member change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberResult {
    /// The id as the request named it (WEBJS keys its answer by it).
    pub sent: String,
    /// The member's phone id.
    pub id: String,
    /// WhatsApp's code: 200 ok, 403 privacy (invitation only), 404, 406, 409...
    pub code: u16,
    /// The invitation WhatsApp created when the member's privacy refused a direct add.
    pub invite: Option<AddRequest>,
}

impl MemberResult {
    fn new(sent: &str, id: &str, code: u16) -> Self {
        MemberResult { sent: sent.to_owned(), id: id.to_owned(), code, invite: None }
    }
}

/// A private invitation created for a member who refuses direct adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddRequest {
    /// The invitation code.
    pub code: String,
    /// Expiry, Unix ms.
    pub expires_ms: i64,
}

/// How long WhatsApp keeps an add-request invitation (3 days).
const ADD_REQUEST_TTL_MS: i64 = 3 * 24 * 3600 * 1000;

/// Result of a state operation.
pub type Outcome<T> = Result<(T, Vec<Event>), Refusal>;

const DEFAULT_ACCOUNT: &str = "11111111111@c.us";

impl World {
    /// Session name → account.
    pub fn sessions(&self) -> &BTreeMap<String, SessionState> {
        &self.sessions
    }

    /// The session named `name`.
    pub fn session(&self, name: &str) -> Option<&SessionState> {
        self.sessions.get(name)
    }

    /// The session named `name`, to change its status, webhooks or metadata.
    pub(crate) fn session_mut(&mut self, name: &str) -> Option<&mut SessionState> {
        self.sessions.get_mut(name)
    }

    /// Groups in creation order, by id.
    pub fn groups(&self) -> &IndexMap<String, GroupState> {
        &self.groups
    }

    /// Phone id → `@lid`, for every number the world has seen.
    pub fn directory(&self) -> &BTreeMap<String, String> {
        &self.directory
    }

    /// The `@lid` of a phone id the world has seen.
    pub fn lid(&self, phone: &str) -> Option<&str> {
        self.directory.get(phone).map(String::as_str)
    }

    /// Whether `phone`'s privacy settings refuse direct adds (see [`World::set_refuses_direct_adds`]).
    pub fn refuses_direct_adds(&self, phone: &str) -> bool {
        self.refuses_direct_adds.contains(phone)
    }

    /// The deterministic id source and clock.
    pub fn ids(&self) -> &Ids {
        &self.ids
    }

    /// The id source, to draw ids or pin the clock.
    pub(crate) fn ids_mut(&mut self) -> &mut Ids {
        &mut self.ids
    }

    /// One session `default`, WORKING, logged in as `11111111111@c.us`.
    pub fn new(seed: u64, now_ms: i64) -> World {
        let mut world = World {
            sessions: BTreeMap::new(),
            groups: IndexMap::new(),
            directory: BTreeMap::new(),
            ids: Ids::new(seed, now_ms),
            refuses_direct_adds: BTreeSet::new(),
            index: Default::default(),
            phones: Default::default(),
        };
        world.add_session("default", DEFAULT_ACCOUNT, "Mock User", SessionStatus::Working);
        world
    }

    /// Adds (or replaces) a session logged in as `phone`.
    pub fn add_session(&mut self, name: &str, phone: &str, push_name: &str, status: SessionStatus) {
        self.lid_of(phone);
        let state = SessionState {
            phone: phone.to_owned(),
            push_name: push_name.to_owned(),
            status,
            metadata: None,
            webhooks: Vec::new(),
        };
        self.sessions.insert(name.to_owned(), state);
    }

    /// The `@lid` of a phone id, allocated on first sight (like WhatsApp assigning one).
    pub fn lid_of(&mut self, phone: &str) -> String {
        if let Some(lid) = self.directory.get(phone) {
            return lid.clone();
        }
        let lid = self.ids.lid();
        self.directory.insert(phone.to_owned(), lid.clone());
        lid
    }

    /// Marks `phone` (any id form) as refusing (or no longer refusing) direct adds.
    pub fn set_refuses_direct_adds(&mut self, phone: &str, refuses: bool) {
        let phone = self.canonical(phone);
        if refuses {
            self.refuses_direct_adds.insert(phone);
        } else {
            self.refuses_direct_adds.remove(&phone);
        }
    }

    /// The invitation WhatsApp creates when a member's privacy refuses a direct add.
    fn add_request(&mut self) -> AddRequest {
        AddRequest { code: self.ids.invite_code(), expires_ms: self.ids.now_ms() + ADD_REQUEST_TTL_MS }
    }

    /// The phone id behind a `@lid`.
    pub fn phone_of(&self, lid: &str) -> Option<&str> {
        self.directory.iter().find(|(_, l)| l.as_str() == lid).map(|(p, _)| p.as_str())
    }

    /// Turns a `@lid` into its phone id (members are stored by phone id).
    pub fn canonical(&self, id: &str) -> String {
        if id.ends_with("@lid") {
            self.phone_of(id).map_or_else(|| id.to_owned(), str::to_owned)
        } else {
            id.to_owned()
        }
    }

    /// The group, if `actor` is a member.
    pub fn visible(&self, actor: &str, id: &str) -> Result<&GroupState, Refusal> {
        self.groups.get(id).filter(|g| g.member(actor).is_some()).ok_or_else(|| Refusal::GroupNotFound(id.to_owned()))
    }

    fn visible_mut(&mut self, actor: &str, id: &str) -> Result<&mut GroupState, Refusal> {
        self.groups
            .get_mut(id)
            .filter(|g| g.member(actor).is_some())
            .ok_or_else(|| Refusal::GroupNotFound(id.to_owned()))
    }

    fn admin_mut(&mut self, actor: &str, id: &str) -> Result<&mut GroupState, Refusal> {
        let g = self.visible_mut(actor, id)?;
        if g.is_admin(actor) { Ok(g) } else { Err(Refusal::NotAuthorized) }
    }

    /// Records a change; every change to groups passes here, so the list index is dropped here.
    fn event(&mut self, id: &str, change: Change) -> Event {
        self.index.clear();
        Event { group: self.groups[id].clone(), change, at_ms: self.ids.now_ms() }
    }

    /// `account`'s group ids in `order` (ascending), from the index.
    pub fn list_view(&mut self, account: &str, order: Order) -> std::sync::Arc<Vec<String>> {
        let World { groups, index, .. } = self;
        index.view(groups, account, order)
    }

    /// Stores each member's phone id once (a deserialised world has a copy per membership).
    pub fn share_phones(&mut self) {
        let World { groups, phones, .. } = self;
        for m in groups.values_mut().flat_map(|g| g.members.iter_mut()) {
            m.id = phones.intern(&m.id);
        }
    }

    /// Adds `groups` synthetic groups of `members` members each, owned by `owner` (for load
    /// and scale tests). Members come from a pool of 10 000 numbers so the lid directory stays small.
    pub fn seed_synthetic(&mut self, owner: &str, groups: usize, members: usize) {
        const POOL: usize = 10_000;
        for n in 0..POOL.min(groups.saturating_mul(members)) {
            self.lid_of(&format!("{}@c.us", 490_000_000_000u64 + n as u64));
        }
        let now = self.ids.now_ms();
        for g in 0..groups {
            let id = self.ids.group_id();
            let mut list = Vec::with_capacity(members.max(1));
            list.push(Member { id: self.phones.intern(owner), role: MemberRole::Superadmin });
            for m in 1..members {
                let phone = format!("{}@c.us", 490_000_000_000u64 + ((g * members + m) % POOL) as u64);
                list.push(Member { id: self.phones.intern(&phone), role: MemberRole::Participant });
            }
            let subject = format!("Group {:08x}", (g as u64).wrapping_mul(2_654_435_761) & 0xffff_ffff);
            let group = GroupState::new(id.clone(), subject, owner, now, list, self.ids.invite_code());
            self.groups.insert(id, group);
        }
        self.index.clear();
    }

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

    /// Finds the group an invite code belongs to.
    pub fn by_invite(&self, code: &str) -> Result<&GroupState, Refusal> {
        self.groups.values().find(|g| g.invite_code == code).ok_or(Refusal::InviteNotFound)
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
