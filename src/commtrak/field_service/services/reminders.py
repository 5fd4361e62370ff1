"""Service reminders: adding them, the due list, and batch decisions (seed 004).

A batch decision reads every chosen reminder with one locking query, applies each
decision by :func:`~commtrak.field_service.model.reminders.apply_decision`, and
either stores every result with one set-based write (and the journal with another) or
raises :class:`~commtrak.field_service.model.reminders.DecisionsRefused` naming each
decision it could not apply, having written nothing. Authorised jobs go to the host
through the :func:`~commtrak.hookspecs.commtrak_service_jobs_requested` hook once the
session has committed.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Sequence

import attrs

from commtrak.errors import Conflict, ValidationError
from commtrak.field_service.model.periods import Period, check_date, check_period
from commtrak.field_service.model.reminders import (
    DecisionBatch,
    DecisionFailure,
    DecisionKind,
    DecisionRecord,
    DecisionsRefused,
    ReminderDecision,
    ReminderState,
    ServiceJobRequest,
    ServiceReminder,
    apply_decision,
)
from commtrak.field_service.ports.reminders import DueKey
from commtrak.field_service.services._base import FieldServiceBase
from commtrak.field_service.services._checks import check_limit, due_key, owned_by
from commtrak.model._text import clean_text, required_text
from commtrak.model.ids import new_id
from commtrak.services._base import atomic
from commtrak.unit_of_work import UnitOfWork

__all__ = ["ReminderService", "check_reminder"]


def check_reminder(session: UnitOfWork, reminder: ServiceReminder) -> ServiceReminder:
    """Return *reminder* checked by the rules :meth:`ReminderService.add` applies.

    Raises:
        NotFound: ``customer``, ``work_address``.
        Conflict: ``customer_id``/``merged_customer``, ``work_address_id``/``same_customer``.
        ValidationError: ``description``/``required``, ``due_on``/``type``, the
            period's rules (:func:`~commtrak.field_service.model.periods.check_period`),
            ``state``/``choice``.
    """
    description = required_text("description", reminder.description)
    due_on = check_date("due_on", reminder.due_on)
    period = check_period(reminder.period)
    try:
        state = ReminderState(reminder.state)
    except ValueError:
        raise ValidationError("state", "choice", "must be active or ended") from None
    owned_by(session, reminder.customer_id, work_address_id=reminder.work_address_id)
    return attrs.evolve(
        reminder, description=description, due_on=due_on, period=period, state=state
    )


class ReminderService(FieldServiceBase):
    """Service reminders per work address or customer, and the decisions on them."""

    @atomic
    def add(
        self,
        customer_id: uuid.UUID,
        *,
        description: str,
        due_on: datetime.date,
        every: Period,
        work_address_id: uuid.UUID | None = None,
    ) -> ServiceReminder:
        """Add a reminder that *description* is due on *due_on*, then *every* period.

        Give *work_address_id* for a work address's reminder; it must be the
        customer's. A Dormant customer or work address may have reminders: they are
        left out of the due list until it is Active again.

        Raises:
            NotFound, Conflict, ValidationError: the rules of :func:`check_reminder`.
        """
        reminder = check_reminder(
            self._session,
            ServiceReminder(
                id=new_id(),
                customer_id=customer_id,
                work_address_id=work_address_id,
                description=description,
                due_on=due_on,
                period=every,
                state=ReminderState.ACTIVE,
                created_at=self._session.now(),
                created_by=self._session.actor.name,
            ),
        )
        self._storage.reminders.add(reminder)
        return reminder

    def get(self, reminder_id: uuid.UUID) -> ServiceReminder:
        """Return the reminder.

        Raises:
            NotFound: ``service_reminder``.
        """
        return self._storage.reminders.get(reminder_id)

    def for_customer(self, customer_id: uuid.UUID) -> list[ServiceReminder]:
        """Return the customer's reminders, ended ones too, by due date, then id."""
        return self._storage.reminders.for_customer(customer_id)

    def due(
        self,
        until: datetime.date,
        *,
        after: ServiceReminder | DueKey | None = None,
        limit: int = 100,
        customer_id: uuid.UUID | None = None,
    ) -> list[ServiceReminder]:
        """Return one page of the active reminders due on or before *until*.

        By due date, then id. The reminders of Dormant customers and Dormant work
        addresses are left out (seed 004: "Dormant properties won't receive automatic
        service reminders and are excluded from the 'View all service reminders'
        list"). Pass the previous page's last reminder as *after* for the next page;
        one indexed query per page, however long the list.

        Raises:
            ValidationError: ``until``/``type``, ``limit``/``range``.
        """
        return self._storage.reminders.due(
            check_date("until", until),
            after=due_key(after),
            limit=check_limit(limit),
            customer_id=customer_id,
        )

    def decide(
        self,
        reminder_ids: Iterable[uuid.UUID],
        kind: DecisionKind | str,
        *,
        postpone_until: datetime.date | None = None,
        access_method: str = "",
        note: str = "",
    ) -> DecisionBatch:
        """Take one decision for every chosen reminder (the seed's batch process).

        The same as :meth:`decide_each` with one :class:`ReminderDecision` per id.
        """
        return self.decide_each(
            [
                ReminderDecision(
                    reminder_id=reminder_id,
                    kind=kind,  # type: ignore[arg-type]  # checked by decide_each
                    postpone_until=postpone_until,
                    access_method=access_method,
                    note=note,
                )
                for reminder_id in reminder_ids
            ]
        )

    @atomic
    def decide_each(self, decisions: Sequence[ReminderDecision]) -> DecisionBatch:
        """Apply a decision to each reminder, all of them in one transaction, or none.

        Each decision moves its reminder as
        :func:`~commtrak.field_service.model.reminders.apply_decision` says, and is
        recorded in the journal (:meth:`decisions`) under one batch id, who and when.
        The authorised ones request a job each, handed to the host after the session
        commits (:func:`~commtrak.hookspecs.commtrak_service_jobs_requested`).

        Raises:
            ValidationError: ``decisions``/``required`` for an empty batch.
            DecisionsRefused: when any decision cannot be applied; nothing is written.
                Each failure names the reminder, the field and the rule:
                ``reminder_id``/``not_found``, ``reminder_id``/``once_per_batch`` for a
                reminder decided twice, ``kind``/``choice``, the text rules of
                ``access_method`` and ``note``, and the rules of
                :func:`~commtrak.field_service.model.reminders.apply_decision`.
        """
        if not decisions:
            raise ValidationError("decisions", "required", "choose at least one reminder")
        repository = self._storage.reminders
        found = repository.get_many({d.reminder_id for d in decisions}, for_update=True)
        batch = _Batch(new_id(), self._session.now(), self._session.actor.name)
        for decision in decisions:
            batch.take(decision, found.get(decision.reminder_id))
        if batch.failures:
            raise DecisionsRefused(batch.failures)
        repository.apply(batch.changed, batch.records)
        jobs = tuple(batch.jobs)
        plugins = self._session.plugins
        if jobs and plugins is not None:
            # The last write of the batch: a rollback drops the queue with it.
            self._session.after_commit(lambda: plugins.service_jobs_requested(jobs))
        return DecisionBatch(batch.id, tuple(batch.records), tuple(batch.after), jobs)

    def decisions(self, reminder_id: uuid.UUID) -> list[DecisionRecord]:
        """Return the decisions taken on the reminder, oldest first."""
        return self._storage.reminder_decisions.for_reminder(reminder_id)


