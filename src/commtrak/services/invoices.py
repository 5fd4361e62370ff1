"""The minimal invoice record: enough for invoice addresses and the side panel figures.

The finance issue replaces this with real invoicing; until then an invoice has an
amount, a due date, a status, an invoice address and the amount paid.
"""

from __future__ import annotations

import datetime
import decimal
import uuid

from commtrak.errors import ValidationError
from commtrak.model.customers import Customer
from commtrak.model.ids import new_id
from commtrak.model.invoices import ZERO, Invoice, InvoiceStatus
from commtrak.ports import Transaction
from commtrak.services._base import Service, atomic
from commtrak.services._record import check_choice, live_customer, save_changes

__all__ = ["InvoiceService", "check_invoice_address", "check_money"]


def check_money(field: str, value: object) -> decimal.Decimal:
    """Return *value* as a non-negative amount in cents.

    Raises:
        ValidationError: ``{field}``/``money`` for anything but a finite, non-negative
            number with at most two decimal places.
    """
    try:
        amount = decimal.Decimal(str(value)) if isinstance(value, (int, str)) else value
    except decimal.InvalidOperation:
        amount = None
    if (
        not isinstance(amount, decimal.Decimal)
        or not amount.is_finite()
        or amount < 0
        or amount != amount.quantize(ZERO)
    ):
        raise ValidationError(
            field, "money", f"must be an amount of at least 0 in cents, not {value!r}"
        )
    return amount.quantize(ZERO)


def check_invoice_address(
    transaction: Transaction, customer: Customer, invoice_address_id: uuid.UUID | None
) -> None:
    """Refuse an invoice address that is not assigned to *customer* (``None`` passes).

    Raises:
        ValidationError: ``invoice_address_id``/``customer_invoice_address``.
    """
    if invoice_address_id is not None:
        assigned = transaction.invoice_addresses.for_customer(customer.id)
        if invoice_address_id not in {row.id for row in assigned}:
            raise ValidationError(
                "invoice_address_id",
                "customer_invoice_address",
                f"the invoice address is not assigned to customer {customer.name!r}",
            )


def _check_status(value: object) -> InvoiceStatus:
    return check_choice("status", "invoice_status", InvoiceStatus, value)


class InvoiceService(Service):
    """Adds invoices to customers, records payments and changes their status.

    Invoices may be raised for a dormant customer (seed: "invoices can still be issued
    for open jobs"), never for a merged one. An invoice's invoice address must be one
    assigned to its customer (``invoice_address_id``/``customer_invoice_address``).
    """

    @atomic
    def add(
        self,
        customer_id: uuid.UUID,
        *,
        amount: decimal.Decimal | int | str,
        due_on: datetime.date,
        invoice_address_id: uuid.UUID | None = None,
        status: InvoiceStatus | str = InvoiceStatus.ISSUED,
        amount_paid: decimal.Decimal | int | str = ZERO,
    ) -> Invoice:
        """Add an invoice to a customer.

        Raises:
            NotFound: ``customer``.
            Conflict: ``customer_id``/``merged_customer``.
            ValidationError: ``amount``/``money``, ``amount_paid``/``money``,
                ``due_on``/``type``, ``status``/``invoice_status``,
                ``invoice_address_id``/``customer_invoice_address``.
        """
        customer = live_customer(self._session, customer_id)
        if not isinstance(due_on, datetime.date) or isinstance(due_on, datetime.datetime):
            raise ValidationError("due_on", "type", "must be a datetime.date")
        check_invoice_address(self._session.transaction, customer, invoice_address_id)
        invoice = Invoice(
            id=new_id(),
            customer_id=customer.id,
            amount=check_money("amount", amount),
            due_on=due_on,
            status=_check_status(status),
            invoice_address_id=invoice_address_id,
            amount_paid=check_money("amount_paid", amount_paid),
        )
        self._session.transaction.invoices.add(invoice)
        return invoice

    def get(self, invoice_id: uuid.UUID) -> Invoice:
        """Return the invoice.

        Raises:
            NotFound: ``invoice``.
        """
        return self._session.transaction.invoices.get(invoice_id)

    def for_customer(self, customer_id: uuid.UUID) -> list[Invoice]:
        """List a customer's invoices by due date.

        Raises:
            NotFound: ``customer``.
        """
        customer = self._customers.get(customer_id)
        return self._session.transaction.invoices.for_customer(customer.id)

    @atomic
    def pay(self, invoice_id: uuid.UUID, amount: decimal.Decimal | int | str) -> Invoice:
        """Record a payment; an issued invoice paid in full becomes paid.

        Paying more than is owed leaves the excess as account credit.

        Raises:
            NotFound: ``invoice``.
            ValidationError: ``amount``/``money``.
        """
        invoices = self._session.transaction.invoices
        invoice = invoices.get(invoice_id, for_update=True)
        paid = invoice.amount_paid + check_money("amount", amount)
        status = invoice.status
        if status is InvoiceStatus.ISSUED and paid >= invoice.amount:
            status = InvoiceStatus.PAID
        return save_changes(invoices, invoice, {"amount_paid": paid, "status": status})

    @atomic
    def set_status(self, invoice_id: uuid.UUID, status: InvoiceStatus | str) -> Invoice:
        """Change an invoice's status.

        Raises:
            NotFound: ``invoice``.
            ValidationError: ``status``/``invoice_status``.
        """
        invoices = self._session.transaction.invoices
        invoice = invoices.get(invoice_id, for_update=True)
        return save_changes(invoices, invoice, {"status": _check_status(status)})
