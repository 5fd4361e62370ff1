"""The store's department list."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Row, select

from commtrak.errors import NotFound
from commtrak.model import Department, fold
from commtrak_sqlalchemy._db import Db

__all__ = ["SqlDepartments"]


def _values(department: Department) -> dict[str, Any]:
    return {
        "id": department.id,
        "name": department.name,
        "name_key": fold(department.name),
        "archived": department.archived,
    }


def _department(row: Row[Any]) -> Department:
    return Department(id=row.id, name=row.name, archived=bool(row.archived))


class SqlDepartments:
    """Departments in a SQL database; the folded name is unique (an index)."""

    def __init__(self, db: Db) -> None:
        self._db = db
        self._table = db.tables.departments

    def add(self, department: Department) -> None:
        """Insert the department."""
        self._db.run(self._table.insert().values(_values(department)))

    def update(self, department: Department) -> None:
        """Rewrite the department's row."""
        statement = self._table.update().where(self._table.c.id == department.id)
        if not self._db.run(statement.values(_values(department))):
            raise NotFound("department", department.id)

    def get(self, department_id: uuid.UUID) -> Department:
        """Read one department."""
        row = self._db.by_id(self._table, department_id)
        if row is None:
            raise NotFound("department", department_id)
        return _department(row)

    def all(self) -> list[Department]:
        """Read every department by folded name."""
        statement = select(self._table).order_by(self._table.c.name_key, self._table.c.id)
        return [_department(row) for row in self._db.rows(statement)]
