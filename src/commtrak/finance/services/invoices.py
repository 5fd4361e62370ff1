"""Invoices: draft (one over several jobs too), change a draft's lines, finalise, void."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Mapping, Sequence

import attrs

from commtrak.errors import Conflict, ValidationError
from commtrak.finance.currencies import Currency
from commtrak.finance.model._checks import check_date, check_iso_currency
from commtrak.finance.model.invoices import Invoice, InvoiceState
from commtrak.finance.model.jobs import Job, JobsInvoiced, JobState
from commtrak.finance.model.journal import FinanceAction
from commtrak.finance.model.ledger import EntryKind
from commtrak.finance.model.lines import Line
from commtrak.finance.money import Money
from commtrak.finance.services._base import FinanceService
from commtrak.finance.services.receipts import ReceiptService
from commtrak.model._text import required_text
from commtrak.model.ids import new_id
from commtrak.model.permissions import Permission
from commtrak.model.templates import TagGroup, tag_values
from commtrak.services._base import atomic, requires
from commtrak.services._record import live_customer
from commtrak.services.customers import CustomerService
from commtrak.services.invoice_addresses import InvoiceAddressService
from commtrak.services.invoices import check_invoice_address

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

    Its address is the customer's invoice address: one of the customer's invoice
    addresses (``invoice_address_id``), printed with the customer's invoice format with
    the recipient's name and address in the customer's place, or else the customer's
    own address in its format (``session.customers.invoice_address``). It is rendered
    when drafted and again when finalised; a final invoice keeps the text it was issued
    with.

    A consolidated invoice (:meth:`draft_consolidated`) bills several open jobs of one
    customer; finalising it closes them and tells the plugins
    (``commtrak_jobs_invoiced``) once the session has committed. A job is on one final
    invoice at most (the backend holds one claim per job); voiding the invoice opens
    its jobs again.
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
        invoice_address_id: uuid.UUID | None = None,
        contact_id: uuid.UUID | None = None,
    ) -> Invoice:
        """Draft an invoice, to the customer's own address or to one of its invoice addresses.

        With *contact_id*, it is addressed to that contact of the customer (statements
        group invoices by it).

        Raises:
            NotFound: ``customer``, ``invoice_address``; ``contact``.
            Conflict: ``customer_id``/``merged_customer``; ``contact_id``/``same_customer``
                for another customer's contact.
            ValidationError: ``currency``/``iso_4217``, ``description``/``required``,
                ``issued_on``/``type``, ``due_on``/``type``, ``due_on``/``before_issue``,
                ``lines``/``type``, ``lines``/``same_currency``,
                ``invoice_address_id``/``customer_invoice_address`` for an invoice
                address not assigned to the customer, ``description``/``card_number``.
        """
        customer = live_customer(self._session, customer_id)
        check_invoice_address(self._session.transaction, customer, invoice_address_id)
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
            invoice_address_id=invoice_address_id,
            address=self._address(customer.id, invoice_address_id),
            contact_id=self._contact_of(customer.id, contact_id),
        )
        self._finance.invoices.add(invoice)
        self._journal(
            FinanceAction.INVOICE_DRAFTED, customer.id, invoice.id, f"drafted: {invoice.total}"
        )
        return invoice

    @atomic
    def draft_consolidated(
        self,
        customer_id: uuid.UUID,
        job_ids: Sequence[uuid.UUID],
        *,
        currency: Currency,
        description: str,
        issued_on: datetime.date,
        due_on: datetime.date,
        job_lines: Mapping[uuid.UUID, Iterable[Line]] | None = None,
        invoice_address_id: uuid.UUID | None = None,
    ) -> Invoice:
        """Draft one invoice over several open jobs of the customer (seed 004).

        Each job is billed by its own amount lines, or by the lines *job_lines* gives
        for it (the seed's "Total price" of a job without one); every line names its
        job, so each job's share stays reportable (:meth:`Invoice.job_totals
        <commtrak.finance.Invoice.job_totals>`, :meth:`JobService.invoiced
        <commtrak.finance.services.JobService.invoiced>`).

        Raises:
            NotFound: ``customer``, ``job``.
            Conflict: ``job_ids``/``same_customer`` for another customer's job,
                ``job_ids``/``job_closed`` for a closed one, and the rules of :meth:`draft`.
            ValidationError: ``job_ids``/``required`` for none, ``job_ids``/``duplicate``,
                ``job_lines``/``required`` for a job with no lines and none given, and
                the rules of :meth:`draft`.
        """
        wanted = list(job_ids)
        if not wanted:
            raise ValidationError("job_ids", "required", "a consolidated invoice needs a job")
        given = dict(job_lines or {})
        lines: list[Line] = []
        for job in self._open_jobs(wanted, customer_id, lock=False):
            billed = tuple(given.get(job.id, job.lines))
            if not billed:
                raise ValidationError(
                    "job_lines", "required", f"job {job.reference} has no lines: give its price"
                )
            lines += (attrs.evolve(item, job_id=job.id) for item in check_lines(billed, currency))
        return self.draft(
            customer_id,
            currency=currency,
            description=description,
            issued_on=issued_on,
            due_on=due_on,
            lines=lines,
            invoice_address_id=invoice_address_id,
        )

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

    @requires(Permission.FINANCE_POST, "finalise invoices")
    @atomic
    def finalise(self, invoice_id: uuid.UUID, *, allocate_credit: bool = False) -> Invoice:
        """Make a draft final: give it the next number and record its total in the ledger.

        Its address is rendered again, as it is now, and kept from then on. A
        consolidated invoice's jobs are locked and checked again (each still open), put
        on this invoice and closed; the plugins are told after the commit.

        Args:
            invoice_id: The draft.
            allocate_credit: Also spend the customer's unallocated payments and account
                credits in the invoice's currency on its open invoices, oldest first
                (the seed's "automatically allocated when raising invoices"), in the
                same transaction: as
                :meth:`~commtrak.finance.services.ReceiptService.allocate_automatically`.

        Raises:
            NotFound: ``invoice``.
            Conflict: ``invoice_id``/``draft_only`` unless it is a draft;
                ``job_ids``/``job_closed`` for a job closed meanwhile (by another
                invoice), ``job_ids``/``already_invoiced`` for a job on another final
                invoice (the backend's refusal, when two sessions race), and
                ``job_ids``/``same_customer``.
            ValidationError: ``lines``/``required`` for a draft with no lines.
        """
        invoice = self._draft(invoice_id)
        if not invoice.lines:
            raise ValidationError("lines", "required", "an invoice needs a line to be final")
        jobs = self._open_jobs(invoice.job_ids, invoice.customer_id, lock=True)
        number = self._finance.sequences.next_number(INVOICE_SEQUENCE)
        final = attrs.evolve(
            invoice,
            state=InvoiceState.FINAL,
            number=number,
            address=self._address(invoice.customer_id, invoice.invoice_address_id),
        )
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
        if jobs:
            self._close_jobs(final, jobs)
        if allocate_credit:
            self._session.service(ReceiptService).allocate_automatically(
                final.customer_id, final.currency
            )
        return final

    @requires(Permission.FINANCE_POST, "void invoices")
    @atomic
    def void(self, invoice_id: uuid.UUID) -> Invoice:
        """Void an invoice: a draft simply, a final one by reversing its ledger entry.

        A final invoice keeps its number (the sequence stays gapless). One that was
        credited or paid cannot be voided: reverse those first.

        Voiding a final consolidated invoice takes its jobs off it and opens them
        again, so that they can be invoiced anew.

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
            self._reopen_jobs(invoice)
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

    def _address(
        self, customer_id: uuid.UUID, invoice_address_id: uuid.UUID | None
    ) -> tuple[str, ...]:
        """Render the address the invoice goes to, as it is now."""
        values = None
        if invoice_address_id is not None:
            recipient = self._session.service(InvoiceAddressService).get(invoice_address_id)
            values = tag_values(TagGroup.CUSTOMER, name=recipient.name, address=recipient.address)
        customers = self._session.service(CustomerService)
        return tuple(customers.invoice_address(customer_id, values=values))

    def _open_jobs(
        self, job_ids: Sequence[uuid.UUID], customer_id: uuid.UUID, *, lock: bool
    ) -> list[Job]:
        """The jobs, each the customer's and open; with *lock*, their rows locked in id order.

        Raises:
            NotFound: ``job``.
            Conflict: ``job_ids``/``same_customer``, ``job_ids``/``job_closed``.
            ValidationError: ``job_ids``/``duplicate``.
        """
        found = {
            job_id: self._finance.jobs.get(job_id, for_update=lock)
            for job_id in sorted(set(job_ids), key=str)
        }
        if len(found) < len(job_ids):
            raise ValidationError("job_ids", "duplicate", "a job is given twice")
        for job in found.values():
            if job.customer_id != customer_id:
                raise Conflict(
                    "job_ids", "same_customer", f"job {job.reference} is another customer's"
                )
            if job.state is not JobState.OPEN:
                raise Conflict("job_ids", "job_closed", f"job {job.reference} is closed")
        return [found[job_id] for job_id in job_ids]

    def _close_jobs(self, final: Invoice, jobs: list[Job]) -> None:
        """Put the jobs on the final invoice, close them, and queue the plugins' hook."""
        job_ids = [job.id for job in jobs]
        self._finance.jobs.claim(job_ids, final.id)
        self._finance.jobs.set_state(job_ids, JobState.CLOSED)
        for job in jobs:
            self._journal(
                FinanceAction.JOB_CLOSED,
                job.customer_id,
                job.id,
                f"job {job.reference} closed by invoice {final.number}",
            )
        plugins = self._session.plugins
        if plugins is not None:
            # The last write of finalise: a hook queued here is for what it stored, and
            # the session drops the queue on rollback.
            announced = JobsInvoiced(
                final, tuple(attrs.evolve(job, state=JobState.CLOSED) for job in jobs)
            )
            self._session.after_commit(lambda: plugins.jobs_invoiced(announced))

    def _reopen_jobs(self, invoice: Invoice) -> None:
        """Take the voided invoice's jobs off it and open them again."""
        released = self._finance.jobs.release(invoice.id)
        if released:
            self._finance.jobs.set_state(released, JobState.OPEN)
        for job_id in released:
            self._journal(
                FinanceAction.JOB_REOPENED,
                invoice.customer_id,
                job_id,
                f"job reopened: invoice {invoice.number} voided",
            )
