//! Group events WAHA would emit for each change, in each persona's shape, delivered to the
//! configured URLs with WAHA's envelope, headers, HMAC-SHA512 signature and retry policy (§4).
//!
//! Payloads and envelopes are typed structs written straight to JSON text (no `Value` trees:
//! a 1,000-member group's event was most of a bulk `create`). The event log keeps that text and
//! parses it with the core's [`waha_groups::webhook`] types when asked ([`Emitted::typed`]);
//! debug builds parse every event as it is emitted, so tests hold the mock to what the SDK
//! understands.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use tokio::sync::mpsc;
use waha_groups::Engine;
use waha_groups::engine::loose::{Id, Loose};
use waha_groups::engine::waha::{GroupInfo, GroupParticipant};
use waha_groups::webhook::{self, JoinRequestAction, WebhookEvent};

use crate::errors;
use crate::render;
use crate::router::{Shared, lock};
use crate::state::{Change, Event, Field, GroupState, JoinKind, World};

/// How often and how fast a failed delivery is repeated (WAHA's `retries`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RetryConfig {
    /// `constant`, `linear` or `exponential`.
    pub policy: String,
    /// Base delay in seconds (fractions allowed, for tests).
    pub delay_seconds: f64,
    /// Retries after the first attempt.
    pub attempts: u32,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig { policy: "constant".into(), delay_seconds: 2.0, attempts: 15 }
    }
}

/// The longest `Retry-After` a receiver can impose between two attempts: a receiver asking for
/// `Retry-After: 100000` must not park its queue for a day.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// Deliveries waiting per receiver URL (default of `MockWahaBuilder::webhook_queue_bound`);
/// past it new deliveries are dropped and counted, so a receiver that never answers cannot
/// grow the mock's memory.
pub const DEFAULT_QUEUE_BOUND: usize = 1000;

impl RetryConfig {
    /// Wait before retry number `n` (1-based), at least `retry_after` (capped at [`MAX_RETRY_AFTER`]).
    pub fn delay(&self, n: u32, retry_after: Option<Duration>) -> Duration {
        let base = self.delay_seconds.max(0.0);
        let secs = match self.policy.as_str() {
            "linear" => base * f64::from(n),
            "exponential" => base * 2f64.powi(n as i32 - 1) * (1.0 + fastrand::f64() * 0.2),
            _ => base,
        };
        Duration::from_secs_f64(secs.min(3600.0)).max(retry_after.unwrap_or_default().min(MAX_RETRY_AFTER))
    }
}

/// A custom header sent with every delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomHeader {
    /// Header name.
    pub name: String,
    /// Header value.
    pub value: String,
}

/// HMAC settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HmacConfig {
    /// The signing key.
    pub key: String,
}

/// One webhook, as in WAHA's session `config.webhooks[]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookConfig {
    /// Receiver URL.
    pub url: String,
    /// Event names, or `"*"` for all.
    #[serde(default = "all_events")]
    pub events: Vec<String>,
    /// Signing key.
    #[serde(default)]
    pub hmac: Option<HmacConfig>,
    /// Retry policy.
    #[serde(default)]
    pub retries: RetryConfig,
    /// Extra headers.
    #[serde(default)]
    pub custom_headers: Vec<CustomHeader>,
}

fn all_events() -> Vec<String> {
    vec!["*".into()]
}

impl WebhookConfig {
    /// A webhook for every event, unsigned, with WAHA's default retries.
    pub fn new(url: impl Into<String>) -> WebhookConfig {
        WebhookConfig {
            url: url.into(),
            events: all_events(),
            hmac: None,
            retries: RetryConfig::default(),
            custom_headers: vec![],
        }
    }

    /// Checks the URL and event names the way WAHA's DTO does.
    pub fn validate(&self) -> Result<(), String> {
        let shown = waha_groups::redact::url(&self.url);
        let url = reqwest::Url::parse(&self.url).map_err(|e| format!("webhook url {shown:?} is invalid: {e}"))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(format!("webhook url {shown:?} must be http(s)"));
        }
        if self.events.is_empty() {
            return Err("webhook events must not be empty (use [\"*\"] for all)".into());
        }
        if !["constant", "linear", "exponential"].contains(&self.retries.policy.as_str()) {
            return Err(format!("retries.policy {:?} must be constant, linear or exponential", self.retries.policy));
        }
        Ok(())
    }

    /// `"*"` covers every event except `state.change` and `engine.event` (WAHA's rule).
    pub fn wants(&self, event: &str) -> bool {
        self.events.iter().any(|e| e == event || (e == "*" && event != "state.change" && event != "engine.event"))
    }
}

