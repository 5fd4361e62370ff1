"""How entities become JSON and back.

commtrak's entities are frozen attrs classes, so cattrs converts them to plain
dictionaries and back; only ids (UUIDs) and timestamps (aware datetimes) need to be told
how to become text. Converting by the classes' own fields, rather than by a list of field
names written here, means a field that commtrak adds later is stored without a change to
this backend.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import cattrs

from commtrak import Contact, Customer, CustomerGroup

__all__ = ["EMPTY", "Rows", "dump", "load"]

#: The version of the file layout, written into every file and checked on reading.
FORMAT_VERSION = 1

_converter = cattrs.Converter()
_converter.register_unstructure_hook(uuid.UUID, str)
_converter.register_structure_hook(uuid.UUID, lambda value, _: uuid.UUID(value))
_converter.register_unstructure_hook(datetime.datetime, datetime.datetime.isoformat)
_converter.register_structure_hook(
    datetime.datetime, lambda value, _: datetime.datetime.fromisoformat(value)
)


class Rows:
    """The rows of one store, by id: what a transaction reads and writes."""

    def __init__(
        self,
        customers: dict[uuid.UUID, Customer] | None = None,
        groups: dict[uuid.UUID, CustomerGroup] | None = None,
        contacts: dict[uuid.UUID, Contact] | None = None,
    ) -> None:
        self.customers = customers or {}
        self.groups = groups or {}
        self.contacts = contacts or {}

    def copy(self) -> Rows:
        """Return a copy to restore later; entities are frozen, so they are shared."""
        return Rows(dict(self.customers), dict(self.groups), dict(self.contacts))

    def restore(self, copy: Rows) -> None:
        """Go back to the state of *copy*."""
        self.customers, self.groups, self.contacts = copy.customers, copy.groups, copy.contacts


#: The document of an empty store.
EMPTY: dict[str, Any] = {
    "format": "commtrak-jsonfile",
    "version": FORMAT_VERSION,
    "customers": [],
    "groups": [],
    "contacts": [],
}


def dump(rows: Rows) -> dict[str, Any]:
    """Return the JSON document of *rows*, each table sorted by id for stable diffs."""

    def table(items: dict[uuid.UUID, Any]) -> list[Any]:
        return [_converter.unstructure(items[key]) for key in sorted(items, key=str)]

    return EMPTY | {
        "customers": table(rows.customers),
        "groups": table(rows.groups),
        "contacts": table(rows.contacts),
    }


def load(document: dict[str, Any]) -> Rows:
    """Return the rows of a JSON document written by :func:`dump`.

    Raises:
        ValueError: when the document is not a store of this format and version.
    """
    if document.get("format") != "commtrak-jsonfile" or document.get("version") != FORMAT_VERSION:
        raise ValueError("not a commtrak-jsonfile store of version 1")
    customers = _converter.structure(document["customers"], list[Customer])
    groups = _converter.structure(document["groups"], list[CustomerGroup])
    contacts = _converter.structure(document["contacts"], list[Contact])
    return Rows(
        {row.id: row for row in customers},
        {row.id: row for row in groups},
        {row.id: row for row in contacts},
    )
