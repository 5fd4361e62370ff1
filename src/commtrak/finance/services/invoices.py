"""Invoices: draft, change a draft's lines, finalise with a gapless number, void."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable

import attrs

from commtrak.errors import Conflict, ValidationError
from commtrak.finance.currencies import Currency
from commtrak.finance.model._checks import check_date, check_iso_currency
from commtrak.finance.model.invoices import Invoice, InvoiceState
from commtrak.finance.model.journal import FinanceAction
from commtrak.finance.model.ledger import EntryKind
from commtrak.finance.model.lines import Line
from commtrak.finance.money import Money
from commtrak.finance.services._base import FinanceService
from commtrak.model._text import required_text
from commtrak.model.ids import new_id
from commtrak.services._base import atomic
from commtrak.services._record import live_customer

__all__ = ["INVOICE_SEQUENCE", "InvoiceService", "check_lines"]

#: The name of the store's invoice-number sequence.
INVOICE_SEQUENCE = "invoice"


def check_lines(lines: Iterable[Line], currency: Currency) -> tuple[Line, ...]:
    """Return *lines* as a tuple, each a :class:`Line` in *currency*.

    Raises:
        ValidationError: ``lines``/``type`` for an item that is not a Line (make them
            with :func:`commtrak.finance.line`), ``lines``/``same_currency`` for a
            unit price in another currency.
    """
    checked = tuple(lines)
    for item in checked:
        if not isinstance(item, Line):
            raise ValidationError("lines", "type", "each line must be made with finance.line()")
        if item.unit_price.currency != currency:
            raise ValidationError(
                "lines",
                "same_currency",
                f"a line priced in {item.unit_price.currency} on a {currency} document",
            )
    return checked


class InvoiceService(FinanceService):
    """Invoices, from draft to final (or void).

    An invoice is drafted for a customer that was not merged away; its due date is not
    before its date. Finalising takes the next number of the store's gapless sequence in
    the same transaction (so a rolled-back finalisation gives the number back) and
    records the total in the ledger.
    """

    @atomic
    def draft(
        self,
        customer_id: uuid.UUID,
        *,
        currency: Currency,
        description: str,
        issued_on: datetime.date,
        due_on: datetime.date,
        lines: Iterable[Line] = (),
        contact_id: uuid.UUID | None = None,
    ) -> Invoice:
        """Draft an invoice, addressed to one of the customer's contacts if given.

        Raises:
            NotFound: ``customer``; ``contact``.
            Conflict: ``customer_id``/``merged_customer``; ``contact_id``/``same_customer``
                for another customer's contact.
            ValidationError: ``currency``/``iso_4217``, ``description``/``required``,
                ``issued_on``/``type``, ``due_on``/``type``, ``due_on``/``before_issue``,
                ``lines``/``type``, ``lines``/``same_currency``.
        """
        customer = live_customer(self._session, customer_id)
        money_currency = check_iso_currency(currency)
        issued = check_date("issued_on", issued_on)
        due = check_date("due_on", due_on)
        if due < issued:
            raise ValidationError("due_on", "before_issue", "must not be before the invoice date")
        invoice = Invoice(
            id=new_id(),
            customer_id=customer.id,
            currency=money_currency,
            description=required_text("description", description),
            issued_on=issued,
            due_on=due,
            lines=check_lines(lines, money_currency),
            state=InvoiceState.DRAFT,
            number=None,
            created_at=self._session.now(),
            created_by=self._session.actor.name,
            contact_id=self._contact_of(customer.id, contact_id),
        )
        self._finance.invoices.add(invoice)
        self._journal(
            FinanceAction.INVOICE_DRAFTED, customer.id, invoice.id, f"drafted: {invoice.total}"
        )
        return invoice

    @atomic
    def set_lines(self, invoice_id: uuid.UUID, lines: Iterable[Line]) -> Invoice:
        """Replace a draft's lines.

        Raises:
            NotFound: ``invoice``.
            Conflict: ``invoice_id``/``draft_only`` for a final or void invoice.
            ValidationError: ``lines``/``type``, ``lines``/``same_currency``.
        """
        invoice = self._draft(invoice_id)
        changed = attrs.evolve(invoice, lines=check_lines(lines, invoice.currency))
        self._finance.invoices.update(changed)
        self._journal(
            FinanceAction.INVOICE_LINES_CHANGED,
            invoice.customer_id,
            invoice.id,
            f"lines changed: {invoice.total} -> {changed.total}",
        )
        return changed

    @atomic
    def finalise(self, invoice_id: uuid.UUID) -> Invoice:
        """Make a draft final: give it the next number and record its total in the ledger.

        Raises:
            NotFound: ``invoice``.
            Conflict: ``invoice_id``/``draft_only`` unless it is a draft.
            ValidationError: ``lines``/``required`` for a draft with no lines.
        """
        invoice = self._draft(invoice_id)
        if not invoice.lines:
            raise ValidationError("lines", "required", "an invoice needs a line to be final")
        number = self._finance.sequences.next_number(INVOICE_SEQUENCE)
        final = attrs.evolve(invoice, state=InvoiceState.FINAL, number=number)
        self._finance.invoices.update(final)
        self._record(
            self._entry(
                EntryKind.INVOICE,
                final.customer_id,
                final.currency,
                final.issued_on,
                invoice_id=final.id,
                invoice_effect=final.total,
            )
        )
        self._journal(
            FinanceAction.INVOICE_FINALISED,
            final.customer_id,
            final.id,
            f"invoice {number} finalised: {final.total}",
        )
        return final

    @atomic
    def void(self, invoice_id: uuid.UUID) -> Invoice:
        """Void an invoice: a draft simply, a final one by reversing its ledger entry.

        A final invoice keeps its number (the sequence stays gapless). One that was
        credited or paid cannot be voided: reverse those first.

        Raises:
            NotFound: ``invoice``.
            Conflict: ``invoice_id``/``already_void``; ``invoice_id``/``settled`` for a
                final invoice whose open balance is not its total.
        """
        invoice = self._finance.invoices.get(invoice_id, for_update=True)
        if invoice.state is InvoiceState.VOID:
            raise Conflict("invoice_id", "already_void", "the invoice is void already")
        if invoice.state is InvoiceState.FINAL:
            ledger = self._finance.ledger
            if ledger.invoice_balance(invoice.id) != invoice.total:
                raise Conflict(
                    "invoice_id",
                    "settled",
                    "the invoice was credited or paid; reverse those entries before voiding it",
                )
            entry = next(e for e in ledger.for_invoice(invoice.id) if e.kind is EntryKind.INVOICE)
            now = self._session.now()
            self._record(entry.reversal(new_id(), now.date(), now, self._session.actor.name))
        void = attrs.evolve(invoice, state=InvoiceState.VOID)
        self._finance.invoices.update(void)
        self._journal(FinanceAction.INVOICE_VOIDED, invoice.customer_id, invoice.id, "voided")
        return void

    def get(self, invoice_id: uuid.UUID) -> Invoice:
        """Return the invoice.

        Raises:
            NotFound: ``invoice``.
        """
        return self._finance.invoices.get(invoice_id)

    def for_customer(self, customer_id: uuid.UUID) -> list[Invoice]:
        """Return the customer's invoices, by invoice date, then the text of the id.

        Raises:
            NotFound: ``customer``.
        """
        customer = self._customers.get(customer_id)
        return self._finance.invoices.for_customer(customer.id)

    def balance(self, invoice_id: uuid.UUID) -> Money:
        """Return what is still owed on the invoice (zero for a draft or a void one).

        Raises:
            NotFound: ``invoice``.
        """
        invoice = self._finance.invoices.get(invoice_id)
        found = self._finance.ledger.invoice_balance(invoice.id)
        return Money.zero(invoice.currency) if found is None else found

    def _contact_of(self, customer_id: uuid.UUID, contact_id: uuid.UUID | None) -> uuid.UUID | None:
        """Return *contact_id*, checked to be one of the customer's contacts."""
        if contact_id is None:
            return None
        contact = self._contacts.get(contact_id)
        if contact.customer_id != customer_id:
            raise Conflict("contact_id", "same_customer", "the contact is another customer's")
        return contact.id

    def _draft(self, invoice_id: uuid.UUID) -> Invoice:
        invoice = self._finance.invoices.get(invoice_id, for_update=True)
        if invoice.state is not InvoiceState.DRAFT:
            raise Conflict("invoice_id", "draft_only", f"the invoice is {invoice.state}, not draft")
        return invoice
