"""Python client and webhook-parsing benchmarks for bench/run.py; prints one JSON object.

Same mock, same group, same operations for every contender:
  waha_groups.Client / AsyncClient  vs  waha-py (httpx + pydantic)  vs  plain httpx.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from typing import Any, Callable, Dict, List

import httpx
import waha  # waha-py
import waha_groups


def rounds(fn: Callable[[], None], iters: int, repeats: int) -> List[float]:
    """Calls per second for each of `repeats` rounds of `iters` calls (after a warm-up)."""
    for _ in range(max(1, iters // 10)):
        fn()
    out = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(iters):
            fn()
        out.append(iters / (time.perf_counter() - start))
    return out


def concurrent(make: Callable[[], Any], n: int, repeats: int) -> List[float]:
    """Wall seconds for `n` concurrent asyncio calls, per round."""

    async def once() -> float:
        await asyncio.gather(*(make() for _ in range(10)))  # warm-up the pool
        start = time.perf_counter()
        await asyncio.gather(*(make() for _ in range(n)))
        return time.perf_counter() - start

    return [asyncio.run(once()) for _ in range(repeats)]


def client_bench(url: str, gid: str, iters: int, repeats: int, n_concurrent: int) -> Dict[str, Any]:
    ours = waha_groups.Client(url).groups("default")
    theirs = waha.WahaClient(url)
    raw = httpx.Client(base_url=url)
    gid_enc = gid.replace("@", "%40")
    res: Dict[str, Any] = {}
    res["get"] = {
        "waha_groups": rounds(lambda: ours.get(gid), iters, repeats),
        "waha_py": rounds(lambda: theirs.groups.get_group("default", gid), iters, repeats),
        "httpx": rounds(lambda: raw.get(f"/api/default/groups/{gid_enc}").json(), iters, repeats),
    }
    def read_group(g: Any) -> None:
        g.id, g.subject, g.description, g.owner, g.created_at, g.size, g.invite_code
        for p in g.participants:
            p.id, p.pn, p.role

    def read_dict(g: Dict[str, Any]) -> None:
        # The WEBJS shape both untyped contenders return (waha-py's get_groups gives dicts too).
        meta = g["groupMetadata"]
        g["id"]["_serialized"], g.get("name"), meta.get("desc"), meta["owner"]["_serialized"], meta.get("creation"), meta.get("size")
        for p in meta.get("participants") or ():
            p["id"]["_serialized"], p.get("isAdmin"), p.get("isSuperAdmin")

    res["list50"] = {
        "waha_groups": rounds(lambda: ours.list(limit=50), iters, repeats),
        "waha_py": rounds(lambda: theirs.groups.get_groups("default", params={"limit": 50}), iters, repeats),
        "httpx": rounds(lambda: raw.get("/api/default/groups", params={"limit": 50}).json(), iters, repeats),
    }
    # The same calls, then every group's fields and every member's id/pn/role read once.
    res["list50_read"] = {
        "waha_groups": rounds(lambda: [read_group(g) for g in ours.list(limit=50)], iters, repeats),
        "waha_py": rounds(lambda: [read_dict(g) for g in theirs.groups.get_groups("default", params={"limit": 50})], iters, repeats),
        "httpx": rounds(lambda: [read_dict(g) for g in raw.get("/api/default/groups", params={"limit": 50}).json()], iters, repeats),
    }

    ours_async_client = waha_groups.AsyncClient(url)
    per_loop: Dict[str, Any] = {}

    def per_event_loop(name: str, make: Callable[[], Any]) -> Any:
        # httpx/waha-py async clients are bound to the event loop they were first used in, and
        # each round runs in a fresh loop (asyncio.run): one client per loop.
        loop = asyncio.get_running_loop()
        if per_loop.get(name + "-loop") is not loop:
            per_loop[name + "-loop"], per_loop[name] = loop, make()
        return per_loop[name]

    async def httpx_get() -> Any:
        client = per_event_loop("httpx", lambda: httpx.AsyncClient(base_url=url, limits=httpx.Limits(max_connections=100)))
        return (await client.get(f"/api/default/groups/{gid_enc}")).json()

    async def waha_py_get() -> Any:
        client = per_event_loop("waha_py", lambda: waha.AsyncWahaClient(url))
        return await client.groups.a_get_group("default", gid)

    res["concurrent"] = {
        "waha_groups": concurrent(lambda: ours_async_client.groups("default").get(gid), n_concurrent, repeats),
        "waha_py": concurrent(waha_py_get, n_concurrent, repeats),
        "httpx": concurrent(httpx_get, n_concurrent, repeats),
    }
    return res


def hand_written_envelope() -> Any:
    """The typed envelope a Python user would write by hand with pydantic v2: one model per
    group event, chosen by `event` (a callable discriminator), every other event kept as a dict.
    The same work as ours: validate the whole envelope and type the group events' payloads."""
    from typing import Annotated, Literal, Optional, Union

    from pydantic import BaseModel, Discriminator, Tag, TypeAdapter

    class Me(BaseModel):
        id: str
        lid: Optional[str] = None
        jid: Optional[str] = None
        pushName: Optional[str] = None

    class Environment(BaseModel):
        version: Optional[str] = None
        engine: Optional[str] = None
        tier: Optional[str] = None
        browser: Optional[str] = None

    class Member(BaseModel):
        id: str
        pn: Optional[str] = None
        role: Optional[str] = None

    class GroupRef(BaseModel):
        id: str

    class GroupInfo(BaseModel):
        id: str
        subject: Optional[str] = None
        description: Optional[str] = None
        invite: Optional[str] = None
        membersCanAddNewMember: Optional[bool] = None
        membersCanSendMessages: Optional[bool] = None
        newMembersApprovalRequired: Optional[bool] = None
        participants: Optional[List[Member]] = None

    class Join(BaseModel):
        timestamp: Optional[int] = None
        group: GroupInfo

    class Leave(BaseModel):
        timestamp: Optional[int] = None
        group: GroupRef

    class Participants(BaseModel):
        type: str
        timestamp: Optional[int] = None
        group: GroupRef
        participants: List[Member]

    class JoinRequest(BaseModel):
        action: str
        timestamp: Optional[int] = None
        group: GroupRef
        requesterId: str
        requesterPn: Optional[str] = None
        requestMethod: Optional[str] = None

    class Base(BaseModel):
        id: Optional[str] = None
        timestamp: Optional[int] = None
        session: str
        metadata: Optional[Dict[str, Any]] = None
        me: Optional[Me] = None
        engine: Optional[str] = None
        environment: Optional[Environment] = None

    class JoinEvent(Base):
        event: Literal["group.v2.join"]
        payload: Join

    class LeaveEvent(Base):
        event: Literal["group.v2.leave"]
        payload: Leave

    class UpdateEvent(Base):
        event: Literal["group.v2.update"]
        payload: Join

    class ParticipantsEvent(Base):
        event: Literal["group.v2.participants"]
        payload: Participants

    class JoinRequestEvent(Base):
        event: Literal["group.v2.participants.join-request"]
        payload: JoinRequest

    class OtherEvent(Base):
        event: str
        payload: Any = None

    known = {"group.v2.join", "group.v2.leave", "group.v2.update", "group.v2.participants", "group.v2.participants.join-request"}

    def which(v: Any) -> str:
        event = v.get("event") if isinstance(v, dict) else getattr(v, "event", None)
        return event if event in known else "other"

    Envelope = Annotated[
        Union[
            Annotated[JoinEvent, Tag("group.v2.join")], Annotated[LeaveEvent, Tag("group.v2.leave")],
            Annotated[UpdateEvent, Tag("group.v2.update")], Annotated[ParticipantsEvent, Tag("group.v2.participants")],
            Annotated[JoinRequestEvent, Tag("group.v2.participants.join-request")], Annotated[OtherEvent, Tag("other")],
        ],
        Discriminator(which),
    ]
    return TypeAdapter(Envelope)


