"""Every operation against the in-process mock, for each engine persona, sync and async."""

from __future__ import annotations

import os
from typing import Any, Awaitable, Callable, TypeVar, Union

import pytest

import waha_groups as w
from waha_groups.testing import MockWaha

ME, BOB, CAROL, DAVE = "11111111111@c.us", "22222222222@c.us", "33333333333@c.us", "44444444444@c.us"
ENGINES = ["WEBJS", "WPP", "NOWEB", "GOWS"]
T = TypeVar("T")


async def run(value: Union[T, Awaitable[T]]) -> T:
    """Lets one scenario drive both clients: awaits what the async client returns."""
    if isinstance(value, Awaitable):
        return await value  # type: ignore[no-any-return]
    return value


def make_client(kind: str, mock: MockWaha) -> Any:
    cls = w.Client if kind == "sync" else w.AsyncClient
    return cls(mock.url, api_key="secret", retry_base_delay=0.001)


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("engine", ENGINES)
async def test_every_operation(engine: str, kind: str) -> None:
    with MockWaha(engine, api_key="secret", seed=7, sessions=[{"name": "bob", "phone": BOB}]) as mock:
        client = make_client(kind, mock)
        me, bob = client.groups("default"), client.groups("bob")
        g = await run(me.create("Team", [CAROL, {"id": BOB}]))
        assert g.subject == "Team" and g.id.endswith("@g.us")
        assert isinstance(g, w.Group) and g == await run(me.get(g.id)) or g.id == (await run(me.get(g.id))).id
        got = await run(me.get(g.id))
        assert {p.pn for p in got.participants} == {ME, BOB, CAROL}
        assert "raw=" not in repr(got) and got.raw
        with pytest.raises(Exception):
            got.subject = "x"  # type: ignore[misc]

        for name in ["Zulu", "Alpha"]:
            await run(me.create(name, [CAROL]))
        assert await run(me.count()) == 3
        page = await run(me.list(limit=2, offset=1, sort_by="subject"))
        assert len(page) == 2
        assert [x.subject for x in await run(me.list(sort_by="subject", sort_order="asc"))] == (
            ["Team", "Zulu", "Alpha"] if engine in ("WEBJS", "WPP") else ["Alpha", "Team", "Zulu"]
        )
        assert all(not x.participants for x in await run(me.list(exclude_participants=True)))
        if kind == "sync":
            assert len(list(me.iter(page_size=2))) == 3
        else:
            assert len([x async for x in me.iter(page_size=2)]) == 3

        await run(me.set_subject(g.id, "Team 2026"))
        await run(me.set_description(g.id, "Ours"))
        for getter, setter, value in [
            ("info_admin_only", "set_info_admin_only", True),
            ("messages_admin_only", "set_messages_admin_only", True),
            ("member_add_mode", "set_member_add_mode", False),
            ("member_share_history_mode", "set_member_share_history_mode", True),
        ]:
            await run(getattr(me, setter)(g.id, value))
            assert await run(getattr(me, getter)(g.id)) is value
        got = await run(me.get(g.id))
        assert (got.subject, got.description) == ("Team 2026", "Ours")

        out = await run(me.add_participants(g.id, [DAVE, CAROL]))
        assert [(o.ok, o.code) for o in out] == [(True, 200), (False, 409)]
        assert (await run(me.promote(g.id, [DAVE])))[0].ok
        roles = {p.pn: p.role for p in await run(me.participants(g.id))}
        assert roles[DAVE] == "admin" and roles[ME] == "superadmin"
        assert (await run(me.demote(g.id, [DAVE])))[0].ok
        v1 = await run(me.participants_v1(g.id))
        assert isinstance(v1, w.ParticipantList) and v1.raw
        await run(me.remove_participants(g.id, [DAVE]))

        code = await run(me.invite_code(g.id))
        info = await run(bob.join_info(f"https://chat.whatsapp.com/{code}"))
        assert info.subject == "Team 2026"
        new = await run(me.revoke_invite_code(g.id))
        assert new != code
        with pytest.raises(w.EngineError):
            await run(bob.join(code))
        await run(bob.leave(g.id))
        await run(me.set_membership_approval(g.id, True))
        assert await run(me.membership_approval(g.id)) is True
        assert await run(bob.join(new)) is None
        requests = await run(me.join_requests(g.id))
        assert [r.requester_pn for r in requests] == [BOB]
        assert (await run(me.approve_join_requests(g.id, [BOB])))[0].ok
        await run(bob.leave(g.id))
        await run(bob.join(new))
        assert [r.ok for r in await run(me.reject_join_requests(g.id, [BOB, DAVE]))] == [True, False]

        await run(me.set_picture(g.id, url="https://example.com/p.jpg"))
        assert await run(me.picture(g.id, refresh=True)) == "https://example.com/p.jpg"
        await run(me.delete_picture(g.id))
        assert await run(me.picture(g.id)) is None
        await run(me.refresh())

        lids = client.lids("default")
        m = await run(lids.lid(CAROL))
        assert (await run(lids.phone_number(m.lid))).pn == CAROL
        assert await run(lids.count()) == len(await run(lids.list()))
        assert [s.name for s in await run(client.sessions())] == ["bob", "default"]
        assert (await run(client.me("default"))).id == ME
        assert (await run(client.session("bob"))).status == "WORKING"
        assert (await run(client.version())).engine == engine
        await run(client.ping())

        if engine in ("WEBJS", "WPP"):
            await run(me.delete(g.id))
        else:
            with pytest.raises(w.NotImplementedByEngineError) as e:
                await run(me.delete(g.id))
            assert e.value.status == 501
            await run(me.leave(g.id))
        assert await run(me.count()) == 2


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_error_classes_and_attributes(kind: str) -> None:
    with MockWaha("NOWEB", api_key="secret", sessions=[{"name": "bob", "phone": BOB}]) as mock:
        client = make_client(kind, mock)
        groups = client.groups("default")
        g = await run(groups.create("T", [BOB]))

        with pytest.raises(w.AuthenticationError) as auth:
            await run((w.Client if kind == "sync" else w.AsyncClient)(mock.url, api_key="bad").groups("default").count())
        assert (auth.value.code, auth.value.status) == ("authentication", 401)
        with pytest.raises(w.SessionNotFoundError) as missing:
            await run(client.groups("nope").count())
        assert missing.value.session == "nope"
        mock.set_session_status("bob", "STOPPED")
        with pytest.raises(w.SessionNotReadyError) as stopped:
            await run(client.groups("bob").count())
        assert (stopped.value.session, stopped.value.session_status, stopped.value.status) == ("bob", "STOPPED", 422)
        with pytest.raises(w.InvalidArgumentError) as bad:
            await run(groups.get("not-a-group"))
        assert isinstance(bad.value, ValueError) and "not-a-group" in str(bad.value)
        with pytest.raises(w.InvalidArgumentError, match='"participants" must be a list'):
            await run(groups.add_participants(g.id, "111@c.us"))  # a str, not a list
        mock.add_fault(operation="count", kind="rate-overlimit")
        with pytest.raises(w.RateLimitError) as limited:
            await run(groups.count())
        assert limited.value.status == 500 and limited.value.body and "rate-overlimit" in limited.value.body
        mock.clear_faults()
        mock.add_fault(operation="get", status=400, body={"message": ["bad"], "statusCode": 400}, times=1)
        with pytest.raises(w.ValidationError):
            await run(groups.get(g.id))
        mock.add_fault(operation="get", status=403, body={"message": "Forbidden", "statusCode": 403}, times=1)
        with pytest.raises(w.ForbiddenError):
            await run(groups.get(g.id))
        mock.add_fault(operation="get", status=404, body={"message": "Cannot GET", "statusCode": 404}, times=1)
        with pytest.raises(w.NotFoundError):
            await run(groups.get(g.id))
        mock.add_fault(operation="get", status=422, body={"message": "Group picture is available only in Plus version", "statusCode": 422}, times=1)
        with pytest.raises(w.PlusOnlyError):
            await run(groups.get(g.id))
        mock.add_fault(operation="get", status=418, body={"message": "teapot"}, times=1)
        with pytest.raises(w.HttpError):
            await run(groups.get(g.id))
        mock.add_fault(operation="get", kind="drop", times=1)
        assert (await run(groups.get(g.id))).id == g.id, "a dropped read is retried"
        mock.add_fault(operation="create", kind="drop", times=1)
        with pytest.raises(w.TransportError):
            await run(groups.create("never twice", [BOB]))
        mock.add_fault(operation="invite_code", status=200, body=["not", "a", "code"], times=1)
        with pytest.raises(w.DecodeError) as decode:
            await run(groups.invite_code(g.id))
        assert decode.value.body == '["not","a","code"]'
        missing_before = len(mock.journal(operation="get", status=500))
        with pytest.raises(w.GroupNotFoundError) as missing:
            await run(groups.get("120363000000000000@g.us"))
        assert isinstance(missing.value, w.EngineError) and missing.value.code == "group_not_found"
        assert len(mock.journal(operation="get", status=500)) == missing_before + 1, "a missing group is not retried"
        slow = (w.Client if kind == "sync" else w.AsyncClient)(mock.url, api_key="secret", timeout=0.2, max_retries=0)
        mock.add_fault(operation="count", delay_ms=2000, times=1)
        with pytest.raises(w.RequestTimeoutError) as timeout:
            await run(slow.groups("default").count())
        assert isinstance(timeout.value, TimeoutError)


