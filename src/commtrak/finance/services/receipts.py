"""Payments and account credit, and their allocation to invoices.

An allocation moves part of a credit (a payment, an account credit or a credit note to
the customer) onto an invoice. It never takes more than the credit has unallocated nor
more than the invoice still owes; both are read from the ledger after the credit's row
and the invoices' rows are locked, so two sessions allocating at once take turns and
the second sees what the first allocated.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Mapping

from commtrak.errors import Conflict, NotFound, ValidationError
from commtrak.finance.currencies import Currency
from commtrak.finance.model._checks import check_date, check_iso_currency
from commtrak.finance.model.invoices import Invoice, InvoiceState
from commtrak.finance.model.journal import FinanceAction
from commtrak.finance.model.ledger import SOURCE_KINDS, EntryKind, LedgerEntry
from commtrak.finance.model.receipts import Receipt, ReceiptKind
from commtrak.finance.money import Money, Number
from commtrak.finance.services._base import FinanceService
from commtrak.model._text import clean_text, required_text
from commtrak.model.ids import new_id
from commtrak.model.permissions import Permission
from commtrak.services._base import atomic, requires
from commtrak.services._record import live_customer

__all__ = ["ReceiptService"]


def _positive(amount: Money | Number, currency: Currency, field: str = "amount") -> Money:
    """Return *amount* as money of *currency* above zero (a number is taken as exact)."""
    if isinstance(amount, Money):
        if amount.currency != currency:
            raise ValidationError(field, "same_currency", f"must be in {currency}")
        money = amount
    else:
        money = Money.of(amount, currency, field=field)
    if money.amount <= 0:
        raise ValidationError(field, "positive", f"must be above zero, not {money}")
    return money


class ReceiptService(FinanceService):
    """Records payments and account credits and allocates credits to invoices."""

    @requires(Permission.FINANCE_POST, "record payments")
    @atomic
    def receive_payment(
        self,
        customer_id: uuid.UUID,
        *,
        amount: Money,
        method: str,
        received_on: datetime.date,
        reference: str = "",
        allocations: Mapping[uuid.UUID, Money | Number] | None = None,
    ) -> Receipt:
        """Record a payment by one method, and allocate it to invoices if asked.

        Raises:
            NotFound: ``customer``; ``invoice`` for an allocation's invoice.
            Conflict: ``customer_id``/``merged_customer``.
            ValidationError: ``amount``/``type`` unless it is Money,
                ``currency``/``iso_4217``, ``amount``/``positive``, ``method``/``required``,
                ``received_on``/``type``, and the rules of :meth:`allocate`.
        """
        receipt = self._receive(
            ReceiptKind.PAYMENT, customer_id, amount, method, received_on, reference, ""
        )
        if allocations:
            self.allocate(receipt.id, allocations)
        return receipt

    @requires(Permission.FINANCE_POST, "add account credit")
    @atomic
    def add_account_credit(
        self,
        customer_id: uuid.UUID,
        *,
        amount: Money,
        method: str,
        nominal_account: str,
        credited_on: datetime.date,
        reference: str = "",
    ) -> Receipt:
        """Credit a customer's account, to allocate later by hand or automatically.

        Raises:
            NotFound: ``customer``.
            Conflict: ``customer_id``/``merged_customer``.
            ValidationError: the rules of :meth:`receive_payment` (``credited_on`` for
                the date) and ``nominal_account``/``required``.
        """
        nominal = required_text("nominal_account", nominal_account)
        return self._receive(
            ReceiptKind.ACCOUNT_CREDIT,
            customer_id,
            amount,
            method,
            credited_on,
            reference,
            nominal,
            date_field="credited_on",
        )

    @requires(Permission.FINANCE_POST, "allocate credit")
    @atomic
    def allocate(
        self, source_id: uuid.UUID, allocations: Mapping[uuid.UUID, Money | Number]
    ) -> list[LedgerEntry]:
        """Allocate a credit over one or several invoices, partial amounts allowed.

        The entries are made in the order of *allocations*; the invoices' rows are
        locked in the order of their ids, so that two sessions never deadlock.

        Args:
            source_id: A payment, an account credit or a credit note to the customer.
            allocations: How much goes to each invoice.

        Raises:
            NotFound: ``credit`` for an unknown credit, ``invoice``.
            Conflict: ``invoice_id``/``final_only`` for an invoice that is not final,
                ``invoice_id``/``same_customer`` for another customer's invoice,
                ``invoice_id``/``same_currency`` for an invoice in another currency.
            ValidationError: ``allocations``/``required`` for none,
                ``amount``/``positive``, ``amount``/``same_currency``,
                ``amount``/``exceeds_unallocated`` for more than the credit has left,
                ``amount``/``exceeds_balance`` for more than an invoice still owes.
        """
        if not allocations:
            raise ValidationError("allocations", "required", "allocate to at least one invoice")
        source = self._lock_source(source_id)
        locked = self._lock_invoices(source, sorted(allocations, key=str))
        invoices = {invoice_id: locked[invoice_id] for invoice_id in allocations}
        amounts = {
            invoice_id: _positive(allocations[invoice_id], source.currency)
            for invoice_id in invoices
        }
        ledger = self._finance.ledger
        left = ledger.source_balance(source_id) or Money.zero(source.currency)
        wanted = Money.total(amounts.values(), source.currency)
        if wanted > left:
            raise ValidationError(
                "amount",
                "exceeds_unallocated",
                f"allocating {wanted} but the credit has {left} unallocated",
            )
        entries = []
        for invoice_id, amount in amounts.items():
            owed = ledger.invoice_balance(invoice_id) or Money.zero(source.currency)
            if amount > owed:
                raise ValidationError(
                    "amount",
                    "exceeds_balance",
                    f"allocating {amount} to an invoice that owes {owed}",
                )
            entries.append(
                self._entry(
                    EntryKind.ALLOCATION,
                    source.customer_id,
                    source.currency,
                    self._session.now().date(),
                    invoice_id=invoice_id,
                    source_id=source_id,
                    invoice_effect=-amount,
                    source_effect=-amount,
                )
            )
        ledger.add(entries)
        for entry, invoice in zip(entries, invoices.values(), strict=True):
            self._journal(
                FinanceAction.ALLOCATED,
                source.customer_id,
                entry.id,
                f"{-entry.invoice_effect} allocated to invoice {invoice.number}",
            )
        return entries

    @requires(Permission.FINANCE_POST, "allocate credit")
    @atomic
    def allocate_automatically(
        self, customer_id: uuid.UUID, currency: Currency
    ) -> list[LedgerEntry]:
        """Spend the customer's unallocated credits on its open invoices, oldest first.

        Credits are used oldest first (by date, then id) and invoices are paid oldest
        first (by invoice date, then number), each as far as it goes. The plan is read
        before the rows are locked and each allocation is checked again under the
        locks, so a session that changed the same credits meanwhile makes this one
        refuse (and write nothing) rather than over-allocate; try again.

        Raises:
            NotFound: ``customer``.
            ValidationError: ``currency``/``iso_4217``.
        """
        customer = self._customers.get(customer_id)
        money_currency = check_iso_currency(currency)
        ledger = self._finance.ledger
        credits = {
            key: value
            for key, value in ledger.source_balances(customer.id).items()
            if value.currency == money_currency and value.amount > 0
        }
        owed = {
            key: value
            for key, value in ledger.invoice_balances(customer.id).items()
            if value.currency == money_currency and value.amount > 0
        }
        oldest = sorted(
            (self._finance.invoices.get(key) for key in owed),
            key=lambda invoice: (invoice.issued_on, invoice.number or 0),
        )
        entries: list[LedgerEntry] = []
        for source_id in sorted(credits, key=lambda key: (self._source_date(key), str(key))):
            plan: dict[uuid.UUID, Money] = {}
            left = credits[source_id]
            for invoice in oldest:
                take = min(left, owed[invoice.id])
                if take.amount > 0:
                    plan[invoice.id] = take
                    owed[invoice.id] = owed[invoice.id] - take
                    left = left - take
            if plan:
                entries += self.allocate(source_id, plan)
        return entries

    def get(self, receipt_id: uuid.UUID) -> Receipt:
        """Return the payment or account credit.

        Raises:
            NotFound: ``receipt``.
        """
        return self._finance.receipts.get(receipt_id)

    def for_customer(self, customer_id: uuid.UUID) -> list[Receipt]:
        """Return the customer's payments and account credits, by date, then id text.

        Raises:
            NotFound: ``customer``.
        """
        customer = self._customers.get(customer_id)
        return self._finance.receipts.for_customer(customer.id)

    def unallocated(self, source_id: uuid.UUID) -> Money:
        """Return what is left to allocate of a credit.

        Raises:
            NotFound: ``credit``.
        """
        found = self._finance.ledger.source_balance(source_id)
        if found is None:
            raise NotFound("credit", source_id)
        return found

    def _receive(
        self,
        kind: ReceiptKind,
        customer_id: uuid.UUID,
        amount: Money,
        method: str,
        received_on: datetime.date,
        reference: str,
        nominal_account: str,
        *,
        date_field: str = "received_on",
    ) -> Receipt:
        customer = live_customer(self._session, customer_id)
        if not isinstance(amount, Money):
            raise ValidationError("amount", "type", "must be commtrak.finance.Money")
        money = _positive(amount, check_iso_currency(amount.currency))
        receipt = Receipt(
            id=new_id(),
            customer_id=customer.id,
            kind=kind,
            amount=money,
            method=required_text("method", method),
            received_on=check_date(date_field, received_on),
            reference=clean_text("reference", reference),
            nominal_account=nominal_account,
            created_at=self._session.now(),
            created_by=self._session.actor.name,
        )
        self._finance.receipts.add(receipt)
        entry_kind = EntryKind.PAYMENT if kind is ReceiptKind.PAYMENT else EntryKind.ACCOUNT_CREDIT
        self._record(
            self._entry(
                entry_kind,
                customer.id,
                money.currency,
                receipt.received_on,
                source_id=receipt.id,
                source_effect=money,
            )
        )
        action = (
            FinanceAction.PAYMENT_RECEIVED
            if kind is ReceiptKind.PAYMENT
            else FinanceAction.ACCOUNT_CREDIT_ADDED
        )
        self._journal(action, customer.id, receipt.id, f"{kind} of {money} by {receipt.method}")
        return receipt

    def _source_date(self, source_id: uuid.UUID) -> datetime.date:
        made = [e for e in self._finance.ledger.for_source(source_id) if e.kind in SOURCE_KINDS]
        return made[0].on

    def _lock_invoices(
        self, source: LedgerEntry, invoice_ids: list[uuid.UUID]
    ) -> dict[uuid.UUID, Invoice]:
        """Lock the invoices' rows in id order (so two sessions never deadlock) and check them."""
        locked = {}
        for invoice_id in invoice_ids:
            invoice = self._finance.invoices.get(invoice_id, for_update=True)
            if invoice.state is not InvoiceState.FINAL:
                raise Conflict("invoice_id", "final_only", f"invoice is {invoice.state}, not final")
            if invoice.currency != source.currency:
                raise Conflict(
                    "invoice_id", "same_currency", f"the invoice is in {invoice.currency}"
                )
            if invoice.customer_id != source.customer_id:
                raise Conflict("invoice_id", "same_customer", "the invoice is another customer's")
            locked[invoice_id] = invoice
        return locked
