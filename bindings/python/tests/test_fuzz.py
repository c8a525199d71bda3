"""The fuzz harness's mutations, through the Python binding: only ``WahaError`` subclasses come out."""

from __future__ import annotations

import json
import random
from typing import Any, Callable, List

import pytest

import waha_groups as w
from waha_groups import _native

from conftest import FIXTURES, MANIFEST

TOKENS = ["NaN", "Infinity", "-Infinity", "1e999999", "-99999999999999999999999999", "18446744073709551616", "null", '""', "{}"]


def random_json(rng: random.Random, depth: int) -> Any:
    kind = rng.randrange(5 if depth == 0 else 7)
    if kind == 0:
        return None
    if kind == 1:
        return rng.random() < 0.5
    if kind == 2:
        return rng.randrange(-(2**63), 2**63)
    if kind == 3:
        return rng.random() * 1e300
    if kind == 4:
        return rng.choice(["", "@g.us", "1@lid", "x@s.whatsapp.net", "403", "superadmin"])
    if kind == 5:
        return [random_json(rng, depth - 1) for _ in range(rng.randrange(4))]
    keys = ["id", "JID", "status", "code", "error", "message", "participants", "event", "payload"]
    return {rng.choice(keys): random_json(rng, depth - 1) for _ in range(rng.randrange(5))}


def mutate(rng: random.Random, seed: bytes) -> bytes:
    """Truncation, type flips, huge numbers and NaN-like tokens, deep nesting, huge strings,
    invalid UTF-8, NUL bytes, byte noise, random JSON — as ``tests/src/fuzz.rs`` does."""
    b = bytearray(seed)
    at = rng.randrange(len(b) + 1)
    kind = rng.randrange(9)
    if kind == 0:
        del b[at:]
    elif kind == 1:
        try:
            doc = json.loads(b)
            if isinstance(doc, dict) and doc:
                doc[rng.choice(list(doc))] = random_json(rng, 2)
            elif isinstance(doc, list) and doc:
                doc[rng.randrange(len(doc))] = random_json(rng, 2)
            b = bytearray(json.dumps(doc).encode())
        except ValueError:
            pass
    elif kind == 2:
        b[at:at] = rng.choice(TOKENS).encode()
    elif kind == 3:
        depth = rng.randrange(100, 5000)
        b = bytearray(b"[" * depth + bytes(b) + b"]" * depth)
    elif kind == 4:
        b[at:at] = b'"' + b"x" * rng.randrange(1000, 200_000) + b'"'
    elif kind == 5:
        b[at:at] = rng.choice([b"\xff\xfe", b"\xc3", b"\xed\xa0\x80", b"\x00"])
    elif kind == 6 and b:
        b[rng.randrange(len(b))] = rng.randrange(256)
    elif kind == 7:
        b[at:at] = b'\\u0000\\ud800"'
    else:
        b = bytearray(json.dumps(random_json(rng, 3)).encode())
    return bytes(b)


def touch(result: Any) -> None:
    """Reads every field of a result (models convert their fields when first read)."""
    for item in result if isinstance(result, list) else [result]:
        if hasattr(item, "to_dict"):
            repr(item)
            item.to_dict()
            getattr(item, "raw", None)
            touch(getattr(item, "payload", None))


def only_waha_errors(call: Callable[[], Any]) -> None:
    try:
        touch(call())
    except w.WahaError as e:
        assert e.code and str(e)


CASES = 300


def inputs(section: str, seed: int) -> List[bytes]:
    rng = random.Random(seed)
    seeds = [(FIXTURES / e["file"]).read_bytes() for e in MANIFEST[section]]
    return [mutate(rng, rng.choice(seeds)) for _ in range(CASES)]


def test_decode_response_raises_only_waha_errors() -> None:
    methods = sorted({e["operation"] for e in MANIFEST["rest"]})
    for i, body in enumerate(inputs("rest", 11)):
        text = body.decode("utf-8", "surrogateescape")  # lone surrogates reach the binding too
        only_waha_errors(lambda: w.decode_response(methods[i % len(methods)], text, ["22222222222@c.us"]))
        only_waha_errors(lambda: _native.error_from_response(500, text))


@pytest.mark.parametrize("as_text", [False, True])
def test_webhooks_raise_only_waha_errors(as_text: bool) -> None:
    for body in inputs("webhooks", 12):
        data: Any = body.decode("utf-8", "surrogateescape") if as_text else body
        only_waha_errors(lambda: w.parse_webhook(data))
        only_waha_errors(lambda: w.parse_webhook(data, {"X-Webhook-Hmac": "00"}, hmac_key="k"))
        only_waha_errors(lambda: w.verify_webhook(data, {"X-Webhook-Hmac": w.sign_webhook(body, "k")}, "k"))


def test_answers_nested_past_the_limit_are_decode_errors() -> None:
    """`raw` is handed over as WAHA sent it; nesting Python's json module cannot read is refused
    by the core with a clear error (found by this file's mutations)."""
    deep = "[" * 200 + "]" * 200
    with pytest.raises(w.DecodeError, match="nests deeper than 128"):
        w.decode_response("get", '{"id": "1@g.us", "x": ' + deep + "}")
    body = json.dumps({"event": "group.v2.leave", "session": "s", "payload": {"group": {"id": "1@g.us"}}})
    event = w.parse_webhook(body[:-1] + ', "x": ' + deep + "}")
    assert isinstance(event.payload, w.GroupLeft) and event.payload.group_id == "1@g.us"
    with pytest.raises(w.DecodeError, match="nests deeper than 128"):
        event.raw  # the body is parsed when `raw` is first read
    text = '{"id": "1@g.us", "x": ' + "[" * 100 + "]" * 100 + "}"
    fine = w.decode_response("get", text)
    assert fine.id == "1@g.us" and fine.raw == json.loads(text)
    # `raw` is parsed when first read: the same limit holds there (and for `to_dict`).
    built = w.Group(id="1@g.us", subject="x", raw=json.loads(deep))
    assert built.subject == "x"
    with pytest.raises(w.DecodeError, match="nests deeper than 128"):
        built.raw
    with pytest.raises(w.DecodeError, match="nests deeper than 128"):
        built.to_dict()
