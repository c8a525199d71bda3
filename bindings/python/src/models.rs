//! The result classes: each wraps its core model and turns a field into a Python object the
//! first time it is read (then keeps it). Field names are written here once; the `.pyi` is
//! checked against these classes by `mypy.stubtest`.
//!
//! Every class is frozen and has a readable `repr` (without `raw`), `==` and `hash` over the
//! whole model (`raw` compared as the text WAHA sent), pickling and `to_dict()`. Keyword
//! construction (`Participant(id=..., role=...)`) reads the same JSON the core writes.

use std::hash::{Hash, Hasher};

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyList, PyType};
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use waha_groups::model::Raw;
use waha_groups::webhook::{self, GroupEvent};
use waha_groups::{Error, model as core};

use crate::convert::{IntoOut, ListOut, ToPy, loads};
use crate::py_err;

/// The model's JSON (what `to_dict`, `hash` and pickling read).
fn to_json<T: Serialize>(inner: &T) -> String {
    serde_json::to_string(inner).unwrap_or_default()
}

fn from_json<T: DeserializeOwned>(class: &str, text: &str) -> PyResult<T> {
    serde_json::from_str(text).map_err(|e| py_err(Error::invalid(format!("{class}(): {e}"))))
}

static DUMPS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// Keyword arguments as JSON text for serde (the same names and values `to_dict` gives).
fn fields_json(py: Python<'_>, class: &str, fields: Option<&Bound<'_, PyDict>>) -> PyResult<String> {
    let Some(fields) = fields else { return Ok("{}".into()) };
    let text = DUMPS
        .import(py, "json", "dumps")?
        .call1((fields,))
        .map_err(|e| py_err(Error::invalid(format!("{class}(): the fields must be JSON data: {e}"))))?;
    text.extract()
}

/// Reads a field once and keeps the Python object.
fn cached<T: ToPy>(py: Python<'_>, slot: &PyOnceLock<Py<PyAny>>, value: &T) -> PyResult<Py<PyAny>> {
    slot.get_or_try_init(py, || value.to_py(py)).map(|v| v.clone_ref(py))
}

/// `Name(field=value, ...)`, without `raw`.
fn repr(slf: &Bound<'_, PyAny>, fields: &[&str]) -> PyResult<String> {
    let mut parts = Vec::with_capacity(fields.len());
    for field in fields.iter().filter(|f| **f != "raw") {
        parts.push(format!("{field}={}", slf.getattr(*field)?.repr()?));
    }
    Ok(format!("{}({})", slf.get_type().name()?, parts.join(", ")))
}

fn hash_of(json: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    json.hash(&mut h);
    h.finish()
}

/// What a pickled model is kept as, and how it comes back.
pub(crate) trait Restore: Sized {
    fn state(&self) -> String;
    fn restore(class: &str, state: &str) -> PyResult<Self>;
}

macro_rules! restore_by_serde {
    ($($t:ty),+) => {$(
        impl Restore for $t {
            fn state(&self) -> String { to_json(self) }
            fn restore(class: &str, state: &str) -> PyResult<Self> { from_json(class, state) }
        }
    )+};
}

