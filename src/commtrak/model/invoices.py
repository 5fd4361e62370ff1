"""A minimal invoice record and the account figures read from it (seed 004 side panel).

Until the finance issue extends it, an invoice has just what the customer record needs:
its customer, status, invoice address, amount, due date and the amount paid. The side
panel's figures are computed from these by one repository query.
"""

from __future__ import annotations

import datetime
import decimal
import enum
import uuid

import attrs

from commtrak.model.customers import CustomerStatus

__all__ = [
    "ACTIVE_INVOICE_STATUSES",
    "AccountFigures",
    "CustomerPanel",
    "Invoice",
    "InvoiceStatus",
]

ZERO = decimal.Decimal("0.00")


class InvoiceStatus(enum.StrEnum):
    """Where an invoice is in its life."""

    DRAFT = "draft"
    ISSUED = "issued"
    PAID = "paid"
    CANCELLED = "cancelled"


#: The statuses of an invoice still being worked on, whose invoice address cannot be deleted.
ACTIVE_INVOICE_STATUSES = frozenset({InvoiceStatus.DRAFT, InvoiceStatus.ISSUED})


@attrs.frozen
class Invoice:
    """An invoice to a customer (never to a work address: the customer owns the debt).

    Attributes:
        id: Made by the library.
        customer_id: The customer invoiced.
        amount: The total, at least zero, in the account's currency.
        due_on: When payment is due.
        status: Draft, issued, paid or cancelled.
        invoice_address_id: Where the invoice is sent, when not to the customer.
        amount_paid: What has been paid so far; more than the amount is account credit.
    """

    id: uuid.UUID
    customer_id: uuid.UUID
    amount: decimal.Decimal
    due_on: datetime.date
    status: InvoiceStatus = InvoiceStatus.ISSUED
    invoice_address_id: uuid.UUID | None = None
    amount_paid: decimal.Decimal = ZERO


@attrs.frozen
class AccountFigures:
    """A customer's account figures, as one repository query computes them.

    Attributes:
        outstanding: The sum of ``amount - amount_paid`` over issued invoices not paid
            in full.
        oldest_unpaid_due_on: The earliest due date among those invoices, or ``None``.
        credit: The sum of overpayments (``amount_paid - amount`` where positive) over
            invoices that are not cancelled.
    """

    outstanding: decimal.Decimal = ZERO
    oldest_unpaid_due_on: datetime.date | None = None
    credit: decimal.Decimal = ZERO

    def __add__(self, other: AccountFigures) -> AccountFigures:
        """The figures of two accounts together: sums, and the earlier due date."""
        dates = [d for d in (self.oldest_unpaid_due_on, other.oldest_unpaid_due_on) if d]
        return AccountFigures(
            outstanding=self.outstanding + other.outstanding,
            oldest_unpaid_due_on=min(dates, default=None),
            credit=self.credit + other.credit,
        )


@attrs.frozen
class CustomerPanel:
    """The figures of a customer record's left side panel.

    Attributes:
        status: Active or dormant.
        outstanding_debt: What the customer owes.
        oldest_unpaid_due_on: The due date of its oldest unpaid invoice, if any.
        debt_age_days: Days since that due date (0 when not yet due), or ``None``.
        account_credit: What the customer has paid beyond its invoices.
    """

    status: CustomerStatus
    outstanding_debt: decimal.Decimal
    oldest_unpaid_due_on: datetime.date | None
    debt_age_days: int | None
    account_credit: decimal.Decimal
