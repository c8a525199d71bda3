//! The control API under `/__mock/` and the same operations for in-process callers.
//!
//! | route | effect |
//! |---|---|
//! | `POST /__mock/reset` | back to the start state (seed or imported state); journal, events and faults cleared |
//! | `GET /__mock/state` · `PUT /__mock/state` | export · import the whole world (the import becomes the reset point) |
//! | `POST /__mock/sessions` | add a session `{name, phone, pushName?, status?, webhooks?, metadata?}` |
//! | `PUT /__mock/sessions/{name}/status` | `{status}`: WORKING, STOPPED, STARTING, SCAN_QR_CODE, FAILED |
//! | `GET /__mock/journal` · `DELETE` | requests answered; filters `operation, method, session, status, since` |
//! | `GET /__mock/events` · `DELETE` | emitted webhook events with delivery results; filters `session, event` |
//! | `GET /__mock/faults` · `POST` · `DELETE` | list · add ([`FaultSpec`]) · clear injected faults |
//! | `POST /__mock/clock` | `{now_ms}`: pin the clock |
//! | `POST /__mock/seed` | `{session?, groups, members}`: add synthetic groups (load and scale tests) |
//! | `POST /__mock/simulate` | the other side acts ([`Simulation`]) |

use serde::Deserialize;
use serde_json::{Value, json};
use wiremock::Request;

use crate::delivery::WebhookConfig;
use crate::events;
use crate::faults::FaultSpec;
use crate::journal::JournalFilter;
use crate::persona::errors::Reply;
use crate::shared::Shared;
use crate::state::{Field, Limits, Outcome, Refusal, SessionStatus, World};

/// Something another WhatsApp user does, so apps can be tested on incoming events.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum Simulation {
    /// `actor` joins through the group's current invite link (a request if approval is required).
    JoinByLink {
        /// Group id.
        group: String,
        /// Phone id of the person joining.
        actor: String,
    },
    /// `actor` leaves.
    Leave {
        /// Group id.
        group: String,
        /// Phone id of the member.
        actor: String,
    },
    /// Admin `actor` adds members.
    Add {
        /// Group id.
        group: String,
        /// Admin phone id.
        actor: String,
        /// Phone ids.
        participants: Vec<String>,
    },
    /// Admin `actor` removes members.
    Remove {
        /// Group id.
        group: String,
        /// Admin phone id.
        actor: String,
        /// Phone ids.
        participants: Vec<String>,
    },
    /// Admin `actor` promotes members.
    Promote {
        /// Group id.
        group: String,
        /// Admin phone id.
        actor: String,
        /// Phone ids.
        participants: Vec<String>,
    },
    /// Admin `actor` demotes members.
    Demote {
        /// Group id.
        group: String,
        /// Admin phone id.
        actor: String,
        /// Phone ids.
        participants: Vec<String>,
    },
    /// `actor` asks to join (creates a pending request).
    RequestJoin {
        /// Group id.
        group: String,
        /// Phone id.
        actor: String,
    },
    /// `actor` withdraws their request.
    RevokeRequest {
        /// Group id.
        group: String,
        /// Phone id.
        actor: String,
    },
    /// `actor` renames the group.
    SetSubject {
        /// Group id.
        group: String,
        /// Member phone id.
        actor: String,
        /// New name.
        subject: String,
    },
    /// `actor` changes the description.
    SetDescription {
        /// Group id.
        group: String,
        /// Member phone id.
        actor: String,
        /// New description.
        description: String,
    },
}

fn canonical(world: &mut World, id: &str) -> Result<String, String> {
    let id = waha_groups::ContactId::parse(id).map_err(|e| e.message().to_owned())?;
    let id = world.canonical(id.as_str());
    world.lid_of(&id);
    Ok(id)
}

