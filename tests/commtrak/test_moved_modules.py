"""The modules that moved keep working for old imports, with a DeprecationWarning."""

from __future__ import annotations

import importlib
import sys

import pytest

import commtrak.ports
import commtrak.security


@pytest.mark.parametrize(
    ("old", "new"),
    [("commtrak.repositories", commtrak.ports), ("commtrak.portal", commtrak.security)],
)
def test_a_moved_module_warns_and_gives_the_same_names(old: str, new: object) -> None:
    sys.modules.pop(old, None)
    with pytest.warns(DeprecationWarning, match=f"{old} moved to {new.__name__}"):  # type: ignore[attr-defined]
        module = importlib.import_module(old)
    assert module.__all__ == new.__all__  # type: ignore[attr-defined]
    for name in module.__all__:
        assert getattr(module, name) is getattr(new, name)
