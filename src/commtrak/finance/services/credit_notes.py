"""Credit notes: to a customer's account, or against an invoice up to what it still owes."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable

from commtrak.errors import Conflict, ValidationError
from commtrak.finance.currencies import Currency
from commtrak.finance.model._checks import check_date, check_iso_currency
from commtrak.finance.model.credit_notes import Breakdown, CreditNote
from commtrak.finance.model.invoices import InvoiceState
from commtrak.finance.model.journal import FinanceAction
from commtrak.finance.model.ledger import EntryKind
from commtrak.finance.model.lines import Line
from commtrak.finance.money import Money
from commtrak.finance.services._base import FinanceService
from commtrak.finance.services.invoices import check_lines
from commtrak.model._text import required_text
from commtrak.model.ids import new_id
from commtrak.model.permissions import Permission
from commtrak.services._base import atomic, requires
from commtrak.services._record import check_choice, live_customer

__all__ = ["CREDIT_NOTE_SEQUENCE", "CreditNoteService"]

#: The name of the store's credit-note-number sequence.
CREDIT_NOTE_SEQUENCE = "credit_note"


class CreditNoteService(FinanceService):
    """Issues credit notes; each is numbered from the store's credit-note sequence."""

    @requires(Permission.FINANCE_POST, "issue credit notes")
    @atomic
    def to_customer(
        self,
        customer_id: uuid.UUID,
        *,
        currency: Currency,
        description: str,
        issued_on: datetime.date,
        lines: Iterable[Line],
        breakdown: Breakdown | str = Breakdown.NONE,
    ) -> CreditNote:
        """Credit a customer's account, not tied to an invoice.

        The credit is allocatable to the customer's invoices like account credit.

        Raises:
            NotFound: ``customer``.
            Conflict: ``customer_id``/``merged_customer``.
            ValidationError: ``currency``/``iso_4217``, ``description``/``required``,
                ``issued_on``/``type``, ``breakdown``/``breakdown``, ``lines``/``type``,
                ``lines``/``same_currency``, ``lines``/``required``.
        """
        customer = live_customer(self._session, customer_id)
        note = self._issue(
            customer.id,
            None,
            check_iso_currency(currency),
            description,
            issued_on,
            lines,
            breakdown,
        )
        self._record(
            self._entry(
                EntryKind.CREDIT_NOTE,
                customer.id,
                note.currency,
                note.issued_on,
                source_id=note.id,
                source_effect=note.total,
            )
        )
        return note

    @requires(Permission.FINANCE_POST, "issue credit notes")
    @atomic
    def against_invoice(
        self,
        invoice_id: uuid.UUID,
        *,
        description: str,
        issued_on: datetime.date,
        lines: Iterable[Line] | None = None,
        breakdown: Breakdown | str = Breakdown.FULL,
    ) -> CreditNote:
        """Credit a final invoice, by at most what it still owes.

        Without *lines* the credit note is pre-filled with the invoice's lines, which
        credits it in full (if nothing was paid or credited yet).

        Raises:
            NotFound: ``invoice``.
            Conflict: ``invoice_id``/``final_only`` unless the invoice is final.
            ValidationError: ``amount``/``exceeds_creditable`` for a total above the
                invoice's open balance, and the rules of :meth:`to_customer`.
        """
        finance = self._finance
        invoice = finance.invoices.get(invoice_id, for_update=True)
        if invoice.state is not InvoiceState.FINAL:
            raise Conflict("invoice_id", "final_only", f"the invoice is {invoice.state}, not final")
        chosen = invoice.lines if lines is None else lines
        note = self._issue(
            invoice.customer_id,
            invoice.id,
            invoice.currency,
            description,
            issued_on,
            chosen,
            breakdown,
        )
        creditable = finance.ledger.invoice_balance(invoice.id) or Money.zero(invoice.currency)
        if note.total > creditable:
            raise ValidationError(
                "amount",
                "exceeds_creditable",
                f"the credit note's {note.total} is more than the {creditable} still owed",
            )
        self._record(
            self._entry(
                EntryKind.CREDIT_NOTE,
                invoice.customer_id,
                invoice.currency,
                note.issued_on,
                invoice_id=invoice.id,
                invoice_effect=-note.total,
            )
        )
        return note

    def get(self, credit_note_id: uuid.UUID) -> CreditNote:
        """Return the credit note.

        Raises:
            NotFound: ``credit_note``.
        """
        return self._finance.credit_notes.get(credit_note_id)

    def for_customer(self, customer_id: uuid.UUID) -> list[CreditNote]:
        """Return the customer's credit notes, by date, then the text of the id.

        Raises:
            NotFound: ``customer``.
        """
        customer = self._customers.get(customer_id)
        return self._finance.credit_notes.for_customer(customer.id)

    def _issue(
        self,
        customer_id: uuid.UUID,
        invoice_id: uuid.UUID | None,
        currency: Currency,
        description: str,
        issued_on: datetime.date,
        lines: Iterable[Line],
        breakdown: Breakdown | str,
    ) -> CreditNote:
        checked = check_lines(lines, currency)
        if not checked:
            raise ValidationError("lines", "required", "a credit note needs a line")
        text = required_text("description", description)
        issued = check_date("issued_on", issued_on)
        style = check_choice("breakdown", "breakdown", Breakdown, breakdown)
        note = CreditNote(
            id=new_id(),
            customer_id=customer_id,
            invoice_id=invoice_id,
            currency=currency,
            description=text,
            issued_on=issued,
            breakdown=style,
            lines=checked,
            number=self._finance.sequences.next_number(CREDIT_NOTE_SEQUENCE),
            created_at=self._session.now(),
            created_by=self._session.actor.name,
        )
        self._finance.credit_notes.add(note)
        self._journal(
            FinanceAction.CREDIT_NOTE_ISSUED,
            customer_id,
            note.id,
            f"credit note {note.number} issued: {note.total}",
        )
        return note
