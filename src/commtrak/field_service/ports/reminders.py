"""The service reminder port: reminders, their due list, and the decisions journal."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Collection, Sequence
from typing import Protocol

from commtrak.field_service.model.reminders import DecisionRecord, ServiceReminder
from commtrak.ports import CustomerChildRepository

__all__ = ["DecisionJournal", "DueKey", "ReminderRepository"]

#: The key a due list page ends at (the last reminder's due date and id).
DueKey = tuple[datetime.date, uuid.UUID]


class ReminderRepository(CustomerChildRepository, Protocol):
    """Stores service reminders. Reminders are never deleted: cancelled forever, they end."""

    def add(self, reminder: ServiceReminder) -> None:
        """Store a new reminder.

        Raises:
            Conflict: ``id``/``unique_id``.
        """

    def get(self, reminder_id: uuid.UUID) -> ServiceReminder:
        """Return the reminder.

        Raises:
            NotFound: ``service_reminder``.
        """
        ...

    def get_many(
        self, reminder_ids: Collection[uuid.UUID], *, for_update: bool = False
    ) -> dict[uuid.UUID, ServiceReminder]:
        """Return those of the reminders that exist, by id: one query, whatever the count.

        *for_update* locks their rows until the transaction ends.
        """
        ...

    def for_customer(self, customer_id: uuid.UUID) -> list[ServiceReminder]:
        """Return the customer's reminders, ended ones too, by due date, then id."""
        ...

    def due(
        self,
        until: datetime.date,
        *,
        after: DueKey | None,
        limit: int,
        customer_id: uuid.UUID | None = None,
    ) -> list[ServiceReminder]:
        """Return active reminders due on or before *until*, by due date then id.

        Leaves out the reminders of Dormant customers and of Dormant work addresses.
        One indexed query: *after* is the key of the previous page's last reminder
        (keyset paging), *limit* the page's length; *customer_id* keeps one customer's.
        """
        ...

    def apply(
        self, reminders: Sequence[ServiceReminder], records: Sequence[DecisionRecord]
    ) -> None:
        """Store the decided *reminders* (existing rows) and their journal *records*.

        Set-based: a constant number of statements on SQL backends whatever the count
        (one ``UPDATE`` from the rows' values, one ``INSERT`` of the records).
        """

    def scan(self, after: uuid.UUID | None, limit: int) -> list[ServiceReminder]:
        """Return up to *limit* reminders with ids greater than *after*, by id."""
        ...


class DecisionJournal(CustomerChildRepository, Protocol):
    """The journal of reminder decisions: only ever added to."""

    def add(self, record: DecisionRecord) -> None:
        """Store one record (an import's)."""

    def for_reminder(self, reminder_id: uuid.UUID) -> list[DecisionRecord]:
        """Return the reminder's decisions, oldest first (then by id)."""
        ...

    def scan(self, after: uuid.UUID | None, limit: int) -> list[DecisionRecord]:
        """Return up to *limit* records with ids greater than *after*, by id."""
        ...
