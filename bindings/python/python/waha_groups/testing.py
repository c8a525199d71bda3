"""In-process mock WAHA for tests, and the pytest plugin (fixture ``waha_mock``).

```python
from waha_groups import Client
from waha_groups.testing import MockWaha

with MockWaha(engine="NOWEB", api_key="secret") as mock:
    client = Client(mock.url, api_key="secret")
```

With pytest, the ``waha_mock`` fixture gives each test a fresh mock (WEBJS persona, no key);
mark a test ``@pytest.mark.waha_mock(engine="GOWS", api_key="k")`` to configure it.
"""

from __future__ import annotations

import json
from types import TracebackType
from typing import Any, Dict, Iterator, List, Mapping, Optional, Sequence, Type

from . import _native
from ._native import WebhookEvent


class MockWaha:
    """The ``waha-mock`` server running in this process (no binary needed).

    ``engine``: WEBJS, WPP, NOWEB or GOWS. ``api_key``: require ``X-Api-Key``. ``seed`` and
    ``clock_ms``: deterministic ids and times. ``state``: a world from :meth:`export_state`.
    ``webhooks``: WAHA webhook configs (``{"url", "events", "hmac": {"key"}, "retries"}``) every
    session delivers to. ``sessions``: extra sessions ``{"name", "phone"}`` (same world).
    ``limits``: WhatsApp's limits to simulate (off by default), as :meth:`set_limits` takes them.
    ``max_body_bytes``: larger request bodies get WAHA's 413 and change nothing (default 16 MiB).
    ``webhook_queue_bound``: deliveries that may wait per receiver URL (default 1,000); past it new
    ones are dropped and counted (:attr:`dropped_deliveries`).
    """

    def __init__(
        self,
        engine: str = "WEBJS",
        *,
        api_key: Optional[str] = None,
        seed: int = 0,
        clock_ms: Optional[int] = None,
        state: Optional[Mapping[str, Any]] = None,
        webhooks: Sequence[Mapping[str, Any]] = (),
        sessions: Sequence[Mapping[str, Any]] = (),
        limits: Optional[Mapping[str, Any]] = None,
        max_body_bytes: Optional[int] = None,
        webhook_queue_bound: Optional[int] = None,
    ) -> None:
        self._config = (
            engine,
            api_key,
            seed,
            clock_ms,
            None if state is None else json.dumps(state),
            json.dumps(list(webhooks)),
            json.dumps(list(sessions)),
            None if limits is None else json.dumps(dict(limits)),
            max_body_bytes,
            webhook_queue_bound,
        )
        self._native: Optional[_native.NativeMock] = None

    def start(self) -> "MockWaha":
        """Starts the server (idempotent)."""
        if self._native is None:
            self._native = _native.NativeMock(*self._config)
        return self

    def stop(self) -> None:
        """Stops the server."""
        if self._native is not None:
            self._native.stop()
            self._native = None

    def __enter__(self) -> "MockWaha":
        return self.start()

    def __exit__(self, exc_type: Optional[Type[BaseException]], exc: Optional[BaseException], tb: Optional[TracebackType]) -> None:
        self.stop()

    @property
    def _mock(self) -> _native.NativeMock:
        if self._native is None:
            raise RuntimeError("the mock is not running; use `with MockWaha(...)` or call start()")
        return self._native

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:41234``."""
        return self._mock.url

    @property
    def engine(self) -> str:
        """The engine persona."""
        return self._mock.engine

    def reset(self) -> None:
        """Back to the start state; journal, events and faults cleared."""
        self._mock.reset()

    def export_state(self) -> Dict[str, Any]:
        """The whole world as JSON data (a seed for ``state=`` or :meth:`import_state`)."""
        result: Dict[str, Any] = json.loads(self._mock.state())
        return result

    def import_state(self, state: Mapping[str, Any]) -> None:
        """Replaces the world; it becomes the reset point."""
        self._mock.set_state(json.dumps(state))

    def add_session(self, name: str, phone: str, **options: Any) -> None:
        """Adds a session logged in as ``phone`` (options: pushName, status, webhooks, metadata)."""
        self._mock.add_session(json.dumps({"name": name, "phone": phone, **options}))

    def set_session_status(self, name: str, status: str) -> None:
        """WORKING, STOPPED, STARTING, SCAN_QR_CODE or FAILED."""
        self._mock.set_session_status(name, status)

    @property
    def dropped_deliveries(self) -> int:
        """Webhook deliveries dropped because a receiver's queue was full."""
        return self._mock.dropped_deliveries()

    @property
    def limits(self) -> Dict[str, Any]:
        """The simulated limits: ``{"group_size_cap": int | None, "member_rate": {"per_minute", "burst"} | None}``."""
        result: Dict[str, Any] = json.loads(self._mock.limits())
        return result

    def set_limits(self, *, group_size_cap: Optional[int] = None, per_minute: Optional[float] = None, burst: int = 20) -> None:
        """Simulates WhatsApp's limits (both off when not given): the group size cap (WhatsApp:
        1024; adds beyond it answer the per-member code 419) and ``per_minute`` member changes
        per session with bursts of ``burst`` (over it: WAHA's 500 ``rate-overlimit``, nothing
        changed), on the mock's clock. Bad values raise ``InvalidArgumentError``."""
        rate = None if per_minute is None else {"per_minute": per_minute, "burst": burst}
        self._mock.set_limits(json.dumps({"group_size_cap": group_size_cap, "member_rate": rate}))

    def set_refuses_direct_adds(self, phone: str, refuses: bool = True) -> None:
        """Makes ``phone`` refuse (or, with ``refuses=False``, accept again) direct adds, like
        WhatsApp's "who can add me to groups" privacy setting: adding it answers 403 with an
        invitation, in the persona's shape (WEBJS/WPP report the invitation as sent)."""
        self._mock.set_refuses_direct_adds(phone, refuses)

    def journal(self, *, operation: Optional[str] = None, method: Optional[str] = None, session: Optional[str] = None, status: Optional[int] = None, since: Optional[int] = None) -> List[Dict[str, Any]]:
        """Requests the mock answered (bounded), oldest first."""
        result: List[Dict[str, Any]] = json.loads(self._mock.journal(operation, method, session, status, since))
        return result

    def events(self, *, session: Optional[str] = None, event: Optional[str] = None) -> List[WebhookEvent]:
        """Emitted webhook events, parsed like :func:`waha_groups.parse_webhook` would."""
        bodies = json.loads(self._mock.event_bodies(session, event))
        return [_native.parse_webhook(json.dumps(b), [], None) for b in bodies]

    def deliveries(self, *, session: Optional[str] = None, event: Optional[str] = None) -> List[Dict[str, Any]]:
        """Emitted events with their wire ``body`` and delivery results."""
        result: List[Dict[str, Any]] = json.loads(self._mock.events(session, event))
        return result

    def add_fault(self, *, operation: Optional[str] = None, kind: Optional[str] = None, status: Optional[int] = None, body: Any = None, delay_ms: Optional[int] = None, times: Optional[int] = None, probability: Optional[float] = None, seed: Optional[int] = None, method: Optional[str] = None, session: Optional[str] = None) -> int:
        """Injects a fault (kinds: status, rate-overlimit, delay, drop, hollow, empty); returns its id."""
        spec = {k: v for k, v in dict(operation=operation, kind=kind, status=status, body=body, delay_ms=delay_ms, times=times, probability=probability, seed=seed, method=method, session=session).items() if v is not None}
        return self._mock.add_fault(json.dumps(spec))

    def clear_faults(self) -> None:
        """Removes every fault."""
        self._mock.clear_faults()

    def simulate(self, action: str, **fields: Any) -> int:
        """The other side acts (``join_by_link``, ``leave``, ``add``, ``remove``, ``promote``, ``demote``,
        ``request_join``, ``revoke_request``, ``set_subject``, ``set_description``); returns events emitted."""
        return self._mock.simulate(json.dumps({"action": action, **fields}))

    def set_clock(self, now_ms: int) -> None:
        """Pins the mock's clock."""
        self._mock.set_clock(now_ms)

    def __repr__(self) -> str:
        return f"MockWaha(url={self.url!r}, engine={self.engine!r})" if self._native else "MockWaha(stopped)"


try:
    import pytest
except ImportError:  # pragma: no cover - the plugin needs pytest, the mock does not
    pytest = None  # type: ignore[assignment]

if pytest is not None:

    def pytest_configure(config: Any) -> None:
        config.addinivalue_line("markers", "waha_mock(**options): options for the waha_mock fixture (engine, api_key, seed, ...)")

    @pytest.fixture
    def waha_mock(request: Any) -> Iterator[MockWaha]:
        """A fresh in-process mock WAHA for each test."""
        marker = request.node.get_closest_marker("waha_mock")
        options: Dict[str, Any] = dict(marker.kwargs) if marker else {}
        with MockWaha(**options) as mock:
            yield mock