/// One delivery attempt's outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeliveryRecord {
    /// Receiver URL.
    pub url: String,
    /// POSTs made so far.
    pub attempts: u32,
    /// Last HTTP status (none after a connection error).
    pub last_status: Option<u16>,
    /// Whether a 2xx arrived.
    pub delivered: bool,
    /// Never sent: the receiver's queue was full ([`DEFAULT_QUEUE_BOUND`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub dropped: bool,
}

/// An event the mock emitted.
///
/// It keeps the envelope as the bytes sent (a `Value` tree of a 1,000-member group's event was
/// ~5× their size); [`Emitted::body`] and [`Emitted::typed`] parse them when asked.
#[derive(Debug, Clone, Serialize)]
pub struct Emitted {
    /// Emission order (1-based).
    pub seq: u64,
    /// Session it belongs to.
    pub session: String,
    /// Event name.
    pub event: String,
    /// The envelope exactly as sent (serialised verbatim as `body`).
    #[serde(rename = "body")]
    sent: Box<RawValue>,
    #[serde(skip)]
    typed: OnceLock<WebhookEvent>,
    /// Deliveries to configured URLs.
    pub deliveries: Vec<DeliveryRecord>,
}

impl Emitted {
    /// The envelope exactly as sent.
    pub fn body_text(&self) -> &str {
        self.sent.get()
    }

    /// The envelope as a JSON value (parsed on each call).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// // WEBJS sends the creator no group.v2.join; GOWS does.
    /// let mock = waha_mock::MockWaha::builder().engine(waha_groups::Engine::Gows).start().await?;
    /// let client = waha_groups::Client::builder().base_url(mock.url()).build()?;
    /// client.groups("default").create("Team", ["22222222222@c.us"]).await?;
    /// let event = &mock.events(Some("default"), Some("group.v2.join"))[0];
    /// assert_eq!(event.body()["payload"]["group"]["subject"], "Team");
    /// # Ok(()) }
    /// ```
    pub fn body(&self) -> Value {
        serde_json::from_str(self.sent.get()).expect("the mock writes valid JSON")
    }

    /// The envelope as the SDK parses it (parsed on first use: events of big groups are costly
    /// to parse, and most are never read).
    pub fn typed(&self) -> &WebhookEvent {
        self.typed.get_or_init(|| match webhook::parse(self.sent.get().as_bytes()) {
            Ok(t) => t,
            Err(e) => panic!("the mock rendered an event the SDK cannot parse ({e}): {}", self.sent),
        })
    }
}

/// Bounded log of emitted events.
#[derive(Debug)]
pub struct EventLog {
    entries: VecDeque<Emitted>,
    capacity: usize,
    next_seq: u64,
    dropped: u64,
}

impl EventLog {
    /// A log keeping the last `capacity` events.
    pub fn new(capacity: usize) -> EventLog {
        EventLog { entries: VecDeque::new(), capacity: capacity.max(1), next_seq: 1, dropped: 0 }
    }

    /// Deliveries dropped because a receiver's queue was full, since the start (or the last clear).
    pub fn dropped_deliveries(&self) -> u64 {
        self.dropped
    }

    fn push(&mut self, mut e: Emitted) -> u64 {
        e.seq = self.next_seq;
        self.next_seq += 1;
        if self.entries.len() == self.capacity {
            self.entries.pop_front();
        }
        self.entries.push_back(e);
        self.next_seq - 1
    }

    fn record(&mut self, seq: u64, record: DeliveryRecord) {
        if let Some(e) = self.entries.iter_mut().find(|e| e.seq == seq) {
            match e.deliveries.iter_mut().find(|d| d.url == record.url) {
                Some(d) => *d = record,
                None => e.deliveries.push(record),
            }
        }
    }

    /// How many events were ever emitted (not capped by the log's capacity).
    pub fn emitted(&self) -> u64 {
        self.next_seq - 1
    }

