"""Typed, immutable result objects. They mirror the Rust models field for field (snake_case)
and are built from the JSON the core serialises; ``raw`` keeps what WAHA sent.

Enum-like fields are strings. Known values: role ``participant | admin | superadmin | left``;
join method ``invite_link | linked_group_join | non_admin_add``; participants change
``join | leave | promote | demote``; join-request action ``created | rejected | revoked``;
engine ``WEBJS | WPP | NOWEB | GOWS``. Unknown values are passed through unchanged.
Timestamps are Unix milliseconds.
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Tuple, Type, TypeVar, Union

T = TypeVar("T")


def _raw() -> Any:
    return field(default_factory=dict, repr=False)


@dataclass(frozen=True)
class Participant:
    """A group member: ``id`` (``@c.us`` or ``@lid``), ``pn`` (phone id when known), ``role``."""

    id: str
    role: str
    pn: Optional[str] = None


@dataclass(frozen=True)
class Group:
    """A group, the same for every engine and for ``group.v2.join`` events."""

    id: str
    subject: str
    description: Optional[str] = None
    owner: Optional[str] = None
    created_at: Optional[int] = None
    participants: Tuple[Participant, ...] = ()
    size: Optional[int] = None
    info_admin_only: Optional[bool] = None
    messages_admin_only: Optional[bool] = None
    members_can_add: Optional[bool] = None
    approval_required: Optional[bool] = None
    invite_code: Optional[str] = None
    raw: Any = _raw()


@dataclass(frozen=True)
class GroupPatch:
    """What a ``group.v2.update`` event changed; ``None`` means unchanged."""

    id: str
    subject: Optional[str] = None
    description: Optional[str] = None
    invite_code: Optional[str] = None
    info_admin_only: Optional[bool] = None
    messages_admin_only: Optional[bool] = None
    members_can_add: Optional[bool] = None
    approval_required: Optional[bool] = None
    participants: Optional[Tuple[Participant, ...]] = None


@dataclass(frozen=True)
class GroupJoinInfo:
    """What an invite link leads to."""

    id: Optional[str] = None
    subject: Optional[str] = None
    description: Optional[str] = None
    owner: Optional[str] = None
    size: Optional[int] = None
    participants: Tuple[Participant, ...] = ()
    approval_required: Optional[bool] = None
    raw: Any = _raw()


@dataclass(frozen=True)
class ParticipantOutcome:
    """Per-member result of add / remove / promote / demote (``code``: 200, 403, 404, 409, ...).

    ``id`` is the member as WAHA answered (often a ``@lid``), ``pn`` their phone id and
    ``requested`` the id exactly as you passed it. A privacy-refused add (``code`` 403) carries
    the invitation WhatsApp created: ``invite_code`` and ``invite_expires_at`` (Unix ms), or
    ``invite_sent=True`` where the engine already sent it (WEBJS/WPP).
    """

    id: str
    ok: bool
    code: Optional[int] = None
    message: Optional[str] = None
    pn: Optional[str] = None
    requested: Optional[str] = None
    invite_code: Optional[str] = None
    invite_expires_at: Optional[int] = None
    invite_sent: Optional[bool] = None
    raw: Any = _raw()

    @property
    def privacy_refused(self) -> bool:
        """WhatsApp refused a direct add because of the member's privacy settings (code 403)."""
        return self.code == 403

    @property
    def needs_invitation(self) -> bool:
        """Privacy-refused and the engine did not send the invitation: yours to send."""
        return self.privacy_refused and self.invite_sent is not True


class ParticipantOutcomes(List[ParticipantOutcome]):
    """The outcomes of one add / remove / promote / demote call: a ``list`` with the follow-ups.

    ```python
    outcomes = groups.add_participants(g.id, numbers)
    for o in outcomes.failed():
        print(o.requested, o.code)
    for o in outcomes.invitations():
        send_private_invite(o.pn, o.invite_code)
    ```
    """

    def failed(self) -> List[ParticipantOutcome]:
        """Outcomes WhatsApp did not apply."""
        return [o for o in self if not o.ok]

    def invitations(self) -> List[ParticipantOutcome]:
        """Privacy-refused adds still waiting for you to send the invitation."""
        return [o for o in self if o.needs_invitation]


@dataclass(frozen=True)
class ParticipantList:
    """Engine-specific ``participants_v1`` answer, normalised."""

    participants: Tuple[Participant, ...] = ()
    raw: Any = _raw()


@dataclass(frozen=True)
class JoinRequest:
    """A pending request to join."""

    requester_id: str
    requester_pn: Optional[str] = None
    added_by: Optional[str] = None
    parent_group_id: Optional[str] = None
    method: Optional[str] = None
    timestamp: Optional[int] = None
    raw: Any = _raw()


@dataclass(frozen=True)
class JoinRequestOutcome:
    """Per-requester result of approve / reject."""

    ok: bool
    requester_id: Optional[str] = None
    error: Optional[int] = None
    raw: Any = _raw()


@dataclass(frozen=True)
class LidMapping:
    """``@lid`` ↔ phone number."""

    lid: str
    pn: Optional[str] = None


@dataclass(frozen=True)
class MeInfo:
    """A session's account."""

    id: str
    lid: Optional[str] = None
    jid: Optional[str] = None
    push_name: Optional[str] = None


