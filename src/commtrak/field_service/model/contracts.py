"""Contracts: a customer's service agreement, its expiry, renewal reminder and recurring job.

The expiry is derived, never entered: a contract starting on ``starts_on`` for
``duration_months`` months expires on the same day of the month ``duration_months``
months later, or on that month's last day when it is shorter (31 January + 1 month is
28 or 29 February). The expiry is the first day the contract no longer covers. Its
renewal reminder is due ``renewal_reminder_days`` days before the expiry.
"""

from __future__ import annotations

import calendar
import datetime
import uuid

import attrs

from commtrak.errors import ValidationError
from commtrak.model._text import fold, required_text

__all__ = [
    "MAX_DURATION_MONTHS",
    "MAX_JOB_PERIOD_MONTHS",
    "MAX_RENEWAL_REMINDER_DAYS",
    "Contract",
    "DueJob",
    "RecurringJob",
    "add_months",
    "check_contract",
    "check_date",
    "check_job",
    "check_months",
    "check_renewal_days",
    "contract_type_key",
]

#: The longest contract, in months (a hundred years).
MAX_DURATION_MONTHS = 1200

#: The longest period between two jobs of a contract, in months (ten years).
MAX_JOB_PERIOD_MONTHS = 120

#: The most days before the expiry a renewal reminder can be due (ten years).
MAX_RENEWAL_REMINDER_DAYS = 3650


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Return *day* moved *months* months on, clamped to the last day of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def contract_type_key(contract_type: str) -> str:
    """The folded key contract types are compared by (filters, reports)."""
    return fold(contract_type)


def check_date(field: str, value: object) -> datetime.date:
    """Return *value* if it is a date (a ``datetime`` is refused).

    Raises:
        ValidationError: ``{field}``/``type``.
    """
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        raise ValidationError(field, "type", f"must be a datetime.date, not {type(value).__name__}")
    return value


def check_months(field: str, value: object, maximum: int) -> int:
    """Return *value* if it is a whole number of months from 1 to *maximum*.

    Raises:
        ValidationError: ``{field}``/``type`` for a value that is no ``int`` (a ``bool``
            is refused), ``{field}``/``range`` outside 1..*maximum*.
    """
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValidationError(field, "type", f"must be an int, not {type(value).__name__}")
    if not 1 <= value <= maximum:
        raise ValidationError(field, "range", f"must be from 1 to {maximum} months, not {value}")
    return value


def check_renewal_days(value: object) -> int:
    """Return a renewal reminder's days before the expiry, from 0 to the maximum.

    Raises:
        ValidationError: ``renewal_reminder_days``/``type`` or ``/range``.
    """
    field = "renewal_reminder_days"
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValidationError(field, "type", f"must be an int, not {type(value).__name__}")
    if not 0 <= value <= MAX_RENEWAL_REMINDER_DAYS:
        raise ValidationError(
            field, "range", f"must be from 0 to {MAX_RENEWAL_REMINDER_DAYS} days, not {value}"
        )
    return value


@attrs.frozen
class RecurringJob:
    """The job a contract schedules again and again (a yearly service visit...).

    Attributes:
        description: What the job is, for the host's job (``"Annual boiler service"``).
        every_months: Months between two jobs.
        next_due_on: When the next job is due; it moves on by ``every_months`` each
            time the host takes the job
            (:meth:`ContractService.advance_job
            <commtrak.field_service.services.contracts.ContractService.advance_job>`).
    """

    description: str
    every_months: int
    next_due_on: datetime.date


@attrs.frozen
class Contract:
    """A customer's contract (seed 004, "Contracts").

    Attributes:
        id: Made by the library.
        customer_id: The customer it is with; it moves with a customer merge.
        name: The contract's name (``"Gold cover 2026"``).
        contract_type: The type, reference text the customer list filters by
            (``"Warranty"``, ``"Maintenance"``), compared case-insensitively.
        starts_on: The first day it covers.
        duration_months: How many months it runs.
        renewal_reminder_days: How many days before the expiry its renewal is due.
        job: The recurring job it schedules, if any.
        ended_on: When it was ended early, if it was; an ended contract is kept, read
            only, and is no longer among the customer's contract types.
        created_at: When it was added (UTC).
        created_by: Who added it.
    """

    id: uuid.UUID
    customer_id: uuid.UUID
    name: str
    contract_type: str
    starts_on: datetime.date
    duration_months: int
    created_at: datetime.datetime
    created_by: str
    renewal_reminder_days: int = 0
    job: RecurringJob | None = None
    ended_on: datetime.date | None = None

    @property
    def expires_on(self) -> datetime.date:
        """The first day the contract no longer covers (the module states the rule)."""
        return add_months(self.starts_on, self.duration_months)

    @property
    def renewal_due_on(self) -> datetime.date:
        """When the renewal reminder is due."""
        return self.expires_on - datetime.timedelta(days=self.renewal_reminder_days)

    @property
    def active(self) -> bool:
        """Whether it was not ended early (its type counts among the customer's)."""
        return self.ended_on is None


@attrs.frozen
class DueJob:
    """A recurring job due for the host to create: which contract, what, and when."""

    contract: Contract
    description: str
    due_on: datetime.date


def check_job(job: object, starts_on: datetime.date, expires_on: datetime.date) -> RecurringJob:
    """Return *job* checked: a description, a period, a due date within the contract.

    Raises:
        ValidationError: ``job``/``type`` for no :class:`RecurringJob`;
            ``job.description``/``required`` or a text rule; ``job.every_months``/
            ``type`` or ``range``; ``job.next_due_on``/``type``, or ``within_contract``
            for a date before the start or after the expiry (a job due on the expiry
            is never due: the contract has ended by then).
    """
    if not isinstance(job, RecurringJob):
        raise ValidationError(
            "job", "type", f"must be a RecurringJob or None, not {type(job).__name__}"
        )
    due = check_date("job.next_due_on", job.next_due_on)
    if not starts_on <= due <= expires_on:
        raise ValidationError(
            "job.next_due_on",
            "within_contract",
            f"must be from the start ({starts_on}) to the expiry ({expires_on})",
        )
    return RecurringJob(
        description=required_text("job.description", job.description),
        every_months=check_months("job.every_months", job.every_months, MAX_JOB_PERIOD_MONTHS),
        next_due_on=due,
    )


def check_contract(contract: Contract) -> Contract:
    """Return *contract* with every field checked and trimmed, as the services store it.

    Raises:
        ValidationError: ``name``/``required`` or a text rule; ``contract_type``/
            ``required`` or a text rule; ``starts_on``/``type``; ``duration_months``/
            ``type`` or ``range``; ``renewal_reminder_days``/``type`` or ``range``;
            ``ended_on``/``type`` or ``before_start``; a rule of :func:`check_job`.
    """
    starts_on = check_date("starts_on", contract.starts_on)
    months = check_months("duration_months", contract.duration_months, MAX_DURATION_MONTHS)
    expires_on = add_months(starts_on, months)
    job = contract.job
    if job is not None:
        job = check_job(job, starts_on, expires_on)
    ended_on = contract.ended_on
    if ended_on is not None and check_date("ended_on", ended_on) < starts_on:
        raise ValidationError(
            "ended_on", "before_start", f"must not be before the start ({starts_on})"
        )
    return attrs.evolve(
        contract,
        name=required_text("name", contract.name),
        contract_type=required_text("contract_type", contract.contract_type),
        starts_on=starts_on,
        duration_months=months,
        renewal_reminder_days=check_renewal_days(contract.renewal_reminder_days),
        job=job,
    )
