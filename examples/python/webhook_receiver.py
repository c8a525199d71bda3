"""A webhook receiver using only the standard library (http.server): verifies WAHA's HMAC
signature and prints each group event once (retries carry the same envelope id).

    WEBHOOK_HMAC_KEY=secret python examples/python/webhook_receiver.py   # listens on 127.0.0.1:8080
    waha-mock --port 0 --webhook http://127.0.0.1:8080/ --hmac-key secret

WEBHOOK_PORT (default 8080, 0 = any), WEBHOOK_MAX_EVENTS (exit after that many).
"""

from __future__ import annotations

import os
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Optional, Set

from waha_groups import ParticipantsChanged, WahaError, parse_webhook

KEY: Optional[str] = os.environ.get("WEBHOOK_HMAC_KEY")
MAX_EVENTS = int(os.environ.get("WEBHOOK_MAX_EVENTS", "0"))
seen: Set[str] = set()


class Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        try:
            event = parse_webhook(body, dict(self.headers.items()), hmac_key=KEY)
        except WahaError as e:
            print(f"rejected: {e}", file=sys.stderr)
            self.send_response(401)
            self.end_headers()
            return
        key = event.dedup_key
        if key is None or key not in seen:
            if key is not None:
                seen.add(key)
            detail = ""
            if isinstance(event.payload, ParticipantsChanged):
                detail = f" {event.payload.kind} {[p.id for p in event.payload.participants]}"
            print(f"{event.event} [{event.session}]{detail}", flush=True)
        self.send_response(200)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:  # quiet access log
        pass


def main() -> None:
    server = HTTPServer(("127.0.0.1", int(os.environ.get("WEBHOOK_PORT", "8080"))), Handler)
    print(f"listening on http://127.0.0.1:{server.server_port}/", flush=True)
    while not (MAX_EVENTS and len(seen) >= MAX_EVENTS):
        server.handle_request()


if __name__ == "__main__":
    main()
