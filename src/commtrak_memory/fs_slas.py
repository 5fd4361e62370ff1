"""The memory backend's SLAs and the customers' associations with them."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from commtrak.errors import Conflict, NotFound
from commtrak.field_service.model.slas import CustomerSla, Sla
from commtrak_memory._table import Table
from commtrak_memory.fs_assets import scan_ids

__all__ = ["MemorySlas", "SlaTables"]

Undo = list[Callable[[], None]]


class SlaTables:
    """The SLAs and associations of one memory store."""

    def __init__(self) -> None:
        self.slas: Table[Sla] = Table({"name": lambda sla: sla.name_key})
        self.assignments: Table[CustomerSla] = Table({})

    @property
    def all(self) -> tuple[Table[Sla] | Table[CustomerSla], ...]:
        """The tables."""
        return (self.slas, self.assignments)


class MemorySlas:
    """Implements :class:`~commtrak.field_service.ports.slas.SlaRepository`."""

    def __init__(self, tables: SlaTables, undo: Undo) -> None:
        self._slas = tables.slas
        self._assignments = tables.assignments
        self._undo = undo

    def _put(self, sla: Sla) -> None:
        if any(other.id != sla.id for other in self._slas.lookup("name", sla.name_key)):
            raise Conflict("name", "unique_sla", "another SLA has that name")
        self._slas.put(sla.id, sla, self._undo)

    def add(self, sla: Sla) -> None:
        """As the port's ``add``."""
        if sla.id in self._slas:
            raise Conflict("id", "unique_id", f"the id {sla.id} is taken")
        self._put(sla)

    def get(self, sla_id: uuid.UUID) -> Sla:
        """As the port's ``get``."""
        found = self._slas.get(sla_id)
        if found is None:
            raise NotFound("sla", sla_id)
        return found

    def update(self, sla: Sla) -> None:
        """As the port's ``update``."""
        self.get(sla.id)
        self._put(sla)

    def all(self) -> list[Sla]:
        """As the port's ``all``."""
        return sorted(self._slas, key=lambda sla: (sla.name_key, sla.id))

    def assign(self, assignment: CustomerSla) -> None:
        """As the port's ``assign``."""
        self.get(assignment.sla_id)
        self._assignments.put(assignment.customer_id, assignment, self._undo)

    def unassign(self, customer_id: uuid.UUID) -> bool:
        """As the port's ``unassign``."""
        if customer_id not in self._assignments:
            return False
        self._assignments.remove(customer_id, self._undo)
        return True

    def of_customer(self, customer_id: uuid.UUID) -> CustomerSla | None:
        """As the port's ``of_customer``."""
        return self._assignments.get(customer_id)

    def scan(self, after: uuid.UUID | None, limit: int) -> list[Sla]:
        """As the port's ``scan``."""
        return scan_ids(self._slas, after, limit)  # type: ignore[arg-type,return-value]

    def scan_assignments(self, after: uuid.UUID | None, limit: int) -> list[CustomerSla]:
        """As the port's ``scan_assignments``."""
        rows = sorted(self._assignments, key=lambda a: a.customer_id)
        return [a for a in rows if after is None or a.customer_id > after][:limit]
