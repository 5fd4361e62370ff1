"""Alembic's environment for commtrak's migrations: always online, on a given connection."""

from __future__ import annotations

from alembic import context

from commtrak_sqlalchemy.migrations import version_table
from commtrak_sqlalchemy.tables import SqlTables

tables: SqlTables = context.config.attributes["tables"]
context.configure(
    connection=context.config.attributes["connection"],
    target_metadata=tables.metadata,
    version_table=version_table(tables),
    version_table_schema=tables.groups.schema,
)
with context.begin_transaction():
    context.run_migrations()