async def test_refused_on_browser_engines() -> None:
    with MockWaha("WEBJS", sessions=[{"name": "bob", "phone": BOB}]) as mock:
        client = w.Client(mock.url)
        g = client.groups("default").create("T", [BOB])
        with pytest.raises(w.RefusedError) as refused:
            client.groups("bob").set_messages_admin_only(g.id, True)
        assert refused.value.body == "false"


def test_webhook_events_from_the_mock_are_typed(waha_mock: MockWaha) -> None:
    client = w.Client(waha_mock.url)
    g = client.groups("default").create("T", [BOB])
    client.groups("default").add_participants(g.id, [CAROL])
    events = waha_mock.events(event="group.v2.participants")
    assert len(events) == 1 and isinstance(events[0].payload, w.ParticipantsChanged)
    assert events[0].payload.kind == "join" and events[0].payload.participants[0].id == CAROL
    assert waha_mock.simulate("leave", group=g.id, actor=CAROL) >= 1
    assert waha_mock.journal(operation="add_participants")[0]["status"] == 200


@pytest.mark.waha_mock(engine="GOWS", api_key="k", seed=3)
def test_fixture_marker_configures_the_mock(waha_mock: MockWaha) -> None:
    assert waha_mock.engine == "GOWS"
    with pytest.raises(w.AuthenticationError):
        w.Client(waha_mock.url).groups("default").count()
    assert w.Client(waha_mock.url, api_key="k").groups("default").count() == 0


