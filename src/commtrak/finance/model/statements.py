"""Statements and aged debt: what a customer owed, and had in credit, as of a date.

**The as-of rule.** A figure as of a date *D* is the sum of the ledger entries dated
(``LedgerEntry.on``) on or before *D*; entries dated after *D* are left out, whenever
they were recorded. The library dates what it makes itself (allocations, reversals,
voids) the day it records them, so a statement as of *D* never changes after *D*
because of a later allocation, reversal or void, nor of a payment, account credit or
credit note dated after *D*. A payment recorded later but dated on or before *D* (a
cheque received on *D* and keyed in the next week) is part of *D*'s figures: the
ledger's dates are when things happened, not when they were typed.
"""

from __future__ import annotations

import datetime
import decimal
import enum
import uuid
from collections.abc import Iterable

import attrs

from commtrak.finance.currencies import Currency
from commtrak.finance.money import Money

__all__ = [
    "AGE_BUCKETS",
    "AgedDebt",
    "Statement",
    "StatementGroup",
    "StatementLine",
    "StatementLineKind",
    "StatementTotals",
    "age_bounds",
    "age_bucket",
    "statement_totals",
]

#: The aged-debt buckets, youngest first (the names of :class:`AgedDebt`'s fields).
AGE_BUCKETS = ("current", "days_1_30", "days_31_60", "days_61_90", "over_90")


def age_bounds(as_of: datetime.date) -> tuple[datetime.date, ...]:
    """The earliest due date of each bucket but the last, as of *as_of*.

    An invoice due on or after the first bound is current; on or after the second, 1
    to 30 days past due; and so on; before the last bound, over 90 days past due.
    """
    return tuple(as_of - datetime.timedelta(days=days) for days in (0, 30, 60, 90))


def age_bucket(due_on: datetime.date, as_of: datetime.date) -> str:
    """The bucket (one of :data:`AGE_BUCKETS`) of an invoice due on *due_on*."""
    for name, bound in zip(AGE_BUCKETS, age_bounds(as_of), strict=False):
        if due_on >= bound:
            return name
    return AGE_BUCKETS[-1]


class StatementLineKind(enum.StrEnum):
    """What a statement line is: an unpaid invoice, or an unallocated credit."""

    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"
    PAYMENT = "payment"
    ACCOUNT_CREDIT = "account_credit"


@attrs.frozen
class StatementLine:
    """One unpaid invoice or unallocated credit on a statement.

    Attributes:
        kind: An invoice, or the kind of credit.
        document_id: The invoice, credit note or receipt.
        number: The invoice's or credit note's number (``None`` for a receipt).
        dated_on: The document's date.
        due_on: When an invoice is due (``None`` for a credit).
        reference: The invoice's or credit note's description, a receipt's reference
            (or its method when it has none).
        amount: The document's amount, as recorded by the date.
        open: What is still owed on the invoice, or left to allocate of the credit, as
            of the statement's date.
        contact_id: The contact the invoice is addressed to (``None`` for a credit, or
            an invoice to the customer as a whole).
    """

    kind: StatementLineKind
    document_id: uuid.UUID
    number: int | None
    dated_on: datetime.date
    due_on: datetime.date | None
    reference: str
    amount: Money
    open: Money
    contact_id: uuid.UUID | None = None

    @property
    def is_credit(self) -> bool:
        """Whether the line is a credit (it lowers the balance)."""
        return self.kind is not StatementLineKind.INVOICE


@attrs.frozen
class StatementTotals:
    """A statement's totals in one currency.

    Attributes:
        currency: The currency.
        owed: The sum of the unpaid invoices' open amounts.
        credit: The sum of the unallocated credits.
    """

    currency: Currency
    owed: Money
    credit: Money

    @property
    def balance(self) -> Money:
        """What the customer owes, less its credit (negative when in credit)."""
        return self.owed - self.credit


def statement_totals(lines: Iterable[StatementLine]) -> tuple[StatementTotals, ...]:
    """The totals of *lines*, one per currency, by currency code (exact sums)."""
    sums: dict[str, tuple[Currency, list[decimal.Decimal], list[decimal.Decimal]]] = {}
    for item in lines:
        money = item.open
        found = sums.get(money.currency.code)
        if found is None:
            found = sums[money.currency.code] = (money.currency, [], [])
        (found[2] if item.kind is not StatementLineKind.INVOICE else found[1]).append(money.amount)
    return tuple(
        StatementTotals(
            money_currency,
            Money.stored(_exact_sum(owed), money_currency),
            Money.stored(_exact_sum(credit), money_currency),
        )
        for _, (money_currency, owed, credit) in sorted(sums.items())
    )


def _exact_sum(amounts: list[decimal.Decimal]) -> decimal.Decimal:
    """The exact sum of *amounts*, in a context of its own (never the caller's thread's)."""
    with decimal.localcontext(_SUMS):
        return sum(amounts, decimal.Decimal(0))


#: The context of totals: 38 digits hold any sum of amounts below 10**14, exactly.
_SUMS = decimal.Context(prec=38, traps=[decimal.Inexact, decimal.InvalidOperation])


@attrs.frozen
class StatementGroup:
    """The lines of a statement addressed to one contact, with their totals.

    Attributes:
        contact_id: The contact (``None``: the customer as a whole, and every credit).
        lines: Its lines, invoices first.
        totals: Its totals, one per currency.
    """

    contact_id: uuid.UUID | None
    lines: tuple[StatementLine, ...]
    totals: tuple[StatementTotals, ...]


@attrs.frozen
class Statement:
    """A customer's unpaid invoices and unallocated credits as of a date.

    Attributes:
        customer_id: The customer.
        as_of: The date whose figures it shows (see the module's as-of rule).
        lines: The unpaid invoices (by date, then number) and then the unallocated
            credits (by date, then id text).
        totals: One per currency, by currency code.
        groups: With ``by_contact``, the lines by the contact their invoice is
            addressed to (the customer as a whole, and the credits, first); else empty.
    """

    customer_id: uuid.UUID
    as_of: datetime.date
    lines: tuple[StatementLine, ...]
    totals: tuple[StatementTotals, ...]
    groups: tuple[StatementGroup, ...] = ()


@attrs.frozen
class AgedDebt:
    """One customer's debt in one currency as of a date, by how long past due.

    A bucket holds the open balances of the invoices whose due date is that many days
    before the date: current (not yet past due), 1 to 30, 31 to 60, 61 to 90, and
    over 90 days.

    Attributes:
        customer_id: The customer.
        currency: The currency.
        current: Not past due.
        days_1_30: 1 to 30 days past due.
        days_31_60: 31 to 60 days past due.
        days_61_90: 61 to 90 days past due.
        over_90: More than 90 days past due.
        credit: Its unallocated credit as of the date.
    """

    customer_id: uuid.UUID
    currency: Currency
    current: Money
    days_1_30: Money
    days_31_60: Money
    days_61_90: Money
    over_90: Money
    credit: Money

    @property
    def owed(self) -> Money:
        """The sum of the buckets."""
        return Money.total(
            (self.current, self.days_1_30, self.days_31_60, self.days_61_90, self.over_90),
            self.currency,
        )

    @property
    def balance(self) -> Money:
        """What is owed less the unallocated credit."""
        return self.owed - self.credit
