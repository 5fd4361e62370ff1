"""Custom field definitions and their values, kept apart from their owners."""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, and_, false, select, true

from commtrak.errors import NotFound
from commtrak.model import (
    CustomFieldDefinition,
    CustomFieldKind,
    CustomValue,
    fold,
)
from commtrak_sqlalchemy._db import Db
from commtrak_sqlalchemy._references import after_pair

__all__ = ["SqlCustomFields"]


def _definition_values(definition: CustomFieldDefinition) -> dict[str, Any]:
    return {
        "id": definition.id,
        "name": definition.name,
        "name_key": fold(definition.name),
        "kind": definition.kind.value,
        "owner": str(definition.owner),
        "choices": list(definition.choices),
        "archived": definition.archived,
    }


def _definition(row: Row[Any]) -> CustomFieldDefinition:
    return CustomFieldDefinition(
        id=row.id,
        name=row.name,
        kind=CustomFieldKind(row.kind),
        owner=row.owner,
        choices=tuple(row.choices),
        archived=bool(row.archived),
    )


def _as_text(value: object) -> str:
    """Store every value as exact text; the definition's kind reads it back."""
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


def _typed(kind: str, text: str) -> str | datetime.date | decimal.Decimal:
    if kind == CustomFieldKind.DATE.value:
        return datetime.date.fromisoformat(text)
    if kind == CustomFieldKind.NUMBER.value:
        return decimal.Decimal(text)
    return text


class SqlCustomFields:
    """Custom fields in a SQL database (see :class:`commtrak.ports.CustomFieldRepository`).

    Values are stored as exact text (ISO dates, decimal numbers) keyed by field and
    owner, and typed again from their definition's kind when read.
    """

    def __init__(self, db: Db) -> None:
        self._db = db
        self._fields = db.tables.custom_fields
        self._values = db.tables.custom_values

    def add_definition(self, definition: CustomFieldDefinition) -> None:
        """Insert a definition."""
        self._db.run(self._fields.insert().values(_definition_values(definition)))

    def update_definition(self, definition: CustomFieldDefinition) -> None:
        """Rewrite a definition's row."""
        statement = self._fields.update().where(self._fields.c.id == definition.id)
        if not self._db.run(statement.values(_definition_values(definition))):
            raise NotFound("custom_field", definition.id)

    def definition(self, field_id: uuid.UUID) -> CustomFieldDefinition:
        """Read one definition."""
        row = self._db.by_id(self._fields, field_id)
        if row is None:
            raise NotFound("custom_field", field_id)
        return _definition(row)

    def definitions(self, owner: str) -> list[CustomFieldDefinition]:
        """Read the definitions for one owner kind by folded name."""
        statement = (
            select(self._fields)
            .where(self._fields.c.owner == str(owner))
            .order_by(self._fields.c.name_key, self._fields.c.id)
        )
        return [_definition(row) for row in self._db.rows(statement)]

    def put_value(self, value: CustomValue) -> None:
        """Insert or replace the owner's value of the field (delete, then insert)."""
        self._db.run(self._values.delete().where(self._key(value.field_id, value.owner_id)))
        self._db.run(
            self._values.insert().values(
                field_id=value.field_id,
                owner_id=value.owner_id,
                value=_as_text(value.value),
                archived=value.archived,
            )
        )

    def values(self, owner_id: uuid.UUID) -> list[CustomValue]:
        """Read an owner's values, by field id."""
        statement = self._typed_values().where(self._values.c.owner_id == owner_id)
        return self._read(statement.order_by(self._values.c.field_id))

    def scan_values(
        self, after: tuple[uuid.UUID, uuid.UUID] | None, limit: int
    ) -> list[CustomValue]:
        """Read the next batch of values by (field id, owner id)."""
        column = self._values.c
        statement = self._typed_values().order_by(column.field_id, column.owner_id).limit(limit)
        if after is not None:
            statement = statement.where(after_pair(column.field_id, column.owner_id, after))
        return self._read(statement)

    def archive_values(self, field_id: uuid.UUID, owner_id: uuid.UUID | None) -> int:
        """Archive values in one statement."""
        statement = self._values.update().where(
            self._matching(field_id, owner_id), self._values.c.archived == false()
        )
        return self._db.run(statement.values(archived=True))

    def erase_values(self, field_id: uuid.UUID | None, owner_id: uuid.UUID | None) -> int:
        """Delete values for good in one statement."""
        return self._db.run(self._values.delete().where(self._matching(field_id, owner_id)))

    def _key(self, field_id: uuid.UUID, owner_id: uuid.UUID) -> Any:
        return and_(self._values.c.field_id == field_id, self._values.c.owner_id == owner_id)

    def _matching(self, field_id: uuid.UUID | None, owner_id: uuid.UUID | None) -> Any:
        conditions: list[ColumnElement[bool]] = [true()]
        if field_id is not None:
            conditions.append(self._values.c.field_id == field_id)
        if owner_id is not None:
            conditions.append(self._values.c.owner_id == owner_id)
        return and_(*conditions)

    def _typed_values(self) -> Select[Any]:
        joined = self._values.join(self._fields, self._fields.c.id == self._values.c.field_id)
        return select(self._values, self._fields.c.kind).select_from(joined)

    def _read(self, statement: Select[Any]) -> list[CustomValue]:
        return [
            CustomValue(
                field_id=row.field_id,
                owner_id=row.owner_id,
                value=_typed(row.kind, row.value),
                archived=bool(row.archived),
            )
            for row in self._db.rows(statement)
        ]
