"""``Client`` (sync, GIL released while Rust works) and ``AsyncClient`` (asyncio) over one runtime.

Every method calls the Rust core by name (``waha_groups::dynamic``); this module only names the
arguments and turns the JSON result into the typed objects of ``_models``.
"""

from __future__ import annotations

import json
from types import TracebackType
from typing import Any, AsyncIterator, Iterable, Iterator, List, Mapping, Optional, Type, Union

from . import _native
from ._models import (
    Environment,
    Group,
    GroupJoinInfo,
    JoinRequest,
    JoinRequestOutcome,
    LidMapping,
    MeInfo,
    ParticipantList,
    ParticipantOutcome,
    ParticipantOutcomes,
    Participant,
    SessionInfo,
    _to,
    _to_list,
)

def _outcomes(data: Any) -> ParticipantOutcomes:
    return ParticipantOutcomes(_to_list(ParticipantOutcome, data))


ParticipantLike = Union[str, Mapping[str, str]]
"""A member id (``"111@c.us"``, ``"123@lid"``, bare digits) or ``{"id": ...}``."""


def _ids(participants: Iterable[ParticipantLike]) -> Any:
    # A lone string is passed as is (not split into characters): the core rejects it by name.
    if isinstance(participants, str):
        return participants
    return [dict(p) if isinstance(p, Mapping) else p for p in participants]


def _list_args(limit: Optional[int], offset: Optional[int], sort_by: Optional[str], sort_order: Optional[str], exclude_participants: bool) -> dict[str, Any]:
    return {"limit": limit, "offset": offset, "sort_by": sort_by, "sort_order": sort_order, "exclude_participants": exclude_participants}


class _Base:
    def __init__(self, native: _native.NativeClient, session: str) -> None:
        self._native = native
        self._session = session

    @property
    def session(self) -> str:
        """The session this handle talks to."""
        return self._session

    def __repr__(self) -> str:
        return f"{type(self).__name__}(session={self._session!r})"


