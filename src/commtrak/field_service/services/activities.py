"""Scheduled activities: follow-up calls and maintenance schedules on a customer (seed 004)."""

from __future__ import annotations

import datetime
import uuid

import attrs

from commtrak.errors import Conflict, ValidationError
from commtrak.field_service.model.activities import ActivityState, ScheduledActivity
from commtrak.field_service.model.periods import Period, check_date, check_period
from commtrak.field_service.ports.reminders import DueKey
from commtrak.field_service.services._base import FieldServiceBase
from commtrak.field_service.services._checks import check_limit, due_key, owned_by
from commtrak.model._text import clean_text, required_text
from commtrak.model.ids import new_id
from commtrak.services._base import atomic
from commtrak.unit_of_work import UnitOfWork

__all__ = ["ActivityService", "check_activity"]

#: The longest notes an activity holds.
MAX_NOTES = 10_000


def check_activity(session: UnitOfWork, activity: ScheduledActivity) -> ScheduledActivity:
    """Return *activity* checked by the rules :meth:`ActivityService.add` applies.

    Raises:
        NotFound: ``customer``, ``contact``, ``work_address``.
        Conflict: ``customer_id``/``merged_customer``, ``contact_id``/``same_customer``,
            ``work_address_id``/``same_customer``.
        ValidationError: ``kind``/``required``, ``due_on``/``type``, ``notes``'s text
            rules, the period's rules, ``state``/``choice``.
    """
    kind = required_text("kind", activity.kind)
    due_on = check_date("due_on", activity.due_on)
    period = None if activity.period is None else check_period(activity.period)
    notes = clean_text("notes", activity.notes, max_length=MAX_NOTES)
    try:
        state = ActivityState(activity.state)
    except ValueError:
        raise ValidationError("state", "choice", "must be open, done or cancelled") from None
    owned_by(
        session,
        activity.customer_id,
        work_address_id=activity.work_address_id,
        contact_id=activity.contact_id,
    )
    return attrs.evolve(activity, kind=kind, due_on=due_on, period=period, notes=notes, state=state)


class ActivityService(FieldServiceBase):
    """Scheduled activities on a customer, optionally a contact or a work address."""

    @atomic
    def add(
        self,
        customer_id: uuid.UUID,
        *,
        kind: str,
        due_on: datetime.date,
        every: Period | None = None,
        notes: str = "",
        contact_id: uuid.UUID | None = None,
        work_address_id: uuid.UUID | None = None,
    ) -> ScheduledActivity:
        """Schedule *kind* ("Follow-up call") for *due_on*, once or *every* period.

        Raises:
            NotFound, Conflict, ValidationError: the rules of :func:`check_activity`.
        """
        activity = check_activity(
            self._session,
            ScheduledActivity(
                id=new_id(),
                customer_id=customer_id,
                contact_id=contact_id,
                work_address_id=work_address_id,
                kind=kind,
                due_on=due_on,
                period=every,
                notes=notes,
                state=ActivityState.OPEN,
                created_at=self._session.now(),
                created_by=self._session.actor.name,
            ),
        )
        self._storage.activities.add(activity)
        return activity

    def get(self, activity_id: uuid.UUID) -> ScheduledActivity:
        """Return the activity.

        Raises:
            NotFound: ``scheduled_activity``.
        """
        return self._storage.activities.get(activity_id)

    def for_customer(self, customer_id: uuid.UUID) -> list[ScheduledActivity]:
        """Return the customer's activities, closed ones too, by due date, then id."""
        return self._storage.activities.for_customer(customer_id)

    def due(
        self,
        until: datetime.date,
        *,
        after: ScheduledActivity | DueKey | None = None,
        limit: int = 100,
        customer_id: uuid.UUID | None = None,
    ) -> list[ScheduledActivity]:
        """Return one page of the open activities due on or before *until*.

        By due date, then id; pass the previous page's last activity as *after*. An
        activity is work staff do, not an automatic communication, so a Dormant
        customer's activities stay on the list.

        Raises:
            ValidationError: ``until``/``type``, ``limit``/``range``.
        """
        return self._storage.activities.due(
            check_date("until", until),
            after=due_key(after),
            limit=check_limit(limit),
            customer_id=customer_id,
        )

    @atomic
    def complete(
        self, activity_id: uuid.UUID, *, notes: str | None = None
    ) -> tuple[ScheduledActivity, ScheduledActivity | None]:
        """Mark the activity done; a recurring one is scheduled again a period later.

        Returns:
            The done activity, and its next occurrence (``None`` for a one-off).

        Raises:
            NotFound: ``scheduled_activity``.
            Conflict: ``state``/``activity_closed`` for one already done or cancelled.
        """
        done = self._close(activity_id, ActivityState.DONE, notes)
        if done.period is None:
            return done, None
        following = attrs.evolve(
            done,
            id=new_id(),
            due_on=done.period.after(done.due_on),
            state=ActivityState.OPEN,
            created_at=self._session.now(),
            created_by=self._session.actor.name,
            closed_at=None,
            closed_by="",
        )
        self._storage.activities.add(following)
        return done, following

    @atomic
    def cancel(self, activity_id: uuid.UUID, *, notes: str | None = None) -> ScheduledActivity:
        """Cancel the activity (it is kept, cancelled; a recurring one stops).

        Raises:
            NotFound: ``scheduled_activity``.
            Conflict: ``state``/``activity_closed``.
        """
        return self._close(activity_id, ActivityState.CANCELLED, notes)

    @atomic
    def reschedule(self, activity_id: uuid.UUID, due_on: datetime.date) -> ScheduledActivity:
        """Move an open activity to another date.

        Raises:
            NotFound: ``scheduled_activity``.
            Conflict: ``state``/``activity_closed``.
            ValidationError: ``due_on``/``type``.
        """
        activity = self._open(activity_id)
        moved = attrs.evolve(activity, due_on=check_date("due_on", due_on))
        self._storage.activities.update(moved)
        return moved

    def _open(self, activity_id: uuid.UUID) -> ScheduledActivity:
        activity = self._storage.activities.get(activity_id, for_update=True)
        if activity.state is not ActivityState.OPEN:
            raise Conflict("state", "activity_closed", f"the activity is {activity.state}")
        return activity

    def _close(
        self, activity_id: uuid.UUID, state: ActivityState, notes: str | None
    ) -> ScheduledActivity:
        activity = self._open(activity_id)
        closed = attrs.evolve(
            activity,
            state=state,
            notes=activity.notes
            if notes is None
            else clean_text("notes", notes, max_length=MAX_NOTES),
            closed_at=self._session.now(),
            closed_by=self._session.actor.name,
        )
        self._storage.activities.update(closed)
        return closed