def test_fixture_gives_each_test_a_fresh_world(waha_mock: MockWaha) -> None:
    assert w.Client(waha_mock.url).groups("default").count() == 0
    state = waha_mock.export_state()
    w.Client(waha_mock.url).groups("default").create("T", [BOB])
    waha_mock.import_state(state)
    assert w.Client(waha_mock.url).groups("default").count() == 0


def test_clients_hide_the_api_key() -> None:
    c = w.Client("http://127.0.0.1:9", api_key="very-secret")
    assert "very-secret" not in repr(c)
    with pytest.raises(w.InvalidArgumentError):
        w.Client("not a url")
    os.environ["WAHA_URL"] = "http://127.0.0.1:9"
    try:
        assert w.Client.from_env().base_url == "http://127.0.0.1:9"
        assert w.AsyncClient.from_env().base_url == "http://127.0.0.1:9"
    finally:
        del os.environ["WAHA_URL"]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork() is POSIX-only")
def test_use_after_fork_refuses_instead_of_hanging(waha_mock: MockWaha) -> None:
    client = w.Client(waha_mock.url)
    client.groups("default").count()  # the runtime exists in the parent
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        try:
            client.groups("default").count()
            os.write(write, b"no error")
        except RuntimeError as e:
            os.write(write, b"refused: " + str(e).encode()[:200])
        except BaseException as e:  # noqa: BLE001
            os.write(write, repr(e).encode()[:200])
        os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    message = os.read(read, 400).decode()
    assert message.startswith("refused: ") and "fork()" in message, message