class Groups(_Base):
    """The groups API of one session (``client.groups("default")``). Ids are validated before sending."""

    def _call(self, method: str, **args: Any) -> Any:
        return json.loads(self._native.call("groups", self._session, method, json.dumps(args)))

    def create(self, name: str, participants: Iterable[ParticipantLike] = ()) -> Group:
        """Creates a group; you become its superadmin."""
        return _to(Group, self._call("create", name=name, participants=_ids(participants)))

    def list(self, *, limit: Optional[int] = None, offset: Optional[int] = None, sort_by: Optional[str] = None, sort_order: Optional[str] = None, exclude_participants: bool = False) -> List[Group]:
        """Lists groups; ``sort_by`` is ``"id"`` or ``"subject"``, ``sort_order`` ``"asc"`` or ``"desc"``."""
        return _to_list(Group, self._call("list", **_list_args(limit, offset, sort_by, sort_order, exclude_participants)))

    def iter(self, *, page_size: int = 100, sort_by: Optional[str] = None, sort_order: Optional[str] = None, exclude_participants: bool = False) -> Iterator[Group]:
        """Every group, fetched page by page as you iterate."""
        pages = self._native.iter_groups(self._session, json.dumps(_list_args(page_size, None, sort_by, sort_order, exclude_participants)))
        for text in pages:
            yield _to(Group, json.loads(text))

    def count(self) -> int:
        """Number of groups."""
        return int(self._call("count"))

    def refresh(self) -> None:
        """Reloads groups from WhatsApp (call rarely: it can trigger rate-overlimit)."""
        self._call("refresh")

    def join_info(self, code: str) -> GroupJoinInfo:
        """What an invite code or link leads to."""
        return _to(GroupJoinInfo, self._call("join_info", code=code))

    def join(self, code: str) -> Optional[str]:
        """Joins by code or link; the group id, or None when a join request was made instead."""
        result: Optional[str] = self._call("join", code=code)
        return result

    def get(self, id: str) -> Group:
        """One group."""
        return _to(Group, self._call("get", id=id))

    def delete(self, id: str) -> None:
        """Deletes the group chat (WEBJS/WPP only; others raise NotImplementedByEngineError)."""
        self._call("delete", id=id)

    def leave(self, id: str) -> None:
        """Leaves the group."""
        self._call("leave", id=id)

    def picture(self, id: str, *, refresh: bool = False) -> Optional[str]:
        """Picture URL, or None."""
        result: Optional[str] = self._call("picture", id=id, refresh=refresh)
        return result

    def set_picture(self, id: str, *, url: Optional[str] = None, data: Optional[str] = None, mimetype: Optional[str] = None) -> None:
        """Sets the picture from a ``url`` or base64 ``data`` (WAHA Plus)."""
        self._call("set_picture", id=id, url=url, data=data, mimetype=mimetype)

    def delete_picture(self, id: str) -> None:
        """Removes the picture (WAHA Plus)."""
        self._call("delete_picture", id=id)

    def set_subject(self, id: str, subject: str) -> None:
        """Renames the group; raises RefusedError when WhatsApp says no."""
        self._call("set_subject", id=id, subject=subject)

    def set_description(self, id: str, description: str) -> None:
        """Sets the description ("" clears it)."""
        self._call("set_description", id=id, description=description)

    def info_admin_only(self, id: str) -> bool:
        """Whether only admins may edit group info."""
        return bool(self._call("info_admin_only", id=id))

    def set_info_admin_only(self, id: str, admins_only: bool) -> None:
        """Lets only admins (True) or everyone edit group info."""
        self._call("set_info_admin_only", id=id, admins_only=admins_only)

    def messages_admin_only(self, id: str) -> bool:
        """Whether only admins may send messages."""
        return bool(self._call("messages_admin_only", id=id))

    def set_messages_admin_only(self, id: str, admins_only: bool) -> None:
        """Lets only admins (True) or everyone send messages."""
        self._call("set_messages_admin_only", id=id, admins_only=admins_only)

    def member_add_mode(self, id: str) -> bool:
        """Whether every member may add members."""
        return bool(self._call("member_add_mode", id=id))

    def set_member_add_mode(self, id: str, members_can_add: bool) -> None:
        """Lets every member (True) or only admins add members."""
        self._call("set_member_add_mode", id=id, members_can_add=members_can_add)

    def member_share_history_mode(self, id: str) -> bool:
        """Whether members may share history with new members."""
        return bool(self._call("member_share_history_mode", id=id))

    def set_member_share_history_mode(self, id: str, members_can_share: bool) -> None:
        """Lets members share history (True) or not."""
        self._call("set_member_share_history_mode", id=id, members_can_share=members_can_share)

    def membership_approval(self, id: str) -> bool:
        """Whether new members need admin approval."""
        return bool(self._call("membership_approval", id=id))

    def set_membership_approval(self, id: str, required: bool) -> None:
        """Requires admin approval for new members (True) or not."""
        self._call("set_membership_approval", id=id, required=required)

    def invite_code(self, id: str) -> str:
        """The invite code (bare code, whatever form WAHA sent)."""
        return str(self._call("invite_code", id=id))

    def revoke_invite_code(self, id: str) -> str:
        """Revokes the code and returns the new one (never retried)."""
        return str(self._call("revoke_invite_code", id=id))

    def participants(self, id: str) -> List[Participant]:
        """Members with ``pn`` and role (``participants/v2``)."""
        return _to_list(Participant, self._call("participants", id=id))

    def participants_v1(self, id: str) -> ParticipantList:
        """Members from the engine-specific route, normalised, with ``raw``."""
        return _to(ParticipantList, self._call("participants_v1", id=id))

    def add_participants(self, id: str, participants: Iterable[ParticipantLike]) -> ParticipantOutcomes:
        """Adds members; one outcome per member (never retried)."""
        return _outcomes(self._call("add_participants", id=id, participants=_ids(participants)))

    def remove_participants(self, id: str, participants: Iterable[ParticipantLike]) -> ParticipantOutcomes:
        """Removes members (never retried)."""
        return _outcomes(self._call("remove_participants", id=id, participants=_ids(participants)))

    def promote(self, id: str, participants: Iterable[ParticipantLike]) -> ParticipantOutcomes:
        """Makes members admins (never retried)."""
        return _outcomes(self._call("promote", id=id, participants=_ids(participants)))

    def demote(self, id: str, participants: Iterable[ParticipantLike]) -> ParticipantOutcomes:
        """Takes admin rights away (never retried)."""
        return _outcomes(self._call("demote", id=id, participants=_ids(participants)))

    def join_requests(self, id: str) -> List[JoinRequest]:
        """Pending join requests."""
        return _to_list(JoinRequest, self._call("join_requests", id=id))

    def approve_join_requests(self, id: str, participants: Iterable[ParticipantLike]) -> List[JoinRequestOutcome]:
        """Approves requests of these requesters."""
        return _to_list(JoinRequestOutcome, self._call("approve_join_requests", id=id, participants=_ids(participants)))

    def reject_join_requests(self, id: str, participants: Iterable[ParticipantLike]) -> List[JoinRequestOutcome]:
        """Rejects requests of these requesters."""
        return _to_list(JoinRequestOutcome, self._call("reject_join_requests", id=id, participants=_ids(participants)))


