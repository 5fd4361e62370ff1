"""The memory backend's storage of the service context: the reference implementation.

The tables live beside the core's in the store's data and write to the same undo log,
so a write of the context rolls back with the session.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from commtrak_memory._table import Table
from commtrak_memory.contracts import MemoryContractTables, contract_repositories

__all__ = ["FieldServiceTables", "MemoryFieldService"]

Undo = list[Callable[[], None]]


class FieldServiceTables:
    """The service context's tables of one memory store."""

    def __init__(self) -> None:
        self.contracts = MemoryContractTables()
        self.tables: tuple[Table[Any], ...] = (self.contracts.contracts, self.contracts.flags)

    def clear(self) -> None:
        """Forget every row."""
        for table in self.tables:
            table.clear()


class MemoryFieldService:
    """Implements :class:`~commtrak.field_service.ports.storage.FieldServiceStorage`."""

    def __init__(self, tables: FieldServiceTables, undo: Undo) -> None:
        self._tables = tables
        self._undo = undo
        self.contracts, self.flags = contract_repositories(tables.contracts, undo)
