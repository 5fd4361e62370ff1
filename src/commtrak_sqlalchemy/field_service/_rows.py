"""What the service context's SQL repositories share: attrs records to rows and back."""

from __future__ import annotations

import enum
import uuid
from typing import Any, ClassVar, Generic, TypeVar

import attrs
from sqlalchemy import Row, Select, Table

from commtrak.errors import NotFound
from commtrak_sqlalchemy._db import Db
from commtrak_sqlalchemy._references import scan

__all__ = ["RecordRows"]

E = TypeVar("E")


class RecordRows(Generic[E]):
    """Rows of one table holding one attrs record each, column by field.

    Subclasses name the record class (``record``), the entity ``NotFound`` reports, the
    enum fields to convert back (``enums``) and what their table adds to the fields
    (:meth:`_extra`, such as folded keys).
    """

    record: ClassVar[type]
    entity: ClassVar[str] = ""
    enums: ClassVar[dict[str, type[enum.Enum]]] = {}

    def __init__(self, db: Db, table: Table) -> None:
        self._db = db
        self._table = table

    def _extra(self, record: E) -> dict[str, Any]:
        return {}

    def _values(self, record: E) -> dict[str, Any]:
        values = {field.name: getattr(record, field.name) for field in attrs.fields(self.record)}
        for name in self.enums:
            values[name] = values[name].value
        return values | self._extra(record)

    def _entity(self, row: Row[Any]) -> E:
        fields = row._mapping
        found = {field.name: fields[field.name] for field in attrs.fields(self.record)}
        for name, kind in self.enums.items():
            found[name] = kind(found[name])
        entity: E = self.record(**found)
        return entity

    def _read(self, statement: Select[Any]) -> list[E]:
        return [self._entity(row) for row in self._db.rows(statement)]

    def _insert(self, records: list[E]) -> None:
        if records:
            self._db.run(self._table.insert(), [self._values(r) for r in records])

    def _get(self, row_id: uuid.UUID, *, for_update: bool = False) -> E:
        found = self._db.by_id(self._table, row_id, for_update=for_update)
        if found is None:
            raise NotFound(self.entity, row_id)
        return self._entity(found)

    def _rewrite(self, record: E) -> None:
        values = self._values(record)
        statement = self._table.update().where(self._table.c.id == values["id"])
        if not self._db.run(statement.values(values)):
            raise NotFound(self.entity, values["id"])

    def scan(self, after: uuid.UUID | None, limit: int) -> list[E]:
        """Read the next batch of rows by id (for export)."""
        return self._read(scan(self._table, after, limit))