    /// Events, oldest first, optionally of one session / event name.
    pub fn list(&self, session: Option<&str>, event: Option<&str>) -> Vec<Emitted> {
        self.entries
            .iter()
            .filter(|e| session.is_none_or(|s| e.session == s) && event.is_none_or(|n| e.event == n))
            .cloned()
            .collect()
    }

    /// Forgets every event and the dropped-delivery count.
    pub fn clear(&mut self) {
        self.entries.clear();
        self.dropped = 0;
    }
}

/// A signed POST to send, with its retry policy.
struct Delivery {
    seq: u64,
    config: WebhookConfig,
    body: Vec<u8>,
    request_id: String,
    timestamp_ms: i64,
}

/// Sends deliveries from its own thread and runtime, one ordered queue per receiver URL.
pub(crate) struct Dispatcher {
    tx: mpsc::UnboundedSender<Delivery>,
}

impl Dispatcher {
    /// Starts the delivery thread; it ends when the dispatcher is dropped. Each receiver URL
    /// gets its own ordered queue of at most `queue_bound` waiting deliveries.
    pub(crate) fn start(log: Arc<Mutex<EventLog>>, queue_bound: usize) -> Dispatcher {
        let (tx, mut rx) = mpsc::unbounded_channel::<Delivery>();
        std::thread::Builder::new()
            .name("waha-mock-webhooks".into())
            .spawn(move || {
                let runtime =
                    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("webhook runtime");
                runtime.block_on(async move {
                    let client =
                        reqwest::Client::builder().timeout(Duration::from_secs(10)).build().expect("HTTP client");
                    let mut queues: HashMap<String, mpsc::Sender<Delivery>> = HashMap::new();
                    let mut workers = Vec::new();
                    // This loop never waits on a receiver: a full queue drops the delivery
                    // (recorded and counted), so the channel into it drains at once.
                    while let Some(d) = rx.recv().await {
                        let queue = queues.entry(d.config.url.clone()).or_insert_with(|| {
                            let (qtx, qrx) = mpsc::channel(queue_bound.max(1));
                            workers.push(tokio::spawn(deliver_in_order(client.clone(), qrx, log.clone())));
                            qtx
                        });
                        if let Err(mpsc::error::TrySendError::Full(d)) = queue.try_send(d) {
                            let mut log = lock(&log);
                            log.dropped += 1;
                            let record = DeliveryRecord {
                                url: d.config.url,
                                attempts: 0,
                                last_status: None,
                                delivered: false,
                                dropped: true,
                            };
                            log.record(d.seq, record);
                        }
                    }
                    drop(queues);
                    for w in workers {
                        let _ = w.await;
                    }
                });
            })
            .expect("spawn the webhook thread");
        Dispatcher { tx }
    }
}

async fn deliver_in_order(client: reqwest::Client, mut rx: mpsc::Receiver<Delivery>, log: Arc<Mutex<EventLog>>) {
    while let Some(d) = rx.recv().await {
        let mut record = DeliveryRecord {
            url: d.config.url.clone(),
            attempts: 0,
            last_status: None,
            delivered: false,
            dropped: false,
        };
        for attempt in 0..=d.config.retries.attempts {
            let mut request = client
                .post(&d.config.url)
                .header("content-type", "application/json")
                .header("user-agent", format!("WAHA/{}", crate::WAHA_VERSION))
                .header(webhook::REQUEST_ID_HEADER, &d.request_id)
                .header(webhook::TIMESTAMP_HEADER, d.timestamp_ms.to_string());
            if let Some(hmac) = &d.config.hmac {
                request = request
                    .header(webhook::HMAC_HEADER, webhook::sign(&d.body, hmac.key.as_bytes()))
                    .header(webhook::HMAC_ALGORITHM_HEADER, "sha512");
            }
            for h in &d.config.custom_headers {
                request = request.header(&h.name, &h.value);
            }
            record.attempts = attempt + 1;
            let retry_after = match request.body(d.body.clone()).send().await {
                Ok(response) => {
                    record.last_status = Some(response.status().as_u16());
                    record.delivered = response.status().is_success();
                    response
                        .headers()
                        .get("retry-after")
                        .and_then(|v| v.to_str().ok()?.parse().ok())
                        .map(Duration::from_secs)
                }
                Err(_) => {
                    record.last_status = None;
                    None
                }
            };
            lock(&log).record(d.seq, record.clone());
            if record.delivered || attempt == d.config.retries.attempts {
                break;
            }
            tokio::time::sleep(d.config.retries.delay(attempt + 1, retry_after)).await;
        }
    }
}

