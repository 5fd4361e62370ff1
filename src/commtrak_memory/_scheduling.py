"""The memory backend's service reminders, their decisions journal and scheduled activities.

The reference implementation of :mod:`commtrak.field_service.ports.reminders` and
:mod:`commtrak.field_service.ports.activities`: what the SQL backend does in one query
is done here by a scan of the table, in the same order with the same filter.
"""

from __future__ import annotations

import abc
import datetime
import uuid
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any, Protocol, TypeVar

from commtrak.errors import Conflict, NotFound
from commtrak.field_service.model.activities import ActivityState, ScheduledActivity
from commtrak.field_service.model.reminders import (
    DecisionRecord,
    ReminderState,
    ServiceReminder,
)
from commtrak.field_service.ports.reminders import DueKey
from commtrak.model.customers import Customer, CustomerStatus
from commtrak.model.work_addresses import WorkAddress
from commtrak_memory._table import CustomerRows, Table

__all__ = ["CoreRows", "MemoryActivities", "MemoryDecisions", "MemoryReminders", "SchedulingTables"]

Undo = list[Callable[[], None]]
Row = TypeVar("Row", ServiceReminder, ScheduledActivity)


class _Record(Protocol):
    @property
    def work_addresses(self) -> Table[WorkAddress]: ...


class CoreRows(Protocol):
    """The core tables the due list reads statuses from (the store's data)."""

    @property
    def customers(self) -> Table[Customer]: ...

    @property
    def record(self) -> _Record: ...


class SchedulingTables:
    """The reminder, decision and activity tables of one memory store."""

    def __init__(self) -> None:
        by_customer: dict[str, Callable[[Any], Any]] = {"customer": lambda row: row.customer_id}
        self.reminders: Table[ServiceReminder] = Table(dict(by_customer))
        self.decisions: Table[DecisionRecord] = Table(
            {**by_customer, "reminder": lambda row: row.reminder_id}
        )
        self.activities: Table[ScheduledActivity] = Table(dict(by_customer))

    @property
    def all(self) -> tuple[Table[Any], ...]:
        """The tables."""
        return (self.reminders, self.decisions, self.activities)


def _dated(rows: Iterable[Row]) -> list[Row]:
    return sorted(rows, key=lambda row: (row.due_on, str(row.id)))


def _page(rows: Iterable[Row], after: DueKey | None, limit: int) -> list[Row]:
    """The first *limit* of *rows* after the key *after*, by due date then id."""
    if after is not None:
        key = (after[0], str(after[1]))
        rows = [row for row in rows if (row.due_on, str(row.id)) > key]
    return _dated(rows)[:limit]


def _by_id(rows: Iterable[Any], after: uuid.UUID | None, limit: int) -> list[Any]:
    found = sorted((row for row in rows if after is None or str(row.id) > str(after)), key=_id)
    return found[:limit]


def _id(row: Any) -> str:
    return str(row.id)


class _Rows(CustomerRows[Any]):
    """Rows by id, added once."""

    entity = ""

    def __init__(self, table: Table[Any], undo: Undo) -> None:
        self._table = table
        self._undo = undo

    def add(self, row: Any) -> None:
        if row.id in self._table:
            raise Conflict("id", "unique_id", f"the id {row.id} is taken")
        self._table.put(row.id, row, self._undo)

    def _get(self, row_id: uuid.UUID) -> Any:
        row = self._table.get(row_id)
        if row is None:
            raise NotFound(self.entity, row_id)
        return row

    def scan(self, after: uuid.UUID | None, limit: int) -> list[Any]:
        return _by_id(self._table, after, limit)


class _DueRows(_Rows, abc.ABC):
    """Rows with a due list: those :meth:`_due` keeps, paged by due date then id."""

    @abc.abstractmethod
    def _due(self, row: Any, until: datetime.date) -> bool:
        """Whether *row* is on the due list up to *until*."""

    def due(
        self,
        until: datetime.date,
        *,
        after: DueKey | None,
        limit: int,
        customer_id: uuid.UUID | None = None,
    ) -> list[Any]:
        rows = self._table if customer_id is None else self._table.lookup("customer", customer_id)
        return _page((row for row in rows if self._due(row, until)), after, limit)

    def for_customer(self, customer_id: uuid.UUID) -> list[Any]:
        return _dated(self._table.lookup("customer", customer_id))


class MemoryReminders(_DueRows):
    """Implements :class:`~commtrak.field_service.ports.reminders.ReminderRepository`."""

    entity = "service_reminder"

    def __init__(self, tables: SchedulingTables, core: CoreRows, undo: Undo) -> None:
        super().__init__(tables.reminders, undo)
        self._decisions = tables.decisions
        self._core = core

    def get(self, reminder_id: uuid.UUID) -> ServiceReminder:
        found: ServiceReminder = self._get(reminder_id)
        return found

    def get_many(
        self, reminder_ids: Collection[uuid.UUID], *, for_update: bool = False
    ) -> dict[uuid.UUID, ServiceReminder]:
        found = (self._table.get(reminder_id) for reminder_id in reminder_ids)
        return {row.id: row for row in found if row is not None}

    def _due(self, reminder: ServiceReminder, until: datetime.date) -> bool:
        return (
            reminder.state is ReminderState.ACTIVE
            and reminder.due_on <= until
            and self._awake(reminder)
        )

    def _awake(self, reminder: ServiceReminder) -> bool:
        """Whether the reminder's customer and work address are both Active."""
        customer = self._core.customers.get(reminder.customer_id)
        if customer is None or customer.status is not CustomerStatus.ACTIVE:
            return False
        if reminder.work_address_id is None:
            return True
        work_address = self._core.record.work_addresses.get(reminder.work_address_id)
        return work_address is not None and work_address.status is CustomerStatus.ACTIVE

    def apply(
        self, reminders: Sequence[ServiceReminder], records: Sequence[DecisionRecord]
    ) -> None:
        for reminder in reminders:
            self._get(reminder.id)
            self._table.put(reminder.id, reminder, self._undo)
        for record in records:
            self._decisions.put(record.id, record, self._undo)


class MemoryDecisions(_Rows):
    """Implements :class:`~commtrak.field_service.ports.reminders.DecisionJournal`."""

    entity = "reminder_decision"

    def for_reminder(self, reminder_id: uuid.UUID) -> list[DecisionRecord]:
        return sorted(self._table.lookup("reminder", reminder_id), key=lambda r: (r.at, str(r.id)))


class MemoryActivities(_DueRows):
    """Implements :class:`~commtrak.field_service.ports.activities.ActivityRepository`."""

    entity = "scheduled_activity"

    def get(self, activity_id: uuid.UUID, *, for_update: bool = False) -> ScheduledActivity:
        found: ScheduledActivity = self._get(activity_id)
        return found

    def update(self, activity: ScheduledActivity) -> None:
        self._get(activity.id)
        self._table.put(activity.id, activity, self._undo)

    def _due(self, activity: ScheduledActivity, until: datetime.date) -> bool:
        return activity.state is ActivityState.OPEN and activity.due_on <= until
