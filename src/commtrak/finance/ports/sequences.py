"""The number-sequence port: gapless numbers for invoices and credit notes."""

from __future__ import annotations

from typing import Protocol

from commtrak.finance.model.sequences import SequenceCounter

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

    def scan(self, after: str | None, limit: int) -> list[SequenceCounter]:
        """Return up to *limit* sequences whose name sorts after *after*, by name (export)."""
        ...

    def restore(self, counter: SequenceCounter) -> None:
        """Set a sequence's last number (an import), so that the next number follows it."""