/// Applies a simulation; returns the number of webhook events it emitted.
pub(crate) fn simulate(shared: &Shared, sim: Simulation) -> Result<usize, String> {
    let mut guard = shared.lock();
    let state = &mut *guard;
    let before = state.events.emitted();
    let mut outbox = shared.outbox(&mut state.events);
    let world = &mut state.world;
    let ids = |w: &mut World, list: &[String]| list.iter().map(|p| canonical(w, p)).collect::<Result<Vec<_>, _>>();
    let outcome: Outcome<()> = match &sim {
        Simulation::JoinByLink { group, actor } => {
            let actor = canonical(world, actor)?;
            let code = world.groups().get(group).map(|g| g.invite_code.clone()).ok_or(format!("no group {group}"))?;
            world.join(&actor, &code).map(|(_, e)| ((), e))
        }
        Simulation::Leave { group, actor } => {
            let actor = canonical(world, actor)?;
            world.leave(&actor, group)
        }
        Simulation::Add { group, actor, participants }
        | Simulation::Remove { group, actor, participants }
        | Simulation::Promote { group, actor, participants }
        | Simulation::Demote { group, actor, participants } => {
            let actor = canonical(world, actor)?;
            let list = ids(world, participants)?;
            let r = match &sim {
                Simulation::Add { .. } => world.add(&actor, group, &list),
                Simulation::Remove { .. } => world.remove(&actor, group, &list),
                Simulation::Promote { .. } => world.set_admin(&actor, group, &list, true),
                _ => world.set_admin(&actor, group, &list, false),
            };
            r.map(|(_, e)| ((), e))
        }
        Simulation::RequestJoin { group, actor } => {
            let actor = canonical(world, actor)?;
            world.request_join(&actor, group)
        }
        Simulation::RevokeRequest { group, actor } => {
            let actor = canonical(world, actor)?;
            world.revoke_request(&actor, group)
        }
        Simulation::SetSubject { group, actor, subject } => {
            let actor = canonical(world, actor)?;
            let subject = subject.clone();
            world.update(&actor, group, Field::Subject, |g| g.subject = subject)
        }
        Simulation::SetDescription { group, actor, description } => {
            let actor = canonical(world, actor)?;
            let description = description.clone();
            world.update(&actor, group, Field::Description, |g| g.description = description)
        }
    };
    let ((), events) = outcome.map_err(|r| match r {
        Refusal::GroupNotFound(id) => format!("group {id} does not exist or the actor is not a member"),
        Refusal::NotAuthorized => "the actor is not allowed to do that (admin rights needed)".to_owned(),
        Refusal::InviteNotFound => "invite code not found".to_owned(),
        Refusal::BadInput(f) => format!("missing {f}"),
        Refusal::RateOverlimit => "rate-overlimit".to_owned(),
    })?;
    events::emit(&mut outbox, world, events);
    Ok((outbox.log.emitted() - before) as usize)
}

/// Adds synthetic groups to `session`'s account.
pub(crate) fn seed(shared: &Shared, session: &str, groups: usize, members: usize) -> Result<(), String> {
    if groups > 1_000_000 || members > 1024 {
        return Err("at most 1 000 000 groups of at most 1024 members".into());
    }
    let mut state = shared.lock();
    let world = &mut state.world;
    let owner = world.session(session).map(|s| s.phone.clone()).ok_or_else(|| format!("no session {session:?}"))?;
    world.seed_synthetic(&owner, groups, members.max(1));
    Ok(())
}

/// Back to the start state; journal, events and faults cleared.
pub(crate) fn reset(shared: &Shared) {
    let mut state = shared.lock();
    state.world = state.initial.clone();
    state.journal.clear();
    state.events.clear();
    state.faults.clear();
}

/// Replaces the world; it also becomes the reset point.
pub(crate) fn import(shared: &Shared, mut world: World) -> Result<(), String> {
    world.share_phones();
    for (name, s) in world.sessions() {
        for w in &s.webhooks {
            w.validate().map_err(|e| format!("session {name}: {e}"))?;
        }
    }
    let mut state = shared.lock();
    state.initial = world.clone();
    state.world = world;
    Ok(())
}

