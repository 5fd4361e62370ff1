"""Jobs: the host application's minimal job record, for consolidated invoices (seed 004).

A job belongs to the host application (it has its diary, its engineers); finance keeps
only what invoicing needs: the customer, the host's reference, a description, whether
it is open, and optional amount lines. A consolidated invoice bills several open jobs
of one customer under one number; each of its lines names its job, so each job's share
stays reportable (the seed's profit report). Finalising the invoice closes its jobs;
a job is on one final invoice at most, and voiding that invoice opens the job again.
"""

from __future__ import annotations

import datetime
import enum
import uuid

import attrs

from commtrak.finance.model.card_numbers import refuse_card_numbers
from commtrak.finance.model.invoices import Invoice
from commtrak.finance.model.lines import Line

__all__ = ["Job", "JobClaim", "JobState", "JobsInvoiced"]


class JobState(enum.StrEnum):
    """Whether a job may still be invoiced."""

    OPEN = "open"
    CLOSED = "closed"


@attrs.frozen
class Job:
    """A job of the host application, as finance knows it.

    Attributes:
        id: Made by the library.
        customer_id: The customer the job is for.
        reference: The host's own job reference (its job number); unique in the store.
        description: What the job is.
        state: Open, or closed (by a final invoice, or by the host).
        lines: Amount lines to invoice; may be empty (the invoice then gives its own).
        created_at: When it was recorded (UTC).
        created_by: Who recorded it.
    """

    id: uuid.UUID
    customer_id: uuid.UUID
    reference: str
    description: str
    state: JobState
    lines: tuple[Line, ...]
    created_at: datetime.datetime
    created_by: str

    def __attrs_post_init__(self) -> None:
        refuse_card_numbers(self, "reference", "description")


@attrs.frozen
class JobClaim:
    """That a job is on a final invoice (one claim per job), as an export carries it.

    Attributes:
        job_id: The job.
        invoice_id: The final invoice it is on.
    """

    job_id: uuid.UUID
    invoice_id: uuid.UUID


@attrs.frozen
class JobsInvoiced:
    """What the ``commtrak_jobs_invoiced`` hook is told: a final invoice closed jobs.

    Attributes:
        invoice: The final invoice, with its number.
        jobs: The jobs it closed, as they are now (closed), in the invoice's order.
    """

    invoice: Invoice
    jobs: tuple[Job, ...]

    @property
    def job_ids(self) -> tuple[uuid.UUID, ...]:
        """The ids of the jobs, so a host can cancel their future diary events."""
        return tuple(job.id for job in self.jobs)
