"""The data-sheet repository: templates, their assignment to customers, and the sheets."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping
from typing import Any

from sqlalchemy import Row, select

from commtrak.errors import NotFound
from commtrak.model import fold
from commtrak.model.data_sheets import (
    DataSheet,
    DataSheetStatus,
    DataSheetTemplate,
    PortalTemplates,
)
from commtrak_sqlalchemy._db import Db
from commtrak_sqlalchemy._owned import CustomerRows
from commtrak_sqlalchemy._references import count_references, repoint, scan

__all__ = ["SqlDataSheets"]

_SHEET_FIELDS = (
    "id",
    "template_id",
    "customer_id",
    "contact_id",
    "status",
    "created_at",
    "modified_at",
    "ticket_id",
)


def _sheet_values(sheet: DataSheet) -> dict[str, Any]:
    values = {field: getattr(sheet, field) for field in _SHEET_FIELDS}
    values["status"] = str(sheet.status)
    values["values"] = dict(sheet.values)
    return values


def _sheet(row: Row[Any]) -> DataSheet:
    fields = dict(row._mapping)
    fields["status"] = DataSheetStatus(fields["status"])
    return DataSheet(**fields)


def _template(row: Row[Any]) -> DataSheetTemplate:
    return DataSheetTemplate(id=row.id, name=row.name, fields=tuple(row.fields))


def _assignment(row: Row[Any]) -> PortalTemplates:
    return PortalTemplates(
        customer_id=row.customer_id,
        template_ids=tuple(uuid.UUID(value) for value in row.template_ids),
        tickets_from_email=row.tickets_from_email,
    )


class SqlDataSheets(CustomerRows):
    """Templates, assignments and sheets (see ``DataSheetRepository``)."""

    def __init__(self, db: Db) -> None:
        self._db = db
        self._templates = db.tables.portal.templates
        self._assignments = db.tables.portal.assignments
        self._table = db.tables.portal.sheets

    def add_template(self, template: DataSheetTemplate) -> None:
        """Insert the template; the unique index refuses a taken folded name."""
        self._db.run(
            self._templates.insert().values(
                id=template.id,
                name=template.name,
                name_key=fold(template.name),
                fields=list(template.fields),
            )
        )

    def get_template(self, template_id: uuid.UUID) -> DataSheetTemplate:
        """Read the template."""
        row = self._db.by_id(self._templates, template_id)
        if row is None:
            raise NotFound("data_sheet_template", template_id)
        return _template(row)

    def templates(self) -> list[DataSheetTemplate]:
        """Read every template, by folded name then id."""
        table = self._templates
        statement = select(table).order_by(table.c.name_key, table.c.id)
        return [_template(row) for row in self._db.rows(statement)]

    def portal_templates(self, customer_id: uuid.UUID) -> PortalTemplates | None:
        """Read the customer's assignment, if any."""
        table = self._assignments
        row = self._db.first(select(table).where(table.c.customer_id == customer_id))
        return None if row is None else _assignment(row)

    def erase_portal_templates(self, customer_id: uuid.UUID) -> int:
        """Delete the customer's template assignment: one statement."""
        table = self._assignments
        return self._db.run(table.delete().where(table.c.customer_id == customer_id))

    def set_portal_templates(self, assignment: PortalTemplates) -> None:
        """Rewrite the customer's assignment, inserting it the first time."""
        table = self._assignments
        values = {
            "template_ids": [str(template_id) for template_id in assignment.template_ids],
            "tickets_from_email": assignment.tickets_from_email,
        }
        where = table.c.customer_id == assignment.customer_id
        if not self._db.run(table.update().where(where).values(values)):
            self._db.run(table.insert().values(customer_id=assignment.customer_id, **values))

    def add(self, sheet: DataSheet) -> None:
        """Insert the sheet."""
        self._db.run(self._table.insert().values(_sheet_values(sheet)))

    def get(self, sheet_id: uuid.UUID, *, for_update: bool = False) -> DataSheet:
        """Read the sheet, locking its row with *for_update*."""
        row = self._db.by_id(self._table, sheet_id, for_update=for_update)
        if row is None:
            raise NotFound("data_sheet", sheet_id)
        return _sheet(row)

    def update(self, sheet: DataSheet) -> None:
        """Rewrite the sheet's row."""
        table = self._table
        if not self._db.run(
            table.update().where(table.c.id == sheet.id).values(_sheet_values(sheet))
        ):
            raise NotFound("data_sheet", sheet.id)

    def for_contact(self, contact_id: uuid.UUID) -> list[DataSheet]:
        """Read the sheets a contact filled in, oldest first, then by id."""
        table = self._table
        statement = (
            select(table)
            .where(table.c.contact_id == contact_id)
            .order_by(table.c.created_at, table.c.id)
        )
        return [_sheet(row) for row in self._db.rows(statement)]

    def count_contacts(self, contact_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, int]:
        """Count the sheets of each contact (one grouped query)."""
        return count_references(self._db, self._table.c.contact_id, contact_ids)

    def repoint_contacts(self, mapping: Mapping[uuid.UUID, uuid.UUID]) -> int:
        """Give each duplicate's sheets to its survivor (one ``UPDATE``)."""
        return repoint(self._db, self._table.c.contact_id, mapping)

    def scan(self, after: uuid.UUID | None, limit: int) -> list[DataSheet]:
        """Read the next *limit* sheets in id order after *after*."""
        return [_sheet(row) for row in self._db.rows(scan(self._table, after, limit))]

    def scan_portal_templates(self, after: uuid.UUID | None, limit: int) -> list[PortalTemplates]:
        """Read the next *limit* assignments in customer-id order after *after*."""
        table = self._assignments
        statement = select(table).order_by(table.c.customer_id).limit(limit)
        if after is not None:
            statement = statement.where(table.c.customer_id > after)
        return [_assignment(row) for row in self._db.rows(statement)]
