"""examples/python/*.py run as documented, against the mock."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import waha_groups as w
from waha_groups.testing import MockWaha

from conftest import ROOT

EXAMPLES = ROOT / "examples" / "python"


def run(name: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "WAHA_URL"}
    out = subprocess.run([sys.executable, str(EXAMPLES / name)], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_quickstart() -> None:
    text = run("quickstart.py")
    assert "created 120363" in text
    assert "add 33333333333@c.us: ok=True code=200" in text
    assert "add +44444444444: ok=False code=403" in text
    assert "-> send 44444444444@c.us a private invitation: code " in text
    assert "done: 0 groups left" in text
    assert "webhook: group.v2.participants ParticipantsChanged" in text


def test_async_quickstart() -> None:
    text = run("async_quickstart.py")
    assert "Group 0, Group 1, Group 2, Group 3, Group 4" in text and "5 groups, paged 2" in text


def test_webhook_receiver() -> None:
    env = dict(os.environ, WEBHOOK_PORT="0", WEBHOOK_HMAC_KEY="k", WEBHOOK_MAX_EVENTS="2")
    proc = subprocess.Popen([sys.executable, str(EXAMPLES / "webhook_receiver.py")], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().split("listening on ")[1].strip()
        hook = {"url": url, "events": ["group.v2.participants", "group.v2.join"], "hmac": {"key": "k"}}
        with MockWaha("NOWEB", webhooks=[hook]) as mock:
            client = w.Client(mock.url)
            g = client.groups("default").create("T", ["22222222222@c.us"])
            client.groups("default").add_participants(g.id, ["33333333333@c.us"])
            out, _ = proc.communicate(timeout=30)
        assert "group.v2.join [default]" in out
        assert "group.v2.participants [default] join ['33333333333@c.us']" in out
    finally:
        proc.kill()
