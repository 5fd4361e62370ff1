"""The SQL repositories of service reminders, their decisions journal and scheduled activities.

The due lists are one query each over the ``(state, due_on, id)`` index, paged by key;
a batch decision reads its reminders with one locking query and writes them with one
``UPDATE ... FROM`` and one ``INSERT ... SELECT``, each reading the batch's rows from a
single bound value (:func:`~commtrak_sqlalchemy.field_service._values.values_source`).
"""

from __future__ import annotations

import datetime
import functools
import uuid
from collections.abc import Collection, Sequence
from typing import Any, TypeVar, cast

from sqlalchemy import Row, Select, Table, bindparam, literal, or_, select

from commtrak.errors import Conflict
from commtrak.field_service.model.activities import ActivityState, ScheduledActivity
from commtrak.field_service.model.periods import Period, PeriodUnit
from commtrak.field_service.model.reminders import (
    DecisionKind,
    DecisionRecord,
    ReminderState,
    ServiceReminder,
)
from commtrak.field_service.ports.reminders import DueKey
from commtrak.model.customers import CustomerStatus
from commtrak_sqlalchemy._db import Db
from commtrak_sqlalchemy._types import UtcDateTime
from commtrak_sqlalchemy.field_service._raw import (
    as_date,
    as_datetime,
    as_id,
    raw_columns,
)
from commtrak_sqlalchemy.field_service._values import DATE, ID, TEXT, values_source
from commtrak_sqlalchemy.record import _Owned

__all__ = ["SqlActivities", "SqlDecisions", "SqlReminders"]

E = TypeVar("E")

_MISSING_OWNER = Conflict(
    "customer_id",
    "customer_exists",
    "the customer, work address or contact does not exist, or is still in use",
)


@functools.cache
def _period(count: int, unit: str) -> Period:
    return Period(count, PeriodUnit(unit))


def _optional_period(count: int | None, unit: str | None) -> Period | None:
    return None if count is None or unit is None else _period(count, unit)


#: The states by their stored text.
_STATES = {state.value: state for state in ReminderState}

#: The reminder table's columns in the order :meth:`SqlReminders._read_raw` decodes them.
_REMINDER_COLUMNS = (
    "id",
    "customer_id",
    "work_address_id",
    "description",
    "due_on",
    "period_count",
    "period_unit",
    "state",
    "created_at",
    "created_by",
)


def _due_page(
    statement: Select[Any], table: Table, after: DueKey | None, limit: int
) -> Select[Any]:
    """*statement* from *after* on, by due date then id, *limit* rows."""
    column = table.c
    if after is not None:
        due_on, last_id = after
        statement = statement.where(
            column.due_on >= due_on, or_(column.due_on > due_on, column.id > last_id)
        )
    return statement.order_by(column.due_on, column.id).limit(limit)


@functools.cache
def _due_statement(
    reminders: Table, customers: Table, work_addresses: Table, paged: bool, one_customer: bool
) -> Select[Any]:
    """The due list's query, with bound parameters, built once per table and shape.

    Built once, like ``Db.by_id``'s: building and keying this statement would cost
    more than running it on an indexed page.
    """
    column = reminders.c
    active = CustomerStatus.ACTIVE.value
    statement = (
        select(*raw_columns(reminders, _REMINDER_COLUMNS))
        .join(customers, customers.c.id == column.customer_id)
        .outerjoin(work_addresses, work_addresses.c.id == column.work_address_id)
        .where(
            column.state == ReminderState.ACTIVE.value,
            column.due_on <= bindparam("until", type_=column.due_on.type),
            customers.c.status == active,
            or_(column.work_address_id.is_(None), work_addresses.c.status == active),
        )
    )
    if one_customer:
        statement = statement.where(
            column.customer_id == bindparam("customer_id", type_=column.customer_id.type)
        )
    if paged:
        due_on = bindparam("after_due", type_=column.due_on.type)
        statement = statement.where(
            column.due_on >= due_on,
            or_(column.due_on > due_on, column.id > bindparam("after_id", type_=column.id.type)),
        )
    return statement.order_by(column.due_on, column.id).limit(bindparam("limit"))


class _Scheduled(_Owned[E]):
    """Rows of one of the scheduling tables, whose owners are foreign keys."""

    _table_name = ""

    def __init__(self, db: Db) -> None:
        super().__init__(db, getattr(db.tables.field_service.scheduling, self._table_name))

    def _foreign_key(self) -> Conflict | None:
        return _MISSING_OWNER

    def _those_of(self, owner: str, owner_id: uuid.UUID, order: str) -> list[E]:
        """Read the rows whose *owner* column is *owner_id*, by *order* then id: one query."""
        column = self._table.c
        return self._read(
            select(self._table).where(column[owner] == owner_id).order_by(column[order], column.id)
        )


