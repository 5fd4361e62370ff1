"""Loading what the contexts and plugins contribute through an entry-point group.

Entry points let a layer use what the layers above it contribute without importing them
(the export sections of finance, its customer references...). A contribution that fails
to load is an error, not a silent gap: an export without a context's records would lose
data, and a deletion blind to them would orphan them.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Iterator

from commtrak.errors import PluginError

__all__ = ["contributions"]


def contributions(group: str) -> Iterator[tuple[str, object]]:
    """Yield ``(entry-point name, item)`` for every item of every sequence in *group*.

    Entry points are read in the order of their names; each names a sequence.

    Raises:
        PluginError: when an entry point fails to load or is not a sequence.
    """
    points = importlib.metadata.entry_points(group=group)
    for point in sorted(points, key=lambda point: point.name):
        try:
            loaded = tuple(point.load())
        except Exception as error:
            raise PluginError(
                f"{group} entry point {point.name!r} ({point.value}) could not be loaded: "
                f"{type(error).__name__}: {error}"
            ) from None
        for item in loaded:
            yield point.name, item
