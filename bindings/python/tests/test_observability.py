"""What the SDK did, from Python: records of the ``waha_groups`` logger for a retried and a
rate-limited call (no secret in them, nothing printed unless logging is configured),
``client.stats()``, the invite error kind, and the mock's bounds."""

from __future__ import annotations

import json
import logging
import socket
import time
from typing import Any, Dict, List

import pytest

import waha_groups as w
from waha_groups.testing import MockWaha

KEY = "sup3r-secret-key-never-logged"
FIELDS = ("kind", "operation", "session", "group_id", "attempt", "status", "duration_ms", "request_id", "error", "wait_ms")


def records_of(caplog: pytest.LogCaptureFixture) -> List[Dict[str, Any]]:
    return [{f: getattr(r, f) for f in FIELDS} | {"level": r.levelname} for r in caplog.records if r.name == "waha_groups"]


def test_a_retried_call_logs_each_attempt_without_the_key(caplog: pytest.LogCaptureFixture) -> None:
    with MockWaha("NOWEB", api_key=KEY) as mock:
        client = w.Client(mock.url, api_key=KEY, retry_base_delay=0.001)
        g = client.groups("default").create("Logged")
        mock.add_fault(operation="get", kind="rate-overlimit", times=1)
        with caplog.at_level(logging.DEBUG, logger="waha_groups"):
            client.groups("default").get(g.id)
        recs = records_of(caplog)
        assert [(r["kind"], r["level"]) for r in recs] == [("failed", "WARNING"), ("retry", "INFO"), ("call", "DEBUG")]
        assert all(r["operation"] == "get" and r["session"] == "default" and r["group_id"] == g.id for r in recs)
        assert (recs[0]["status"], recs[0]["error"], recs[0]["attempt"]) == (500, "rate_limited", 1)
        assert recs[1]["wait_ms"] > 0 and (recs[2]["status"], recs[2]["attempt"]) == (200, 2)
        assert all(isinstance(r["duration_ms"], float) for r in recs)
        text = "\n".join(r.getMessage() + repr(r.__dict__) for r in caplog.records)
        assert KEY not in text and "sup3r" not in text
        stats = client.stats()
        assert (stats["calls"], stats["retries"], stats["rate_limited"], stats["errors"]) == (2, 1, 1, {})


def test_a_rate_limited_call_is_counted_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    with MockWaha("GOWS") as mock:
        client = w.Client(mock.url, max_retries=1, retry_base_delay=0.001)
        mock.add_fault(operation="count", kind="rate-overlimit", times=5)
        with caplog.at_level(logging.INFO, logger="waha_groups"):
            with pytest.raises(w.RateLimitError):
                client.groups("default").count()
        assert [r["kind"] for r in records_of(caplog)] == ["failed", "retry", "failed"]
        assert client.stats() == {"calls": 1, "retries": 1, "rate_limited": 2, "errors": {"rate_limited": 1}}


def test_nothing_is_printed_unless_logging_is_configured(capfd: pytest.CaptureFixture[str]) -> None:
    with MockWaha("WEBJS") as mock:
        mock.add_fault(operation="count", kind="rate-overlimit", times=5)
        with pytest.raises(w.RateLimitError):
            w.Client(mock.url, max_retries=0).groups("default").count()
    assert capfd.readouterr().err == ""


@pytest.mark.asyncio
async def test_asyncio_calls_log_and_count_too(caplog: pytest.LogCaptureFixture) -> None:
    with MockWaha("WPP") as mock:
        client = w.AsyncClient(mock.url)
        with caplog.at_level(logging.DEBUG, logger="waha_groups"):
            await client.groups("default").count()
        assert [r["kind"] for r in records_of(caplog)] == ["call"]
        assert client.stats()["calls"] == 1


def test_an_unknown_invite_code_has_its_own_error_and_is_not_retried() -> None:
    for engine in ("WEBJS", "NOWEB", "GOWS"):
        with MockWaha(engine) as mock:
            groups = w.Client(mock.url).groups("default")
            with pytest.raises(w.InviteNotFoundError) as caught:
                groups.join_info("AbCdEfGhIjKlMnOpQrStUv")
            assert isinstance(caught.value, w.EngineError) and caught.value.code == "invite_not_found"
            with pytest.raises(w.InviteNotFoundError):
                groups.join("https://chat.whatsapp.com/AbCdEfGhIjKlMnOpQrStUv")
            assert len(mock.journal(operation="join_info")) == 1, engine


def test_the_mocks_bounds_from_python() -> None:
    # A receiver that accepts connections and never answers: deliveries wait, the queue fills.
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(64)
    hook = {"url": f"http://127.0.0.1:{silent.getsockname()[1]}/hook", "events": ["group.v2.participants"]}
    try:
        with MockWaha("NOWEB", webhooks=[hook], webhook_queue_bound=2, max_body_bytes=2_000) as mock:
            groups = w.Client(mock.url).groups("default")
            g = groups.create("Bounded")
            for n in range(12):
                groups.add_participants(g.id, [f"49170000{n:04d}"])
            deadline = time.monotonic() + 5
            while mock.dropped_deliveries == 0 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert mock.dropped_deliveries >= 1
            with pytest.raises(w.HttpError) as too_big:
                groups.create("Big", [f"4917{n:08d}" for n in range(200)])
            assert too_big.value.status == 413
            assert json.loads(too_big.value.body or "{}")["statusCode"] == 413
        with pytest.raises(w.InvalidArgumentError, match="webhook_queue_bound"):
            MockWaha(webhook_queue_bound=0).start()
    finally:
        silent.close()
