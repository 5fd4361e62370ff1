"""A list of rows given to the database as one parameter, to read as a table.

A set-based write (update these reminders to these dates, insert these journal rows)
must not cost a statement per row nor an ``IN`` list that grows with the batch. Each
database can read a whole list from one bound value:

* PostgreSQL: ``unnest`` of one typed array per column;
* SQLite: ``json_each`` over a JSON array of rows;
* MariaDB/MySQL: ``JSON_TABLE`` over the same JSON array.

:func:`values_source` returns that list as a subquery with typed columns, which an
``UPDATE ... FROM``, an ``INSERT ... SELECT`` or an ``IN (SELECT ...)`` then reads:
one statement, whatever the number of rows.
"""

from __future__ import annotations

import datetime
import enum
import json
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Date, String, Subquery, column, text
from sqlalchemy.types import TypeEngine

from commtrak.model._text import MAX_TEXT
from commtrak_sqlalchemy._types import Id

__all__ = ["DATE", "ID", "TEXT", "values_source"]

#: The column kinds a source may hold: an id, a date, a short text.
ID, DATE, TEXT = "id", "date", "text"

_TYPES: dict[str, TypeEngine[Any]] = {ID: Id(), DATE: Date(), TEXT: String(MAX_TEXT)}
_MYSQL_DIALECTS = ("mysql", "mariadb")
_POSTGRESQL = {ID: "uuid[]", DATE: "date[]", TEXT: "text[]"}
_MYSQL = {
    ID: "VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin",
    DATE: "DATE",
    TEXT: f"VARCHAR({MAX_TEXT}) CHARACTER SET utf8mb4",
}


def _json(value: Any) -> Any:
    """One value as the JSON sources hold it: ids as 32 hex digits, dates as ISO text."""
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def values_source(
    dialect: str, name: str, columns: Sequence[tuple[str, str]], rows: Sequence[Sequence[Any]]
) -> Subquery:
    """The *rows* as a subquery called *name*, with *columns* (name, kind) in order.

    Args:
        dialect: The connection's dialect name.
        name: The subquery's alias.
        columns: Each column's name and kind (:data:`ID`, :data:`DATE`, :data:`TEXT`).
        rows: The rows, each a sequence of values in the order of *columns*.
    """
    names = [column_name for column_name, _ in columns]
    params: dict[str, Any]
    typed = [column(column_name, _TYPES[kind]) for column_name, kind in columns]
    if dialect == "postgresql":
        arrays = ", ".join(
            f"CAST(:{name}_{n} AS {_POSTGRESQL[kind]})" for n, (_, kind) in enumerate(columns)
        )
        clause = text(f"SELECT * FROM unnest({arrays}) AS {name}_rows({', '.join(names)})")
        params = {f"{name}_{n}": [_enum_value(row[n]) for row in rows] for n in range(len(columns))}
    else:
        document = json.dumps([[_json(value) for value in row] for row in rows])
        if dialect in _MYSQL_DIALECTS:
            spec = ", ".join(
                f"{column_name} {_MYSQL[kind]} PATH '$[{n}]'"
                for n, (column_name, kind) in enumerate(columns)
            )
            clause = text(
                f"SELECT * FROM JSON_TABLE(:{name}, '$[*]' COLUMNS ({spec})) AS {name}_rows"
            )
        else:
            picks = ", ".join(
                f"json_extract(value, '$[{n}]') AS {column_name}"
                for n, column_name in enumerate(names)
            )
            clause = text(f"SELECT {picks} FROM json_each(:{name})")
        params = {name: document}
    return clause.bindparams(**params).columns(*typed).subquery(name)


def _enum_value(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value
