"""The SQL jobs: a row per job (its amount lines in ``finance_lines``) and the claims.

A claim row (``finance_job_claims``, keyed by the job) says which final invoice a job
is on; its primary key is what keeps a job on one final invoice when two transactions
finalise at once and the services' row locks are not there to order them.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import Row, delete, insert, select, update

from commtrak.finance.model import Job, JobClaim, JobState, Line
from commtrak_sqlalchemy._references import scan
from commtrak_sqlalchemy.finance.documents import _Documents

__all__ = ["SqlJobs"]


class SqlJobs(_Documents[Job]):
    """Jobs, their lines, and their claims on final invoices."""

    _entity = "job"
    _date = "reference"

    _table_name = "jobs"

    def add(self, job: Job) -> None:
        """Insert the job's row and its lines."""
        values = {
            "id": job.id,
            "customer_id": job.customer_id,
            "reference": job.reference,
            "description": job.description,
            "state": job.state.value,
            "created_at": job.created_at,
            "created_by": job.created_by,
        }
        self._insert(values, job.lines)

    def get(self, job_id: uuid.UUID, *, for_update: bool = False) -> Job:
        """Read one row by id (``SELECT ... FOR UPDATE`` with *for_update*)."""
        return self._one(job_id, for_update)

    def _build(self, row: Row[Any], lines: tuple[Line, ...]) -> Job:
        return _job(row, lines)

    def set_state(self, job_ids: Collection[uuid.UUID], state: JobState) -> None:
        """One ``UPDATE`` of every job's state."""
        if job_ids:
            table = self._table
            self._db.run(
                update(table).where(table.c.id.in_(list(job_ids))).values(state=state.value)
            )

    def claim(self, job_ids: Sequence[uuid.UUID], invoice_id: uuid.UUID) -> None:
        """Insert a claim row per job; the primary key refuses a job claimed already."""
        rows = [{"job_id": job_id, "invoice_id": invoice_id} for job_id in job_ids]
        if rows:
            self._db.run(insert(self._tables.job_claims), rows)

    def release(self, invoice_id: uuid.UUID) -> list[uuid.UUID]:
        """Delete the invoice's claim rows, returning their jobs."""
        claims = self._tables.job_claims
        condition = claims.c.invoice_id == invoice_id
        released = [row.job_id for row in self._db.rows(select(claims.c.job_id).where(condition))]
        if released:
            self._db.run(delete(claims).where(condition))
        return sorted(released, key=str)

    def scan_claims(self, after: uuid.UUID | None, limit: int) -> list[JobClaim]:
        """Read the next batch of claims by job id."""
        statement = scan(self._tables.job_claims, after, limit, key="job_id")
        return [JobClaim(row.job_id, row.invoice_id) for row in self._db.rows(statement)]

    def invoice_of(self, job_id: uuid.UUID) -> uuid.UUID | None:
        """Read the job's claim."""
        claims = self._tables.job_claims
        row = self._db.first(select(claims.c.invoice_id).where(claims.c.job_id == job_id))
        return None if row is None else row.invoice_id


def _job(row: Row[Any], lines: tuple[Line, ...]) -> Job:
    return Job(
        id=row.id,
        customer_id=row.customer_id,
        reference=row.reference,
        description=row.description,
        state=JobState(row.state),
        lines=lines,
        created_at=row.created_at,
        created_by=row.created_by,
    )
