"""Creating commtrak's tables in a database that lacks them."""

from __future__ import annotations

from sqlalchemy import exc, inspect
from sqlalchemy.engine import Engine

from commtrak_sqlalchemy.dialects import create_extensions
from commtrak_sqlalchemy.errors import ErrorTranslator
from commtrak_sqlalchemy.search import create_sqlite_search_index, has_sqlite_search_index
from commtrak_sqlalchemy.tables import SqlTables

__all__ = ["create_missing_tables"]


def create_missing_tables(engine: Engine, tables: SqlTables) -> None:
    """Create those of commtrak's tables (and their indexes) that do not exist yet.

    Existing tables are left as they are; changing them is the migrations' work (see
    :mod:`commtrak_sqlalchemy.migrations`). A new schema is recorded as migrated to the
    newest revision, so that later migrations apply to it. On
    PostgreSQL it first tries to create the ``pg_trgm`` extension that group search's
    index needs. Two processes opening a new database at once may race to create the
    tables; the loser finds them made and goes on.

    Raises:
        BackendUnavailable: when the database does not answer or refuses.
    """
    with ErrorTranslator(tables).translating():
        try:
            _create(engine, tables)
        except (exc.IntegrityError, exc.ProgrammingError, exc.OperationalError):
            _create(engine, tables)  # another process created some of them meanwhile


def _create(engine: Engine, tables: SqlTables) -> None:
    with engine.begin() as connection:
        existing = set(inspect(connection).get_table_names(schema=tables.groups.schema))
        missing = [table for table in tables.all if table.name not in existing]
        if missing:
            create_extensions(connection)
            tables.metadata.create_all(connection, tables=missing)
        if len(missing) == len(tables.all):
            from commtrak_sqlalchemy.migrations import stamp

            stamp(connection, tables)
        if not has_sqlite_search_index(connection, tables):
            create_sqlite_search_index(connection, tables)