/// Sets a session's status.
pub(crate) fn set_session_status(shared: &Shared, name: &str, status: SessionStatus) -> Result<(), String> {
    let mut state = shared.lock();
    let world = &mut state.world;
    let session = world.session_mut(name).ok_or_else(|| format!("no session {name:?}"))?;
    session.status = status;
    Ok(())
}

/// Marks a number as refusing (or accepting) direct adds; `phone` in any id form.
pub(crate) fn set_refuses_direct_adds(shared: &Shared, phone: &str, refuses: bool) -> Result<(), String> {
    let phone = waha_groups::ContactId::parse(phone).map_err(|e| e.message().to_owned())?;
    shared.lock().world.set_refuses_direct_adds(phone.as_str(), refuses);
    Ok(())
}

/// Sets the world's simulated limits (`PUT /__mock/limits`); they stay across `reset`.
pub(crate) fn set_limits(shared: &Shared, limits: Limits) -> Result<(), String> {
    let mut state = shared.lock();
    state.world.set_limits(limits)?;
    state.initial.set_limits(limits)
}

/// Body of `POST /__mock/privacy`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PrivacySetting {
    phone: String,
    refuses_direct_adds: bool,
}

/// A session to add.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewSession {
    /// Session name.
    pub name: String,
    /// Phone id of its account.
    pub phone: String,
    /// Display name.
    #[serde(default)]
    pub push_name: Option<String>,
    /// Status (default WORKING).
    #[serde(default)]
    pub status: Option<SessionStatus>,
    /// Webhooks.
    #[serde(default)]
    pub webhooks: Vec<WebhookConfig>,
    /// `config.metadata`.
    #[serde(default)]
    pub metadata: Option<serde_json::Map<String, Value>>,
}

/// Adds (or replaces) a session.
pub(crate) fn add_session(shared: &Shared, s: NewSession) -> Result<(), String> {
    if s.name.is_empty() {
        return Err("session name must not be empty".into());
    }
    for w in &s.webhooks {
        w.validate()?;
    }
    let status = s.status.unwrap_or(SessionStatus::Working);
    let mut state = shared.lock();
    let world = &mut state.world;
    let phone = canonical(world, &s.phone)?;
    world.add_session(&s.name, &phone, s.push_name.as_deref().unwrap_or(&s.name), status);
    let session = world.session_mut(&s.name).expect("just added");
    session.webhooks = s.webhooks;
    session.metadata = s.metadata;
    Ok(())
}

fn bad_request(message: impl Into<String>) -> Reply {
    Reply::json(400, json!({"message": message.into(), "error": "Bad Request", "statusCode": 400}))
}

fn parse<T: serde::de::DeserializeOwned>(req: &Request) -> Result<T, Reply> {
    serde_json::from_slice(&req.body).map_err(|e| bad_request(format!("invalid JSON body: {e}")))
}

fn query(req: &Request, name: &str) -> Option<String> {
    req.url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
}

fn result(r: Result<Value, String>) -> Reply {
    match r {
        Ok(v) => Reply::json(200, v),
        Err(e) => bad_request(e),
    }
}

