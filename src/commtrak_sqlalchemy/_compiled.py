"""Hot reads compiled once per dialect and run straight on the driver's cursor.

A read by primary key or a navigation seek costs the database a few microseconds; going
through SQLAlchemy's ``Connection.execute`` costs several times that (the statement
cache key, an execution context, a result object, ``Row`` objects), which dominates a
service call. A :class:`CompiledSelect` does that work once: it compiles its Core
``SELECT`` for a dialect the first time it runs there, keeps the SQL text, the order of
its parameters and the type processors of its binds and result columns, and from then
on a call is one ``cursor.execute`` with the values converted as SQLAlchemy would have
converted them, and the rows handed to the repository's converter as tuples.

What SQLAlchemy would have done around the statement still happens:

* driver exceptions become SQLAlchemy's (``DBAPIError.instance``, parameters hidden)
  inside :meth:`ErrorTranslator.translating
  <commtrak_sqlalchemy.errors.ErrorTranslator.translating>`, so callers see the same
  commtrak errors; a lost connection is invalidated, as SQLAlchemy does;
* when anyone watches the connection's statements as its transaction begins (a
  ``before_cursor_execute`` or ``after_cursor_execute`` listener, or SQL logging such
  as ``echo``), the statement runs through ``Connection.execute`` instead, so that
  every listener and every log line sees it as before. Statement counts are the same
  either way.

Statements that expand at run time (``IN`` lists) do not belong here.
"""

from __future__ import annotations

import contextlib
import threading
import weakref
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, exc
from sqlalchemy.engine import Dialect

from commtrak_sqlalchemy._db import Db

__all__ = ["CompiledSelect"]

T = TypeVar("T")

_Processor = Callable[[Any], Any]


class _Plan:
    """One statement compiled for one dialect: SQL text, parameter order, processors."""

    __slots__ = ("binds", "defaults", "names", "results", "sql")

    def __init__(self, statement: Select[Any], dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        if compiled.literal_execute_params or compiled.post_compile_params:
            raise ValueError("a CompiledSelect cannot expand parameters at run time")
        self.sql = compiled.string
        #: The bind names in SQL order for a positional paramstyle, else ``None``.
        self.names: tuple[str, ...] | None = (
            tuple(compiled.positiontup) if compiled.positiontup is not None else None
        )
        #: Values fixed when the statement was built (a ``LIMIT``), by bind name.
        self.defaults = {
            name: bind.effective_value for name, bind in compiled.binds.items() if not bind.required
        }
        self.binds: dict[str, _Processor] = {}
        for name, bind in compiled.binds.items():
            processor = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if processor is not None:
                self.binds[name] = processor
        self.results: tuple[tuple[int, _Processor], ...] = tuple(
            (index, processor)
            for index, column in enumerate(statement.selected_columns)
            if (processor := column.type.dialect_impl(dialect).result_processor(dialect, None))
            is not None
        )

    def values(self, parameters: Mapping[str, Any]) -> Sequence[Any] | dict[str, Any]:
        """Return the driver's parameters: defaults overridden, processed, ordered."""
        merged = {**self.defaults, **parameters} if self.defaults else parameters
        binds = self.binds
        if self.names is None:
            return {
                name: binds[name](value) if name in binds else value
                for name, value in merged.items()
            }
        return [binds[name](merged[name]) if name in binds else merged[name] for name in self.names]

    def row(self, raw: Sequence[Any]) -> tuple[Any, ...]:
        """Return *raw* with each result column converted as SQLAlchemy converts it."""
        if not self.results:
            return tuple(raw)
        values = list(raw)
        for index, processor in self.results:
            value = values[index]
            if value is not None:  # every processor returns None for None
                values[index] = processor(value)
        return tuple(values)


class CompiledSelect(Generic[T]):
    """A ``SELECT`` built once, compiled once per dialect, run on the driver's cursor.

    Args:
        statement: The Core statement, with named ``bindparam`` parameters and no
            run-time expansion.
        convert: Builds the result (an entity) from one row, given as a tuple in the
            order of the statement's columns.
    """

    def __init__(self, statement: Select[Any], convert: Callable[[Sequence[Any]], T]) -> None:
        self.statement = statement
        self._convert = convert
        self._plans: weakref.WeakKeyDictionary[Dialect, _Plan] = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()

    def all(self, db: Db, parameters: Mapping[str, Any]) -> list[T]:
        """Run the statement with *parameters* and convert every row."""
        convert = self._convert
        return [convert(row) for row in self._rows(db, parameters)]

    def first(self, db: Db, parameters: Mapping[str, Any]) -> T | None:
        """Run the statement with *parameters*; convert its first row, or return ``None``."""
        rows = self._rows(db, parameters)
        return self._convert(rows[0]) if rows else None

    def plan(self, dialect: Dialect) -> _Plan:
        """Return the statement compiled for *dialect*, compiling it the first time."""
        plan = self._plans.get(dialect)
        if plan is None:
            with self._lock:
                plan = self._plans.get(dialect)
                if plan is None:
                    plan = self._plans[dialect] = _Plan(self.statement, dialect)
        return plan

    def _rows(self, db: Db, parameters: Mapping[str, Any]) -> Sequence[Sequence[Any]]:
        connection = db.connection
        if db.watched:
            with db.errors.translating():
                return connection.execute(self.statement, dict(parameters)).all()
        plan = self.plan(connection.dialect)
        values = plan.values(parameters)
        cursor = db.cursor()
        try:
            cursor.execute(plan.sql, values)
            fetched = cursor.fetchall()
        except db.driver_error as error:
            # Translated only when it fails: entering the translator costs as much as
            # binding the parameters.
            with db.errors.translating():
                raise _driver_failure(db, plan.sql, values, error) from error
        return [plan.row(raw) for raw in fetched]


def _driver_failure(db: Db, sql: str, values: Any, error: Exception) -> exc.StatementError:
    """Return the SQLAlchemy exception for *error*, invalidating a lost connection."""
    dialect = db.connection.dialect
    connection = db.connection
    lost = False
    with contextlib.suppress(Exception):
        lost = dialect.is_disconnect(
            error,  # type: ignore[arg-type]
            connection.connection.dbapi_connection,
            None,
        )
    if lost:
        with contextlib.suppress(Exception):
            connection.invalidate(error)
    return exc.DBAPIError.instance(
        sql,
        values,
        error,
        db.driver_error,
        hide_parameters=True,
        connection_invalidated=lost,
        dialect=dialect,
    )