class AsyncGroups(_Base):
    """The asyncio twin of :class:`Groups`: same methods, awaitable."""

    async def _call(self, method: str, **args: Any) -> Any:
        return json.loads(await self._native.call_async("groups", self._session, method, json.dumps(args)))

    async def create(self, name: str, participants: Iterable[ParticipantLike] = ()) -> Group:
        """Creates a group; you become its superadmin."""
        return _to(Group, await self._call("create", name=name, participants=_ids(participants)))

    async def list(self, *, limit: Optional[int] = None, offset: Optional[int] = None, sort_by: Optional[str] = None, sort_order: Optional[str] = None, exclude_participants: bool = False) -> List[Group]:
        """Lists groups; ``sort_by`` is ``"id"`` or ``"subject"``, ``sort_order`` ``"asc"`` or ``"desc"``."""
        return _to_list(Group, await self._call("list", **_list_args(limit, offset, sort_by, sort_order, exclude_participants)))

    async def iter(self, *, page_size: int = 100, sort_by: Optional[str] = None, sort_order: Optional[str] = None, exclude_participants: bool = False) -> AsyncIterator[Group]:
        """Every group, fetched page by page as you iterate."""
        pages = self._native.iter_groups(self._session, json.dumps(_list_args(page_size, None, sort_by, sort_order, exclude_participants)))
        async for text in pages:
            yield _to(Group, json.loads(text))

    async def count(self) -> int:
        """Number of groups."""
        return int(await self._call("count"))

    async def refresh(self) -> None:
        """Reloads groups from WhatsApp (call rarely: it can trigger rate-overlimit)."""
        await self._call("refresh")

    async def join_info(self, code: str) -> GroupJoinInfo:
        """What an invite code or link leads to."""
        return _to(GroupJoinInfo, await self._call("join_info", code=code))

    async def join(self, code: str) -> Optional[str]:
        """Joins by code or link; the group id, or None when a join request was made instead."""
        result: Optional[str] = await self._call("join", code=code)
        return result

    async def get(self, id: str) -> Group:
        """One group."""
        return _to(Group, await self._call("get", id=id))

    async def delete(self, id: str) -> None:
        """Deletes the group chat (WEBJS/WPP only; others raise NotImplementedByEngineError)."""
        await self._call("delete", id=id)

    async def leave(self, id: str) -> None:
        """Leaves the group."""
        await self._call("leave", id=id)

    async def picture(self, id: str, *, refresh: bool = False) -> Optional[str]:
        """Picture URL, or None."""
        result: Optional[str] = await self._call("picture", id=id, refresh=refresh)
        return result

    async def set_picture(self, id: str, *, url: Optional[str] = None, data: Optional[str] = None, mimetype: Optional[str] = None) -> None:
        """Sets the picture from a ``url`` or base64 ``data`` (WAHA Plus)."""
        await self._call("set_picture", id=id, url=url, data=data, mimetype=mimetype)

    async def delete_picture(self, id: str) -> None:
        """Removes the picture (WAHA Plus)."""
        await self._call("delete_picture", id=id)

    async def set_subject(self, id: str, subject: str) -> None:
        """Renames the group; raises RefusedError when WhatsApp says no."""
        await self._call("set_subject", id=id, subject=subject)

    async def set_description(self, id: str, description: str) -> None:
        """Sets the description ("" clears it)."""
        await self._call("set_description", id=id, description=description)

    async def info_admin_only(self, id: str) -> bool:
        """Whether only admins may edit group info."""
        return bool(await self._call("info_admin_only", id=id))

    async def set_info_admin_only(self, id: str, admins_only: bool) -> None:
        """Lets only admins (True) or everyone edit group info."""
        await self._call("set_info_admin_only", id=id, admins_only=admins_only)

    async def messages_admin_only(self, id: str) -> bool:
        """Whether only admins may send messages."""
        return bool(await self._call("messages_admin_only", id=id))

    async def set_messages_admin_only(self, id: str, admins_only: bool) -> None:
        """Lets only admins (True) or everyone send messages."""
        await self._call("set_messages_admin_only", id=id, admins_only=admins_only)

    async def member_add_mode(self, id: str) -> bool:
        """Whether every member may add members."""
        return bool(await self._call("member_add_mode", id=id))

    async def set_member_add_mode(self, id: str, members_can_add: bool) -> None:
        """Lets every member (True) or only admins add members."""
        await self._call("set_member_add_mode", id=id, members_can_add=members_can_add)

    async def member_share_history_mode(self, id: str) -> bool:
        """Whether members may share history with new members."""
        return bool(await self._call("member_share_history_mode", id=id))

    async def set_member_share_history_mode(self, id: str, members_can_share: bool) -> None:
        """Lets members share history (True) or not."""
        await self._call("set_member_share_history_mode", id=id, members_can_share=members_can_share)

    async def membership_approval(self, id: str) -> bool:
        """Whether new members need admin approval."""
        return bool(await self._call("membership_approval", id=id))

    async def set_membership_approval(self, id: str, required: bool) -> None:
        """Requires admin approval for new members (True) or not."""
        await self._call("set_membership_approval", id=id, required=required)

    async def invite_code(self, id: str) -> str:
        """The invite code (bare code, whatever form WAHA sent)."""
        return str(await self._call("invite_code", id=id))

    async def revoke_invite_code(self, id: str) -> str:
        """Revokes the code and returns the new one (never retried)."""
        return str(await self._call("revoke_invite_code", id=id))

    async def participants(self, id: str) -> List[Participant]:
        """Members with ``pn`` and role (``participants/v2``)."""
        return _to_list(Participant, await self._call("participants", id=id))

    async def participants_v1(self, id: str) -> ParticipantList:
        """Members from the engine-specific route, normalised, with ``raw``."""
        return _to(ParticipantList, await self._call("participants_v1", id=id))

    async def add_participants(self, id: str, participants: Iterable[ParticipantLike]) -> ParticipantOutcomes:
        """Adds members; one outcome per member (never retried)."""
        return _outcomes(await self._call("add_participants", id=id, participants=_ids(participants)))

    async def remove_participants(self, id: str, participants: Iterable[ParticipantLike]) -> ParticipantOutcomes:
        """Removes members (never retried)."""
        return _outcomes(await self._call("remove_participants", id=id, participants=_ids(participants)))

    async def promote(self, id: str, participants: Iterable[ParticipantLike]) -> ParticipantOutcomes:
        """Makes members admins (never retried)."""
        return _outcomes(await self._call("promote", id=id, participants=_ids(participants)))

    async def demote(self, id: str, participants: Iterable[ParticipantLike]) -> ParticipantOutcomes:
        """Takes admin rights away (never retried)."""
        return _outcomes(await self._call("demote", id=id, participants=_ids(participants)))

    async def join_requests(self, id: str) -> List[JoinRequest]:
        """Pending join requests."""
        return _to_list(JoinRequest, await self._call("join_requests", id=id))

    async def approve_join_requests(self, id: str, participants: Iterable[ParticipantLike]) -> List[JoinRequestOutcome]:
        """Approves requests of these requesters."""
        return _to_list(JoinRequestOutcome, await self._call("approve_join_requests", id=id, participants=_ids(participants)))

    async def reject_join_requests(self, id: str, participants: Iterable[ParticipantLike]) -> List[JoinRequestOutcome]:
        """Rejects requests of these requesters."""
        return _to_list(JoinRequestOutcome, await self._call("reject_join_requests", id=id, participants=_ids(participants)))


