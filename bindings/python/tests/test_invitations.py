"""Privacy-refused adds: outcomes name the caller's id, the phone number and the invitation, on every persona."""

from __future__ import annotations

import asyncio

import pytest

import waha_groups as w
from waha_groups.testing import MockWaha

NOW = 1_760_000_000_000
THREE_DAYS = 3 * 24 * 3600 * 1000


@pytest.mark.parametrize("engine", ["WEBJS", "WPP", "NOWEB", "GOWS"])
@pytest.mark.parametrize("kind", ["sync", "async"])
def test_mixed_add_on_every_persona(engine: str, kind: str) -> None:
    with MockWaha(engine, clock_ms=NOW) as mock:
        mock.set_refuses_direct_adds("+44444444444")
        asked: list[w.ParticipantLike] = ["+44444444444", "55555555555", {"id": "22222222222@s.whatsapp.net"}]
        if kind == "sync":
            groups = w.Client(mock.url, max_retries=0).groups("default")
            g = groups.create("Team", ["22222222222@c.us"])
            outcomes = groups.add_participants(g.id, asked)
        else:

            async def run() -> w.ParticipantOutcomes:
                agroups = w.AsyncClient(mock.url, max_retries=0).groups("default")
                g = await agroups.create("Team", ["22222222222@c.us"])
                return await agroups.add_participants(g.id, asked)

            outcomes = asyncio.run(run())

        assert isinstance(outcomes, w.ParticipantOutcomes) and isinstance(outcomes, list)
        by = {o.requested: o for o in outcomes}
        assert set(by) == {"+44444444444", "55555555555", "22222222222@s.whatsapp.net"}
        refused = by["+44444444444"]
        assert (refused.ok, refused.code, refused.pn) == (False, 403, "44444444444@c.us")
        assert refused.privacy_refused
        if engine in ("WEBJS", "WPP"):
            assert (refused.invite_sent, refused.invite_code) == (True, None)
            assert outcomes.invitations() == []
        else:
            assert refused.invite_sent is None and refused.invite_code and len(refused.invite_code) >= 8
            assert refused.invite_expires_at is not None
            assert NOW + THREE_DAYS <= refused.invite_expires_at < NOW + THREE_DAYS + 60_000
            assert outcomes.invitations() == [refused]
        added = by["55555555555"]
        assert (added.ok, added.code, added.pn, added.invite_code) == (True, 200, "55555555555@c.us", None)
        assert by["22222222222@s.whatsapp.net"].code == 409
        assert [o.requested for o in outcomes.failed()] == [o.requested for o in outcomes if not o.ok]
        assert len(outcomes.failed()) == 2


def test_the_setting_can_be_lifted() -> None:
    with MockWaha("GOWS") as mock:
        groups = w.Client(mock.url).groups("default")
        g = groups.create("Team")
        mock.set_refuses_direct_adds("44444444444@c.us")
        assert groups.add_participants(g.id, ["44444444444"])[0].code == 403
        mock.set_refuses_direct_adds("44444444444@c.us", refuses=False)
        assert groups.add_participants(g.id, ["44444444444"])[0].ok
        with pytest.raises(w.InvalidArgumentError, match="not-a-phone"):
            mock.set_refuses_direct_adds("not-a-phone@x")
