"""The host's jobs, as finance knows them: opened, listed, closed, and their invoiced share.

A job is billed on a consolidated invoice
(:meth:`InvoiceService.draft_consolidated
<commtrak.finance.services.InvoiceService.draft_consolidated>`); finalising that invoice
closes it. :meth:`JobService.invoiced` is the seed's profit report: what each job was
invoiced, read from the lines of the final invoices that name it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

import attrs

from commtrak.errors import Conflict
from commtrak.finance.model.invoices import InvoiceState
from commtrak.finance.model.jobs import Job, JobState
from commtrak.finance.model.journal import FinanceAction
from commtrak.finance.model.lines import Line
from commtrak.finance.money import Money
from commtrak.finance.services._base import FinanceService
from commtrak.finance.services.invoices import check_lines
from commtrak.model._text import MAX_TEXT, required_text
from commtrak.model.ids import new_id
from commtrak.services._base import atomic
from commtrak.services._record import live_customer

__all__ = ["JOB_REFERENCE_LENGTH", "JobService", "job_lines"]

#: The longest job reference.
JOB_REFERENCE_LENGTH = 100


def job_lines(job_id: uuid.UUID, lines: Iterable[Line]) -> tuple[Line, ...]:
    """Return checked *lines*, all in one currency, each naming the job *job_id*.

    Raises:
        ValidationError: ``lines``/``type``, ``lines``/``same_currency``.
    """
    given = tuple(lines)
    if not given:
        return ()
    checked = check_lines(given, given[0].unit_price.currency)
    return tuple(attrs.evolve(item, job_id=job_id) for item in checked)


class JobService(FinanceService):
    """Records the host's jobs for invoicing; closes them, and reports what they were invoiced."""

    @atomic
    def open(
        self,
        customer_id: uuid.UUID,
        *,
        reference: str,
        description: str,
        lines: Iterable[Line] = (),
    ) -> Job:
        """Record an open job of a customer, with optional amount lines.

        Raises:
            NotFound: ``customer``.
            Conflict: ``customer_id``/``merged_customer``; ``reference``/``unique_job_reference``.
            ValidationError: ``reference``/``required``, ``reference``/``max_length``,
                ``description``/``required``, ``lines``/``type``, ``lines``/``same_currency``,
                ``reference`` or ``description``/``card_number``.
        """
        customer = live_customer(self._session, customer_id)
        job_id = new_id()
        job = Job(
            id=job_id,
            customer_id=customer.id,
            reference=required_text("reference", reference, max_length=JOB_REFERENCE_LENGTH),
            description=required_text("description", description, max_length=MAX_TEXT),
            state=JobState.OPEN,
            lines=job_lines(job_id, lines),
            created_at=self._session.now(),
            created_by=self._session.actor.name,
        )
        self._finance.jobs.add(job)
        self._journal(FinanceAction.JOB_OPENED, customer.id, job.id, f"job {job.reference} opened")
        return job

    def get(self, job_id: uuid.UUID) -> Job:
        """Return the job.

        Raises:
            NotFound: ``job``.
        """
        return self._finance.jobs.get(job_id)

    def for_customer(self, customer_id: uuid.UUID, *, open_only: bool = False) -> list[Job]:
        """Return the customer's jobs (the open ones only, if asked), by reference.

        Raises:
            NotFound: ``customer``.
        """
        customer = self._customers.get(customer_id)
        jobs = self._finance.jobs.for_customer(customer.id)
        return [job for job in jobs if not open_only or job.state is JobState.OPEN]

    @atomic
    def close(self, job_id: uuid.UUID) -> Job:
        """Close a job without invoicing it (the host finished it free of charge, say).

        Raises:
            NotFound: ``job``.
            Conflict: ``job_id``/``job_closed`` if it is closed already.
        """
        job = self._finance.jobs.get(job_id, for_update=True)
        if job.state is not JobState.OPEN:
            raise Conflict("job_id", "job_closed", f"job {job.reference} is closed already")
        self._finance.jobs.set_state([job.id], JobState.CLOSED)
        self._journal(
            FinanceAction.JOB_CLOSED, job.customer_id, job.id, f"job {job.reference} closed"
        )
        return self._finance.jobs.get(job.id)

    def invoice_of(self, job_id: uuid.UUID) -> uuid.UUID | None:
        """Return the final invoice the job is on, if any.

        Raises:
            NotFound: ``job``.
        """
        job = self._finance.jobs.get(job_id)
        return self._finance.jobs.invoice_of(job.id)

    def invoiced(self, customer_id: uuid.UUID) -> dict[uuid.UUID, Money]:
        """The profit report's figures: for each of the customer's invoiced jobs, its share.

        Each job's share is the sum of the lines that name it on the customer's final
        invoices (a voided invoice's lines count for nothing), so a consolidated
        invoice's total is split between its jobs to the cent.

        Raises:
            NotFound: ``customer``.
        """
        customer = self._customers.get(customer_id)
        shares: dict[uuid.UUID, Money] = {}
        for invoice in self._finance.invoices.for_customer(customer.id):
            if invoice.state is InvoiceState.FINAL:
                for job_id, share in invoice.job_totals().items():
                    shares[job_id] = shares[job_id] + share if job_id in shares else share
        return shares
