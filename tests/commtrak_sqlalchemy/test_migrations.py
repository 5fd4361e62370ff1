"""The Alembic migrations produce exactly the schema of the table definitions."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, inspect
from sqlalchemy.schema import SchemaItem

from commtrak import Actor, Store
from commtrak_sqlalchemy import migrations
from commtrak_sqlalchemy.backend import SqlBackend
from commtrak_sqlalchemy.tables import SqlTables, define_tables


def _head() -> str:
    """The one head of the revision history (two would mean a broken chain)."""
    config = Config()
    config.set_main_option("script_location", migrations.SCRIPT_LOCATION)
    scripts = ScriptDirectory.from_config(config)
    heads = scripts.get_heads()
    assert len(heads) == 1, heads
    return str(heads[0])


#: The newest revision.
HEAD = _head()


@pytest.fixture
def engine(shared_url: str) -> Iterator[Engine]:
    engine = create_engine(shared_url)
    yield engine
    engine.dispose()


@pytest.fixture
def tables(engine: Engine) -> Iterator[SqlTables]:
    """Tables with their own prefix, dropped before and after the test."""
    tables = define_tables(prefix="mig_")
    migrations.downgrade(engine, tables=tables)
    _drop_leftovers(engine, tables)
    yield tables
    _drop_leftovers(engine, tables)


def _drop_leftovers(engine: Engine, tables: SqlTables) -> None:
    tables.metadata.drop_all(engine, checkfirst=True)
    with engine.begin() as connection:
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {migrations.version_table(tables)}")


def _ours(tables: SqlTables, connection: Connection) -> Any:
    """Compare commtrak's tables only, and only the indexes made on this database.

    Alembic does not know ``Index.ddl_if()``; the condition is asked here instead.
    """
    names = {table.name for table in tables.all}

    def include(
        item: SchemaItem, name: str | None, kind: str, reflected: bool, compare_to: Any
    ) -> bool:
        if kind == "table":
            return name in names
        condition = getattr(item, "_ddl_if", None)
        if kind == "index" and not reflected and condition is not None:
            return bool(condition.callable_(None, item, connection, dialect=connection.dialect))
        return True

    return include


def _differences(engine: Engine, tables: SqlTables) -> list[Any]:
    with engine.connect() as connection, warnings.catch_warnings():
        # Alembic cannot compare computed columns' expressions, and says so.
        warnings.simplefilter("ignore")
        context = MigrationContext.configure(
            connection, opts={"include_object": _ours(tables, connection), "compare_type": True}
        )
        return list(compare_metadata(context, tables.metadata))


def test_migrations_build_the_schema_of_the_table_definitions(
    engine: Engine, tables: SqlTables
) -> None:
    migrations.upgrade(engine, tables=tables)
    assert _differences(engine, tables) == []
    with engine.connect() as connection:
        assert migrations.current_revision(connection, tables) == HEAD
    backend = SqlBackend(engine, tables=tables)
    with Store(backend).session(actor=Actor.system()) as s:
        s.groups.create("Migrated")
    migrations.downgrade(engine, tables=tables)
    assert not {t.name for t in tables.all} & set(inspect(engine).get_table_names())


def test_a_store_created_on_open_is_stamped_at_the_newest_revision(
    engine: Engine, tables: SqlTables
) -> None:
    SqlBackend(engine, tables=tables)
    with engine.connect() as connection:
        assert migrations.current_revision(connection, tables) == HEAD
    assert _differences(engine, tables) == []


def test_a_downgrade_and_upgrade_again_build_the_same_schema(
    engine: Engine, tables: SqlTables
) -> None:
    migrations.upgrade(engine, tables=tables)
    migrations.downgrade(engine, tables=tables, revision="-1")
    migrations.upgrade(engine, tables=tables)
    assert _differences(engine, tables) == []
