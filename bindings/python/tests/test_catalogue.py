"""The Python method lists follow the core's operation catalogue (one entry per WAHA group operation)."""

import inspect

import pytest

import waha_groups
from waha_groups import _native


@pytest.mark.parametrize("cls", [waha_groups.Groups, waha_groups.AsyncGroups])
def test_groups_methods_match_the_catalogue(cls: type) -> None:
    catalogue = _native.group_methods()
    assert len(catalogue) == 35
    for name, positional, options in catalogue:
        method = getattr(cls, name, None)
        assert method is not None, f"{cls.__name__} lacks {name}()"
        params = list(inspect.signature(method).parameters.values())[1:]
        got_positional = [p.name for p in params if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]
        got_options = sorted(p.name for p in params if p.kind is inspect.Parameter.KEYWORD_ONLY)
        assert got_positional == positional, f"{cls.__name__}.{name}"
        assert got_options == sorted(options), f"{cls.__name__}.{name}"
