"""Runs against the installed wheel only (scripts/dist.py check copies it into a clean venv)."""

import os
import shutil
from importlib.metadata import version

import pytest

import waha_groups
from waha_groups import Client, GroupNotFoundError


def test_no_rust_toolchain_and_not_the_repo() -> None:
    assert shutil.which("cargo") is None and shutil.which("rustc") is None
    assert "site-packages" in waha_groups.__file__
    assert waha_groups.__version__ == version("waha-groups") == os.environ["EXPECTED_VERSION"]


@pytest.mark.waha_mock(engine="GOWS", api_key="k")
def test_the_pytest_fixture_serves_a_mock(waha_mock) -> None:  # type: ignore[no-untyped-def]
    groups = Client(waha_mock.url, api_key="k").groups("default")
    g = groups.create("Team", ["22222222222@c.us"])
    assert [p.pn for p in groups.participants(g.id)] == ["11111111111@c.us", "22222222222@c.us"]
    with pytest.raises(GroupNotFoundError):
        groups.get("120363000000000000@g.us")
