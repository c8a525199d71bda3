"""Bad arguments: every one raises an ``InvalidArgumentError`` naming it, and no message prints a secret."""

from __future__ import annotations

from typing import Any, Callable

import pytest

import waha_groups as w
from waha_groups import _native
from waha_groups.testing import MockWaha

LONE = "\ud800"  # a lone surrogate: valid in a Python str, impossible in UTF-8


def raises_naming(argument: str, call: Callable[[], Any]) -> w.InvalidArgumentError:
    with pytest.raises(w.InvalidArgumentError) as err:
        call()
    assert f'"{argument}"' in str(err.value), str(err.value)
    assert err.value.code == "invalid_argument"
    return err.value


@pytest.mark.parametrize(
    "url",
    ["http://u:PASSW0RD@h/?x-api-key=SECRET", "http://h/?api_key=SECRET", "ftp://u:PASSW0RD@h/?token=SECRET"],
)
def test_messages_never_quote_a_password_or_key(url: str) -> None:
    with pytest.raises(w.InvalidArgumentError) as err:
        w.Client(url)
    text = str(err.value) + repr(err.value)
    assert "PASSW0RD" not in text and "SECRET" not in text, text
    assert "***" in text


@pytest.mark.parametrize(
    ("argument", "call"),
    [
        ("body", lambda: w.decode_response("get", LONE)),
        ("method", lambda: w.decode_response(LONE, "{}")),
        ("requested", lambda: w.decode_response("add_participants", "[]", [LONE])),
        ("body", lambda: w.parse_webhook(LONE)),
        ("hmac_key", lambda: w.parse_webhook(b"{}", hmac_key=LONE)),
        ("headers", lambda: w.parse_webhook(b"{}", {"X-Webhook-Hmac": LONE})),
        ("body", lambda: w.verify_webhook(LONE, {}, "k")),
        ("hmac_key", lambda: w.verify_webhook(b"{}", {}, LONE)),
        ("headers", lambda: w.verify_webhook(b"{}", {LONE: "x"}, "k")),
        ("body", lambda: w.sign_webhook(LONE, "k")),
        ("name", lambda: w.json_schema(LONE)),
        ("base_url", lambda: w.Client(LONE)),
        ("api_key", lambda: w.Client("http://h", api_key=LONE)),
        ("body", lambda: _native.error_from_response(500, LONE)),
    ],
)
def test_lone_surrogates_are_invalid_arguments(argument: str, call: Callable[[], Any]) -> None:
    assert "lone surrogate" in str(raises_naming(argument, call))


@pytest.mark.parametrize(
    ("argument", "kwargs"),
    [
        ("max_retries", {"max_retries": -1}),
        ("max_retries", {"max_retries": 2**70}),
        ("max_retries", {"max_retries": "3"}),
        ("max_retries", {"max_retries": True}),
        ("timeout", {"timeout": -1}),
        ("timeout", {"timeout": float("nan")}),
        ("timeout", {"timeout": "30"}),
        ("retry_base_delay", {"retry_base_delay": float("inf")}),
    ],
)
def test_client_numbers_out_of_range(argument: str, kwargs: dict[str, Any]) -> None:
    raises_naming(argument, lambda: w.Client("http://h", **kwargs))


def test_wrong_types_are_invalid_arguments_not_type_errors() -> None:
    raises_naming("base_url", lambda: w.Client(42))  # type: ignore[arg-type]
    raises_naming("body", lambda: w.parse_webhook(42))  # type: ignore[arg-type]
    raises_naming("hmac_key", lambda: w.sign_webhook(b"x", 42))  # type: ignore[arg-type]
    raises_naming("status", lambda: _native.error_from_response(-1, "{}"))
    raises_naming("headers", lambda: w.parse_webhook(b"{}", [("only-a-name",)]))  # type: ignore[list-item]


def test_session_names_are_checked_in_sync_and_async_clients(waha_mock: MockWaha) -> None:
    raises_naming("session", lambda: w.Client(waha_mock.url).groups(LONE).count())
    raises_naming("session", lambda: w.Client(waha_mock.url).groups(LONE).iter().__next__())

    async def run() -> None:
        await w.AsyncClient(waha_mock.url).groups(LONE).count()

    import asyncio

    raises_naming("session", lambda: asyncio.run(run()))


def test_mock_arguments() -> None:
    raises_naming("engine", lambda: MockWaha(LONE).start())
    raises_naming("seed", lambda: MockWaha(seed=-1).start())
    with MockWaha() as mock:
        raises_naming("session", lambda: mock.journal(session=LONE))
        raises_naming("status", lambda: mock.journal(status=70000))
