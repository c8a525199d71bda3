"""waha_groups: a typed client for WAHA's WhatsApp groups API, its webhooks, and a mock WAHA.

```python
from waha_groups import Client
client = Client("http://localhost:3000", api_key="secret")   # or Client.from_env()
g = client.groups("default").create("Team", ["111@c.us", "222@c.us"])
```
"""

import atexit as _atexit
import logging as _logging
from typing import Union
from importlib.metadata import version as _version

from ._errors import (
    AuthenticationError,
    DecodeError,
    EngineError,
    ForbiddenError,
    GroupNotFoundError,
    HttpError,
    InvalidArgumentError,
    InviteNotFoundError,
    NotFoundError,
    NotImplementedByEngineError,
    PlusOnlyError,
    RateLimitError,
    RefusedError,
    RequestTimeoutError,
    SessionNotFoundError,
    SessionNotReadyError,
    SignatureAlgorithmError,
    SignatureMismatchError,
    SignatureMissingError,
    StateFileError,
    TransportError,
    ValidationError,
    WahaError,
    WebhookError,
    WebhookMalformedError,
)
from ._models import ParticipantLike, ParticipantOutcomes
from ._native import (
    AsyncClient,
    AsyncGroups,
    AsyncLids,
    CancelToken,
    Client,
    Environment,
    Group,
    GroupIterator,
    GroupJoined,
    GroupJoinInfo,
    GroupLeft,
    GroupPatch,
    GroupUpdated,
    Groups,
    JobProgress,
    JobReport,
    JoinRequest,
    JoinRequestChanged,
    JoinRequestOutcome,
    LegacyGroupJoin,
    LegacyGroupLeave,
    LidMapping,
    Lids,
    MemberReport,
    MeInfo,
    OtherEvent,
    Participant,
    ParticipantList,
    ParticipantOutcome,
    ParticipantsChanged,
    SessionInfo,
    WebhookEvent,
)
from . import _native
from ._webhooks import Headers, decode_response, json_schema, parse_webhook, sign_webhook, verify_webhook

# A library logs only where the application asks it to: without handlers configured, nothing
# from the "waha_groups" logger is printed (not even warnings, through logging's last resort).
_logging.getLogger("waha_groups").addHandler(_logging.NullHandler())

# Lets the Rust runtime finish handing results to asyncio before the interpreter finalises.
_atexit.register(_native._drain_at_exit)

GroupEvent = Union[
    GroupJoined, GroupLeft, GroupUpdated, ParticipantsChanged, JoinRequestChanged, LegacyGroupJoin, LegacyGroupLeave, OtherEvent
]
"""The ``payload`` of a :class:`WebhookEvent`: one class per group event, ``OtherEvent`` for the rest."""

LegacyGroupEvent = Union[LegacyGroupJoin, LegacyGroupLeave]
"""The deprecated ``group.join`` / ``group.leave`` payloads (same fields)."""

__version__: str = _version("waha-groups")
"""The package version: the same for the crates and the npm package (set in the workspace Cargo.toml)."""

__all__ = [
    "AsyncClient", "AsyncGroups", "AsyncLids", "Client", "Groups", "Lids", "ParticipantLike",
    "AuthenticationError", "DecodeError", "EngineError", "ForbiddenError", "GroupNotFoundError", "HttpError", "InvalidArgumentError", "InviteNotFoundError",
    "NotFoundError", "NotImplementedByEngineError", "PlusOnlyError", "RateLimitError", "RefusedError",
    "RequestTimeoutError", "SessionNotFoundError", "SessionNotReadyError", "SignatureAlgorithmError",
    "SignatureMismatchError", "SignatureMissingError", "StateFileError", "TransportError", "ValidationError", "WahaError",
    "WebhookError", "WebhookMalformedError",
    "Environment", "Group", "GroupEvent", "GroupIterator", "GroupJoined", "GroupJoinInfo", "GroupLeft", "GroupPatch", "GroupUpdated",
    "JoinRequest", "JoinRequestChanged", "JoinRequestOutcome", "LegacyGroupEvent", "LegacyGroupJoin", "LegacyGroupLeave", "LidMapping", "MeInfo",
    "OtherEvent", "Participant", "ParticipantList", "ParticipantOutcome", "ParticipantOutcomes", "ParticipantsChanged", "SessionInfo",
    "WebhookEvent",
    "CancelToken", "JobProgress", "JobReport", "MemberReport",
    "Headers", "decode_response", "json_schema", "parse_webhook", "sign_webhook", "verify_webhook",
]