class Lids(_Base):
    """The ``@lid`` ↔ phone-number directory of a session."""

    def _call(self, method: str, **args: Any) -> Any:
        return json.loads(self._native.call("lids", self._session, method, json.dumps(args)))

    def list(self, *, limit: Optional[int] = None, offset: Optional[int] = None) -> List[LidMapping]:
        """Known mappings."""
        return _to_list(LidMapping, self._call("list", limit=limit, offset=offset))

    def count(self) -> int:
        """Number of known mappings."""
        return int(self._call("count"))

    def phone_number(self, lid: str) -> LidMapping:
        """The phone number behind a ``@lid``."""
        return _to(LidMapping, self._call("phone_number", lid=lid))

    def lid(self, phone_number: str) -> LidMapping:
        """The ``@lid`` of a phone number."""
        return _to(LidMapping, self._call("lid", phone_number=phone_number))


class AsyncLids(_Base):
    """The asyncio twin of :class:`Lids`."""

    async def _call(self, method: str, **args: Any) -> Any:
        return json.loads(await self._native.call_async("lids", self._session, method, json.dumps(args)))

    async def list(self, *, limit: Optional[int] = None, offset: Optional[int] = None) -> List[LidMapping]:
        """Known mappings."""
        return _to_list(LidMapping, await self._call("list", limit=limit, offset=offset))

    async def count(self) -> int:
        """Number of known mappings."""
        return int(await self._call("count"))

    async def phone_number(self, lid: str) -> LidMapping:
        """The phone number behind a ``@lid``."""
        return _to(LidMapping, await self._call("phone_number", lid=lid))

    async def lid(self, phone_number: str) -> LidMapping:
        """The ``@lid`` of a phone number."""
        return _to(LidMapping, await self._call("lid", phone_number=phone_number))