/// Per-engine rules on who hears about what (spec §4.3, §5).
struct Builder<'a> {
    engine: &'a Engine,
    world: &'a World,
    event: &'a Event,
}

impl Builder<'_> {
    fn g(&self) -> &GroupState {
        &self.event.group
    }

    fn timestamp(&self) -> i64 {
        render::event_timestamp(self.engine, self.event.at_ms)
    }

    /// A changed member as this engine reports it in `group.v2.participants`.
    fn changed(&self, id: &str, role: &str) -> GroupParticipant {
        let id = match self.engine {
            Engine::Gows => self.world.directory.get(id).cloned().unwrap_or_else(|| id.to_owned()),
            _ => id.to_owned(),
        };
        GroupParticipant { id: Loose::some(Id::Text(id)), pn: Loose(None), role: Loose::some(role.to_owned()) }
    }

    fn participants(&self, kind: &str, who: &[String], role: &str) -> Payload {
        let changed: Vec<GroupParticipant> = who.iter().map(|id| self.changed(id, role)).collect();
        let group = GroupRef { id: &self.g().id };
        payload(&ParticipantsPayload { kind, timestamp: self.timestamp(), group, participants: changed, data: Empty {} })
    }

    fn joined(&self) -> Payload {
        let group = render::group_info(self.engine, self.g(), self.world);
        payload(&GroupPayload { timestamp: self.timestamp(), group, data: render::raw_data(self.engine, self.g()) })
    }

    fn left(&self) -> Payload {
        payload(&GroupPayload { timestamp: self.timestamp(), group: GroupRef { id: &self.g().id }, data: Empty {} })
    }

    /// `group.v2.update` payload, or `None` when this engine emits nothing for the change.
    fn updated(&self, fields: &[Field]) -> Option<Payload> {
        let g = self.g();
        let group = match self.engine {
            Engine::Webjs | Engine::Wpp => {
                GroupInfo { participants: None, ..render::group_info(self.engine, g, self.world) }
            }
            // NOWEB sends Baileys' changed fields; GOWS maps whatsmeow's GroupInfo event (spec §4.3, §4.4).
            _ => {
                let gows = *self.engine == Engine::Gows;
                let mut info = GroupInfo { id: Loose::some(Id::Text(g.id.clone())), ..GroupInfo::default() };
                let mut mapped = false;
                for f in fields {
                    mapped |= match f {
                        Field::Subject => set(&mut info.subject, g.subject.clone()),
                        Field::Description => set(&mut info.description, g.description.clone()),
                        Field::Invite => {
                            set(&mut info.invite, format!("{}{}", waha_groups::ids::INVITE_URL_PREFIX, g.invite_code))
                        }
                        // NOWEB copies WhatsApp's `announce` (inverted); GOWS update events get it right.
                        Field::MessagesAdminOnly => {
                            set(&mut info.members_can_send_messages, g.messages_admin_only != gows)
                        }
                        Field::MembersCanAdd if !gows => set(&mut info.members_can_add_new_member, g.members_can_add),
                        Field::ApprovalRequired => set(&mut info.new_members_approval_required, g.approval_required),
                        _ => false,
                    };
                }
                // GOWS emits no update event when none of its mapped fields changed.
                if gows && !mapped {
                    return None;
                }
                info
            }
        };
        Some(payload(&GroupPayload { timestamp: self.timestamp(), group, data: Empty {} }))
    }

    fn join_request(
        &self,
        requester: &str,
        action: &JoinRequestAction,
        method: &waha_groups::JoinMethod,
    ) -> Option<Payload> {
        if self.engine.is_browser() && *action != JoinRequestAction::Created {
            return None;
        }
        let lid = self.world.directory.get(requester).map_or(requester, String::as_str);
        Some(payload(&JoinRequestPayload {
            group: GroupRef { id: &self.g().id },
            action: action.as_str(),
            requester_id: lid,
            // Browser engines do not know the requester's number: the key is absent there.
            requester_pn: (!self.engine.is_browser()).then_some(requester),
            request_method: method.as_str(),
            timestamp: self.timestamp(),
            data: Empty {},
        }))
    }

    /// `(recipient phone, event name, payload)` for this change. Only accounts a session is
    /// logged in as receive events, so payloads are rendered for those alone: a change to a
    /// 1,000-member group renders its payloads once per watching session, not once per member.
    fn payloads(&self) -> Vec<(String, &'static str, Payload)> {
        let g = self.g();
        let watched: HashSet<&str> = self.world.sessions.values().map(|s| s.phone.as_str()).collect();
        let members: Vec<String> =
            g.members.iter().filter(|m| watched.contains(&*m.id)).map(|m| m.id.to_string()).collect();
        let mut out = Vec::new();
        match &self.event.change {
            Change::Joined { who, by, how } => {
                let who_set: HashSet<&str> = who.iter().map(String::as_str).collect();
                for phone in &members {
                    let joined_now = who_set.contains(phone.as_str());
                    let creator = *how == JoinKind::Created && by.as_deref() == Some(phone.as_str());
                    // WEBJS does not map the `create` notification to group.v2.join for the creator.
                    if joined_now && !(creator && self.engine.is_browser()) {
                        out.push((phone.clone(), "group.v2.join", self.joined()));
                    }
                    if *how != JoinKind::Created {
                        out.push((
                            phone.clone(),
                            "group.v2.participants",
                            self.participants("join", who, "participant"),
                        ));
                    }
                    match self.engine {
                        Engine::Webjs if *how != JoinKind::Created || (joined_now && !creator) => {
                            let kind = if *how == JoinKind::InviteLink { "invite" } else { "add" };
                            if let Some(p) =
                                render::legacy_join(self.engine, g, who, by.as_deref(), self.event.at_ms, kind)
                            {
                                out.push((phone.clone(), "group.join", p));
                            }
                        }
                        Engine::Noweb if joined_now => {
                            if let Some(p) =
                                render::legacy_join(self.engine, g, who, by.as_deref(), self.event.at_ms, "")
                            {
                                out.push((phone.clone(), "group.join", p));
                            }
                        }
                        _ => {}
                    }
                }
            }
            Change::Left { who, by } => {
                for phone in members.iter().chain(who.iter().filter(|p| watched.contains(p.as_str()))) {
                    out.push((phone.clone(), "group.v2.participants", self.participants("leave", who, "left")));
                    if who.contains(phone) {
                        out.push((phone.clone(), "group.v2.leave", self.left()));
                    }
                    if let Some(p) = render::legacy_leave(self.engine, g, who, by.as_deref(), self.event.at_ms) {
                        out.push((phone.clone(), "group.leave", p));
                    }
                }
            }
            Change::Promoted { who, .. } | Change::Demoted { who, .. } => {
                let promote = matches!(self.event.change, Change::Promoted { .. });
                let (kind, role) = match (promote, self.engine) {
                    (true, _) => ("promote", "admin"),
                    // NOWEB reports `admin` on demote (WAHA bug kept for fidelity, spec §4.3).
                    (false, Engine::Noweb) => ("demote", "admin"),
                    (false, _) => ("demote", "participant"),
                };
                for phone in &members {
                    out.push((phone.clone(), "group.v2.participants", self.participants(kind, who, role)));
                }
            }
            Change::Updated { fields, .. } => {
                if let Some(p) = self.updated(fields) {
                    for phone in &members {
                        out.push((phone.clone(), "group.v2.update", p.clone()));
                    }
                }
            }
            Change::JoinRequest { requester, action, method } => {
                if let Some(p) = self.join_request(requester, action, method) {
                    for m in g.members.iter().filter(|m| m.role.is_admin()) {
                        out.push((m.id.to_string(), "group.v2.participants.join-request", p.clone()));
                    }
                }
            }
            Change::Deleted => {
                for phone in &members {
                    out.push((phone.clone(), "group.v2.leave", self.left()));
                }
            }
        }
        out
    }
}

