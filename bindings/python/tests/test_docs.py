"""Every public item has a docstring (what ``help()`` and editors show)."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path
from typing import Any, List

import waha_groups
import waha_groups.testing

PACKAGE = Path(waha_groups.__file__).parent


def undocumented_members(name: str, cls: type) -> List[str]:
    missing = []
    for attr, value in vars(cls).items():
        if attr.startswith("_") or attr in getattr(cls, "__dataclass_fields__", {}):
            continue
        func: Any = value.fget if isinstance(value, property) else getattr(value, "__func__", value)
        if callable(func) and not (func.__doc__ or "").strip():
            missing.append(f"{name}.{attr}")
    return missing


def alias_docstrings() -> set[str]:
    """Module-level names followed by a string literal (a type alias's docstring)."""
    documented = set()
    for source in PACKAGE.glob("*.py"):
        body = ast.parse(source.read_text()).body
        for node, after in zip(body, body[1:]):
            is_doc = isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant) and isinstance(after.value.value, str)
            if isinstance(node, ast.Assign) and is_doc:
                documented.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return documented


def test_every_public_item_has_a_docstring() -> None:
    aliases = alias_docstrings()
    missing = []
    public = [(n, getattr(waha_groups, n)) for n in waha_groups.__all__] + [("MockWaha", waha_groups.testing.MockWaha)]
    for name, obj in public:
        if inspect.isclass(obj):
            if not (obj.__doc__ or "").strip():
                missing.append(name)
            missing += undocumented_members(name, obj)
        elif inspect.isfunction(obj) or inspect.isbuiltin(obj):
            if not (obj.__doc__ or "").strip():
                missing.append(name)
        elif name not in aliases:
            missing.append(f"{name} (type alias without a docstring)")
    assert missing == []
    assert len(public) > 50


def test_the_check_can_fail() -> None:
    class Undocumented:
        def method(self) -> None:
            pass

    assert undocumented_members("Undocumented", Undocumented) == ["Undocumented.method"]
