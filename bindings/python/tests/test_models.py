"""The native result classes: fields, laziness, repr, ==, hash, pickling, to_dict, construction."""

from __future__ import annotations

import json
import pickle
from typing import Any, List

import pytest

import waha_groups as w
from waha_groups.testing import MockWaha

from conftest import FIXTURES, MANIFEST


def models_of(result: Any) -> List[Any]:
    items = result if isinstance(result, list) else [result]
    return [item for item in items if hasattr(item, "to_dict")]


def every_fixture_model() -> List[Any]:
    found: List[Any] = []
    for entry in MANIFEST["rest"]:
        if "expect_error" not in entry:
            body = (FIXTURES / entry["file"]).read_text()
            found += models_of(w.decode_response(entry["operation"], body, entry.get("requested")))
    for entry in MANIFEST["webhooks"]:
        event = w.parse_webhook((FIXTURES / entry["file"]).read_bytes(), {"X-Webhook-Request-Id": "req-1"})
        found += [event, event.payload]
    return found


MODELS = every_fixture_model()


def test_the_fixtures_cover_every_class() -> None:
    classes = {type(m).__name__ for m in MODELS}
    want = {"Group", "GroupJoinInfo", "ParticipantOutcome", "ParticipantList", "JoinRequest", "JoinRequestOutcome",
            "LidMapping", "WebhookEvent", "GroupJoined", "GroupLeft", "GroupUpdated", "ParticipantsChanged",
            "JoinRequestChanged", "LegacyGroupJoin", "LegacyGroupLeave", "OtherEvent"}
    assert want <= classes, want - classes


@pytest.mark.parametrize("model", MODELS, ids=lambda m: type(m).__name__)
def test_pickle_hash_eq_and_to_dict(model: Any) -> None:
    back = pickle.loads(pickle.dumps(model))
    assert type(back) is type(model) and back == model and hash(back) == hash(model)
    assert back.to_dict() == model.to_dict()
    data = model.to_dict()
    for field in data:
        if field != "type":
            assert getattr(model, field) is not None or data[field] is None, field
    if hasattr(model, "raw"):
        assert "raw=" not in repr(model) and model.raw is model.raw  # parsed once, then kept
    assert repr(model).startswith(type(model).__name__ + "(")


def test_fields_are_converted_once_and_classes_are_frozen() -> None:
    body = (FIXTURES / "rest/webjs/get.json").read_text()
    g = w.decode_response("get", body)
    assert g.participants is g.participants and isinstance(g.participants, tuple)
    assert all(type(p) is w.Participant for p in g.participants)
    assert g.raw == json.loads(body)
    with pytest.raises(AttributeError):
        g.subject = "x"  # type: ignore[misc]
    other = w.decode_response("get", body.replace('"subject"', '"subject_"', 1))
    assert g != other and g != "a string" and g == w.decode_response("get", body)
    assert {g, w.decode_response("get", body)} == {g}


def test_keyword_construction_reads_the_same_json_as_to_dict() -> None:
    p = w.Participant(id="1@c.us", role="admin")
    assert (p.id, p.pn, p.role) == ("1@c.us", None, "admin")
    assert w.Participant(**p.to_dict()) == p
    g = w.Group(id="1@g.us", subject="Team", participants=[p.to_dict()], raw={"x": 1})
    assert g.participants == (p,) and g.raw == {"x": 1} and g.description is None
    with pytest.raises(w.InvalidArgumentError, match="Participant\\(\\): missing field `id`"):
        w.Participant(role="admin")
    with pytest.raises(w.InvalidArgumentError, match="must be JSON data"):
        w.Participant(id=object(), role="admin")


def test_outcomes_are_a_list_with_follow_ups(waha_mock: MockWaha) -> None:
    groups = w.Client(waha_mock.url).groups("default")
    g = groups.create("Team")
    outcomes = groups.add_participants(g.id, ["111@c.us", {"id": "222@c.us"}])
    assert isinstance(outcomes, w.ParticipantOutcomes) and isinstance(outcomes, list)
    assert [o.requested for o in outcomes] == ["111@c.us", "222@c.us"] and outcomes.failed() == []
    assert all(type(o) is w.ParticipantOutcome and o.ok for o in outcomes)


@pytest.mark.parametrize(
    ("argument", "call"),
    [
        ("exclude_participants", lambda g: g.list(exclude_participants="yes")),
        ("sort_by", lambda g: g.list(sort_by="name")),
        ("sort_order", lambda g: g.list(sort_order="up")),
        ("limit", lambda g: g.list(limit=-1)),
        ("page_size", lambda g: g.iter(page_size=-1)),
        ("refresh", lambda g: g.picture("1@g.us", refresh=1)),
        ("admins_only", lambda g: g.set_info_admin_only("1@g.us", 1)),
        ("participants", lambda g: g.add_participants("1@g.us", "111@c.us")),
        ("participants", lambda g: g.add_participants("1@g.us", [{"name": "x"}])),
        ("participants", lambda g: g.create("Team", 5)),
        ("id", lambda g: g.get(5)),
        ("mimetype", lambda g: g.set_picture("1@g.us", url="http://x", mimetype=5)),
    ],
)
def test_arguments_are_converted_natively_and_named(argument: str, call: Any) -> None:
    for groups in (w.Client("http://127.0.0.1:9").groups("default"), w.AsyncClient("http://127.0.0.1:9").groups("default")):
        with pytest.raises(w.InvalidArgumentError) as err:
            call(groups)
        assert f'"{argument}"' in str(err.value), str(err.value)
