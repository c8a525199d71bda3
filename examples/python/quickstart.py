"""Group lifecycle with waha_groups (typed: passes ``mypy --strict``).

Runs against an in-process mock WAHA; set WAHA_URL (and WAHA_API_KEY, WAHA_SESSION) to use a real one.
"""

from __future__ import annotations

import os
from typing import Optional

from waha_groups import Client, RefusedError
from waha_groups.testing import MockWaha

BOB, CAROL = "22222222222@c.us", "33333333333@c.us"
DAVE = "+44444444444"  # refuses direct adds (in the mock; on a real WAHA, whoever does)


def walk(client: Client, session: str) -> int:
    groups = client.groups(session)
    g = groups.create("Team", [BOB])
    print(f"created {g.id} {g.subject!r} with {len(g.participants)} members")
    groups.set_subject(g.id, "Team 2026")
    groups.set_messages_admin_only(g.id, True)
    outcomes = groups.add_participants(g.id, [CAROL, DAVE])
    for o in outcomes:
        print(f"add {o.requested or o.id}: ok={o.ok} code={o.code}")
    # 403: their privacy settings allow joining by invitation only; WhatsApp created one.
    for o in outcomes.invitations():
        print(f"-> send {o.pn or o.id} a private invitation: code {o.invite_code}, expires {o.invite_expires_at}")
    groups.promote(g.id, [CAROL])
    for p in groups.participants(g.id):
        print(f"  {p.id:<24} pn={p.pn or '-':<20} {p.role}")
    code = groups.revoke_invite_code(g.id)
    print(f"new invite link: https://chat.whatsapp.com/{code}")
    for group in groups.iter(page_size=50):
        print(f"listed {group.id} {group.subject!r}")
    try:
        groups.set_subject(g.id, "Renamed")
    except RefusedError as e:
        print(f"WhatsApp refused: {e}")
    groups.leave(g.id)
    remaining = groups.count()
    print(f"done: {remaining} groups left")
    return remaining


def main() -> None:
    url: Optional[str] = os.environ.get("WAHA_URL")
    if url:
        walk(Client.from_env(), os.environ.get("WAHA_SESSION", "default"))
        return
    with MockWaha(engine="NOWEB", api_key="secret") as mock:
        mock.set_refuses_direct_adds(DAVE)
        client = Client(mock.url, api_key="secret")
        walk(client, "default")
        for event in mock.events(session="default"):
            print(f"webhook: {event.event} {type(event.payload).__name__}")


if __name__ == "__main__":
    main()