@dataclass(frozen=True)
class Environment:
    """WAHA's version and environment."""

    version: Optional[str] = None
    engine: Optional[str] = None
    tier: Optional[str] = None
    browser: Optional[str] = None
    platform: Optional[str] = None
    worker_id: Optional[str] = None


@dataclass(frozen=True)
class SessionInfo:
    """A session."""

    name: str
    status: str
    me: Optional[MeInfo] = None
    engine: Optional[str] = None
    raw: Any = _raw()


@dataclass(frozen=True)
class GroupJoined:
    """``group.v2.join``: you joined or were added."""

    group: Group
    timestamp: Optional[int] = None


@dataclass(frozen=True)
class GroupLeft:
    """``group.v2.leave``: you left or were removed."""

    group_id: str
    timestamp: Optional[int] = None


@dataclass(frozen=True)
class GroupUpdated:
    """``group.v2.update``."""

    group: GroupPatch
    timestamp: Optional[int] = None


@dataclass(frozen=True)
class ParticipantsChanged:
    """``group.v2.participants``; ``kind`` is the source of truth (NOWEB reports role admin on demote)."""

    kind: str
    group_id: str
    participants: Tuple[Participant, ...] = ()
    timestamp: Optional[int] = None


@dataclass(frozen=True)
class JoinRequestChanged:
    """``group.v2.participants.join-request``."""

    action: str
    group_id: str
    requester_id: str
    requester_pn: Optional[str] = None
    method: Optional[str] = None
    timestamp: Optional[int] = None


@dataclass(frozen=True)
class LegacyGroupEvent:
    """Deprecated ``group.join`` / ``group.leave``: what can be known from the engine payload."""

    group_id: Optional[str] = None
    participants: Tuple[str, ...] = ()
    author: Optional[str] = None
    timestamp: Optional[int] = None
    raw: Any = _raw()


@dataclass(frozen=True)
class LegacyGroupJoin(LegacyGroupEvent):
    """Deprecated ``group.join``."""


@dataclass(frozen=True)
class LegacyGroupLeave(LegacyGroupEvent):
    """Deprecated ``group.leave`` (WEBJS only)."""


@dataclass(frozen=True)
class OtherEvent:
    """Any other event, kept as it came."""

    event: str
    raw: Any = _raw()


GroupEvent = Union[
    GroupJoined, GroupLeft, GroupUpdated, ParticipantsChanged, JoinRequestChanged, LegacyGroupJoin, LegacyGroupLeave, OtherEvent
]
"""The ``payload`` of a :class:`WebhookEvent`: one class per group event, ``OtherEvent`` for the rest."""

_PAYLOADS: Dict[str, type] = {
    "join": GroupJoined,
    "leave": GroupLeft,
    "update": GroupUpdated,
    "participants": ParticipantsChanged,
    "join_request": JoinRequestChanged,
    "legacy_join": LegacyGroupJoin,
    "legacy_leave": LegacyGroupLeave,
    "other": OtherEvent,
}


@dataclass(frozen=True)
class WebhookEvent:
    """A parsed webhook delivery: the envelope and the typed ``payload``."""

    event: str
    session: str
    payload: GroupEvent
    id: Optional[str] = None
    timestamp: Optional[int] = None
    metadata: Optional[Dict[str, Any]] = None
    me: Optional[MeInfo] = None
    engine: Optional[str] = None
    environment: Optional[Environment] = None
    request_id: Optional[str] = None
    raw: Any = _raw()

    @property
    def dedup_key(self) -> Optional[str]:
        """The envelope id, else ``X-Webhook-Request-Id``: the same for retries of one delivery."""
        return self.id if self.id is not None else self.request_id


_Converter = Callable[[Any], Any]
_BUILDERS: Dict[type, _Converter] = {}


def _identity(value: Any) -> Any:
    return value


def _converter(tp: Any) -> _Converter:
    """A function turning the core's JSON for type `tp` into Python objects, built once per type."""
    if tp is GroupEvent:
        return lambda v: None if v is None else _builder(_PAYLOADS.get(v.get("type"), OtherEvent))(v)
    origin = typing.get_origin(tp)
    if origin is Union:
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(inner) != 1:
            return _identity
        conv = _converter(inner[0])
        return _identity if conv is _identity else (lambda v: None if v is None else conv(v))
    if origin is tuple:
        item = _converter(typing.get_args(tp)[0])
        if item is _identity:
            return lambda v: None if v is None else tuple(v)
        return lambda v: None if v is None else tuple([item(x) for x in v])
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return lambda v: None if v is None else _builder(tp)(v)
    return _identity


def _builder(cls: type) -> _Converter:
    """The cached constructor of dataclass `cls` from a dict."""
    build = _BUILDERS.get(cls)
    if build is None:
        hints = typing.get_type_hints(cls)
        fields = [(f.name, _converter(hints[f.name])) for f in dataclasses.fields(cls)]

        def build(data: Any, _cls: Any = cls, _fields: Any = fields) -> Any:
            return _cls(**{name: conv(data[name]) for name, conv in _fields if name in data})

        _BUILDERS[cls] = build
    return build


def _to(cls: Type[T], data: Any) -> T:
    """Builds ``cls`` from the core's JSON."""
    result: T = _builder(cls)(data)
    return result


def _to_list(cls: Type[T], data: Any) -> list[T]:
    build = _builder(cls)
    return [build(item) for item in data]
