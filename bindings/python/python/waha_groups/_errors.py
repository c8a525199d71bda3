"""The exception hierarchy. The Rust core decides the kind and names its class and base class
(``_native.error_kinds()``); `_CLASSES` maps its stable codes to the classes defined here."""

from __future__ import annotations

from typing import Dict, Optional, Type


class WahaError(Exception):
    """Base of every waha_groups error.

    Attributes: ``code`` (stable string, e.g. ``"rate_limited"``), ``status`` (HTTP status or
    None), ``body`` (raw response body or None), ``session`` and ``session_status`` (422 session
    errors), ``retry_after`` (seconds the server asked to wait, or None).
    """

    code: str = "waha_error"
    status: Optional[int] = None
    body: Optional[str] = None
    session: Optional[str] = None
    session_status: Optional[str] = None
    retry_after: Optional[float] = None


class InvalidArgumentError(WahaError, ValueError):
    """Bad input caught before anything was sent (also a ``ValueError``)."""


class ValidationError(WahaError):
    """400 from one of WAHA's validated routes."""


class AuthenticationError(WahaError):
    """401: missing or wrong API key."""


class ForbiddenError(WahaError):
    """403: the key may not use this session."""


class NotFoundError(WahaError):
    """404: the route does not exist on this WAHA (older version or wrong base URL)."""


class SessionNotFoundError(WahaError):
    """422: the session does not exist (``.session``)."""


class SessionNotReadyError(WahaError):
    """422: the session is not WORKING (``.session``, ``.session_status``)."""


class PlusOnlyError(WahaError):
    """422: the feature needs WAHA Plus."""


class NotImplementedByEngineError(WahaError):
    """501: the session's engine does not implement the method."""


class RateLimitError(WahaError):
    """WhatsApp's rate-overlimit (WAHA sends it as a 500)."""


class EngineError(WahaError):
    """Any other 500: a WhatsApp or engine error."""


class GroupNotFoundError(EngineError):
    """The group does not exist, or this account is not in it.

    WAHA reports it as a 500 (there is no HTTP status for it); the client recognises each
    engine's wording and does not retry it. Also an ``EngineError``, so older handlers still catch it.
    """


class InviteNotFoundError(EngineError):
    """``join``/``join_info`` of an invite code that does not exist or was revoked (WAHA sends a 500
    in the engine's words); never retried. Also an ``EngineError``."""


class RefusedError(WahaError):
    """A setter answered ``false``: WhatsApp refused (usually missing admin rights)."""


class HttpError(WahaError):
    """Any other unexpected HTTP status."""


class TransportError(WahaError, ConnectionError):
    """Could not connect or the connection broke (also a ``ConnectionError``)."""


class RequestTimeoutError(WahaError, TimeoutError):
    """No answer within the timeout (also the builtin ``TimeoutError``, which it does not shadow)."""


class DecodeError(WahaError):
    """The answer could not be decoded; ``.body`` keeps it."""


class StateFileError(WahaError):
    """A job's state file cannot be read or written, is damaged, or belongs to another job."""


class WebhookError(WahaError, ValueError):
    """Base of webhook parsing and signature errors."""


class WebhookMalformedError(WebhookError):
    """The body is not a valid WAHA webhook envelope."""


class SignatureMissingError(WebhookError):
    """No ``X-Webhook-Hmac`` header although a key was given."""


class SignatureMismatchError(WebhookError):
    """The signature does not match: the body was altered or the key is wrong."""


class SignatureAlgorithmError(WebhookError):
    """``X-Webhook-Hmac-Algorithm`` is not sha512."""


def _class_table() -> Dict[str, Type[WahaError]]:
    """The core's error kinds (``code``, class name, base class name) mapped to the classes above;
    a kind without its class, or a class that does not extend the core's base, fails the import."""
    from . import _native

    table: Dict[str, Type[WahaError]] = {}
    for code, name, base in _native.error_kinds():
        cls, parent = globals().get(name), globals().get(base)
        if not (isinstance(cls, type) and isinstance(parent, type) and issubclass(cls, parent)):
            raise ImportError(f"waha_groups: error kind {code!r} needs a class {name} extending {base}")
        if not issubclass(cls, WahaError):
            raise ImportError(f"waha_groups: {name} must extend WahaError")
        table[code] = cls
    return table


_CLASSES: Dict[str, Type[WahaError]] = _class_table()
