"""The job port: the host's jobs, and which final invoice each is on."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from typing import Protocol

from commtrak.finance.model.jobs import Job, JobClaim, JobState
from commtrak.ports import CustomerChildRepository

__all__ = ["JobRepository"]


class JobRepository(CustomerChildRepository, Protocol):
    """Stores jobs and their amount lines, and the claim of each on a final invoice.

    A *claim* says which final invoice a job is on. The backend holds at most one claim
    per job (a primary key on SQL), so two transactions finalising invoices over one
    job at once cannot both succeed, whatever the services checked before.
    """

    def add(self, job: Job) -> None:
        """Store a new job with its lines.

        Raises:
            Conflict: ``reference``/``unique_job_reference`` if another job has its reference.
        """

    def get(self, job_id: uuid.UUID, *, for_update: bool = False) -> Job:
        """Return the job; *for_update* locks its row until the transaction ends.

        Raises:
            NotFound: ``job``.
        """
        ...

    def for_customer(self, customer_id: uuid.UUID) -> list[Job]:
        """Return the customer's jobs, by reference, then the text of the id."""
        ...

    def scan(self, after: uuid.UUID | None, limit: int) -> list[Job]:
        """Return up to *limit* jobs whose id sorts after *after*, by id text (export)."""
        ...

    def scan_claims(self, after: uuid.UUID | None, limit: int) -> list[JobClaim]:
        """Return up to *limit* claims whose job id sorts after *after*, by its text (export)."""
        ...

    def set_state(self, job_ids: Collection[uuid.UUID], state: JobState) -> None:
        """Open or close the jobs (one statement on SQL)."""

    def claim(self, job_ids: Sequence[uuid.UUID], invoice_id: uuid.UUID) -> None:
        """Put the jobs on the final invoice *invoice_id*.

        Raises:
            Conflict: ``job_ids``/``already_invoiced`` if one is on a final invoice already.
        """

    def release(self, invoice_id: uuid.UUID) -> list[uuid.UUID]:
        """Take every job off the invoice *invoice_id* (voided); return their ids."""
        ...

    def invoice_of(self, job_id: uuid.UUID) -> uuid.UUID | None:
        """Return the final invoice the job is on, if any."""
        ...
