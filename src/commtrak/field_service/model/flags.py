"""Customer flags: short labels on a customer (``"VIP"``, ``"Key account"``), many each.

A customer's flags are a set: compared case-insensitively (by their folded key), kept
in the spelling first given, listed by key. The customer list filters by them
(:class:`~commtrak.model.customer_filter.CustomerFilter`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

import attrs

from commtrak.errors import ValidationError
from commtrak.model._text import fold, required_text

__all__ = ["MAX_FLAG", "MAX_FLAGS", "Flag", "check_flags"]

#: The longest flag.
MAX_FLAG = 64

#: The most flags a customer has.
MAX_FLAGS = 100


@attrs.frozen
class Flag:
    """One flag on one customer.

    Attributes:
        customer_id: The customer flagged; the flag moves with a customer merge.
        label: The flag as first spelled.
    """

    customer_id: uuid.UUID
    label: str

    @property
    def key(self) -> str:
        """The folded key flags are compared by."""
        return fold(self.label)


def check_flags(values: object) -> tuple[str, ...]:
    """Return the flags in *values*, trimmed, one per folded key (the first spelling).

    Raises:
        ValidationError: ``flags``/``type`` for a string or a value that is no
            collection; ``flags``/``required``, ``max_length`` (64 characters) or a text
            rule for one flag; ``flags``/``max_count`` for more than 100.
    """
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise ValidationError("flags", "type", "must be a collection of labels")
    found: dict[str, str] = {}
    for value in values:
        label = required_text("flags", value, max_length=MAX_FLAG)
        found.setdefault(fold(label), label)
    if len(found) > MAX_FLAGS:
        raise ValidationError(
            "flags", "max_count", f"a customer has at most {MAX_FLAGS} flags, not {len(found)}"
        )
    return tuple(found[key] for key in sorted(found))
