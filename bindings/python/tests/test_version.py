"""The Python package carries the workspace version (one version for every package)."""

from __future__ import annotations

import re
from importlib.metadata import version

import waha_groups
from conftest import ROOT


def test_version_is_the_workspace_version() -> None:
    cargo = (ROOT / "Cargo.toml").read_text()
    section = cargo.split("[workspace.package]")[1]
    match = re.search(r'^version = "([^"]+)"', section, re.M)
    assert match is not None
    assert waha_groups.__version__ == version("waha-groups") == match.group(1)
