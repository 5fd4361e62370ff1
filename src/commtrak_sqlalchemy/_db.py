"""One transaction's connection, through which every statement runs translated."""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Executable, Row, Select, Table, bindparam, select
from sqlalchemy.engine import Connection, Dialect

from commtrak.errors import Conflict
from commtrak_sqlalchemy._unnest import unnest_insert
from commtrak_sqlalchemy.errors import ErrorTranslator
from commtrak_sqlalchemy.tables import SqlTables

__all__ = ["Db"]


class Db:
    """A connection, the tables, and the error translation every repository shares.

    Each method runs one statement and reads its whole result inside
    :meth:`ErrorTranslator.translating`, so no driver exception escapes a repository.

    Args:
        connection: The transaction's connection.
        tables: The tables to query.
        errors: The translator of driver exceptions.
        row_locks: Whether ``for_update`` reads lock rows (``SELECT ... FOR UPDATE``).
        search_index: Whether SQLite's FTS5 index of group names exists.
    """

    def __init__(
        self,
        connection: Connection,
        tables: SqlTables,
        errors: ErrorTranslator,
        *,
        row_locks: bool,
        search_index: bool = False,
    ) -> None:
        self.connection = connection
        self.search_index = search_index
        self.tables = tables
        self.errors = errors
        self.dialect_name = connection.dialect.name
        self.row_locks = row_locks and self.dialect_name != "sqlite"
        #: The driver's base exception class (PEP 249 ``Error``).
        self.driver_error: type[Exception] = connection.dialect.loaded_dbapi.Error
        dispatch = connection.dispatch
        #: Whether anyone watches this connection's statements: a cursor listener or
        #: SQL logging (``echo``), as they stand when the transaction begins.
        #: :class:`~commtrak_sqlalchemy._compiled.CompiledSelect` then runs its
        #: statements through SQLAlchemy, so that every listener and log line sees them.
        self.watched = bool(
            dispatch.before_cursor_execute or dispatch.after_cursor_execute
        ) or connection.engine.logger.isEnabledFor(logging.INFO)
        self._cursor: Any = None

    def cursor(self) -> Any:
        """Return the transaction's own driver cursor, made on first use.

        Every read through it fetches its whole result before the next one runs, so one
        cursor serves the whole transaction; it closes with the connection.
        """
        if self._cursor is None:
            with self.errors.translating():
                self._cursor = self.connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        return self._cursor

    def close_cursor(self) -> None:
        """Close the driver cursor, if one was made; the transaction calls it as it ends."""
        cursor, self._cursor = self._cursor, None
        if cursor is not None:
            with contextlib.suppress(Exception):
                cursor.close()

    def rows(self, statement: Select[Any]) -> Sequence[Row[Any]]:
        """Return every row of *statement*."""
        with self.errors.translating():
            return self.connection.execute(statement).all()

    def first(
        self, statement: Select[Any], parameters: dict[str, Any] | None = None
    ) -> Row[Any] | None:
        """Return the first row of *statement* (with bound *parameters*), or ``None``."""
        with self.errors.translating():
            return self.connection.execute(statement, parameters).first()

    def run(
        self,
        statement: Executable,
        parameters: Sequence[dict[str, Any]] | dict[str, Any] | None = None,
        *,
        foreign_key: Conflict | None = None,
    ) -> int:
        """Run a writing *statement* and return how many rows it matched.

        Args:
            statement: An ``INSERT``, ``UPDATE`` or ``DELETE``.
            parameters: Values for the statement (a list runs it as an executemany).
            foreign_key: What a foreign-key violation means here (see
                :meth:`ErrorTranslator.translating`).
        """
        with self.errors.translating(foreign_key=foreign_key):
            return self.connection.execute(statement, parameters).rowcount

    def insert_many(
        self,
        table: Table,
        rows: Sequence[dict[str, Any]],
        *,
        foreign_key: Conflict | None = None,
    ) -> None:
        """Insert *rows* (each with the same keys) with one statement.

        On PostgreSQL the rows travel as one array per column to one ``INSERT ...
        SELECT unnest(...)`` (see :mod:`commtrak_sqlalchemy._unnest`). Elsewhere they go as
        one executemany of an ``INSERT`` compiled once per table and set of columns, each
        value bound by its column type's own processor, so that a batch of thousands of
        rows costs the driver's executemany and little more: SQLAlchemy's per-row
        parameter processing would cost more than the database's work.

        A row refused (a taken id) raises the translated error and leaves none of them
        written; the transaction goes on (the insert runs in a savepoint).
        """
        if not rows:
            return
        with self.errors.translating(foreign_key=foreign_key), self.connection.begin_nested():
            if self.dialect_name == "postgresql":
                self.connection.execute(*unnest_insert(table, rows))
                return
            insert = _insert(table, tuple(rows[0]), self.connection.dialect)
            self.connection.exec_driver_sql(insert.sql, insert.parameters(rows))

    def by_id(self, table: Table, row_id: object, *, for_update: bool = False) -> Row[Any] | None:
        """Return the row of *table* whose ``id`` is *row_id*, locked with *for_update*.

        The statement is built once per table and lock mode, with a bound parameter: for a
        read of one row by its primary key, building the statement would cost more than
        running it.
        """
        locking = for_update and self.row_locks
        return self.first(_by_id(table, locking=locking), {"row_id": row_id})

    def locking(self, statement: Select[Any], for_update: bool) -> Select[Any]:
        """Return *statement*, made to lock its rows when *for_update* asks and locks are on."""
        return statement.with_for_update() if for_update and self.row_locks else statement


@functools.cache
def _by_id(table: Table, *, locking: bool) -> Select[Any]:
    """``SELECT * FROM table WHERE id = :row_id`` (``FOR UPDATE`` with *locking*), built once."""
    statement = select(table).where(table.c.id == bindparam("row_id", type_=table.c.id.type))
    return statement.with_for_update() if locking else statement


class _Insert:
    """An ``INSERT`` of some columns of a table, compiled for one dialect."""

    def __init__(self, table: Table, keys: tuple[str, ...], dialect: Dialect) -> None:
        compiled = table.insert().compile(dialect=dialect, column_keys=list(keys))
        self.sql = compiled.string
        names = list(compiled.positiontup or ()) if compiled.positional else list(keys)
        self._names = names
        self._positional = compiled.positional
        self._columns = [
            (name, table.c[name].type.dialect_impl(dialect).bind_processor(dialect))
            for name in names
        ]

    def parameters(self, rows: Sequence[dict[str, Any]]) -> list[Any]:
        """The driver's parameters for *rows*: tuples, or dictionaries by name."""
        columns = self._columns
        bound = [
            [row[name] if process is None else process(row[name]) for name, process in columns]
            for row in rows
        ]
        if self._positional:
            return [tuple(values) for values in bound]
        return [dict(zip(self._names, values, strict=True)) for values in bound]


@functools.cache
def _insert(table: Table, keys: tuple[str, ...], dialect: Dialect) -> _Insert:
    return _Insert(table, keys, dialect)
