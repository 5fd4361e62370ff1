"""What differs between SQLite, PostgreSQL and MariaDB/MySQL, in one place.

* **Engines.** A URL without a driver gets the one commtrak's extras install
  (``psycopg``, ``pymysql``). In-memory SQLite keeps one connection for the whole store
  (every connection would otherwise see its own empty database).
* **Locking.** SQLite takes the write lock when a transaction begins
  (``BEGIN IMMEDIATE``, through SQLAlchemy's ``connect`` and ``begin`` events), and
  waits up to the busy timeout for it, so that concurrent writers queue instead of
  failing with "database is locked" halfway through. PostgreSQL and MariaDB lock rows
  with ``SELECT ... FOR UPDATE``; MariaDB runs at READ COMMITTED, as PostgreSQL does, so
  that a statement after a lock wait sees what the other transaction committed.
* **Substring search.** SQLite's ``LIKE`` ignores ASCII case, so there ``instr()``
  matches; elsewhere an escaped ``LIKE`` on a binary-collated column, which PostgreSQL
  answers from the ``pg_trgm`` index.
* **The Head Office lookup** uses the partial unique index on PostgreSQL and SQLite and
  the generated column's unique index on MariaDB.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, FromClause, and_, event, exc, func, text, true
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.pool import ConnectionPoolEntry, StaticPool

from commtrak_sqlalchemy._types import is_mysql

__all__ = [
    "BUSY_TIMEOUT",
    "DEFAULT_DRIVERS",
    "contains",
    "create_extensions",
    "engine_options",
    "head_office_of",
    "hiding_parameters",
    "install_sqlite_locking",
    "is_memory_sqlite",
    "prepare_connection",
    "with_default_driver",
]

#: Seconds a SQLite writer waits for another writer's lock before giving up.
BUSY_TIMEOUT = 30.0

#: The driver a URL without one gets, by database.
DEFAULT_DRIVERS = {"postgresql": "psycopg", "mysql": "pymysql", "mariadb": "pymysql"}

_ESCAPE = "/"


def with_default_driver(url: str) -> str:
    """Return *url* with the driver commtrak's extras install if it names none."""
    scheme, separator, rest = url.partition("://")
    if separator and "+" not in scheme and scheme.lower() in DEFAULT_DRIVERS:
        return f"{scheme}+{DEFAULT_DRIVERS[scheme.lower()]}://{rest}"
    return url


def is_memory_sqlite(url: str) -> bool:
    """Return whether *url* names an in-memory SQLite database."""
    parsed = make_url(url)
    return parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:")


def engine_options(url: str) -> dict[str, Any]:
    """Return the ``create_engine`` keyword arguments commtrak needs for *url*.

    Every engine hides statement parameters from its log and its exception messages
    (``hide_parameters``): they include portal password hashes, sealed TOTP secrets and
    token digests (and the customers' own data). An engine the host passes is used
    through :func:`hiding_parameters`, to the same effect.
    """
    return {"hide_parameters": True, **_dialect_options(url)}


def hiding_parameters(engine: Engine) -> Engine:
    """Return *engine*, or a view of it that hides statement parameters as commtrak's do.

    For an engine the host application made without ``hide_parameters``: commtrak runs
    its statements through an option engine (``engine.execution_options()``) on the same
    pool, dialect and events, whose log lines (``echo`` included) and exception messages
    say ``[SQL parameters hidden due to hide_parameters=True]`` instead of the values.
    The host's own statements on its engine are logged as it chose.
    """
    if engine.hide_parameters:
        return engine
    hiding = engine.execution_options()
    hiding.hide_parameters = True
    return hiding


def _dialect_options(url: str) -> dict[str, Any]:
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        connect_args: dict[str, Any] = {"check_same_thread": False, "timeout": BUSY_TIMEOUT}
        if is_memory_sqlite(url):
            return {"poolclass": StaticPool, "connect_args": connect_args}
        return {"connect_args": connect_args}
    if backend in ("mysql", "mariadb"):
        return {"pool_pre_ping": True, "isolation_level": "READ COMMITTED"}
    return {"pool_pre_ping": True}


def install_sqlite_locking(engine: Engine) -> None:
    """Make every transaction on a SQLite *engine* begin with ``BEGIN IMMEDIATE``.

    pysqlite would otherwise begin transactions itself, lazily and deferred; handing
    transaction control to SQLAlchemy's ``begin`` event is the documented way to choose
    the ``BEGIN``. It also turns on foreign keys, which SQLite leaves off by default.
    """
    if engine.dialect.name != "sqlite" or getattr(engine, "_commtrak_locking", False):
        return

    def on_connect(dbapi_connection: DBAPIConnection, record: ConnectionPoolEntry) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
        cursor.close()

    def on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    event.listen(engine, "connect", on_connect)
    event.listen(engine, "begin", on_begin)
    engine._commtrak_locking = True  # type: ignore[attr-defined]
    engine.pool.dispose()  # connections made before the listener lack the settings


def prepare_connection(connection: Connection) -> Connection:
    """Return *connection* set up for a commtrak transaction (before it begins)."""
    if is_mysql(connection.dialect):
        return connection.execution_options(isolation_level="READ COMMITTED")
    return connection


def contains(column: ColumnElement[str], fragment: str, dialect_name: str) -> ColumnElement[bool]:
    """Return a condition: *column* contains *fragment*, literally and case-sensitively."""
    if dialect_name == "sqlite":
        found: ColumnElement[bool] = func.instr(column, fragment) > 0
        return found
    escaped = (
        fragment.replace(_ESCAPE, _ESCAPE * 2)
        .replace("%", _ESCAPE + "%")
        .replace("_", _ESCAPE + "_")
    )
    return column.like(f"%{escaped}%", escape=_ESCAPE)


def head_office_of(customers: FromClause, group_id: Any, dialect_name: str) -> ColumnElement[bool]:
    """Return the condition selecting the Head Office row of the group *group_id*."""
    if dialect_name in ("mysql", "mariadb"):
        by_column: ColumnElement[bool] = customers.c.head_office_group == group_id
        return by_column
    return and_(customers.c.group_id == group_id, customers.c.is_head_office == true())


def create_extensions(connection: Connection) -> None:
    """Create the ``pg_trgm`` extension on PostgreSQL if the role may; else go without.

    Without it, group search still works (an escaped ``LIKE``), only without an index.
    """
    if connection.dialect.name != "postgresql":
        return
    savepoint = connection.begin_nested()
    try:
        connection.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except exc.DBAPIError:
        savepoint.rollback()
    else:
        savepoint.commit()
