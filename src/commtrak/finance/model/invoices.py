"""Invoices: a customer's bill, drafted, then made final with a number, or voided.

A draft's lines may change; finalising it gives it the next number of the store's
gapless sequence and records its total in the ledger, after which its lines never
change. A final invoice that nothing was credited or allocated against may be voided:
its ledger entry is reversed and its number stays used.
"""

from __future__ import annotations

import datetime
import enum
import uuid

import attrs

from commtrak.finance.currencies import Currency
from commtrak.finance.model.card_numbers import refuse_card_number, refuse_card_numbers
from commtrak.finance.model.lines import Line, lines_total
from commtrak.finance.money import Money

__all__ = ["Invoice", "InvoiceState"]


class InvoiceState(enum.StrEnum):
    """Where an invoice is in its life."""

    DRAFT = "draft"
    FINAL = "final"
    VOID = "void"


@attrs.frozen
class Invoice:
    """An invoice to a customer.

    Attributes:
        id: Made by the library.
        customer_id: The customer who owes it.
        currency: The currency of every line.
        description: What the invoice is for.
        issued_on: The invoice date.
        due_on: When payment is due; not before the invoice date.
        lines: The lines, in order.
        state: Draft, final or void.
        number: Its number from the store's sequence; ``None`` while a draft.
        created_at: When it was drafted (UTC).
        created_by: Who drafted it.
        invoice_address_id: The customer's invoice address it is sent to, or ``None``
            for the customer's own address.
        address: The address printed on it, line by line: rendered when drafted, and
            again when it is finalised, after which it never changes (even if the
            invoice address or the customer's address does).
        contact_id: The customer's contact it is addressed to (statements group by
            it), or ``None`` for the customer as a whole.
    """

    id: uuid.UUID
    customer_id: uuid.UUID
    currency: Currency
    description: str
    issued_on: datetime.date
    due_on: datetime.date
    lines: tuple[Line, ...]
    state: InvoiceState
    number: int | None
    created_at: datetime.datetime
    created_by: str
    invoice_address_id: uuid.UUID | None = None
    address: tuple[str, ...] = ()
    contact_id: uuid.UUID | None = None

    def __attrs_post_init__(self) -> None:
        refuse_card_numbers(self, "description")
        for printed in self.address:
            refuse_card_number("address", printed)

    @property
    def total(self) -> Money:
        """The sum of the lines' totals, each rounded at its line."""
        return lines_total(self.lines, self.currency)

    @property
    def job_ids(self) -> tuple[uuid.UUID, ...]:
        """The jobs its lines bill, in the order they first appear; empty unless consolidated."""
        return tuple(dict.fromkeys(item.job_id for item in self.lines if item.job_id is not None))

    def job_totals(self) -> dict[uuid.UUID, Money]:
        """Each job's share of the total: the sum of the lines that name it."""
        return {
            job_id: lines_total(
                tuple(item for item in self.lines if item.job_id == job_id), self.currency
            )
            for job_id in self.job_ids
        }