macro_rules! py_model {
    (
        $(#[$doc:meta])*
        $name:ident($inner:ty) { $($(#[$fdoc:meta])* $field:ident),+ $(,)? }
        $({ $($extra:tt)* })?
    ) => {
        $(#[$doc])*
        #[pyclass(frozen, module = "waha_groups._native")]
        pub(crate) struct $name {
            inner: $inner,
            $($field: PyOnceLock<Py<PyAny>>,)+
        }

        impl $name {
            const FIELDS: &'static [&'static str] = &[$(stringify!($field)),+];

            pub(crate) fn new(inner: $inner) -> Self {
                $name { inner, $($field: PyOnceLock::new(),)+ }
            }

            pub(crate) fn object(py: Python<'_>, inner: $inner) -> PyResult<Py<PyAny>> {
                Ok(Py::new(py, $name::new(inner))?.into_any())
            }
        }

        #[pymethods]
        impl $name {
            #[new]
            #[pyo3(signature = (**fields))]
            fn __new__(py: Python<'_>, fields: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
                let class = stringify!($name);
                Ok($name::new(from_json(class, &fields_json(py, class, fields)?)?))
            }

            $(
                $(#[$fdoc])*
                #[getter]
                fn $field(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
                    cached(py, &self.$field, &self.inner.$field)
                }
            )+

            /// The model as plain Python data (dicts, lists, str, int, bool, None), `raw` parsed.
            fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
                loads(py, &to_json(&self.inner))
            }

            fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
                repr(slf.as_any(), Self::FIELDS)
            }

            fn __eq__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> Py<PyAny> {
                match other.cast::<Self>() {
                    Ok(other) => PyBool::new(py, self.inner == other.get().inner).to_owned().into_any().unbind(),
                    Err(_) => py.NotImplemented(),
                }
            }

            fn __hash__(&self) -> u64 {
                hash_of(&to_json(&self.inner))
            }

            fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
                Ok((slf.get_type().getattr("_restore")?, (slf.get().inner.state(),)))
            }

            #[classmethod]
            fn _restore(_cls: &Bound<'_, PyType>, state: &str) -> PyResult<Self> {
                <$inner as Restore>::restore(stringify!($name), state).map($name::new)
            }

            $($($extra)*)?
        }
    };
}

/// A model that is its own class in Python: moved in when a call returns it, cloned when a
/// getter of another model reads it.
macro_rules! model_class {
    ($($inner:ty => $name:ident),+ $(,)?) => {$(
        impl ToPy for $inner {
            fn to_py(&self, py: Python<'_>) -> PyResult<Py<PyAny>> { $name::object(py, self.clone()) }
        }
        impl IntoOut for $inner {
            fn into_out(self, py: Python<'_>) -> PyResult<Py<PyAny>> { $name::object(py, self) }
        }
    )+};
}

py_model! {
    /// A group member: `id` (`@c.us` or `@lid`), `pn` (phone id when known), `role`
    /// (`participant | admin | superadmin | left`; unknown values pass through).
    Participant(core::Participant) {
        /// `…@c.us` or `…@lid`.
        id,
        /// The phone id (`…@c.us`) when known.
        pn,
        /// `participant`, `admin`, `superadmin` or (events) `left`.
        role,
    }
}

py_model! {
    /// A group, the same for every engine and for `group.v2.join` events. Settings are `None`
    /// when the engine's answer did not say; `raw` is the JSON WAHA sent for it.
    Group(core::Group) {
        /// `…@g.us`.
        id,
        /// The name.
        subject,
        /// The description.
        description,
        /// Creator / owner id.
        owner,
        /// Creation time, Unix ms.
        created_at,
        /// Members (a tuple of `Participant`).
        participants,
        /// Member count, when the engine reports one.
        size,
        /// Only admins may edit the group info.
        info_admin_only,
        /// Only admins may send messages.
        messages_admin_only,
        /// Every member may add members.
        members_can_add,
        /// New members need admin approval.
        approval_required,
        /// Invite code, when the answer carried one.
        invite_code,
        /// The JSON WAHA sent for this group, parsed when first read.
        raw,
    }
}

py_model! {
    /// What a `group.v2.update` event changed; `None` means unchanged.
    GroupPatch(core::GroupPatch) {
        /// The group.
        id,
        /// New subject.
        subject,
        /// New description.
        description,
        /// New invite code.
        invite_code,
        /// New info-admin-only setting.
        info_admin_only,
        /// New messages-admin-only setting.
        messages_admin_only,
        /// New member-add setting.
        members_can_add,
        /// New approval setting.
        approval_required,
        /// Participants, when the engine sent them.
        participants,
    }
}

py_model! {
    /// What an invite link leads to.
    GroupJoinInfo(core::GroupJoinInfo) {
        /// The group id, when the engine reveals it.
        id,
        /// The name.
        subject,
        /// The description.
        description,
        /// Owner id.
        owner,
        /// Member count.
        size,
        /// Members, when the engine lists them.
        participants,
        /// Whether joining needs admin approval.
        approval_required,
        /// The JSON WAHA sent, parsed when first read.
        raw,
    }
}

py_model! {
    /// Per-member result of add / remove / promote / demote (`code`: 200, 403, 404, 409, ...).
    ///
    /// `id` is the member as WAHA answered (often a `@lid`), `pn` their phone id and
    /// `requested` the id exactly as you passed it. A privacy-refused add (`code` 403) carries
    /// the invitation WhatsApp created: `invite_code` and `invite_expires_at` (Unix ms), or
    /// `invite_sent=True` where the engine already sent it (WEBJS/WPP).
    ParticipantOutcome(core::ParticipantOutcome) {
        /// The member as WAHA answered.
        id,
        /// Their phone id, when known.
        pn,
        /// The id exactly as you passed it.
        requested,
        /// Whether WhatsApp applied the change.
        ok,
        /// WhatsApp's status code.
        code,
        /// WhatsApp's message.
        message,
        /// Code of the invitation WhatsApp created for a privacy-refused add.
        invite_code,
        /// When that invitation expires, Unix ms.
        invite_expires_at,
        /// Whether the engine already sent the invitation.
        invite_sent,
        /// The JSON WAHA sent for this member, parsed when first read.
        raw,
    }
    {
        /// WhatsApp refused a direct add because of the member's privacy settings (code 403).
        #[getter]
        fn privacy_refused(&self) -> bool {
            self.inner.privacy_refused()
        }

        /// Privacy-refused and the engine did not send the invitation: yours to send.
        #[getter]
        fn needs_invitation(&self) -> bool {
            self.inner.needs_invitation()
        }
    }
}

py_model! {
    /// The engine-specific `participants_v1` answer, normalised.
    ParticipantList(core::ParticipantList) {
        /// The members.
        participants,
        /// The JSON WAHA sent, parsed when first read.
        raw,
    }
}

py_model! {
    /// A pending request to join (`method`: `invite_link | linked_group_join | non_admin_add`).
    JoinRequest(core::JoinRequest) {
        /// Who asked.
        requester_id,
        /// Their phone id, when known.
        requester_pn,
        /// Who added them (non-admin add).
        added_by,
        /// Community parent group.
        parent_group_id,
        /// How the request was made.
        method,
        /// When, Unix ms.
        timestamp,
        /// The JSON WAHA sent, parsed when first read.
        raw,
    }
}

py_model! {
    /// Per-requester result of approve / reject.
    JoinRequestOutcome(core::JoinRequestOutcome) {
        /// The requester.
        requester_id,
        /// Whether it worked.
        ok,
        /// WhatsApp's error code.
        error,
        /// The JSON WAHA sent, parsed when first read.
        raw,
    }
}

py_model! {
    /// `@lid` ↔ phone number.
    LidMapping(core::LidMapping) {
        /// `…@lid`.
        lid,
        /// `…@c.us`, when known.
        pn,
    }
}

py_model! {
    /// A session's account.
    MeInfo(core::MeInfo) {
        /// `…@c.us`.
        id,
        /// `…@lid`.
        lid,
        /// `…:N@s.whatsapp.net`.
        jid,
        /// Display name.
        push_name,
    }
}

py_model! {
    /// WAHA's version and environment.
    Environment(core::Environment) {
        /// e.g. `2026.2.1`.
        version,
        /// Default engine.
        engine,
        /// `CORE` or `PLUS`.
        tier,
        /// Browser (WEBJS).
        browser,
        /// e.g. `linux/x64`.
        platform,
        /// Worker id.
        worker_id,
    }
}

py_model! {
    /// A session.
    SessionInfo(core::SessionInfo) {
        /// Session name.
        name,
        /// `WORKING`, `STOPPED`, `STARTING`, `SCAN_QR_CODE`, `FAILED`, ...
        status,
        /// The account it is logged in as.
        me,
        /// Engine name.
        engine,
        /// The JSON WAHA sent, parsed when first read.
        raw,
    }
}

py_model! {
    /// `group.v2.join`: you joined or were added.
    GroupJoined(webhook::GroupJoined) {
        /// The group.
        group,
        /// When, Unix ms.
        timestamp,
    }
}

py_model! {
    /// `group.v2.leave`: you left or were removed.
    GroupLeft(webhook::GroupLeft) {
        /// The group you left.
        group_id,
        /// When, Unix ms.
        timestamp,
    }
}

py_model! {
    /// `group.v2.update`.
    GroupUpdated(webhook::GroupUpdated) {
        /// What changed.
        group,
        /// When, Unix ms.
        timestamp,
    }
}

py_model! {
    /// `group.v2.participants`; `kind` (`join | leave | promote | demote`) is the source of
    /// truth (NOWEB reports role admin on demote).
    ParticipantsChanged(webhook::ParticipantsChanged) {
        /// What happened.
        kind,
        /// The group.
        group_id,
        /// The changed members.
        participants,
        /// When, Unix ms.
        timestamp,
    }
}

py_model! {
    /// `group.v2.participants.join-request` (`action`: `created | rejected | revoked`).
    JoinRequestChanged(webhook::JoinRequestChanged) {
        /// What happened.
        action,
        /// The group.
        group_id,
        /// Who asked.
        requester_id,
        /// Their phone id.
        requester_pn,
        /// How they asked.
        method,
        /// When, Unix ms.
        timestamp,
    }
}

py_model! {
    /// Deprecated `group.join`: what can be known from the engine payload.
    LegacyGroupJoin(webhook::LegacyGroupEvent) {
        /// The group, when the payload names it.
        group_id,
        /// Who joined.
        participants,
        /// Who did it.
        author,
        /// When, Unix ms.
        timestamp,
        /// The engine payload, parsed when first read.
        raw,
    }
}

py_model! {
    /// Deprecated `group.leave` (WEBJS only).
    LegacyGroupLeave(webhook::LegacyGroupEvent) {
        /// The group, when the payload names it.
        group_id,
        /// Who left.
        participants,
        /// Who did it.
        author,
        /// When, Unix ms.
        timestamp,
        /// The engine payload, parsed when first read.
        raw,
    }
}

/// The payload of an event that is not a group event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Other {
    event: String,
    raw: Raw,
}

py_model! {
    /// Any other event, kept as it came.
    OtherEvent(Other) {
        /// Event name.
        event,
        /// The payload, parsed when first read.
        raw,
    }
}

py_model! {
    /// A parsed webhook delivery: the envelope and the typed `payload` (one class per group
    /// event, `OtherEvent` for the rest).
    WebhookEvent(webhook::WebhookEvent) {
        /// Envelope id, the same for every retry.
        id,
        /// When WAHA emitted it, Unix ms.
        timestamp,
        /// Event name, e.g. `group.v2.participants`.
        event,
        /// Session name.
        session,
        /// The session's `config.metadata`.
        metadata,
        /// The session's account.
        me,
        /// The session's engine.
        engine,
        /// Server environment.
        environment,
        /// `X-Webhook-Request-Id` of this delivery.
        request_id,
        /// The typed payload.
        payload,
        /// The whole body as received, parsed when first read.
        raw,
    }
    {
        /// The envelope id, else `X-Webhook-Request-Id`: the same for retries of one delivery.
        #[getter]
        fn dedup_key(&self) -> Option<&str> {
            self.inner.dedup_key()
        }
    }
}

model_class! {
    core::Participant => Participant,
    core::Group => Group,
    core::GroupPatch => GroupPatch,
    core::GroupJoinInfo => GroupJoinInfo,
    core::ParticipantOutcome => ParticipantOutcome,
    core::ParticipantList => ParticipantList,
    core::JoinRequest => JoinRequest,
    core::JoinRequestOutcome => JoinRequestOutcome,
    core::LidMapping => LidMapping,
    core::MeInfo => MeInfo,
    core::Environment => Environment,
    core::SessionInfo => SessionInfo,
    webhook::GroupJoined => GroupJoined,
    webhook::GroupUpdated => GroupUpdated,
    webhook::WebhookEvent => WebhookEvent,
}

restore_by_serde!(
    core::Participant,
    core::Group,
    core::GroupPatch,
    core::GroupJoinInfo,
    core::ParticipantOutcome,
    core::ParticipantList,
    core::JoinRequest,
    core::JoinRequestOutcome,
    core::LidMapping,
    core::MeInfo,
    core::Environment,
    core::SessionInfo,
    webhook::GroupJoined,
    webhook::GroupLeft,
    webhook::GroupUpdated,
    webhook::ParticipantsChanged,
    webhook::JoinRequestChanged,
    webhook::LegacyGroupEvent,
    Other
);

/// A pickled event is its body and request id, parsed again (serde cannot read a `raw` inside
/// the tagged payload back).
impl Restore for webhook::WebhookEvent {
    fn state(&self) -> String {
        to_json(&(self.raw.get(), &self.request_id))
    }
    fn restore(class: &str, state: &str) -> PyResult<Self> {
        let (body, request_id): (String, Option<String>) = from_json(class, state)?;
        let mut event = webhook::parse(body.as_bytes()).map_err(py_err)?;
        event.request_id = request_id;
        Ok(event)
    }
}

impl ToPy for GroupEvent {
    fn to_py(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        match self {
            GroupEvent::Join(p) => GroupJoined::object(py, p.clone()),
            GroupEvent::Leave(p) => GroupLeft::object(py, p.clone()),
            GroupEvent::Update(p) => GroupUpdated::object(py, p.clone()),
            GroupEvent::Participants(p) => ParticipantsChanged::object(py, p.clone()),
            GroupEvent::JoinRequest(p) => JoinRequestChanged::object(py, p.clone()),
            GroupEvent::LegacyJoin(p) => LegacyGroupJoin::object(py, p.clone()),
            GroupEvent::LegacyLeave(p) => LegacyGroupLeave::object(py, p.clone()),
            GroupEvent::Other { event, raw } => {
                OtherEvent::object(py, Other { event: event.clone(), raw: raw.clone() })
            }
        }
    }
}

static OUTCOMES: PyOnceLock<Py<PyType>> = PyOnceLock::new();

macro_rules! plain_lists {
    ($($t:ty),+) => {$( impl ListOut for $t {} )+};
}
plain_lists!(
    core::Participant,
    core::Group,
    core::JoinRequest,
    core::JoinRequestOutcome,
    core::LidMapping,
    core::SessionInfo
);

/// Member changes return `waha_groups.ParticipantOutcomes` (in `_models.py`): a `list` with `failed()` and
/// `invitations()`.
impl ListOut for core::ParticipantOutcome {
    fn wrap_list(py: Python<'_>, list: Bound<'_, PyList>) -> PyResult<Py<PyAny>> {
        let class = OUTCOMES.import(py, "waha_groups._models", "ParticipantOutcomes")?;
        Ok(class.call1((list,))?.unbind())
    }
}

py_model! {
    /// One input member of a membership job and what became of it. `status`: `added`,
    /// `removed`, `promoted`, `demoted`, `already` (the wanted state reached), `invited`,
    /// `group_full`, `invalid`, `duplicate`, `not_member`, `failed`, or `pending` (not sent yet).
    MemberReport(waha_groups::jobs::MemberReport) {
        /// Position in the input, from 0.
        index,
        /// The input exactly as given.
        requested,
        /// The id sent to WAHA, when the input was valid.
        id,
        /// The phone id, when known.
        pn,
        /// Where the member stands.
        status,
        /// WhatsApp's per-member code, when it answered one.
        code,
        /// Why it failed or was not sent.
        error,
        /// The invitation WhatsApp created for a privacy-refused add.
        invite_code,
        /// When that invitation expires, Unix ms.
        invite_expires_at,
        /// Whether the engine already sent the invitation.
        invite_sent,
        /// The entry this one repeats.
        duplicate_of,
        /// Requests that carried this member, not counting rate-overlimit refusals.
        attempts,
        /// When the first was sent, Unix ms.
        first_attempt_at,
        /// When the status became final, Unix ms.
        finished_at,
    }
    {
        /// An invitation is yours to send.
        #[getter]
        fn needs_invitation(&self) -> bool {
            self.inner.needs_invitation()
        }
    }
}

py_model! {
    /// Where a running job stands (what the progress callback receives); `tqdm`: set
    /// `bar.total = p.total` and `bar.n = p.done`, then `bar.refresh()`.
    JobProgress(waha_groups::jobs::Progress) {
        /// Members with a final status.
        done,
        /// Input members.
        total,
        /// The pacer's current rate, members per minute.
        rate_per_minute,
        /// When the next request goes, Unix ms (None: now, or nothing left).
        next_attempt_at,
        /// The last error the job carried on from.
        last_error,
        /// Member-change requests so far.
        requests,
        /// `rate-overlimit` answers so far.
        rate_limited,
    }
}

restore_by_serde!(waha_groups::jobs::MemberReport, waha_groups::jobs::Progress);

impl ToPy for waha_groups::jobs::MemberReport {
    fn to_py(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        MemberReport::object(py, self.clone())
    }
}

/// Registers the classes.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Participant>()?;
    m.add_class::<Group>()?;
    m.add_class::<GroupPatch>()?;
    m.add_class::<GroupJoinInfo>()?;
    m.add_class::<ParticipantOutcome>()?;
    m.add_class::<ParticipantList>()?;
    m.add_class::<JoinRequest>()?;
    m.add_class::<JoinRequestOutcome>()?;
    m.add_class::<LidMapping>()?;
    m.add_class::<MeInfo>()?;
    m.add_class::<Environment>()?;
    m.add_class::<SessionInfo>()?;
    m.add_class::<GroupJoined>()?;
    m.add_class::<GroupLeft>()?;
    m.add_class::<GroupUpdated>()?;
    m.add_class::<ParticipantsChanged>()?;
    m.add_class::<JoinRequestChanged>()?;
    m.add_class::<LegacyGroupJoin>()?;
    m.add_class::<LegacyGroupLeave>()?;
    m.add_class::<OtherEvent>()?;
    m.add_class::<WebhookEvent>()?;
    m.add_class::<MemberReport>()?;
    m.add_class::<JobProgress>()?;
    Ok(())
}
