"""One ``UPDATE`` joined to a list of id pairs, in a statement that never grows with it.

A merge moves references from duplicates to survivors: every row whose column names an
old id gets the new one. Spelled as ``CASE col WHEN :old THEN :new ... END WHERE col IN
(...)``, the statement grows with the mapping; 10,000 pairs are 30,000 bind parameters
that the database parses and SQLAlchemy compiles anew each time. Here the pairs travel
as one or two parameters, and the statement, always the same, joins them as a table:

* **PostgreSQL**: two ``uuid[]`` arrays, ``unnest(:olds, :news) AS pairs(old, new)``;
* **MariaDB/MySQL**: a JSON array of ``[old, new]`` pairs, read by ``JSON_TABLE``
  (MariaDB 10.6, MySQL 8) into ASCII columns, so that the join uses the id's index;
* **SQLite**: the same JSON, read by ``json_each`` (``UPDATE ... FROM``, SQLite 3.33).

The statement is built once per column and compiled once by SQLAlchemy's cache. A
MariaDB older than 10.6 (or MySQL older than 8.0) has no ``JSON_TABLE``: there the pairs
go as ``CASE`` statements of at most 10,000 pairs each, as before.
"""

from __future__ import annotations

import functools
import json
import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import (
    Column,
    FromClause,
    String,
    Update,
    bindparam,
    case,
    column,
    func,
    select,
    text,
)
from sqlalchemy.dialects import postgresql

from commtrak_sqlalchemy._db import Db

__all__ = ["update_from_pairs"]

#: Pairs per ``CASE`` statement where the pairs cannot be joined (three binds a pair).
_CASE_PAIRS = 10_000

#: The columns of MariaDB's ``JSON_TABLE``: ids as 32 ASCII hex digits, compared as the
#: id columns compare (``ascii_bin``); another collation would keep the index unused.
_MYSQL_PAIRS = (
    "SELECT pairs.old, pairs.new FROM JSON_TABLE(:pairs, '$[*]' COLUMNS ("
    "old VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin PATH '$[0]', "
    "new VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin PATH '$[1]')) AS pairs"
)


def update_from_pairs(
    db: Db,
    match: Column[Any],
    pairs: Mapping[uuid.UUID, uuid.UUID],
    *,
    target: Column[Any] | None = None,
    values: Mapping[str, Any] | None = None,
) -> int:
    """Where *match* is a key of *pairs*, set *target* to its value; one statement.

    Args:
        db: The transaction.
        match: The id column compared with each pair's old id.
        pairs: Old id to new id.
        target: The column set to the new id (*match* itself unless told).
        values: Further columns to set on every matched row, by name, to one value each.

    Returns:
        How many rows matched.
    """
    if not pairs:
        return 0
    target = match if target is None else target
    fixed = dict(values or {})
    if not _joins_pairs(db):
        return _by_case(db, match, target, pairs, fixed)
    statement = _statement(db.dialect_name, match, target, tuple(sorted(fixed)))
    parameters = {f"set_{name}": value for name, value in fixed.items()}
    if db.dialect_name == "postgresql":
        parameters["olds"] = list(pairs)
        parameters["news"] = list(pairs.values())
    else:
        parameters["pairs"] = json.dumps([[old.hex, new.hex] for old, new in pairs.items()])
    return db.run(statement, parameters)


def _joins_pairs(db: Db) -> bool:
    """Whether the database reads the pairs as a table (not MariaDB < 10.6, MySQL < 8)."""
    dialect = db.connection.dialect
    if db.dialect_name not in ("mysql", "mariadb"):
        return True
    version = dialect.server_version_info or (0,)
    return version >= ((10, 6) if getattr(dialect, "is_mariadb", False) else (8, 0))


def _by_case(
    db: Db,
    match: Column[Any],
    target: Column[Any],
    pairs: Mapping[uuid.UUID, uuid.UUID],
    fixed: dict[str, Any],
) -> int:
    """The pairs as ``CASE match WHEN :old THEN :new ... END``, 10,000 per statement."""
    ordered = sorted(pairs.items(), key=lambda pair: str(pair[0]))
    moved = 0
    for start in range(0, len(ordered), _CASE_PAIRS):
        chunk = ordered[start : start + _CASE_PAIRS]
        new = case(
            {
                bindparam(None, old, type_=match.type): bindparam(None, new, type_=match.type)
                for old, new in chunk
            },
            value=match,
        )
        statement = (
            match.table.update()
            .where(match.in_([old for old, _ in chunk]))
            .values({target: new, **{match.table.c[name]: value for name, value in fixed.items()}})
        )
        moved += db.run(statement)
    return moved


@functools.cache
def _statement(
    dialect_name: str, match: Column[Any], target: Column[Any], names: tuple[str, ...]
) -> Update:
    """``UPDATE table SET target = pairs.new, ... FROM pairs WHERE match = pairs.old``."""
    table = match.table
    source = _pairs(dialect_name)
    assignments: dict[Any, Any] = {target: source.c.new}
    for name in names:
        assignments[table.c[name]] = bindparam(f"set_{name}", type_=table.c[name].type)
    return table.update().where(match == source.c.old).values(assignments)


def _pairs(dialect_name: str) -> FromClause:
    """The pairs as a table with the columns ``old`` and ``new``, for *dialect_name*."""
    if dialect_name == "postgresql":
        ids = postgresql.ARRAY(postgresql.UUID(as_uuid=True))
        return (
            func.unnest(bindparam("olds", type_=ids), bindparam("news", type_=ids))
            .table_valued(column("old"), column("new"))
            .render_derived(name="pairs")
        )
    if dialect_name in ("mysql", "mariadb"):
        return (
            text(_MYSQL_PAIRS)
            .bindparams(bindparam("pairs", type_=String))
            .columns(column("old", String), column("new", String))
            .subquery("pairs")
        )
    each = func.json_each(bindparam("pairs", type_=String)).table_valued("value")
    return select(
        func.json_extract(each.c.value, "$[0]").label("old"),
        func.json_extract(each.c.value, "$[1]").label("new"),
    ).subquery("pairs")
