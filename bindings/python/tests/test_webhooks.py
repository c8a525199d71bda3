from __future__ import annotations

import pytest

import waha_groups as w

from conftest import MANIFEST

BODY = b'{"event":"group.v2.leave","session":"default","payload":{"group":{"id":"1@g.us"},"timestamp":1740000000}}'


def test_documented_hmac_vector() -> None:
    v = MANIFEST["hmac_vector"]
    sig = w.sign_webhook(v["body"], v["key"])
    assert sig.startswith(v["prefix"]) and sig.endswith(v["suffix"])
    assert sig == w.sign_webhook(v["body"].encode(), v["key"].encode())


def test_verified_parse_and_request_id() -> None:
    sig = w.sign_webhook(BODY, b"k")
    headers = {"x-webhook-hmac": sig, "X-Webhook-Hmac-Algorithm": "sha512", "X-Webhook-Request-Id": "r1"}
    event = w.parse_webhook(BODY, headers, hmac_key="k")
    assert isinstance(event.payload, w.GroupLeft)
    assert event.payload.group_id == "1@g.us" and event.payload.timestamp == 1740000000000
    assert event.request_id == "r1" and event.dedup_key == "r1"
    w.verify_webhook(BODY, list(headers.items()), b"k")


@pytest.mark.parametrize(
    "body,headers,key,error",
    [
        (BODY.replace(b"1@g.us", b"2@g.us"), {"X-Webhook-Hmac": w.sign_webhook(BODY, b"k")}, b"k", w.SignatureMismatchError),
        (BODY, {"X-Webhook-Hmac": w.sign_webhook(BODY, b"k")}, b"other", w.SignatureMismatchError),
        (BODY, {}, b"k", w.SignatureMissingError),
        (BODY, {"X-Webhook-Hmac": w.sign_webhook(BODY, b"k"), "X-Webhook-Hmac-Algorithm": "sha256"}, b"k", w.SignatureAlgorithmError),
    ],
    ids=["tampered", "wrong-key", "missing", "algorithm"],
)
def test_signature_failures(body: bytes, headers: dict[str, str], key: bytes, error: type) -> None:
    with pytest.raises(error) as e:
        w.parse_webhook(body, headers, hmac_key=key)
    assert isinstance(e.value, w.WebhookError) and isinstance(e.value, ValueError)
    with pytest.raises(error):
        w.verify_webhook(body, headers, key)


def test_malformed_bodies_name_the_problem() -> None:
    with pytest.raises(w.WebhookMalformedError, match="not valid JSON"):
        w.parse_webhook(b"{nope")
    with pytest.raises(w.WebhookMalformedError, match='"session"'):
        w.parse_webhook('{"event":"x","payload":{}}')
    other = w.parse_webhook('{"event":"message","session":"s","payload":{"body":"hi"}}')
    assert isinstance(other.payload, w.OtherEvent) and other.payload.raw == {"body": "hi"}
