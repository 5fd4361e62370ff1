"""A number sequence's counter, as an export carries it."""

from __future__ import annotations

import attrs

__all__ = ["SequenceCounter"]


@attrs.frozen
class SequenceCounter:
    """The last number a sequence gave.

    Attributes:
        name: The sequence (``"invoice"``, ``"credit_note"``).
        last_number: The last number taken; the next is one more.
    """

    name: str
    last_number: int