def webhook_bench(path: str, repeats: int) -> Dict[str, Any]:
    from pydantic import TypeAdapter

    from waha.generated import models as m

    lines = open(path, "rb").read().splitlines()
    # waha-py has one model per event; pick it by name like a receiver would.
    by_event = {
        "group.v2.join": m.WebhookGroupV2Join,
        "group.v2.leave": m.WebhookGroupV2Leave,
        "group.v2.update": m.WebhookGroupV2Update,
        "group.v2.participants": m.WebhookGroupV2Participants,
        "group.v2.participants.join-request": m.WebhookGroupV2ParticipantsJoinRequest,
    }
    payload_models = {
        "group.v2.join": TypeAdapter(m.GroupV2JoinEvent),
        "group.v2.leave": TypeAdapter(m.GroupV2LeaveEvent),
        "group.v2.update": TypeAdapter(m.GroupV2UpdateEvent),
        "group.v2.participants": TypeAdapter(m.GroupV2ParticipantsEvent),
        "group.v2.participants.join-request": TypeAdapter(m.GroupV2ParticipantsJoinRequestEvent),
    }
    names = [json.loads(line)["event"] for line in lines]
    payloads = [json.dumps(json.loads(line)["payload"]).encode() for line in lines]
    # Does waha-py's envelope model accept real events? (Its `event` field is typed as an object.)
    envelope_errors = 0
    for name, line in zip(names, lines):
        model = by_event.get(name)
        if model is not None:
            try:
                model.model_validate_json(line)
            except Exception:  # noqa: BLE001 - counting rejections is the point
                envelope_errors += 1

    def time_it(fn: Callable[[], None]) -> List[float]:
        fn()
        out = []
        for _ in range(repeats):
            start = time.perf_counter()
            fn()
            out.append(time.perf_counter() - start)
        return out

    def ours() -> None:
        for line in lines:
            waha_groups.parse_webhook(line)

    def ours_read() -> None:
        # Every field read once: what a receiver that looks at everything pays.
        for line in lines:
            e = waha_groups.parse_webhook(line)
            e.id, e.timestamp, e.event, e.session, e.metadata, e.me, e.engine, e.environment
            e.payload.to_dict()

    envelope = hand_written_envelope()
    hand_rejections = 0
    for line in lines:
        try:
            envelope.validate_json(line)
        except Exception:  # noqa: BLE001 - counting rejections is the point
            hand_rejections += 1

    def pydantic_envelope() -> None:
        for line in lines:
            envelope.validate_json(line)

    def pydantic_payloads() -> None:
        for name, payload in zip(names, payloads):
            adapter = payload_models.get(name)
            if adapter is not None:
                adapter.validate_json(payload)
            else:
                json.loads(payload)

    def json_only() -> None:
        for line in lines:
            json.loads(line)

    typed = sum(1 for n in names if n in payload_models)
    return {
        "events": len(lines),
        "bytes": sum(len(x) for x in lines),
        "typed_events": typed,
        "waha_py_envelope_rejections": envelope_errors,
        "waha_groups": time_it(ours),
        "waha_groups_read_all": time_it(ours_read),
        "pydantic_envelope": time_it(pydantic_envelope),
        "pydantic_envelope_rejections": hand_rejections,
        "pydantic_waha_py_payloads": time_it(pydantic_payloads),
        "json_loads": time_it(json_only),
    }


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--url", required=True)
    p.add_argument("--id", required=True)
    p.add_argument("--iters", type=int, default=300)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--concurrent", type=int, default=1000)
    p.add_argument("--events", required=True)
    a = p.parse_args()
    out = {
        "clients": client_bench(a.url, a.id, a.iters, a.repeats, a.concurrent),
        "webhooks": webhook_bench(a.events, a.repeats),
        "versions": {
            "waha_py": __import__("importlib.metadata").metadata.version("waha-py"),
            "httpx": httpx.__version__,
            "pydantic": __import__("pydantic").VERSION,
            "python": __import__("platform").python_version(),
        },
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
