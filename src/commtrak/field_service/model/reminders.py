"""Service reminders and the customer's decisions on them (seed 004, "Service reminders").

A reminder says that a work address (or a customer) is due a service on a date, and
every period after. Staff action many reminders at once with a *batch decision*, one
decision per reminder, taken from the seed's choices:

* **authorised** (and add a new job): the customer authorised the service; a job is
  requested from the host with the chosen access method, and the reminder moves on
  to the following period (this period's service is the job's);
* **cancel just this time**: the due date moves to the following period;
* **cancel forever**: the reminder ends; it is kept, ended, with its decision in the
  journal (never deleted);
* **postpone**: the due date moves to the date given, which must be later;
* **unknown**: no reason given; the decision is recorded and nothing moves.

:func:`apply_decision` is the rule for one reminder; a batch applies it to each chosen
reminder and either stores every result or none (:class:`DecisionsRefused` lists each
reminder it could not apply).
"""

from __future__ import annotations

import datetime
import enum
import uuid
from collections.abc import Sequence

import attrs

from commtrak.errors import Conflict, ValidationError
from commtrak.field_service.model.periods import Period

__all__ = [
    "DecisionBatch",
    "DecisionFailure",
    "DecisionKind",
    "DecisionRecord",
    "DecisionsRefused",
    "ReminderDecision",
    "ReminderState",
    "ServiceJobRequest",
    "ServiceReminder",
    "apply_decision",
]


class ReminderState(enum.StrEnum):
    """Whether a reminder still falls due."""

    ACTIVE = "active"
    ENDED = "ended"


@attrs.frozen
class ServiceReminder:
    """A service due at a work address (or for a customer), again every period.

    Attributes:
        id: Made by the library.
        customer_id: The customer (the work address's owner, for a work address's).
        work_address_id: The work address serviced, or ``None`` for the customer's own.
        description: What service is due ("Annual boiler service").
        due_on: The date the next service is due.
        period: How long after one service the next falls due.
        state: Active, or ended (cancelled forever).
        created_at: When it was added.
        created_by: Who added it (the actor's name).
    """

    id: uuid.UUID
    customer_id: uuid.UUID
    work_address_id: uuid.UUID | None
    description: str
    due_on: datetime.date
    period: Period
    state: ReminderState
    created_at: datetime.datetime
    created_by: str


class DecisionKind(enum.StrEnum):
    """The customer's decision on a reminder (the seed's batch process choices)."""

    AUTHORISED = "authorised"
    """Authorised, and a new job added with an access method."""
    CANCEL_ONCE = "cancel_once"
    """Not authorised, cancelled just this time; the due date moves to the following period."""
    CANCEL_FOREVER = "cancel_forever"
    """Not authorised, cancelled forever; the reminder ends (journaled, kept)."""
    POSTPONE = "postpone"
    """Not authorised, postponed; the due date moves to the date given."""
    UNKNOWN = "unknown"
    """Not authorised, no reason given; recorded, and nothing moves."""


@attrs.frozen
class ReminderDecision:
    """One decision of a batch, on one reminder.

    Attributes:
        reminder_id: The reminder decided on.
        kind: The decision.
        postpone_until: For a postponement, the new due date (later than the old).
        access_method: For an authorised job, how the engineer gets in ("Key safe",
            "Tenant lets in").
        note: Why, in the staff's words (may be blank).
    """

    reminder_id: uuid.UUID
    kind: DecisionKind
    postpone_until: datetime.date | None = None
    access_method: str = ""
    note: str = ""


@attrs.frozen
class DecisionRecord:
    """The journal entry of one decision: who decided what, when, and what it moved.

    Attributes:
        id: Made by the library.
        batch_id: The batch the decision was part of (shared by its records).
        reminder_id: The reminder decided on.
        customer_id: The reminder's customer.
        kind: The decision.
        due_before: The reminder's due date before the decision.
        due_after: Its due date after (the same for an ended reminder or an unknown).
        state_after: Its state after (ended for cancel forever).
        access_method: The authorised job's access method, else blank.
        note: The decision's note.
        at: When the batch was decided.
        by: Who decided it (the actor's name).
    """

    id: uuid.UUID
    batch_id: uuid.UUID
    reminder_id: uuid.UUID
    customer_id: uuid.UUID
    kind: DecisionKind
    due_before: datetime.date
    due_after: datetime.date
    state_after: ReminderState
    access_method: str
    note: str
    at: datetime.datetime
    by: str