class _Dated(_Scheduled[E]):
    """Rows with a due date, listed by customer in due order."""

    def for_customer(self, customer_id: uuid.UUID) -> list[E]:
        """Read the customer's rows by due date, then id: one query."""
        return self._those_of("customer_id", customer_id, "due_on")


class SqlReminders(_Dated[ServiceReminder]):
    """Implements :class:`~commtrak.field_service.ports.reminders.ReminderRepository`."""

    entity = "service_reminder"
    _table_name = "reminders"

    def __init__(self, db: Db) -> None:
        super().__init__(db)
        self._journal = db.tables.field_service.scheduling.decisions

    def _values(self, row: ServiceReminder) -> dict[str, Any]:
        return {
            "id": row.id,
            "customer_id": row.customer_id,
            "work_address_id": row.work_address_id,
            "description": row.description,
            "due_on": row.due_on,
            "period_count": row.period.count,
            "period_unit": row.period.unit.value,
            "state": row.state.value,
            "created_at": row.created_at,
            "created_by": row.created_by,
        }

    def _entity(self, row: Row[Any]) -> ServiceReminder:
        return ServiceReminder(
            id=row.id,
            customer_id=row.customer_id,
            work_address_id=row.work_address_id,
            description=row.description,
            due_on=row.due_on,
            period=_period(row.period_count, row.period_unit),
            state=ReminderState(row.state),
            created_at=row.created_at,
            created_by=row.created_by,
        )

    def _read_raw(
        self, statement: Select[Any], parameters: dict[str, Any] | None = None
    ) -> list[ServiceReminder]:
        """Read many reminders from *statement* over :func:`raw_columns`, decoded here."""
        rows = cast("Sequence[Sequence[Any]]", self._rows(statement, parameters))
        reminder, uuid_of, date_of, time_of, states = (
            ServiceReminder,
            as_id,
            as_date,
            as_datetime,
            _STATES,
        )
        return [
            reminder(
                uuid_of(row[0]),
                uuid_of(row[1]),
                None if row[2] is None else uuid_of(row[2]),
                row[3],
                date_of(row[4]),
                _period(row[5], row[6]),
                states[row[7]],
                time_of(row[8]),
                row[9],
            )
            for row in rows
        ]

    def _rows(self, statement: Select[Any], parameters: dict[str, Any] | None) -> Sequence[Any]:
        with self._db.errors.translating():
            return self._db.connection.execute(statement, parameters).all()

    def get_many(
        self, reminder_ids: Collection[uuid.UUID], *, for_update: bool = False
    ) -> dict[uuid.UUID, ServiceReminder]:
        """Read the reminders with one query over the ids as one bound value."""
        if not reminder_ids:
            return {}
        chosen = values_source(
            self._db.dialect_name, "chosen", [("id", ID)], [(i,) for i in reminder_ids]
        )
        statement = select(*raw_columns(self._table, _REMINDER_COLUMNS)).where(
            self._table.c.id.in_(select(chosen.c.id))
        )
        found = self._read_raw(self._db.locking(statement, for_update))
        return {reminder.id: reminder for reminder in found}

    def due(
        self,
        until: datetime.date,
        *,
        after: DueKey | None,
        limit: int,
        customer_id: uuid.UUID | None = None,
    ) -> list[ServiceReminder]:
        """Read one page of the due list: one query over the ``due`` index."""
        tables = self._db.tables
        statement = _due_statement(
            self._table,
            tables.customers,
            tables.record.work_addresses,
            after is not None,
            customer_id is not None,
        )
        parameters: dict[str, Any] = {"until": until, "limit": limit}
        if after is not None:
            parameters.update(after_due=after[0], after_id=after[1])
        if customer_id is not None:
            parameters["customer_id"] = customer_id
        return self._read_raw(statement, parameters)

    def apply(
        self, reminders: Sequence[ServiceReminder], records: Sequence[DecisionRecord]
    ) -> None:
        """Write a batch: one ``UPDATE ... FROM`` and one ``INSERT ... SELECT``."""
        dialect = self._db.dialect_name
        table = self._table
        if reminders:
            changed = values_source(
                dialect,
                "changed",
                [("id", ID), ("due_on", DATE), ("state", TEXT)],
                [(r.id, r.due_on, r.state.value) for r in reminders],
            )
            self._db.run(
                table.update()
                .where(table.c.id == changed.c.id)
                .values(due_on=changed.c.due_on, state=changed.c.state)
            )
        if records:
            self._insert_records(records)

    def _insert_records(self, records: Sequence[DecisionRecord]) -> None:
        """Insert the batch's journal records: one ``INSERT ... SELECT``."""
        first = records[0]
        columns = [
            ("id", ID),
            ("reminder_id", ID),
            ("customer_id", ID),
            ("kind", TEXT),
            ("due_before", DATE),
            ("due_after", DATE),
            ("state_after", TEXT),
            ("access_method", TEXT),
            ("note", TEXT),
        ]
        rows = values_source(
            self._db.dialect_name,
            "decided",
            columns,
            [
                (
                    r.id,
                    r.reminder_id,
                    r.customer_id,
                    r.kind.value,
                    r.due_before,
                    r.due_after,
                    r.state_after.value,
                    r.access_method,
                    r.note,
                )
                for r in records
            ],
        )
        journal = self._journal
        shared = self._db.tables.field_service.scheduling.decisions.c
        picked = [rows.c[name] for name, _ in columns]
        statement = journal.insert().from_select(
            [*(name for name, _ in columns), "batch_id", "at", "by"],
            select(
                *picked,
                literal(first.batch_id, shared.batch_id.type),
                literal(first.at, UtcDateTime()),
                literal(first.by, shared.by.type),
            ),
        )
        self._db.run(statement, foreign_key=_MISSING_OWNER)