/// WAHA's envelope around a payload, written straight to bytes.
#[derive(Serialize)]
struct Envelope<'a> {
    id: String,
    timestamp: i64,
    event: &'a str,
    session: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    metadata: Option<&'a Map<String, Value>>,
    me: Me<'a>,
    payload: &'a RawValue,
    engine: &'a str,
    environment: &'a RawValue,
}

/// The envelope's `me`: WEBJS sends the id and push name; the others add `lid` and `jid`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Me<'a> {
    id: &'a str,
    push_name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    lid: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    jid: Option<String>,
}

/// The envelope of one event for `session`, and its timestamp.
fn envelope(engine: &Engine, world: &mut World, session: &str, event: &str, payload: &RawValue) -> (Payload, i64) {
    let id = world.ids.event_id();
    let timestamp = world.ids.now_ms();
    let state = &world.sessions[session];
    let webjs = *engine == Engine::Webjs;
    let me = Me {
        id: &state.phone,
        push_name: &state.push_name,
        lid: (!webjs).then(|| world.directory.get(&state.phone).map(String::as_str)),
        jid: (!webjs).then(|| format!("{}:1@s.whatsapp.net", render::user(&state.phone))),
    };
    let environment = self::payload(&errors::environment(engine));
    let body = Envelope {
        id,
        timestamp,
        event,
        session,
        metadata: state.metadata.as_ref().filter(|m| !m.is_empty()),
        me,
        payload,
        engine: engine.as_str(),
        environment: &environment,
    };
    (self::payload(&body), timestamp)
}