@attrs.frozen
class ServiceJobRequest:
    """A job the host is asked to add for an authorised reminder.

    Given to the host through the
    :func:`~commtrak.hookspecs.commtrak_service_jobs_requested` hook once the batch has
    committed, and returned in the :class:`DecisionBatch`.

    Attributes:
        decision_id: The :class:`DecisionRecord` that authorised it.
        reminder_id: The reminder.
        customer_id: Who the job is for.
        work_address_id: Where, or ``None`` for the customer's own address.
        description: The reminder's description.
        due_on: The service's due date (before the reminder moved on).
        access_method: How the engineer gets in, chosen for the batch.
        requested_at: When the batch was decided.
        requested_by: Who decided it.
    """

    decision_id: uuid.UUID
    reminder_id: uuid.UUID
    customer_id: uuid.UUID
    work_address_id: uuid.UUID | None
    description: str
    due_on: datetime.date
    access_method: str
    requested_at: datetime.datetime
    requested_by: str


@attrs.frozen
class DecisionBatch:
    """What a batch decision did.

    Attributes:
        id: The batch's id (every record's ``batch_id``).
        records: One journal record per decision, in the order given.
        reminders: The reminders as they are after the batch, in the same order.
        jobs: The jobs requested for the authorised reminders, in the same order.
    """

    id: uuid.UUID
    records: tuple[DecisionRecord, ...]
    reminders: tuple[ServiceReminder, ...]
    jobs: tuple[ServiceJobRequest, ...]


@attrs.frozen
class DecisionFailure:
    """Why one decision of a batch could not be applied.

    Attributes:
        reminder_id: The reminder (as the decision named it).
        field: The offending field (``reminder_id``, ``postpone_until``...).
        rule: The broken rule (``not_found``, ``after_due_date``...).
        message: The explanation.
    """

    reminder_id: uuid.UUID
    field: str
    rule: str
    message: str


class DecisionsRefused(ValidationError):
    """A batch decision had decisions it could not apply, so it applied none.

    ``field`` is ``decisions`` and ``rule`` ``not_applicable``; :attr:`failures` says
    which reminders, and why, one entry per refused decision in the order given.

    Attributes:
        failures: Every decision that could not be applied.
    """

    def __init__(self, failures: Sequence[DecisionFailure]) -> None:
        shown = "; ".join(f"{f.reminder_id}: {f.field} [{f.rule}]" for f in failures[:5])
        more = f" and {len(failures) - 5} more" if len(failures) > 5 else ""
        super().__init__(
            "decisions",
            "not_applicable",
            f"{len(failures)} decision(s) could not be applied, so none was: {shown}{more}",
        )
        self.failures = tuple(failures)


def apply_decision(reminder: ServiceReminder, decision: ReminderDecision) -> ServiceReminder:
    """Return *reminder* as *decision* leaves it (the rule of one decision).

    Raises:
        Conflict: ``reminder_id``/``reminder_ended`` for a reminder cancelled forever.
        ValidationError: ``postpone_until``/``required`` for a postponement without a
            date, ``postpone_until``/``after_due_date`` for one not later than the due
            date, ``postpone_until``/``postpone_only`` for a date on another decision,
            ``access_method``/``required`` for an authorised job without one,
            ``access_method``/``authorised_only`` for one on another decision.
    """
    if reminder.state is ReminderState.ENDED:
        raise Conflict("reminder_id", "reminder_ended", "the reminder was cancelled forever")
    kind = decision.kind
    if kind is not DecisionKind.POSTPONE and decision.postpone_until is not None:
        raise ValidationError("postpone_until", "postpone_only", "only a postponement has one")
    if kind is not DecisionKind.AUTHORISED and decision.access_method:
        raise ValidationError("access_method", "authorised_only", "only an authorised job has one")
    if kind is DecisionKind.AUTHORISED:
        if not decision.access_method:
            raise ValidationError("access_method", "required", "choose how to access the job")
        return attrs.evolve(reminder, due_on=reminder.period.after(reminder.due_on))
    if kind is DecisionKind.CANCEL_ONCE:
        return attrs.evolve(reminder, due_on=reminder.period.after(reminder.due_on))
    if kind is DecisionKind.CANCEL_FOREVER:
        return attrs.evolve(reminder, state=ReminderState.ENDED)
    if kind is DecisionKind.POSTPONE:
        until = decision.postpone_until
        if until is None:
            raise ValidationError("postpone_until", "required", "choose the date to postpone to")
        if until <= reminder.due_on:
            raise ValidationError(
                "postpone_until",
                "after_due_date",
                f"must be later than the due date {reminder.due_on.isoformat()}",
            )
        return attrs.evolve(reminder, due_on=until)
    return reminder
