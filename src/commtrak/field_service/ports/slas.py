"""The SLA port."""

from __future__ import annotations

import uuid
from typing import Protocol

from commtrak.field_service.model.slas import CustomerSla, Sla

__all__ = ["SlaRepository"]


class SlaRepository(Protocol):
    """Stores SLAs and which customer is associated with which."""

    def add(self, sla: Sla) -> None:
        """Store a new SLA.

        Raises:
            Conflict: ``name``/``unique_sla`` when another SLA has the name.
        """

    def get(self, sla_id: uuid.UUID) -> Sla:
        """Return the SLA.

        Raises:
            NotFound: ``sla``.
        """
        ...

    def update(self, sla: Sla) -> None:
        """Rewrite an SLA (same conflicts as :meth:`add`)."""

    def all(self) -> list[Sla]:
        """Return every SLA, by folded name."""
        ...

    def assign(self, assignment: CustomerSla) -> None:
        """Associate the customer with the SLA, replacing its association if any."""

    def unassign(self, customer_id: uuid.UUID) -> bool:
        """End the customer's association; return whether it had one."""
        ...

    def of_customer(self, customer_id: uuid.UUID) -> CustomerSla | None:
        """Return the customer's association, if any."""
        ...

    def scan(self, after: uuid.UUID | None, limit: int) -> list[Sla]:
        """Return up to *limit* SLAs with ids after *after*, by id (for export)."""
        ...

    def scan_assignments(self, after: uuid.UUID | None, limit: int) -> list[CustomerSla]:
        """Return up to *limit* associations with customer ids after *after* (for export)."""
        ...
