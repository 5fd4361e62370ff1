"""The memory backend's storage of the service context: the reference implementation.

The tables live beside the core's in the store's data and write to the same undo log,
so a write of the context rolls back with the session.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from commtrak_memory._scheduling import (
    CoreRows,
    MemoryActivities,
    MemoryDecisions,
    MemoryReminders,
    SchedulingTables,
)
from commtrak_memory._table import Table

__all__ = ["FieldServiceTables", "MemoryFieldService"]

Undo = list[Callable[[], None]]


class FieldServiceTables:
    """The service context's tables of one memory store."""

    def __init__(self) -> None:
        self.scheduling = SchedulingTables()
        #: The store's core tables (set by the store's data), for the due list's statuses.
        self.core: CoreRows | None = None
        self.tables: tuple[Table[Any], ...] = (*self.scheduling.all,)

    def clear(self) -> None:
        """Forget every row."""
        for table in self.tables:
            table.clear()


class MemoryFieldService:
    """Implements :class:`~commtrak.field_service.ports.storage.FieldServiceStorage`."""

    def __init__(self, tables: FieldServiceTables, undo: Undo) -> None:
        self._tables = tables
        self._undo = undo
        assert tables.core is not None, "the store's data sets the core tables"
        self.reminders = MemoryReminders(tables.scheduling, tables.core, undo)
        self.reminder_decisions = MemoryDecisions(tables.scheduling.decisions, undo)
        self.activities = MemoryActivities(tables.scheduling.activities, undo)
