"""The marker for "leave this field as it is" in edit methods."""

from __future__ import annotations

import enum
from typing import Final

__all__ = ["UNSET", "Unset"]


class Unset(enum.Enum):
    """The type of :data:`UNSET`."""

    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"


#: Passed (by default) for a field an edit leaves unchanged; ``None`` is a real value.
UNSET: Final = Unset.UNSET
