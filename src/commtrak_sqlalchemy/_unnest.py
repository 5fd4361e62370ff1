"""Many rows inserted by one PostgreSQL statement that takes one array per column.

An executemany sends one ``INSERT`` per row: even pipelined, PostgreSQL parses, plans
and runs each, and the driver adapts each row's parameters apart. Here the rows travel
as one array per column, and one statement, always the same for a table and set of
columns, reads them back as a table: ``INSERT INTO t (a, b) SELECT unnest(:a),
unnest(:b)`` (twice as fast for a merge's 10,000 journal rows).

Each array is bound with its column's own type (``uuid[]``, ``varchar[]``...), so every
value is processed as a single row's would be. JSON columns travel as their JSON text,
cast back to ``json`` one element at a time (an array of lists would otherwise be read
as one array of more dimensions). The statements are built once per table and columns
and compiled once by SQLAlchemy's cache. Other databases have no ``unnest``; there
:meth:`~commtrak_sqlalchemy._db.Db.insert_many` sends the rows as one executemany.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import JSON, ColumnElement, Insert, Table, Text, bindparam, cast, func
from sqlalchemy import select as select_
from sqlalchemy.dialects import postgresql
from sqlalchemy.types import TypeDecorator, TypeEngine

__all__ = ["unnest_insert"]


def unnest_insert(
    table: Table, rows: Sequence[dict[str, Any]]
) -> tuple[Insert, dict[str, list[Any]]]:
    """The statement that inserts *rows* (each with the same keys), and its parameters.

    Args:
        table: The table written.
        rows: The rows, by column name; at least one.
    """
    keys = tuple(rows[0])
    return _insert(table, keys), _arrays(table, keys, rows)


def _json_type(column_type: TypeEngine[Any]) -> JSON | None:
    """The column's JSON type, directly or under a type decorator; ``None`` if not JSON."""
    if isinstance(column_type, TypeDecorator):
        column_type = column_type.impl_instance
    return column_type if isinstance(column_type, JSON) else None


def _arrays(
    table: Table, keys: tuple[str, ...], rows: Sequence[dict[str, Any]]
) -> dict[str, list[Any]]:
    """The rows as one array parameter per column (JSON columns as their text).

    A ``None`` in a JSON column is SQL ``NULL`` or JSON ``null`` as the column's type
    says (``none_as_null``), as SQLAlchemy would write it for one row.
    """
    arrays: dict[str, list[Any]] = {}
    for key in keys:
        values = [row[key] for row in rows]
        json_type = _json_type(table.c[key].type)
        if json_type is not None:
            null = None if json_type.none_as_null else "null"
            values = [null if value is None else json.dumps(value) for value in values]
        arrays[f"a_{key}"] = values
    return arrays


def _unnested(table: Table, key: str) -> ColumnElement[Any]:
    """``unnest(:a_key)`` of the column's type, labelled with the column's name."""
    column_type = table.c[key].type
    if _json_type(column_type) is not None:
        texts = bindparam(f"a_{key}", type_=postgresql.ARRAY(Text()))
        return cast(func.unnest(texts), column_type).label(key)
    return func.unnest(bindparam(f"a_{key}", type_=postgresql.ARRAY(column_type))).label(key)


@functools.cache
def _insert(table: Table, keys: tuple[str, ...]) -> Insert:
    source = select_(*(_unnested(table, key) for key in keys))
    return table.insert().from_select(list(keys), source)
