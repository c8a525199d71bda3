from __future__ import annotations

import json
from pathlib import Path
from typing import Any, List

import pytest

import waha_groups as w

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures"
MANIFEST = json.loads((FIXTURES / "manifest.json").read_text())

# The payload classes by the `type` tag the Rust model serialises.
_TYPE_TAGS: dict[type, str] = {
    w.GroupJoined: "join", w.GroupLeft: "leave", w.GroupUpdated: "update", w.ParticipantsChanged: "participants",
    w.JoinRequestChanged: "join_request", w.LegacyGroupJoin: "legacy_join", w.LegacyGroupLeave: "legacy_leave",
    w.OtherEvent: "other",
}


def resolve(obj: Any, pointer: str) -> Any:
    """JSON-pointer lookup through the result classes (attributes), dicts and sequences.

    The payload's ``type`` is the tag of its class, as the Rust model serialises it; a missing
    step resolves to None (the manifest expects null there).
    """
    for segment in pointer.split("/")[1:]:
        if obj is None:
            return None
        if hasattr(obj, "to_dict") and not isinstance(obj, type):
            if segment == "type" and type(obj) in _TYPE_TAGS:
                obj = _TYPE_TAGS[type(obj)]
                continue
            obj = getattr(obj, segment, None)
        elif isinstance(obj, dict):
            obj = obj.get(segment)
        elif isinstance(obj, (list, tuple)):
            obj = obj[int(segment)] if int(segment) < len(obj) else None
        else:
            return None
    return obj


def check_facts(obj: Any, expect: dict[str, Any]) -> List[str]:
    failures = []
    for pointer, want in expect.items():
        if pointer.endswith("/#"):
            seq = resolve(obj, pointer[:-2])
            got: Any = None if seq is None else len(seq)
        else:
            got = resolve(obj, pointer)
        if isinstance(got, tuple):
            got = list(got)
        if got != want:
            failures.append(f"{pointer}: expected {want!r}, got {got!r}")
    return failures


@pytest.fixture
def manifest() -> dict[str, Any]:
    return MANIFEST
