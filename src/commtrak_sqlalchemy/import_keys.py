"""The import-key repository: the keys of the rows bulk imports wrote."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence

from sqlalchemy import select

from commtrak.model.import_keys import ImportKey
from commtrak_sqlalchemy._db import Db
from commtrak_sqlalchemy._references import MAX_PARAMETERS, chunks

__all__ = ["SqlImportKeys"]


class SqlImportKeys:
    """Import keys in a SQL database (see :class:`commtrak.ports.ImportKeyRepository`).

    The key is the primary key, so two processes importing one row cannot both write
    it: the second gets ``key``/``unique_import_key`` and its batch rolls back.
    """

    def __init__(self, db: Db) -> None:
        self._db = db
        self._table = db.tables.import_keys

    def add_many(self, keys: Sequence[ImportKey]) -> None:
        """Insert the keys with one executemany."""
        if keys:
            self._db.insert_many(
                self._table,
                [{"key": k.key, "kind": k.kind, "record_id": k.record_id} for k in keys],
            )

    def find(self, keys: Collection[str]) -> dict[str, uuid.UUID]:
        """Read the stored keys among *keys*: one ``SELECT`` per 30,000 keys."""
        column = self._table.c
        found: dict[str, uuid.UUID] = {}
        for chunk in chunks(sorted(set(keys)), MAX_PARAMETERS):
            statement = select(column.key, column.record_id).where(column.key.in_(chunk))
            found.update((row.key, row.record_id) for row in self._db.rows(statement))
        return found
