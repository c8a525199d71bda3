//! The in-memory WhatsApp world: sessions mapped to accounts, global groups, invites, join
//! requests and the `@lid` directory — and WhatsApp's rules for changing them.
//!
//! Every operation takes the acting account's phone id and returns what changed
//! ([`Change`]), from which the webhook module builds the events each session sees. The
//! world is plain data (serde), so it can be exported, imported and reset.
//!
//! Files: this one holds [`World`], its directory and the helpers every change uses;
//! `records` the data kept per session and group; `outcome` what a change answers;
//! `groups`, `membership` and `requests` the operations, by what they change.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::clock::Ids;
mod groups;
mod index;
mod limits;
mod member;
mod membership;
mod outcome;
mod records;
mod requests;
mod session;

pub use index::Order;
pub use limits::{GROUP_FULL_CODE, Limits, MemberRate, WHATSAPP_GROUP_SIZE_CAP};
use member::Phones;
pub use member::{Member, MemberRole, Phone};
pub use outcome::{AddRequest, Change, Event, Field, JoinKind, MemberResult, Outcome, Refusal};
pub use records::{GroupState, PendingRequest, SessionState};
pub use session::SessionStatus;

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
    /// WhatsApp's limits, when simulated (`PUT /__mock/limits`); none by default.
    #[serde(default, skip_serializing_if = "is_off")]
    limits: Limits,
    /// The rate limit's buckets (derived; empty after an import).
    #[serde(skip)]
    buckets: limits::Buckets,
    /// Sorted views for `list`/`count` (derived; rebuilt after import).
    #[serde(skip)]
    pub(crate) index: index::ListIndex,
    /// Members' phone ids, each stored once (derived; members read after an import are
    /// shared again as they are touched).
    #[serde(skip)]
    pub(crate) phones: Phones,
}

fn is_off(limits: &Limits) -> bool {
    *limits == Limits::default()
}

/// How long WhatsApp keeps an add-request invitation (3 days).
const ADD_REQUEST_TTL_MS: i64 = 3 * 24 * 3600 * 1000;

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
            limits: Limits::default(),
            buckets: Default::default(),
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

    /// The simulated limits.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Sets the simulated limits (checked first); the rate buckets start full again.
    pub fn set_limits(&mut self, limits: Limits) -> Result<(), String> {
        limits.validate()?;
        self.limits = limits;
        self.buckets.clear();
        Ok(())
    }

    /// Takes `members` from the member-change rate of `account` (the session's account), or
    /// refuses with `rate-overlimit` when the limit is on and the bucket is short.
    pub fn take_member_rate(&mut self, account: &str, members: usize) -> Result<(), Refusal> {
        let Some(rate) = self.limits.member_rate else { return Ok(()) };
        let now = self.ids.now_ms();
        if self.buckets.take(rate, account, members, now) { Ok(()) } else { Err(Refusal::RateOverlimit) }
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
}
