"""Interpreter exit waits for the Rust runtime to hand pending results to asyncio.

Without it a runtime thread could still be inside that hand-off when Python finalises, and the
process aborted (`PyGILState_Release: thread state … must be current`) in about one run of
`examples/python/async_quickstart.py` in ten.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from pathlib import Path

import waha_groups as w
from waha_groups import _native
from waha_groups.testing import MockWaha

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "python" / "async_quickstart.py"


def test_drain_waits_for_awaitables_in_flight(waha_mock: MockWaha) -> None:
    waha_mock.add_fault(operation="count", delay_ms=300, times=1)

    async def main() -> float:
        task = asyncio.ensure_future(w.AsyncClient(waha_mock.url).groups("default").count())
        await asyncio.sleep(0.05)  # the request is now on the Rust runtime
        started = time.perf_counter()
        _native._drain_at_exit()  # what atexit runs
        waited = time.perf_counter() - started
        assert await task == 0
        return waited

    waited = asyncio.run(main())
    assert 0.2 <= waited < 2.0, waited


def test_async_programs_exit_cleanly() -> None:
    for _ in range(10):
        out = subprocess.run([sys.executable, str(EXAMPLE)], capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stderr
