"""The number-sequence port: gapless numbers for invoices and credit notes."""

from __future__ import annotations

from typing import Protocol

__all__ = ["NumberSequence"]


class NumberSequence(Protocol):
    """Hands out the numbers of each named sequence of the store: 1, 2, 3, ...

    A number is taken in the caller's transaction: the sequence's counter stays locked
    until the transaction ends, so two transactions never get the same number, and a
    transaction that rolls back gives its number back (the next one gets it), so no
    number is skipped.
    """

    def next_number(self, name: str) -> int:
        """Take the next number of sequence *name* (``"invoice"``, ``"credit_note"``)."""
        ...
