"""Credit notes: money given back to a customer, to its account or against an invoice.

A credit note is issued at once, with the next number of the store's credit-note
sequence. One against an invoice lowers that invoice's open balance (never below zero);
one to a customer is a credit of its own, allocated to invoices later like account
credit. Its breakdown style says how its lines are shown (:meth:`CreditNote.rendered`).
"""

from __future__ import annotations

import datetime
import enum
import uuid

import attrs

from commtrak.finance.currencies import Currency
from commtrak.finance.model.card_numbers import refuse_card_numbers
from commtrak.finance.model.lines import Line, LineCategory, lines_total
from commtrak.finance.money import Money

__all__ = ["Breakdown", "CreditNote", "RenderedLine"]


class Breakdown(enum.StrEnum):
    """How a credit note's lines are shown (seed 004, "Add New Credit Note")."""

    NONE = "none"
    BY_CATEGORY = "by_category"
    FULL = "full"
    FULL_BY_CATEGORY = "full_by_category"


@attrs.frozen
class RenderedLine:
    """One shown line of a credit note: a label, its category (if grouped) and an amount."""

    label: str
    category: LineCategory | None
    amount: Money


@attrs.frozen
class CreditNote:
    """A credit note.

    Attributes:
        id: Made by the library.
        customer_id: The customer credited.
        invoice_id: The invoice it credits, or ``None`` for a credit to the customer.
        currency: The currency of every line.
        description: What it is for.
        issued_on: The credit-note date.
        breakdown: How its lines are shown.
        lines: The lines credited.
        number: Its number from the store's credit-note sequence.
        created_at: When it was issued (UTC).
        created_by: Who issued it.
    """

    id: uuid.UUID
    customer_id: uuid.UUID
    invoice_id: uuid.UUID | None
    currency: Currency
    description: str
    issued_on: datetime.date
    breakdown: Breakdown
    lines: tuple[Line, ...]
    number: int
    created_at: datetime.datetime
    created_by: str

    def __attrs_post_init__(self) -> None:
        refuse_card_numbers(self, "description")

    @property
    def total(self) -> Money:
        """The sum of the lines' totals."""
        return lines_total(self.lines, self.currency)

    def rendered(self) -> list[RenderedLine]:
        """The lines as the breakdown style shows them; their amounts sum to the total.

        No breakdown is one line (the description and the total); by category, one line
        per category; full, every line; full by category, every line, ordered by
        category (labour, parts, other) and then as given.
        """
        if self.breakdown is Breakdown.NONE:
            return [RenderedLine(self.description, None, self.total)]
        order = list(LineCategory)
        if self.breakdown is Breakdown.BY_CATEGORY:
            return [
                RenderedLine(kind.value, kind, lines_total(tuple(grouped), self.currency))
                for kind in order
                if (grouped := [item for item in self.lines if item.category is kind])
            ]
        shown = list(self.lines)
        if self.breakdown is Breakdown.FULL_BY_CATEGORY:
            shown.sort(key=lambda item: order.index(item.category))
        grouped_by = self.breakdown is Breakdown.FULL_BY_CATEGORY
        return [
            RenderedLine(item.description, item.category if grouped_by else None, item.total)
            for item in shown
        ]
