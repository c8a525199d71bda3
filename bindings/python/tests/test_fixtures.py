"""Every shared fixture decodes to the facts in tests/fixtures/manifest.json, from Python."""

from __future__ import annotations

import json
from typing import Any

import pytest

import waha_groups as w
from waha_groups import _native

from conftest import FIXTURES, MANIFEST, check_facts

# The class each method's result is (scalar results are the manifest's dicts).
MODELS: dict[str, Any] = {
    "create": w.Group, "get": w.Group, "list": [w.Group], "join_info": w.GroupJoinInfo,
    "participants": [w.Participant], "participants_v1": w.ParticipantList,
    "add_participants": [w.ParticipantOutcome], "remove_participants": [w.ParticipantOutcome],
    "promote": [w.ParticipantOutcome], "demote": [w.ParticipantOutcome],
    "join_requests": [w.JoinRequest], "approve_join_requests": [w.JoinRequestOutcome],
    "reject_join_requests": [w.JoinRequestOutcome], "lid": w.LidMapping,
}


def check_type(method: str, result: Any) -> None:
    model = MODELS.get(method, dict)
    if isinstance(model, list):
        assert isinstance(result, list) and all(type(item) is model[0] for item in result), (method, result)
    else:
        assert type(result) is model, (method, result)


@pytest.mark.parametrize("entry", MANIFEST["rest"], ids=lambda e: e["file"])
def test_rest_fixture(entry: dict[str, Any]) -> None:
    body = (FIXTURES / entry["file"]).read_text()
    if "expect_error" in entry:
        with pytest.raises(w.WahaError) as err:
            w.decode_response(entry["operation"], body, entry.get("requested"))
        assert err.value.code == entry["expect_error"]["kind"]
        return
    result = w.decode_response(entry["operation"], body, entry.get("requested"))
    check_type(entry["operation"], result)
    assert check_facts(result, entry["expect"]) == []


@pytest.mark.parametrize("entry", MANIFEST["errors"], ids=lambda e: e["file"])
def test_error_fixture(entry: dict[str, Any]) -> None:
    body = (FIXTURES / entry["file"]).read_text()
    err = _native.error_from_response(entry["status"], body, "default")
    assert isinstance(err, w.WahaError)
    want = entry["expect"]
    assert err.code == want["kind"]
    assert (err.status, err.body) == (entry["status"], body)
    for attr in ("session", "session_status"):
        if attr in want:
            assert getattr(err, attr) == want[attr]
    if "message_contains" in want:
        assert want["message_contains"] in str(err)


@pytest.mark.parametrize("entry", MANIFEST["webhooks"], ids=lambda e: e["file"])
def test_webhook_fixture(entry: dict[str, Any]) -> None:
    body = (FIXTURES / entry["file"]).read_bytes()
    event = w.parse_webhook(body)
    assert check_facts(event, entry["expect"]) == []
    assert event.raw == json.loads(body)


def test_every_error_code_has_a_class() -> None:
    from waha_groups._errors import _CLASSES

    assert set(_native.error_codes()) == set(_CLASSES)
    assert issubclass(w.InvalidArgumentError, ValueError)
    assert issubclass(w.RequestTimeoutError, TimeoutError) and w.RequestTimeoutError is not TimeoutError
    assert issubclass(w.TransportError, ConnectionError)
    assert issubclass(w.GroupNotFoundError, w.EngineError) and _CLASSES["group_not_found"] is w.GroupNotFoundError
    # The table is the core's: each code's class has the core's name and extends the core's base.
    for code, name, base in _native.error_kinds():
        assert _CLASSES[code].__name__ == name and _CLASSES[code].__mro__[1].__name__ == base, code
    assert issubclass(w.SignatureMismatchError, w.WebhookError)


def test_json_schema() -> None:
    group = w.json_schema("Group")
    assert group["title"] == "Group" and "participants" in group["properties"]
    assert w.json_schema("openapi")["openapi"] == "3.1.0"
    with pytest.raises(w.InvalidArgumentError, match="known: openapi"):
        w.json_schema("Nope")