class _ClientBase:
    def __init__(self, base_url: str, *, api_key: Optional[str] = None, timeout: Optional[float] = None, max_retries: Optional[int] = None, retry_base_delay: Optional[float] = None) -> None:
        self._native = _native.NativeClient(base_url, api_key, timeout, max_retries, retry_base_delay)

    @property
    def base_url(self) -> str:
        """WAHA's base URL."""
        return self._native.base_url

    def __repr__(self) -> str:
        # The API key is never shown.
        return f"{type(self).__name__}(base_url={self.base_url!r})"


class Client(_ClientBase):
    """Synchronous WAHA client. ``Client(url, api_key=...)`` or ``Client.from_env()`` (WAHA_URL, WAHA_API_KEY).

    Optional: ``timeout`` (seconds, default 30), ``max_retries`` (default 3), ``retry_base_delay``
    (seconds, default 0.25). Use as a context manager or just let it go.
    """

    @classmethod
    def from_env(cls) -> "Client":
        """Configured from ``WAHA_URL`` and ``WAHA_API_KEY``."""
        self = cls.__new__(cls)
        self._native = _native.NativeClient.from_env()
        return self

    def groups(self, session: str) -> Groups:
        """The groups API of ``session``."""
        return Groups(self._native, session)

    def lids(self, session: str) -> Lids:
        """The lid directory of ``session``."""
        return Lids(self._native, session)

    def _call(self, method: str, **args: Any) -> Any:
        return json.loads(self._native.call("client", "", method, json.dumps(args)))

    def sessions(self) -> List[SessionInfo]:
        """All sessions."""
        return _to_list(SessionInfo, self._call("sessions"))

    def session(self, name: str) -> SessionInfo:
        """One session."""
        return _to(SessionInfo, self._call("session", name=name))

    def me(self, session: str) -> Optional[MeInfo]:
        """The account a session is logged in as."""
        data = self._call("me", session=session)
        return None if data is None else _to(MeInfo, data)

    def version(self) -> Environment:
        """Server version and environment."""
        return _to(Environment, self._call("version"))

    def ping(self) -> None:
        """Raises unless the server answers."""
        self._call("ping")

    def close(self) -> None:
        """Releases nothing explicitly (connections are pooled and freed with the client); for symmetry."""

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, exc_type: Optional[Type[BaseException]], exc: Optional[BaseException], tb: Optional[TracebackType]) -> None:
        self.close()


class AsyncClient(_ClientBase):
    """asyncio WAHA client: the same API as :class:`Client`, awaitable."""

    @classmethod
    def from_env(cls) -> "AsyncClient":
        """Configured from ``WAHA_URL`` and ``WAHA_API_KEY``."""
        self = cls.__new__(cls)
        self._native = _native.NativeClient.from_env()
        return self

    def groups(self, session: str) -> AsyncGroups:
        """The groups API of ``session``."""
        return AsyncGroups(self._native, session)

    def lids(self, session: str) -> AsyncLids:
        """The lid directory of ``session``."""
        return AsyncLids(self._native, session)

    async def _call(self, method: str, **args: Any) -> Any:
        return json.loads(await self._native.call_async("client", "", method, json.dumps(args)))

    async def sessions(self) -> List[SessionInfo]:
        """All sessions."""
        return _to_list(SessionInfo, await self._call("sessions"))

    async def session(self, name: str) -> SessionInfo:
        """One session."""
        return _to(SessionInfo, await self._call("session", name=name))

    async def me(self, session: str) -> Optional[MeInfo]:
        """The account a session is logged in as."""
        data = await self._call("me", session=session)
        return None if data is None else _to(MeInfo, data)

    async def version(self) -> Environment:
        """Server version and environment."""
        return _to(Environment, await self._call("version"))

    async def ping(self) -> None:
        """Raises unless the server answers."""
        await self._call("ping")

    async def aclose(self) -> None:
        """For symmetry with other async clients."""

    async def __aenter__(self) -> "AsyncClient":
        return self

    async def __aexit__(self, exc_type: Optional[Type[BaseException]], exc: Optional[BaseException], tb: Optional[TracebackType]) -> None:
        await self.aclose()
