"""commtrak's schema migrations, run with Alembic.

The migration scripts live in this package; their version table is
``{prefix}alembic_version``, so that they never meet the host application's own
Alembic history. Run them from Python::

    from commtrak_sqlalchemy.migrations import upgrade
    upgrade(engine)                      # or upgrade(engine, tables=define_tables(prefix=...))

A store opened with ``create_tables=True`` (the default) creates missing tables from the
table definitions directly and records them as migrated to the newest revision, so
later migrations apply to it too.
"""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy.engine import Connection, Engine

from commtrak_sqlalchemy.tables import SqlTables, define_tables

__all__ = ["SCRIPT_LOCATION", "config", "current_revision", "stamp", "upgrade"]

#: Where Alembic finds the migration scripts.
SCRIPT_LOCATION = "commtrak_sqlalchemy:migrations"


def version_table(tables: SqlTables) -> str:
    """Return the name of the table Alembic records commtrak's revision in."""
    return f"{tables.prefix}alembic_version"


def config(connection: Connection, tables: SqlTables) -> Config:
    """Return an Alembic configuration that migrates *tables* over *connection*."""
    alembic_config = Config()
    alembic_config.set_main_option("script_location", SCRIPT_LOCATION)
    alembic_config.attributes["connection"] = connection
    alembic_config.attributes["tables"] = tables
    return alembic_config


def upgrade(engine: Engine, *, tables: SqlTables | None = None, revision: str = "head") -> None:
    """Migrate the database to *revision* (the newest by default)."""
    tables = define_tables() if tables is None else tables
    with engine.begin() as connection:
        command.upgrade(config(connection, tables), revision)


def downgrade(engine: Engine, *, tables: SqlTables | None = None, revision: str = "base") -> None:
    """Migrate the database back to *revision* (to no commtrak tables by default)."""
    tables = define_tables() if tables is None else tables
    with engine.begin() as connection:
        command.downgrade(config(connection, tables), revision)


def stamp(connection: Connection, tables: SqlTables, revision: str = "head") -> None:
    """Record that the database is at *revision* without running anything."""
    command.stamp(config(connection, tables), revision)


def current_revision(connection: Connection, tables: SqlTables) -> str | None:
    """Return the revision the database is at, or ``None`` if it was never migrated."""
    context = MigrationContext.configure(
        connection,
        opts={
            "version_table": version_table(tables),
            "version_table_schema": tables.groups.schema,
        },
    )
    return context.get_current_revision()
