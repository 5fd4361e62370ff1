"""The SQL repository of projects and their allocations."""

from __future__ import annotations

import enum
import uuid
from collections.abc import Collection
from typing import ClassVar

from sqlalchemy import and_, delete, or_, select

from commtrak.errors import Conflict
from commtrak.field_service.model.projects import Allocation, ComponentKind, Project
from commtrak_sqlalchemy._db import Db
from commtrak_sqlalchemy._owned import CustomerRows, count_owned, reassign_owned
from commtrak_sqlalchemy._references import after_pair, id_chunks
from commtrak_sqlalchemy.field_service._rows import RecordRows

__all__ = ["SqlProjects"]

Key = tuple[uuid.UUID, uuid.UUID]


class _Allocations(RecordRows[Allocation]):
    record = Allocation
    enums: ClassVar[dict[str, type[enum.Enum]]] = {"kind": ComponentKind}


class SqlProjects(CustomerRows, RecordRows[Project]):
    """Implements :class:`~commtrak.field_service.ports.projects.ProjectRepository`."""

    record = Project
    entity = "project"

    def __init__(self, db: Db) -> None:
        tables = db.tables.field_service.projects
        RecordRows.__init__(self, db, tables.projects)
        self._allocations = _Allocations(db, tables.allocations)

    def add(self, project: Project) -> None:
        """Insert the project."""
        self._insert([project])

    def get(self, project_id: uuid.UUID, *, for_update: bool = False) -> Project:
        """Read the project, locked with *for_update*."""
        return self._get(project_id, for_update=for_update)

    def for_customer(self, customer_id: uuid.UUID) -> list[Project]:
        """Read a Head Office's projects through the customer index."""
        table = self._table
        return self._read(
            select(table)
            .where(table.c.customer_id == customer_id)
            .order_by(table.c.created_at, table.c.id)
        )

    def allocate(self, allocation: Allocation) -> None:
        """Insert the allocation; its primary key refuses it twice."""
        table = self._allocations._table
        values = self._allocations._values(allocation)
        self._db.run(
            table.insert().values(values),
            foreign_key=Conflict("project_id", "project_exists", "the project does not exist"),
        )

    def allocations(self, project_id: uuid.UUID) -> list[Allocation]:
        """Read the project's allocations along its primary key."""
        table = self._allocations._table
        return self._allocations._read(
            select(table)
            .where(table.c.project_id == project_id)
            .order_by(table.c.allocated_at, table.c.component_id)
        )

    def release(self, project_id: uuid.UUID, component_id: uuid.UUID) -> Allocation | None:
        """Read and delete one allocation."""
        table = self._allocations._table
        where = and_(table.c.project_id == project_id, table.c.component_id == component_id)
        found = self._allocations._read(select(table).where(where))
        if found:
            self._db.run(delete(table).where(where))
        return found[0] if found else None

    def release_leaving(
        self, group_id: uuid.UUID, customer_ids: Collection[uuid.UUID]
    ) -> list[Allocation]:
        """Read, then delete, the allocations the group loses: one statement each way."""
        table = self._allocations._table
        projects = self._table
        released: list[Allocation] = []
        for chunk in id_chunks(customer_ids):
            in_group = select(projects.c.id).where(projects.c.group_id == group_id)
            run_by = in_group.where(projects.c.customer_id.in_(chunk))
            where = and_(
                table.c.project_id.in_(in_group),
                or_(table.c.member_id.in_(chunk), table.c.project_id.in_(run_by)),
            )
            found = self._allocations._read(
                select(table).where(where).order_by(table.c.project_id, table.c.component_id)
            )
            if found:
                self._db.run(delete(table).where(where))
            released += found
        return sorted(released, key=lambda a: (a.project_id, a.component_id))

    def erase_allocations(self, customer_id: uuid.UUID) -> int:
        """Delete the customer's allocations and its projects': one ``DELETE``."""
        table = self._allocations._table
        run_by = select(self._table.c.id).where(self._table.c.customer_id == customer_id)
        where = or_(table.c.member_id == customer_id, table.c.project_id.in_(run_by))
        return self._db.run(delete(table).where(where))

    def count_member(self, customer_id: uuid.UUID) -> int:
        """Count the allocations naming the member: one query on its index."""
        return count_owned(self._db, self._allocations._table.c.member_id, customer_id)

    def reassign_member(self, from_id: uuid.UUID, to_id: uuid.UUID) -> int:
        """Name the survivor as the member: one ``UPDATE``."""
        return reassign_owned(self._db, self._allocations._table.c.member_id, from_id, to_id)

    def scan_allocations(self, after: Key | None, limit: int) -> list[Allocation]:
        """Read the next batch of allocations by (project, component)."""
        table = self._allocations._table
        statement = select(table).order_by(table.c.project_id, table.c.component_id).limit(limit)
        if after is not None:
            statement = statement.where(after_pair(table.c.project_id, table.c.component_id, after))
        return self._allocations._read(statement)
