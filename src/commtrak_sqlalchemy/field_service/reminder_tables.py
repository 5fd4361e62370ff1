"""The tables of service reminders, their decisions journal and scheduled activities.

How their rules are held by the database:

* every row names an existing customer, and its work address and contact if any:
  foreign keys;
* the due lists are one index range each: ``(state, due_on, id)`` on the reminders
  and on the activities, read in that order and paged by key; the Dormant filter joins
  the customer and the work address by their primary keys;
* a decision is never lost: the journal's rows are only ever inserted, and a reminder
  cancelled forever stays, ``ended``.
"""

from __future__ import annotations

import functools
from typing import Any

import attrs
from sqlalchemy import Column, Date, Index, Integer, MetaData, String, Table, Text

from commtrak.model._text import MAX_TEXT
from commtrak_sqlalchemy._naming import (
    MYSQL_OPTIONS,
    constraint_name,
    foreign_key_column,
    referrer_index,
)
from commtrak_sqlalchemy._types import Id, UtcDateTime

__all__ = ["SchedulingTables", "define_scheduling_tables"]


@attrs.frozen
class SchedulingTables:
    """The reminder and activity tables.

    Attributes:
        reminders: Service reminders, active or ended.
        decisions: The journal of decisions on reminders; rows are only inserted.
        activities: Scheduled activities, open, done or cancelled.
    """

    reminders: Table
    decisions: Table
    activities: Table

    @property
    def all(self) -> tuple[Table, ...]:
        """The tables, parents before children."""
        return (self.reminders, self.decisions, self.activities)


def _core(metadata: MetaData, prefix: str, schema: str | None, short: str) -> Table:
    """The core table *short*, defined on *metadata* before the contexts' tables."""
    dotted = f"{schema}." if schema else ""
    return metadata.tables[f"{dotted}{prefix}{short}"]


def define_scheduling_tables(
    metadata: MetaData, customers: Table, *, prefix: str, schema: str | None
) -> SchedulingTables:
    """Define the reminder and activity tables on *metadata*, next to the *customers* table."""

    def name(table: str, what: str) -> str:
        return constraint_name(prefix, table, what)

    refers = functools.partial(foreign_key_column, prefix)
    work_addresses = _core(metadata, prefix, schema, "work_addresses")
    contacts = _core(metadata, prefix, schema, "contacts")

    def table(short: str, *items: Any) -> Table:
        return Table(f"{prefix}{short}", metadata, *items, schema=schema, **MYSQL_OPTIONS)

    reminders = table(
        "service_reminders",
        Column("id", Id, primary_key=True),
        refers("service_reminders", "customer_id", customers, nullable=False),
        refers("service_reminders", "work_address_id", work_addresses, nullable=True),
        Column("description", String(MAX_TEXT), nullable=False),
        Column("due_on", Date, nullable=False),
        Column("period_count", Integer, nullable=False),
        Column("period_unit", String(8), nullable=False),
        Column("state", String(8), nullable=False),
        Column("created_at", UtcDateTime, nullable=False),
        Column("created_by", Text, nullable=False),
        Index(name("service_reminders", "due"), "state", "due_on", "id"),
        Index(name("service_reminders", "customer"), "customer_id", "due_on", "id"),
        Index(name("service_reminders", "work_address"), "work_address_id"),
    )
    decisions = table(
        "reminder_decisions",
        Column("id", Id, primary_key=True),
        Column("batch_id", Id, nullable=False),
        refers("reminder_decisions", "reminder_id", reminders, nullable=False),
        refers("reminder_decisions", "customer_id", customers, nullable=False),
        Column("kind", String(16), nullable=False),
        Column("due_before", Date, nullable=False),
        Column("due_after", Date, nullable=False),
        Column("state_after", String(8), nullable=False),
        Column("access_method", String(MAX_TEXT), nullable=False),
        Column("note", String(MAX_TEXT), nullable=False),
        Column("at", UtcDateTime, nullable=False),
        Column("by", Text, nullable=False),
        Index(name("reminder_decisions", "reminder"), "reminder_id", "at", "id"),
        Index(name("reminder_decisions", "customer"), "customer_id"),
    )
    activities = table(
        "scheduled_activities",
        Column("id", Id, primary_key=True),
        refers("scheduled_activities", "customer_id", customers, nullable=False),
        refers("scheduled_activities", "contact_id", contacts, nullable=True),
        refers("scheduled_activities", "work_address_id", work_addresses, nullable=True),
        Column("kind", String(MAX_TEXT), nullable=False),
        Column("due_on", Date, nullable=False),
        Column("period_count", Integer, nullable=True),
        Column("period_unit", String(8), nullable=True),
        Column("notes", Text, nullable=False),
        Column("state", String(16), nullable=False),
        Column("created_at", UtcDateTime, nullable=False),
        Column("created_by", Text, nullable=False),
        Column("closed_at", UtcDateTime, nullable=True),
        Column("closed_by", Text, nullable=False),
        Index(name("scheduled_activities", "due"), "state", "due_on", "id"),
        Index(name("scheduled_activities", "customer"), "customer_id", "due_on", "id"),
    )
    referrer_index(activities, name("scheduled_activities", "contact"), "contact_id")
    referrer_index(activities, name("scheduled_activities", "work_address"), "work_address_id")
    return SchedulingTables(reminders, decisions, activities)