@attrs.define
class _Batch:
    """The decisions of one batch as they are taken, and those that failed."""

    id: uuid.UUID
    at: datetime.datetime
    by: str
    seen: set[uuid.UUID] = attrs.Factory(set)
    failures: list[DecisionFailure] = attrs.Factory(list)
    records: list[DecisionRecord] = attrs.Factory(list)
    after: list[ServiceReminder] = attrs.Factory(list)
    changed: list[ServiceReminder] = attrs.Factory(list)
    jobs: list[ServiceJobRequest] = attrs.Factory(list)

    def take(self, decision: ReminderDecision, reminder: ServiceReminder | None) -> None:
        """Apply *decision* to *reminder*, or record why it cannot be."""
        reminder_id = decision.reminder_id
        try:
            if reminder_id in self.seen:
                raise Conflict("reminder_id", "once_per_batch", "decided twice in one batch")
            self.seen.add(reminder_id)
            if reminder is None:
                raise ValidationError("reminder_id", "not_found", "no such service reminder")
            decided = _checked(decision)
            after = apply_decision(reminder, decided)
        except (ValidationError, Conflict) as error:
            self.failures.append(
                DecisionFailure(reminder_id, error.field, error.rule, error.message)
            )
            return
        record = DecisionRecord(
            id=new_id(),
            batch_id=self.id,
            reminder_id=reminder.id,
            customer_id=reminder.customer_id,
            kind=decided.kind,
            due_before=reminder.due_on,
            due_after=after.due_on,
            state_after=after.state,
            access_method=decided.access_method,
            note=decided.note,
            at=self.at,
            by=self.by,
        )
        self.records.append(record)
        self.after.append(after)
        if after != reminder:
            self.changed.append(after)
        if decided.kind is DecisionKind.AUTHORISED:
            self.jobs.append(
                ServiceJobRequest(
                    decision_id=record.id,
                    reminder_id=reminder.id,
                    customer_id=reminder.customer_id,
                    work_address_id=reminder.work_address_id,
                    description=reminder.description,
                    due_on=reminder.due_on,
                    access_method=decided.access_method,
                    requested_at=self.at,
                    requested_by=self.by,
                )
            )


def _checked(decision: ReminderDecision) -> ReminderDecision:
    """*decision* with its kind, date and texts checked and cleaned."""
    try:
        kind = DecisionKind(decision.kind)
    except ValueError:
        known = ", ".join(DecisionKind)
        raise ValidationError("kind", "choice", f"must be one of {known}") from None
    until = decision.postpone_until
    return ReminderDecision(
        reminder_id=decision.reminder_id,
        kind=kind,
        postpone_until=None if until is None else check_date("postpone_until", until),
        access_method=clean_text("access_method", decision.access_method),
        note=clean_text("note", decision.note),
    )
