"""Column types that store commtrak values identically on SQLite, PostgreSQL and MariaDB.

Each type exists so that a comparison the database makes gives the same answer as the
one Python makes in the in-memory backend:

* :class:`Id` sorts like ``str(uuid)``: native ``uuid`` on PostgreSQL (its byte order is
  the order of the hex text), 32 ASCII hex digits compared bytewise elsewhere;
* :class:`FoldedKey` holds a :func:`commtrak.model.fold` key and compares it code point
  by code point, never with a language collation (and, on MariaDB, without PAD SPACE,
  which would make ``"a"`` equal ``"a "``);
* :class:`UtcDateTime` stores timezone-aware UTC datetimes to the microsecond.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from sqlalchemy import CHAR, JSON, DateTime, String
from sqlalchemy.dialects import mysql, postgresql
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

from commtrak.model._text import MAX_KEY

__all__ = ["KEY_LENGTH", "FoldedKey", "Id", "JsonList", "UtcDateTime", "is_mysql"]

#: The longest folded key a key column holds. Folding can lengthen a name (``ß`` becomes
#: ``ss``); 750 characters is what fits, with two ids, in one MariaDB index entry
#: (3072 bytes at four bytes a character). The model refuses a text whose key is longer
#: (:data:`commtrak.model._text.MAX_KEY`), so that every backend refuses it alike.
KEY_LENGTH = MAX_KEY


def is_mysql(dialect: Dialect) -> bool:
    """Return whether *dialect* speaks to MySQL or MariaDB."""
    return dialect.name in ("mysql", "mariadb")


class Id(TypeDecorator[uuid.UUID]):
    """A library-made UUID, ordered like its text."""

    impl = CHAR(32)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.UUID(as_uuid=True))
        if is_mysql(dialect):
            # VARCHAR, not CHAR: MariaDB refuses stored generated columns over CHAR.
            return dialect.type_descriptor(
                mysql.VARCHAR(32, charset="ascii", collation="ascii_bin")
            )
        return dialect.type_descriptor(CHAR(32))

    def process_bind_param(self, value: uuid.UUID | None, dialect: Dialect) -> Any:
        if value is None or dialect.name == "postgresql":
            return value
        return value.hex

    def result_processor(self, dialect: Dialect, coltype: Any) -> Any:
        """On PostgreSQL, the native ``uuid`` column's own processor (none with psycopg).

        Its values are UUIDs already, so leaving out the per-value call matters when a
        report reads tens of thousands of ids; elsewhere the text becomes a UUID.
        """
        if dialect.name == "postgresql":
            return self.impl_instance.result_processor(dialect, coltype)
        return super().result_processor(dialect, coltype)

    def process_result_value(self, value: Any, dialect: Dialect) -> uuid.UUID | None:
        if value is None or isinstance(value, uuid.UUID):
            return value
        return uuid.UUID(value)


class FoldedKey(TypeDecorator[str]):
    """A folded key, compared code point by code point on every database."""

    impl = String(KEY_LENGTH)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(String(KEY_LENGTH, collation="C"))
        if is_mysql(dialect):
            # MariaDB's _nopad_bin, MySQL 8's _0900_bin: code point order, NO PAD.
            mariadb = getattr(dialect, "is_mariadb", False) or dialect.name == "mariadb"
            collation = "utf8mb4_nopad_bin" if mariadb else "utf8mb4_0900_bin"
            return dialect.type_descriptor(
                mysql.VARCHAR(KEY_LENGTH, charset="utf8mb4", collation=collation)
            )
        # SQLite's default BINARY collation compares UTF-8 bytes: code point order.
        return dialect.type_descriptor(String(KEY_LENGTH))


class UtcDateTime(TypeDecorator[datetime.datetime]):
    """A timezone-aware UTC datetime, stored as naive UTC with microseconds."""

    impl = DateTime()
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if is_mysql(dialect):
            return dialect.type_descriptor(mysql.DATETIME(fsp=6))
        return dialect.type_descriptor(DateTime())

    def process_bind_param(self, value: datetime.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        return value.astimezone(datetime.UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime.datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime.datetime)
        return value.replace(tzinfo=datetime.UTC)


class JsonList(TypeDecorator[list[Any]]):
    """A JSON list, read without parsing when it is empty (as most contacts' lists are).

    Reading thousands of contacts at once (finding duplicates, exporting) spends much
    of its time decoding their four small JSON lists; most are ``[]``.
    """

    impl = JSON
    cache_ok = True

    def result_processor(self, dialect: Dialect, coltype: object) -> Any:
        decode = super().result_processor(dialect, coltype)
        if decode is None:  # the driver decodes JSON itself (psycopg)
            return None

        def process(value: Any) -> Any:
            return [] if value == "[]" else decode(value)

        return process
