"""Webhooks: parse WAHA's envelope into typed events, verify and create signatures."""

from __future__ import annotations

import json
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple, Union

from . import _native
from ._native import WebhookEvent

Headers = Union[Mapping[str, str], Iterable[Tuple[str, str]], None]
"""Request headers as a mapping (any case) or (name, value) pairs."""


def _pairs(headers: Headers) -> List[Tuple[str, str]]:
    if headers is None:
        return []
    items = headers.items() if isinstance(headers, Mapping) else headers
    # Anything that is not a pair goes to the native layer as is, which rejects it by name.
    return [(str(p[0]), str(p[1])) if isinstance(p, (tuple, list)) and len(p) == 2 else p for p in items]


def parse_webhook(body: Union[bytes, str], headers: Headers = None, hmac_key: Union[bytes, str, None] = None) -> WebhookEvent:
    """Parses a webhook body into a :class:`WebhookEvent`.

    With ``hmac_key``, ``X-Webhook-Hmac`` is verified first (constant time) and a missing or
    wrong signature raises a ``WebhookError`` subclass. ``headers`` also supply
    ``X-Webhook-Request-Id`` (``event.request_id``) for de-duplicating retries.
    """
    return _native.parse_webhook(body, _pairs(headers), hmac_key)


def verify_webhook(body: Union[bytes, str], headers: Headers, hmac_key: Union[bytes, str]) -> None:
    """Raises ``SignatureMissingError``, ``SignatureMismatchError`` or ``SignatureAlgorithmError`` unless the signature is valid."""
    _native.verify_webhook(body, _pairs(headers), hmac_key)


def sign_webhook(body: Union[bytes, str], hmac_key: Union[bytes, str]) -> str:
    """Hex HMAC-SHA512 of ``body``, as WAHA sends in ``X-Webhook-Hmac``."""
    return _native.sign_webhook(body, hmac_key)


def decode_response(method: str, body: str, requested: Optional[List[str]] = None) -> Any:
    """Decodes a raw WAHA answer of ``method`` the way the client does.

    Models come back as their classes (``Group``, a list of ``ParticipantOutcome``, ...); scalar
    results as the dicts ``tests/fixtures/manifest.json`` describes (``{"accepted": True}``,
    ``{"value": ...}``, ``{"count": ...}``, ``{"code", "url"}``, ``{"id"}``, ``{"url"}``).
    For contract tests and fixtures.
    """
    return _native.decode_response(method, body, requested or [])


def json_schema(name: str) -> Dict[str, Any]:
    """JSON Schema of a model, request body or ``WebhookEvent`` (e.g. ``"Group"``); ``"openapi"`` gives the OpenAPI 3.1 document."""
    result: Dict[str, Any] = json.loads(_native.json_schema(name))
    return result
