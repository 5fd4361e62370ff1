"""The merge journal: one row per merged duplicate set, and the contacts it names."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import Row, Select, select

from commtrak.model import MergeJournalEntry
from commtrak_sqlalchemy._db import Db
from commtrak_sqlalchemy._references import scan

__all__ = ["SqlJournal"]


def _values(entry: MergeJournalEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "group_id": entry.group_id,
        "at": entry.at,
        "by": entry.by,
        "email_key": entry.email_key,
        "survivor_id": entry.survivor_id,
        "archived_ids": [str(contact_id) for contact_id in entry.archived_ids],
        "changed_fields": {name: list(values) for name, values in entry.changed_fields.items()},
        "moved_references": dict(entry.references),
    }


def _entry(row: Row[Any]) -> MergeJournalEntry:
    fields = row._mapping
    return MergeJournalEntry(
        id=fields["id"],
        group_id=fields["group_id"],
        at=fields["at"],
        by=fields["by"],
        email_key=fields["email_key"],
        survivor_id=fields["survivor_id"],
        archived_ids=tuple(uuid.UUID(text) for text in fields["archived_ids"]),
        changed_fields=dict(fields["changed_fields"]),
        references=dict(fields["moved_references"]),
    )


class SqlJournal:
    """The merge journal in a SQL database (see :class:`commtrak.ports.JournalRepository`).

    Each entry's row is written with one row per contact it names (the survivor and
    the archived duplicates), so a contact's entries are an index read, not a scan of
    JSON.
    """

    def __init__(self, db: Db) -> None:
        self._db = db
        self._table = db.tables.journal
        self._contacts = db.tables.journal_contacts

    def add(self, entries: Sequence[MergeJournalEntry]) -> None:
        """Insert the entries and the contacts they name: two statements."""
        if not entries:
            return
        self._db.insert_many(self._table, [_values(entry) for entry in entries])
        named = [
            {"entry_id": entry.id, "contact_id": contact_id}
            for entry in entries
            for contact_id in dict.fromkeys((entry.survivor_id, *entry.archived_ids))
        ]
        self._db.insert_many(self._contacts, named)

    def for_group(self, group_id: uuid.UUID) -> list[MergeJournalEntry]:
        """Read a group's entries, oldest first."""
        return self._read(select(self._table).where(self._table.c.group_id == group_id))

    def for_contact(self, contact_id: uuid.UUID) -> list[MergeJournalEntry]:
        """Read the entries that name a contact, oldest first."""
        named = select(self._contacts.c.entry_id).where(self._contacts.c.contact_id == contact_id)
        return self._read(select(self._table).where(self._table.c.id.in_(named)))

    def erase_for_contacts(self, contact_ids: Collection[uuid.UUID]) -> int:
        """Delete the entries naming any of the contacts: one read, two deletes."""
        if not contact_ids:
            return 0
        named = self._contacts.c
        entries = [
            row[0]
            for row in self._db.rows(
                select(named.entry_id).where(named.contact_id.in_(list(contact_ids))).distinct()
            )
        ]
        if not entries:
            return 0
        self._db.run(self._contacts.delete().where(named.entry_id.in_(entries)))
        return self._db.run(self._table.delete().where(self._table.c.id.in_(entries)))

    def scan(self, after: uuid.UUID | None, limit: int) -> list[MergeJournalEntry]:
        """Read the next batch of entries by id."""
        return [_entry(row) for row in self._db.rows(scan(self._table, after, limit))]

    def _read(self, statement: Select[Any]) -> list[MergeJournalEntry]:
        ordered = statement.order_by(self._table.c.at, self._table.c.id)
        return [_entry(row) for row in self._db.rows(ordered)]
