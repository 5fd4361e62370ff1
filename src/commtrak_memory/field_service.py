"""The memory backend's storage of the service context: the reference implementation.

The tables live beside the core's in the store's data and write to the same undo log,
so a write of the context rolls back with the session.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from commtrak.field_service.model.attachments import Attachment
from commtrak.field_service.model.service_journal import ServiceJournalEntry
from commtrak_memory._scheduling import (
    CoreRows,
    MemoryActivities,
    MemoryDecisions,
    MemoryReminders,
    SchedulingTables,
)
from commtrak_memory._table import Table
from commtrak_memory.contracts import MemoryContractTables, contract_repositories
from commtrak_memory.fs_assets import AssetTables, MemoryAssets, MemoryReferenceItems
from commtrak_memory.fs_attachments import MemoryAttachments, MemoryServiceJournal
from commtrak_memory.fs_plans import MemoryServicePlans, PlanTables
from commtrak_memory.fs_projects import MemoryProjects, ProjectTables
from commtrak_memory.fs_slas import MemorySlas, SlaTables

__all__ = ["FieldServiceTables", "MemoryFieldService"]

Undo = list[Callable[[], None]]


class FieldServiceTables:
    """The service context's tables of one memory store."""

    def __init__(self) -> None:
        self.scheduling = SchedulingTables()
        #: The store's core tables (set by the store's data), for the due list's statuses.
        self.core: CoreRows | None = None
        self.tables: tuple[Table[Any], ...] = (*self.scheduling.all,)
        self.assets = AssetTables()
        self.tables += self.assets.all
        self.attachments: Table[Attachment] = Table(
            {"customer": lambda a: a.customer_id, "owner": lambda a: a.owner_id}
        )
        self.tables += (self.attachments,)
        self.projects = ProjectTables()
        self.tables += self.projects.all
        self.service_journal: Table[ServiceJournalEntry] = Table(
            {"customer": lambda entry: entry.customer_id}
        )
        self.tables += (self.service_journal,)
        self.service_plans = PlanTables()
        self.tables += self.service_plans.all
        self.slas = SlaTables()
        self.tables += self.slas.all
        self.contracts = MemoryContractTables()
        self.tables += (self.contracts.contracts, self.contracts.flags)

    def clear(self) -> None:
        """Forget every row."""
        for table in self.tables:
            table.clear()


class MemoryFieldService:
    """Implements :class:`~commtrak.field_service.ports.storage.FieldServiceStorage`."""

    def __init__(self, tables: FieldServiceTables, undo: Undo) -> None:
        self._tables = tables
        self._undo = undo
        self.reference_items = MemoryReferenceItems(tables.assets.reference_items, undo)
        self.assets = MemoryAssets(tables.assets.assets, undo)
        self.attachments = MemoryAttachments(tables.attachments, undo)
        self.projects = MemoryProjects(tables.projects, undo)
        self.service_journal = MemoryServiceJournal(tables.service_journal, undo)
        self.service_plans = MemoryServicePlans(tables.service_plans, undo)
        self.slas = MemorySlas(tables.slas, undo)
        assert tables.core is not None, "the store's data sets the core tables"
        self.reminders = MemoryReminders(tables.scheduling, tables.core, undo)
        self.reminder_decisions = MemoryDecisions(tables.scheduling.decisions, undo)
        self.activities = MemoryActivities(tables.scheduling.activities, undo)
        self.contracts, self.flags = contract_repositories(tables.contracts, undo)