class SqlDecisions(_Scheduled[DecisionRecord]):
    """Implements :class:`~commtrak.field_service.ports.reminders.DecisionJournal`."""

    entity = "reminder_decision"
    _table_name = "decisions"

    def _values(self, row: DecisionRecord) -> dict[str, Any]:
        return {
            "id": row.id,
            "batch_id": row.batch_id,
            "reminder_id": row.reminder_id,
            "customer_id": row.customer_id,
            "kind": row.kind.value,
            "due_before": row.due_before,
            "due_after": row.due_after,
            "state_after": row.state_after.value,
            "access_method": row.access_method,
            "note": row.note,
            "at": row.at,
            "by": row.by,
        }

    def _entity(self, row: Row[Any]) -> DecisionRecord:
        return DecisionRecord(
            id=row.id,
            batch_id=row.batch_id,
            reminder_id=row.reminder_id,
            customer_id=row.customer_id,
            kind=DecisionKind(row.kind),
            due_before=row.due_before,
            due_after=row.due_after,
            state_after=ReminderState(row.state_after),
            access_method=row.access_method,
            note=row.note,
            at=row.at,
            by=row.by,
        )

    def for_reminder(self, reminder_id: uuid.UUID) -> list[DecisionRecord]:
        """Read the reminder's decisions, oldest first: one query."""
        return self._those_of("reminder_id", reminder_id, "at")


class SqlActivities(_Dated[ScheduledActivity]):
    """Implements :class:`~commtrak.field_service.ports.activities.ActivityRepository`."""

    entity = "scheduled_activity"
    _table_name = "activities"

    def _values(self, row: ScheduledActivity) -> dict[str, Any]:
        return {
            "id": row.id,
            "customer_id": row.customer_id,
            "contact_id": row.contact_id,
            "work_address_id": row.work_address_id,
            "kind": row.kind,
            "due_on": row.due_on,
            "period_count": None if row.period is None else row.period.count,
            "period_unit": None if row.period is None else row.period.unit.value,
            "notes": row.notes,
            "state": row.state.value,
            "created_at": row.created_at,
            "created_by": row.created_by,
            "closed_at": row.closed_at,
            "closed_by": row.closed_by,
        }

    def _entity(self, row: Row[Any]) -> ScheduledActivity:
        return ScheduledActivity(
            id=row.id,
            customer_id=row.customer_id,
            contact_id=row.contact_id,
            work_address_id=row.work_address_id,
            kind=row.kind,
            due_on=row.due_on,
            period=_optional_period(row.period_count, row.period_unit),
            notes=row.notes,
            state=ActivityState(row.state),
            created_at=row.created_at,
            created_by=row.created_by,
            closed_at=row.closed_at,
            closed_by=row.closed_by,
        )

    def due(
        self,
        until: datetime.date,
        *,
        after: DueKey | None,
        limit: int,
        customer_id: uuid.UUID | None = None,
    ) -> list[ScheduledActivity]:
        """Read one page of the open activities due: one query over the ``due`` index."""
        column = self._table.c
        statement = select(self._table).where(
            column.state == ActivityState.OPEN.value, column.due_on <= until
        )
        if customer_id is not None:
            statement = statement.where(column.customer_id == customer_id)
        return self._read(_due_page(statement, self._table, after, limit))