/// Answers a `/__mock/*` request.
pub(crate) fn handle(shared: &Shared, req: &Request) -> Reply {
    let path = req.url.path().trim_end_matches('/');
    let segments: Vec<&str> = path.split('/').skip(2).collect();
    let method = req.method.as_str();
    let ok = || Ok(json!({"ok": true}));
    match (method, segments.as_slice()) {
        ("POST", ["reset"]) => {
            reset(shared);
            result(ok())
        }
        ("GET", ["state"]) => Reply::json(200, serde_json::to_value(&shared.lock().world).unwrap_or_default()),
        ("PUT", ["state"]) => match parse::<World>(req) {
            Ok(world) => result(import(shared, world).and_then(|()| ok())),
            Err(r) => r,
        },
        ("POST", ["sessions"]) => match parse::<NewSession>(req) {
            Ok(s) => result(add_session(shared, s).and_then(|()| ok())),
            Err(r) => r,
        },
        ("PUT", ["sessions", name, "status"]) => match parse::<Value>(req) {
            Ok(v) => {
                let status = v.get("status").and_then(Value::as_str).unwrap_or_default();
                result(
                    SessionStatus::parse(status).and_then(|s| set_session_status(shared, name, s)).and_then(|()| ok()),
                )
            }
            Err(r) => r,
        },
        ("POST", ["privacy"]) => match parse::<PrivacySetting>(req) {
            Ok(p) => result(set_refuses_direct_adds(shared, &p.phone, p.refuses_direct_adds).and_then(|()| ok())),
            Err(r) => r,
        },
        ("GET", ["limits"]) => Reply::json(200, serde_json::to_value(shared.lock().world.limits()).unwrap_or_default()),
        ("PUT", ["limits"]) => match parse::<Limits>(req) {
            Ok(limits) => result(set_limits(shared, limits).and_then(|()| ok())),
            Err(r) => r,
        },
        ("GET", ["journal"]) => {
            let filter = JournalFilter {
                operation: query(req, "operation"),
                method: query(req, "method"),
                session: query(req, "session"),
                status: query(req, "status").and_then(|s| s.parse().ok()),
                since: query(req, "since").and_then(|s| s.parse().ok()),
            };
            Reply::json(200, serde_json::to_value(shared.lock().journal.query(&filter)).unwrap_or_default())
        }
        ("DELETE", ["journal"]) => {
            shared.lock().journal.clear();
            result(ok())
        }
        ("GET", ["events"]) => {
            let list = shared.lock().events.list(query(req, "session").as_deref(), query(req, "event").as_deref());
            Reply::json(200, serde_json::to_value(list).unwrap_or_default())
        }
        ("GET", ["events", "stats"]) => {
            let state = shared.lock();
            let log = &state.events;
            Reply::json(200, json!({"emitted": log.emitted(), "dropped_deliveries": log.dropped_deliveries()}))
        }
        ("DELETE", ["events"]) => {
            shared.lock().events.clear();
            result(ok())
        }
        ("GET", ["faults"]) => Reply::json(200, shared.lock().faults.list()),
        ("POST", ["faults"]) => match parse::<FaultSpec>(req) {
            Ok(spec) => result(shared.lock().faults.add(spec).map(|id| json!({"id": id}))),
            Err(r) => r,
        },
        ("DELETE", ["faults"]) => {
            shared.lock().faults.clear();
            result(ok())
        }
        ("POST", ["seed"]) => match parse::<Value>(req) {
            Ok(v) => {
                let session = v.get("session").and_then(Value::as_str).unwrap_or("default");
                let groups = v.get("groups").and_then(Value::as_u64).unwrap_or(0) as usize;
                let members = v.get("members").and_then(Value::as_u64).unwrap_or(1) as usize;
                result(seed(shared, session, groups, members).and_then(|()| ok()))
            }
            Err(r) => r,
        },
        ("POST", ["clock"]) => match parse::<Value>(req) {
            Ok(v) => match v.get("now_ms").and_then(Value::as_i64) {
                Some(ms) => {
                    shared.lock().world.ids_mut().set_now(ms);
                    result(ok())
                }
                None => bad_request("expected {\"now_ms\": <unix ms>}"),
            },
            Err(r) => r,
        },
        ("POST", ["simulate"]) => match parse::<Simulation>(req) {
            Ok(sim) => result(simulate(shared, sim).map(|n| json!({"ok": true, "events": n}))),
            Err(r) => r,
        },
        _ => Reply::json(404, json!({"message": format!("no control route {method} {path}"), "statusCode": 404})),
    }
}
