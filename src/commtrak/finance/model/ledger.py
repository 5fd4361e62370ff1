"""The ledger: every financial event as an entry, only ever added, never changed.

Each entry has two signed effects in its currency: on one invoice's open balance
(``invoice_effect``, for ``invoice_id``) and on one credit's unallocated amount
(``source_effect``, for ``source_id``: a payment, an account credit or a credit note to
the customer). Every balance is a sum of effects:

* an invoice's open balance is the sum of the ``invoice_effect`` of its entries;
* a credit's unallocated amount is the sum of the ``source_effect`` of its entries;
* a customer's balance (what it owes, less its unallocated credit) is the sum of
  ``invoice_effect - source_effect`` over its entries.

======================== ====================== ======================
entry                    invoice_effect         source_effect
======================== ====================== ======================
invoice finalised        plus the total         zero
credit note on invoice   minus the total        zero
credit note to customer  zero                   plus the total
payment, account credit  zero                   plus the amount
allocation               minus the amount       minus the amount
reversal of an entry     minus its effect       minus its effect
======================== ====================== ======================

A reversal is a new entry that names the entry it reverses; an entry is reversed at
most once and a reversal is never reversed.
"""

from __future__ import annotations

import datetime
import enum
import uuid

import attrs

from commtrak.finance.currencies import Currency
from commtrak.finance.money import Money

__all__ = ["SOURCE_KINDS", "EntryKind", "LedgerEntry"]


class EntryKind(enum.StrEnum):
    """What a ledger entry records."""

    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"
    PAYMENT = "payment"
    ACCOUNT_CREDIT = "account_credit"
    ALLOCATION = "allocation"
    REVERSAL = "reversal"


#: The entries that make a credit allocatable (their ``source_id`` is the credit).
SOURCE_KINDS = frozenset({EntryKind.CREDIT_NOTE, EntryKind.PAYMENT, EntryKind.ACCOUNT_CREDIT})


@attrs.frozen
class LedgerEntry:
    """One financial event.

    Attributes:
        id: Made by the library.
        customer_id: The customer whose account it is on.
        kind: What happened.
        currency: The currency of both effects.
        on: The date it is dated (the document's or payment's date).
        invoice_id: The invoice whose balance it changes, if any.
        source_id: The credit whose unallocated amount it changes, if any.
        invoice_effect: Its signed effect on the invoice's open balance.
        source_effect: Its signed effect on the credit's unallocated amount.
        reverses: The entry it reverses (for a reversal).
        recorded_at: When it was recorded (UTC).
        recorded_by: Who recorded it.
    """

    id: uuid.UUID
    customer_id: uuid.UUID
    kind: EntryKind
    currency: Currency
    on: datetime.date
    invoice_id: uuid.UUID | None
    source_id: uuid.UUID | None
    invoice_effect: Money
    source_effect: Money
    reverses: uuid.UUID | None
    recorded_at: datetime.datetime
    recorded_by: str

    @property
    def customer_effect(self) -> Money:
        """Its effect on what the customer owes, ``invoice_effect - source_effect``."""
        return self.invoice_effect - self.source_effect

    def reversal(
        self, entry_id: uuid.UUID, on: datetime.date, at: datetime.datetime, by: str
    ) -> LedgerEntry:
        """The entry that reverses this one: the same invoice and credit, effects negated."""
        return attrs.evolve(
            self,
            id=entry_id,
            kind=EntryKind.REVERSAL,
            on=on,
            invoice_effect=-self.invoice_effect,
            source_effect=-self.source_effect,
            reverses=self.id,
            recorded_at=at,
            recorded_by=by,
        )
