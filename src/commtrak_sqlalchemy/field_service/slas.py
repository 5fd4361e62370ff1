"""The SQL repository of SLAs and the customers' associations with them."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import delete, select

from commtrak.field_service.model.slas import CustomerSla, Sla
from commtrak_sqlalchemy._db import Db
from commtrak_sqlalchemy._references import scan
from commtrak_sqlalchemy.field_service._rows import RecordRows

__all__ = ["SqlSlas"]


class _Assignments(RecordRows[CustomerSla]):
    record = CustomerSla


class SqlSlas(RecordRows[Sla]):
    """Implements :class:`~commtrak.field_service.ports.slas.SlaRepository`."""

    record = Sla
    entity = "sla"

    def __init__(self, db: Db) -> None:
        tables = db.tables.field_service.slas
        super().__init__(db, tables.slas)
        self._assignments = _Assignments(db, tables.customer_slas)

    def _extra(self, record: Sla) -> dict[str, Any]:
        return {"name_key": record.name_key}

    def add(self, sla: Sla) -> None:
        """Insert the SLA (the unique index refuses a name taken)."""
        self._insert([sla])

    def get(self, sla_id: uuid.UUID) -> Sla:
        """Read the SLA."""
        return self._get(sla_id)

    def update(self, sla: Sla) -> None:
        """Rewrite the SLA."""
        self._rewrite(sla)

    def all(self) -> list[Sla]:
        """Read every SLA along the name index."""
        return self._read(select(self._table).order_by(self._table.c.name_key, self._table.c.id))

    def assign(self, assignment: CustomerSla) -> None:
        """Replace the customer's association: a delete and an insert."""
        self.unassign(assignment.customer_id)
        self._assignments._insert([assignment])

    def unassign(self, customer_id: uuid.UUID) -> bool:
        """Delete the customer's association."""
        table = self._assignments._table
        return bool(self._db.run(delete(table).where(table.c.customer_id == customer_id)))

    def of_customer(self, customer_id: uuid.UUID) -> CustomerSla | None:
        """Read the customer's association by its primary key."""
        table = self._assignments._table
        found = self._assignments._read(select(table).where(table.c.customer_id == customer_id))
        return found[0] if found else None

    def scan_assignments(self, after: uuid.UUID | None, limit: int) -> list[CustomerSla]:
        """Read the next batch of associations by customer id."""
        table = self._assignments._table
        return self._assignments._read(scan(table, after, limit, key="customer_id"))
