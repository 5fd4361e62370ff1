"""The ``name -> (before, after)`` changes the journals record."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def before_after(changes: Mapping[str, Sequence[str]]) -> dict[str, tuple[str, ...]]:
    """Return *changes* with each ``[before, after]`` as a tuple.

    A journal entry holds its changes as tuples, whatever sequence it was given (the
    services build lists, JSON columns and export documents read back as lists), so that
    an entry read back from any backend or from an import equals the one written.
    """
    return {name: tuple(pair) for name, pair in changes.items()}