/// Sets a changed field of an update event; `true` (the field is part of the event).
fn set<T>(field: &mut Loose<T>, value: T) -> bool {
    *field = Loose::some(value);
    true
}

/// Turns changes into events for every session that sees them, logs them and queues deliveries.
pub(crate) fn emit(shared: &Shared, world: &mut World, events: Vec<Event>) {
    for event in &events {
        let payloads = Builder { engine: &shared.engine, world, event }.payloads();
        for (phone, name, payload) in payloads {
            let sessions: Vec<String> =
                world.sessions.iter().filter(|(_, s)| s.phone == phone).map(|(n, _)| n.clone()).collect();
            for session in sessions {
                publish(shared, world, &session, name, &payload);
            }
        }
    }
}

/// Logs one envelope and queues it for the session's webhooks.
fn publish(shared: &Shared, world: &mut World, session: &str, name: &str, payload: &RawValue) {
    let (sent, timestamp_ms) = envelope(&shared.engine, world, session, name, payload);
    let configs: Vec<WebhookConfig> = world.sessions[session]
        .webhooks
        .iter()
        .chain(&shared.global_webhooks)
        .filter(|w| w.wants(name))
        .cloned()
        .collect();
    let emitted = Emitted {
        seq: 0,
        session: session.to_owned(),
        event: name.to_owned(),
        sent,
        typed: OnceLock::new(),
        deliveries: vec![],
    };
    // Tests (debug builds) check every event the mock renders against the SDK's parser.
    if cfg!(debug_assertions) {
        emitted.typed();
    }
    let body = emitted.sent.get().as_bytes().to_vec();
    let seq = lock(&shared.events).push(emitted);
    for config in configs {
        let request_id = world.ids.request_id();
        let _ = shared.dispatcher.tx.send(Delivery { seq, config, body: body.clone(), request_id, timestamp_ms });
    }
}

/// A rendered payload or envelope: the JSON text of its typed struct (no `Value` tree on the way).
type Payload = Box<RawValue>;

/// `value` as a [`Payload`] (the mock's wire structs always serialise; the text is not parsed
/// again to check it).
fn payload<T: Serialize>(value: &T) -> Payload {
    serde_json::value::to_raw_value(value).expect("payloads serialise")
}

/// `{}`: `_data` where the mock has nothing engine-specific to say.
#[derive(Serialize)]
struct Empty {}

/// `{"id": …}`: the group as most events name it.
#[derive(Serialize)]
struct GroupRef<'a> {
    id: &'a str,
}

/// `group.v2.join`, `group.v2.leave` and `group.v2.update`.
#[derive(Serialize)]
struct GroupPayload<G, D> {
    timestamp: i64,
    group: G,
    #[serde(rename = "_data")]
    data: D,
}

/// `group.v2.participants`.
#[derive(Serialize)]
struct ParticipantsPayload<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    timestamp: i64,
    group: GroupRef<'a>,
    participants: Vec<GroupParticipant>,
    #[serde(rename = "_data")]
    data: Empty,
}

/// `group.v2.participants.join-request`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JoinRequestPayload<'a> {
    group: GroupRef<'a>,
    action: &'a str,
    requester_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    requester_pn: Option<&'a str>,
    request_method: &'a str,
    timestamp: i64,
    #[serde(rename = "_data")]
    data: Empty,
}
